//! `iam-full-admin`: which named IAM policies grant full administrator
//! rights?
//!
//! Input: JSON Lines, each `{"name": NAME, "policy": DOCUMENT}`. A policy is
//! flagged when one of its statements, taken on its own, has `"Effect":
//! "Allow"`, no `Principal`, an `Action` (string or list) holding a pattern
//! made only of `*` and `:` (`*`, `*:*`), and a `Resource` holding `*`
//! (or uses `NotResource`). A Condition does not clear it, and a Deny
//! elsewhere does not either: the question is what the statement grants.
//! Output the flagged names, sorted, once each. Lines that are not JSON
//! objects with a string `name` and an object `policy` holding
//! `Statement` are skipped.
//!
//! The expected answer is the `iam` engine: each policy is read with
//! `iam::input::parse` and audited with `iam::audit_documents`; a policy is
//! flagged when a finding has the rule id of `full-admin`. Edge cases:
//! empty input, a single statement object instead of a list, `*:*`,
//! service wildcards (`iam:*`, not flagged), `NotAction` (another rule, not
//! flagged here), a Condition, a Deny next to the Allow, a
//! specific resource, a `Principal` (resource policy), malformed lines.

use super::{fill, lines, Generator, TestInput};
use crate::Error;
use serde_json::{json, Value};

pub struct IamFullAdmin;

fn statement(rng: &mut fastrand::Rng) -> Value {
    let effect = if rng.u8(0..5) == 0 { "Deny" } else { "Allow" };
    let actions = [
        "*",
        "*:*",
        "s3:*",
        "iam:*",
        "ec2:Describe*",
        "s3:GetObject",
        "iam:PassRole",
    ];
    let resources = [
        "*",
        "arn:aws:s3:::reports/*",
        "arn:aws:iam::123456789012:role/app",
        "arn:aws:dynamodb:us-east-1:123456789012:table/orders",
    ];
    let pick_actions: Vec<&str> = (0..rng.usize(1..3))
        .map(|_| actions[rng.usize(0..actions.len())])
        .collect();
    let mut s = json!({ "Effect": effect });
    s["Action"] = if pick_actions.len() == 1 && rng.bool() {
        json!(pick_actions[0])
    } else {
        json!(pick_actions)
    };
    s["Resource"] = json!(resources[rng.usize(0..resources.len())]);
    if rng.u8(0..6) == 0 {
        s["Condition"] = json!({"Bool": {"aws:MultiFactorAuthPresent": "true"}});
    }
    if rng.u8(0..10) == 0 {
        s["Principal"] = json!({"AWS": "arn:aws:iam::123456789012:root"});
    }
    s
}

impl Generator for IamFullAdmin {
    fn id(&self) -> &'static str {
        "iam-full-admin"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let fixed = [
            r#"{"name": "AdminAccess", "policy": {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}}"#,
            r#"{"name": "star-colon-star", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": ["arn:aws:s3:::a/*", "*"]}]}}"#,
            r#"{"name": "IamOnly", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}}"#,
            r#"{"name": "NotActionAdmin", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}]}}"#,
            r#"{"name": "MfaAdmin", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}}"#,
            r#"{"name": "DenyToo", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}, {"Effect": "Allow", "Action": "*", "Resource": "*"}]}}"#,
            r#"{"name": "OnlyDeny", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}}"#,
            r#"{"name": "OneBucket", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::logs/*"}]}}"#,
            r#"{"name": "BucketPolicy", "policy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}}"#,
            "not json at all",
            r#"{"policy": {"Statement": []}}"#,
            "",
            r#"{"name": "NoStatement", "policy": {"Version": "2012-10-17"}}"#,
        ];
        let mut v = vec![
            TestInput::stdin("empty input", ""),
            TestInput::stdin("edge cases", fixed.join("\n") + "\n"),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let mut s = String::new();
            for k in 0..rng.usize(1..12) {
                let statements: Vec<Value> = (0..rng.usize(1..4)).map(|_| statement(rng)).collect();
                let name = format!(
                    "{}-{k}",
                    ["ops", "dev", "ci", "audit", "legacy"][rng.usize(0..5)]
                );
                let line = json!({
                    "name": name,
                    "policy": {"Version": "2012-10-17", "Statement": statements}
                });
                s.push_str(&line.to_string());
                s.push('\n');
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let rule = iam::rules::full_admin::INFO.id;
        let opts = iam::AuditOptions::default();
        let mut names = std::collections::BTreeSet::new();
        for line in input.text().split('\n') {
            let Ok(Value::Object(o)) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            let (Some(Value::String(name)), Some(policy @ Value::Object(p))) =
                (o.get("name"), o.get("policy"))
            else {
                continue;
            };
            if !p.contains_key("Statement") {
                continue;
            }
            let Ok(iam::Input::Documents(docs)) = iam::input::parse(name, &policy.to_string())
            else {
                continue;
            };
            if iam::audit_documents(name, &docs, &opts)
                .iter()
                .any(|f| f.rule_id == rule)
            {
                names.insert(name.clone());
            }
        }
        Ok(lines(names))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_cases() {
        let g = IamFullAdmin;
        let v = g.generate(0, 2);
        assert_eq!(g.answer(&v[0]).unwrap(), "");
        assert_eq!(
            g.answer(&v[1]).unwrap(),
            "AdminAccess\nDenyToo\nMfaAdmin\nstar-colon-star\n"
        );
    }
}
