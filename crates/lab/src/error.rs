//! Error responses and the request extractors that produce them.
//!
//! Every failure the lab returns is JSON of the shape `{"error": "..."}`,
//! including the ones axum would otherwise answer in plain text: a body over
//! the size limit (413), malformed JSON (400), a bad path or query value
//! (400), an unknown route (404) and a wrong method (405).

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

/// The largest request body the lab reads, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// An error answer: status, message, and for 401s the `WWW-Authenticate`
/// challenge (RFC 6750).
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    message: String,
    challenge: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            challenge: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// No credentials at all: a bare challenge, no error code (RFC 6750 3.1).
    pub fn missing_token() -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "missing bearer token".into(),
            challenge: Some("Bearer"),
        }
    }

    /// A token the lab does not know or one whose lifetime is over. Both get
    /// `error="invalid_token"` so a client knows to log in again.
    pub fn invalid_token(message: &str) -> Self {
        ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: message.into(),
            challenge: Some("Bearer error=\"invalid_token\""),
        }
    }

    /// Wrong username or password.
    pub fn bad_credentials() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "invalid username or password")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(json!({ "error": self.message }))).into_response();
        if let Some(challenge) = self.challenge {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(challenge),
            );
        }
        response
    }
}

/// A JSON request body, read under [`BODY_LIMIT`] and parsed with serde.
/// Unlike `axum::Json` it does not insist on a `Content-Type` header (many
/// testing tools omit it) and its rejections are JSON.
pub(crate) struct JsonBody<T>(pub T);

impl<S, T> FromRequest<S> for JsonBody<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            let status = rejection.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    status,
                    format!("request body is larger than {BODY_LIMIT} bytes"),
                )
            } else {
                ApiError::new(status, "could not read the request body")
            }
        })?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| ApiError::bad_request(format!("invalid JSON body: {e}")))
    }
}

/// A JSON object body kept as a map, for handlers that decide field by field
/// what may be written.
pub(crate) struct JsonObject(pub Map<String, Value>);

impl<S> FromRequest<S> for JsonObject
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBody(value) = JsonBody::<Value>::from_request(req, state).await?;
        match value {
            Value::Object(map) => Ok(JsonObject(map)),
            _ => Err(ApiError::bad_request("request body must be a JSON object")),
        }
    }
}

/// The single path parameter of a route, as text. The handler parses it, so
/// that a malformed id gets a JSON 400 rather than axum's plain-text one.
pub(crate) struct PathParam(pub String);

impl<S> FromRequestParts<S> for PathParam
where
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<String>::from_request_parts(parts, state)
            .await
            .map(|Path(raw)| PathParam(raw))
            .map_err(|e| ApiError::bad_request(format!("invalid path parameter: {e}")))
    }
}

/// Query parameters decoded into `T`, with JSON 400s on failure.
pub(crate) struct QueryParams<T>(pub T);

impl<S, T> FromRequestParts<S> for QueryParams<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Query::<T>::from_request_parts(parts, state)
            .await
            .map(|Query(value)| QueryParams(value))
            .map_err(|e| ApiError::bad_request(format!("invalid query string: {e}")))
    }
}

/// Parses an integer id from a path or query value.
pub(crate) fn parse_int_id(raw: &str, name: &str) -> Result<u64, ApiError> {
    raw.parse::<u64>()
        .map_err(|_| ApiError::bad_request(format!("{name} must be a positive integer")))
}

/// Parses a UUID id from a path or body value.
pub(crate) fn parse_uuid(raw: &str, name: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(raw).map_err(|_| ApiError::bad_request(format!("{name} must be a UUID")))
}

/// Answer for a path no route matches.
pub(crate) async fn no_route() -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "no such route")
}

/// Answer for a known path called with a method it does not support.
pub(crate) async fn wrong_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method not allowed on this route",
    )
}
