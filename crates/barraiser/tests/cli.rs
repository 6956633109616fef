//! End-to-end tests of the `barraiser` binary: exit codes, files written,
//! and error messages that name the file, line and column.

use assert_cmd::Command;
use std::fs;

fn bin() -> Command {
    let mut c = Command::cargo_bin("barraiser").unwrap();
    c.env("XDG_CONFIG_HOME", "/nonexistent-barraiser-test");
    c
}

fn stdout(c: &mut Command) -> String {
    String::from_utf8(c.output().unwrap().stdout).unwrap()
}

#[test]
fn analyze_every_format_on_the_default_scenario() {
    for format in [
        "md", "json", "html", "sarif", "tc-json", "mermaid", "script",
    ] {
        let out = bin()
            .args([
                "threat-model",
                "analyze",
                "--scenario",
                "payment-fraud",
                "--format",
                format,
            ])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out.stdout.is_empty(), "{format}: empty output");
    }
}

#[test]
fn fail_on_gates_exit_code() {
    bin()
        .args([
            "tm",
            "analyze",
            "--scenario",
            "payment-fraud",
            "--format",
            "json",
            "--fail-on",
            "low",
        ])
        .assert()
        .code(1);
    // nothing is above critical+1, so `info` always fails and no flag never does
    bin()
        .args(["tm", "analyze", "--scenario", "payment-fraud"])
        .assert()
        .code(0);
}

