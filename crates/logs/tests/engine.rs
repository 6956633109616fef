//! The engine over real inputs: chunked == sequential (proptest), every
//! format end to end, and the bad inputs that must never lose the report.

use flate2::write::GzEncoder;
use logs::{Analyzer, Format, Options, Plan, StatusFilter, TopConfig};
use proptest::prelude::*;
use std::io::Write;

fn plan() -> Plan {
    let mut p = Plan::all();
    p.brute_force = Some(logs::BruteForceConfig {
        window: 60,
        threshold: 4,
    });
    p.stuffing = Some(logs::StuffingConfig {
        min_users: 3,
        min_sources: 3,
    });
    p.scan = Some(logs::ScanConfig {
        window: 60,
        not_found: 4,
        distinct_paths: 5,
    });
    p.top = Some(TopConfig {
        status: StatusFilter::parse("4xx").unwrap(),
        n: 5,
        ..TopConfig::default()
    });
    p
}

fn run(data: &[u8], chunk: usize) -> serde_json::Value {
    let mut a = Analyzer::new(
        plan(),
        Options {
            chunk_size: chunk,
            year: 2024,
            ..Options::default()
        },
    );
    a.add_bytes("t.log", data);
    serde_json::to_value(a.finish()).unwrap()
}

fn clf(ts: i64) -> String {
    let d = ts.div_euclid(86_400);
    let (y, m, day) = logs::time::civil_from_days(d);
    let r = ts.rem_euclid(86_400);
    const M: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{day:02}/{}/{y}:{:02}:{:02}:{:02} +0000",
        M[m as usize - 1],
        r / 3600,
        r % 3600 / 60,
        r % 60
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any chunking gives the sequential answer, as long as per-source
    /// disorder stays under one window (here: jitter below 60 s).
    #[test]
    fn chunked_equals_sequential(
        evs in prop::collection::vec((0u8..5, 0i64..25, 0i64..60, 0u8..4, 0u8..6, 0u8..12), 1..250),
        chunk in 1usize..3000,
        malformed_every in 0usize..20,
    ) {
        let mut t = 1_709_424_000i64;
        let mut s = String::new();
        for (i, (src, dt, jitter, user, kind, path)) in evs.iter().enumerate() {
            t += dt;
            let status = [200, 401, 404, 401, 404, 200][*kind as usize];
            s.push_str(&format!(
                "10.0.0.{src} - u{user} [{}] \"GET /p{path}?x=1 HTTP/1.1\" {status} 12 \"-\" \"ua\"\n",
                clf(t - jitter)
            ));
            if malformed_every > 0 && i % malformed_every == 0 {
                s.push_str("garbage line\n");
            }
        }
        let seq = run(s.as_bytes(), usize::MAX / 4);
        let par = run(s.as_bytes(), chunk);
        prop_assert_eq!(&seq, &par);
        prop_assert_eq!(seq["events"].as_u64().unwrap(), evs.len() as u64);
    }
}

#[test]
fn counts_are_the_same_through_gzip_and_a_reader() {
    let mut s = String::new();
    for i in 0..5000 {
        s.push_str(&format!(
            "10.0.{}.{} - - [{}] \"GET /x HTTP/1.1\" {} 1\n",
            i % 7,
            i % 11,
            clf(1_709_424_000 + i / 3),
            if i % 5 == 0 { 401 } else { 404 }
        ));
    }
    let plain = run(s.as_bytes(), 4096);
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(s.as_bytes()).unwrap();
    let gz = gz.finish().unwrap();
    let from_gz = run(&gz, 4096);
    assert_eq!(plain["brute_force"], from_gz["brute_force"]);
    assert_eq!(plain["top"], from_gz["top"]);
    let mut a = Analyzer::new(
        plan(),
        Options {
            year: 2024,
            ..Options::default()
        },
    );
    a.add_reader("stdin", &mut s.as_bytes());
    let r = serde_json::to_value(a.finish()).unwrap();
    assert_eq!(plain["scans"], r["scans"]);
    assert_eq!(plain["lines"], 5000);
}

