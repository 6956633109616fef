//! `s3-bucket-public-access-block-off`
//!
//! **What:** a bucket has no Block Public Access configuration of its own,
//! or one with a switch off.
//!
//! **Why:** the bucket setting is defence in depth: it still protects the
//! bucket if the account-level setting is relaxed later (accounts get
//! exceptions for one website bucket, then keep them). When the account
//! setting is already fully on, the finding is low severity; when it is
//! not, this bucket can be made public today.
//!
//! **Example:** `GetPublicAccessBlock` on the bucket answers
//! `NoSuchPublicAccessBlockConfiguration`.
//!
//! **Fix:** `aws s3api put-public-access-block --bucket B
//! --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.

use super::{bucket_finding, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-bucket-public-access-block-off",
    title: "Bucket-level S3 Block Public Access is off",
    severity: Severity::High,
    cwe: 284,
    why: "The bucket can be made public by an ACL or policy change unless the account blocks it.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let account_on = ctx
        .snapshot
        .public_access_block
        .configured()
        .is_some_and(|p| p.all_on());
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let off = match &b.public_access_block {
            Setting::Configured(p) if p.all_on() => continue,
            Setting::Configured(p) => p.off(),
            Setting::NotConfigured => vec![
                "BlockPublicAcls",
                "IgnorePublicAcls",
                "BlockPublicPolicy",
                "RestrictPublicBuckets",
            ],
            Setting::Unknown(_) => continue,
        };
        let (severity, context) = if account_on {
            (Severity::Low, "the account-level setting covers it for now")
        } else {
            (
                RULE.severity,
                "the account-level setting does not cover it either",
            )
        };
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            severity,
            format!(
                "Bucket {} does not block public access ({} off); {context}.",
                b.name,
                off.join(", ")
            ),
            vec![format!("bucket-level switches off: {}", off.join(", "))],
            "Turn on all four Block Public Access switches on the bucket",
            format!(
                "aws s3api put-public-access-block --bucket {} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
                b.name
            ),
            "AWS Config rule s3-bucket-level-public-access-prohibited: COMPLIANT",
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
    fn severity_depends_on_the_account_setting() {
        let mut b = clean("b");
        b.public_access_block = Setting::NotConfigured;
        let mut a = account_with(b);
        let f = run(&RULE, &a);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Low);
        assert_eq!(f[0].id, "s3-bucket-public-access-block-off@arn:aws:s3:::b");
        a.public_access_block = Setting::NotConfigured;
        assert_eq!(run(&RULE, &a)[0].severity, Severity::High);
        a.buckets[0].public_access_block = Setting::Configured(PublicAccessBlock::ALL_ON);
        assert!(run(&RULE, &a).is_empty());
        a.buckets[0].public_access_block = Setting::Unknown("AccessDenied".into());
        assert!(run(&RULE, &a).is_empty());
    }
}
