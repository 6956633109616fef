//! Key rotation and offboarding in live mode: the [`identity::Backend`]
//! over aws-sdk-iam and aws-sdk-secretsmanager for one account, and
//! [`Fleet`], the fan-out over many accounts.
//!
//! - **One account:** [`LiveBackend`] turns every engine call into IAM or
//!   Secrets Manager API calls (the SDK retries throttling and 5xx with
//!   backoff). `NoSuchEntity` and `ResourceNotFoundException` become
//!   [`ErrorKind::NotFound`], which the executor counts as "already done"
//!   for removals.
//! - **The secret store:** a rotated key is stored as the JSON
//!   `{"AccessKeyId", "SecretAccessKey", "UserName", "CreateDate"}` and the
//!   secret is tagged `barraiser:access-key-id`. Checking which key a
//!   secret holds reads that tag (`DescribeSecret`), never the value.
//! - **Many accounts:** [`Fleet`] assumes `--role-name` in each account
//!   (the caller's own account uses the caller's credentials), reads the
//!   inventory and runs the plan on a bounded pool of threads. An account
//!   that cannot be reached or fails a step is reported; the others go on.
//! - **APIs an emulator lacks:** a listing that the endpoint does not
//!   implement (moto 5.2.1 has no `ListServiceSpecificCredentials`) is
//!   recorded as a warning and treated as empty, once per account, instead
//!   of failing every read. Real AWS implements all of them.
//!
//! The engine is synchronous; calls here run on the caller's Tokio runtime
//! through [`tokio::runtime::Handle::block_on`], from plain threads.

use crate::connect::Session;
use crate::LiveError;
use aws_sdk_iam::error::{ProvideErrorMetadata, SdkError};
use identity::{
    AccessKey, AccountOutcome, Backend, BackendError, ErrorKind, Inventory, Journal, KeyStatus,
    MfaDevice, NewAccessKey, Plan, Request, Secret, Timestamp, User,
};
use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Mutex;
use tokio::runtime::Handle;

/// The tag on a rotation secret that names the key it holds.
pub const KEY_ID_TAG: &str = "barraiser:access-key-id";

/// What to read about each user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// Access keys only (with last use): all key rotation needs.
    Keys,
    /// Everything offboarding removes.
    Full,
}

/// One account's IAM and Secrets Manager.
pub struct LiveBackend {
    account: String,
    iam: aws_sdk_iam::Client,
    secrets: aws_sdk_secretsmanager::Client,
    handle: Handle,
    depth: Depth,
    unsupported: Mutex<BTreeSet<&'static str>>,
    warnings: Mutex<Vec<String>>,
}

fn to_backend<E, R>(operation: String, e: SdkError<E, R>) -> BackendError
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    let code = e.code().map(str::to_string);
    let kind = match code.as_deref() {
        Some("NoSuchEntity" | "NoSuchEntityException" | "ResourceNotFoundException") => {
            ErrorKind::NotFound
        }
        Some("LimitExceeded" | "LimitExceededException") => ErrorKind::LimitExceeded,
        Some(
            "AccessDenied"
            | "AccessDeniedException"
            | "DeleteConflict"
            | "InvalidInput"
            | "InvalidParameterException"
            | "InvalidRequestException"
            | "MalformedPolicyDocument"
            | "UnmodifiableEntity"
            | "ValidationError",
        ) => ErrorKind::Refused,
        _ => ErrorKind::Other,
    };
    let live = LiveError::from_sdk(operation.clone(), e);
    let message = match live.hint {
        Some(h) => format!("{} (help: {h})", live.message),
        None => live.message,
    };
    BackendError::new(kind, operation, message)
}

/// True when the endpoint does not implement the call at all: it says so,
/// or (moto in server mode) it answers with an empty body that the SDK
/// cannot parse. Real AWS does neither for a listing it documents.
fn not_implemented(e: &BackendError) -> bool {
    let m = e.message.to_ascii_lowercase();
    m.contains("not been implemented")
        || m.contains("not yet implemented")
        || m.contains("notimplemented")
        || m.contains("not implemented")
        || (m.contains("could not be read") && m.contains("no root element"))
}

