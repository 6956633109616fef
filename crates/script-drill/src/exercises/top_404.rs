//! `top-404-ips`: the ten client addresses with the most 404 responses in
//! an Apache/Nginx Combined (or Common) access log.
//!
//! Output: `IP COUNT` lines, count descending, ties by IP as text, at most
//! ten. Lines that are not in the log format are skipped.
//!
//! The expected answer is `logs::top_n` grouped by IP with the status
//! filter `404`, over the events the engine's own Combined parser
//! (`logs::parse::combined`) reads from the lines; a line it rejects is a
//! skipped line. Edge cases: empty input, no 404 at all, ties at the tenth
//! place, more than ten sources, malformed and truncated lines, 4040-like
//! sizes that are not statuses.

use super::{fill, lines, pool_ip, Generator, TestInput};
use crate::Error;
use logs::{parse::combined, parse::Ctx, GroupBy, StatusFilter, TopConfig};

pub struct Top404;

const PATHS: [&str; 6] = [
    "/",
    "/admin",
    "/wp-login.php",
    "/.env",
    "/api/v1/users?id=7",
    "/static/app.js",
];

fn line(ip: &str, sec: u32, path: &str, status: u16, size: u32) -> String {
    format!(
        "{ip} - - [12/Mar/2024:09:{:02}:{:02} +0000] \"GET {path} HTTP/1.1\" {status} {size} \"-\" \"curl/8.5\"\n",
        (sec / 60) % 60,
        sec % 60
    )
}

impl Generator for Top404 {
    fn id(&self) -> &'static str {
        "top-404-ips"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut v = vec![TestInput::stdin("empty input", "")];
        v.push(TestInput::stdin(
            "no 404 at all",
            line("10.0.0.1", 1, "/", 200, 4040) + &line("10.0.0.2", 2, "/x", 403, 404),
        ));
        // twelve sources, the 10th and 11th tied, so the tie decides
        let mut s = String::new();
        for k in 0..12u32 {
            let count = if k >= 9 { 2 } else { 12 - k };
            for j in 0..count {
                s.push_str(&line(
                    &format!("172.16.0.{}", 20 + k),
                    j,
                    "/missing",
                    404,
                    0,
                ));
            }
        }
        v.push(TestInput::stdin("tie at the tenth place", s));
        v.push(TestInput::stdin(
            "malformed lines are skipped",
            String::from("this is not a log line\n\n")
                + &line("10.9.9.9", 3, "/a", 404, 10)
                + "10.9.9.9 - - [12/Mar/2024:09:00:01 +0000] \"GET /cut HTTP/1.1\"\n"
                + "10.9.9.8 - - [bad time] \"GET / HTTP/1.1\" 404 0\n"
                + "10.9.9.7 - - [12/Mar/2024:09:00:01 +0000] \"GET / HTTP/1.1\" 40 0\n"
                + &line("10.9.9.9", 4, "/b", 404, 12),
        ));
        v.push(TestInput::stdin(
            "common format (no referer or agent)",
            "198.51.100.3 - bob [01/Jan/2024:00:00:00 +0100] \"GET /nope HTTP/1.0\" 404 -\n",
        ));
        fill(&mut v, seed, n, |rng, i| {
            let mut s = String::new();
            for j in 0..rng.u32(0..120) {
                let ip = pool_ip(rng, 30);
                let status = [200, 404, 404, 404, 301, 500, 403][rng.usize(0..7)];
                s.push_str(&line(
                    &ip,
                    j,
                    PATHS[rng.usize(0..PATHS.len())],
                    status,
                    rng.u32(0..9000),
                ));
                if rng.u8(0..40) == 0 {
                    s.push_str("- - [\n");
                }
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let mut ctx = Ctx::new(2024);
        let events: Vec<logs::Event<'_>> = input
            .stdin
            .split(|&b| b == b'\n')
            .filter_map(|l| combined::parse(l, &mut ctx).ok())
            .collect();
        let cfg = TopConfig {
            by: GroupBy::Ip,
            status: StatusFilter::parse("404").expect("a valid filter"),
            methods: Vec::new(),
            n: 10,
        };
        let r = logs::top_n(events, &cfg);
        Ok(lines(
            r.rows.into_iter().map(|r| format!("{} {}", r.key, r.count)),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tie_and_malformed() {
        let g = Top404;
        let v = g.generate(3, 5);
        let tie = g.answer(&v[2]).unwrap();
        assert_eq!(tie.lines().count(), 10);
        assert!(tie.ends_with("172.16.0.29 2\n"), "{tie}");
        assert_eq!(g.answer(&v[3]).unwrap(), "10.9.9.9 2\n");
        assert_eq!(g.answer(&v[1]).unwrap(), "");
    }
}
