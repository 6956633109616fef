//! `path-scan-detect`: sources scanning a web server for content.
//!
//! Input: `WINDOW NOT_FOUND DISTINCT_PATHS` on the first line, then
//! Combined/Common access-log lines (lines not in the format are skipped).
//! A source fires `404-burst` when some window `[t, t + WINDOW)` holds at
//! least NOT_FOUND of its 404 responses, and `path-burst` when some window
//! holds at least DISTINCT_PATHS *new failing paths*: each distinct path
//! (query string dropped) that got a status of 400 or more counts once, at
//! the first time it failed. Output `IP SIGNALS` (signals comma-joined,
//! `404-burst` first), sorted by IP as text.
//!
//! The expected answer is `logs::scan` (the `scan` detector of `barraiser
//! logs detect`) over the events the engine's Combined parser reads.
//! Edge cases: empty input, one broken link retried (many 404s, one path),
//! a word-list walk answered 403 (paths, no 404s), query strings that make
//! no new path, a 200 crawl (never counted), bursts one second too slow.

use super::{fill, lines, pool_ip, Generator, TestInput};
use crate::Error;
use logs::{parse::combined, parse::Ctx, ScanConfig};

pub struct PathScan;

fn line(ip: &str, t: u32, path: &str, status: u16) -> String {
    format!(
        "{ip} - - [05/Feb/2024:{:02}:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" {status} 512 \"-\" \"gobuster/3.6\"\n",
        t / 3600 % 24,
        t / 60 % 60,
        t % 60
    )
}

const WORDS: [&str; 12] = [
    "/.env",
    "/.git/config",
    "/admin",
    "/backup.zip",
    "/wp-login.php",
    "/phpmyadmin/",
    "/server-status",
    "/api/v1/debug",
    "/config.php.bak",
    "/.aws/credentials",
    "/console",
    "/test",
];

impl Generator for PathScan {
    fn id(&self) -> &'static str {
        "path-scan-detect"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut retry = String::from("60 5 3\n");
        for t in 0..10 {
            retry.push_str(&line("192.0.2.10", 100 + t, "/broken.png", 404));
        }
        let mut walk = String::from("60 5 3\n");
        for (t, w) in WORDS.iter().take(4).enumerate() {
            walk.push_str(&line("192.0.2.20", 200 + t as u32 * 10, w, 403));
            walk.push_str(&line(
                "192.0.2.20",
                201 + t as u32 * 10,
                &format!("{w}?x=1"),
                403,
            ));
        }
        let mut crawl = String::from("60 2 2\n");
        for (t, w) in WORDS.iter().enumerate() {
            crawl.push_str(&line("198.51.100.30", t as u32, w, 200));
        }
        let mut slow = String::from("10 3 3\n");
        for (t, w) in WORDS.iter().take(3).enumerate() {
            slow.push_str(&line("203.0.113.40", t as u32 * 5, w, 404));
            slow.push_str(&line("203.0.113.41", t as u32 * 4, w, 404));
        }
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin("one broken link retried", retry),
            TestInput::stdin("word list answered 403, with query strings", walk),
            TestInput::stdin("a crawl of 200s", crawl),
            TestInput::stdin("one second too slow against just in time", slow),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let window = [10, 30, 60][rng.usize(0..3)];
            let mut s = format!("{window} {} {}\n", rng.u8(2..6), rng.u8(2..6));
            let mut t = rng.u32(0..80_000);
            for _ in 0..rng.usize(0..80) {
                t += rng.u32(0..window as u32 / 3 + 1);
                let ip = pool_ip(rng, 6);
                let mut path = WORDS[rng.usize(0..WORDS.len())].to_string();
                if rng.u8(0..5) == 0 {
                    path.push_str(&format!("?id={}", rng.u8(0..9)));
                }
                let status = [200, 404, 404, 403, 500, 301, 401][rng.usize(0..7)];
                s.push_str(&line(&ip, t, &path, status));
                if rng.u8(0..30) == 0 {
                    s.push_str("junk line\n");
                }
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let text = input.text();
        let (head, body) = text.split_once('\n').unwrap_or((text, ""));
        if head.trim().is_empty() {
            return Ok(String::new());
        }
        let bad = || Error::Engine {
            exercise: "path-scan-detect".into(),
            message: "the first line is not `WINDOW NOT_FOUND DISTINCT_PATHS`".into(),
        };
        let nums: Vec<u64> = head
            .split_whitespace()
            .map(|x| x.parse().map_err(|_| bad()))
            .collect::<Result<_, _>>()?;
        let [window, not_found, distinct_paths] = nums[..] else {
            return Err(bad());
        };
        let cfg = ScanConfig {
            window: window as i64,
            not_found,
            distinct_paths,
        };
        let mut ctx = Ctx::new(2024);
        let events: Vec<logs::Event<'_>> = body
            .as_bytes()
            .split(|&b| b == b'\n')
            .filter_map(|l| combined::parse(l, &mut ctx).ok())
            .collect();
        let mut hits = logs::scan(events, cfg);
        hits.sort_by(|a, b| a.source.cmp(&b.source));
        Ok(lines(
            hits.into_iter()
                .map(|h| format!("{} {}", h.source, h.signals.join(","))),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_cases() {
        let g = PathScan;
        let v = g.generate(0, 5);
        assert_eq!(g.answer(&v[0]).unwrap(), "");
        assert_eq!(g.answer(&v[1]).unwrap(), "192.0.2.10 404-burst\n");
        assert_eq!(g.answer(&v[2]).unwrap(), "192.0.2.20 path-burst\n");
        assert_eq!(g.answer(&v[3]).unwrap(), "");
        assert_eq!(
            g.answer(&v[4]).unwrap(),
            "203.0.113.41 404-burst,path-burst\n"
        );
    }
}
