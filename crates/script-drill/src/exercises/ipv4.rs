//! `ipv4-validate`: is each line a valid dotted-quad IPv4 address?
//!
//! "Valid" is defined by Rust's `std::net::Ipv4Addr::from_str`: exactly
//! four decimal parts separated by dots, each 0 to 255, ASCII digits only,
//! no sign, no leading zero in a part of two or more digits (`01` would be
//! octal to some parsers), and no surrounding spaces. Output `valid` or
//! `invalid` per input line.
//!
//! Edge cases: empty input, an empty line, leading zeros, 256, too few and
//! too many parts, spaces, signs, non-ASCII digits, a trailing dot.

use super::{fill, lines, Generator, TestInput};
use crate::Error;
use std::net::Ipv4Addr;
use std::str::FromStr;

pub struct Ipv4;

const EDGE: &[&str] = &[
    "0.0.0.0",
    "255.255.255.255",
    "256.1.1.1",
    "1.2.3",
    "1.2.3.4.5",
    "01.2.3.4",
    "1.2.3.04",
    "1.2.3.0",
    "1.2.3.4.",
    ".1.2.3",
    "",
    " 1.2.3.4",
    "1.2.3.4 ",
    "+1.2.3.4",
    "1.-2.3.4",
    "1..3.4",
    "a.b.c.d",
    "1.2.3.٤",
    "192.168.1.1",
    "1000.1.1.1",
    "0x7f.0.0.1",
    "127.1",
];

impl Generator for Ipv4 {
    fn id(&self) -> &'static str {
        "ipv4-validate"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut all = EDGE.join("\n");
        all.push('\n');
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin("edge cases", all),
            TestInput::stdin("one valid, no final newline", "10.0.0.1"),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let mut s = String::new();
            for _ in 0..rng.usize(1..40) {
                let parts = if rng.u8(0..6) == 0 {
                    rng.usize(2..6)
                } else {
                    4
                };
                let p: Vec<String> = (0..parts)
                    .map(|_| match rng.u8(0..12) {
                        0 => format!("0{}", rng.u16(0..99)),
                        1 => rng.u16(256..1000).to_string(),
                        2 => String::new(),
                        3 => "x".into(),
                        _ => rng.u16(0..256).to_string(),
                    })
                    .collect();
                s.push_str(&p.join("."));
                s.push('\n');
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let text = input.text();
        let body = text.strip_suffix('\n').unwrap_or(text);
        if text.is_empty() {
            return Ok(String::new());
        }
        Ok(lines(body.split('\n').map(|l| {
            if Ipv4Addr::from_str(l).is_ok() {
                "valid".to_string()
            } else {
                "invalid".to_string()
            }
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges() {
        let g = Ipv4;
        let v = g.generate(0, 3);
        let a = g.answer(&v[1]).unwrap();
        let got: Vec<&str> = a.lines().collect();
        assert_eq!(got.len(), EDGE.len());
        assert_eq!(&got[..3], ["valid", "valid", "invalid"]);
        assert_eq!(got[5], "invalid", "leading zero");
        assert_eq!(got[7], "valid");
        assert_eq!(g.answer(&v[0]).unwrap(), "");
        assert_eq!(g.answer(&v[2]).unwrap(), "valid\n");
    }
}
