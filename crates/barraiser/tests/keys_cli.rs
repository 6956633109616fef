//! `barraiser keys rotate` end to end: offline drills against an inventory
//! file (plan, apply, grace period, resume, status), bad input, and live
//! mode against moto with --endpoint-url.

use assert_cmd::Command;
use std::fs;
use std::path::Path;

const INV: &str = r#"{"accounts": [
  {"account": "111111111111", "users": [
    {"name": "alice", "access_keys": [{"id": "AKIAALICEOLD00000001", "status": "Active", "created": "2024-01-01T00:00:00Z"}]},
    {"name": "bob", "access_keys": [
      {"id": "AKIABOBOLD0000000001", "status": "Active", "created": "2023-01-01T00:00:00Z"},
      {"id": "AKIABOBOLD0000000002", "status": "Inactive", "created": "2022-01-01T00:00:00Z"}]}
  ]},
  {"account": "222222222222", "users": [
    {"name": "alice", "access_keys": [{"id": "AKIAALICEB2000000001", "status": "Active", "created": "2025-05-30T00:00:00Z"}]}
  ]}
]}"#;

fn bin(dir: &Path, now: &str) -> Command {
    let mut c = Command::cargo_bin("barraiser").unwrap();
    c.current_dir(dir).env("BARRAISER_NOW", now);
    c
}

fn setup() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    fs::write(d.path().join("inv.json"), INV).unwrap();
    d
}

#[test]
fn dry_run_prints_the_plan_and_changes_nothing() {
    let d = setup();
    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args([
            "keys",
            "rotate",
            "--user",
            "alice,bob",
            "--inventory",
            "inv.json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    insta::assert_snapshot!("keys_rotate_dry_run", text);
    assert_eq!(fs::read_to_string(d.path().join("inv.json")).unwrap(), INV);
    assert!(!d.path().join("barraiser-keys-state.json").exists());
    assert!(!d.path().join("barraiser-audit.jsonl").exists());
}

#[test]
fn apply_waits_out_the_grace_period_then_finishes() {
    let d = setup();
    let args = [
        "keys",
        "rotate",
        "--max-age-days",
        "90",
        "--inventory",
        "inv.json",
        "--apply",
        "--state",
        "s.json",
        "--audit-log",
        "a.jsonl",
    ];
    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("waiting until 2025-06-08T00:00:00Z"),
        "{text}"
    );
    assert!(
        text.contains("Run the same command again after 2025-06-08T00:00:00Z"),
        "{text}"
    );
    // Only 222222222222's alice key is young: untouched.
    let inv: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("inv.json")).unwrap()).unwrap();
    assert_eq!(
        inv["accounts"][1]["users"][0]["access_keys"][0]["id"],
        "AKIAALICEB2000000001"
    );
    assert_eq!(
        inv["accounts"][0]["secrets"]["barraiser/iam/111111111111/alice"]
            .as_str()
            .unwrap()
            .len(),
        20
    );

    // A day later: still waiting, nothing done.
    let out = bin(d.path(), "2025-06-02T00:00:00Z")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["finished"], false);
    assert_eq!(v["outcomes"][0]["applied"].as_array().unwrap().len(), 0);

    // After the grace period: the old keys are deleted.
    let out = bin(d.path(), "2025-06-09T00:00:00Z")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["finished"], true, "{v}");
    let inv: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(d.path().join("inv.json")).unwrap()).unwrap();
    for u in inv["accounts"][0]["users"].as_array().unwrap() {
        let keys = u["access_keys"].as_array().unwrap();
        assert_eq!(keys.len(), 1, "{u}");
        assert!(keys[0]["id"].as_str().unwrap().starts_with("AKIASIM"));
    }
    // Status reads the state file.
    let out = bin(d.path(), "2025-06-09T00:00:00Z")
        .args(["keys", "status", "--state", "s.json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.trim_end().ends_with("finished") && !text.contains("not finished"),
        "{text}"
    );
    // Once more: nothing left, the inventory is byte-identical.
    let before = fs::read_to_string(d.path().join("inv.json")).unwrap();
    let out = bin(d.path(), "2025-06-10T00:00:00Z")
        .args(args)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("0 done, 0 already so, 7 done earlier"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        fs::read_to_string(d.path().join("inv.json")).unwrap(),
        before
    );
    // The audit log is JSON Lines with every step.
    let audit = fs::read_to_string(d.path().join("a.jsonl")).unwrap();
    for l in audit.lines() {
        let r: serde_json::Value = serde_json::from_str(l).unwrap();
        assert!(r["time"].is_string() && r["event"].is_string() && r["run"].is_string());
    }
    assert!(audit.contains("\"event\":\"waiting\""));
    assert!(!audit.contains("simulated-secret"));
}

