//! Plans: what a run will change, step by step, before it changes anything.
//!
//! A [`Plan`] is an ordered list of [`Step`]s per account. Each step is
//! one IAM or Secrets Manager change with a stable id
//! (`account:user:verb:object`), the reason it is there, and an optional
//! wait (a grace period). Steps are idempotent: the executor checks the
//! current state before each one and counts "already so" as success.

use crate::time::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// The inline policy that revokes sessions, kept after offboarding.
pub const REVOKE_POLICY: &str = "barraiser-revoke-sessions";
/// The tag an offboarded (kept) user carries, with the time as value.
pub const OFFBOARD_TAG: &str = "barraiser:offboarded";
/// The default Secrets Manager name for a rotated key.
pub const DEFAULT_SECRET_TEMPLATE: &str = "barraiser/iam/{account}/{user}";

/// What the operator asked for. It is stored in the state file, so a
/// resumed run can prove it continues the same request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Request {
    Rotate(RotateRequest),
    Offboard(OffboardRequest),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RotateRequest {
    /// Rotate every active key of these users (with `max_age_days`: only
    /// their keys older than that).
    #[serde(default)]
    pub users: Vec<String>,
    /// Rotate active keys created more than this many days ago.
    #[serde(default)]
    pub max_age_days: Option<u32>,
    /// Compromised keys: deactivated first, then their users rotated.
    #[serde(default)]
    pub key_ids: Vec<String>,
    /// Days between deactivating an old key and deleting it.
    pub grace_days: u32,
    /// Secret name, with `{account}` and `{user}` filled in.
    pub secret_template: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OffboardRequest {
    pub user: String,
    /// Delete the user at the end instead of keeping it tagged and bare.
    #[serde(default)]
    pub delete_user: bool,
}

impl Request {
    pub fn kind(&self) -> &'static str {
        match self {
            Request::Rotate(_) => "keys rotate",
            Request::Offboard(_) => "offboard",
        }
    }

    /// Reject requests that cannot be planned, with what to pass instead.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            Request::Rotate(r) => {
                if r.users.is_empty() && r.max_age_days.is_none() && r.key_ids.is_empty() {
                    return Err("say which keys to rotate: --user NAME, --max-age-days N or --key-id AKIA...".into());
                }
                for u in &r.users {
                    check_user_name(u)?;
                }
                for k in &r.key_ids {
                    if k.len() < 16
                        || k.len() > 128
                        || !k
                            .bytes()
                            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    {
                        return Err(format!(
                            "`{k}` is not an access key id (like AKIAIOSFODNN7EXAMPLE)"
                        ));
                    }
                }
                check_template(&r.secret_template)
            }
            Request::Offboard(o) => check_user_name(&o.user),
        }
    }
}

/// IAM user names: 1 to 64 of `[A-Za-z0-9+=,.@_-]`.
pub fn check_user_name(u: &str) -> Result<(), String> {
    if u.is_empty()
        || u.len() > 64
        || !u
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
    {
        return Err(format!(
            "`{u}` is not an IAM user name (1 to 64 letters, digits and +=,.@_-)"
        ));
    }
    Ok(())
}

/// A secret name template: Secrets Manager's characters plus the
/// `{account}` and `{user}` placeholders; it must contain `{user}` so two
/// users never share a secret.
pub fn check_template(t: &str) -> Result<(), String> {
    let rest = t.replace("{account}", "").replace("{user}", "");
    if !t.contains("{user}") {
        return Err(format!(
            "the secret name template `{t}` must contain {{user}}"
        ));
    }
    if let Some(c) = rest
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "/_+=.@-".contains(*c)))
    {
        return Err(format!(
            "the secret name template `{t}` has `{c}`; Secrets Manager names allow letters, digits and /_+=.@- (placeholders {{account}} and {{user}})"
        ));
    }
    if t.len() > 256 {
        return Err("the secret name template is longer than 256 characters".into());
    }
    Ok(())
}

