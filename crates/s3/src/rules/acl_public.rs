//! `s3-acl-public`
//!
//! **What:** the bucket ACL grants a permission to the `AllUsers` group
//! (anyone on the internet) or the `AuthenticatedUsers` group (anyone with
//! any AWS account, not just yours).
//!
//! **Why:** `READ` lets anyone list the bucket, `WRITE` lets anyone plant or
//! overwrite objects, `READ_ACP`/`WRITE_ACP` expose or hand over the
//! permissions themselves. `AuthenticatedUsers` is public in all but name.
//! If Block Public Access `IgnorePublicAcls` is in force, S3 ignores the
//! grant and the finding is reported at medium severity: the grant is one
//! setting change away from working again.
//!
//! **Example:** a grant `{Grantee: {Type: Group, URI:
//! http://acs.amazonaws.com/groups/global/AllUsers}, Permission: READ}`.
//!
//! **Fix:** `aws s3api put-bucket-acl --bucket B --acl private`, then
//! disable ACLs altogether with Object Ownership `BucketOwnerEnforced`.

use super::{bucket_finding, Ctx, Rule};
use crate::model::{BucketSnapshot, Grant, ALL_USERS, AUTHENTICATED_USERS};
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-acl-public",
    title: "Bucket ACL grants access to everyone",
    severity: Severity::High,
    cwe: 732,
    why: "An ACL grant to AllUsers or AuthenticatedUsers opens the bucket to the whole internet.",
    check,
};

/// The grants of `b` to AllUsers or AuthenticatedUsers.
pub fn public_grants(b: &BucketSnapshot) -> Vec<&Grant> {
    b.acl
        .configured()
        .map(|acl| {
            acl.grants
                .iter()
                .filter(|g| {
                    matches!(
                        g.grantee.uri.as_deref(),
                        Some(ALL_USERS | AUTHENTICATED_USERS)
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn group(uri: &str) -> &'static str {
    if uri == ALL_USERS {
        "AllUsers (anyone)"
    } else {
        "AuthenticatedUsers (any AWS account)"
    }
}

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        let grants = public_grants(b);
        if grants.is_empty() {
            continue;
        }
        let facts: Vec<String> = grants
            .iter()
            .map(|g| {
                format!(
                    "{} granted to {}",
                    g.permission,
                    group(g.grantee.uri.as_deref().unwrap_or(""))
                )
            })
            .collect();
        let writes = grants.iter().any(|g| {
            matches!(
                g.permission.as_str(),
                "WRITE" | "WRITE_ACP" | "FULL_CONTROL"
            )
        });
        let ignored = ctx.effective_bpa(b).ignore_public_acls;
        let severity = match (ignored, writes) {
            (true, _) => Severity::Medium,
            (false, true) => Severity::Critical,
            (false, false) => Severity::High,
        };
        let note = if ignored {
            " S3 ignores it while IgnorePublicAcls is on, but it comes back if that switch is turned off."
        } else {
            ""
        };
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            severity,
            format!("Bucket {} has a public ACL: {}.{note}", b.name, facts.join("; ")),
            facts,
            "Reset the bucket ACL to private",
            format!(
                "aws s3api put-bucket-acl --bucket {} --acl private; then aws s3api put-bucket-ownership-controls --bucket {} --ownership-controls Rules=[{{ObjectOwnership=BucketOwnerEnforced}}]",
                b.name, b.name
            ),
            "AWS Config rules s3-bucket-public-read-prohibited and s3-bucket-public-write-prohibited: COMPLIANT",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::rules::testutil::*;

    fn grant(uri: &str, perm: &str) -> Grant {
        Grant {
            grantee: Grantee {
                kind: "Group".into(),
                id: None,
                display_name: None,
                uri: Some(uri.into()),
                email_address: None,
            },
            permission: perm.into(),
        }
    }

    #[test]
    fn all_users_and_authenticated_users() {
        let mut b = clean("b");
        b.public_access_block = Setting::NotConfigured;
        b.acl = Setting::Configured(Acl {
            owner: Some("o".into()),
            grants: vec![grant(ALL_USERS, "READ"), grant(LOG_DELIVERY, "WRITE")],
        });
        let mut a = account_with(b);
        a.public_access_block = Setting::NotConfigured;
        let f = run(&RULE, &a);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert!(
            f[0].message.contains("READ granted to AllUsers"),
            "{}",
            f[0].message
        );
        a.buckets[0].acl = Setting::Configured(Acl {
            owner: None,
            grants: vec![grant(AUTHENTICATED_USERS, "WRITE")],
        });
        assert_eq!(run(&RULE, &a)[0].severity, Severity::Critical);
        a.public_access_block = Setting::Configured(PublicAccessBlock::ALL_ON);
        assert_eq!(run(&RULE, &a)[0].severity, Severity::Medium);
        a.buckets[0].acl = Setting::Configured(Acl::default());
        assert!(run(&RULE, &a).is_empty());
    }
}
