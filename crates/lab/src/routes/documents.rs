//! Document routes: `GET /api/documents`, `GET /api/documents/{document_id}`
//! and `POST /api/documents/export`.
//!
//! Planted here: BOLA with UUID ids (API1; unguessable ids are not access
//! control) and BOLA through a JSON body field.

use axum::extract::State;
use axum::Json;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::auth::{AppState, Caller};
use crate::error::{parse_uuid, ApiError, JsonBody, PathParam};
use crate::store::{Document, Store};

/// `GET /api/documents`: the caller's own documents. Same in both modes.
pub(crate) async fn list(State(app): State<AppState>, caller: Caller) -> Json<Vec<Document>> {
    let store = app.store();
    Json(
        store
            .documents
            .values()
            .filter(|d| d.owner_id == caller.id)
            .cloned()
            .collect(),
    )
}

/// The document with this id if the caller may see it: any document in
/// vulnerable mode, only the caller's own in secure mode.
fn reachable<'a>(
    store: &'a Store,
    secure: bool,
    caller: Caller,
    id: &Uuid,
) -> Result<&'a Document, ApiError> {
    match store.documents.get(id) {
        Some(doc) if !secure || doc.owner_id == caller.id => Ok(doc),
        _ => Err(ApiError::not_found("document")),
    }
}

/// `GET /api/documents/{document_id}`: one document.
///
/// **Vulnerable:** no owner check. The ids are UUIDs, which cannot be
/// counted, but they leak: in shared links, logs, referrer headers, other
/// API answers. Anyone holding one reads a passport scan or a salary
/// statement. OWASP API1:2023 Broken Object Level Authorization; CWE-639.
///
/// **Secure:** only the owner (404 otherwise, as for an unknown id).
pub(crate) async fn get(
    State(app): State<AppState>,
    caller: Caller,
    PathParam(raw): PathParam,
) -> Result<Json<Document>, ApiError> {
    let id = parse_uuid(&raw, "document_id")?;
    let store = app.store();
    Ok(Json(reachable(&store, app.secure(), caller, &id)?.clone()))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExportRequest {
    document_id: String,
}

#[derive(Serialize)]
pub(crate) struct Export {
    document_id: Uuid,
    title: String,
    content: String,
}

/// `POST /api/documents/export`: the text of a document named in the JSON
/// body.
///
/// **Vulnerable:** the id in the body is trusted without an owner check.
/// Teams that guard path parameters often forget ids that arrive in a body,
/// and scanners that only mutate URLs miss it. OWASP API1:2023 Broken Object
/// Level Authorization through a body field; CWE-639.
///
/// **Secure:** only the owner's documents (404 otherwise).
pub(crate) async fn export(
    State(app): State<AppState>,
    caller: Caller,
    JsonBody(req): JsonBody<ExportRequest>,
) -> Result<Json<Export>, ApiError> {
    let id = parse_uuid(&req.document_id, "document_id")?;
    let store = app.store();
    let doc = reachable(&store, app.secure(), caller, &id)?;
    Ok(Json(Export {
        document_id: doc.id,
        title: doc.title.clone(),
        content: doc.content.clone(),
    }))
}