fn analyze(files: &[(&str, &[u8])], format: Option<Format>) -> logs::Analysis {
    let mut a = Analyzer::new(
        plan(),
        Options {
            format,
            year: 2024,
            chunk_size: 64,
            ..Options::default()
        },
    );
    for (n, d) in files {
        a.add_bytes(n, d);
    }
    a.finish()
}

const GOOD: &str = "1.2.3.4 - - [03/Mar/2024:10:00:00 +0000] \"POST /login HTTP/1.1\" 401 1\n";

#[test]
fn a_binary_file_is_an_input_error_and_the_others_are_still_reported() {
    let elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00";
    let good = GOOD.repeat(5);
    let a = analyze(&[("a.bin", elf), ("good.log", good.as_bytes())], None);
    let errs: Vec<String> = a.errors().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].starts_with("a.bin:1:5: error: this looks like a binary file"),
        "{}",
        errs[0]
    );
    assert_eq!(a.brute_force.len(), 1);
    assert_eq!(a.files[1].events, 5);
    // With --log-format the binary file is parsed anyway, line by line.
    let a = analyze(&[("a.bin", elf)], Some(Format::Combined));
    assert_eq!(a.errors().count(), 0);
    assert_eq!(a.malformed, 1);
    assert!(a.files[0].warnings[0].contains("binary"));
}

#[test]
fn a_truncated_last_line_is_parsed_and_a_cut_one_is_sampled() {
    let mut s = GOOD.repeat(4);
    s.push_str(GOOD.trim_end());
    let a = analyze(&[("t.log", s.as_bytes())], None);
    assert_eq!((a.events, a.malformed), (5, 0));
    assert!(a.files[0].warnings[0].contains("no newline"));
    let cut = &s[..s.len() - 30];
    let a = analyze(&[("t.log", cut.as_bytes())], None);
    assert_eq!((a.events, a.malformed), (4, 1));
    assert_eq!(a.malformed_samples[0].line, 5);
    assert_eq!(a.malformed_samples[0].file, "t.log");
}

#[test]
fn a_corrupt_gzip_member_is_skipped_and_the_next_one_read() {
    let member = |text: &str| {
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap()
    };
    let one = member(&GOOD.repeat(3));
    let mut two = member(&GOOD.repeat(50));
    let three = member(&GOOD.repeat(2));
    let mid = two.len() / 2;
    for b in &mut two[12..mid] {
        *b ^= 0x5a;
    }
    let all = [one.clone(), two, three.clone()].concat();
    let a = analyze(&[("x.gz", &all)], None);
    assert_eq!(a.events, 5, "members 1 and 3");
    let errs: Vec<String> = a.errors().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(errs[0].contains("corrupt or truncated"), "{}", errs[0]);
    assert!(errs[0].contains("resumed"), "{}", errs[0]);
    // A truncated last member: everything decoded before the cut is kept.
    let cut = [one, three[..three.len() - 10].to_vec()].concat();
    let a = analyze(&[("y.gz", &cut)], None);
    assert!(a.events >= 3, "{}", a.events);
    assert_eq!(a.errors().count(), 1);
}

#[test]
fn a_giant_line_is_malformed_in_constant_memory() {
    // 64 MiB without a newline through the streaming path, then a good line.
    struct Gen {
        left: usize,
        tail: &'static [u8],
    }
    impl std::io::Read for Gen {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left > 0 {
                let n = buf.len().min(self.left);
                buf[..n].fill(b'x');
                self.left -= n;
                return Ok(n);
            }
            let n = buf.len().min(self.tail.len());
            buf[..n].copy_from_slice(&self.tail[..n]);
            self.tail = &self.tail[n..];
            Ok(n)
        }
    }
    let mut g = Gen {
        left: 64 << 20,
        tail: b"\n1.2.3.4 - - [03/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 404 1\n",
    };
    let mut a = Analyzer::new(
        plan(),
        Options {
            format: Some(Format::Combined),
            chunk_size: 1 << 20,
            ..Options::default()
        },
    );
    a.add_reader("big", &mut g);
    let r = a.finish();
    assert_eq!((r.lines, r.events, r.malformed), (2, 1, 1));
    assert!(r.malformed_samples[0].reason.contains("longer than"));
    assert!(r.malformed_samples[0].excerpt.len() < 1000);
}

