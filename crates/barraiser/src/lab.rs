//! `barraiser lab serve`: the practice API on 127.0.0.1 only. The lab is
//! vulnerable on purpose, so it never listens on another address: there
//! is no `--host`.

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::{Args, Subcommand};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct LabArgs {
    #[command(subcommand)]
    pub command: LabCmd,
}

#[derive(Debug, Subcommand)]
pub enum LabCmd {
    /// Serve the lab on 127.0.0.1 until Ctrl-C.
    #[command(after_help = "Examples:\n  \
        barraiser lab serve                      # vulnerable, on a free port (printed)\n  \
        barraiser lab serve --port 8080\n  \
        barraiser lab serve --port 8081 --secure # the same API with every issue fixed\n\n\
        Logins: admin/admin-lab-pass, alice/alice-lab-pass, bob/bob-lab-pass, carol/carol-lab-pass.\n\
        The OpenAPI document is at /openapi.json.")]
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Fix every planted vulnerability (the negative control).
    #[arg(long)]
    pub secure: bool,
    /// Lifetime of a login token, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 900)]
    pub token_ttl: u64,
}

pub fn run(global: &Global, args: &LabArgs) -> Result<Outcome, Fail> {
    let LabCmd::Serve(a) = &args.command;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", a.port))
            .await
            .map_err(|e| Fail(format!("cannot listen on 127.0.0.1:{}: {e}\n  help: pick another --port, or 0 for a free one", a.port)))?;
        let addr = listener.local_addr()?;
        let mode = if a.secure { "secure" } else { "VULNERABLE (practice only)" };
        // the address goes to stdout (scripts read it), the rest to stderr
        println!("http://{addr}");
        if !global.quiet {
            eprintln!("barraiser lab: {mode} API on http://{addr} (OpenAPI: http://{addr}/openapi.json); Ctrl-C stops it");
        }
        let cfg = lab::LabConfig { secure: a.secure, token_ttl: Duration::from_secs(a.token_ttl.max(1)) };
        lab::serve(listener, cfg, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Fail(format!("the lab stopped: {e}")))
    })?;
    Ok(Outcome::Clean)
}
