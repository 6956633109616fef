//! S3 live mode: collect an [`s3::AccountSnapshot`] with the SDK, and apply
//! an [`s3::Plan`].
//!
//! Collection reads, per bucket, GetPublicAccessBlock, GetBucketAcl,
//! GetBucketPolicy, GetBucketEncryption, GetBucketVersioning,
//! GetBucketLogging and GetBucketTagging, plus the account-level Block
//! Public Access from S3 Control. An answer that means "not configured"
//! (`NoSuchBucketPolicy`, `NoSuchTagSet`, ...) becomes
//! [`Setting::NotConfigured`]; any other failure (access denied, throttling
//! after the retries, an answer the SDK could not parse, such as moto
//! 5.2.5's GetBucketVersioning) becomes [`Setting::Unknown`] with the
//! message, so one unreadable setting never loses the rest of the report.
//! Buckets are read concurrently, at most [`CollectOptions::concurrency`] at
//! a time, each with the client of its own region.
//!
//! [`apply`] runs a plan's actions in order, reports each one, and stops at
//! the first failure with the step, the call and the reason. Plans are
//! recomputed from the current state, so re-running after a failure
//! repeats nothing that already succeeded.

use crate::connect::Session;
use crate::LiveError;
use aws_sdk_s3::error::ProvideErrorMetadata;
use s3::model::{
    AccountSnapshot, Acl, BucketSnapshot, Encryption, EncryptionRule, Grant, Grantee, Logging,
    PublicAccessBlock, Setting, Versioning,
};
use s3::plan::{Action, Plan};
use std::collections::BTreeMap;
use std::sync::Arc;

/// How to collect.
#[derive(Debug, Clone)]
pub struct CollectOptions {
    /// Buckets read at the same time (each bucket makes seven calls).
    pub concurrency: usize,
    /// Only these buckets (all when empty).
    pub only: Vec<String>,
}

impl Default for CollectOptions {
    fn default() -> Self {
        CollectOptions {
            concurrency: 8,
            only: Vec::new(),
        }
    }
}

/// An S3 client for `region`, with the session's emulator settings.
fn s3_client(session: &Session, region: Option<&str>) -> aws_sdk_s3::Client {
    let mut b = aws_sdk_s3::config::Builder::from(&session.config);
    if let Some(r) = region {
        b = b.region(aws_sdk_s3::config::Region::new(r.to_string()));
    }
    if session.custom_endpoint {
        b = b
            .force_path_style(true)
            .request_checksum_calculation(
                aws_sdk_s3::config::RequestChecksumCalculation::WhenRequired,
            )
            .response_checksum_validation(
                aws_sdk_s3::config::ResponseChecksumValidation::WhenRequired,
            );
    }
    aws_sdk_s3::Client::from_conf(b.build())
}

/// Send every S3 Control call to the overridden endpoint as given. The
/// standard rules put the account id in the host name
/// (`123456789012.s3-control...`), which an emulator on loopback cannot
/// answer.
#[derive(Debug)]
struct FixedEndpoint(String);

impl aws_sdk_s3control::config::endpoint::ResolveEndpoint for FixedEndpoint {
    fn resolve_endpoint<'a>(
        &'a self,
        _params: &'a aws_sdk_s3control::config::endpoint::Params,
    ) -> aws_sdk_s3control::config::endpoint::EndpointFuture<'a> {
        aws_sdk_s3control::config::endpoint::EndpointFuture::ready(Ok(
            aws_sdk_s3control::config::endpoint::Endpoint::builder()
                .url(self.0.clone())
                .build(),
        ))
    }
}

fn s3control_client(session: &Session) -> aws_sdk_s3control::Client {
    let mut b = aws_sdk_s3control::config::Builder::from(&session.config);
    if session.custom_endpoint {
        if let Some(url) = session.config.endpoint_url() {
            b = b.endpoint_resolver(FixedEndpoint(url.to_string()));
        }
    }
    aws_sdk_s3control::Client::from_conf(b.build())
}

/// Turn an SDK answer into a [`Setting`]: the `not_found` codes mean "not
/// configured", anything else is unknown with the message.
fn setting<T, O, E, R>(
    op: &str,
    bucket: &str,
    not_found: &[&str],
    r: Result<O, aws_sdk_s3::error::SdkError<E, R>>,
    f: impl FnOnce(O) -> Setting<T>,
) -> Setting<T>
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    R: std::fmt::Debug + Send + Sync + 'static,
{
    match r {
        Ok(o) => f(o),
        Err(e) if e.code().is_some_and(|c| not_found.contains(&c)) => Setting::NotConfigured,
        Err(e) => {
            Setting::Unknown(LiveError::from_sdk(format!("{op} on bucket {bucket}"), e).to_string())
        }
    }
}

