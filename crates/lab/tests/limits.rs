//! Request hygiene: the 64 KiB body limit, malformed JSON and bad ids, and
//! JSON error bodies for unknown routes and wrong methods.

mod common;

use axum::http::{Method, StatusCode};
use common::{call, call_raw, get, lab, login, MODES};
use lab::BODY_LIMIT;
use serde_json::json;

/// A JSON object whose encoding is exactly `len` bytes.
fn padded_body(len: usize) -> Vec<u8> {
    let prefix = br#"{"item":"Webcam","quantity":1,"note":""#;
    let suffix = br#""}"#;
    let mut body = prefix.to_vec();
    body.resize(len - suffix.len(), b'x');
    body.extend_from_slice(suffix);
    assert_eq!(body.len(), len);
    body
}

#[tokio::test]
async fn bodies_over_64_kib_get_413() {
    assert_eq!(BODY_LIMIT, 65536);
    for secure in MODES {
        let app = lab(secure);
        let alice = login(&app, "alice").await;
        for (method, uri) in [
            (Method::POST, "/api/orders"),
            (Method::PATCH, "/api/users/2"),
            (Method::PATCH, "/api/orders/1001"),
            (Method::POST, "/api/documents/export"),
        ] {
            let r = call_raw(
                &app,
                method.clone(),
                uri,
                Some(&alice),
                padded_body(BODY_LIMIT + 1),
            )
            .await;
            assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE, "{method} {uri}");
            assert_eq!(r.body["error"], "request body is larger than 65536 bytes");
        }
        let r = call_raw(&app, Method::POST, "/api/login", None, padded_body(1 << 20)).await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        // Exactly at the limit the body is read, and refused for its content
        // (an unknown field), not its size.
        let r = call_raw(
            &app,
            Method::POST,
            "/api/orders",
            Some(&alice),
            padded_body(BODY_LIMIT),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.body["error"], "field not writable: note");
    }
}

#[tokio::test]
async fn malformed_json_gets_400() {
    for secure in MODES {
        let app = lab(secure);
        let alice = login(&app, "alice").await;
        for (method, uri, token) in [
            (Method::POST, "/api/login", None),
            (Method::POST, "/api/orders", Some(alice.as_str())),
            (Method::PATCH, "/api/users/2", Some(alice.as_str())),
            (Method::PATCH, "/api/orders/1001", Some(alice.as_str())),
            (Method::POST, "/api/documents/export", Some(alice.as_str())),
        ] {
            for bad in [&b"{\"item\": "[..], b"not json", b"", b"\xff\xfe"] {
                let r = call_raw(&app, method.clone(), uri, token, bad.to_vec()).await;
                assert_eq!(r.status, StatusCode::BAD_REQUEST, "{method} {uri} {bad:?}");
                assert!(
                    r.body["error"]
                        .as_str()
                        .unwrap()
                        .starts_with("invalid JSON body"),
                    "{}",
                    r.body
                );
            }
        }
        // Well-formed JSON of the wrong shape is also a 400.
        for body in [
            json!([1, 2]),
            json!("text"),
            json!({ "quantity": "two", "item": "Webcam" }),
        ] {
            let r = call(&app, Method::POST, "/api/orders", Some(&alice), Some(body)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST);
        }
        for quantity in [0, 101, -1] {
            let body = json!({ "item": "Webcam", "quantity": quantity });
            let r = call(&app, Method::POST, "/api/orders", Some(&alice), Some(body)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "quantity {quantity}");
        }
        let r = call(
            &app,
            Method::POST,
            "/api/documents/export",
            Some(&alice),
            Some(json!({ "document_id": "1001" })),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.body["error"], "document_id must be a UUID");
    }
}

#[tokio::test]
async fn malformed_ids_get_400_and_unknown_ids_404() {
    for secure in MODES {
        let app = lab(secure);
        let admin = login(&app, "admin").await;
        for uri in [
            "/api/users/abc",
            "/api/orders/-1",
            "/api/orders/1.5",
            "/api/documents/123",
        ] {
            let r = get(&app, uri, Some(&admin)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}");
        }
        for uri in [
            "/api/users/99",
            "/api/orders/999999",
            "/api/documents/00000000-0000-0000-0000-000000000000",
        ] {
            let r = get(&app, uri, Some(&admin)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}");
        }
    }
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json() {
    let app = lab(false);
    let r = get(&app, "/api/nothing-here", None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.body["error"], "no such route");
    let r = call(&app, Method::PUT, "/api/me", None, None).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.body["error"], "method not allowed on this route");
}
