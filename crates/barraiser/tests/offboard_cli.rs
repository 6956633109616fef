//! `barraiser offboard USER` end to end: an offline drill (plan, apply,
//! nothing left to do) and live mode against moto with --endpoint-url.

use assert_cmd::Command;
use std::fs;

const INV: &str = r#"{"accounts": [
  {"account": "111111111111", "users": [
    {"name": "alice", "access_keys": [{"id": "AKIAALICEOLD00000001", "status": "Active", "created": "2024-01-01T00:00:00Z"}],
     "login_profile": true, "mfa_devices": [{"serial": "arn:aws:iam::111111111111:mfa/alice"}],
     "ssh_public_keys": ["APKAALICE00000000001"], "groups": ["dev"],
     "attached_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"], "inline_policies": ["extra"]},
    {"name": "bob", "login_profile": true}
  ]},
  {"account": "222222222222", "users": [{"name": "bob"}]}
]}"#;

#[test]
fn offline_offboard_then_nothing_to_do() {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("inv.json"), INV).unwrap();
    let run = |extra: &[&str]| {
        Command::cargo_bin("barraiser")
            .unwrap()
            .current_dir(d.path())
            .env("BARRAISER_NOW", "2025-06-01T00:00:00Z")
            .args(["offboard", "alice", "--inventory", "inv.json"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let steps = v["plan"]["accounts"][0]["steps"].as_array().unwrap();
    assert_eq!(steps[0]["action"], "revoke-sessions");
    assert_eq!(steps.len(), 11, "{v}");
    assert_eq!(
        v["plan"]["accounts"][1]["notes"][0],
        "no user alice in this account"
    );

    let out = run(&["--apply"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(d
        .path()
        .join("barraiser-offboard-alice-state.json")
        .exists());
    let inv: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("inv.json")).unwrap()).unwrap();
    let alice = &inv["accounts"][0]["users"][0];
    assert_eq!(alice["name"], "alice");
    assert_eq!(alice["access_keys"].as_array().unwrap().len(), 0);
    assert_eq!(alice["login_profile"], false);
    assert_eq!(
        alice["inline_policies"],
        serde_json::json!(["barraiser-revoke-sessions"])
    );
    assert_eq!(
        alice["tags"]["barraiser:offboarded"],
        "2025-06-01T00:00:00Z"
    );
    assert_eq!(
        inv["accounts"][0]["users"][1]["login_profile"], true,
        "bob untouched"
    );

    // A fresh plan (another state file) finds nothing to do.
    let out = run(&["--state", "fresh.json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("0 steps in 2 accounts"), "{text}");
}

#[test]
fn live_offboard_against_moto() {
    let moto = aws::testing::Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = moto.session();
    rt.block_on(async {
        let iam = s.iam();
        iam.create_user().user_name("alice").send().await.unwrap();
        iam.create_login_profile()
            .user_name("alice")
            .password("Corr3ct-Horse!")
            .send()
            .await
            .unwrap();
        iam.create_access_key()
            .user_name("alice")
            .send()
            .await
            .unwrap();
        iam.create_group().group_name("dev").send().await.unwrap();
        iam.add_user_to_group()
            .group_name("dev")
            .user_name("alice")
            .send()
            .await
            .unwrap();
    });
    let d = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        Command::cargo_bin("barraiser")
            .unwrap()
            .current_dir(d.path())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env_remove("AWS_PROFILE")
            .env_remove("BARRAISER_NOW")
            .args([
                "offboard",
                "alice",
                "--endpoint-url",
                &moto.endpoint(),
                "--max-attempts",
                "2",
            ])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(&["--apply", "--delete-user"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("done: delete user alice"));
    let gone = rt
        .block_on(s.iam().get_user().user_name("alice").send())
        .is_err();
    assert!(gone, "alice deleted");
    // Again, with the same state: nothing; with a fresh plan: nothing.
    let out = run(&["--apply", "--delete-user"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 done, 0 already so"));
    let out = run(&["--delete-user", "--state", "fresh.json"]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 steps in 1 account"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