fn bpa_from(
    c: Option<&aws_sdk_s3::types::PublicAccessBlockConfiguration>,
) -> Setting<PublicAccessBlock> {
    match c {
        None => Setting::NotConfigured,
        Some(c) => Setting::Configured(PublicAccessBlock {
            block_public_acls: c.block_public_acls().unwrap_or(false),
            ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
            block_public_policy: c.block_public_policy().unwrap_or(false),
            restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
        }),
    }
}

/// Read one bucket.
async fn collect_bucket(
    client: aws_sdk_s3::Client,
    name: String,
    region: Option<String>,
) -> BucketSnapshot {
    let n = name.as_str();
    let (bpa, acl, policy, enc, ver, log, tags) = tokio::join!(
        client.get_public_access_block().bucket(n).send(),
        client.get_bucket_acl().bucket(n).send(),
        client.get_bucket_policy().bucket(n).send(),
        client.get_bucket_encryption().bucket(n).send(),
        client.get_bucket_versioning().bucket(n).send(),
        client.get_bucket_logging().bucket(n).send(),
        client.get_bucket_tagging().bucket(n).send(),
    );
    let mut b = BucketSnapshot::new(n);
    b.region = region;
    b.public_access_block = setting(
        "s3:GetPublicAccessBlock",
        n,
        &["NoSuchPublicAccessBlockConfiguration"],
        bpa,
        |o| bpa_from(o.public_access_block_configuration()),
    );
    b.acl = setting("s3:GetBucketAcl", n, &[], acl, |o| {
        Setting::Configured(Acl {
            owner: o.owner().and_then(|w| w.id()).map(str::to_string),
            grants: o
                .grants()
                .iter()
                .filter_map(|g| {
                    let ge = g.grantee()?;
                    Some(Grant {
                        grantee: Grantee {
                            kind: ge.r#type().as_str().to_string(),
                            id: ge.id().map(str::to_string),
                            display_name: ge.display_name().map(str::to_string),
                            uri: ge.uri().map(str::to_string),
                            email_address: ge.email_address().map(str::to_string),
                        },
                        permission: g
                            .permission()
                            .map(|p| p.as_str().to_string())
                            .unwrap_or_default(),
                    })
                })
                .collect(),
        })
    });
    b.policy = setting(
        "s3:GetBucketPolicy",
        n,
        &["NoSuchBucketPolicy"],
        policy,
        |o| match o.policy() {
            Some(p) if !p.trim().is_empty() => Setting::Configured(p.to_string()),
            _ => Setting::NotConfigured,
        },
    );
    b.encryption = setting(
        "s3:GetBucketEncryption",
        n,
        &["ServerSideEncryptionConfigurationNotFoundError"],
        enc,
        |o| match o.server_side_encryption_configuration() {
            None => Setting::NotConfigured,
            Some(c) => Setting::Configured(Encryption {
                rules: c
                    .rules()
                    .iter()
                    .filter_map(|r| {
                        let d = r.apply_server_side_encryption_by_default()?;
                        Some(EncryptionRule {
                            sse_algorithm: d.sse_algorithm().as_str().to_string(),
                            kms_master_key_id: d.kms_master_key_id().map(str::to_string),
                            bucket_key_enabled: r.bucket_key_enabled().unwrap_or(false),
                        })
                    })
                    .collect(),
            }),
        },
    );
    b.versioning = setting("s3:GetBucketVersioning", n, &[], ver, |o| {
        Setting::Configured(Versioning {
            status: o.status().map(|s| s.as_str().to_string()),
            mfa_delete: o.mfa_delete().map(|s| s.as_str().to_string()),
        })
    });
    b.logging = setting("s3:GetBucketLogging", n, &[], log, |o| {
        match o.logging_enabled() {
            None => Setting::NotConfigured,
            Some(l) => Setting::Configured(Logging {
                target_bucket: l.target_bucket().to_string(),
                target_prefix: l.target_prefix().to_string(),
            }),
        }
    });
    b.tags = setting("s3:GetBucketTagging", n, &["NoSuchTagSet"], tags, |o| {
        Setting::Configured(
            o.tag_set()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect(),
        )
    });
    b
}

