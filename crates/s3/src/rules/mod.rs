//! The S3 rules, one file each. Every rule reads the snapshot through a
//! [`Ctx`] and returns findings located at the bucket's ARN (or the
//! account), with the concrete setting that fixes it.

use crate::model::{AccountSnapshot, BucketSnapshot, PublicAccessBlock};
use crate::policy::{Policy, PolicyError};
use crate::sensitivity::Sensitivity;
use report::{Category, Confidence, Evidence, Finding, Location, Remediation, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub mod access_logging_off;
pub mod account_public_access_block_off;
pub mod acl_public;
pub mod bucket_public_access_block_off;
pub mod mfa_delete_off;
pub mod no_default_encryption;
pub mod no_tls_deny;
pub mod policy_public;
pub mod versioning_off;

/// A rule: its metadata and its check.
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    /// The severity of a typical finding (some findings are raised or
    /// lowered by context, e.g. a public ACL that Block Public Access
    /// already neutralises).
    pub severity: Severity,
    pub cwe: u32,
    /// Why it matters, for SARIF rule help.
    pub why: &'static str,
    pub check: fn(&Ctx<'_>) -> Vec<Finding>,
}

/// Every rule, in report order.
pub fn all() -> &'static [Rule] {
    &[
        account_public_access_block_off::RULE,
        bucket_public_access_block_off::RULE,
        acl_public::RULE,
        policy_public::RULE,
        no_default_encryption::RULE,
        no_tls_deny::RULE,
        versioning_off::RULE,
        mfa_delete_off::RULE,
        access_logging_off::RULE,
    ]
}

/// What the rules read: the snapshot, plus what is derived once.
pub struct Ctx<'a> {
    pub snapshot: &'a AccountSnapshot,
    pub sensitivity: &'a Sensitivity,
    /// Parsed policies by bucket name (only buckets that have one).
    pub policies: BTreeMap<&'a str, Result<Policy, PolicyError>>,
    /// Buckets that other buckets deliver access logs to.
    pub log_targets: BTreeSet<&'a str>,
}

impl<'a> Ctx<'a> {
    pub fn new(snapshot: &'a AccountSnapshot, sensitivity: &'a Sensitivity) -> Self {
        let mut policies = BTreeMap::new();
        let mut log_targets = BTreeSet::new();
        for b in &snapshot.buckets {
            if let Some(p) = b.policy.configured() {
                policies.insert(b.name.as_str(), Policy::parse(p));
            }
            if let Some(l) = b.logging.configured() {
                if l.target_bucket != b.name {
                    log_targets.insert(l.target_bucket.as_str());
                }
            }
        }
        Ctx {
            snapshot,
            sensitivity,
            policies,
            log_targets,
        }
    }

    /// The bucket's parsed policy: `None` when it has none, `Some(Err)`
    /// when it could not be parsed (the rules that need it then stay quiet;
    /// the audit reports the parse error).
    pub fn policy(&self, bucket: &str) -> Option<&Result<Policy, PolicyError>> {
        self.policies.get(bucket)
    }

    /// The Block Public Access in force for `b`: the union of the account's
    /// and the bucket's switches (unknown or absent counts as off).
    pub fn effective_bpa(&self, b: &BucketSnapshot) -> PublicAccessBlock {
        let acct = self
            .snapshot
            .public_access_block
            .configured()
            .copied()
            .unwrap_or_default();
        let own = b
            .public_access_block
            .configured()
            .copied()
            .unwrap_or_default();
        acct.union(&own)
    }

    pub fn arn(&self, b: &BucketSnapshot) -> String {
        b.arn(&self.snapshot.partition)
    }

    pub fn account_label(&self) -> String {
        self.snapshot
            .account_id
            .clone()
            .unwrap_or_else(|| "account".to_string())
    }
}

/// A finding on a bucket.
#[allow(clippy::too_many_arguments)]
pub(crate) fn bucket_finding(
    ctx: &Ctx<'_>,
    rule: &Rule,
    b: &BucketSnapshot,
    severity: Severity,
    message: String,
    facts: Vec<String>,
    fix_title: &str,
    fix_parameter: String,
    metric: &str,
) -> Finding {
    let location = Location::Element {
        element: ctx.arn(b),
        element_type: "s3-bucket".into(),
        span: None,
    };
    make(
        rule,
        location,
        severity,
        message,
        facts,
        fix_title,
        fix_parameter,
        metric,
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn make(
    rule: &Rule,
    location: Location,
    severity: Severity,
    message: String,
    facts: Vec<String>,
    fix_title: &str,
    fix_parameter: String,
    metric: &str,
) -> Finding {
    Finding {
        id: Finding::stable_id(rule.id, &location),
        rule_id: rule.id.into(),
        title: rule.title.into(),
        message,
        severity,
        confidence: Confidence::High,
        categories: vec![Category::Cwe(rule.cwe)],
        location,
        evidence: if facts.is_empty() {
            None
        } else {
            Some(Evidence::Facts { facts })
        },
        remediation: vec![Remediation {
            id: Arc::from(rule.id),
            title: Arc::from(fix_title),
            service: Arc::from("Amazon S3"),
            parameter: Arc::from(fix_parameter),
            metric: Arc::from(metric),
            in_place: false,
        }],
        impact: None,
    }
}

#[cfg(test)]
pub(crate) mod testutil {
    use crate::model::*;
    use crate::sensitivity::Sensitivity;
    use report::Finding;

    /// An account with every account-level control on and one bucket.
    pub fn account_with(b: BucketSnapshot) -> AccountSnapshot {
        let mut a = AccountSnapshot::new(Some("123456789012".into()));
        a.public_access_block = Setting::Configured(PublicAccessBlock::ALL_ON);
        a.buckets.push(b);
        a
    }

    /// A bucket that passes every rule.
    pub fn clean(name: &str) -> BucketSnapshot {
        let mut b = BucketSnapshot::new(name);
        b.public_access_block = Setting::Configured(PublicAccessBlock::ALL_ON);
        b.acl = Setting::Configured(Acl::default());
        b.policy = Setting::Configured(
            serde_json::to_string(&crate::policy::tls_deny_statement("aws", name))
                .map(|s| format!("{{\"Version\":\"2012-10-17\",\"Statement\":[{s}]}}"))
                .unwrap(),
        );
        b.encryption = Setting::Configured(Encryption {
            rules: vec![EncryptionRule {
                sse_algorithm: "AES256".into(),
                kms_master_key_id: None,
                bucket_key_enabled: false,
            }],
        });
        b.versioning = Setting::Configured(Versioning {
            status: Some("Enabled".into()),
            mfa_delete: Some("Enabled".into()),
        });
        b.logging = Setting::Configured(Logging {
            target_bucket: "logs".into(),
            target_prefix: format!("{name}/"),
        });
        b
    }

    pub fn run(rule: &super::Rule, a: &AccountSnapshot) -> Vec<Finding> {
        let s = Sensitivity::default();
        let ctx = super::Ctx::new(a, &s);
        (rule.check)(&ctx)
    }
}
