//! Credentials, region, endpoint, retries and cross-account role
//! assumption: what every live command shares.

use crate::LiveError;
use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;

/// How to reach AWS: the CLI's `--profile`, `--region`, `--endpoint-url`
/// and `--max-attempts`.
#[derive(Debug, Clone, Default)]
pub struct ConnectOptions {
    /// A named profile from ~/.aws/config; the standard chain when `None`.
    pub profile: Option<String>,
    /// The region; the profile's or `AWS_REGION` when `None`, else us-east-1.
    pub region: Option<String>,
    /// Another endpoint for every service (moto, LocalStack, a VPC endpoint).
    pub endpoint_url: Option<String>,
    /// Attempts per call, first try included, for throttling and 5xx
    /// answers (standard retry mode: exponential backoff with full jitter).
    /// 0 means the default of 5.
    pub max_attempts: u32,
}

/// A connection to one account: the SDK configuration every client is built
/// from, plus what the S3 client needs to reach an emulator.
#[derive(Debug, Clone)]
pub struct Session {
    pub config: SdkConfig,
    /// True when an endpoint override is set: S3 then uses path-style
    /// addressing, which emulators on loopback need.
    pub custom_endpoint: bool,
    /// The account this session acts in, when known (after `whoami` or
    /// `assume`).
    pub account: Option<String>,
}

impl Session {
    /// Load the standard credential chain with the options applied.
    pub async fn connect(opts: &ConnectOptions) -> Session {
        let attempts = if opts.max_attempts == 0 {
            5
        } else {
            opts.max_attempts
        };
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .retry_config(RetryConfig::standard().with_max_attempts(attempts));
        if let Some(p) = &opts.profile {
            loader = loader.profile_name(p);
        }
        if let Some(e) = &opts.endpoint_url {
            loader = loader.endpoint_url(e);
        }
        let mut config = loader.load().await;
        if let Some(r) = &opts.region {
            config = config.to_builder().region(Region::new(r.clone())).build();
        } else if config.region().is_none() {
            config = config
                .to_builder()
                .region(Region::from_static("us-east-1"))
                .build();
        }
        Session {
            config,
            custom_endpoint: opts.endpoint_url.is_some(),
            account: None,
        }
    }

    /// The region in use.
    pub fn region(&self) -> String {
        self.config
            .region()
            .map(|r| r.to_string())
            .unwrap_or_else(|| "us-east-1".to_string())
    }

    /// Ask STS who the credentials belong to and remember the account.
    pub async fn whoami(&mut self) -> Result<CallerIdentity, LiveError> {
        let sts = aws_sdk_sts::Client::new(&self.config);
        let out = sts
            .get_caller_identity()
            .send()
            .await
            .map_err(|e| LiveError::from_sdk("sts:GetCallerIdentity", e))?;
        let id = CallerIdentity {
            account: out.account().unwrap_or_default().to_string(),
            arn: out.arn().unwrap_or_default().to_string(),
        };
        self.account = Some(id.account.clone());
        Ok(id)
    }

    /// Assume `role_name` in `account` (or a full role ARN) and return a
    /// session that acts there. This is how one run covers hundreds of
    /// accounts: the caller's credentials only need `sts:AssumeRole` on the
    /// same-named role in each.
    pub async fn assume(
        &self,
        account_or_arn: &str,
        role_name: &str,
        session_name: &str,
    ) -> Result<Session, LiveError> {
        let role_arn = if account_or_arn.starts_with("arn:") {
            account_or_arn.to_string()
        } else {
            format!("arn:aws:iam::{account_or_arn}:role/{role_name}")
        };
        let sts = aws_sdk_sts::Client::new(&self.config);
        let out = sts
            .assume_role()
            .role_arn(&role_arn)
            .role_session_name(session_name)
            .send()
            .await
            .map_err(|e| LiveError::from_sdk(format!("sts:AssumeRole {role_arn}"), e))?;
        let c = out.credentials().ok_or_else(|| {
            LiveError::new(
                format!("sts:AssumeRole {role_arn}"),
                "the answer carried no credentials",
            )
        })?;
        let creds = Credentials::new(
            c.access_key_id(),
            c.secret_access_key(),
            Some(c.session_token().to_string()),
            None,
            "barraiser-assume-role",
        );
        let account = role_arn
            .split(':')
            .nth(4)
            .filter(|a| !a.is_empty())
            .map(str::to_string);
        Ok(Session {
            config: self
                .config
                .to_builder()
                .credentials_provider(SharedCredentialsProvider::new(creds))
                .build(),
            custom_endpoint: self.custom_endpoint,
            account,
        })
    }

    pub fn iam(&self) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.config)
    }

    /// An S3 client. Against a custom endpoint it uses path-style
    /// addressing, and it sends checksums only when an operation requires
    /// them (emulators reject the newer default checksum headers).
    pub fn s3(&self) -> aws_sdk_s3::Client {
        let mut b = aws_sdk_s3::config::Builder::from(&self.config);
        if self.custom_endpoint {
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

    pub fn secrets_manager(&self) -> aws_sdk_secretsmanager::Client {
        aws_sdk_secretsmanager::Client::new(&self.config)
    }

    pub fn security_hub(&self) -> aws_sdk_securityhub::Client {
        aws_sdk_securityhub::Client::new(&self.config)
    }

    pub fn sts(&self) -> aws_sdk_sts::Client {
        aws_sdk_sts::Client::new(&self.config)
    }
}

/// The answer to `sts:GetCallerIdentity`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
}
