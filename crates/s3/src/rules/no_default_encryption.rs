//! `s3-no-default-encryption`
//!
//! **What:** the bucket has no default server-side encryption
//! configuration.
//!
//! **Why:** objects written without an encryption header are then stored
//! as the client sent them. S3 has applied SSE-S3 to new objects by default
//! since January 2023, so on AWS this mostly flags snapshots of older
//! setups and emulators; it also matters where a policy requires SSE-KMS
//! (key-level access control and CloudTrail records of every decrypt).
//!
//! **Example:** `GetBucketEncryption` answers
//! `ServerSideEncryptionConfigurationNotFoundError`.
//!
//! **Fix:** `aws s3api put-bucket-encryption --bucket B
//! --server-side-encryption-configuration
//! '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"KEY"},"BucketKeyEnabled":true}]}'`
//! (or `"SSEAlgorithm":"AES256"` for SSE-S3).

use super::{bucket_finding, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-no-default-encryption",
    title: "Bucket has no default encryption",
    severity: Severity::Medium,
    cwe: 311,
    why: "Objects written without an encryption header are stored without server-side encryption.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let missing = match &b.encryption {
            Setting::NotConfigured => true,
            Setting::Configured(e) => e.rules.is_empty(),
            Setting::Unknown(_) => false,
        };
        if !missing {
            continue;
        }
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            RULE.severity,
            format!("Bucket {} has no default server-side encryption.", b.name),
            vec!["GetBucketEncryption: no configuration".into()],
            "Set default encryption (SSE-KMS with a bucket key, or SSE-S3)",
            format!(
                "aws s3api put-bucket-encryption --bucket {} --server-side-encryption-configuration '{{\"Rules\":[{{\"ApplyServerSideEncryptionByDefault\":{{\"SSEAlgorithm\":\"aws:kms\"}},\"BucketKeyEnabled\":true}}]}}'",
                b.name
            ),
            "AWS Config rule s3-bucket-server-side-encryption-enabled: COMPLIANT",
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
    fn missing_empty_and_unknown() {
        let mut a = account_with(clean("b"));
        assert!(run(&RULE, &a).is_empty());
        a.buckets[0].encryption = Setting::NotConfigured;
        assert_eq!(run(&RULE, &a).len(), 1);
        a.buckets[0].encryption = Setting::Configured(Encryption { rules: vec![] });
        assert_eq!(run(&RULE, &a).len(), 1);
        a.buckets[0].encryption = Setting::Unknown("AccessDenied".into());
        assert!(run(&RULE, &a).is_empty());
    }
}
