//! `s3-policy-public`
//!
//! **What:** an `Allow` statement in the bucket policy whose principal is
//! `"*"` (or `{"AWS": "*"}`, or a `NotPrincipal`) and that carries no
//! condition narrowing who can use it: `aws:SourceVpce`, `aws:SourceVpc`,
//! `aws:SourceIp`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`,
//! `aws:SourceAccount`, `aws:SourceArn` and the like, with a concrete value.
//! `Deny` statements never expose anything and are not flagged.
//!
//! **Why:** such a statement lets anyone on the internet perform its
//! actions. A read is a data breach; a write lets anyone plant malware or
//! run up the bill. If `RestrictPublicBuckets` is in force S3 limits the
//! statement to AWS services and the owner's principals, and the finding
//! drops to medium.
//!
//! **Example:** `{"Effect": "Allow", "Principal": "*", "Action":
//! "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}`.
//!
//! **Fix:** narrow the statement to your account with
//! `"Condition": {"StringEquals": {"aws:PrincipalAccount": "ACCOUNT"}}` (the
//! plan does this, keeping the statement), to your organisation with
//! `aws:PrincipalOrgID`, or to a VPC endpoint with `aws:SourceVpce`; serve
//! public content through CloudFront with origin access control.

use super::{bucket_finding, Ctx, Rule};
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-policy-public",
    title: "Bucket policy allows anyone",
    severity: Severity::Critical,
    cwe: 732,
    why: "A policy statement for Principal * without a restricting condition grants its actions to the whole internet.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let Some(Ok(policy)) = ctx.policy(&b.name) else {
            continue;
        };
        let public = policy.public_statements();
        if public.is_empty() {
            continue;
        }
        let writes = public.iter().any(|s| s.writes());
        let restricted = ctx.effective_bpa(b).restrict_public_buckets;
        let severity = match (restricted, writes) {
            (true, _) => Severity::Medium,
            (false, true) => Severity::Critical,
            (false, false) => Severity::High,
        };
        let facts: Vec<String> = public
            .iter()
            .map(|s| {
                format!(
                    "{}: Allow {} to {}{}",
                    s.label(),
                    if s.not_principal {
                        "everyone but NotPrincipal"
                    } else {
                        "Principal *"
                    },
                    if s.not_action { "everything but " } else { "" },
                    s.actions.join(", ")
                )
            })
            .collect();
        let note = if restricted {
            " RestrictPublicBuckets limits it to AWS services and this account for now."
        } else {
            ""
        };
        let account = ctx.snapshot.account_id.as_deref().unwrap_or("ACCOUNT_ID");
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            severity,
            format!(
                "Bucket {} has a policy open to anyone: {}.{note}",
                b.name,
                public.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
            ),
            facts,
            "Restrict the public statements to your account, organisation or VPC endpoint",
            format!(
                "add to each listed statement: \"Condition\": {{\"StringEquals\": {{\"aws:PrincipalAccount\": \"{account}\"}}}} (or aws:PrincipalOrgID / aws:SourceVpce); aws s3api put-bucket-policy --bucket {} --policy file://policy.json",
                b.name
            ),
            "IAM Access Analyzer: no active finding for the bucket; AWS Config s3-bucket-policy-grantee-check: COMPLIANT",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::rules::testutil::*;

    #[test]
    fn public_read_and_write_and_restricted() {
        let mut b = clean("b");
        b.public_access_block = Setting::NotConfigured;
        b.policy = Setting::Configured(r#"{"Statement":[{"Sid":"Web","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#.into());
        let mut a = account_with(b);
        a.public_access_block = Setting::NotConfigured;
        let f = run(&RULE, &a);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert!(f[0].message.contains("statement `Web`"));
        a.buckets[0].policy = Setting::Configured(r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["s3:PutObject"],"Resource":"*"}]}"#.into());
        assert_eq!(run(&RULE, &a)[0].severity, Severity::Critical);
        a.buckets[0].public_access_block = Setting::Configured(PublicAccessBlock::ALL_ON);
        assert_eq!(run(&RULE, &a)[0].severity, Severity::Medium);
    }

    #[test]
    fn conditions_and_denies_and_broken_policies_are_quiet() {
        for p in [
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#,
            r#"{"Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}"#,
            "not json",
        ] {
            let mut b = clean("b");
            b.policy = Setting::Configured(p.into());
            assert!(run(&RULE, &account_with(b)).is_empty(), "{p}");
        }
    }
}