/// The secret name for one user. Characters Secrets Manager refuses in
/// user names (only `,`) become `_`.
pub fn secret_name(template: &str, account: &str, user: &str) -> String {
    template
        .replace("{account}", account)
        .replace("{user}", &user.replace(',', "_"))
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Action {
    /// Attach an inline Deny-everything policy conditioned on
    /// `aws:TokenIssueTime` earlier than `issued_before`: every temporary
    /// credential issued before then stops working at once.
    RevokeSessions {
        user: String,
        issued_before: Timestamp,
    },
    DeleteLoginProfile {
        user: String,
    },
    /// Create an access key and store it in Secrets Manager as
    /// `{"AccessKeyId": ..., "SecretAccessKey": ...}`. `replaces` lists the
    /// keys the user had when planned, so a resumed run recognises a key it
    /// created itself.
    CreateAccessKey {
        user: String,
        secret_name: String,
        replaces: Vec<String>,
    },
    DeactivateAccessKey {
        user: String,
        key_id: String,
    },
    DeleteAccessKey {
        user: String,
        key_id: String,
    },
    DeactivateMfaDevice {
        user: String,
        serial: String,
    },
    DeleteVirtualMfaDevice {
        serial: String,
    },
    DeleteSshPublicKey {
        user: String,
        key_id: String,
    },
    DeleteSigningCertificate {
        user: String,
        certificate_id: String,
    },
    DeleteServiceSpecificCredential {
        user: String,
        credential_id: String,
    },
    RemoveFromGroup {
        user: String,
        group: String,
    },
    DetachPolicy {
        user: String,
        policy_arn: String,
    },
    DeleteInlinePolicy {
        user: String,
        policy_name: String,
    },
    TagUser {
        user: String,
        key: String,
        value: String,
    },
    DeleteUser {
        user: String,
    },
}

impl Action {
    /// The kebab-case verb, as in the JSON `action` field.
    pub fn verb(&self) -> &'static str {
        match self {
            Action::RevokeSessions { .. } => "revoke-sessions",
            Action::DeleteLoginProfile { .. } => "delete-login-profile",
            Action::CreateAccessKey { .. } => "create-access-key",
            Action::DeactivateAccessKey { .. } => "deactivate-access-key",
            Action::DeleteAccessKey { .. } => "delete-access-key",
            Action::DeactivateMfaDevice { .. } => "deactivate-mfa-device",
            Action::DeleteVirtualMfaDevice { .. } => "delete-virtual-mfa-device",
            Action::DeleteSshPublicKey { .. } => "delete-ssh-public-key",
            Action::DeleteSigningCertificate { .. } => "delete-signing-certificate",
            Action::DeleteServiceSpecificCredential { .. } => "delete-service-specific-credential",
            Action::RemoveFromGroup { .. } => "remove-from-group",
            Action::DetachPolicy { .. } => "detach-policy",
            Action::DeleteInlinePolicy { .. } => "delete-inline-policy",
            Action::TagUser { .. } => "tag-user",
            Action::DeleteUser { .. } => "delete-user",
        }
    }

    /// The user the step changes (`None` for account-level objects).
    pub fn user(&self) -> Option<&str> {
        match self {
            Action::DeleteVirtualMfaDevice { .. } => None,
            Action::RevokeSessions { user, .. }
            | Action::DeleteLoginProfile { user }
            | Action::CreateAccessKey { user, .. }
            | Action::DeactivateAccessKey { user, .. }
            | Action::DeleteAccessKey { user, .. }
            | Action::DeactivateMfaDevice { user, .. }
            | Action::DeleteSshPublicKey { user, .. }
            | Action::DeleteSigningCertificate { user, .. }
            | Action::DeleteServiceSpecificCredential { user, .. }
            | Action::RemoveFromGroup { user, .. }
            | Action::DetachPolicy { user, .. }
            | Action::DeleteInlinePolicy { user, .. }
            | Action::TagUser { user, .. }
            | Action::DeleteUser { user } => Some(user),
        }
    }

    /// What the step acts on, for ids and text.
    pub fn object(&self) -> String {
        match self {
            Action::RevokeSessions { .. } => REVOKE_POLICY.to_string(),
            Action::DeleteLoginProfile { .. } | Action::DeleteUser { .. } => "user".into(),
            Action::CreateAccessKey { secret_name, .. } => secret_name.clone(),
            Action::DeactivateAccessKey { key_id, .. }
            | Action::DeleteAccessKey { key_id, .. }
            | Action::DeleteSshPublicKey { key_id, .. } => key_id.clone(),
            Action::DeactivateMfaDevice { serial, .. }
            | Action::DeleteVirtualMfaDevice { serial } => serial.clone(),
            Action::DeleteSigningCertificate { certificate_id, .. } => certificate_id.clone(),
            Action::DeleteServiceSpecificCredential { credential_id, .. } => credential_id.clone(),
            Action::RemoveFromGroup { group, .. } => group.clone(),
            Action::DetachPolicy { policy_arn, .. } => policy_arn.clone(),
            Action::DeleteInlinePolicy { policy_name, .. } => policy_name.clone(),
            Action::TagUser { key, .. } => key.clone(),
        }
    }

    /// One line for people.
    pub fn describe(&self) -> String {
        match self {
            Action::RevokeSessions { user, issued_before } => format!(
                "revoke {user}'s sessions issued before {issued_before} (inline deny `{REVOKE_POLICY}` on aws:TokenIssueTime)"
            ),
            Action::DeleteLoginProfile { user } => format!("delete {user}'s console password"),
            Action::CreateAccessKey { user, secret_name, .. } => {
                format!("create a new access key for {user} and store it in secret `{secret_name}`")
            }
            Action::DeactivateAccessKey { user, key_id } => {
                format!("deactivate access key {key_id} of {user}")
            }
            Action::DeleteAccessKey { user, key_id } => format!("delete access key {key_id} of {user}"),
            Action::DeactivateMfaDevice { user, serial } => {
                format!("deactivate MFA device {serial} of {user}")
            }
            Action::DeleteVirtualMfaDevice { serial } => format!("delete virtual MFA device {serial}"),
            Action::DeleteSshPublicKey { user, key_id } => {
                format!("delete SSH public key {key_id} of {user}")
            }
            Action::DeleteSigningCertificate { user, certificate_id } => {
                format!("delete signing certificate {certificate_id} of {user}")
            }
            Action::DeleteServiceSpecificCredential { user, credential_id } => {
                format!("delete service-specific credential {credential_id} of {user}")
            }
            Action::RemoveFromGroup { user, group } => format!("remove {user} from group {group}"),
            Action::DetachPolicy { user, policy_arn } => {
                format!("detach managed policy {policy_arn} from {user}")
            }
            Action::DeleteInlinePolicy { user, policy_name } => {
                format!("delete inline policy {policy_name} of {user}")
            }
            Action::TagUser { user, key, value } => format!("tag {user} {key}={value}"),
            Action::DeleteUser { user } => format!("delete user {user}"),
        }
    }
}

