//! `identity`: access-key rotation and offboarding across many accounts,
//! plan-first, resumable and idempotent. Pure: no AWS, no terminal.
//!
//! # The pieces
//!
//! - [`inventory`]: what each account holds for its users (access keys with
//!   status, creation and last use; console password; MFA devices; SSH keys;
//!   signing certificates; service-specific credentials; groups; managed
//!   and inline policies; tags). Live mode collects it through the SDK
//!   (crate `aws`); offline mode reads it from JSON.
//! - [`plan()`]: (inventory, request, now) to an ordered [`Plan`] of
//!   [`Step`]s per account. The order is part of the design and is
//!   documented in [`rotate`] and [`offboard`].
//! - [`execute::run_account`]: runs one account's steps over a
//!   [`Backend`] (live: IAM + Secrets Manager; [`sim::SimBackend`]: in
//!   memory), writing the [`journal`] as it goes.
//!
//! # Guarantees
//!
//! - **Plan-first.** Nothing changes without `--apply`; the plan is the same
//!   data the executor runs, and it is written to the state file before the
//!   first change.
//! - **Audit log.** JSON Lines, append-only, `fsync`ed per record: every step
//!   attempted, done, already done, waiting or failed, with times.
//! - **Resumable.** The state file (rewritten atomically after every step)
//!   records completed steps. A rerun with it continues the same plan and
//!   repeats nothing. A rotation's new key is recorded before its secret is
//!   written, so a run that died in between deletes that orphan (its secret
//!   is lost) instead of leaving a third credential behind.
//! - **Idempotent.** Each step checks the current state first: deleting a
//!   deleted key, removing a user from a group it left, is success. Running
//!   a finished plan again does nothing; planning again after an offboard
//!   finds nothing to do.
//! - **Grace periods.** A rotated-out key is deactivated, then deleted
//!   `grace_days` after the recorded deactivation time. Until then the step
//!   is `waiting`; a later run deletes it. `grace_days = 0` deletes at once.
//! - **Secrets are never printed or logged.** The new secret access key
//!   lives in a [`backend::Secret`] (no `Display`, no `Serialize`, `Debug`
//!   prints `<redacted>`) from `CreateAccessKey` to `PutSecretValue`.
//! - **Accounts are independent.** [`execute::fan_out`] runs them on a
//!   bounded pool; one account failing is reported and the others go on.

pub mod backend;
pub mod execute;
pub mod inventory;
pub mod journal;
pub mod model;
pub mod offboard;
pub mod plan;
pub mod rotate;
pub mod sim;
pub mod time;

#[cfg(test)]
mod tests;

pub use backend::{Backend, BackendError, ErrorKind, NewAccessKey, Secret};
pub use execute::{fan_out, run_account, AccountOutcome};
pub use inventory::{AccessKey, AccountInventory, Inventory, KeyStatus, MfaDevice, User};
pub use journal::{AuditRecord, Journal, JournalError, State, StepRecord};
pub use plan::{AccountPlan, Action, OffboardRequest, Plan, Request, RotateRequest, Step, Wait};
pub use time::Timestamp;

/// Plan `req` against `inv` at time `now` (the session-revocation time and
/// the cut-off for "older than"). Accounts come out sorted; an account
/// with nothing to do keeps its place with an empty step list.
pub fn plan(inv: &Inventory, req: &Request, now: Timestamp) -> Result<Plan, String> {
    req.validate()?;
    let mut accounts = Vec::new();
    let mut notes = Vec::new();
    let mut seen_keys = std::collections::BTreeSet::new();
    let mut sorted: Vec<&AccountInventory> = inv.accounts.iter().collect();
    sorted.sort_by(|a, b| a.account.cmp(&b.account));
    for acct in sorted {
        accounts.push(match req {
            Request::Rotate(r) => rotate::plan_account(acct, r, now, &mut seen_keys),
            Request::Offboard(o) => offboard::plan_account(acct, o, now),
        });
    }
    if let Request::Rotate(r) = req {
        for k in &r.key_ids {
            if !seen_keys.contains(k) {
                notes.push(format!(
                    "access key {k} was not found in any account in scope; it may be deleted already or belong elsewhere"
                ));
            }
        }
    }
    Ok(Plan {
        request: req.clone(),
        created: now,
        accounts,
        notes,
    })
}
