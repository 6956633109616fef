//! The live-mode flags every AWS-facing command shares, and the runtime
//! that drives the SDK. The engines stay synchronous and pure; only this
//! shell and the `aws` crate are async.

use crate::Fail;
use clap::Args;

#[derive(Debug, Args, Clone)]
pub struct LiveArgs {
    /// Read from AWS with the standard credential chain instead of files.
    #[arg(long)]
    pub live: bool,
    /// A named profile from ~/.aws/config.
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,
    /// The AWS region (default: the profile's, else us-east-1).
    #[arg(long, value_name = "REGION")]
    pub region: Option<String>,
    /// Send every call to this endpoint (moto, LocalStack, a VPC endpoint).
    #[arg(long, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Attempts per AWS call for throttling and server errors, with
    /// exponential backoff and jitter.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_attempts: u32,
}

impl LiveArgs {
    pub fn connect_options(&self) -> aws::ConnectOptions {
        aws::ConnectOptions {
            profile: self.profile.clone(),
            region: self.region.clone(),
            endpoint_url: self.endpoint_url.clone(),
            max_attempts: self.max_attempts,
        }
    }
}

/// A Tokio runtime for one command.
pub fn runtime() -> Result<tokio::runtime::Runtime, Fail> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Fail(format!("cannot start the async runtime: {e}")))
}