/// The session-revocation policy document: deny everything to credentials
/// issued before `t`. Long-term access keys carry no token issue time, so
/// the condition never matches them; the access-key steps handle those.
pub fn revoke_policy_document(t: Timestamp) -> String {
    serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "BarraiserRevokeOlderSessions",
            "Effect": "Deny",
            "Action": "*",
            "Resource": "*",
            "Condition": {"DateLessThan": {"aws:TokenIssueTime": t.to_string()}}
        }]
    })
    .to_string()
}

/// Wait before a step: `days` after the step `after` completed (or after
/// the plan was made when `after` is `None`, e.g. a key that was already
/// inactive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wait {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    pub days: u32,
}

// No `deny_unknown_fields` here: serde does not support it with
// `flatten`; the flattened `Action` refuses unknown fields itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    #[serde(flatten)]
    pub action: Action,
    pub why: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<Wait>,
}

impl Step {
    pub fn new(account: &str, action: Action, why: impl Into<String>) -> Step {
        let id = format!(
            "{account}:{}:{}:{}",
            action.user().unwrap_or("-"),
            action.verb(),
            action.object()
        );
        Step {
            id,
            action,
            why: why.into(),
            wait: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountPlan {
    pub account: String,
    pub steps: Vec<Step>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub request: Request,
    /// When the plan was made: the cut-off for "keys older than" and the
    /// session-revocation time.
    pub created: Timestamp,
    pub accounts: Vec<AccountPlan>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl Plan {
    pub fn step_count(&self) -> usize {
        self.accounts.iter().map(|a| a.steps.len()).sum()
    }

    pub fn steps(&self) -> impl Iterator<Item = (&str, &Step)> {
        self.accounts
            .iter()
            .flat_map(|a| a.steps.iter().map(move |s| (a.account.as_str(), s)))
    }

    /// The plan as text; `status` gives a per-step marker (done, waiting
    /// until, failed) when a state file exists.
    pub fn render_text(&self, status: &dyn Fn(&Step) -> Option<String>) -> String {
        let mut s = String::new();
        let n = self.step_count();
        let _ = writeln!(
            s,
            "barraiser {}: plan made {}: {n} step{} in {} account{}",
            self.request.kind(),
            self.created,
            if n == 1 { "" } else { "s" },
            self.accounts.len(),
            if self.accounts.len() == 1 { "" } else { "s" },
        );
        for a in &self.accounts {
            let _ = writeln!(s, "\naccount {}", a.account);
            if a.steps.is_empty() {
                let _ = writeln!(s, "  nothing to do");
            }
            for (i, st) in a.steps.iter().enumerate() {
                let mark = status(st).map(|m| format!(" [{m}]")).unwrap_or_default();
                let _ = writeln!(s, "  {:>2}. {}{mark}", i + 1, st.action.describe());
                let mut why = st.why.clone();
                if let Some(w) = &st.wait {
                    let _ = write!(
                        why,
                        "; waits {} day{} after ",
                        w.days,
                        if w.days == 1 { "" } else { "s" }
                    );
                    why.push_str(match &w.after {
                        Some(_) => "the deactivation",
                        None => "this plan",
                    });
                }
                let _ = writeln!(s, "      why: {why}");
            }
            for note in &a.notes {
                let _ = writeln!(s, "  note: {note}");
            }
        }
        if !self.notes.is_empty() {
            s.push('\n');
            for note in &self.notes {
                let _ = writeln!(s, "note: {note}");
            }
        }
        s
    }
}
