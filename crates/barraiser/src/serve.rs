//! `barraiser serve`: the web app over the preparation system, on
//! 127.0.0.1 unless told otherwise. Binding elsewhere needs a token (one is
//! generated when none is given), which every request must carry.

use crate::cli::Global;
use crate::prep::DbArg;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    barraiser serve                         # http://127.0.0.1:8451, the default database\n  \
    barraiser serve --port 0                # a free port (printed)\n  \
    barraiser serve --db team-prep.db\n  \
    barraiser serve --host 0.0.0.0          # reachable from the network: prints a warning and a token URL\n\n\
    Ctrl-C stops it after the requests in flight finish.")]
pub struct ServeArgs {
    /// Port (0 picks a free one).
    #[arg(long, default_value_t = 8451)]
    pub port: u16,
    /// Address to bind. Anything but a loopback address needs a token.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// The token required on every request when --host is not loopback
    /// (default: a random one, printed).
    #[arg(long)]
    pub token: Option<String>,
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run(global: &Global, a: &ServeArgs) -> Result<Outcome, Fail> {
    let ip: std::net::IpAddr = a
        .host
        .parse()
        .map_err(|_| Fail(format!("--host `{}` is not an IP address", a.host)))?;
    let token = if ip.is_loopback() {
        a.token.clone()
    } else {
        let t = a.token.clone().unwrap_or_else(web::security::random_token);
        if t.len() < 16 {
            return Err(Fail("--token must be at least 16 characters".into()));
        }
        Some(t)
    };
    let db = match &a.db.db {
        Some(p) => p.clone(),
        None => store::Store::default_path().map_err(|e| Fail(e.to_string()))?,
    };
    // open once up front: a bad path or a damaged file is reported here,
    // not on the first page load
    store::Store::open(&db).map_err(|e| Fail(e.to_string()))?;
    let today = match &a.db.today {
        Some(_) => Some(a.db.today()?),
        None => None,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind((ip, a.port))
            .await
            .map_err(|e| {
                Fail(format!(
                    "cannot listen on {}:{}: {e}\n  help: pick another --port, or 0 for a free one",
                    a.host, a.port
                ))
            })?;
        let addr = listener.local_addr()?;
        let url = match &token {
            Some(t) => format!("http://{addr}/?token={t}"),
            None => format!("http://{addr}/"),
        };
        println!("{url}");
        if !ip.is_loopback() {
            eprintln!("warning: barraiser is reachable from the network on {addr}; every request needs the token in the URL above");
        }
        if !global.quiet {
            eprintln!(
                "barraiser: the app is on {url} (database {}); Ctrl-C stops it",
                db.display()
            );
        }
        let cfg = web::Config { db, token, today };
        web::serve(listener, cfg, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| Fail(format!("the web app stopped: {e}")))
    })?;
    Ok(Outcome::Clean)
}
