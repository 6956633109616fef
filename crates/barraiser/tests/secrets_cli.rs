//! End-to-end tests of `barraiser secrets`: exit codes, redaction in every
//! output format and in baselines, baselines that survive moved lines,
//! .gitignore, bad input (binary, huge, non-UTF-8 files; broken
//! baselines), and stable output (insta snapshots).

mod common;

use serde_json::Value;
use std::fs;
use std::path::Path;

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, &["secrets"], args)
}

// Planted values, assembled so this file does not itself hold whole
// tokens.
fn planted() -> Vec<(&'static str, String)> {
    vec![
        ("aws-access-key-id", format!("AKIA{}", "QYLPMN5HHHFPZAM2")),
        (
            "aws-secret-access-key",
            format!("q8Zr2Vn7Lk0Tp4XwYb9H{}", "c3Jd6Mf1Sg5Ra+Ue/Ni2"),
        ),
        ("github-token", format!("ghp_{}", "R7kP2mQ9xL4vN8wB3cT6yH1jF5gD0sA2zE9u")),
        (
            "slack-token",
            format!("xoxb-{}", "2048193726-4096385172-Qm7Lp2Vx9Kd4Rt8Nw3Zy6Hb1"),
        ),
        ("stripe-key", format!("sk_live_{}", "4eC39HqLyjWDarjtT1zdp7dcQm8Vx2Lk")),
        ("url-password", "S3cure-Horse-77".to_string()),
        ("secret-keyword", "Winter2024!x".to_string()),
        ("high-entropy-string", format!("Tk8mQ2vL9xZ4{}", "pR7wN3bY6cH1")),
        (
            "jwt",
            format!(
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.{}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
                "eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            ),
        ),
    ]
}

const KEY_BODY: &str = "MIIEowIBAAKCAQEAx3k9Qp2Lm7Vd4Hs8Tn1Rb6Wc0Yf5Zg3Kj2Pq9Xe7Ua4Io1Ly8\n\
                        Tz6Bh3Vn0Mc5Sd2Fr7Gw4Ek9Jq1Hp6Nx8Ct3Ym0Ub5Ls2Oa7Di4Kf9Wz1Rv6Gj3Qe8\n";

/// A small project with one of each secret, noise, an ignored file, a
/// binary, an oversized file and a non-UTF-8 file.
fn project() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    let v: std::collections::BTreeMap<&str, String> = planted().into_iter().collect();
    fs::create_dir_all(p.join("app")).unwrap();
    fs::create_dir_all(p.join("deploy")).unwrap();
    fs::write(p.join(".gitignore"), "build/\n").unwrap();
    fs::write(
        p.join(".env"),
        format!(
            "AWS_ACCESS_KEY_ID={}\nAWS_SECRET_ACCESS_KEY={}\nDATABASE_URL=postgres://app:{}@db.internal:5432/app\n",
            v["aws-access-key-id"], v["aws-secret-access-key"], v["url-password"]
        ),
    )
    .unwrap();
    fs::write(
        p.join("app/settings.py"),
        format!(
            "import os\n\nDEBUG = False\ndb_password = \"{}\"\nGITHUB = '{}'\nSTRIPE = \"{}\"\n\
             MAILER_KEY = \"{}\"\nREAL = os.environ['DB_PASSWORD']\n\
             TEST_TOKEN = '{}'  # barraiser: allow-secret test fixture\n",
            v["secret-keyword"],
            v["github-token"],
            v["stripe-key"],
            v["high-entropy-string"],
            v["github-token"]
        ),
    )
    .unwrap();
    fs::write(
        p.join("app/client.js"),
        format!(
            "const slack = new WebClient(\"{}\");\nfetch(url, {{ headers: {{ Authorization: `Bearer {}` }} }});\n",
            v["slack-token"], v["jwt"]
        ),
    )
    .unwrap();
    fs::write(
        p.join("deploy/id_rsa"),
        format!("-----BEGIN RSA PRIVATE KEY-----\n{KEY_BODY}-----END RSA PRIVATE KEY-----\n"),
    )
    .unwrap();
    fs::create_dir_all(p.join("build")).unwrap();
    fs::write(
        p.join("build/out.js"),
        format!("t='{}'\n", v["github-token"]),
    )
    .unwrap();
    let mut binary = b"\x7fELF\x02\x01\x01\x00\x00".to_vec();
    binary.extend_from_slice(v["github-token"].as_bytes());
    fs::write(p.join("app/tool.bin"), binary).unwrap();
    fs::write(
        p.join("app/latin1.cfg"),
        b"caf\xe9 = 1\npassword = S\xe9same-Open-42\n",
    )
    .unwrap();
    d
}

