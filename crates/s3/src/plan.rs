//! The remediation plan: the ordered API calls that fix what the audit
//! finds, as data.
//!
//! The plan is computed from the snapshot with the same predicates the
//! rules use, so it fixes exactly what is reported. It is idempotent: the
//! plan for a clean account is empty, and [`simulate`] (applying a plan to
//! the snapshot model) followed by a new plan gives an empty plan, which a
//! property test checks.
//!
//! Calls are grouped in phases across all buckets, so that a later call
//! never depends on an earlier phase being skipped:
//! 1. account Block Public Access;
//! 2. bucket Block Public Access;
//! 3. bucket ACLs back to `private`;
//! 4. bucket policies (public statements narrowed to the account, the TLS
//!    deny merged in, the log-delivery grant on the log bucket), before any
//!    bucket is pointed at the log bucket;
//! 5. default encryption;
//! 6. versioning (and MFA delete when the operator brings the root MFA);
//! 7. access logging.
//!
//! What cannot be done safely by a role (MFA delete without the root MFA, a
//! policy that is not JSON, a setting that could not be read) becomes a
//! [`Manual`] step with the reason and the command, never a guess.

use crate::model::{
    AccountSnapshot, Acl, Encryption, EncryptionRule, Logging, PublicAccessBlock, Setting,
    Versioning,
};
use crate::policy::{self, Policy};
use crate::rules::{acl_public, Ctx};
use crate::sensitivity::Sensitivity;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Choices the plan cannot make on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanOptions {
    /// The bucket that receives server access logs (`--log-bucket`).
    pub log_bucket: Option<String>,
    /// A KMS key for default encryption; SSE-S3 (AES256) when `None`.
    pub kms_key_id: Option<String>,
    /// The operator will run the plan as the root user with its MFA device
    /// (`--mfa`), so MFA delete can be enabled.
    pub mfa_delete: bool,
}

/// One API call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action")]
pub enum Action {
    /// s3control:PutPublicAccessBlock for the account.
    PutAccountPublicAccessBlock {
        account_id: String,
        configuration: PublicAccessBlock,
    },
    /// s3:PutPublicAccessBlock.
    PutPublicAccessBlock {
        bucket: String,
        configuration: PublicAccessBlock,
    },
    /// s3:PutBucketAcl with the canned ACL `private`.
    PutBucketAcl { bucket: String, acl: String },
    /// s3:PutBucketPolicy with the complete new document.
    PutBucketPolicy {
        bucket: String,
        /// What changed, in words.
        changes: Vec<String>,
        policy: String,
    },
    /// s3:PutBucketEncryption.
    PutBucketEncryption {
        bucket: String,
        sse_algorithm: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        kms_master_key_id: Option<String>,
        bucket_key_enabled: bool,
    },
    /// s3:PutBucketVersioning.
    PutBucketVersioning {
        bucket: String,
        status: String,
        /// `Enabled` when MFA delete is turned on (needs `--mfa`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mfa_delete: Option<String>,
    },
    /// s3:PutBucketLogging.
    PutBucketLogging {
        bucket: String,
        target_bucket: String,
        target_prefix: String,
    },
}

