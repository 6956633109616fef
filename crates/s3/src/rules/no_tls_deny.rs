//! `s3-no-tls-deny`
//!
//! **What:** the bucket policy has no statement that denies requests made
//! over plain HTTP: `{"Effect": "Deny", "Principal": "*", "Action": "s3:*",
//! "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`. A bucket
//! without any policy has none either.
//!
//! **Why:** S3 still answers `http://` requests. Without the deny, a client
//! misconfigured to use HTTP (an old SDK setting, a hand-written URL) sends
//! credentials-signed requests and the data in clear text, readable and
//! alterable on the path.
//!
//! **Example:** a policy with only `Allow` statements.
//!
//! **Fix:** add the statement above with `"Resource": ["arn:aws:s3:::B",
//! "arn:aws:s3:::B/*"]` to the existing policy. The plan merges it in and
//! keeps every existing statement.

use super::{bucket_finding, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-no-tls-deny",
    title: "Bucket policy does not require TLS",
    severity: Severity::Medium,
    cwe: 319,
    why: "Without a deny on aws:SecureTransport false, S3 accepts plain-HTTP requests.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let fact = match (&b.policy, ctx.policy(&b.name)) {
            (Setting::Unknown(_), _) => continue,
            (_, Some(Err(_))) => continue,
            (_, Some(Ok(p))) if p.denies_insecure_transport() => continue,
            (_, Some(Ok(_))) => "the policy has no Deny on aws:SecureTransport false",
            (_, None) => "the bucket has no policy",
        };
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            RULE.severity,
            format!("Bucket {} accepts requests over plain HTTP: {fact}.", b.name),
            vec![fact.to_string()],
            "Add a Deny statement for requests without TLS to the bucket policy",
            format!(
                "{{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:{p}:s3:::{n}\",\"arn:{p}:s3:::{n}/*\"],\"Condition\":{{\"Bool\":{{\"aws:SecureTransport\":\"false\"}}}}}}",
                p = ctx.snapshot.partition,
                n = b.name
            ),
            "AWS Config rule s3-bucket-ssl-requests-only: COMPLIANT",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testutil::*;

    #[test]
    fn no_policy_a_policy_without_it_and_a_broken_policy() {
        let mut a = account_with(clean("b"));
        assert!(run(&RULE, &a).is_empty());
        a.buckets[0].policy = Setting::NotConfigured;
        assert!(run(&RULE, &a)[0].message.contains("has no policy"));
        a.buckets[0].policy = Setting::Configured(r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#.into());
        assert_eq!(run(&RULE, &a).len(), 1);
        a.buckets[0].policy = Setting::Configured("{".into());
        assert!(run(&RULE, &a).is_empty());
    }
}
