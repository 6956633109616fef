//! `s3-versioning-off`
//!
//! **What:** a sensitive bucket (by tag or name, see
//! `content/s3/sensitivity.toml`) does not have versioning enabled: it was
//! never turned on, or it is suspended.
//!
//! **Why:** without versions, a delete or an overwrite (a bug, a compromised
//! key, ransomware re-encrypting objects in place) destroys the only copy.
//! Versioning is also what MFA delete and Object Lock build on.
//!
//! **Example:** a bucket tagged `data-classification=confidential` whose
//! `GetBucketVersioning` answer has no `Status`.
//!
//! **Fix:** `aws s3api put-bucket-versioning --bucket B
//! --versioning-configuration Status=Enabled`, with a lifecycle rule that
//! expires noncurrent versions after the retention you need.

use super::{bucket_finding, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-versioning-off",
    title: "Sensitive bucket without versioning",
    severity: Severity::Medium,
    cwe: 693,
    why: "Without versioning a delete or overwrite of sensitive data cannot be undone.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let Some(reason) = ctx.sensitivity.reason(b) else {
            continue;
        };
        let state = match &b.versioning {
            Setting::Unknown(_) => continue,
            Setting::Configured(v) if v.enabled() => continue,
            Setting::Configured(v) => v.status.clone().unwrap_or_else(|| "never enabled".into()),
            Setting::NotConfigured => "never enabled".into(),
        };
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            RULE.severity,
            format!(
                "Bucket {} is sensitive ({reason}) but versioning is {}.",
                b.name,
                state.to_ascii_lowercase()
            ),
            vec![format!("sensitive: {reason}"), format!("versioning: {state}")],
            "Enable versioning",
            format!(
                "aws s3api put-bucket-versioning --bucket {} --versioning-configuration Status=Enabled",
                b.name
            ),
            "AWS Config rule s3-bucket-versioning-enabled: COMPLIANT",
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
    fn only_sensitive_buckets() {
        let mut b = clean("acme-backups");
        b.versioning = Setting::Configured(Versioning {
            status: Some("Suspended".into()),
            mfa_delete: None,
        });
        let mut a = account_with(b);
        let f = run(&RULE, &a);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.contains("versioning is suspended"),
            "{}",
            f[0].message
        );
        a.buckets[0].name = "acme-assets".into();
        assert!(run(&RULE, &a).is_empty());
        a.buckets[0].tags =
            Setting::Configured([("classification".into(), "confidential".into())].into());
        a.buckets[0].versioning = Setting::NotConfigured;
        assert!(run(&RULE, &a)[0].message.contains("never enabled"));
        a.buckets[0].versioning = Setting::Unknown("MalformedXML".into());
        assert!(run(&RULE, &a).is_empty());
    }
}
