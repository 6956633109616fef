//! Login, bearer-token checks and token expiry, the same in both modes.

mod common;

use std::time::Duration;

use axum::http::{Method, StatusCode};
use common::{call, call_raw, get, lab, login, MODES};
use lab::{router, LabConfig, USERS};
use serde_json::json;

#[tokio::test]
async fn every_seeded_login_works_and_gets_its_own_identity() {
    for secure in MODES {
        let app = lab(secure);
        for (i, (username, password, role)) in USERS.iter().enumerate() {
            let r = call(
                &app,
                Method::POST,
                "/api/login",
                None,
                Some(json!({ "username": username, "password": password })),
            )
            .await;
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.body["token_type"], "Bearer");
            assert_eq!(r.body["expires_in"], 900);
            let token = r.body["token"].as_str().unwrap();
            assert_eq!(token.len(), 64);
            let me = get(&app, "/api/me", Some(token)).await;
            assert_eq!(me.body["id"], i as u64 + 1);
            assert_eq!(me.body["username"], *username);
            assert_eq!(me.body["role"], *role);
        }
    }
}

#[tokio::test]
async fn two_logins_give_two_working_tokens() {
    let app = lab(false);
    let a = login(&app, "alice").await;
    let b = login(&app, "alice").await;
    assert_ne!(a, b);
    assert_eq!(get(&app, "/api/me", Some(&a)).await.status, StatusCode::OK);
    assert_eq!(get(&app, "/api/me", Some(&b)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn bad_credentials_are_one_indistinct_401() {
    let app = lab(false);
    let wrong_password = call(
        &app,
        Method::POST,
        "/api/login",
        None,
        Some(json!({ "username": "alice", "password": "bob-lab-pass" })),
    )
    .await;
    let no_such_user = call(
        &app,
        Method::POST,
        "/api/login",
        None,
        Some(json!({ "username": "mallory", "password": "x" })),
    )
    .await;
    assert_eq!(wrong_password.status, StatusCode::UNAUTHORIZED);
    assert_eq!(no_such_user.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong_password.body, no_such_user.body);
    assert_eq!(wrong_password.body["error"], "invalid username or password");
    // A body missing a field is malformed, not a failed login.
    let r = call(
        &app,
        Method::POST,
        "/api/login",
        None,
        Some(json!({ "username": "alice" })),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

/// Every route that needs a token, with a request that would succeed.
const PROTECTED: &[(&str, &str)] = &[
    ("GET", "/api/me"),
    ("GET", "/api/users/2"),
    ("PATCH", "/api/users/2"),
    ("GET", "/api/orders"),
    ("POST", "/api/orders"),
    ("GET", "/api/orders/1001"),
    ("PATCH", "/api/orders/1001"),
    ("DELETE", "/api/orders/1001"),
    ("GET", "/api/invoices"),
    ("GET", "/api/documents"),
    ("GET", "/api/documents/00000000-0000-0000-0000-000000000000"),
    ("POST", "/api/documents/export"),
    ("GET", "/api/admin/users"),
];

#[tokio::test]
async fn protected_routes_refuse_missing_and_unknown_tokens() {
    for secure in MODES {
        let app = lab(secure);
        let mut routes = PROTECTED.to_vec();
        if secure {
            routes.push(("GET", "/api/invoice?invoice_id=5001"));
        }
        for (method, uri) in routes {
            let method: Method = method.parse().unwrap();
            let body = br#"{"item":"Webcam","quantity":1}"#.to_vec();
            let r = call_raw(&app, method.clone(), uri, None, body.clone()).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
            assert_eq!(r.body["error"], "missing bearer token");
            assert_eq!(r.headers["www-authenticate"], "Bearer");
            let r = call_raw(&app, method.clone(), uri, Some("0123abcd"), body).await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
            assert_eq!(r.body["error"], "invalid token");
            assert_eq!(
                r.headers["www-authenticate"],
                "Bearer error=\"invalid_token\""
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn tokens_expire_after_their_ttl() {
    for secure in MODES {
        let app = router(LabConfig {
            secure,
            token_ttl: Duration::from_secs(60),
        });
        let r = call(
            &app,
            Method::POST,
            "/api/login",
            None,
            Some(json!({ "username": "bob", "password": "bob-lab-pass" })),
        )
        .await;
        assert_eq!(r.body["expires_in"], 60);
        let token = r.body["token"].as_str().unwrap().to_string();
        tokio::time::advance(Duration::from_secs(59)).await;
        assert_eq!(
            get(&app, "/api/me", Some(&token)).await.status,
            StatusCode::OK
        );
        tokio::time::advance(Duration::from_secs(1)).await;
        let r = get(&app, "/api/me", Some(&token)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.body["error"], "token expired");
        assert_eq!(
            r.headers["www-authenticate"],
            "Bearer error=\"invalid_token\""
        );
        // Logging in again gives a working token.
        let fresh = login(&app, "bob").await;
        assert_eq!(
            get(&app, "/api/me", Some(&fresh)).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn tokens_expire_on_the_real_clock_too() {
    let app = router(LabConfig {
        secure: false,
        token_ttl: Duration::from_millis(200),
    });
    let token = login(&app, "carol").await;
    assert_eq!(
        get(&app, "/api/me", Some(&token)).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = get(&app, "/api/me", Some(&token)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body["error"], "token expired");
}

#[tokio::test]
async fn public_routes_need_no_token() {
    for secure in MODES {
        let app = lab(secure);
        assert_eq!(get(&app, "/health", None).await.status, StatusCode::OK);
        assert_eq!(
            get(&app, "/openapi.json", None).await.status,
            StatusCode::OK
        );
    }
}
