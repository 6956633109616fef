//! An in-memory account that behaves like IAM and Secrets Manager where
//! the executor can tell: deletes of missing objects fail with
//! `NotFound`, a third access key fails with `LimitExceeded`, a user with
//! anything attached cannot be deleted.
//!
//! It backs the unit tests (with failure injection, to prove that resume
//! works), drills, and offline `--apply` against an inventory file.
//! Secret values are dropped: only the key id is kept, as the live secret
//! store's `AccessKeyId` field.

use crate::backend::{Backend, BackendError, ErrorKind, NewAccessKey, Secret};
use crate::inventory::{AccessKey, AccountInventory, KeyStatus, User};
use crate::time::Timestamp;
use std::sync::Mutex;

/// When to fail a write call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Fail the n-th write call (0-based) before it changes anything, as a
    /// refused or unreachable call does.
    Before(usize),
    /// Apply the n-th write call, then report a failure, as a timeout after
    /// the server acted does.
    After(usize),
}

pub struct SimBackend {
    account: String,
    state: Mutex<Sim>,
}

struct Sim {
    acct: AccountInventory,
    now: Timestamp,
    next_key: u64,
    writes: Vec<String>,
    fault: Option<Fault>,
    /// Fail every secret write (to test the create-and-store path).
    fail_secret_write: bool,
}