/// Collect the account's S3 state. Fails only when the bucket list itself
/// cannot be read; every other failure is recorded in the snapshot.
pub async fn collect(
    session: &Session,
    opts: &CollectOptions,
) -> Result<AccountSnapshot, LiveError> {
    let account = match &session.account {
        Some(a) => a.clone(),
        None => session.clone().whoami().await?.account,
    };
    let region = session.region();
    let mut snap = AccountSnapshot::new(Some(account.clone()));
    snap.partition = partition(&region).to_string();

    let control = s3control_client(session);
    snap.public_access_block = match control
        .get_public_access_block()
        .account_id(&account)
        .send()
        .await
    {
        Ok(o) => match o.public_access_block_configuration() {
            None => Setting::NotConfigured,
            Some(c) => Setting::Configured(PublicAccessBlock {
                block_public_acls: c.block_public_acls().unwrap_or(false),
                ignore_public_acls: c.ignore_public_acls().unwrap_or(false),
                block_public_policy: c.block_public_policy().unwrap_or(false),
                restrict_public_buckets: c.restrict_public_buckets().unwrap_or(false),
            }),
        },
        Err(e) if e.code() == Some("NoSuchPublicAccessBlockConfiguration") => {
            Setting::NotConfigured
        }
        Err(e) => Setting::Unknown(
            LiveError::from_sdk(
                format!("s3control:GetPublicAccessBlock for account {account}"),
                e,
            )
            .to_string(),
        ),
    };

    let client = s3_client(session, None);
    let mut names: Vec<(String, Option<String>)> = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = client
            .list_buckets()
            .max_buckets(1000)
            .set_continuation_token(token.clone())
            .send()
            .await
            .map_err(|e| LiveError::from_sdk("s3:ListBuckets", e))?;
        for b in out.buckets() {
            if let Some(n) = b.name() {
                if opts.only.is_empty() || opts.only.iter().any(|o| o == n) {
                    names.push((n.to_string(), b.bucket_region().map(str::to_string)));
                }
            }
        }
        match out.continuation_token() {
            Some(t) if !t.is_empty() && Some(t) != token.as_deref() => token = Some(t.to_string()),
            _ => break,
        }
    }

    let sem = Arc::new(tokio::sync::Semaphore::new(opts.concurrency.max(1)));
    let mut clients: BTreeMap<String, aws_sdk_s3::Client> = BTreeMap::new();
    let mut set = tokio::task::JoinSet::new();
    for (i, (name, bucket_region)) in names.into_iter().enumerate() {
        let r = bucket_region.unwrap_or_else(|| region.clone());
        let c = clients
            .entry(r.clone())
            .or_insert_with(|| s3_client(session, Some(&r)))
            .clone();
        let sem = sem.clone();
        set.spawn(async move {
            let _permit = sem.acquire_owned().await.expect("semaphore never closed");
            (i, collect_bucket(c, name, Some(r)).await)
        });
    }
    let mut buckets = Vec::new();
    while let Some(r) = set.join_next().await {
        let (i, b) =
            r.map_err(|e| LiveError::new("s3 collection", format!("a worker failed: {e}")))?;
        buckets.push((i, b));
    }
    buckets.sort_by_key(|(i, _)| *i);
    snap.buckets = buckets.into_iter().map(|(_, b)| b).collect();
    snap.buckets.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(snap)
}

fn partition(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// What happened to one step of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepEvent {
    /// About to run step `index` (1-based) of `total`.
    Start {
        index: usize,
        total: usize,
        description: String,
    },
    Done {
        index: usize,
        total: usize,
    },
}

/// Run `plan`'s actions in order. `snapshot` gives each bucket's region;
/// `mfa` is the root user's `"SERIAL CODE"` for MFA delete. Stops at the
/// first failure.
pub async fn apply(
    session: &Session,
    snapshot: &AccountSnapshot,
    plan: &Plan,
    mfa: Option<&str>,
    mut on_step: impl FnMut(StepEvent),
) -> Result<usize, LiveError> {
    let total = plan.actions.len();
    let mut clients: BTreeMap<Option<String>, aws_sdk_s3::Client> = BTreeMap::new();
    for (i, action) in plan.actions.iter().enumerate() {
        let index = i + 1;
        on_step(StepEvent::Start {
            index,
            total,
            description: action.describe(),
        });
        let region = snapshot
            .bucket(action.target())
            .and_then(|b| b.region.clone());
        let client = clients
            .entry(region.clone())
            .or_insert_with(|| s3_client(session, region.as_deref()))
            .clone();
        let op = format!(
            "step {index}/{total}: {} {}",
            action.operation(),
            action.target()
        );
        let fail = |e: LiveError| {
            let mut e = e;
            e.operation = op.clone();
            let hint = e.hint.take();
            e.with_hint(format!(
                "{}the {} earlier step{} took effect; fix the cause and run `barraiser s3 remediate --apply` again: the plan is recomputed from the current state, so nothing is done twice",
                hint.map(|h| format!("{h}; ")).unwrap_or_default(),
                i,
                if i == 1 { "" } else { "s" }
            ))
        };
        run_action(session, &client, action, mfa)
            .await
            .map_err(fail)?;
        on_step(StepEvent::Done { index, total });
    }
    Ok(total)
}