#[test]
fn bad_input_is_exit_2_with_the_place() {
    let d = setup();
    fs::write(d.path().join("bad.json"), "{\"accounts\": [\n  {\"account\": \"111111111111\", \"users\": [{\"name\": \"a\", \"access_keys\": [{\"id\": \"AKIA1\", \"status\": \"On\"}]}]}]}").unwrap();
    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args(["keys", "rotate", "--user", "a", "--inventory", "bad.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("bad.json:2:"), "{err}");
    assert!(err.contains("unknown variant `On`"), "{err}");

    fs::write(
        d.path().join("accts.txt"),
        "111111111111 # prod\n\n  22222222222x\n",
    )
    .unwrap();
    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args([
            "keys",
            "rotate",
            "--user",
            "alice",
            "--inventory",
            "inv.json",
            "--accounts-file",
            "accts.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("accts.txt:3:3: error:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args(["keys", "rotate", "--inventory", "inv.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--max-age-days"));

    // A state file from another request is refused, not overwritten.
    bin(d.path(), "2025-06-01T00:00:00Z")
        .args([
            "keys",
            "rotate",
            "--user",
            "alice",
            "--inventory",
            "inv.json",
            "--apply",
            "--state",
            "s.json",
        ])
        .assert()
        .success();
    let state = fs::read_to_string(d.path().join("s.json")).unwrap();
    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args([
            "keys",
            "rotate",
            "--user",
            "bob",
            "--inventory",
            "inv.json",
            "--apply",
            "--state",
            "s.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("another request"));
    assert_eq!(fs::read_to_string(d.path().join("s.json")).unwrap(), state);
    fs::write(d.path().join("s.json"), "{\"version\": 1,\n \"plan\": 3}").unwrap();
    let out = bin(d.path(), "2025-06-01T00:00:00Z")
        .args([
            "keys",
            "rotate",
            "--user",
            "alice",
            "--inventory",
            "inv.json",
            "--state",
            "s.json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).starts_with("s.json:2:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn live_against_moto_dry_run_writes_nothing_then_apply_rotates() {
    let moto = aws::testing::Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let s = moto.session();
    let old = rt.block_on(async {
        let iam = s.iam();
        iam.create_user().user_name("alice").send().await.unwrap();
        let k = iam
            .create_access_key()
            .user_name("alice")
            .send()
            .await
            .unwrap();
        k.access_key().unwrap().access_key_id().to_string()
    });
    let d = tempfile::tempdir().unwrap();
    let live = |c: &mut Command| {
        c.current_dir(d.path())
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_REGION", "us-east-1")
            .env_remove("AWS_PROFILE")
            .env_remove("BARRAISER_NOW")
            .args(["--endpoint-url", &moto.endpoint(), "--max-attempts", "2"]);
    };
    let mut c = Command::cargo_bin("barraiser").unwrap();
    c.args(["keys", "rotate", "--user", "alice", "--grace-days", "0"]);
    live(&mut c);
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout)
        .contains(&format!("deactivate access key {old} of alice")));
    // No write call was made: same key, no secret, no state or audit file.
    let (keys, secrets) = rt.block_on(async {
        let k = s
            .iam()
            .list_access_keys()
            .user_name("alice")
            .send()
            .await
            .unwrap();
        let ids: Vec<String> = k
            .access_key_metadata()
            .iter()
            .map(|m| m.access_key_id().unwrap().to_string())
            .collect();
        let sec = s
            .secrets_manager()
            .list_secrets()
            .send()
            .await
            .unwrap()
            .secret_list()
            .len();
        (ids, sec)
    });
    assert_eq!(keys, std::slice::from_ref(&old));
    assert_eq!(secrets, 0);
    assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0);

    let mut c = Command::cargo_bin("barraiser").unwrap();
    c.args([
        "keys",
        "rotate",
        "--user",
        "alice",
        "--grace-days",
        "0",
        "--apply",
    ]);
    live(&mut c);
    let out = c.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let (keys, secret) = rt.block_on(async {
        let k = s
            .iam()
            .list_access_keys()
            .user_name("alice")
            .send()
            .await
            .unwrap();
        let ids: Vec<String> = k
            .access_key_metadata()
            .iter()
            .map(|m| m.access_key_id().unwrap().to_string())
            .collect();
        let v = s
            .secrets_manager()
            .get_secret_value()
            .secret_id("barraiser/iam/123456789012/alice")
            .send()
            .await
            .unwrap();
        (ids, v.secret_string().unwrap().to_string())
    });
    assert_eq!(keys.len(), 1);
    assert_ne!(keys[0], old);
    let doc: serde_json::Value = serde_json::from_str(&secret).unwrap();
    let sk = doc["SecretAccessKey"].as_str().unwrap();
    for f in ["barraiser-keys-state.json", "barraiser-audit.jsonl"] {
        let t = fs::read_to_string(d.path().join(f)).unwrap();
        assert!(!t.contains(sk), "secret in {f}");
    }
    assert!(!String::from_utf8_lossy(&out.stdout).contains(sk));
    assert!(!String::from_utf8_lossy(&out.stderr).contains(sk));
}
