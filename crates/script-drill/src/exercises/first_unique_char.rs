//! `first-unique-char`: the first character of each line that occurs
//! exactly once in that line.
//!
//! Characters are Unicode code points, compared exactly (case matters:
//! `a` and `A` differ). Spaces are ignored: they are neither counted nor
//! answered. Output one line per input line: the character, or `(none)`.
//!
//! Pure logic: the answer is computed here in Rust. Edge cases: empty
//! input, an empty line, every character repeated, only the last unique,
//! case, non-ASCII letters, spaces.

use super::{fill, lines, Generator, TestInput};
use crate::Error;
use std::collections::HashMap;

pub struct FirstUniqueChar;

fn first_unique(line: &str) -> Option<char> {
    let mut count: HashMap<char, usize> = HashMap::new();
    for c in line.chars().filter(|&c| c != ' ') {
        *count.entry(c).or_default() += 1;
    }
    line.chars().find(|&c| c != ' ' && count[&c] == 1)
}

impl Generator for FirstUniqueChar {
    fn id(&self) -> &'static str {
        "first-unique-char"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin(
                "edge cases",
                "aabbcc\n\nswiss\naA\nabcabcd\nzz yy x\n  \néèé\nleetcode\nloveleetcode\n",
            ),
        ];
        const ALPHABET: &[char] = &['a', 'b', 'c', 'd', 'e', 'A', 'B', '1', '!', 'é', 'ß', ' '];
        fill(&mut v, seed, n, |rng, i| {
            let mut s = String::new();
            for _ in 0..rng.usize(1..30) {
                let len = rng.usize(0..25);
                let k = rng.usize(2..=ALPHABET.len());
                let line: String = (0..len).map(|_| ALPHABET[rng.usize(0..k)]).collect();
                s.push_str(&line);
                s.push('\n');
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let text = input.text();
        if text.is_empty() {
            return Ok(String::new());
        }
        let body = text.strip_suffix('\n').unwrap_or(text);
        Ok(lines(body.split('\n').map(|l| match first_unique(l) {
            Some(c) => c.to_string(),
            None => "(none)".to_string(),
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples() {
        assert_eq!(first_unique("swiss"), Some('w'));
        assert_eq!(first_unique("aabb"), None);
        assert_eq!(first_unique("aA"), Some('a'));
        assert_eq!(first_unique("zz yy x"), Some('x'));
        assert_eq!(first_unique("éèé"), Some('è'));
        assert_eq!(first_unique("loveleetcode"), Some('v'));
    }
}
