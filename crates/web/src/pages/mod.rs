//! One module per page. Handlers do their database work on the blocking
//! pool and render an askama template.

pub mod dashboard;
pub mod mock;
pub mod questions;
pub mod review;
pub mod script;
pub mod star;
pub mod tm;
pub mod tools;

use askama::Template;
use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

/// A page that could not be produced, shown as a small error page.
#[derive(Debug)]
pub struct PageError {
    pub status: StatusCode,
    pub message: String,
}

impl PageError {
    pub fn store(e: store::StoreError) -> PageError {
        PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: e.to_string(),
        }
    }
    pub fn bad(message: impl Into<String>) -> PageError {
        PageError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
        }
    }
    pub fn missing(message: impl Into<String>) -> PageError {
        PageError {
            status: StatusCode::NOT_FOUND,
            message: message.into(),
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let body = ErrorPage {
            title: self.status.canonical_reason().unwrap_or("Error"),
            message: &self.message,
        }
        .render()
        .unwrap_or_else(|_| "error".into());
        (self.status, Html(body)).into_response()
    }
}

/// Render a template, or a 500 naming the failure.
pub fn render(t: &impl Template) -> Response {
    match t.render() {
        Ok(s) => Html(s).into_response(),
        Err(e) => PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("template: {e}"),
        }
        .into_response(),
    }
}

/// Run blocking database work off the async threads.
pub async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, PageError> + Send + 'static,
) -> Result<T, PageError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| PageError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: e.to_string(),
        })?
}

/// Every static file, embedded: one stylesheet, the shared script, and one
/// script per page that needs more than the shared one.
const ASSETS: &[(&str, &str)] = &[
    ("app.css", include_str!("../../static/app.css")),
    ("app.js", include_str!("../../static/app.js")),
    ("tm.js", include_str!("../../static/tm.js")),
    ("script.js", include_str!("../../static/script.js")),
    ("mock.js", include_str!("../../static/mock.js")),
    ("tools.js", include_str!("../../static/tools.js")),
];

pub async fn asset(Path(file): Path<String>) -> Response {
    let Some(&(_, body)) = ASSETS.iter().find(|(name, _)| *name == file) else {
        return not_found().await.into_response();
    };
    let ty = if file.ends_with(".css") {
        "text/css; charset=utf-8"
    } else {
        "text/javascript; charset=utf-8"
    };
    (
        [
            (header::CONTENT_TYPE, ty),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

pub async fn not_found() -> PageError {
    PageError::missing("No such page.")
}

/// Minutes and seconds since an RFC 3339 time, for the drill timers.
pub fn elapsed_secs(started: &str) -> u64 {
    time::OffsetDateTime::parse(started, &time::format_description::well_known::Rfc3339)
        .map(|t| (time::OffsetDateTime::now_utc() - t).whole_seconds().max(0) as u64)
        .unwrap_or(0)
}
