//! The guard every request passes: token (when bound beyond loopback),
//! CSRF on state-changing requests, a body cap, and the response headers.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use crate::Config;

/// Largest request body accepted (a script upload, a threat model, a story).
pub const MAX_BODY: usize = 1 << 20;

pub const CSRF_COOKIE: &str = "br_csrf";
pub const TOKEN_COOKIE: &str = "br_token";
pub const CSRF_FIELD: &str = "csrf";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// Everything loads from this origin; no inline script or style, no
/// plugins, no framing, forms post only here.
pub const CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
    object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The CSRF token of this browser, for the templates' hidden fields.
#[derive(Debug, Clone)]
pub struct Csrf(pub String);

/// 32 random bytes from the OS, hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).expect("the OS random source is available");
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A cookie's value from the request's Cookie headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Equal in time independent of where they differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn plain(status: StatusCode, msg: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        msg.to_string(),
    )
        .into_response()
}

fn valid_token_text(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The middleware.
pub async fn guard(State(cfg): State<Arc<Config>>, req: Request, next: Next) -> Response {
    let mut set_cookies: Vec<String> = Vec::new();

    // 1. Token, when the app is reachable beyond this machine.
    if let Some(want) = &cfg.token {
        let from_cookie = cookie(req.headers(), TOKEN_COOKIE);
        let from_query = req.uri().query().and_then(|q| {
            q.split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| *k == "token")
                .map(|(_, v)| v.to_string())
        });
        let ok = from_cookie.as_deref().is_some_and(|c| same(c, want))
            || from_query.as_deref().is_some_and(|q| same(q, want));
        if !ok {
            return plain(
                StatusCode::UNAUTHORIZED,
                "This barraiser app needs its token: open the URL printed when it started.",
            );
        }
        if from_query.is_some() {
            set_cookies.push(format!(
                "{TOKEN_COOKIE}={want}; Path=/; HttpOnly; SameSite=Strict"
            ));
        }
    }

    // 2. CSRF: every browser gets a token cookie; state changes must echo it.
    let existing = cookie(req.headers(), CSRF_COOKIE).filter(|t| valid_token_text(t));
    let token = existing.clone().unwrap_or_else(random_token);
    if existing.is_none() {
        set_cookies.push(format!(
            "{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
        ));
    }
    let mut req = req;
    if !matches!(*req.method(), Method::GET | Method::HEAD) {
        if let Some(site) = req
            .headers()
            .get("sec-fetch-site")
            .and_then(|v| v.to_str().ok())
        {
            if site != "same-origin" && site != "none" {
                return plain(StatusCode::FORBIDDEN, "Cross-site request refused.");
            }
        }
        let Some(cookie_token) = existing else {
            return plain(
                StatusCode::FORBIDDEN,
                "Missing CSRF cookie: reload the page and submit again.",
            );
        };
        let (parts, body) = req.into_parts();
        let bytes = match to_bytes(body, MAX_BODY).await {
            Ok(b) => b,
            Err(_) => {
                return plain(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The request is larger than 1 MiB.",
                )
            }
        };
        let from_header = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let is_form = parts
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded"));
        let from_form = if is_form {
            form_pairs(&bytes)
                .into_iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v)
        } else {
            None
        };
        let sent = from_header.or(from_form);
        if !sent.as_deref().is_some_and(|s| same(s, &cookie_token)) {
            return plain(
                StatusCode::FORBIDDEN,
                "CSRF token missing or wrong: reload the page and submit again.",
            );
        }
        req = Request::from_parts(parts, Body::from(bytes));
    }
    req.extensions_mut().insert(Csrf(token));

    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    for c in set_cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            h.append(header::SET_COOKIE, v);
        }
    }
    resp
}

/// `application/x-www-form-urlencoded` pairs, percent-decoded (the
/// `form_urlencoded` crate, the parser `url` uses).
pub fn form_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).into_owned().collect()
}
