//! The seam between the engine and an account: [`Backend`].
//!
//! Live mode implements it over aws-sdk-iam and aws-sdk-secretsmanager
//! (crate `aws`); [`crate::sim::SimBackend`] implements it in memory for
//! tests, drills and offline `--apply`. Calls are synchronous and take
//! `&self`: one backend serves one account, and accounts run on separate
//! threads.

use crate::inventory::{KeyStatus, User};
use crate::time::Timestamp;
use std::fmt;

/// Why a call failed, as far as the executor cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The object does not exist (IAM `NoSuchEntity`, Secrets Manager
    /// `ResourceNotFoundException`). For a delete this means "already done".
    NotFound,
    /// A quota, e.g. the two-access-keys-per-user limit.
    LimitExceeded,
    /// The request was refused (permissions, a conflict, bad input).
    Refused,
    /// Anything else: network, throttling past the retries, server errors.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{operation}: {message}")]
pub struct BackendError {
    pub kind: ErrorKind,
    /// The API call and its object, e.g. `iam:DeleteAccessKey AKIA... of alice`.
    pub operation: String,
    pub message: String,
}

impl BackendError {
    pub fn new(kind: ErrorKind, operation: impl Into<String>, message: impl Into<String>) -> Self {
        BackendError {
            kind,
            operation: operation.into(),
            message: message.into(),
        }
    }
}

/// A secret that must never reach a log, a report or a terminal. It has no
/// `Display` and no `Serialize`, and its `Debug` prints `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The value, for the one call that stores it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Best effort: overwrite the bytes before the allocation is freed.
        // SAFETY-free: replace every byte through a safe API.
        let len = self.0.len();
        self.0.clear();
        self.0.extend(std::iter::repeat_n('\0', len));
    }
}

/// A freshly created access key.
#[derive(Debug, Clone)]
pub struct NewAccessKey {
    pub id: String,
    pub secret: Secret,
    pub created: Timestamp,
}

/// One account's IAM and Secrets Manager, as the executor needs them.
pub trait Backend: Send + Sync {
    fn account(&self) -> &str;
    /// Every user name in the account.
    fn list_user_names(&self) -> Result<Vec<String>, BackendError>;
    /// One user and everything attached to it; `None` when there is no
    /// such user.
    fn get_user(&self, user: &str) -> Result<Option<User>, BackendError>;
    /// The `AccessKeyId` field of the secret, `None` when the secret does
    /// not exist. The secret access key in it is never returned.
    fn stored_key_id(&self, secret_name: &str) -> Result<Option<String>, BackendError>;
    /// Create the secret or put a new version of it.
    fn put_secret(&self, secret_name: &str, value: &Secret) -> Result<(), BackendError>;
    fn create_access_key(&self, user: &str) -> Result<NewAccessKey, BackendError>;
    fn set_access_key_status(
        &self,
        user: &str,
        key_id: &str,
        status: KeyStatus,
    ) -> Result<(), BackendError>;
    fn delete_access_key(&self, user: &str, key_id: &str) -> Result<(), BackendError>;
    fn delete_login_profile(&self, user: &str) -> Result<(), BackendError>;
    fn deactivate_mfa_device(&self, user: &str, serial: &str) -> Result<(), BackendError>;
    fn delete_virtual_mfa_device(&self, serial: &str) -> Result<(), BackendError>;
    fn delete_ssh_public_key(&self, user: &str, key_id: &str) -> Result<(), BackendError>;
    fn delete_signing_certificate(
        &self,
        user: &str,
        certificate_id: &str,
    ) -> Result<(), BackendError>;
    fn delete_service_specific_credential(
        &self,
        user: &str,
        credential_id: &str,
    ) -> Result<(), BackendError>;
    fn remove_user_from_group(&self, user: &str, group: &str) -> Result<(), BackendError>;
    fn detach_user_policy(&self, user: &str, policy_arn: &str) -> Result<(), BackendError>;
    fn put_user_policy(
        &self,
        user: &str,
        policy_name: &str,
        document: &str,
    ) -> Result<(), BackendError>;
    fn delete_user_policy(&self, user: &str, policy_name: &str) -> Result<(), BackendError>;
    fn tag_user(&self, user: &str, key: &str, value: &str) -> Result<(), BackendError>;
    fn delete_user(&self, user: &str) -> Result<(), BackendError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let s = Secret::new("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        let k = NewAccessKey {
            id: "AKIAEXAMPLE".into(),
            secret: s.clone(),
            created: Timestamp(0),
        };
        let shown = format!("{k:?} {s:?}");
        assert!(!shown.contains("wJalr"), "{shown}");
        assert!(shown.contains("<redacted>"));
        assert_eq!(s.expose(), "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    }
}
