//! End-to-end tests of `barraiser logs`: snapshots of the outputs, exit
//! codes, and the bad inputs that must not lose the report (a binary file,
//! a 1 GiB line, a broken gzip, invalid CloudTrail JSON).

mod common;

use common::bin;
use serde_json::Value;
use std::fs;
use std::io::Write;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, &["logs"], args)
}

/// An auth.log with a brute force that ends in a success, a sprayer, a
/// quiet user and one malformed line.
fn auth_log() -> String {
    let mut s = String::new();
    for i in 0..12 {
        s.push_str(&format!(
            "Mar  3 10:00:{i:02} web1 sshd[100]: Failed password for root from 203.0.113.7 port 4{i:03} ssh2\n"
        ));
    }
    s.push_str("Mar  3 10:00:30 web1 sshd[100]: Accepted password for root from 203.0.113.7 port 4999 ssh2\n");
    for (i, u) in [
        "admin", "oracle", "test", "guest", "ubuntu", "pi", "git", "postgres", "ftp", "www",
    ]
    .iter()
    .enumerate()
    {
        s.push_str(&format!(
            "Mar  3 11:{i:02}:00 web1 sshd[200]: Invalid user {u} from 198.51.100.23 port 5{i:03}\n"
        ));
    }
    s.push_str("Mar  3 12:00:00 web1 sshd[300]: Accepted publickey for deploy from 10.0.0.5 port 22 ssh2: ED25519 SHA256:x\n");
    s.push_str("this line is not syslog \u{1b}[31mred\n");
    s.push_str(
        "Mar  3 12:00:01 web1 CRON[9]: pam_unix(cron:session): session opened for user root\n",
    );
    s
}

fn access_log() -> String {
    let mut s = String::new();
    for i in 0..60 {
        s.push_str(&format!(
            "192.0.2.66 - - [03/Mar/2024:10:{:02}:{:02} +0000] \"GET /probe/{i}.php?token=s3cret HTTP/1.1\" 404 12 \"-\" \"gobuster/3.6\"\n",
            i / 60,
            i % 60
        ));
    }
    for i in 0..30 {
        s.push_str(&format!(
            "10.0.0.{} - - [03/Mar/2024:10:05:{:02} +0000] \"GET /index.html HTTP/1.1\" {} 512 \"-\" \"Mozilla/5.0\"\n",
            i % 4,
            i,
            if i % 3 == 0 { 404 } else { 200 }
        ));
    }
    s
}

/// Gzip with the system's gzip (the barraiser crate has no flate2).
fn gzip(data: &[u8]) -> Vec<u8> {
    let mut child = std::process::Command::new("gzip")
        .arg("-c")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("gzip is installed");
    let mut stdin = child.stdin.take().unwrap();
    let data = data.to_vec();
    let w = std::thread::spawn(move || stdin.write_all(&data).unwrap());
    let out = child.wait_with_output().unwrap();
    w.join().unwrap();
    out.stdout
}

fn dir_with(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    for (n, b) in files {
        fs::write(d.path().join(n), b).unwrap();
    }
    d
}

#[test]
fn detect_text_snapshot_and_exit_codes() {
    let d = dir_with(&[("auth.log", auth_log().as_bytes())]);
    let (code, out, err) = run(d.path(), &["detect", "auth.log", "--year", "2024"]);
    assert_eq!(code, 1, "{err}");
    insta::assert_snapshot!("logs_detect_text", out);
    // the worst findings are high (a brute force that ended in a success,
    // a sprayer that never got in): nothing reaches critical
    let (code, _, _) = run(
        d.path(),
        &[
            "detect",
            "auth.log",
            "--year",
            "2024",
            "--fail-on",
            "critical",
        ],
    );
    assert_eq!(code, 0);
}

#[test]
fn detect_json_snapshot_is_deterministic() {
    let d = dir_with(&[
        ("auth.log", auth_log().as_bytes()),
        ("access.log", access_log().as_bytes()),
    ]);
    let args = [
        "detect",
        "auth.log",
        "access.log",
        "--year",
        "2024",
        "--format",
        "json",
    ];
    let (code, out, err) = run(d.path(), &args);
    assert_eq!(code, 1, "{err}");
    let again = run(d.path(), &args).1;
    assert_eq!(out, again, "byte-identical across runs");
    assert!(
        !out.contains("s3cret"),
        "query strings never reach the report"
    );
    assert!(!out.contains('\u{1b}'), "control characters are escaped");
    let v: Value = serde_json::from_str(&out).unwrap();
    insta::assert_json_snapshot!("logs_detect_json", v);
}

