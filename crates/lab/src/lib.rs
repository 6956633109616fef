//! `lab`: a deliberately vulnerable REST API for practising IDOR/BOLA
//! testing, and its fixed twin.
//!
//! The API is a small shop: users with profiles, orders, invoices and
//! documents, behind bearer-token login. In the default (vulnerable) mode it
//! carries the flaws of the OWASP API Security Top 10 (2023) that an
//! object-level authorization tester should find:
//!
//! | Route | Flaw | OWASP / CWE |
//! |---|---|---|
//! | `GET /api/me` | password hash and TOTP seed returned | API3, CWE-213 |
//! | `GET /api/users/{id}` | any user's full profile (sequential ids) | API1+API3, CWE-639 |
//! | `PATCH /api/users/{id}` | anyone's profile; `role` is bound | API1+API3, CWE-639, CWE-915 |
//! | `POST /api/orders` | `owner_id` is bound | API3, CWE-915 |
//! | `GET`/`PATCH`/`DELETE /api/orders/{id}` | any order (sequential ids) | API1, CWE-639 |
//! | `GET /api/invoice?invoice_id=` | any invoice, no token needed | API1+API2, CWE-639, CWE-306 |
//! | `GET /api/documents/{uuid}` | any document (UUID ids) | API1, CWE-639 |
//! | `POST /api/documents/export` | any document named in the body | API1, CWE-639 |
//! | `GET /api/admin/users` | any logged-in user | API5, CWE-285 |
//!
//! With [`LabConfig::secure`] set, every one of those is fixed and nothing
//! else changes: same routes, same shapes. Foreign objects answer 404, like
//! unknown ones, so the secure lab does not confirm that they exist. The two
//! modes are the positive and negative controls for a tester.
//!
//! The crate never binds a socket itself: [`serve`] takes a listener the
//! caller bound (the CLI binds 127.0.0.1 only), and [`router`] can be driven
//! in-process with `tower::ServiceExt::oneshot`.

mod auth;
mod error;
mod openapi;
mod routes;
mod store;

use std::future::Future;
use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

pub use error::BODY_LIMIT;

/// How a lab instance behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabConfig {
    /// `false` (the default): the planted vulnerabilities are live.
    /// `true`: each is fixed.
    pub secure: bool,
    /// How long a login token stays valid. Default 900 seconds.
    pub token_ttl: Duration,
}

impl Default for LabConfig {
    fn default() -> Self {
        LabConfig {
            secure: false,
            token_ttl: Duration::from_secs(900),
        }
    }
}

/// The seeded logins: `(username, password, role)`. Passwords follow the
/// pattern `<username>-lab-pass`. User ids are the 1-based positions in this
/// list (`admin` is 1).
pub const USERS: &[(&str, &str, &str)] = store::LOGINS;

/// The lab's routes over a freshly seeded in-memory store. Each call gives
/// an independent lab: nothing is shared between routers.
pub fn router(cfg: LabConfig) -> Router {
    let state = auth::AppState::new(cfg.secure, cfg.token_ttl);
    Router::new()
        .route("/api/login", post(auth::login))
        .route("/api/me", get(routes::users::me))
        .route(
            "/api/users/{user_id}",
            get(routes::users::get_user).patch(routes::users::patch_user),
        )
        .route(
            "/api/orders",
            get(routes::orders::list).post(routes::orders::create),
        )
        .route(
            "/api/orders/{order_id}",
            get(routes::orders::get)
                .patch(routes::orders::patch)
                .delete(routes::orders::delete),
        )
        .route("/api/invoices", get(routes::invoices::list))
        .route("/api/invoice", get(routes::invoices::by_query))
        .route("/api/documents", get(routes::documents::list))
        .route("/api/documents/export", post(routes::documents::export))
        .route("/api/documents/{document_id}", get(routes::documents::get))
        .route("/api/admin/users", get(routes::users::admin_users))
        .route("/openapi.json", get(routes::openapi))
        .route("/health", get(routes::health))
        .fallback(error::no_route)
        .method_not_allowed_fallback(error::wrong_method)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves the lab on `listener` until `shutdown` completes, then finishes the
/// requests in flight and returns.
pub async fn serve(
    listener: tokio::net::TcpListener,
    cfg: LabConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(cfg))
        .with_graceful_shutdown(shutdown)
        .await
}