impl LiveBackend {
    pub fn new(
        session: &Session,
        account: impl Into<String>,
        handle: Handle,
        depth: Depth,
    ) -> LiveBackend {
        LiveBackend {
            account: account.into(),
            iam: session.iam(),
            secrets: session.secrets_manager(),
            handle,
            depth,
            unsupported: Mutex::new(BTreeSet::new()),
            warnings: Mutex::new(Vec::new()),
        }
    }

    /// Warnings about listings the endpoint could not answer.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn run<F: Future>(&self, f: F) -> F::Output {
        self.handle.block_on(f)
    }

    /// Run a listing; if the endpoint does not implement it, warn once and
    /// return an empty list.
    fn optional_list(
        &self,
        api: &'static str,
        f: impl Future<Output = Result<Vec<String>, BackendError>>,
    ) -> Result<Vec<String>, BackendError> {
        if self
            .unsupported
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(api)
        {
            return Ok(Vec::new());
        }
        match self.run(f) {
            Ok(v) => Ok(v),
            Err(e) if not_implemented(&e) => {
                self.unsupported
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .insert(api);
                self.warnings
                    .lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push(format!(
                        "account {}: the endpoint does not implement {api}; treated as none ({})",
                        self.account, e.message
                    ));
                Ok(Vec::new())
            }
            Err(e) => Err(e),
        }
    }

    fn keys(&self, user: &str) -> Result<Vec<AccessKey>, BackendError> {
        let iam = &self.iam;
        self.run(async {
            let metas: Vec<_> = iam
                .list_access_keys()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map_err(|e| to_backend(format!("iam:ListAccessKeys for {user}"), e))?;
            let mut keys = Vec::new();
            for m in metas {
                let Some(id) = m.access_key_id() else {
                    continue;
                };
                let last_used = match iam
                    .get_access_key_last_used()
                    .access_key_id(id)
                    .send()
                    .await
                {
                    Ok(o) => o
                        .access_key_last_used()
                        .and_then(|l| l.last_used_date())
                        .map(|d| Timestamp(d.secs())),
                    Err(e) => {
                        return Err(to_backend(format!("iam:GetAccessKeyLastUsed {id}"), e));
                    }
                };
                keys.push(AccessKey {
                    id: id.to_string(),
                    status: match m.status() {
                        Some(aws_sdk_iam::types::StatusType::Active) => KeyStatus::Active,
                        _ => KeyStatus::Inactive,
                    },
                    created: Timestamp(m.create_date().map_or(0, |d| d.secs())),
                    last_used,
                });
            }
            Ok(keys)
        })
    }

    fn full(&self, u: &mut User) -> Result<(), BackendError> {
        let iam = &self.iam;
        let name = u.name.clone();
        let user = name.as_str();
        u.login_profile = self.run(async {
            match iam.get_login_profile().user_name(user).send().await {
                Ok(_) => Ok(true),
                Err(e) => {
                    let e = to_backend(format!("iam:GetLoginProfile for {user}"), e);
                    if e.kind == ErrorKind::NotFound {
                        Ok(false)
                    } else {
                        Err(e)
                    }
                }
            }
        })?;
        u.mfa_devices = self.run(async {
            iam.list_mfa_devices()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| {
                    v.into_iter()
                        .map(|d| MfaDevice {
                            serial: d.serial_number().to_string(),
                        })
                        .collect()
                })
                .map_err(|e| to_backend(format!("iam:ListMFADevices for {user}"), e))
        })?;
        u.ssh_public_keys = self.optional_list("iam:ListSSHPublicKeys", async {
            iam.list_ssh_public_keys()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| {
                    v.into_iter()
                        .map(|k| k.ssh_public_key_id().to_string())
                        .collect()
                })
                .map_err(|e| to_backend(format!("iam:ListSSHPublicKeys for {user}"), e))
        })?;
        u.signing_certificates = self.optional_list("iam:ListSigningCertificates", async {
            iam.list_signing_certificates()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| {
                    v.into_iter()
                        .map(|c| c.certificate_id().to_string())
                        .collect()
                })
                .map_err(|e| to_backend(format!("iam:ListSigningCertificates for {user}"), e))
        })?;
        u.service_specific_credentials =
            self.optional_list("iam:ListServiceSpecificCredentials", async {
                iam.list_service_specific_credentials()
                    .user_name(user)
                    .send()
                    .await
                    .map(|o| {
                        o.service_specific_credentials()
                            .iter()
                            .map(|c| c.service_specific_credential_id().to_string())
                            .collect()
                    })
                    .map_err(|e| {
                        to_backend(format!("iam:ListServiceSpecificCredentials for {user}"), e)
                    })
            })?;
        u.groups = self.run(async {
            iam.list_groups_for_user()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| v.into_iter().map(|g| g.group_name().to_string()).collect())
                .map_err(|e| to_backend(format!("iam:ListGroupsForUser for {user}"), e))
        })?;
        u.attached_policies = self.run(async {
            iam.list_attached_user_policies()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| {
                    v.into_iter()
                        .filter_map(|p| p.policy_arn().map(str::to_string))
                        .collect()
                })
                .map_err(|e| to_backend(format!("iam:ListAttachedUserPolicies for {user}"), e))
        })?;
        u.inline_policies = self.run(async {
            iam.list_user_policies()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map_err(|e| to_backend(format!("iam:ListUserPolicies for {user}"), e))
        })?;
        u.tags = self.run(async {
            iam.list_user_tags()
                .user_name(user)
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| {
                    v.into_iter()
                        .map(|t| (t.key().to_string(), t.value().to_string()))
                        .collect()
                })
                .map_err(|e| to_backend(format!("iam:ListUserTags for {user}"), e))
        })?;
        Ok(())
    }

    fn unit<E, R>(&self, op: String, r: Result<R, SdkError<E>>) -> Result<(), BackendError>
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        r.map(|_| ()).map_err(|e| to_backend(op, e))
    }
}

