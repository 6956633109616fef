//! End-to-end tests of `barraiser iam audit`: input shapes, exit codes,
//! bad input (not JSON, wrong Version, unknown operators, binary), every
//! output format, and snapshots of the text and JSON reports.

mod common;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_in(dir, &["iam", "audit"], args)
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, text).unwrap();
    p
}

/// A small account: an admin user, a developer who escalates only through
/// the combination of an inline policy and a group policy, a role open to
/// the world, a vendor role without ExternalId, a GitHub role without a
/// subject condition, and a well-scoped role.
const ACCOUNT: &str = r#"{
  "UserDetailList": [
    {"UserName": "admin", "Arn": "arn:aws:iam::111122223333:user/admin", "GroupList": [],
     "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}]},
    {"UserName": "dev", "Arn": "arn:aws:iam::111122223333:user/dev", "GroupList": ["builders"],
     "UserPolicyList": [{"PolicyName": "pass", "PolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Sid%22%3A%22Pass%22%2C%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22iam%3APassRole%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}]}
  ],
  "GroupDetailList": [
    {"GroupName": "builders", "Arn": "arn:aws:iam::111122223333:group/builders",
     "GroupPolicyList": [{"PolicyName": "lambda", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Sid": "Functions", "Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}]}}]}
  ],
  "RoleDetailList": [
    {"RoleName": "open", "Arn": "arn:aws:iam::111122223333:role/open",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}},
    {"RoleName": "vendor", "Arn": "arn:aws:iam::111122223333:role/vendor",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}]},
     "RolePolicyList": [{"PolicyName": "read", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Sid": "Secrets", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}}]},
    {"RoleName": "deploy", "Arn": "arn:aws:iam::111122223333:role/deploy",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]}},
    {"RoleName": "fine", "Arn": "arn:aws:iam::111122223333:role/fine",
     "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
     "RolePolicyList": [{"PolicyName": "logs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/lambda/fine:*"}]}}]}
  ],
  "Policies": [
    {"PolicyName": "AdministratorAccess", "Arn": "arn:aws:iam::aws:policy/AdministratorAccess", "DefaultVersionId": "v1",
     "PolicyVersionList": [{"VersionId": "v1", "IsDefaultVersion": true,
        "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}]}
  ]
}"#;

#[test]
fn account_details_find_each_problem_and_name_the_principal() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "account.json", ACCOUNT);
    let (code, out, err) = run(dir.path(), &["account.json", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let ids: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for want in [
        "full-admin@arn:aws:iam::aws:policy/AdministratorAccess#Statement[0]",
        "privilege-escalation@arn:aws:iam::111122223333:user/dev#pass-role-lambda-invoke",
        "trust-open@arn:aws:iam::111122223333:role/open#trust policy/Statement[0]",
        "trust-cross-account-no-external-id@arn:aws:iam::111122223333:role/vendor#trust policy/Statement[0]",
        "data-exfiltration@arn:aws:iam::111122223333:role/vendor#read/Secrets",
    ] {
        assert!(ids.contains(&want), "missing {want} in {ids:#?}");
    }
    assert!(ids
        .iter()
        .any(|i| i.starts_with("trust-oidc-unrestricted@arn:aws:iam::111122223333:role/deploy")));
    assert!(!ids.iter().any(|i| i.contains("role/fine")), "{ids:#?}");
    // The admin policy's evidence names who holds it.
    let admin = &v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule_id"] == "full-admin")
        .unwrap();
    assert!(admin["evidence"].to_string().contains("user/admin"));
    assert_eq!(v["summary"]["inputs"], 1);
    assert!(err.contains("audited 1 input"), "{err}");
}

#[test]
fn text_and_json_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "account.json", ACCOUNT);
    let (_, text, _) = run(dir.path(), &["account.json", "-q"]);
    insta::assert_snapshot!("iam_account_text", text);
    write(
        dir.path(),
        "policy.json",
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Sid\": \"Buckets\", \"Effect\": \"Allow\", \"Action\": \"s3:*\", \"Resource\": \"*\"},\n    {\"Sid\": \"Keys\", \"Effect\": \"Allow\", \"Action\": \"iam:CreateAccessKey\", \"Resource\": \"*\"}\n  ]\n}\n",
    );
    let (code, json, _) = run(dir.path(), &["policy.json", "-q", "--format", "json"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("iam_policy_json", json);
}

#[test]
fn exit_codes_follow_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "ok.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}"#,
    );
    let (code, out, _) = run(dir.path(), &["ok.json", "-q"]);
    assert_eq!((code, out.as_str()), (0, ""));
    write(
        dir.path(),
        "exfil.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#,
    );
    assert_eq!(run(dir.path(), &["exfil.json", "-q"]).0, 1);
    assert_eq!(
        run(dir.path(), &["exfil.json", "-q", "--fail-on", "high"]).0,
        0
    );
}