#[test]
fn invalid_json_in_a_cloudtrail_document_keeps_the_records_before_it() {
    let doc = r#"{
  "Records": [
    {"eventTime": "2024-03-03T10:00:00Z", "eventName": "ConsoleLogin", "sourceIPAddress": "1.1.1.1",
     "userIdentity": {"userName": "alice"}, "responseElements": {"ConsoleLogin": "Failure"}}
  ]
}
{
  "Records": [
    {"eventTime": "2024-03-03T10:00:01Z", "eventName": "ConsoleLogin", "sourceIPAddress": "1.1.1.1",
     "userIdentity": {"userName": "bob"} "responseElements": {}}
  ]
}
"#;
    let a = analyze(&[("ct.json", doc.as_bytes())], None);
    assert_eq!(a.files[0].format, Some(Format::Cloudtrail));
    assert_eq!(a.events, 1);
    let e: Vec<String> = a.errors().map(|d| d.to_string()).collect();
    assert!(
        e[0].starts_with("ct.json:10:42: error: invalid JSON"),
        "{}",
        e[0]
    );
}

#[test]
fn every_format_end_to_end() {
    let ssh = "Mar  3 10:00:00 h sshd[1]: Failed password for root from 5.5.5.5 port 1 ssh2\n\
               Mar  3 10:00:01 h sshd[1]: message repeated 4 times: [ Failed password for root from 5.5.5.5 port 1 ssh2]\n\
               Mar  3 10:00:02 h sshd[1]: Accepted password for root from 5.5.5.5 port 1 ssh2\n";
    let a = analyze(&[("auth.log", ssh.as_bytes())], None);
    assert_eq!(a.files[0].format, Some(Format::Ssh));
    assert_eq!(a.brute_force[0].failures, 5);
    assert_eq!(a.brute_force[0].successes, 1);
    let ct = r#"{"Records":[{"eventTime":"2024-03-03T10:00:00Z","eventName":"ListUsers","sourceIPAddress":"9.9.9.9","errorCode":"AccessDenied","userIdentity":{"userName":"mallory"}},{"eventTime":"2024-03-03T10:00:01Z","eventName":"ListRoles","sourceIPAddress":"9.9.9.9","errorCode":"AccessDenied","userIdentity":{"userName":"mallory"}}]}
{"eventTime":"2024-03-03T10:00:02Z","eventName":"GetUser","sourceIPAddress":"9.9.9.9","errorCode":"AccessDenied","userIdentity":{"userName":"mallory"}}
{"eventTime":"2024-03-03T10:00:03Z","eventName":"AssumeRole","sourceIPAddress":"9.9.9.9","errorCode":"AccessDenied","userIdentity":{"userName":"mallory"}}
"#;
    let a = analyze(&[("ct.jsonl", ct.as_bytes())], None);
    assert_eq!(a.files[0].format, Some(Format::Cloudtrail));
    assert_eq!((a.events, a.brute_force.len()), (4, 1));
    let cf = "#Version: 1.0\n#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status\n"
        .to_string()
        + &(0..6)
            .map(|i| format!("2024-03-03\t10:00:0{i}\tLAX1\t1\t7.7.7.7\tGET\th\t/p{i}\t404\n"))
            .collect::<String>();
    let a = analyze(&[("cf.log", cf.as_bytes())], None);
    assert_eq!(a.files[0].format, Some(Format::Cloudfront));
    assert_eq!(a.scans[0].source, "7.7.7.7");
    assert_eq!(a.scans[0].signals, vec!["404-burst", "path-burst"]);
}