#[test]
fn brute_force_flags_change_the_verdict() {
    let d = dir_with(&[("auth.log", auth_log().as_bytes())]);
    let (code, out, _) = run(
        d.path(),
        &[
            "brute-force",
            "auth.log",
            "--year",
            "2024",
            "--threshold",
            "13",
        ],
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("0 findings"), "{out}");
    let (code, out, _) = run(
        d.path(),
        &[
            "brute-force",
            "auth.log",
            "--year",
            "2024",
            "--threshold",
            "12",
            "--window",
            "11s",
        ],
    );
    assert_eq!(code, 0, "12 failures take 12 seconds: {out}");
    let (code, out, _) = run(
        d.path(),
        &[
            "brute-force",
            "auth.log",
            "--year",
            "2024",
            "--threshold",
            "12",
            "--window",
            "12s",
        ],
    );
    assert_eq!(code, 1, "{out}");
    let (_, _, err) = run(
        d.path(),
        &["brute-force", "auth.log", "--window", "5 minutes"],
    );
    assert!(err.contains("is not a duration"), "{err}");
}

#[test]
fn top_table_json_and_markdown() {
    let d = dir_with(&[("access.log", access_log().as_bytes())]);
    let (code, out, err) = run(
        d.path(),
        &["top", "--status", "404", "-n", "3", "access.log"],
    );
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("logs_top_text", out);
    let (_, out, _) = run(
        d.path(),
        &[
            "top",
            "--by",
            "path",
            "-n",
            "2",
            "access.log",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["rows"][0]["key"], "/index.html");
    assert_eq!(v["rows"][0]["count"], 30);
    let (_, out, _) = run(
        d.path(),
        &["top", "--by", "user-agent", "access.log", "--format", "md"],
    );
    assert!(out.contains("| 60 | gobuster/3.6 |"), "{out}");
    // Piped (as here), stderr carries the summary and never a progress bar.
    let (_, _, err) = run(d.path(), &["top", "access.log"]);
    assert!(!err.contains("reading logs"), "{err}");
}

#[test]
fn sarif_and_stdin_gzip() {
    let gz = gzip(access_log().as_bytes());
    let out = bin()
        .args(["logs", "scan", "-", "--format", "sarif"])
        .write_stdin(gz)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "logs/scan");
}

#[test]
fn a_binary_file_exits_2_but_the_report_is_written() {
    let d = dir_with(&[
        ("good.log", access_log().as_bytes()),
        ("bad.log", b"\x7fELF\x02\x01\x01\x00\x00binary"),
    ]);
    let (code, _, err) = run(
        d.path(),
        &[
            "detect", "good.log", "bad.log", "-o", "r.json", "--format", "json",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        err.starts_with("bad.log:1:5: error: this looks like a binary file"),
        "{err}"
    );
    assert!(err.contains("help: "), "{err}");
    let v: Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("r.json")).unwrap()).unwrap();
    assert_eq!(
        v["findings"].as_array().unwrap().len(),
        1,
        "good.log's scan is reported"
    );
}

#[test]
fn a_broken_gzip_and_broken_cloudtrail_json_exit_2_with_the_report() {
    let gz = gzip(access_log().as_bytes());
    let cut = &gz[..gz.len() - 40];
    let ct = b"{\n  \"Records\": [\n    {\"eventTime\": \"2024-03-03T10:00:00Z\", \"sourceIPAddress\": \"1.1.1.1\"},\n    {\"eventTime\": oops}\n  ]\n}\n";
    let d = dir_with(&[("a.log.gz", cut), ("ct.json", ct)]);
    let (code, out, err) = run(d.path(), &["detect", "a.log.gz", "ct.json"]);
    assert_eq!(code, 2, "{out}");
    assert!(
        err.contains(
            "a.log.gz:1:1: error: the gzip member at byte offset 0 is corrupt or truncated"
        ),
        "{err}"
    );
    assert!(!err.contains("no newline"), "{err}");
    assert!(err.contains("ct.json:4:19: error: invalid JSON"), "{err}");
    assert!(out.starts_with("read 2 files"), "{out}");
}

#[test]
fn a_one_gib_line_on_stdin_is_one_malformed_line() {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("barraiser"))
        .args([
            "logs",
            "top",
            "-",
            "--log-format",
            "combined",
            "--format",
            "json",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let block = vec![b'x'; 1 << 20];
        for _ in 0..1024 {
            if stdin.write_all(&block).is_err() {
                return;
            }
        }
        let _ = stdin
            .write_all(b"\n1.2.3.4 - - [03/Mar/2024:10:00:00 +0000] \"GET / HTTP/1.1\" 404 1\n");
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["summary"]["lines"], 2);
    assert_eq!(v["summary"]["malformed"], 1);
    assert_eq!(v["rows"][0]["key"], "1.2.3.4");
    let reason = v["summary"]["malformed_samples"][0]["reason"]
        .as_str()
        .unwrap();
    assert!(reason.contains("longer than"), "{reason}");
}