#[test]
fn invalid_json_is_a_file_line_col_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "good.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    );
    write(dir.path(), "bad.json", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Action\": \"*\"}\n  ]\n}\n");
    let (code, out, err) = run(dir.path(), &["good.json", "bad.json", "-o", "report.txt"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("bad.json:4:24: error: invalid JSON: expected `,` or `}`"),
        "{err}"
    );
    assert!(err.contains("help: fix the JSON syntax"), "{err}");
    assert!(!dir.path().join("report.txt").exists(), "no partial report");

    write(dir.path(), "text.json", "this is not JSON at all\n");
    let (code, _, err) = run(dir.path(), &["text.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("text.json:1:2: error: invalid JSON"), "{err}");

    fs::write(dir.path().join("bin.json"), b"{\"a\":\x00\x01}").unwrap();
    let (code, _, err) = run(dir.path(), &["bin.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("bin.json:1:6: error: this looks like a binary file"),
        "{err}"
    );

    write(dir.path(), "other.json", r#"{"Name": "not a policy"}"#);
    let (code, _, err) = run(dir.path(), &["other.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("not an IAM policy document"), "{err}");

    write(
        dir.path(),
        "effect.json",
        "{\"Statement\": [{\"Effect\": \"Permit\", \"Action\": \"*\", \"Resource\": \"*\"}]}",
    );
    let (code, _, err) = run(dir.path(), &["effect.json"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("effect.json:1:34: error: invalid policy document: unknown variant `Permit`"),
        "{err}"
    );

    let (code, _, err) = run(dir.path(), &["missing.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("missing.json: cannot read"), "{err}");
}

#[test]
fn wrong_version_and_unknown_operators_are_findings_not_lost_reports() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "p.json",
        "{\n  \"Version\": \"2012-10-18\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Action\": \"s3:ListBucket\", \"Resource\": \"arn:aws:s3:::b\",\n     \"Condition\": {\"StringEqualz\": {\"aws:PrincipalOrgID\": \"o-1\"}, \"ForAnyValue:StringLikeIfExists\": {\"aws:TagKeys\": \"x\"}}},\n    {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}\n  ]\n}\n",
    );
    let (code, out, _) = run(dir.path(), &["p.json", "-q"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("p.json:3:3") || out.contains("p.json:4:5"),
        "{out}"
    );
    assert!(
        out.contains("[invalid-version]") && out.contains("\"2012-10-18\""),
        "{out}"
    );
    assert!(
        out.contains("p.json:4:5: medium [unknown-condition-operator]")
            && out.contains("did you mean \"StringEquals\"?"),
        "{out}"
    );
    assert!(!out.contains("ForAnyValue:StringLikeIfExists\" "), "{out}");
    assert!(out.contains("p.json:6:5: critical [full-admin]"), "{out}");
}

#[test]
fn arrays_of_documents_and_every_format() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "set.json",
        r#"[{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}},
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}]"#,
    );
    let (code, out, _) = run(dir.path(), &["set.json", "-q"]);
    assert_eq!(code, 1);
    assert!(out.contains("[privilege-escalation] file set.json can escalate privileges with iam:PassRole + ec2:RunInstances"), "{out}");
    let (_, sarif, _) = run(dir.path(), &["set.json", "-q", "-f", "sarif"]);
    let s: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(s["version"], "2.1.0");
    assert_eq!(s["runs"][0]["results"][0]["ruleId"], "privilege-escalation");
    assert!(
        s["runs"][0]["tool"]["driver"]["rules"]
            .to_string()
            .contains("CWE-269")
            || s["runs"][0]["tool"]["driver"]["rules"]
                .to_string()
                .contains("cwe-269")
    );
    let (_, asff, _) = run(
        dir.path(),
        &[
            "set.json",
            "-q",
            "-f",
            "asff",
            "--aws-account-id",
            "111122223333",
        ],
    );
    let a: Value = serde_json::from_str(&asff).unwrap();
    assert!(a.to_string().contains("111122223333"));
    let (_, md, _) = run(dir.path(), &["set.json", "-q", "-f", "md"]);
    assert!(md.contains("privilege-escalation"));
    // The report is byte-identical across runs.
    assert_eq!(
        run(dir.path(), &["set.json", "-q", "-f", "json"]).1,
        run(dir.path(), &["set.json", "-q", "-f", "json"]).1
    );
}

#[test]
fn account_id_flag_checks_trust_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "trust.json",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","arn:aws:iam::999988887777:role/ci"]},"Action":"sts:AssumeRole"}]}"#,
    );
    let (code, out, _) = run(
        dir.path(),
        &["trust.json", "-q", "--account-id", "111122223333"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("lets account 999988887777 assume"), "{out}");
    let (code, _, err) = run(dir.path(), &["trust.json", "--account-id", "12"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a 12-digit"), "{err}");
    let (code, out, _) = run(dir.path(), &["--list-rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("privilege-escalation"));
}
