//! `aws-key-ids`: AWS access key ids in text.
//!
//! An id is 20 characters: `AKIA` (long-term) or `ASIA` (temporary)
//! followed by 16 characters of the base32 alphabet (`A`-`Z`, `2`-`7`), not
//! touching another letter or digit on either side. Ids containing
//! `EXAMPLE` (the AWS documentation's) and ids whose 16 characters are all
//! the same (padding) are not reported. Scanning a line goes left to right;
//! after a 20-character `AKIA`/`ASIA` shape the scan resumes after it
//! (reported or not). Output `LINE KIND ID` (`long-term` or `temporary`),
//! by line, then position.
//!
//! The expected answer is the `secrets` engine with only its
//! `aws-access-key-id` rule. Edge cases: lowercase, wrong alphabet (`0`,
//! `1`, `8`, `9`), 21 characters, a letter before, `AROA` role ids, the
//! documentation example, two ids on a line, an id at the end of a line
//! without a newline.

use super::{fill, lines, Generator, TestInput};
use crate::Error;

pub struct AwsKeyIds;

const B32: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

fn id(rng: &mut fastrand::Rng, prefix: &str) -> String {
    let mut s = prefix.to_string();
    for _ in 0..16 {
        s.push(B32[rng.usize(0..B32.len())] as char);
    }
    s
}

impl Generator for AwsKeyIds {
    fn id(&self) -> &'static str {
        "aws-key-ids"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin(
                "look-alikes and the documentation example",
                "key = AKIAIOSFODNN7EXAMPLE\n\
                 key = AKIAQYLPMN5HHHFPZ018\n\
                 key = AKIAQYLPMN5HHHFPZAM2X\n\
                 id = XAKIAQYLPMN5HHHFPZAM2\n\
                 role = AROAQYLPMN5HHHFPZAM2\n\
                 pad = AKIAAAAAAAAAAAAAAAAA\n\
                 lower = akiaqylpmn5hhhfpzam2\n",
            ),
            TestInput::stdin(
                "two on a line, quoted, last line without newline",
                "export AWS_ACCESS_KEY_ID=\"ASIAY34FZKBOKMUTVV7A\"\n\
                 creds: AKIAQYLPMN5HHHFPZAM2,AKIA2222333344445555 done\n\
                 (AKIAZZZZYYYYXXXXWWWW)",
            ),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let mut s = String::new();
            for _ in 0..rng.usize(0..25) {
                let word = match rng.u8(0..9) {
                    0 => id(rng, "ASIA"),
                    1 => id(rng, "AROA"),
                    2 => id(rng, "AKIA").to_lowercase(),
                    3 => format!("{}9", id(rng, "AKIA")),
                    4 => "AKIAIOSFODNN7EXAMPLE".to_string(),
                    5 => "hello world".to_string(),
                    _ => id(rng, "AKIA"),
                };
                let sep = [" = ", "=", ": ", " ", "\t", "\"", "/"][rng.usize(0..7)];
                s.push_str(&format!("line{}{sep}{word}", rng.u16(0..99)));
                if rng.bool() {
                    s.push_str(&format!(" {}", id(rng, "AKIA")));
                }
                s.push('\n');
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let engine = secrets::Engine::new(&secrets::Config {
            only_rules: vec![secrets::rules::aws_access_key::INFO.id.to_string()],
            ..secrets::Config::default()
        })
        .map_err(|e| Error::Engine {
            exercise: self.id().into(),
            message: e.to_string(),
        })?;
        let mut hits = engine.scan_bytes("input.txt", &input.stdin).hits;
        hits.sort_by_key(|h| (h.line, h.column));
        Ok(lines(hits.iter().map(|h| {
            let v = h.secret.expose();
            let kind = if v.starts_with("ASIA") {
                "temporary"
            } else {
                "long-term"
            };
            format!("{} {kind} {v}", h.line)
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_cases() {
        let g = AwsKeyIds;
        let v = g.generate(0, 3);
        assert_eq!(g.answer(&v[1]).unwrap(), "");
        assert_eq!(
            g.answer(&v[2]).unwrap(),
            "1 temporary ASIAY34FZKBOKMUTVV7A\n2 long-term AKIAQYLPMN5HHHFPZAM2\n2 long-term AKIA2222333344445555\n3 long-term AKIAZZZZYYYYXXXXWWWW\n"
        );
    }
}
