//! Planning `keys rotate`.
//!
//! Which keys: every active key of `--user` (made before the plan), active
//! keys older than `--max-age-days`, and `--key-id` keys (compromised, any
//! status). A user with such a key gets one new key unless it already has
//! an active key newer than all of them (a replacement made earlier).
//!
//! Order in each account, and why:
//! 1. compromised keys are deactivated first, before anything else, so the
//!    exposure ends even if a later step fails;
//! 2. per user, when two keys exist (IAM's limit), one is deleted to make
//!    room: an inactive key first (it is not in use), else a compromised
//!    one, else the least recently used target;
//! 3. the new key is created and stored in Secrets Manager in one step;
//! 4. the old keys are deactivated (consumers have had the new key since
//!    step 3);
//! 5. the old keys are deleted after `--grace-days` counted from their
//!    deactivation, so a forgotten consumer fails visibly and reversibly
//!    first. Waiting steps come last; a later run performs them.

use crate::inventory::{AccessKey, AccountInventory, KeyStatus, User};
use crate::plan::{secret_name, AccountPlan, Action, RotateRequest, Step, Wait};
use crate::time::{Timestamp, DAY};
use std::collections::BTreeSet;

pub(crate) fn plan_account(
    acct: &AccountInventory,
    req: &RotateRequest,
    now: Timestamp,
    seen_keys: &mut BTreeSet<String>,
) -> AccountPlan {
    let mut first = Vec::new();
    let mut middle = Vec::new();
    let mut last = Vec::new();
    let mut notes = Vec::new();
    let compromised: BTreeSet<&str> = req.key_ids.iter().map(String::as_str).collect();
    for name in &req.users {
        if acct.user(name).is_none() {
            notes.push(format!("no user {name} in this account"));
        }
    }
    for user in &acct.users {
        for k in &user.access_keys {
            if compromised.contains(k.id.as_str()) {
                seen_keys.insert(k.id.clone());
            }
        }
        let targets: Vec<&AccessKey> = user
            .access_keys
            .iter()
            .filter(|k| is_target(user, k, req, &compromised, now))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let target_ids: BTreeSet<&str> = targets.iter().map(|k| k.id.as_str()).collect();
        let newest_target = targets.iter().map(|k| k.created).max().unwrap_or_default();
        let replacement = user.access_keys.iter().find(|k| {
            k.status == KeyStatus::Active
                && !target_ids.contains(k.id.as_str())
                && k.created > newest_target
        });
        let acct_id = acct.account.as_str();
        let mut deactivated = BTreeSet::new();
        // 1. compromised keys: off first.
        for k in &targets {
            if compromised.contains(k.id.as_str()) && k.status == KeyStatus::Active {
                first.push(Step::new(
                    acct_id,
                    Action::DeactivateAccessKey {
                        user: user.name.clone(),
                        key_id: k.id.clone(),
                    },
                    "compromised key: switched off before any other change",
                ));
                deactivated.insert(k.id.clone());
            }
        }
        let mut victim: Option<&AccessKey> = None;
        if let Some(r) = replacement {
            notes.push(format!(
                "{} already has a newer active key {}; no new key is created",
                user.name, r.id
            ));
        } else {
            // 2. make room under the two-key limit.
            if user.access_keys.len() >= 2 {
                victim = pick_victim(user, &target_ids, &compromised);
                if let Some(v) = victim {
                    if v.status == KeyStatus::Active && !deactivated.contains(&v.id) {
                        middle.push(Step::new(
                            acct_id,
                            Action::DeactivateAccessKey {
                                user: user.name.clone(),
                                key_id: v.id.clone(),
                            },
                            "IAM allows two access keys per user: this one is removed to make room",
                        ));
                        notes.push(format!(
                            "{}'s key {} is active and is deleted without a grace period to make room for the new key",
                            user.name, v.id
                        ));
                    }
                    middle.push(Step::new(
                        acct_id,
                        Action::DeleteAccessKey {
                            user: user.name.clone(),
                            key_id: v.id.clone(),
                        },
                        if v.status == KeyStatus::Inactive {
                            "IAM allows two access keys per user: this inactive key makes room for the new one"
                        } else {
                            "IAM allows two access keys per user: deleted now to make room for the new one"
                        },
                    ));
                }
            }
            // 3. the new key, stored before anything depends on it.
            middle.push(Step::new(
                acct_id,
                Action::CreateAccessKey {
                    user: user.name.clone(),
                    secret_name: secret_name(&req.secret_template, acct_id, &user.name),
                    replaces: user.access_keys.iter().map(|k| k.id.clone()).collect(),
                },
                "the replacement credential, stored in Secrets Manager and never printed",
            ));
        }
        // 4 and 5: retire the old keys.
        for k in &targets {
            if victim.is_some_and(|v| v.id == k.id) {
                continue;
            }
            let mut deact_id = None;
            if k.status == KeyStatus::Active && !deactivated.contains(&k.id) {
                let s = Step::new(
                    acct_id,
                    Action::DeactivateAccessKey {
                        user: user.name.clone(),
                        key_id: k.id.clone(),
                    },
                    "the old key stops working; reversible until it is deleted",
                );
                deact_id = Some(s.id.clone());
                middle.push(s);
            } else if deactivated.contains(&k.id) {
                deact_id = Some(
                    Step::new(
                        acct_id,
                        Action::DeactivateAccessKey {
                            user: user.name.clone(),
                            key_id: k.id.clone(),
                        },
                        "",
                    )
                    .id,
                );
            }
            let mut del = Step::new(
                acct_id,
                Action::DeleteAccessKey {
                    user: user.name.clone(),
                    key_id: k.id.clone(),
                },
                if req.grace_days == 0 {
                    "the old key is deleted at once (--grace-days 0)"
                } else {
                    "the old key is deleted once the grace period has passed"
                },
            );
            if req.grace_days > 0 {
                del.wait = Some(Wait {
                    after: deact_id,
                    days: req.grace_days,
                });
                last.push(del);
            } else {
                middle.push(del);
            }
        }
    }
    first.extend(middle);
    first.extend(last);
    AccountPlan {
        account: acct.account.clone(),
        steps: first,
        notes,
    }
}

