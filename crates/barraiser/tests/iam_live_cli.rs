//! `barraiser iam audit --live` against moto: the account's users and
//! roles are read through the SDK, the same engine as for files audits
//! them, `--save-details` writes a file that audits the same offline, and
//! `--to-security-hub` imports the findings into the caller's Security Hub.

mod common;

use aws::testing::Moto;
use common::bin;
use serde_json::Value;

fn findings(stdout: &[u8]) -> Vec<(String, String)> {
    let v: Value = serde_json::from_slice(stdout).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap().to_string(),
                f["id"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The SDK's Security Hub finding type is deep enough that reading it back
/// overflows the 2 MiB default test-thread stack in debug builds.
#[test]
fn live_audit_finds_seeded_principals_and_imports_into_security_hub() {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(live_audit)
        .unwrap()
        .join()
        .unwrap();
}

fn live_audit() {
    let moto = Moto::start().expect("moto server");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let s = moto.session();
    rt.block_on(async {
        let iam = s.iam();
        iam.create_user().user_name("root-like").send().await.unwrap();
        iam.put_user_policy()
            .user_name("root-like")
            .policy_name("all")
            .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}"#)
            .send()
            .await
            .unwrap();
        iam.create_role()
            .role_name("partner-access")
            .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::999988887777:root"},"Action":"sts:AssumeRole"}]}"#)
            .send()
            .await
            .unwrap();
        s.security_hub().enable_security_hub().send().await.unwrap();
    });

    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("account.json");
    let endpoint = moto.endpoint();
    let out = bin()
        .args(["iam", "audit", "--live", "--endpoint-url", &endpoint])
        .args([
            "--region",
            "us-east-1",
            "--format",
            "json",
            "--to-security-hub",
        ])
        .arg("--save-details")
        .arg(&saved)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let live = findings(&out.stdout);
    let rules: Vec<&str> = live.iter().map(|(r, _)| r.as_str()).collect();
    assert!(rules.contains(&"full-admin"), "{rules:?}");
    assert!(
        live.iter()
            .any(|(r, id)| r.starts_with("trust-") && id.contains("partner-access")),
        "{live:?}"
    );
    assert!(
        live.iter().any(|(_, id)| id.contains("root-like")),
        "{live:?}"
    );
    assert!(
        stderr.contains("Security Hub (123456789012, us-east-1)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{} imported, 0 failed", live.len())),
        "{stderr}"
    );

    // The saved details audit to the same findings offline.
    let off = bin()
        .args(["iam", "audit", "--format", "json"])
        .arg(&saved)
        .output()
        .unwrap();
    assert_eq!(off.status.code(), Some(1));
    assert_eq!(findings(&off.stdout), live);

    // Security Hub holds what was imported.
    let n = rt.block_on(async {
        s.security_hub()
            .get_findings()
            .max_results(100)
            .send()
            .await
            .unwrap()
            .findings()
            .len()
    });
    assert_eq!(n, live.len());
}

#[test]
fn live_and_files_together_is_a_usage_error() {
    let out = bin()
        .args(["iam", "audit", "--live", "x.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not both"));
    let out = bin()
        .args(["iam", "audit", "x.json", "--to-security-hub"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("need --live"));
}