impl Action {
    /// The API operation, e.g. `s3:PutBucketPolicy`.
    pub fn operation(&self) -> &'static str {
        match self {
            Action::PutAccountPublicAccessBlock { .. } => "s3control:PutPublicAccessBlock",
            Action::PutPublicAccessBlock { .. } => "s3:PutPublicAccessBlock",
            Action::PutBucketAcl { .. } => "s3:PutBucketAcl",
            Action::PutBucketPolicy { .. } => "s3:PutBucketPolicy",
            Action::PutBucketEncryption { .. } => "s3:PutBucketEncryption",
            Action::PutBucketVersioning { .. } => "s3:PutBucketVersioning",
            Action::PutBucketLogging { .. } => "s3:PutBucketLogging",
        }
    }

    /// The bucket, or the account id for the account-level call.
    pub fn target(&self) -> &str {
        match self {
            Action::PutAccountPublicAccessBlock { account_id, .. } => account_id,
            Action::PutPublicAccessBlock { bucket, .. }
            | Action::PutBucketAcl { bucket, .. }
            | Action::PutBucketPolicy { bucket, .. }
            | Action::PutBucketEncryption { bucket, .. }
            | Action::PutBucketVersioning { bucket, .. }
            | Action::PutBucketLogging { bucket, .. } => bucket,
        }
    }

    /// One line for the text plan.
    pub fn describe(&self) -> String {
        match self {
            Action::PutAccountPublicAccessBlock { account_id, .. } => format!(
                "{} account {account_id}: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets = true",
                self.operation()
            ),
            Action::PutPublicAccessBlock { bucket, .. } => format!(
                "{} {bucket}: BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets = true",
                self.operation()
            ),
            Action::PutBucketAcl { bucket, acl } => {
                format!("{} {bucket}: canned ACL {acl}", self.operation())
            }
            Action::PutBucketPolicy {
                bucket, changes, ..
            } => format!("{} {bucket}: {}", self.operation(), changes.join("; ")),
            Action::PutBucketEncryption {
                bucket,
                sse_algorithm,
                kms_master_key_id,
                bucket_key_enabled,
            } => format!(
                "{} {bucket}: SSEAlgorithm={sse_algorithm}{}{}",
                self.operation(),
                kms_master_key_id
                    .as_deref()
                    .map(|k| format!(" KMSMasterKeyID={k}"))
                    .unwrap_or_default(),
                if *bucket_key_enabled {
                    " BucketKeyEnabled=true"
                } else {
                    ""
                }
            ),
            Action::PutBucketVersioning {
                bucket,
                status,
                mfa_delete,
            } => format!(
                "{} {bucket}: Status={status}{}",
                self.operation(),
                mfa_delete
                    .as_deref()
                    .map(|m| format!(" MFADelete={m} (with --mfa)"))
                    .unwrap_or_default()
            ),
            Action::PutBucketLogging {
                bucket,
                target_bucket,
                target_prefix,
            } => format!(
                "{} {bucket}: TargetBucket={target_bucket} TargetPrefix={target_prefix}",
                self.operation()
            ),
        }
    }
}

/// A step the plan will not take by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manual {
    /// The bucket, or the account.
    pub target: String,
    /// The rule it answers.
    pub rule: String,
    pub reason: String,
}

/// The plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub actions: Vec<Action>,
    pub manual: Vec<Manual>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty() && self.manual.is_empty()
    }

    /// The plan as numbered lines, then the manual steps.
    pub fn render_text(&self) -> String {
        let mut s = String::new();
        if self.is_empty() {
            s.push_str("Nothing to change: every bucket already passes.\n");
            return s;
        }
        if !self.actions.is_empty() {
            s.push_str(&format!(
                "Plan: {} change{}\n",
                self.actions.len(),
                if self.actions.len() == 1 { "" } else { "s" }
            ));
            for (i, a) in self.actions.iter().enumerate() {
                s.push_str(&format!("{:>3}. {}\n", i + 1, a.describe()));
                if let Action::PutBucketPolicy { policy, .. } = a {
                    s.push_str(&format!("     policy: {policy}\n"));
                }
            }
        }
        if !self.manual.is_empty() {
            s.push_str(&format!(
                "Manual step{} (not applied):\n",
                if self.manual.len() == 1 { "" } else { "s" }
            ));
            for m in &self.manual {
                s.push_str(&format!("  - {} [{}] {}\n", m.target, m.rule, m.reason));
            }
        }
        s
    }
}

