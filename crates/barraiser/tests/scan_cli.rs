//! End-to-end tests of `barraiser scan`: exit codes, the summary line,
//! suppressions, baselines, and every output format checked against what
//! its consumer accepts (SARIF schema, ASFF import rules).

mod common;

use serde_json::Value;
use std::fs;
use std::path::Path;

const APP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/scan/app.py");

/// A scratch directory holding a copy of the sample app as `app.py`.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(APP, dir.path().join("app.py")).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, &["scan"], args)
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = project();
    let (code, out, err) = run(dir.path(), &["."]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("[sqli]") && out.contains("[cmdi]"), "{out}");
    // The worst finding is critical (shell=True), so only above it passes.
    assert_eq!(run(dir.path(), &[".", "--fail-on", "critical"]).0, 1);
    fs::write(
        dir.path().join("app.py"),
        fs::read_to_string(APP).unwrap().replace(
            "return subprocess.check_output(\"ping -c 1 \" + host, shell=True)",
            "return subprocess.check_output([\"ping\", \"-c\", \"1\", host])",
        ),
    )
    .unwrap();
    let (code, _, err) = run(dir.path(), &[".", "--fail-on", "critical"]);
    assert_eq!(code, 0, "{err}");
    let clean = tempfile::tempdir().unwrap();
    fs::write(clean.path().join("ok.py"), "print('hello')\n").unwrap();
    assert_eq!(run(clean.path(), &["."]).0, 0);
}

#[test]
fn usage_and_input_errors_exit_2_with_help() {
    let dir = project();
    let (code, _, err) = run(dir.path(), &["no-such-dir"]);
    assert_eq!(code, 2);
    assert!(err.contains("no-such-dir"), "{err}");
    let (code, _, err) = run(dir.path(), &[".", "--lang", "cobol"]);
    assert_eq!(code, 2);
    assert!(err.contains("cobol") && err.contains("help:"), "{err}");
    let (code, _, err) = run(
        dir.path(),
        &[".", "--format", "asff", "--aws-account-id", "12"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("12 digits"), "{err}");
}

#[test]
fn summary_line_counts_files_lines_findings_and_skips() {
    let dir = project();
    fs::write(dir.path().join("blob.js"), [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    fs::create_dir(dir.path().join("node_modules")).unwrap();
    fs::write(
        dir.path().join("node_modules/x.js"),
        "eval(location.hash)\n",
    )
    .unwrap();
    let (_, _, err) = run(dir.path(), &["."]);
    let last = err.lines().last().unwrap();
    assert!(last.starts_with("scanned 1 file, 26 lines in "), "{last}");
    assert!(last.contains("2 findings (1 critical, 1 high)"), "{last}");
    assert!(
        last.contains("skipped") && last.contains("binary"),
        "{last}"
    );
    // Piped: no progress bar escape codes.
    assert!(!err.contains('\r') && !err.contains("\x1b["), "{err:?}");
}

#[test]
fn inline_suppression_needs_the_rule_id() {
    let dir = project();
    let text = fs::read_to_string(APP).unwrap().replace(
        "    return subprocess.check_output(",
        "    # barraiser: ignore[cmdi] host is checked by the load balancer\n    return subprocess.check_output(",
    );
    fs::write(dir.path().join("app.py"), text).unwrap();
    let (_, out, err) = run(dir.path(), &["."]);
    assert!(!out.contains("[cmdi]") && out.contains("[sqli]"), "{out}");
    assert!(err.contains("1 suppressed inline"), "{err}");
    // A suppression for another rule does not hide the finding.
    let text = fs::read_to_string(APP).unwrap().replace(
        "shell=True)",
        "shell=True)  # barraiser: ignore[sqli] wrong rule",
    );
    fs::write(dir.path().join("app.py"), text).unwrap();
    assert!(run(dir.path(), &["."]).1.contains("[cmdi]"));
}

#[test]
fn baseline_gates_only_new_findings() {
    let dir = project();
    let (code, _, err) = run(dir.path(), &[".", "--write-baseline", "base.json"]);
    assert!(code == 0 || code == 1, "{err}");
    assert!(dir.path().join("base.json").exists());
    let (code, out, err) = run(dir.path(), &[".", "--baseline", "base.json"]);
    assert_eq!(code, 0, "{out}{err}");
    // Moving the code down keeps the old findings matched.
    let moved = format!("\n\n\n{}", fs::read_to_string(APP).unwrap());
    fs::write(dir.path().join("app.py"), &moved).unwrap();
    assert_eq!(run(dir.path(), &[".", "--baseline", "base.json"]).0, 0);
    // A new finding fails the gate, and only it is reported.
    let added = format!(
        "{moved}\n\n@app.route(\"/calc\")\ndef calc():\n    return str(eval(request.args.get(\"expr\")))\n"
    );
    fs::write(dir.path().join("app.py"), added).unwrap();
    let (code, out, _) = run(dir.path(), &[".", "--baseline", "base.json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("[code-injection]") && !out.contains("[sqli]"),
        "{out}"
    );
    // A corrupt baseline is an input error.
    fs::write(dir.path().join("bad.json"), "{not json").unwrap();
    let (code, _, err) = run(dir.path(), &[".", "--baseline", "bad.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.json"), "{err}");
}

#[test]
fn sarif_validates_and_carries_what_github_needs() {
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
    let run = &sarif["runs"][0];
    let result = &run["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "app.py"
    );
    assert!(result["partialFingerprints"].is_object());
    assert!(result["codeFlows"][0]["threadFlows"][0]["locations"]
        .as_array()
        .is_some_and(|l| l.len() >= 2));
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let sqli = rules.iter().find(|r| r["id"] == "sqli").unwrap();
    assert!(sqli["properties"]["security-severity"].is_string());
    assert!(sqli["properties"]["tags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "external/cwe/cwe-89"));
    assert!(sqli["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("```python"));
}

#[test]
fn asff_passes_security_hub_import_rules() {
    let dir = project();
    let (_, out, err) = run(
        dir.path(),
        &[
            ".",
            "--format",
            "asff",
            "--aws-account-id",
            "123456789012",
            "--aws-region",
            "eu-west-1",
        ],
    );
    let all: Vec<Value> = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    assert_eq!(all.len(), 2);
    for f in &all {
        assert_eq!(report::asff::validate(f), Vec::<String>::new());
        assert_eq!(f["CreatedAt"], "2026-11-23T12:00:00Z");
        assert_eq!(f["AwsAccountId"], "123456789012");
    }
    assert!(all
        .iter()
        .any(|f| f["Types"][0] == "Software and Configuration Checks/Vulnerabilities/CWE-78"));
}

#[test]
fn output_formats_are_stable() {
    let dir = project();
    for format in ["text", "json", "md"] {
        let (_, out, _) = run(dir.path(), &[".", "--format", format]);
        insta::assert_snapshot!(format!("scan_{format}"), out);
    }
}

#[test]
fn output_file_is_written_whole() {
    let dir = project();
    let (code, out, _) = run(dir.path(), &[".", "--format", "json", "-o", "out.json"]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    let v: Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 2);
}
