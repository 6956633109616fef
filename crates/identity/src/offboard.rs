//! Planning `offboard USER`.
//!
//! Order in each account, and why:
//! 1. **Revoke sessions** with an inline Deny on `aws:TokenIssueTime`
//!    before now. Temporary credentials (console sessions, `GetSessionToken`,
//!    role sessions the user started) cannot be listed or deleted; the
//!    deny is the only way to end them, so it lands before anything else.
//!    Whatever happens later, those sessions are already dead.
//! 2. **Console password** deleted: no new console sessions.
//! 3. **Access keys deactivated** (all of them, fast and reversible): no new
//!    API calls with long-term keys.
//! 4. **MFA devices** deactivated; virtual ones are deleted too (they are
//!    IAM objects that would otherwise linger unassigned).
//! 5. **SSH public keys, signing certificates, service-specific
//!    credentials** deleted: the other ways in (CodeCommit, SOAP, Keyspaces).
//! 6. **Access keys deleted**, now that none is in use.
//! 7. **Permissions** removed: groups, managed policies, inline policies
//!    (except the revocation deny). With every credential already gone this
//!    is hygiene, and it keeps the user from regaining access if a
//!    credential is recreated by mistake.
//! 8. The user is **tagged** `barraiser:offboarded` and kept (bare, with
//!    the deny), or with `--delete-user` the deny is removed and the user
//!    deleted (IAM refuses to delete a user that still has policies).

use crate::inventory::{AccountInventory, KeyStatus};
use crate::plan::{AccountPlan, Action, OffboardRequest, Step, OFFBOARD_TAG, REVOKE_POLICY};
use crate::time::Timestamp;

pub(crate) fn plan_account(
    acct: &AccountInventory,
    req: &OffboardRequest,
    now: Timestamp,
) -> AccountPlan {
    let a = acct.account.as_str();
    let mut steps = Vec::new();
    let mut notes = Vec::new();
    let Some(u) = acct.user(&req.user) else {
        notes.push(format!("no user {} in this account", req.user));
        return AccountPlan {
            account: a.to_string(),
            steps,
            notes,
        };
    };
    let user = || u.name.clone();
    let has_revoke = u.inline_policies.iter().any(|p| p == REVOKE_POLICY);
    if !has_revoke || !u.is_bare(REVOKE_POLICY) {
        steps.push(Step::new(
            a,
            Action::RevokeSessions {
                user: user(),
                issued_before: now,
            },
            "temporary credentials cannot be listed or deleted; this deny ends them, first",
        ));
    }
    if u.login_profile {
        steps.push(Step::new(
            a,
            Action::DeleteLoginProfile { user: user() },
            "no new console sign-ins",
        ));
    }
    for k in &u.access_keys {
        if k.status == KeyStatus::Active {
            steps.push(Step::new(
                a,
                Action::DeactivateAccessKey {
                    user: user(),
                    key_id: k.id.clone(),
                },
                "stops API access at once, before the slower clean-up",
            ));
        }
    }
    for m in &u.mfa_devices {
        steps.push(Step::new(
            a,
            Action::DeactivateMfaDevice {
                user: user(),
                serial: m.serial.clone(),
            },
            "the device no longer vouches for this user",
        ));
        if m.is_virtual() {
            steps.push(Step::new(
                a,
                Action::DeleteVirtualMfaDevice {
                    serial: m.serial.clone(),
                },
                "a virtual device is an IAM object of its own and would linger unassigned",
            ));
        }
    }
    for k in &u.ssh_public_keys {
        steps.push(Step::new(
            a,
            Action::DeleteSshPublicKey {
                user: user(),
                key_id: k.clone(),
            },
            "SSH keys open CodeCommit",
        ));
    }
    for c in &u.signing_certificates {
        steps.push(Step::new(
            a,
            Action::DeleteSigningCertificate {
                user: user(),
                certificate_id: c.clone(),
            },
            "X.509 signing certificates sign some service requests",
        ));
    }
    for c in &u.service_specific_credentials {
        steps.push(Step::new(
            a,
            Action::DeleteServiceSpecificCredential {
                user: user(),
                credential_id: c.clone(),
            },
            "service-specific credentials (CodeCommit HTTPS, Keyspaces) are passwords of their own",
        ));
    }
    for k in &u.access_keys {
        steps.push(Step::new(
            a,
            Action::DeleteAccessKey {
                user: user(),
                key_id: k.id.clone(),
            },
            "deleted once every key is off",
        ));
    }
    for g in &u.groups {
        steps.push(Step::new(
            a,
            Action::RemoveFromGroup {
                user: user(),
                group: g.clone(),
            },
            "group policies no longer apply",
        ));
    }
    for p in &u.attached_policies {
        steps.push(Step::new(
            a,
            Action::DetachPolicy {
                user: user(),
                policy_arn: p.clone(),
            },
            "managed policy no longer applies",
        ));
    }
    for p in &u.inline_policies {
        if p != REVOKE_POLICY {
            steps.push(Step::new(
                a,
                Action::DeleteInlinePolicy {
                    user: user(),
                    policy_name: p.clone(),
                },
                "inline policy no longer applies",
            ));
        }
    }
    if req.delete_user {
        steps.push(Step::new(
            a,
            Action::DeleteInlinePolicy {
                user: user(),
                policy_name: REVOKE_POLICY.to_string(),
            },
            "IAM deletes only users without policies; the deny goes last, just before the user",
        ));
        steps.push(Step::new(
            a,
            Action::DeleteUser { user: user() },
            "--delete-user",
        ));
    } else if !u.tags.contains_key(OFFBOARD_TAG) {
        steps.push(Step::new(
            a,
            Action::TagUser {
                user: user(),
                key: OFFBOARD_TAG.to_string(),
                value: now.to_string(),
            },
            "kept for the audit trail, bare and denied; the tag says when and why",
        ));
    }
    AccountPlan {
        account: a.to_string(),
        steps,
        notes,
    }
}
