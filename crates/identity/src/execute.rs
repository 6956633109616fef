//! Running a plan: one account at a time per thread, one step at a time
//! per account, each step checked, performed, and recorded.
//!
//! For every step the executor:
//! 1. skips it when the state file says it is done (resume);
//! 2. skips it, for now, when its grace period has not passed (`waiting`);
//! 3. writes an `attempt` audit line;
//! 4. checks the current state (one read per user, kept up to date as steps
//!    succeed) and records `already` when the effect holds;
//! 5. makes the call, counting "not found" on a removal as done;
//! 6. records `done` in the audit log and the state file, or `failed` and
//!    stops that account (later steps may rely on it: keys are deleted only
//!    after they were deactivated, nothing is removed before the session
//!    revocation landed). Other accounts carry on.

use crate::backend::{Backend, BackendError, ErrorKind, Secret};
use crate::inventory::{AccessKey, KeyStatus, User};
use crate::journal::{Journal, JournalError};
use crate::model::{self, Check};
use crate::plan::{revoke_policy_document, AccountPlan, Action, Step, REVOKE_POLICY};
use crate::time::Timestamp;
use serde::Serialize;
use std::collections::BTreeMap;

/// What happened in one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AccountOutcome {
    pub account: String,
    /// Steps performed by this run.
    pub applied: Vec<String>,
    /// Steps whose effect already held.
    pub already: Vec<String>,
    /// Steps completed by an earlier run.
    pub done_before: usize,
    /// Steps waiting for their grace period: (step id, ready at).
    pub waiting: Vec<(String, Timestamp)>,
    /// The step that failed and why; the account's later steps did not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failed: Option<(String, String)>,
    /// The account could not be reached at all (role assumption, reads).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl AccountOutcome {
    pub fn ok(&self) -> bool {
        self.failed.is_none() && self.error.is_none()
    }
    pub fn unreachable(account: &str, error: impl Into<String>) -> AccountOutcome {
        AccountOutcome {
            account: account.to_string(),
            error: Some(error.into()),
            ..Default::default()
        }
    }
}

/// Run one account's steps against `backend`. `now` is read before each
/// step (grace periods and timestamps).
pub fn run_account(
    plan: &AccountPlan,
    backend: &dyn Backend,
    journal: &Journal,
    now: &dyn Fn() -> Timestamp,
) -> Result<AccountOutcome, JournalError> {
    let acct = plan.account.as_str();
    let mut out = AccountOutcome {
        account: acct.to_string(),
        ..Default::default()
    };
    let mut users: BTreeMap<String, Option<User>> = BTreeMap::new();
    for step in &plan.steps {
        if journal.done_at(&step.id).is_some() {
            out.done_before += 1;
            continue;
        }
        let t = now();
        if let Some(ready) = journal.ready_at(step) {
            if ready > t {
                journal.audit(
                    t,
                    acct,
                    "waiting",
                    Some(step),
                    Some(format!("grace period ends {ready}")),
                )?;
                out.waiting.push((step.id.clone(), ready));
                continue;
            }
        }
        journal.audit(t, acct, "attempt", Some(step), None)?;
        match perform(step, backend, journal, &mut users) {
            Ok((Performed::Already, detail)) => {
                let t = now();
                journal.audit(t, acct, "already", Some(step), detail.clone())?;
                journal.mark_done(&step.id, t, detail)?;
                out.already.push(step.id.clone());
            }
            Ok((Performed::Applied, detail)) => {
                let t = now();
                journal.audit(t, acct, "done", Some(step), detail.clone())?;
                journal.mark_done(&step.id, t, detail)?;
                out.applied.push(step.id.clone());
            }
            Err(e) => {
                let msg = e.to_string();
                journal.audit(now(), acct, "failed", Some(step), Some(msg.clone()))?;
                journal.mark_failed(&step.id, &msg)?;
                out.failed = Some((step.id.clone(), msg));
                break;
            }
        }
    }
    Ok(out)
}

enum Performed {
    Applied,
    Already,
}

fn user_snapshot<'a>(
    users: &'a mut BTreeMap<String, Option<User>>,
    backend: &dyn Backend,
    name: &str,
) -> Result<&'a mut Option<User>, BackendError> {
    if !users.contains_key(name) {
        let u = backend.get_user(name)?;
        users.insert(name.to_string(), u);
    }
    Ok(users.get_mut(name).expect("inserted above"))
}

fn perform(
    step: &Step,
    b: &dyn Backend,
    journal: &Journal,
    users: &mut BTreeMap<String, Option<User>>,
) -> Result<(Performed, Option<String>), BackendError> {
    let action = &step.action;
    if let Action::CreateAccessKey {
        user,
        secret_name,
        replaces,
    } = action
    {
        let snap = user_snapshot(users, b, user)?;
        return create_and_store(step, b, journal, snap, user, secret_name, replaces);
    }
    let snap = match action.user() {
        Some(u) => Some(user_snapshot(users, b, u)?),
        None => None,
    };
    let check = match &snap {
        Some(s) => model::check(s.as_ref(), action),
        None => Check::Unknown,
    };
    if check == Check::Done {
        return Ok((Performed::Already, None));
    }
    let r = call(action, b);
    let performed = match r {
        Ok(()) => Performed::Applied,
        Err(e) if e.kind == ErrorKind::NotFound && is_removal(action) => Performed::Already,
        Err(e) => return Err(e),
    };
    if let Some(s) = snap {
        model::apply(s, action, None);
    }
    Ok((performed, None))
}