fn is_target(
    user: &User,
    k: &AccessKey,
    req: &RotateRequest,
    compromised: &BTreeSet<&str>,
    now: Timestamp,
) -> bool {
    if compromised.contains(k.id.as_str()) {
        return true;
    }
    if k.status != KeyStatus::Active || k.created > now {
        return false;
    }
    if req.users.is_empty() && req.max_age_days.is_none() {
        return false;
    }
    let by_user = req.users.is_empty() || req.users.contains(&user.name);
    let by_age = req
        .max_age_days
        .is_none_or(|d| now.0 - k.created.0 > i64::from(d) * DAY);
    by_user && by_age
}

/// The key to delete when the user already has two: an inactive
/// non-target first (unused, oldest first), then a compromised or inactive
/// target, then the least recently used active target.
fn pick_victim<'a>(
    user: &'a User,
    targets: &BTreeSet<&str>,
    compromised: &BTreeSet<&str>,
) -> Option<&'a AccessKey> {
    let keys = &user.access_keys;
    keys.iter()
        .filter(|k| k.status == KeyStatus::Inactive && !targets.contains(k.id.as_str()))
        .min_by_key(|k| (k.created, k.id.clone()))
        .or_else(|| {
            keys.iter()
                .filter(|k| {
                    targets.contains(k.id.as_str())
                        && (k.status == KeyStatus::Inactive || compromised.contains(k.id.as_str()))
                })
                .min_by_key(|k| (k.created, k.id.clone()))
        })
        .or_else(|| {
            keys.iter()
                .filter(|k| targets.contains(k.id.as_str()))
                .min_by_key(|k| {
                    (
                        k.last_used.map_or(i64::MIN, |t| t.0),
                        k.created,
                        k.id.clone(),
                    )
                })
        })
}