fn all_outputs(dir: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for f in ["text", "json", "sarif", "asff", "md"] {
        let (code, out, err) = run(dir, &[".", "--format", f]);
        assert_eq!(code, 1, "{f}: {err}");
        v.push((f.to_string(), out + &err));
    }
    v
}

#[test]
fn every_planted_secret_is_found_and_none_is_printed_in_any_format() {
    let dir = project();
    let (code, out, err) = run(dir.path(), &[".", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    for (rule, _) in planted() {
        assert!(rules.contains(&rule), "{rule} not found in {rules:?}");
    }
    assert!(rules.contains(&"private-key"));
    let mut outputs = all_outputs(dir.path());
    fs::remove_file(dir.path().join("b.json")).ok();
    let (_, _, err) = run(dir.path(), &[".", "--write-baseline", "b.json"]);
    outputs.push((
        "baseline".into(),
        fs::read_to_string(dir.path().join("b.json")).unwrap_or_else(|_| panic!("{err}")),
    ));
    let mut values: Vec<String> = planted().into_iter().map(|(_, v)| v).collect();
    values.push(KEY_BODY.lines().next().unwrap().to_string());
    values.push("Sésame-Open-42".into());
    values.push("same-Open-42".into());
    for (format, text) in &outputs {
        for value in &values {
            assert!(
                !text.contains(value.as_str()),
                "{format} output leaks {value}:\n{text}"
            );
        }
    }
}

#[test]
fn exit_codes_and_fail_on() {
    let dir = project();
    assert_eq!(run(dir.path(), &["."]).0, 1);
    let clean = tempfile::tempdir().unwrap();
    fs::write(
        clean.path().join("ok.py"),
        "print('hello')\npassword = input()\n",
    )
    .unwrap();
    let (code, out, err) = run(clean.path(), &["."]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("scanned 1 file"), "{err}");
    // Only low findings left: passes at --fail-on medium.
    let low = tempfile::tempdir().unwrap();
    fs::write(
        low.path().join("t.py"),
        format!("k = 'sk_test_{}'\n", "4eC39HqLyjWDarjtT1zdp7dc"),
    )
    .unwrap();
    assert_eq!(run(low.path(), &["."]).0, 1);
    assert_eq!(run(low.path(), &[".", "--fail-on", "medium"]).0, 0);
}

#[test]
fn summary_lists_skipped_and_non_utf8_files() {
    let dir = project();
    fs::write(dir.path().join("huge.log"), "x".repeat(3000)).unwrap();
    let (_, out, err) = run(
        dir.path(),
        &[".", "--format", "json", "--max-file-size", "2048"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let skipped: Vec<(String, String)> = v["summary"]["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["path"].as_str().unwrap().into(),
                s["reason"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            ("app/tool.bin".into(), "binary".into()),
            ("huge.log".into(), "too large".into())
        ]
    );
    assert_eq!(v["summary"]["not_utf8"][0], "app/latin1.cfg");
    assert_eq!(v["summary"]["suppressed"], 1);
    assert!(err.contains("skipped 1 binary, 1 too large"), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    // The ignored build/ directory is not scanned unless asked.
    assert!(!out.contains("build/out.js"));
    let (_, out, _) = run(dir.path(), &[".", "--format", "json", "--no-ignore"]);
    assert!(out.contains("build/out.js"));
}

#[test]
fn a_non_utf8_file_is_scanned_and_its_secret_found() {
    let dir = project();
    let (_, out, _) = run(dir.path(), &["app/latin1.cfg", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["findings"][0]["rule_id"], "secret-keyword");
    assert_eq!(v["findings"][0]["location"]["start_line"], 2);
}

#[test]
fn baseline_survives_moved_lines_and_reports_only_new_secrets() {
    let dir = project();
    let (code, _, err) = run(dir.path(), &[".", "--write-baseline", "base.json"]);
    assert_eq!(code, 1, "{err}");
    let (code, out, err) = run(dir.path(), &[".", "--baseline", "base.json"]);
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("in the baseline"), "{err}");
    // Move every line down and add one new secret.
    let settings = dir.path().join("app/settings.py");
    let old = fs::read_to_string(&settings).unwrap();
    fs::write(
        &settings,
        format!(
            "\"\"\"Settings.\"\"\"\n\n\n{old}api_token = \"Fresh-{}\"\n",
            "Q9m2Xv7Lr4"
        ),
    )
    .unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[".", "--baseline", "base.json", "--format", "json"],
    );
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let f = v["findings"].as_array().unwrap();
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(f[0]["location"]["path"], "app/settings.py");
    assert_eq!(f[0]["location"]["start_line"], 13);
    // The baseline holds fingerprints and redactions only.
    let b: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("base.json")).unwrap()).unwrap();
    let e = &b["entries"][0];
    assert!(e["fingerprint"].as_str().unwrap().len() > 32);
    assert!(e["redacted"].as_str().unwrap().contains('…'));
}

#[test]
fn bad_input_exits_2_with_a_place_and_a_fix() {
    let dir = project();
    fs::write(
        dir.path().join("bad.json"),
        "{\n  \"version\": 1,\n  \"entries\": [oops]\n}\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &[".", "--baseline", "bad.json"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.starts_with("bad.json:3:"), "{err}");
    assert!(err.contains("help: create it with"), "{err}");
    let (code, _, err) = run(dir.path(), &["missing-dir"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("missing-dir: no such file or directory"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &[".", "--rule", "nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("unknown rule `nope`"), "{err}");
    let (code, _, _) = run(
        dir.path(),
        &[".", "--format", "asff", "--aws-account-id", "12"],
    );
    assert_eq!(code, 2);
}

#[test]
fn keywords_rules_and_mentions() {
    let d = tempfile::tempdir().unwrap();
    fs::write(
        d.path().join("conf.ini"),
        "[svc]\nhmac_key = d8Vq-Lm2x\nnote = rotate the hmac monthly\n",
    )
    .unwrap();
    let (code, _, _) = run(d.path(), &["."]);
    assert_eq!(code, 0, "hmac is not a default keyword");
    let (code, out, _) = run(d.path(), &[".", "--keyword", "HMAC"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("conf.ini:2:12: medium [secret-keyword]"),
        "{out}"
    );
    let (_, out, _) = run(
        d.path(),
        &[".", "-k", "hmac", "--mentions", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["secret-keyword", "keyword-mention"]);
    let (_, out, _) = run(d.path(), &["--list-rules"]);
    assert_eq!(out.lines().count(), 12);
    assert!(out.contains("aws-access-key-id"));
}

#[test]
fn sarif_validates_and_asff_imports() {
    let dir = project();
    let (_, out, _) = run(dir.path(), &[".", "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let schema: Value = serde_json::from_str(
        &fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../report/tests/data/sarif-schema-2.1.0.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&sarif)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let r = &sarif["runs"][0]["results"][0];
    assert!(
        r["locations"][0]["physicalLocation"]["region"]["startColumn"]
            .as_u64()
            .unwrap()
            >= 1
    );
    let (_, out, _) = run(
        dir.path(),
        &[".", "--format", "asff", "--aws-account-id", "123456789012"],
    );
    let all: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(all.len() >= 10);
    for f in &all {
        assert_eq!(report::asff::validate(f), Vec::<String>::new());
    }
}

#[test]
fn output_formats_are_stable() {
    let dir = project();
    for format in ["text", "json", "md"] {
        let (_, out, _) = run(dir.path(), &[".", "--format", format, "-j", "2"]);
        insta::assert_snapshot!(format!("secrets_{format}"), out);
    }
}
