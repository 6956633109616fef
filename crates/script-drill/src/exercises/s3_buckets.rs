//! `s3-bucket-misconfig`: misconfigured buckets in an account snapshot.
//!
//! Input: barraiser's S3 snapshot JSON (the shapes of the S3 API: account
//! and bucket `public_access_block`, `acl` grants, `encryption` rules,
//! `logging`; `null` or missing = not configured; `{"unknown": "why"}` =
//! could not be read, never reported). Four checks, with their severity:
//! bucket Block Public Access not fully on (`high`, `low` when the
//! account's four switches are all on), a public ACL grant to AllUsers or
//! AuthenticatedUsers (`critical` for WRITE, WRITE_ACP or FULL_CONTROL,
//! `high` otherwise, `medium` when IgnorePublicAcls is on for the bucket or
//! the account), no default encryption (`medium`; an empty rule list
//! counts as none), no access logging (`low`; a bucket that another bucket
//! logs into is exempt). Output `BUCKET CHECK SEVERITY`, by bucket name,
//! then check id.
//!
//! The expected answer is `s3::audit` over `s3::parse_snapshot` of the
//! input, keeping the four rules' findings. Edge cases: no buckets, a clean
//! bucket, account-level BPA covering a bucket, IgnorePublicAcls, a
//! write grant, LogDelivery grants (not public), unknown settings, a log
//! target bucket, empty encryption rules.

use super::{fill, lines, Generator, TestInput};
use crate::Error;
use report::Location;
use serde_json::{json, Value};

pub struct S3Buckets;

/// The rule ids the exercise asks for.
pub const CHECKS: [&str; 4] = [
    "s3-access-logging-off",
    "s3-acl-public",
    "s3-bucket-public-access-block-off",
    "s3-no-default-encryption",
];

fn bpa(rng: &mut fastrand::Rng) -> Value {
    match rng.u8(0..5) {
        0 => Value::Null,
        1 => json!({"unknown": "AccessDenied"}),
        2 => json!({"BlockPublicAcls": rng.bool(), "IgnorePublicAcls": rng.bool(),
                    "BlockPublicPolicy": rng.bool(), "RestrictPublicBuckets": rng.bool()}),
        _ => json!({"BlockPublicAcls": true, "IgnorePublicAcls": true,
                    "BlockPublicPolicy": true, "RestrictPublicBuckets": true}),
    }
}

fn grant(group: &str, permission: &str) -> Value {
    json!({"Grantee": {"Type": "Group", "URI": format!("http://acs.amazonaws.com/groups/{group}")},
           "Permission": permission})
}

fn bucket(rng: &mut fastrand::Rng, name: &str, names: &[&str]) -> Value {
    let mut grants = vec![
        json!({"Grantee": {"Type": "CanonicalUser", "ID": "a1b2c3"}, "Permission": "FULL_CONTROL"}),
    ];
    for _ in 0..rng.usize(0..3) {
        let group = [
            "global/AllUsers",
            "global/AuthenticatedUsers",
            "s3/LogDelivery",
        ][rng.usize(0..3)];
        let perm = ["READ", "READ_ACP", "WRITE", "WRITE_ACP", "FULL_CONTROL"][rng.usize(0..5)];
        grants.push(grant(group, perm));
    }
    let acl = if rng.u8(0..8) == 0 {
        json!({"unknown": "AccessDenied"})
    } else {
        json!({"Owner": "a1b2c3", "Grants": grants})
    };
    let encryption = match rng.u8(0..5) {
        0 => Value::Null,
        1 => json!({"Rules": []}),
        2 => json!({"unknown": "AccessDenied"}),
        _ => {
            let algorithm = ["AES256", "aws:kms"][rng.usize(0..2)];
            json!({"Rules": [{"SSEAlgorithm": algorithm}]})
        }
    };
    let logging = match rng.u8(0..3) {
        0 => Value::Null,
        1 => {
            json!({"TargetBucket": names[rng.usize(0..names.len())], "TargetPrefix": format!("{name}/")})
        }
        _ => json!({"TargetBucket": "central-logs", "TargetPrefix": format!("{name}/")}),
    };
    json!({"name": name, "public_access_block": bpa(rng), "acl": acl,
           "encryption": encryption, "logging": logging})
}

