//! `keyword-search`: search a directory tree for sensitive keywords.
//!
//! The test writes a small tree under `data/` in the working directory;
//! the keywords come on stdin, one per line (blank lines ignored, spaces
//! around a keyword trimmed). Every line of every regular file under
//! `data/` (recursively) that contains a keyword, compared without regard
//! to ASCII case, is reported as `PATH:LINE` (the path as `data/...`, the
//! line 1-based), sorted by path as plain text, then by line number.
//! Lines are split on `\n`.
//!
//! Pure logic: the answer is computed here from the tree the generator
//! made. Edge cases: no keywords, a file without a final newline, nested
//! directories, upper-case matches, two keywords on one line (reported
//! once), an empty file, paths whose order differs between `a/` and `a.`.

use super::{fill, lines, Generator, TestInput};
use crate::Error;

pub struct KeywordSearch;

const WORDS: &[&str] = &[
    "password",
    "secret",
    "token",
    "api_key",
    "PRIVATE KEY",
    "user",
    "host",
    "port",
    "debug",
    "timeout",
    "name",
    "level",
];

fn tree(rng: &mut fastrand::Rng) -> Vec<(String, Vec<u8>)> {
    let dirs = [
        "data",
        "data/app",
        "data/app/config",
        "data/etc",
        "data/logs.old",
        "data/a",
    ];
    let names = [
        "settings.ini",
        "app.env",
        "notes.txt",
        "a.txt",
        "b.cfg",
        "deploy.yml",
    ];
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for _ in 0..rng.usize(1..8) {
        let path = format!(
            "{}/{}",
            dirs[rng.usize(0..dirs.len())],
            names[rng.usize(0..names.len())]
        );
        if files.iter().any(|(p, _)| *p == path) {
            continue;
        }
        let mut body = String::new();
        for _ in 0..rng.usize(0..12) {
            let a = WORDS[rng.usize(0..WORDS.len())];
            let b = WORDS[rng.usize(0..WORDS.len())];
            let word = if rng.bool() {
                a.to_uppercase()
            } else {
                a.to_string()
            };
            body.push_str(&format!("{word} = {b}{}\n", rng.u16(0..999)));
        }
        if rng.u8(0..4) == 0 {
            body.pop();
        }
        files.push((path, body.into_bytes()));
    }
    files
}

impl Generator for KeywordSearch {
    fn id(&self) -> &'static str {
        "keyword-search"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let fixed = |label: &str, stdin: &str, files: &[(&str, &str)]| TestInput {
            label: label.into(),
            stdin: stdin.as_bytes().to_vec(),
            files: files
                .iter()
                .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
                .collect(),
        };
        let mut v = vec![
            fixed("no keywords", "\n\n", &[("data/x.txt", "password=1\n")]),
            fixed(
                "case, nesting, no final newline, two keywords on a line",
                "password\n  token  \n",
                &[
                    (
                        "data/a.txt",
                        "PassWord: hunter2\nnothing here\ntoken and password",
                    ),
                    ("data/a/b.txt", "x\n\nAPI token\n"),
                    ("data/empty.txt", ""),
                ],
            ),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let mut kw = String::new();
            for _ in 0..rng.usize(1..4) {
                kw.push_str(WORDS[rng.usize(0..WORDS.len())]);
                kw.push('\n');
            }
            TestInput {
                label: format!("random {i}"),
                stdin: kw.into_bytes(),
                files: tree(rng),
            }
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let keywords: Vec<String> = input
            .text()
            .split('\n')
            .map(|k| k.trim().to_ascii_lowercase())
            .filter(|k| !k.is_empty())
            .collect();
        let mut files: Vec<&(String, Vec<u8>)> = input.files.iter().collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        let mut out = Vec::new();
        for (path, content) in files {
            let text = std::str::from_utf8(content).map_err(|_| Error::Engine {
                exercise: self.id().into(),
                message: format!("{path} is not UTF-8"),
            })?;
            for (i, line) in text.split('\n').enumerate() {
                let low = line.to_ascii_lowercase();
                if keywords.iter().any(|k| low.contains(k.as_str())) {
                    out.push(format!("{path}:{}", i + 1));
                }
            }
        }
        Ok(lines(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_case() {
        let g = KeywordSearch;
        let v = g.generate(0, 2);
        assert_eq!(g.answer(&v[0]).unwrap(), "");
        assert_eq!(
            g.answer(&v[1]).unwrap(),
            "data/a.txt:1\ndata/a.txt:3\ndata/a/b.txt:3\n"
        );
    }
}