impl Backend for LiveBackend {
    fn account(&self) -> &str {
        &self.account
    }

    fn list_user_names(&self) -> Result<Vec<String>, BackendError> {
        self.run(async {
            self.iam
                .list_users()
                .into_paginator()
                .items()
                .send()
                .collect::<Result<Vec<_>, _>>()
                .await
                .map(|v| v.into_iter().map(|u| u.user_name().to_string()).collect())
                .map_err(|e| to_backend("iam:ListUsers".into(), e))
        })
    }

    fn get_user(&self, user: &str) -> Result<Option<User>, BackendError> {
        let exists = self.run(async {
            match self.iam.get_user().user_name(user).send().await {
                Ok(_) => Ok(true),
                Err(e) => {
                    let e = to_backend(format!("iam:GetUser {user}"), e);
                    if e.kind == ErrorKind::NotFound {
                        Ok(false)
                    } else {
                        Err(e)
                    }
                }
            }
        })?;
        if !exists {
            return Ok(None);
        }
        let mut u = User::new(user);
        u.access_keys = self.keys(user)?;
        if self.depth == Depth::Full {
            self.full(&mut u)?;
        }
        u.normalise();
        Ok(Some(u))
    }

    fn stored_key_id(&self, secret_name: &str) -> Result<Option<String>, BackendError> {
        self.run(async {
            match self
                .secrets
                .describe_secret()
                .secret_id(secret_name)
                .send()
                .await
            {
                Ok(o) => Ok(o
                    .tags()
                    .iter()
                    .find(|t| t.key() == Some(KEY_ID_TAG))
                    .and_then(|t| t.value().map(str::to_string))),
                Err(e) => {
                    let e = to_backend(format!("secretsmanager:DescribeSecret {secret_name}"), e);
                    if e.kind == ErrorKind::NotFound {
                        Ok(None)
                    } else {
                        Err(e)
                    }
                }
            }
        })
    }

