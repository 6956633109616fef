//! `web`: the local web app over the preparation system and the engines.
//!
//! Pages are rendered on the server with askama (templates compiled into
//! the binary and HTML-escaped by default); the few interactive pieces (the
//! drill timer, clicking a code line to mark it, live STAR lint) are a small
//! vanilla script. Every asset is embedded, so the app works offline and the
//! CSP can forbid everything but `'self'`.
//!
//! Security of the tool itself, all in [`security`]:
//! * it is meant for 127.0.0.1; binding elsewhere needs a token, checked on
//!   every request;
//! * every POST carries a CSRF token (double submit: an `HttpOnly`,
//!   `SameSite=Strict` cookie and a form field or header that must match),
//!   and cross-site POSTs are refused by `Sec-Fetch-Site` as well;
//! * request bodies are capped; responses carry a strict
//!   Content-Security-Policy, `nosniff`, `no-referrer` and frame denial.
//!
//! Each request opens the SQLite store (WAL, one transaction per write), so
//! concurrent tabs see consistent state without a shared connection.

pub mod chart;
mod pages;
pub mod security;

use axum::routing::{get, post};
use axum::Router;
use std::path::PathBuf;
use std::sync::Arc;

/// How the app runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The progress database.
    pub db: PathBuf,
    /// Required on every request when set (binding beyond loopback).
    pub token: Option<String>,
    /// "Today" for the plan, when not the UTC date (tests, planning ahead).
    pub today: Option<time::Date>,
}

pub(crate) struct App {
    pub cfg: Config,
    /// Connections handed back by finished requests, reused by the next.
    idle: std::sync::Mutex<Vec<store::Store>>,
    /// Readiness as last computed, with the attempts table's stamp then.
    readiness: std::sync::Mutex<Option<(store::AttemptsStamp, Vec<progress::Row>)>>,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("cfg", &self.cfg).finish()
    }
}

/// At most this many idle connections are kept.
const IDLE_CONNECTIONS: usize = 16;

/// A store connection for one request; back to the idle list when dropped.
///
/// Each request used to open its own connection. Against a year of history
/// that cost more than the page: a new connection starts with an empty page
/// cache and reads the schema and the tables from the file again (bench/web
/// showed the kernel clearing and copying pages as a large share of the
/// dashboard's time). A request still has a connection to itself, and every
/// write is still one SQLite transaction, so concurrent tabs are as safe as
/// before; a connection whose request panicked is not reused.
pub(crate) struct Pooled<'a> {
    app: &'a App,
    store: Option<store::Store>,
}

impl std::ops::Deref for Pooled<'_> {
    type Target = store::Store;
    fn deref(&self) -> &store::Store {
        self.store.as_ref().expect("present until drop")
    }
}

impl std::ops::DerefMut for Pooled<'_> {
    fn deref_mut(&mut self) -> &mut store::Store {
        self.store.as_mut().expect("present until drop")
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if let (Some(s), Ok(mut idle)) = (self.store.take(), self.app.idle.lock()) {
            if idle.len() < IDLE_CONNECTIONS {
                idle.push(s);
            }
        }
    }
}

impl App {
    pub(crate) fn new(cfg: Config) -> App {
        App {
            cfg,
            idle: std::sync::Mutex::new(Vec::new()),
            readiness: std::sync::Mutex::new(None),
        }
    }

    /// A connection to the database: an idle one, or a new one (which
    /// creates and migrates the file the first time).
    pub(crate) fn open(&self) -> Result<Pooled<'_>, pages::PageError> {
        let reused = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        let store = match reused {
            Some(s) => s,
            None => store::Store::open(&self.cfg.db).map_err(pages::PageError::store)?,
        };
        Ok(Pooled {
            app: self,
            store: Some(store),
        })
    }

    /// Readiness per competency, recomputed only when the attempts table
    /// has changed. The dashboard showed it on every view by reading and
    /// charting every attempt: with a year of history that was most of its
    /// time, and at 16 concurrent connections its p99 missed the 50 ms bar
    /// (bench/README.md). Checking the table's stamp is one aggregate pass.
    pub(crate) fn readiness(
        &self,
        s: &store::Store,
    ) -> Result<Vec<progress::Row>, pages::PageError> {
        let stamp = s.attempts_stamp().map_err(pages::PageError::store)?;
        if let Ok(cache) = self.readiness.lock() {
            if let Some((at, rows)) = cache.as_ref() {
                if *at == stamp {
                    return Ok(rows.clone());
                }
            }
        }
        let rows = progress::readiness(s).map_err(pages::PageError::store)?;
        if let Ok(mut cache) = self.readiness.lock() {
            *cache = Some((stamp, rows.clone()));
        }
        Ok(rows)
    }

    pub(crate) fn today(&self) -> time::Date {
        self.cfg
            .today
            .unwrap_or_else(|| time::OffsetDateTime::now_utc().date())
    }
}

pub(crate) type Shared = Arc<App>;

/// The whole app.
pub fn router(cfg: Config) -> Router {
    let app: Shared = Arc::new(App::new(cfg.clone()));
    Router::new()
        .route("/", get(pages::dashboard::page))
        .route("/questions", get(pages::questions::page))
        .route("/questions/rate", post(pages::questions::rate))
        .route("/review", get(pages::review::list))
        .route("/review/start", post(pages::review::start))
        .route(
            "/review/attempt/{id}",
            get(pages::review::attempt).post(pages::review::submit),
        )
        .route("/star", get(pages::star::page))
        .route("/star/save", post(pages::star::save))
        .route("/api/star/lint", post(pages::star::lint_api))
        .merge(pages::star::practice_routes())
        .merge(pages::tm::routes())
        .merge(pages::script::routes())
        .merge(pages::mock::routes())
        .merge(pages::tools::routes())
        .route("/static/{file}", get(pages::asset))
        .fallback(pages::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(cfg),
            security::guard,
        ))
        .with_state(app)
}

/// Serve on `listener` until `shutdown` completes, then finish the
/// requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    cfg: Config,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(cfg))
        .with_graceful_shutdown(shutdown)
        .await
}