fn has_log_delivery_grant(p: &Policy) -> bool {
    p.statements.iter().any(|s| {
        s.allow
            && matches!(&s.principal, policy::Principal::Some(ps)
                if ps.iter().any(|(k, v)| k == "Service" && v == "logging.s3.amazonaws.com"))
            && s.actions.iter().any(|a| a == "s3:PutObject" || a == "s3:*")
    })
}

/// Build the plan for `snapshot`.
pub fn plan(snapshot: &AccountSnapshot, sensitivity: &Sensitivity, opts: &PlanOptions) -> Plan {
    let ctx = Ctx::new(snapshot, sensitivity);
    let part = &snapshot.partition;
    let account = snapshot.account_id.as_deref();
    let mut phases: [Vec<Action>; 7] = Default::default();
    let mut manual = Vec::new();
    let mut manual_step = |target: &str, rule: &str, reason: String| {
        manual.push(Manual {
            target: target.to_string(),
            rule: rule.to_string(),
            reason,
        })
    };

    // 1. Account Block Public Access.
    let acct_bpa = &snapshot.public_access_block;
    if !matches!(acct_bpa, Setting::Unknown(_))
        && !acct_bpa.configured().is_some_and(|p| p.all_on())
    {
        match account {
            Some(id) => phases[0].push(Action::PutAccountPublicAccessBlock {
                account_id: id.to_string(),
                configuration: PublicAccessBlock::ALL_ON,
            }),
            None => manual_step(
                "account",
                "s3-account-public-access-block-off",
                "the snapshot has no account_id; turn on account-level Block Public Access with aws s3control put-public-access-block".into(),
            ),
        }
    }

    // Which buckets will log to the log bucket, and whether it exists.
    let log_bucket = opts
        .log_bucket
        .as_deref()
        .filter(|l| snapshot.bucket(l).is_some());
    let mut logs_into_target = false;

    let mut buckets: Vec<_> = snapshot.buckets.iter().collect();
    buckets.sort_by(|a, b| a.name.cmp(&b.name));
    for b in &buckets {
        let name = b.name.as_str();
        // 2. Bucket Block Public Access.
        if !matches!(b.public_access_block, Setting::Unknown(_))
            && !b
                .public_access_block
                .configured()
                .is_some_and(|p| p.all_on())
        {
            phases[1].push(Action::PutPublicAccessBlock {
                bucket: name.into(),
                configuration: PublicAccessBlock::ALL_ON,
            });
        }
        // 3. ACL.
        if !acl_public::public_grants(b).is_empty() {
            phases[2].push(Action::PutBucketAcl {
                bucket: name.into(),
                acl: "private".into(),
            });
        }
        // 5. Encryption.
        let no_enc = match &b.encryption {
            Setting::NotConfigured => true,
            Setting::Configured(e) => e.rules.is_empty(),
            Setting::Unknown(_) => false,
        };
        if no_enc {
            phases[4].push(match &opts.kms_key_id {
                Some(k) => Action::PutBucketEncryption {
                    bucket: name.into(),
                    sse_algorithm: "aws:kms".into(),
                    kms_master_key_id: Some(k.clone()),
                    bucket_key_enabled: true,
                },
                None => Action::PutBucketEncryption {
                    bucket: name.into(),
                    sse_algorithm: "AES256".into(),
                    kms_master_key_id: None,
                    bucket_key_enabled: false,
                },
            });
        }
        // 6. Versioning and MFA delete on sensitive buckets.
        if sensitivity.reason(b).is_some() {
            if let Some(v) = match &b.versioning {
                Setting::Unknown(_) => None,
                Setting::Configured(v) => Some(v.clone()),
                Setting::NotConfigured => Some(Versioning::default()),
            } {
                let mfa_needed = !v.mfa_delete_enabled();
                let mfa = mfa_needed && opts.mfa_delete;
                if !v.enabled() || mfa {
                    phases[5].push(Action::PutBucketVersioning {
                        bucket: name.into(),
                        status: "Enabled".into(),
                        mfa_delete: mfa.then(|| "Enabled".to_string()),
                    });
                }
                if mfa_needed && !opts.mfa_delete {
                    manual_step(
                        name,
                        "s3-mfa-delete-off",
                        format!("only the root user can enable MFA delete; run `barraiser s3 remediate --apply --mfa \"SERIAL CODE\"` as root, or aws s3api put-bucket-versioning --bucket {name} --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa \"SERIAL CODE\""),
                    );
                }
            }
        }
        // 7. Logging.
        if matches!(b.logging, Setting::NotConfigured) && !ctx.log_targets.contains(name) {
            match (&opts.log_bucket, log_bucket) {
                (Some(l), Some(_)) if l == name => {} // the log bucket itself
                (Some(l), Some(_)) => {
                    logs_into_target = true;
                    phases[6].push(Action::PutBucketLogging {
                        bucket: name.into(),
                        target_bucket: l.clone(),
                        target_prefix: format!("{name}/"),
                    });
                }
                (Some(l), None) => manual_step(
                    name,
                    "s3-access-logging-off",
                    format!("the log bucket {l} is not in this account's snapshot; create it in the same region, then re-run"),
                ),
                (None, _) => manual_step(
                    name,
                    "s3-access-logging-off",
                    "pass --log-bucket NAME (a bucket in the same account and region) to turn on access logging".into(),
                ),
            }
        }
    }

    if let Some(l) = log_bucket {
        let lb = snapshot.bucket(l).expect("checked above");
        if matches!(lb.logging, Setting::NotConfigured)
            && !ctx.log_targets.contains(l)
            && !logs_into_target
        {
            manual_step(
                l,
                "s3-access-logging-off",
                "the log bucket itself is not logged, and no bucket logs into it yet; point it at another log bucket or leave it as the sink".into(),
            );
        }
    }

    // 4. Policies: decided after logging so the log bucket's grant is known.
    for b in &buckets {
        let name = b.name.as_str();
        let needs_delivery = logs_into_target && log_bucket == Some(name);
        let (mut doc, parsed) = match (&b.policy, ctx.policy(name)) {
            (Setting::Unknown(e), _) => {
                manual_step(
                    name,
                    "s3-no-tls-deny",
                    format!(
                        "the bucket policy could not be read ({e}); it is never overwritten blind"
                    ),
                );
                continue;
            }
            (_, Some(Err(e))) => {
                manual_step(
                    name,
                    "s3-policy-invalid",
                    format!("the bucket policy is not valid ({e}); fix it by hand, then re-run"),
                );
                continue;
            }
            (_, Some(Ok(p))) => (p.raw.clone(), Some(p)),
            (_, None) => (policy::empty_document(), None),
        };
        let mut changes = Vec::new();
        let public: Vec<usize> = parsed
            .map(|p| p.public_statements().iter().map(|s| s.index).collect())
            .unwrap_or_default();
        if !public.is_empty() {
            match account {
                Some(id) => {
                    policy::restrict_to_account(&mut doc, &public, id);
                    changes.push(format!(
                        "narrow {} public statement{} to aws:PrincipalAccount {id}",
                        public.len(),
                        if public.len() == 1 { "" } else { "s" }
                    ));
                }
                None => manual_step(
                    name,
                    "s3-policy-public",
                    "the snapshot has no account_id to narrow the public statements to; add a restricting condition by hand".into(),
                ),
            }
        }
        if !parsed.is_some_and(|p| p.denies_insecure_transport())
            && policy::merge_statement(&mut doc, policy::tls_deny_statement(part, name))
        {
            changes.push(format!(
                "add Deny {} for aws:SecureTransport false",
                policy::TLS_SID
            ));
        }
        if needs_delivery && !parsed.is_some_and(has_log_delivery_grant) {
            match account {
                Some(id) => {
                    if policy::merge_statement_first(
                        &mut doc,
                        policy::log_delivery_statement(part, name, id),
                    ) {
                        changes.push(format!(
                            "add Allow {} for logging.s3.amazonaws.com",
                            policy::LOG_DELIVERY_SID
                        ));
                    }
                }
                None => manual_step(
                    name,
                    "s3-access-logging-off",
                    "the snapshot has no account_id for the log-delivery grant's aws:SourceAccount"
                        .into(),
                ),
            }
        }
        if !changes.is_empty() {
            let keep = parsed.map_or(0, |p| p.statements.len());
            if keep > 0 {
                changes.push(format!(
                    "keep the {keep} existing statement{}",
                    if keep == 1 { "" } else { "s" }
                ));
            }
            phases[3].push(Action::PutBucketPolicy {
                bucket: name.into(),
                changes,
                policy: serde_json::to_string(&doc).expect("plain JSON"),
            });
        }
    }

    manual.sort_by(|a, b| (&a.target, &a.rule).cmp(&(&b.target, &b.rule)));
    Plan {
        actions: phases.into_iter().flatten().collect(),
        manual,
    }
}

