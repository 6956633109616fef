//! The live-mode flags every AWS-facing command shares, and the runtime
//! that drives the SDK. The engines stay synchronous and pure; only this
//! shell and the `aws` crate are async.

use crate::{output, Fail};
use clap::Args;
use report::Finding;

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

/// Send `findings` to the Security Hub of the session's account, as ASFF
/// for that account and region. Any command with a live session can call
/// it. Returns a one-line summary for the terminal.
pub fn send_to_security_hub(
    rt: &tokio::runtime::Runtime,
    session: &aws::Session,
    findings: &[Finding],
) -> Result<String, Fail> {
    let mut session = session.clone();
    let account = match &session.account {
        Some(a) => a.clone(),
        None => {
            rt.block_on(session.whoami())
                .map_err(|e| Fail(e.to_string()))?
                .account
        }
    };
    let ctx = report::asff::Context::new(&account, &session.region(), output::now_rfc3339())
        .map_err(|e| Fail(e.to_string()))?;
    let values: Vec<serde_json::Value> = findings
        .iter()
        .map(|f| report::asff::finding(&ctx, f))
        .collect();
    let sum = rt
        .block_on(aws::securityhub::import_findings(&session, &values))
        .map_err(|e| Fail(e.to_string()))?;
    let mut line = format!(
        "Security Hub ({account}, {}): {} imported, {} failed in {} batch{}",
        session.region(),
        sum.succeeded,
        sum.failed,
        sum.batches,
        if sum.batches == 1 { "" } else { "es" }
    );
    for (id, code, msg) in sum.failures.iter().take(10) {
        line.push_str(&format!("\n  {id}: {code} {msg}"));
    }
    if sum.failed > 0 {
        return Err(Fail(line));
    }
    Ok(line)
}