    fn put_secret(&self, secret_name: &str, value: &Secret) -> Result<(), BackendError> {
        let key_id = serde_json::from_str::<serde_json::Value>(value.expose())
            .ok()
            .and_then(|v| v["AccessKeyId"].as_str().map(str::to_string))
            .unwrap_or_default();
        let tag = aws_sdk_secretsmanager::types::Tag::builder()
            .key(KEY_ID_TAG)
            .value(&key_id)
            .build();
        self.run(async {
            let created = self
                .secrets
                .create_secret()
                .name(secret_name)
                .description("IAM access key rotated by barraiser")
                .secret_string(value.expose())
                .tags(tag.clone())
                .send()
                .await;
            match created {
                Ok(_) => Ok(()),
                Err(e) if e.code() == Some("ResourceExistsException") => {
                    self.secrets
                        .put_secret_value()
                        .secret_id(secret_name)
                        .secret_string(value.expose())
                        .send()
                        .await
                        .map_err(|e| {
                            to_backend(format!("secretsmanager:PutSecretValue {secret_name}"), e)
                        })?;
                    self.secrets
                        .tag_resource()
                        .secret_id(secret_name)
                        .tags(tag)
                        .send()
                        .await
                        .map(|_| ())
                        .map_err(|e| {
                            to_backend(format!("secretsmanager:TagResource {secret_name}"), e)
                        })
                }
                Err(e) => Err(to_backend(
                    format!("secretsmanager:CreateSecret {secret_name}"),
                    e,
                )),
            }
        })
    }

    fn create_access_key(&self, user: &str) -> Result<NewAccessKey, BackendError> {
        let out = self
            .run(self.iam.create_access_key().user_name(user).send())
            .map_err(|e| to_backend(format!("iam:CreateAccessKey for {user}"), e))?;
        let k = out.access_key().ok_or_else(|| {
            BackendError::new(
                ErrorKind::Other,
                format!("iam:CreateAccessKey for {user}"),
                "the answer carried no key",
            )
        })?;
        Ok(NewAccessKey {
            id: k.access_key_id().to_string(),
            secret: Secret::new(k.secret_access_key()),
            created: Timestamp(k.create_date().map_or(0, |d| d.secs())),
        })
    }

    fn set_access_key_status(
        &self,
        user: &str,
        key_id: &str,
        status: KeyStatus,
    ) -> Result<(), BackendError> {
        let st = match status {
            KeyStatus::Active => aws_sdk_iam::types::StatusType::Active,
            KeyStatus::Inactive => aws_sdk_iam::types::StatusType::Inactive,
        };
        let r = self.run(
            self.iam
                .update_access_key()
                .user_name(user)
                .access_key_id(key_id)
                .status(st)
                .send(),
        );
        self.unit(format!("iam:UpdateAccessKey {key_id} of {user}"), r)
    }

