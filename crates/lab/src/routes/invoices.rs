//! Invoice routes: `GET /api/invoices` and `GET /api/invoice?invoice_id=N`.
//!
//! Planted here: BOLA through a query parameter (API1) on a route that also
//! skips authentication altogether (API2).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::Json;
use serde::Deserialize;

use crate::auth::{AppState, Caller};
use crate::error::{parse_int_id, ApiError, QueryParams};
use crate::store::Invoice;

/// `GET /api/invoices`: the caller's own invoices. Same in both modes.
pub(crate) async fn list(State(app): State<AppState>, caller: Caller) -> Json<Vec<Invoice>> {
    let store = app.store();
    Json(
        store
            .invoices
            .values()
            .filter(|i| i.owner_id == caller.id)
            .cloned()
            .collect(),
    )
}

#[derive(Deserialize)]
pub(crate) struct InvoiceQuery {
    invoice_id: Option<String>,
}

/// `GET /api/invoice?invoice_id=N`: one invoice, chosen by a query
/// parameter (the shape a "download invoice" link often takes).
///
/// **Vulnerable:** neither a token nor ownership is checked. Anyone who can
/// reach the API, logged in or not, reads every invoice (amount, card's last
/// four digits, billing address) by counting from 5001. OWASP API1:2023
/// Broken Object Level Authorization through a query parameter, CWE-639;
/// and API2:2023 Broken Authentication, CWE-306 (missing authentication for
/// a critical function).
///
/// **Secure:** a valid bearer token is required (401 without one), and only
/// the owner's invoices are returned (404 otherwise).
pub(crate) async fn by_query(
    State(app): State<AppState>,
    headers: HeaderMap,
    QueryParams(query): QueryParams<InvoiceQuery>,
) -> Result<Json<Invoice>, ApiError> {
    let caller: Option<Caller> = if app.secure() {
        Some(app.authenticate(&headers)?)
    } else {
        None
    };
    let raw = query
        .invoice_id
        .ok_or_else(|| ApiError::bad_request("invoice_id query parameter is required"))?;
    let id = parse_int_id(&raw, "invoice_id")?;
    let store = app.store();
    match store.invoices.get(&id) {
        Some(invoice) if caller.is_none_or(|c| c.id == invoice.owner_id) => {
            Ok(Json(invoice.clone()))
        }
        _ => Err(ApiError::not_found("invoice")),
    }
}