#[test]
fn output_file_is_written_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("canvas.html");
    bin()
        .args([
            "tm",
            "analyze",
            "--scenario",
            "prime-file-upload",
            "--format",
            "html",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(0);
    let html = fs::read_to_string(&out).unwrap();
    assert!(html.contains("<svg"));
    // no temporary files left behind
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn bad_model_gives_file_line_column_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("bad.yaml");
    fs::write(
        &p,
        "name: Shop\nactors:\n  - id: user\n    kind: user\nservices:\n  - id: api\n    kind: lambda\nflows:\n  - id: f1\n    from: user\n    to: apl\n",
    )
    .unwrap();
    let out = bin().args(["tm", "analyze"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.yaml:11:9: error: unknown flow destination `apl`"),
        "{err}"
    );
    assert!(err.contains("did you mean `api`?"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_binary_and_directory_inputs_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    bin()
        .args(["tm", "analyze", "/no/such/model.yaml"])
        .assert()
        .code(2);
    bin()
        .args(["tm", "analyze"])
        .arg(dir.path())
        .assert()
        .code(2);
    let p = dir.path().join("bin.yaml");
    fs::write(&p, b"name: x\n\x00\x01\x02").unwrap();
    let out = bin().args(["tm", "analyze"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("bin.yaml:2:1: error: this looks like a binary file"));
    bin()
        .args(["tm", "analyze", "--scenario", "nope"])
        .assert()
        .code(2);
    bin()
        .args([
            "tm",
            "analyze",
            "--format",
            "pdf",
            "--scenario",
            "payment-fraud",
        ])
        .assert()
        .code(2);
}

#[test]
fn failed_run_does_not_clobber_existing_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.md");
    fs::write(&out, "previous report").unwrap();
    let bad = dir.path().join("bad.yaml");
    fs::write(&bad, "name: [unclosed").unwrap();
    bin()
        .args(["tm", "analyze"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(2);
    assert_eq!(fs::read_to_string(&out).unwrap(), "previous report");
}

#[test]
fn init_writes_a_model_that_analyses_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("m.yaml");
    bin()
        .args(["tm", "init", "payment-fraud", "-o"])
        .arg(&p)
        .assert()
        .code(0);
    bin().args(["tm", "analyze"]).arg(&p).assert().code(0);
    bin()
        .args(["tm", "init", "payment-fraud", "-o"])
        .arg(&p)
        .assert()
        .code(2);
    bin()
        .args(["tm", "init", "payment-fraud", "--force", "-o"])
        .arg(&p)
        .assert()
        .code(0);
}

#[test]
fn scenarios_lists_at_least_seven() {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(bin().args(["tm", "scenarios", "--format", "json"]))).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for want in [
        "payment-fraud",
        "prime-file-upload",
        "iot-smart-home",
        "cicd-supply-chain",
        "logging-pipeline",
        "financial-datastore",
        "serverless-customer-data",
    ] {
        assert!(names.contains(&want), "missing scenario {want}");
    }
}

/// Weakening a flow in a copy of a scenario must show up in `diff` and make
/// it exit 1; the same model against itself exits 0.
#[test]
fn diff_flags_a_new_high_threat() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old.yaml");
    bin()
        .args(["tm", "init", "payment-fraud", "-o"])
        .arg(&old)
        .assert()
        .code(0);
    let text = fs::read_to_string(&old).unwrap();
    // strip every flow's authentication and encryption
    let weakened: String = text
        .lines()
        .map(|l| {
            let t = l.trim_start();
            if t.starts_with("authentication:") || t.starts_with("encryption:") {
                let indent = &l[..l.len() - t.len()];
                let key = t.split(':').next().unwrap();
                format!("{indent}{key}: none\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    let new = dir.path().join("new.yaml");
    fs::write(&new, weakened).unwrap();
    bin()
        .args(["tm", "diff"])
        .arg(&old)
        .arg(&old)
        .assert()
        .code(0);
    let out = bin()
        .args(["tm", "diff"])
        .arg(&old)
        .arg(&new)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("+ [high]") || l.starts_with("+ [critical]")),
        "{text}"
    );

    // a JSON report works as the old side too
    let report = dir.path().join("old.json");
    bin()
        .args(["tm", "analyze", "--format", "json", "-o"])
        .arg(&report)
        .arg(&old)
        .assert()
        .code(0);
    bin()
        .args(["tm", "diff"])
        .arg(&report)
        .arg(&old)
        .assert()
        .code(0);
    bin()
        .args(["tm", "diff"])
        .arg(&report)
        .arg(&new)
        .assert()
        .code(1);
}

#[test]
fn lint_flags_the_red_flags() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("answer.yaml");
    fs::write(
        &p,
        r#"name: Upload service
boundaries:
  - {id: internet, kind: internet}
  - {id: vpc, kind: vpc}
actors:
  - {id: member, kind: user, boundary: internet}
services:
  - {id: api, kind: api-gateway, boundary: vpc}
  - {id: scan, kind: lambda, boundary: vpc}
data_stores:
  - {id: bucket, kind: s3, boundary: vpc, stores: [files]}
data:
  - {id: files, classification: confidential, records: 1000000}
flows:
  - {id: upload, from: member, to: api, protocol: https, data: [files], authentication: oidc-jwt, encryption: tls1.2}
  - {id: store, from: scan, to: bucket, data: [files]}
threats:
  - id: t1
    title: Someone uploads malware
    stride: [T]
    target: scan
    mitigations: ["Use encryption and best practices"]
  - id: t2
    title: Keys stolen
    stride: [I]
    target: bucket
    priority: high
    mitigations: ["Build our own key management service with an HSM", "KMS customer-managed key, rotation every 365 days"]
"#,
    )
    .unwrap();
    let out = bin().args(["tm", "lint"]).arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    for rule in [
        "lint/missing-critical-flow",
        "lint/missing-priority",
        "lint/uncovered-flow",
        "lint/vague-mitigation",
        "lint/over-architecting",
    ] {
        assert!(text.contains(rule), "{rule} missing from:\n{text}");
    }
    assert!(
        text.contains("answer.yaml:22:19:"),
        "vague mitigation located at its line:\n{text}"
    );
    // the concrete KMS mitigation is not flagged
    assert!(
        !text.contains("KMS customer-managed key, rotation every 365 days\" names"),
        "{text}"
    );
}

#[test]
fn help_has_examples() {
    for sub in ["analyze", "lint", "diff", "scenarios", "init"] {
        let text = stdout(bin().args(["threat-model", sub, "--help"]));
        assert!(text.contains("Examples:"), "{sub} --help lacks examples");
    }
}
