//! `s3-account-public-access-block-off`
//!
//! **What:** the account-level S3 Block Public Access setting is missing or
//! has one of its four switches off.
//!
//! **Why:** the account setting is the one control that keeps every bucket,
//! including the ones created tomorrow by a script or a console click, from
//! being made public by an ACL or a policy. With it off, each bucket's own
//! setting is the only guard.
//!
//! **Example:** `GetPublicAccessBlock` (S3 Control) answers
//! `NoSuchPublicAccessBlockConfiguration`, or `BlockPublicPolicy: false`.
//!
//! **Fix:** turn all four switches on for the account:
//! `aws s3control put-public-access-block --account-id ID
//! --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true`.
//! Buckets that must serve the public (a static website) belong behind
//! CloudFront with origin access control instead.

use super::{make, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Location, Severity};

pub const RULE: Rule = Rule {
    id: "s3-account-public-access-block-off",
    title: "Account-level S3 Block Public Access is off",
    severity: Severity::High,
    cwe: 284,
    why: "Without the account-level switch, any bucket can be made public by one ACL or policy change.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let off = match &ctx.snapshot.public_access_block {
        Setting::Configured(p) if p.all_on() => return Vec::new(),
        Setting::Configured(p) => p.off(),
        Setting::NotConfigured => vec![
            "BlockPublicAcls",
            "IgnorePublicAcls",
            "BlockPublicPolicy",
            "RestrictPublicBuckets",
        ],
        Setting::Unknown(_) => return Vec::new(),
    };
    let account = ctx.account_label();
    let location = Location::Element {
        element: account.clone(),
        element_type: "aws-account".into(),
        span: None,
    };
    vec![make(
        &RULE,
        location,
        RULE.severity,
        format!(
            "Account {account} does not block public access to S3 at the account level ({} off).",
            off.join(", ")
        ),
        vec![format!("account-level switches off: {}", off.join(", "))],
        "Turn on all four account-level Block Public Access switches",
        format!(
            "aws s3control put-public-access-block --account-id {} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
            ctx.snapshot.account_id.as_deref().unwrap_or("ACCOUNT_ID")
        ),
        "AWS Config rule s3-account-level-public-access-blocks-periodic: COMPLIANT",
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::rules::testutil::*;

    #[test]
    fn fires_when_missing_or_partial_and_not_when_unknown() {
        let mut a = account_with(clean("b"));
        assert!(run(&RULE, &a).is_empty());
        a.public_access_block = Setting::NotConfigured;
        let f = run(&RULE, &a);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "s3-account-public-access-block-off@123456789012");
        a.public_access_block = Setting::Configured(PublicAccessBlock {
            block_public_policy: false,
            ..PublicAccessBlock::ALL_ON
        });
        assert!(run(&RULE, &a)[0]
            .message
            .contains("(BlockPublicPolicy off)"));
        a.public_access_block = Setting::Unknown("AccessDenied".into());
        assert!(run(&RULE, &a).is_empty());
    }
}
