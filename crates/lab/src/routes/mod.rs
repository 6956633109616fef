//! The lab's HTTP handlers, one module per resource. Each planted
//! vulnerability sits in the handler that serves it, behind an
//! `if app.secure()` branch, so the flaw and its fix read side by side.

pub(crate) mod documents;
pub(crate) mod invoices;
pub(crate) mod orders;
pub(crate) mod users;

use axum::extract::State;
use axum::Json;
use serde_json::{json, Value};

use crate::auth::AppState;

/// `GET /health`: liveness plus the mode, so a tester can confirm which
/// lab it is pointed at. No token needed.
pub(crate) async fn health(State(app): State<AppState>) -> Json<Value> {
    let mode = if app.secure() { "secure" } else { "vulnerable" };
    Json(json!({ "status": "ok", "mode": mode }))
}

/// `GET /openapi.json`: the API description for this mode. No token needed.
pub(crate) async fn openapi(State(app): State<AppState>) -> Json<Value> {
    Json(crate::openapi::document(app.secure()))
}
