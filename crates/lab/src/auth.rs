//! Shared router state, login, and bearer-token authentication.
//!
//! Authentication is the same in both modes: passwords are compared in
//! constant time, tokens are 256 random bits from the OS, and they stop
//! working `token_ttl` after they were issued. What differs between modes is
//! authorization, which the handlers decide.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::extract::{FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::time::Instant;

use crate::error::{ApiError, JsonBody};
use crate::store::{Session, Store};

/// What every handler gets: the mode, the token lifetime and the store.
#[derive(Clone)]
pub(crate) struct AppState(Arc<Inner>);

pub(crate) struct Inner {
    pub secure: bool,
    pub token_ttl: Duration,
    store: Mutex<Store>,
}

impl AppState {
    pub fn new(secure: bool, token_ttl: Duration) -> Self {
        AppState(Arc::new(Inner {
            secure,
            token_ttl,
            store: Mutex::new(Store::seeded()),
        }))
    }

    pub fn secure(&self) -> bool {
        self.0.secure
    }

    /// Locks the store. A handler that panicked while holding the lock left
    /// plain data behind, so a poisoned lock is still usable.
    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.0.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Resolves the `Authorization` header to a user, or says why not.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Caller, ApiError> {
        let token = bearer_token(headers).ok_or_else(ApiError::missing_token)?;
        let now = Instant::now();
        let mut store = self.store();
        let session = store
            .sessions
            .get(token)
            .cloned()
            .ok_or_else(|| ApiError::invalid_token("invalid token"))?;
        if session.expires_at <= now {
            store.sessions.remove(token);
            return Err(ApiError::invalid_token("token expired"));
        }
        let user = store
            .users
            .get(&session.user_id)
            .ok_or_else(|| ApiError::invalid_token("invalid token"))?;
        Ok(Caller {
            id: user.id,
            is_admin: user.is_admin(),
        })
    }
}

/// The `Authorization: Bearer <token>` value, if the header has that shape.
/// The scheme name is case-insensitive (RFC 7235 2.1).
fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// The authenticated user behind a request. The role is read from the store
/// on every request, so a role change takes effect at once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caller {
    pub id: u64,
    pub is_admin: bool,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        state.authenticate(&parts.headers)
    }
}

#[derive(Deserialize)]
pub(crate) struct LoginRequest {
    username: String,
    password: String,
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// 32 bytes from the OS random source, hex-encoded (64 characters).
fn new_token() -> Result<String, ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|_| {
        ApiError::new(
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            "no randomness available for a token",
        )
    })?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// `POST /api/login`: trades a username and password for a bearer token.
/// Unknown users and wrong passwords get the same 401, so the answer does
/// not reveal which usernames exist. A user holds at most 64 live tokens;
/// a further login retires the one closest to expiry.
pub(crate) async fn login(
    State(app): State<AppState>,
    JsonBody(req): JsonBody<LoginRequest>,
) -> Result<Json<Value>, ApiError> {
    let token = new_token()?;
    let now = Instant::now();
    let ttl = app.0.token_ttl;
    let mut store = app.store();
    let user_id = match store.user_by_name(&req.username) {
        Some(user) if constant_time_eq(user.password.as_bytes(), req.password.as_bytes()) => {
            user.id
        }
        _ => return Err(ApiError::bad_credentials()),
    };
    store.add_session(
        token.clone(),
        Session {
            user_id,
            expires_at: now + ttl,
        },
        now,
    );
    Ok(Json(json!({
        "token": token,
        "token_type": "Bearer",
        "expires_in": ttl.as_secs(),
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_parsing() {
        let mut h = HeaderMap::new();
        assert_eq!(bearer_token(&h), None);
        h.insert(header::AUTHORIZATION, "Bearer abc".parse().unwrap());
        assert_eq!(bearer_token(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "bearer  abc ".parse().unwrap());
        assert_eq!(bearer_token(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer_token(&h), None);
        h.insert(header::AUTHORIZATION, "Bearer ".parse().unwrap());
        assert_eq!(bearer_token(&h), None);
    }

    #[test]
    fn tokens_are_long_and_distinct() {
        let a = new_token().unwrap();
        let b = new_token().unwrap();
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn constant_time_eq_is_eq() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
