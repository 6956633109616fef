//! What each action means for a user's state: whether it already holds
//! (the idempotence check before every step) and how the user looks after
//! it (so one read per user serves a whole run).

use crate::inventory::{AccessKey, KeyStatus, User};
use crate::plan::{Action, REVOKE_POLICY};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The effect already holds; the step succeeds without a call.
    Done,
    /// The call is needed.
    Needed,
    /// The user snapshot cannot tell; make the call and count
    /// "not found" as done.
    Unknown,
}

/// Does `action`'s effect already hold? `user` is `None` when the user no
/// longer exists: every removal then holds, and creating or tagging cannot
/// (the call will report it).
pub fn check(user: Option<&User>, action: &Action) -> Check {
    let done = |b: bool| if b { Check::Done } else { Check::Needed };
    let Some(u) = user else {
        return match action {
            Action::DeleteVirtualMfaDevice { .. } => Check::Unknown,
            Action::CreateAccessKey { .. }
            | Action::TagUser { .. }
            | Action::RevokeSessions { .. } => Check::Needed,
            _ => Check::Done,
        };
    };
    match action {
        Action::RevokeSessions { .. } | Action::CreateAccessKey { .. } => Check::Needed,
        Action::DeleteVirtualMfaDevice { .. } => Check::Unknown,
        Action::DeleteLoginProfile { .. } => done(!u.login_profile),
        Action::DeactivateAccessKey { key_id, .. } => done(
            u.key(key_id)
                .is_none_or(|k| k.status == KeyStatus::Inactive),
        ),
        Action::DeleteAccessKey { key_id, .. } => done(u.key(key_id).is_none()),
        Action::DeactivateMfaDevice { serial, .. } => {
            done(!u.mfa_devices.iter().any(|m| &m.serial == serial))
        }
        Action::DeleteSshPublicKey { key_id, .. } => done(!u.ssh_public_keys.contains(key_id)),
        Action::DeleteSigningCertificate { certificate_id, .. } => {
            done(!u.signing_certificates.contains(certificate_id))
        }
        Action::DeleteServiceSpecificCredential { credential_id, .. } => {
            done(!u.service_specific_credentials.contains(credential_id))
        }
        Action::RemoveFromGroup { group, .. } => done(!u.groups.contains(group)),
        Action::DetachPolicy { policy_arn, .. } => done(!u.attached_policies.contains(policy_arn)),
        Action::DeleteInlinePolicy { policy_name, .. } => {
            done(!u.inline_policies.contains(policy_name))
        }
        Action::TagUser { key, value, .. } => done(u.tags.get(key) == Some(value)),
        Action::DeleteUser { .. } => Check::Needed,
    }
}

/// The user after `action` succeeded. `new_key` is the key a
/// `CreateAccessKey` made.
pub fn apply(user: &mut Option<User>, action: &Action, new_key: Option<&AccessKey>) {
    if let Action::DeleteUser { .. } = action {
        *user = None;
        return;
    }
    let Some(u) = user.as_mut() else { return };
    match action {
        Action::RevokeSessions { .. } => {
            if !u.inline_policies.iter().any(|p| p == REVOKE_POLICY) {
                u.inline_policies.push(REVOKE_POLICY.to_string());
            }
        }
        Action::DeleteLoginProfile { .. } => u.login_profile = false,
        Action::CreateAccessKey { .. } => {
            if let Some(k) = new_key {
                u.access_keys.push(k.clone());
            }
        }
        Action::DeactivateAccessKey { key_id, .. } => {
            for k in u.access_keys.iter_mut().filter(|k| &k.id == key_id) {
                k.status = KeyStatus::Inactive;
            }
        }
        Action::DeleteAccessKey { key_id, .. } => u.access_keys.retain(|k| &k.id != key_id),
        Action::DeactivateMfaDevice { serial, .. } => u.mfa_devices.retain(|m| &m.serial != serial),
        Action::DeleteVirtualMfaDevice { .. } => {}
        Action::DeleteSshPublicKey { key_id, .. } => u.ssh_public_keys.retain(|k| k != key_id),
        Action::DeleteSigningCertificate { certificate_id, .. } => {
            u.signing_certificates.retain(|c| c != certificate_id)
        }
        Action::DeleteServiceSpecificCredential { credential_id, .. } => u
            .service_specific_credentials
            .retain(|c| c != credential_id),
        Action::RemoveFromGroup { group, .. } => u.groups.retain(|g| g != group),
        Action::DetachPolicy { policy_arn, .. } => u.attached_policies.retain(|p| p != policy_arn),
        Action::DeleteInlinePolicy { policy_name, .. } => {
            u.inline_policies.retain(|p| p != policy_name)
        }
        Action::TagUser { key, value, .. } => {
            u.tags.insert(key.clone(), value.clone());
        }
        Action::DeleteUser { .. } => {}
    }
}