impl SimBackend {
    /// Key ids continue after any simulator-made id already in `acct`, so
    /// repeated offline runs over one inventory file never reuse an id.
    pub fn new(acct: AccountInventory, now: Timestamp) -> SimBackend {
        let next_key = acct
            .users
            .iter()
            .flat_map(|u| &u.access_keys)
            .filter_map(|k| k.id.strip_prefix("AKIASIM")?.parse::<u64>().ok())
            .max()
            .map_or(1, |n| n + 1);
        SimBackend {
            account: acct.account.clone(),
            state: Mutex::new(Sim {
                acct,
                now,
                next_key,
                writes: Vec::new(),
                fault: None,
                fail_secret_write: false,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Sim> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn set_fault(&self, fault: Option<Fault>) {
        self.lock().fault = fault;
    }

    /// Make every `put_secret` fail (Secrets Manager down).
    pub fn fail_secret_writes(&self, on: bool) {
        self.lock().fail_secret_write = on;
    }

    pub fn set_now(&self, now: Timestamp) {
        self.lock().now = now;
    }

    /// The account as it stands, normalised.
    pub fn snapshot(&self) -> AccountInventory {
        let mut a = self.lock().acct.clone();
        a.users.sort_by(|x, y| x.name.cmp(&y.name));
        for u in &mut a.users {
            u.normalise();
        }
        a.unassigned_virtual_mfa.sort();
        a
    }

    /// Every write call so far, as `operation object`.
    pub fn writes(&self) -> Vec<String> {
        self.lock().writes.clone()
    }

    /// Key ids the sim hands out start here, so two runs from the same
    /// state produce the same ids.
    pub fn set_next_key(&self, n: u64) {
        self.lock().next_key = n;
    }

    fn write<T>(
        &self,
        op: &str,
        object: &str,
        f: impl FnOnce(&mut Sim) -> Result<T, BackendError>,
    ) -> Result<T, BackendError> {
        let mut s = self.lock();
        let n = s.writes.len();
        let label = format!("{op} {object}");
        let fault = s.fault;
        if fault == Some(Fault::Before(n)) {
            s.fault = None;
            // Count the attempt so the next fault index moves on.
            s.writes.push(format!("FAILED {label}"));
            return Err(BackendError::new(
                ErrorKind::Other,
                label,
                "injected failure (before)",
            ));
        }
        let r = f(&mut s);
        if r.is_ok() {
            s.writes.push(label.clone());
        }
        if fault == Some(Fault::After(n)) && r.is_ok() {
            s.fault = None;
            return Err(BackendError::new(
                ErrorKind::Other,
                label,
                "injected failure (after)",
            ));
        }
        r
    }
}

fn not_found(op: &str, what: &str) -> BackendError {
    BackendError::new(
        ErrorKind::NotFound,
        op,
        format!("NoSuchEntity: {what} does not exist"),
    )
}

impl Sim {
    fn user(&mut self, op: &str, name: &str) -> Result<&mut User, BackendError> {
        self.acct
            .user_mut(name)
            .ok_or_else(|| not_found(op, &format!("user {name}")))
    }
}

fn remove<T>(
    v: &mut Vec<T>,
    pred: impl Fn(&T) -> bool,
    op: &str,
    what: &str,
) -> Result<(), BackendError> {
    let before = v.len();
    v.retain(|x| !pred(x));
    if v.len() == before {
        Err(not_found(op, what))
    } else {
        Ok(())
    }
}

impl Backend for SimBackend {
    fn account(&self) -> &str {
        &self.account
    }

    fn list_user_names(&self) -> Result<Vec<String>, BackendError> {
        Ok(self
            .lock()
            .acct
            .users
            .iter()
            .map(|u| u.name.clone())
            .collect())
    }

    fn get_user(&self, user: &str) -> Result<Option<User>, BackendError> {
        let mut u = self.lock().acct.user(user).cloned();
        if let Some(u) = u.as_mut() {
            u.normalise();
        }
        Ok(u)
    }

    fn stored_key_id(&self, secret_name: &str) -> Result<Option<String>, BackendError> {
        Ok(self.lock().acct.secrets.get(secret_name).cloned())
    }

    fn put_secret(&self, secret_name: &str, value: &Secret) -> Result<(), BackendError> {
        let op = "secretsmanager:PutSecretValue";
        self.write(op, secret_name, |s| {
            if s.fail_secret_write {
                return Err(BackendError::new(
                    ErrorKind::Other,
                    op,
                    "injected: Secrets Manager unavailable",
                ));
            }
            let v: serde_json::Value = serde_json::from_str(value.expose())
                .map_err(|e| BackendError::new(ErrorKind::Refused, op, format!("not JSON: {e}")))?;
            let id = v["AccessKeyId"].as_str().unwrap_or_default().to_string();
            s.acct.secrets.insert(secret_name.to_string(), id);
            Ok(())
        })
    }

    fn create_access_key(&self, user: &str) -> Result<NewAccessKey, BackendError> {
        let op = "iam:CreateAccessKey";
        self.write(op, user, |s| {
            let now = s.now;
            let n = s.next_key;
            let u = s.user(op, user)?;
            if u.access_keys.len() >= 2 {
                return Err(BackendError::new(
                    ErrorKind::LimitExceeded,
                    op,
                    format!("LimitExceeded: cannot exceed quota for AccessKeysPerUser: 2 ({user})"),
                ));
            }
            let id = format!("AKIASIM{n:013}");
            u.access_keys.push(AccessKey {
                id: id.clone(),
                status: KeyStatus::Active,
                created: now,
                last_used: None,
            });
            s.next_key += 1;
            Ok(NewAccessKey {
                id,
                secret: Secret::new(format!("simulated-secret-{n}")),
                created: now,
            })
        })
    }

    fn set_access_key_status(
        &self,
        user: &str,
        key_id: &str,
        status: KeyStatus,
    ) -> Result<(), BackendError> {
        let op = "iam:UpdateAccessKey";
        self.write(op, key_id, |s| {
            let u = s.user(op, user)?;
            let k = u
                .access_keys
                .iter_mut()
                .find(|k| k.id == key_id)
                .ok_or_else(|| not_found(op, &format!("access key {key_id}")))?;
            k.status = status;
            Ok(())
        })
    }

    fn delete_access_key(&self, user: &str, key_id: &str) -> Result<(), BackendError> {
        let op = "iam:DeleteAccessKey";
        self.write(op, key_id, |s| {
            let u = s.user(op, user)?;
            remove(&mut u.access_keys, |k| k.id == key_id, op, key_id)
        })
    }

    fn delete_login_profile(&self, user: &str) -> Result<(), BackendError> {
        let op = "iam:DeleteLoginProfile";
        self.write(op, user, |s| {
            let u = s.user(op, user)?;
            if !u.login_profile {
                return Err(not_found(op, "login profile"));
            }
            u.login_profile = false;
            Ok(())
        })
    }

    fn deactivate_mfa_device(&self, user: &str, serial: &str) -> Result<(), BackendError> {
        let op = "iam:DeactivateMFADevice";
        self.write(op, serial, |s| {
            let u = s.user(op, user)?;
            remove(&mut u.mfa_devices, |m| m.serial == serial, op, serial)?;
            if serial.starts_with("arn:") {
                s.acct.unassigned_virtual_mfa.push(serial.to_string());
            }
            Ok(())
        })
    }

    fn delete_virtual_mfa_device(&self, serial: &str) -> Result<(), BackendError> {
        let op = "iam:DeleteVirtualMFADevice";
        self.write(op, serial, |s| {
            if s.acct
                .users
                .iter()
                .any(|u| u.mfa_devices.iter().any(|m| m.serial == serial))
            {
                return Err(BackendError::new(
                    ErrorKind::Refused,
                    op,
                    "DeleteConflict: the device is still assigned",
                ));
            }
            remove(
                &mut s.acct.unassigned_virtual_mfa,
                |m| m == serial,
                op,
                serial,
            )
        })
    }

    fn delete_ssh_public_key(&self, user: &str, key_id: &str) -> Result<(), BackendError> {
        let op = "iam:DeleteSSHPublicKey";
        self.write(op, key_id, |s| {
            remove(
                &mut s.user(op, user)?.ssh_public_keys,
                |k| k == key_id,
                op,
                key_id,
            )
        })
    }

    fn delete_signing_certificate(
        &self,
        user: &str,
        certificate_id: &str,
    ) -> Result<(), BackendError> {
        let op = "iam:DeleteSigningCertificate";
        self.write(op, certificate_id, |s| {
            remove(
                &mut s.user(op, user)?.signing_certificates,
                |c| c == certificate_id,
                op,
                certificate_id,
            )
        })
    }

    fn delete_service_specific_credential(
        &self,
        user: &str,
        credential_id: &str,
    ) -> Result<(), BackendError> {
        let op = "iam:DeleteServiceSpecificCredential";
        self.write(op, credential_id, |s| {
            remove(
                &mut s.user(op, user)?.service_specific_credentials,
                |c| c == credential_id,
                op,
                credential_id,
            )
        })
    }

    fn remove_user_from_group(&self, user: &str, group: &str) -> Result<(), BackendError> {
        let op = "iam:RemoveUserFromGroup";
        self.write(op, group, |s| {
            remove(&mut s.user(op, user)?.groups, |g| g == group, op, group)
        })
    }

    fn detach_user_policy(&self, user: &str, policy_arn: &str) -> Result<(), BackendError> {
        let op = "iam:DetachUserPolicy";
        self.write(op, policy_arn, |s| {
            remove(
                &mut s.user(op, user)?.attached_policies,
                |p| p == policy_arn,
                op,
                policy_arn,
            )
        })
    }

    fn put_user_policy(
        &self,
        user: &str,
        policy_name: &str,
        document: &str,
    ) -> Result<(), BackendError> {
        let op = "iam:PutUserPolicy";
        self.write(op, policy_name, |s| {
            serde_json::from_str::<serde_json::Value>(document).map_err(|e| {
                BackendError::new(
                    ErrorKind::Refused,
                    op,
                    format!("MalformedPolicyDocument: {e}"),
                )
            })?;
            let u = s.user(op, user)?;
            if !u.inline_policies.iter().any(|p| p == policy_name) {
                u.inline_policies.push(policy_name.to_string());
            }
            Ok(())
        })
    }

    fn delete_user_policy(&self, user: &str, policy_name: &str) -> Result<(), BackendError> {
        let op = "iam:DeleteUserPolicy";
        self.write(op, policy_name, |s| {
            remove(
                &mut s.user(op, user)?.inline_policies,
                |p| p == policy_name,
                op,
                policy_name,
            )
        })
    }

    fn tag_user(&self, user: &str, key: &str, value: &str) -> Result<(), BackendError> {
        let op = "iam:TagUser";
        self.write(op, key, |s| {
            s.user(op, user)?
                .tags
                .insert(key.to_string(), value.to_string());
            Ok(())
        })
    }

    fn delete_user(&self, user: &str) -> Result<(), BackendError> {
        let op = "iam:DeleteUser";
        self.write(op, user, |s| {
            let u = s.user(op, user)?;
            if !u.is_bare("") {
                return Err(BackendError::new(
                    ErrorKind::Refused,
                    op,
                    "DeleteConflict: the user still has credentials, groups or policies",
                ));
            }
            s.acct.users.retain(|x| x.name != user);
            Ok(())
        })
    }
}