/// Apply `plan` to the snapshot model, as a successful `--apply` would
/// leave the account. Used to test that plans fix what they claim.
pub fn simulate(snapshot: &AccountSnapshot, plan: &Plan) -> AccountSnapshot {
    let mut s = snapshot.clone();
    for a in &plan.actions {
        match a {
            Action::PutAccountPublicAccessBlock { configuration, .. } => {
                s.public_access_block = Setting::Configured(*configuration)
            }
            Action::PutPublicAccessBlock {
                bucket,
                configuration,
            } => {
                if let Some(b) = s.bucket_mut(bucket) {
                    b.public_access_block = Setting::Configured(*configuration)
                }
            }
            Action::PutBucketAcl { bucket, .. } => {
                if let Some(b) = s.bucket_mut(bucket) {
                    let owner = b.acl.configured().and_then(|a| a.owner.clone());
                    b.acl = Setting::Configured(Acl {
                        owner,
                        grants: Vec::new(),
                    })
                }
            }
            Action::PutBucketPolicy { bucket, policy, .. } => {
                if let Some(b) = s.bucket_mut(bucket) {
                    b.policy = Setting::Configured(policy.clone())
                }
            }
            Action::PutBucketEncryption {
                bucket,
                sse_algorithm,
                kms_master_key_id,
                bucket_key_enabled,
            } => {
                if let Some(b) = s.bucket_mut(bucket) {
                    b.encryption = Setting::Configured(Encryption {
                        rules: vec![EncryptionRule {
                            sse_algorithm: sse_algorithm.clone(),
                            kms_master_key_id: kms_master_key_id.clone(),
                            bucket_key_enabled: *bucket_key_enabled,
                        }],
                    })
                }
            }
            Action::PutBucketVersioning {
                bucket,
                status,
                mfa_delete,
            } => {
                if let Some(b) = s.bucket_mut(bucket) {
                    let old = b.versioning.configured().and_then(|v| v.mfa_delete.clone());
                    b.versioning = Setting::Configured(Versioning {
                        status: Some(status.clone()),
                        mfa_delete: mfa_delete.clone().or(old),
                    })
                }
            }
            Action::PutBucketLogging {
                bucket,
                target_bucket,
                target_prefix,
            } => {
                if let Some(b) = s.bucket_mut(bucket) {
                    b.logging = Setting::Configured(Logging {
                        target_bucket: target_bucket.clone(),
                        target_prefix: target_prefix.clone(),
                    })
                }
            }
        }
    }
    s
}

/// The policy a plan will put on `bucket`, parsed, if it puts one.
pub fn planned_policy(plan: &Plan, bucket: &str) -> Option<Value> {
    plan.actions.iter().find_map(|a| match a {
        Action::PutBucketPolicy {
            bucket: b, policy, ..
        } if b == bucket => serde_json::from_str(policy).ok(),
        _ => None,
    })
}
