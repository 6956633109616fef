//! `s3-mfa-delete-off`
//!
//! **What:** a sensitive bucket does not have MFA delete enabled.
//!
//! **Why:** with MFA delete, permanently deleting an object version or
//! suspending versioning needs the root user's MFA code. A stolen access
//! key, even an administrator's, cannot then erase the history that
//! versioning keeps.
//!
//! **Example:** `GetBucketVersioning` answers `Status: Enabled` with no
//! `MfaDelete`, or `MfaDelete: Disabled`.
//!
//! **Fix:** only the bucket owner's root user can do it, with its MFA
//! device: `aws s3api put-bucket-versioning --bucket B
//! --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa
//! "arn:aws:iam::ACCOUNT:mfa/root-account-mfa-device 123456"`. An
//! automation role cannot, so the plan lists this as a manual step (or
//! applies it when given `--mfa`). Object Lock in governance or compliance
//! mode is the alternative that needs no root user.

use super::{bucket_finding, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-mfa-delete-off",
    title: "Sensitive bucket without MFA delete",
    severity: Severity::Low,
    cwe: 308,
    why: "Without MFA delete, any principal allowed to delete versions can erase the bucket's history.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let Some(reason) = ctx.sensitivity.reason(b) else {
            continue;
        };
        match &b.versioning {
            Setting::Unknown(_) => continue,
            Setting::Configured(v) if v.mfa_delete_enabled() => continue,
            _ => {}
        }
        let account = ctx.snapshot.account_id.as_deref().unwrap_or("ACCOUNT_ID");
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            RULE.severity,
            format!(
                "Bucket {} is sensitive ({reason}) but MFA delete is off: any principal allowed to delete versions can erase its history.",
                b.name
            ),
            vec![format!("sensitive: {reason}"), "MFA delete: off".into()],
            "Enable MFA delete as the root user (or use Object Lock)",
            format!(
                "aws s3api put-bucket-versioning --bucket {} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa \"arn:aws:iam::{account}:mfa/root-account-mfa-device CODE\"",
                b.name
            ),
            "GetBucketVersioning returns MfaDelete: Enabled",
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
    fn fires_on_sensitive_buckets_without_mfa_delete() {
        let mut b = clean("payroll-exports");
        assert!(run(&RULE, &account_with(b.clone())).is_empty());
        b.versioning = Setting::Configured(Versioning {
            status: Some("Enabled".into()),
            mfa_delete: Some("Disabled".into()),
        });
        assert_eq!(run(&RULE, &account_with(b.clone())).len(), 1);
        b.versioning = Setting::NotConfigured;
        assert_eq!(run(&RULE, &account_with(b.clone())).len(), 1);
        b.name = "web".into();
        assert!(run(&RULE, &account_with(b)).is_empty());
    }
}
