//! Profile routes: `GET /api/me`, `GET`/`PATCH /api/users/{user_id}` and the
//! admin listing `GET /api/admin/users`.
//!
//! Planted here: excessive data exposure (API3), BOLA on reads and writes
//! with sequential ids (API1), mass assignment of `role` (API3, property
//! level), and broken function-level authorization (API5).

use axum::extract::State;
use axum::Json;
use serde_json::{Map, Value};

use crate::auth::{AppState, Caller};
use crate::error::{parse_int_id, ApiError, JsonObject, PathParam};
use crate::store::Profile;

/// Fields a user may change on their own profile, in either mode.
const SELF_WRITABLE: &[&str] = &["display_name", "phone", "address"];

/// `GET /api/me`: the caller's own profile.
///
/// **Vulnerable:** the answer includes `password_hash` and `mfa_secret`.
/// The client never needs them, yet anyone holding a token (or reading a
/// proxy log, a browser cache or an XSS payload's loot) gets material for
/// offline cracking and for generating the user's one-time codes. OWASP API3:2023
/// Broken Object Property Level Authorization (excessive data exposure);
/// CWE-213 (exposure due to incompatible policies) and CWE-200.
///
/// **Secure:** the same profile without the two credential fields.
pub(crate) async fn me(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<Json<Profile>, ApiError> {
    let store = app.store();
    let user = store
        .users
        .get(&caller.id)
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(Json(user.profile(!app.secure())))
}

/// `GET /api/users/{user_id}`: one user's profile.
///
/// **Vulnerable:** any authenticated caller reads any user's full profile,
/// credentials included, and ids are small sequential integers, so walking
/// 1, 2, 3 ... dumps every account. OWASP API1:2023 Broken Object Level
/// Authorization plus API3:2023; CWE-639 (authorization bypass through a
/// user-controlled key) and CWE-200.
///
/// **Secure:** callers see only themselves, administrators see anyone; any
/// other id answers 404 exactly as an unknown id does, so the answer does
/// not confirm that the account exists. Credentials are never returned.
pub(crate) async fn get_user(
    State(app): State<AppState>,
    caller: Caller,
    PathParam(raw): PathParam,
) -> Result<Json<Profile>, ApiError> {
    let id = parse_int_id(&raw, "user_id")?;
    let store = app.store();
    let user = store
        .users
        .get(&id)
        .ok_or_else(|| ApiError::not_found("user"))?;
    if app.secure() && id != caller.id && !caller.is_admin {
        return Err(ApiError::not_found("user"));
    }
    Ok(Json(user.profile(!app.secure())))
}

/// A validated profile change.
#[derive(Default)]
struct UserPatch {
    display_name: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    email: Option<String>,
    role: Option<String>,
}

/// Reads a string field of at most `max` characters.
fn string_field(
    body: &Map<String, Value>,
    name: &str,
    max: usize,
) -> Result<Option<String>, ApiError> {
    match body.get(name) {
        None => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max && !s.trim().is_empty() => {
            Ok(Some(s.clone()))
        }
        Some(Value::String(_)) => Err(ApiError::bad_request(format!(
            "{name} must be 1 to {max} characters"
        ))),
        Some(_) => Err(ApiError::bad_request(format!("{name} must be a string"))),
    }
}

/// `PATCH /api/users/{user_id}`: changes profile fields.
///
/// **Vulnerable:** two flaws. There is no owner check, so any caller can
/// rewrite anyone's name, phone, address or e-mail (BOLA on a write: OWASP
/// API1:2023, CWE-639); changing the e-mail is the first step of taking the
/// account over through password reset. And the body is bound wholesale onto
/// the user, so `"role": "admin"` (or a new `email`) is applied: mass
/// assignment, OWASP API3:2023 Broken Object Property Level Authorization,
/// CWE-915 (improperly controlled modification of dynamically-determined
/// object attributes). One request turns a customer into an administrator.
///
/// **Secure:** only the caller's own profile (404 for any other id), and
/// only `display_name`, `phone` and `address`; any other field is refused
/// with 400 `field not writable: <name>` before anything changes. The answer
/// carries no credentials.
pub(crate) async fn patch_user(
    State(app): State<AppState>,
    caller: Caller,
    PathParam(raw): PathParam,
    JsonObject(body): JsonObject,
) -> Result<Json<Profile>, ApiError> {
    let id = parse_int_id(&raw, "user_id")?;
    let secure = app.secure();
    let mut patch = UserPatch {
        display_name: string_field(&body, "display_name", 100)?,
        phone: string_field(&body, "phone", 40)?,
        address: string_field(&body, "address", 200)?,
        ..UserPatch::default()
    };
    if secure {
        if let Some(field) = body.keys().find(|k| !SELF_WRITABLE.contains(&k.as_str())) {
            return Err(ApiError::bad_request(format!(
                "field not writable: {field}"
            )));
        }
    } else {
        // The planted mass assignment: whatever the client sends is bound.
        patch.email = string_field(&body, "email", 200)?;
        patch.role = string_field(&body, "role", 20)?;
        if let Some(role) = &patch.role {
            if role != "user" && role != "admin" {
                return Err(ApiError::bad_request("role must be \"user\" or \"admin\""));
            }
        }
    }
    let mut store = app.store();
    if secure && id != caller.id {
        return Err(ApiError::not_found("user"));
    }
    let user = store
        .users
        .get_mut(&id)
        .ok_or_else(|| ApiError::not_found("user"))?;
    let UserPatch {
        display_name,
        phone,
        address,
        email,
        role,
    } = patch;
    if let Some(v) = display_name {
        user.display_name = v;
    }
    if let Some(v) = phone {
        user.phone = v;
    }
    if let Some(v) = address {
        user.address = v;
    }
    if let Some(v) = email {
        user.email = v;
    }
    if let Some(v) = role {
        user.role = v;
    }
    Ok(Json(user.profile(!secure)))
}

/// `GET /api/admin/users`: every account, for administrators.
///
/// **Vulnerable:** the route checks that the caller is logged in but not
/// that the caller is an administrator, so any customer lists every account,
/// credentials included. Admin routes are easy to guess (`/admin/` next to
/// the user routes) and often documented in the API description. OWASP
/// API5:2023 Broken Function Level Authorization; CWE-285 (improper
/// authorization), plus API3 for the credentials.
///
/// **Secure:** 403 for anyone whose role is not `admin`; administrators get
/// the list without credentials.
pub(crate) async fn admin_users(
    State(app): State<AppState>,
    caller: Caller,
) -> Result<Json<Vec<Profile>>, ApiError> {
    if app.secure() && !caller.is_admin {
        return Err(ApiError::forbidden("administrators only"));
    }
    let store = app.store();
    Ok(Json(
        store
            .users
            .values()
            .map(|u| u.profile(!app.secure()))
            .collect(),
    ))
}