    fn delete_access_key(&self, user: &str, key_id: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .delete_access_key()
                .user_name(user)
                .access_key_id(key_id)
                .send(),
        );
        self.unit(format!("iam:DeleteAccessKey {key_id} of {user}"), r)
    }

    fn delete_login_profile(&self, user: &str) -> Result<(), BackendError> {
        let r = self.run(self.iam.delete_login_profile().user_name(user).send());
        self.unit(format!("iam:DeleteLoginProfile {user}"), r)
    }

    fn deactivate_mfa_device(&self, user: &str, serial: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .deactivate_mfa_device()
                .user_name(user)
                .serial_number(serial)
                .send(),
        );
        self.unit(format!("iam:DeactivateMFADevice {serial} of {user}"), r)
    }

    fn delete_virtual_mfa_device(&self, serial: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .delete_virtual_mfa_device()
                .serial_number(serial)
                .send(),
        );
        self.unit(format!("iam:DeleteVirtualMFADevice {serial}"), r)
    }

    fn delete_ssh_public_key(&self, user: &str, key_id: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .delete_ssh_public_key()
                .user_name(user)
                .ssh_public_key_id(key_id)
                .send(),
        );
        self.unit(format!("iam:DeleteSSHPublicKey {key_id} of {user}"), r)
    }

    fn delete_signing_certificate(
        &self,
        user: &str,
        certificate_id: &str,
    ) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .delete_signing_certificate()
                .user_name(user)
                .certificate_id(certificate_id)
                .send(),
        );
        self.unit(
            format!("iam:DeleteSigningCertificate {certificate_id} of {user}"),
            r,
        )
    }

    fn delete_service_specific_credential(
        &self,
        user: &str,
        credential_id: &str,
    ) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .delete_service_specific_credential()
                .user_name(user)
                .service_specific_credential_id(credential_id)
                .send(),
        );
        self.unit(
            format!("iam:DeleteServiceSpecificCredential {credential_id} of {user}"),
            r,
        )
    }

    fn remove_user_from_group(&self, user: &str, group: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .remove_user_from_group()
                .user_name(user)
                .group_name(group)
                .send(),
        );
        self.unit(format!("iam:RemoveUserFromGroup {user} from {group}"), r)
    }

    fn detach_user_policy(&self, user: &str, policy_arn: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .detach_user_policy()
                .user_name(user)
                .policy_arn(policy_arn)
                .send(),
        );
        self.unit(format!("iam:DetachUserPolicy {policy_arn} from {user}"), r)
    }

    fn put_user_policy(
        &self,
        user: &str,
        policy_name: &str,
        document: &str,
    ) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .put_user_policy()
                .user_name(user)
                .policy_name(policy_name)
                .policy_document(document)
                .send(),
        );
        self.unit(format!("iam:PutUserPolicy {policy_name} on {user}"), r)
    }

    fn delete_user_policy(&self, user: &str, policy_name: &str) -> Result<(), BackendError> {
        let r = self.run(
            self.iam
                .delete_user_policy()
                .user_name(user)
                .policy_name(policy_name)
                .send(),
        );
        self.unit(format!("iam:DeleteUserPolicy {policy_name} of {user}"), r)
    }

    fn tag_user(&self, user: &str, key: &str, value: &str) -> Result<(), BackendError> {
        let tag = aws_sdk_iam::types::Tag::builder()
            .key(key)
            .value(value)
            .build()
            .map_err(|e| {
                BackendError::new(
                    ErrorKind::Refused,
                    format!("iam:TagUser {user}"),
                    e.to_string(),
                )
            })?;
        let r = self.run(self.iam.tag_user().user_name(user).tags(tag).send());
        self.unit(format!("iam:TagUser {user}"), r)
    }

    fn delete_user(&self, user: &str) -> Result<(), BackendError> {
        let r = self.run(self.iam.delete_user().user_name(user).send());
        self.unit(format!("iam:DeleteUser {user}"), r)
    }
}

/// Many accounts reached from one set of credentials.
pub struct Fleet {
    base: Session,
    caller_account: String,
    role_name: String,
    session_name: String,
    handle: Handle,
    pub concurrency: usize,
}

/// The inventory of every reachable account, and why the others were not.
#[derive(Debug, Default)]
pub struct Collected {
    pub inventory: Inventory,
    /// (account, error) for accounts that could not be read.
    pub failures: Vec<(String, String)>,
    pub warnings: Vec<String>,
}

impl Fleet {
    /// Ask STS who the caller is (so its own account needs no role), from a
    /// plain thread (not inside the runtime).
    pub fn new(
        mut base: Session,
        role_name: impl Into<String>,
        session_name: impl Into<String>,
        handle: Handle,
    ) -> Result<Fleet, LiveError> {
        let me = handle.block_on(base.whoami())?;
        Ok(Fleet {
            base,
            caller_account: me.account,
            role_name: role_name.into(),
            session_name: session_name.into(),
            handle,
            concurrency: 8,
        })
    }

    pub fn caller_account(&self) -> &str {
        &self.caller_account
    }

    /// The backend for `account`: the caller's own session there, else an
    /// assumed `role_name` session.
    pub fn backend(&self, account: &str, depth: Depth) -> Result<LiveBackend, LiveError> {
        let is_id = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
        if !is_id {
            return Err(LiveError::new(
                format!("account {account}"),
                "not an AWS account id (12 digits)",
            )
            .with_hint("list account ids in --accounts or --accounts-file, one per line"));
        }
        if account == self.caller_account {
            return Ok(LiveBackend::new(
                &self.base,
                account,
                self.handle.clone(),
                depth,
            ));
        }
        let s = self.handle.block_on(self.base.assume(
            account,
            &self.role_name,
            &self.session_name,
        ))?;
        Ok(LiveBackend::new(&s, account, self.handle.clone(), depth))
    }