impl Generator for S3Buckets {
    fn id(&self) -> &'static str {
        "s3-bucket-misconfig"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let on = json!({"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true});
        let clean = |name: &str| {
            json!({"name": name, "public_access_block": on, "acl": {"Grants": []},
                   "encryption": {"Rules": [{"SSEAlgorithm": "aws:kms"}]},
                   "logging": {"TargetBucket": "logs", "TargetPrefix": ""}})
        };
        let mut open = clean("public-site");
        open["public_access_block"] = Value::Null;
        open["acl"] = json!({"Grants": [grant("global/AllUsers", "READ"), grant("global/AuthenticatedUsers", "WRITE")]});
        open["encryption"] = json!({"Rules": []});
        let mut logs = clean("logs");
        logs["logging"] = Value::Null;
        logs["acl"] = json!({"Grants": [grant("s3/LogDelivery", "WRITE")]});
        let mut covered = clean("covered");
        covered["public_access_block"] = json!({"BlockPublicAcls": true});
        covered["acl"] = json!({"Grants": [grant("global/AllUsers", "FULL_CONTROL")]});
        covered["logging"] = json!({"unknown": "AccessDenied"});
        covered["encryption"] = Value::Null;
        let mut v = vec![
            TestInput::stdin("no buckets", json!({"buckets": []}).to_string()),
            TestInput::stdin(
                "account BPA off: public site, log target, clean",
                serde_json::to_string_pretty(&json!({"account_id": "123456789012",
                    "buckets": [open, logs, clean("clean")]}))
                .unwrap_or_default(),
            ),
            TestInput::stdin(
                "account BPA on covers the bucket and ignores its ACL",
                serde_json::to_string_pretty(&json!({"public_access_block": on,
                    "buckets": [covered, clean("clean")]}))
                .unwrap_or_default(),
            ),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let names: Vec<&str> = [
                "app-data",
                "backups",
                "central-logs",
                "cdn-assets",
                "tmp-uploads",
            ]
            .into_iter()
            .filter(|_| rng.u8(0..4) != 0)
            .collect();
            let buckets: Vec<Value> = names.iter().map(|b| bucket(rng, b, &names)).collect();
            let mut snap = json!({"account_id": "210987654321", "buckets": buckets});
            snap["public_access_block"] = bpa(rng);
            TestInput::stdin(
                format!("random {i}"),
                serde_json::to_string_pretty(&snap).unwrap_or_default(),
            )
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let snap = s3::parse_snapshot("input.json", &input.stdin).map_err(|d| Error::Engine {
            exercise: self.id().into(),
            message: d.to_string(),
        })?;
        let audit = s3::audit(&snap, &s3::Sensitivity::none(), "input.json");
        let mut rows: Vec<(String, String, &'static str)> = audit
            .findings
            .iter()
            .filter(|f| CHECKS.contains(&f.rule_id.as_str()))
            .filter_map(|f| match &f.location {
                Location::Element { element, .. } => Some((
                    element.rsplit(':').next().unwrap_or(element).to_string(),
                    f.rule_id.clone(),
                    f.severity.as_str(),
                )),
                _ => None,
            })
            .collect();
        rows.sort();
        Ok(lines(
            rows.into_iter().map(|(b, r, s)| format!("{b} {r} {s}")),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_cases() {
        let g = S3Buckets;
        let v = g.generate(0, 3);
        assert_eq!(g.answer(&v[0]).unwrap(), "");
        assert_eq!(
            g.answer(&v[1]).unwrap(),
            "public-site s3-acl-public critical\n\
             public-site s3-bucket-public-access-block-off high\n\
             public-site s3-no-default-encryption medium\n"
        );
        assert_eq!(
            g.answer(&v[2]).unwrap(),
            "covered s3-acl-public medium\n\
             covered s3-bucket-public-access-block-off low\n\
             covered s3-no-default-encryption medium\n"
        );
    }
}