fn pab(c: &PublicAccessBlock) -> aws_sdk_s3::types::PublicAccessBlockConfiguration {
    aws_sdk_s3::types::PublicAccessBlockConfiguration::builder()
        .block_public_acls(c.block_public_acls)
        .ignore_public_acls(c.ignore_public_acls)
        .block_public_policy(c.block_public_policy)
        .restrict_public_buckets(c.restrict_public_buckets)
        .build()
}

async fn run_action(
    session: &Session,
    client: &aws_sdk_s3::Client,
    action: &Action,
    mfa: Option<&str>,
) -> Result<(), LiveError> {
    use aws_sdk_s3::types as t;
    let op = action.operation();
    let build = |e: aws_sdk_s3::error::BuildError| {
        LiveError::new(op, format!("cannot build the request: {e}"))
    };
    match action {
        Action::PutAccountPublicAccessBlock {
            account_id,
            configuration: c,
        } => {
            let cfg = aws_sdk_s3control::types::PublicAccessBlockConfiguration::builder()
                .block_public_acls(c.block_public_acls)
                .ignore_public_acls(c.ignore_public_acls)
                .block_public_policy(c.block_public_policy)
                .restrict_public_buckets(c.restrict_public_buckets)
                .build();
            s3control_client(session)
                .put_public_access_block()
                .account_id(account_id)
                .public_access_block_configuration(cfg)
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
        Action::PutPublicAccessBlock {
            bucket,
            configuration,
        } => {
            client
                .put_public_access_block()
                .bucket(bucket)
                .public_access_block_configuration(pab(configuration))
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
        Action::PutBucketAcl { bucket, acl } => {
            client
                .put_bucket_acl()
                .bucket(bucket)
                .acl(t::BucketCannedAcl::from(acl.as_str()))
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
        Action::PutBucketPolicy { bucket, policy, .. } => {
            client
                .put_bucket_policy()
                .bucket(bucket)
                .policy(policy)
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
        Action::PutBucketEncryption {
            bucket,
            sse_algorithm,
            kms_master_key_id,
            bucket_key_enabled,
        } => {
            let by_default = t::ServerSideEncryptionByDefault::builder()
                .sse_algorithm(t::ServerSideEncryption::from(sse_algorithm.as_str()))
                .set_kms_master_key_id(kms_master_key_id.clone())
                .build()
                .map_err(build)?;
            let rule = t::ServerSideEncryptionRule::builder()
                .apply_server_side_encryption_by_default(by_default)
                .bucket_key_enabled(*bucket_key_enabled)
                .build();
            let cfg = t::ServerSideEncryptionConfiguration::builder()
                .rules(rule)
                .build()
                .map_err(build)?;
            client
                .put_bucket_encryption()
                .bucket(bucket)
                .server_side_encryption_configuration(cfg)
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
        Action::PutBucketVersioning {
            bucket,
            status,
            mfa_delete,
        } => {
            let mut cfg = t::VersioningConfiguration::builder()
                .status(t::BucketVersioningStatus::from(status.as_str()));
            let mut req = client.put_bucket_versioning().bucket(bucket);
            if let Some(m) = mfa_delete {
                let Some(code) = mfa else {
                    return Err(
                        LiveError::new(op, "MFA delete needs the root user's MFA device")
                            .with_hint("pass --mfa \"SERIAL CODE\" and run as the root user"),
                    );
                };
                cfg = cfg.mfa_delete(t::MfaDelete::from(m.as_str()));
                req = req.mfa(code);
            }
            req.versioning_configuration(cfg.build())
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
        Action::PutBucketLogging {
            bucket,
            target_bucket,
            target_prefix,
        } => {
            let le = t::LoggingEnabled::builder()
                .target_bucket(target_bucket)
                .target_prefix(target_prefix)
                .build()
                .map_err(build)?;
            client
                .put_bucket_logging()
                .bucket(bucket)
                .bucket_logging_status(
                    t::BucketLoggingStatus::builder()
                        .logging_enabled(le)
                        .build(),
                )
                .send()
                .await
                .map_err(|e| LiveError::from_sdk(op, e))?;
        }
    }
    Ok(())
}
