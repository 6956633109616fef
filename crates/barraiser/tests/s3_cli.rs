//! End-to-end tests of `barraiser s3`: offline snapshots (exit codes, bad
//! input that keeps the report), and live mode against moto: audit,
//! a plan that changes nothing without --apply, --apply, a clean re-audit,
//! and the Security Hub export.

mod common;

use aws::testing::Moto;
use common::bin;
use serde_json::Value;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../s3/fixtures");

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn ids(json: &str) -> Vec<String> {
    let v: Value = serde_json::from_str(json).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_broken_policy_keeps_the_report_and_exits_2() {
    let snap = format!("{FIXTURES}/misconfigured.json");
    let (code, out, err) = run(&["s3", "audit", &snap, "--format", "json"]);
    assert_eq!(code, 2, "{err}");
    let found = ids(&out);
    assert_eq!(found.len(), 14, "{found:#?}");
    assert!(err.contains("s3://acme-broken-policy?policy:4:24: error: the policy of bucket acme-broken-policy cannot be read: the policy is not valid JSON"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["diagnostics"].as_array().unwrap().len(), 1);
    assert_eq!(v["summary"]["unknown"].as_array().unwrap().len(), 1);
}

#[test]
fn clean_snapshot_exits_0_and_plans_nothing() {
    let snap = format!("{FIXTURES}/clean.json");
    let (code, out, _) = run(&["s3", "audit", &snap]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("S3 audit of 1 bucket in account 123456789012: 0 findings"),
        "{out}"
    );
    let (code, out, _) = run(&["s3", "remediate", &snap]);
    assert_eq!(
        (code, out.as_str()),
        (0, "Nothing to change: every bucket already passes.\n")
    );
}

#[test]
fn offline_plan_text_and_json_and_no_apply_without_live() {
    let snap = format!("{FIXTURES}/misconfigured.json");
    let (code, out, _) = run(&["s3", "remediate", &snap, "--log-bucket", "acme-logs"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("s3_remediate_plan", out);
    let (code, out, _) = run(&[
        "s3",
        "remediate",
        &snap,
        "--log-bucket",
        "acme-logs",
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["actions"].as_array().unwrap().len(), 13);
    assert_eq!(v["actions"][0]["action"], "PutAccountPublicAccessBlock");
    let (code, _, err) = run(&["s3", "remediate", &snap, "--apply"]);
    assert_eq!(code, 2);
    assert!(err.contains("use it with --live"), "{err}");
}

#[test]
fn bad_snapshots_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("s.json");
    std::fs::write(&p, "{\n  \"buckets\": [{\"name\": \"a\", \"acl\": 7}]\n}").unwrap();
    let (code, out, err) = run(&["s3", "audit", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with(&format!("{}:2:", p.display())), "{err}");
    assert!(err.contains("error: not a valid S3 snapshot"), "{err}");
    std::fs::write(&p, b"\x00\x01binary").unwrap();
    let (code, _, err) = run(&["s3", "audit", p.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("binary"), "{err}");
    let (code, _, err) = run(&["s3", "audit"]);
    assert_eq!(code, 2);
    assert!(err.contains("pass a SNAPSHOT file or --live"), "{err}");
}

async fn seed(moto: &Moto) {
    let s = moto.session();
    let c = s.s3();
    for b in ["acme-public-acl", "acme-pii-exports", "acme-logs"] {
        c.create_bucket().bucket(b).send().await.unwrap();
    }
    c.put_bucket_acl()
        .bucket("acme-public-acl")
        .acl("public-read".into())
        .send()
        .await
        .unwrap();
    c.put_bucket_policy()
        .bucket("acme-pii-exports")
        .policy(r#"{"Version":"2012-10-17","Statement":[{"Sid":"Open","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-pii-exports/*"}]}"#)
        .send()
        .await
        .unwrap();
}

#[test]
fn live_audit_plan_without_apply_changes_nothing_then_apply_and_reaudit_clean() {
    let moto = Moto::start().expect("moto server");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(seed(&moto));
    let url = moto.endpoint();
    let live = [
        "--live",
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--max-attempts",
        "2",
    ];

    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("snap.json");
    let mut args = vec![
        "s3",
        "audit",
        "--format",
        "json",
        "--save-snapshot",
        saved.to_str().unwrap(),
    ];
    args.extend(live);
    let (code, before, err) = run(&args);
    assert_eq!(code, 1, "{err}");
    let before = ids(&before);
    for want in [
        "s3-acl-public@arn:aws:s3:::acme-public-acl",
        "s3-policy-public@arn:aws:s3:::acme-pii-exports",
        "s3-account-public-access-block-off@123456789012",
        "s3-no-tls-deny@arn:aws:s3:::acme-logs",
    ] {
        assert!(
            before.iter().any(|i| i == want),
            "{want} not in {before:#?}"
        );
    }
    // The saved snapshot audits offline to the same findings.
    let (_, offline, _) = run(&["s3", "audit", saved.to_str().unwrap(), "--format", "json"]);
    assert_eq!(ids(&offline), before);

    // Without --apply: the plan is printed, nothing changes.
    let mut args = vec!["s3", "remediate", "--log-bucket", "acme-logs"];
    args.extend(live);
    let (code, plan, err) = run(&args);
    assert_eq!(code, 1, "{err}");
    assert!(plan.starts_with("Plan: "), "{plan}");
    assert!(err.contains("nothing was changed"), "{err}");
    let mut args = vec!["s3", "audit", "--format", "json"];
    args.extend(live);
    let (_, again, _) = run(&args);
    assert_eq!(
        ids(&again),
        before,
        "a plan without --apply must not change the account"
    );

    // With --apply: each step logged, then a clean re-audit.
    let mut args = vec!["s3", "remediate", "--log-bucket", "acme-logs", "--apply"];
    args.extend(live);
    let (code, _, err) = run(&args);
    assert!(err.contains("[1/"), "{err}");
    assert!(err.contains("re-audit: 0 findings left"), "{err}");
    assert_eq!(code, 0, "{err}");
    let mut args = vec!["s3", "audit"];
    args.extend(live);
    let (code, out, err) = run(&args);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains(": 0 findings"), "{out}");

    // Re-running remediate is a no-op.
    let mut args = vec!["s3", "remediate", "--log-bucket", "acme-logs", "--apply"];
    args.extend(live);
    let (code, out, _) = run(&args);
    assert_eq!(
        (code, out.as_str()),
        (0, "Nothing to change: every bucket already passes.\n")
    );
}

#[test]
fn live_audit_to_security_hub_uses_the_callers_account() {
    let moto = Moto::start().expect("moto server");
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(seed(&moto));
    let url = moto.endpoint();
    let (code, out, err) = run(&[
        "s3",
        "audit",
        "--live",
        "--endpoint-url",
        &url,
        "--region",
        "us-east-1",
        "--to-security-hub",
        "--format",
        "asff",
    ]);
    assert_eq!(code, 1, "{err}");
    let asff: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert!(asff.iter().all(|f| f["AwsAccountId"] == "123456789012"));
    assert!(
        err.contains(&format!(
            "Security Hub (123456789012, us-east-1): {} imported, 0 failed in 1 batch",
            asff.len()
        )),
        "{err}"
    );
}