    fn depth(req: &Request) -> Depth {
        match req {
            Request::Rotate(_) => Depth::Keys,
            Request::Offboard(_) => Depth::Full,
        }
    }

    /// Read what `req` needs from every account (the caller's when
    /// `accounts` is empty).
    pub fn collect(&self, accounts: &[String], req: &Request) -> Collected {
        let accounts = self.accounts_or_caller(accounts);
        let depth = Fleet::depth(req);
        let results = identity::fan_out(&accounts, self.concurrency, |acct| {
            let b = self.backend(acct, depth).map_err(|e| e.to_string())?;
            let names = match req {
                Request::Offboard(o) => vec![o.user.clone()],
                Request::Rotate(r) if !r.users.is_empty() => r.users.clone(),
                Request::Rotate(_) => b.list_user_names().map_err(|e| e.to_string())?,
            };
            let mut users = Vec::new();
            for n in names {
                if let Some(u) = b.get_user(&n).map_err(|e| e.to_string())? {
                    users.push(u);
                }
            }
            Ok::<_, String>((
                identity::AccountInventory {
                    account: acct.clone(),
                    users,
                    ..Default::default()
                },
                b.warnings(),
            ))
        });
        let mut out = Collected::default();
        for (acct, r) in accounts.iter().zip(results) {
            match r {
                Ok(Ok((inv, warnings))) => {
                    out.inventory.accounts.push(inv);
                    out.warnings.extend(warnings);
                }
                Ok(Err(e)) => out.failures.push((acct.clone(), e)),
                Err(_) => out
                    .failures
                    .push((acct.clone(), "internal error (panic) while reading".into())),
            }
        }
        out.inventory.normalise();
        out
    }

    /// Run `plan` in every account it covers. Accounts run concurrently;
    /// each reports its own outcome.
    pub fn execute(
        &self,
        plan: &Plan,
        journal: &Journal,
        now: &(dyn Fn() -> Timestamp + Sync),
    ) -> (Vec<AccountOutcome>, Vec<String>) {
        let depth = Fleet::depth(&plan.request);
        let warnings = Mutex::new(Vec::new());
        let results = identity::fan_out(&plan.accounts, self.concurrency, |ap| {
            if ap.steps.iter().all(|s| journal.done_at(&s.id).is_some()) {
                // Nothing left here: no need to assume the role at all.
                return AccountOutcome {
                    account: ap.account.clone(),
                    done_before: ap.steps.len(),
                    ..Default::default()
                };
            }
            let b = match self.backend(&ap.account, depth) {
                Ok(b) => b,
                Err(e) => {
                    let _ = journal.audit(
                        now(),
                        &ap.account,
                        "account-failed",
                        None,
                        Some(e.to_string()),
                    );
                    return AccountOutcome::unreachable(&ap.account, e.to_string());
                }
            };
            let r = identity::run_account(ap, &b, journal, now);
            warnings
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .extend(b.warnings());
            match r {
                Ok(o) => o,
                Err(e) => {
                    AccountOutcome::unreachable(&ap.account, format!("cannot record progress: {e}"))
                }
            }
        });
        let outcomes = plan
            .accounts
            .iter()
            .zip(results)
            .map(|(ap, r)| {
                r.unwrap_or_else(|_| {
                    AccountOutcome::unreachable(&ap.account, "internal error (panic)")
                })
            })
            .collect();
        (
            outcomes,
            warnings.into_inner().unwrap_or_else(|p| p.into_inner()),
        )
    }

    fn accounts_or_caller(&self, accounts: &[String]) -> Vec<String> {
        if accounts.is_empty() {
            vec![self.caller_account.clone()]
        } else {
            let mut v = accounts.to_vec();
            v.sort();
            v.dedup();
            v
        }
    }
}