fn is_removal(a: &Action) -> bool {
    !matches!(
        a,
        Action::RevokeSessions { .. } | Action::CreateAccessKey { .. } | Action::TagUser { .. }
    )
}

fn call(action: &Action, b: &dyn Backend) -> Result<(), BackendError> {
    match action {
        Action::RevokeSessions {
            user,
            issued_before,
        } => b.put_user_policy(user, REVOKE_POLICY, &revoke_policy_document(*issued_before)),
        Action::DeleteLoginProfile { user } => b.delete_login_profile(user),
        Action::CreateAccessKey { .. } => unreachable!("handled by create_and_store"),
        Action::DeactivateAccessKey { user, key_id } => {
            b.set_access_key_status(user, key_id, KeyStatus::Inactive)
        }
        Action::DeleteAccessKey { user, key_id } => b.delete_access_key(user, key_id),
        Action::DeactivateMfaDevice { user, serial } => b.deactivate_mfa_device(user, serial),
        Action::DeleteVirtualMfaDevice { serial } => b.delete_virtual_mfa_device(serial),
        Action::DeleteSshPublicKey { user, key_id } => b.delete_ssh_public_key(user, key_id),
        Action::DeleteSigningCertificate {
            user,
            certificate_id,
        } => b.delete_signing_certificate(user, certificate_id),
        Action::DeleteServiceSpecificCredential {
            user,
            credential_id,
        } => b.delete_service_specific_credential(user, credential_id),
        Action::RemoveFromGroup { user, group } => b.remove_user_from_group(user, group),
        Action::DetachPolicy { user, policy_arn } => b.detach_user_policy(user, policy_arn),
        Action::DeleteInlinePolicy { user, policy_name } => b.delete_user_policy(user, policy_name),
        Action::TagUser { user, key, value } => b.tag_user(user, key, value),
        Action::DeleteUser { user } => b.delete_user(user),
    }
}

/// Create a key and store it, so that no run ever leaves a key whose secret
/// is lost, and no resumed run makes a second one:
/// - a key this step created earlier that the secret holds: done;
/// - a key this step created earlier that the secret does not hold (the run
///   died between the two calls): its secret is gone, so it is deleted and
///   the step starts over;
/// - the new key's id is recorded in the state file before the secret is
///   written; if writing the secret fails, the key is deleted again.
fn create_and_store(
    step: &Step,
    b: &dyn Backend,
    journal: &Journal,
    snap: &mut Option<User>,
    user: &str,
    secret_name: &str,
    replaces: &[String],
) -> Result<(Performed, Option<String>), BackendError> {
    let op = |what: &str| format!("{what} for {user} ({secret_name})");
    let Some(u) = snap.as_mut() else {
        return Err(BackendError::new(
            ErrorKind::NotFound,
            op("iam:CreateAccessKey"),
            format!("user {user} no longer exists"),
        ));
    };
    let stored = b.stored_key_id(secret_name)?;
    let fresh: Vec<String> = u
        .access_keys
        .iter()
        .filter(|k| !replaces.contains(&k.id))
        .map(|k| k.id.clone())
        .collect();
    if let Some(s) = stored.as_ref().filter(|s| fresh.contains(s)) {
        return Ok((
            Performed::Already,
            Some(format!("new key {s} (stored earlier)")),
        ));
    }
    let journal_err =
        |e: JournalError| BackendError::new(ErrorKind::Other, "state file", e.to_string());
    if let Some(orphan) = journal.pending_key(&step.id) {
        if fresh.contains(&orphan) {
            match b.delete_access_key(user, &orphan) {
                Ok(()) => {}
                Err(e) if e.kind == ErrorKind::NotFound => {}
                Err(e) => return Err(e),
            }
            u.access_keys.retain(|k| k.id != orphan);
        }
        journal
            .set_pending_key(&step.id, None)
            .map_err(journal_err)?;
    }
    let new = b.create_access_key(user)?;
    journal
        .set_pending_key(&step.id, Some(&new.id))
        .map_err(journal_err)?;
    let value = Secret::new(
        serde_json::json!({
            "AccessKeyId": new.id,
            "SecretAccessKey": new.secret.expose(),
            "UserName": user,
            "CreateDate": new.created.to_string(),
        })
        .to_string(),
    );
    if let Err(e) = b.put_secret(secret_name, &value) {
        // The secret is lost with this process: take the key back.
        let cleanup = b.delete_access_key(user, &new.id);
        if cleanup.is_ok() {
            let _ = journal.set_pending_key(&step.id, None);
        }
        return Err(BackendError::new(
            e.kind,
            e.operation,
            format!(
                "{}; the new key {} was {}",
                e.message,
                new.id,
                if cleanup.is_ok() {
                    "deleted again"
                } else {
                    "left for the next run to delete"
                }
            ),
        ));
    }
    u.access_keys.push(AccessKey {
        id: new.id.clone(),
        status: KeyStatus::Active,
        created: new.created,
        last_used: None,
    });
    Ok((Performed::Applied, Some(format!("new key {}", new.id))))
}

/// Run `f` for every item on at most `concurrency` threads and return the
/// results in input order. One item failing (or panicking) does not stop
/// the others.
pub fn fan_out<T: Sync, R: Send>(
    items: &[T],
    concurrency: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<std::thread::Result<R>> {
    let n = concurrency.clamp(1, items.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<std::thread::Result<R>>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..n {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if i >= items.len() {
                    break;
                }
                let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&items[i])));
                *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(r);
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every item ran")
        })
        .collect()
}
