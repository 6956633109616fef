//! Helpers shared by the lab's integration tests: build a router per mode,
//! send one request through it in-process, and log in.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use lab::{router, LabConfig};
use serde_json::Value;
use tower::ServiceExt;

/// A fresh lab in the given mode.
pub fn lab(secure: bool) -> Router {
    router(LabConfig {
        secure,
        ..LabConfig::default()
    })
}

/// Both modes, vulnerable first, for tests that run the same steps twice.
pub const MODES: [bool; 2] = [false, true];

/// One answer: status, headers and the body parsed as JSON (`Value::Null`
/// for an empty body). Panics if a non-empty body is not JSON: every answer
/// the lab gives must be.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

/// Sends raw bytes as the body.
pub async fn call_raw(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(uri);
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    if !body.is_empty() {
        req = req.header(header::CONTENT_TYPE, "application/json");
    }
    let response = app
        .clone()
        .oneshot(req.body(Body::from(body)).expect("request builds"))
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body reads");
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        assert_eq!(
            headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok()),
            Some("application/json"),
            "{uri} answered {status} without a JSON content type"
        );
        serde_json::from_slice(&bytes).unwrap_or_else(|e| {
            panic!(
                "{uri} answered {status} with non-JSON: {e}: {}",
                String::from_utf8_lossy(&bytes)
            )
        })
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// Sends an optional JSON body.
pub async fn call(
    app: &Router,
    method: Method,
    uri: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Reply {
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    call_raw(app, method, uri, token, bytes).await
}

pub async fn get(app: &Router, uri: &str, token: Option<&str>) -> Reply {
    call(app, Method::GET, uri, token, None).await
}

/// Logs in one of the seeded users by name and returns the token.
pub async fn login(app: &Router, username: &str) -> String {
    let password = format!("{username}-lab-pass");
    let reply = call(
        app,
        Method::POST,
        "/api/login",
        None,
        Some(serde_json::json!({ "username": username, "password": password })),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "login {username}: {}",
        reply.body
    );
    reply.body["token"]
        .as_str()
        .expect("token is a string")
        .to_string()
}

/// The ids of the objects at a listing route, as JSON values.
pub async fn ids(app: &Router, uri: &str, token: &str) -> Vec<Value> {
    let reply = get(app, uri, Some(token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
    reply
        .body
        .as_array()
        .expect("a listing is an array")
        .iter()
        .map(|o| o["id"].clone())
        .collect()
}
