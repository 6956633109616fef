//! Positive and negative controls: every planted vulnerability is shown to
//! work against the vulnerable lab and shown to be closed in secure mode,
//! and the legitimate use of each route is shown to work in both modes (so
//! "secure" does not just mean "refuses everything").
//!
//! Seeded ids used below: alice is user 2 with orders 1001-1003 and invoices
//! 5001-5003; bob is user 3 with orders 1004-1006 and invoices 5004-5006.

mod common;

use axum::http::{Method, StatusCode};
use common::{call, get, ids, lab, login, MODES};
use serde_json::{json, Value};

fn has_secrets(profile: &Value) -> bool {
    profile.get("password_hash").is_some() || profile.get("mfa_secret").is_some()
}

#[tokio::test]
async fn me_exposes_credentials_only_when_vulnerable() {
    for secure in MODES {
        let app = lab(secure);
        let alice = login(&app, "alice").await;
        let me = get(&app, "/api/me", Some(&alice)).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.body["id"], 2);
        assert_eq!(me.body["username"], "alice");
        assert_eq!(me.body["email"], "alice@example.com");
        if secure {
            assert!(!has_secrets(&me.body), "{}", me.body);
        } else {
            let hash = me.body["password_hash"].as_str().unwrap();
            assert!(hash.starts_with("$2b$12$") && hash.len() == 60, "{hash}");
            assert_eq!(me.body["mfa_secret"].as_str().unwrap().len(), 32);
        }
    }
}

#[tokio::test]
async fn user_profiles_bola_read() {
    // Vulnerable: alice walks the sequential ids and reads everyone, secrets included.
    let app = lab(false);
    let alice = login(&app, "alice").await;
    for id in 1..=4 {
        let r = get(&app, &format!("/api/users/{id}"), Some(&alice)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["id"], id);
        assert!(has_secrets(&r.body));
    }

    // Secure: alice sees only herself; others look exactly like unknown ids.
    let app = lab(true);
    let alice = login(&app, "alice").await;
    let own = get(&app, "/api/users/2", Some(&alice)).await;
    assert_eq!(own.status, StatusCode::OK);
    assert!(!has_secrets(&own.body));
    let foreign = get(&app, "/api/users/3", Some(&alice)).await;
    let unknown = get(&app, "/api/users/999", Some(&alice)).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);
    assert_eq!(foreign.body, unknown.body);
    // The administrator may read anyone, still without credentials.
    let admin = login(&app, "admin").await;
    let r = get(&app, "/api/users/3", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["username"], "bob");
    assert!(!has_secrets(&r.body));
}

#[tokio::test]
async fn user_profiles_bola_write() {
    let patch = json!({ "display_name": "pwned", "address": "1 Attacker Street" });

    let app = lab(false);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/users/3",
        Some(&alice),
        Some(patch.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let seen_by_bob = get(&app, "/api/me", Some(&bob)).await;
    assert_eq!(seen_by_bob.body["display_name"], "pwned");
    assert_eq!(seen_by_bob.body["address"], "1 Attacker Street");

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/users/3",
        Some(&alice),
        Some(patch.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let seen_by_bob = get(&app, "/api/me", Some(&bob)).await;
    assert_eq!(seen_by_bob.body["display_name"], "Bob Brennan");
    // Even the administrator cannot rewrite someone else's profile.
    let admin = login(&app, "admin").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/users/3",
        Some(&admin),
        Some(patch.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    // The owner can.
    let r = call(&app, Method::PATCH, "/api/users/3", Some(&bob), Some(patch)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["display_name"], "pwned");
    assert!(!has_secrets(&r.body));
}

#[tokio::test]
async fn role_mass_assignment() {
    let escalate = json!({ "display_name": "Alice", "role": "admin" });

    // Vulnerable: alice makes herself an administrator.
    let app = lab(false);
    let alice = login(&app, "alice").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/users/2",
        Some(&alice),
        Some(escalate.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["role"], "admin");
    assert_eq!(
        get(&app, "/api/me", Some(&alice)).await.body["role"],
        "admin"
    );

    // Secure: refused before anything changes (display_name is not applied either).
    let app = lab(true);
    let alice = login(&app, "alice").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/users/2",
        Some(&alice),
        Some(escalate),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "field not writable: role");
    let me = get(&app, "/api/me", Some(&alice)).await;
    assert_eq!(me.body["role"], "user");
    assert_eq!(me.body["display_name"], "Alice Archer");
    // And it still cannot reach the admin route.
    let r = get(&app, "/api/admin/users", Some(&alice)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Other unlisted fields are refused the same way.
    let r = call(
        &app,
        Method::PATCH,
        "/api/users/2",
        Some(&alice),
        Some(json!({ "email": "x@example.com" })),
    )
    .await;
    assert_eq!(r.body["error"], "field not writable: email");
}

#[tokio::test]
async fn owner_id_mass_assignment_on_order_create() {
    let body = json!({ "item": "Webcam", "quantity": 2, "owner_id": 3 });

    let app = lab(false);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(
        &app,
        Method::POST,
        "/api/orders",
        Some(&alice),
        Some(body.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.body["owner_id"], 3);
    assert_eq!(r.body["id"], 1010);
    assert!(ids(&app, "/api/orders", &bob).await.contains(&json!(1010)));
    // Bob's new invoice is charged to his card on file.
    let invoices = get(&app, "/api/invoices", Some(&bob)).await.body;
    let planted = invoices
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["order_id"] == 1010)
        .expect("an invoice for the planted order");
    assert_eq!(planted["card_last4"], "1881");
    assert_eq!(planted["amount_cents"], 2 * 6450);

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let r = call(&app, Method::POST, "/api/orders", Some(&alice), Some(body)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.body["error"], "field not writable: owner_id");
    // Without owner_id the order is the caller's, in both modes.
    for secure in MODES {
        let app = lab(secure);
        let alice = login(&app, "alice").await;
        let r = call(
            &app,
            Method::POST,
            "/api/orders",
            Some(&alice),
            Some(json!({ "item": "Webcam", "quantity": 1 })),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
        assert_eq!(r.body["owner_id"], 2);
        assert_eq!(r.headers["location"], "/api/orders/1010");
        assert_eq!(r.body["total_cents"], 6450);
    }
}

#[tokio::test]
async fn orders_bola_read_with_sequential_ids() {
    let app = lab(false);
    let alice = login(&app, "alice").await;
    assert_eq!(
        ids(&app, "/api/orders", &alice).await,
        vec![json!(1001), json!(1002), json!(1003)]
    );
    // Counting past her own ids reaches everyone else's orders.
    for id in 1004..=1009 {
        let r = get(&app, &format!("/api/orders/{id}"), Some(&alice)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_ne!(r.body["owner_id"], 2);
    }

    let app = lab(true);
    let alice = login(&app, "alice").await;
    for id in 1001..=1003 {
        let r = get(&app, &format!("/api/orders/{id}"), Some(&alice)).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    for id in 1004..=1010 {
        let r = get(&app, &format!("/api/orders/{id}"), Some(&alice)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(r.body["error"], "order not found");
    }
}

#[tokio::test]
async fn orders_bola_write() {
    let redirect = json!({ "shipping_address": "99 Drop Point", "quantity": 5 });

    let app = lab(false);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/orders/1004",
        Some(&alice),
        Some(redirect.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let order = get(&app, "/api/orders/1004", Some(&bob)).await.body;
    assert_eq!(order["shipping_address"], "99 Drop Point");
    assert_eq!(order["quantity"], 5);
    assert_eq!(order["total_cents"], 5 * 27999);

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(
        &app,
        Method::PATCH,
        "/api/orders/1004",
        Some(&alice),
        Some(redirect.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let order = get(&app, "/api/orders/1004", Some(&bob)).await.body;
    assert_eq!(
        order["shipping_address"],
        "48 Quarry Road, Shelbyville, IL 62565"
    );
    let r = call(
        &app,
        Method::PATCH,
        "/api/orders/1004",
        Some(&bob),
        Some(redirect),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["shipping_address"], "99 Drop Point");
    // owner_id is not writable through PATCH in either mode.
    for secure in MODES {
        let app = lab(secure);
        let bob = login(&app, "bob").await;
        let r = call(
            &app,
            Method::PATCH,
            "/api/orders/1004",
            Some(&bob),
            Some(json!({ "owner_id": 2 })),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert_eq!(r.body["error"], "field not writable: owner_id");
    }
}

#[tokio::test]
async fn orders_bola_delete() {
    let app = lab(false);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(&app, Method::DELETE, "/api/orders/1005", Some(&alice), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(r.body, Value::Null);
    assert_eq!(
        ids(&app, "/api/orders", &bob).await,
        vec![json!(1004), json!(1006)]
    );

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let r = call(&app, Method::DELETE, "/api/orders/1005", Some(&alice), None).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(ids(&app, "/api/orders", &bob).await.len(), 3);
    let r = call(&app, Method::DELETE, "/api/orders/1005", Some(&bob), None).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = get(&app, "/api/orders/1005", Some(&bob)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn invoice_query_parameter_bola_and_missing_authentication() {
    let app = lab(false);
    let alice = login(&app, "alice").await;
    assert_eq!(
        ids(&app, "/api/invoices", &alice).await,
        vec![json!(5001), json!(5002), json!(5003)]
    );
    // Another customer's invoice, with a token...
    let r = get(&app, "/api/invoice?invoice_id=5004", Some(&alice)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["owner_id"], 3);
    // ...and with none at all.
    let r = get(&app, "/api/invoice?invoice_id=5007", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["owner_id"], 4);
    assert_eq!(r.body["card_last4"], "5100");

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let r = get(&app, "/api/invoice?invoice_id=5001", Some(&alice)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["order_id"], 1001);
    let r = get(&app, "/api/invoice?invoice_id=5004", Some(&alice)).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = get(&app, "/api/invoice?invoice_id=5001", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.headers["www-authenticate"], "Bearer");
    // A missing or malformed parameter is a 400 in both modes.
    for secure in MODES {
        let app = lab(secure);
        let alice = login(&app, "alice").await;
        let r = get(&app, "/api/invoice", Some(&alice)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        let r = get(&app, "/api/invoice?invoice_id=abc", Some(&alice)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
    }
}

/// The document ids of one user, from their own listing.
async fn document_ids(app: &axum::Router, token: &str) -> Vec<String> {
    ids(app, "/api/documents", token)
        .await
        .into_iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn documents_bola_with_uuid_ids() {
    let app = lab(false);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    let bobs = document_ids(&app, &bob).await;
    assert_eq!(bobs.len(), 2);
    for id in &bobs {
        assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
        let r = get(&app, &format!("/api/documents/{id}"), Some(&alice)).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body["owner_id"], 3);
        assert!(r.body["content"].as_str().unwrap().contains("Bob Brennan"));
    }

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let bob = login(&app, "bob").await;
    for id in document_ids(&app, &bob).await {
        let r = get(&app, &format!("/api/documents/{id}"), Some(&alice)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let r = get(&app, &format!("/api/documents/{id}"), Some(&bob)).await;
        assert_eq!(r.status, StatusCode::OK);
    }
    let r = get(&app, "/api/documents/not-a-uuid", Some(&alice)).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn document_export_bola_through_body_field() {
    let app = lab(false);
    let alice = login(&app, "alice").await;
    let carol = login(&app, "carol").await;
    let target = document_ids(&app, &carol).await.remove(0);
    let r = call(
        &app,
        Method::POST,
        "/api/documents/export",
        Some(&alice),
        Some(json!({ "document_id": target })),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["document_id"], target.as_str());
    assert!(r.body["content"].as_str().unwrap().contains("Carol Chen"));

    let app = lab(true);
    let alice = login(&app, "alice").await;
    let carol = login(&app, "carol").await;
    let target = document_ids(&app, &carol).await.remove(0);
    let body = json!({ "document_id": target });
    let r = call(
        &app,
        Method::POST,
        "/api/documents/export",
        Some(&alice),
        Some(body.clone()),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = call(
        &app,
        Method::POST,
        "/api/documents/export",
        Some(&carol),
        Some(body),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["content"].as_str().unwrap().contains("Carol Chen"));
}

#[tokio::test]
async fn admin_route_function_level_authorization() {
    let app = lab(false);
    let bob = login(&app, "bob").await;
    let r = get(&app, "/api/admin/users", Some(&bob)).await;
    assert_eq!(r.status, StatusCode::OK);
    let users = r.body.as_array().unwrap();
    assert_eq!(users.len(), 4);
    assert!(users.iter().all(has_secrets));

    let app = lab(true);
    let bob = login(&app, "bob").await;
    let r = get(&app, "/api/admin/users", Some(&bob)).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.body["error"], "administrators only");
    let admin = login(&app, "admin").await;
    let r = get(&app, "/api/admin/users", Some(&admin)).await;
    assert_eq!(r.status, StatusCode::OK);
    let users = r.body.as_array().unwrap();
    assert_eq!(users.len(), 4);
    assert!(!users.iter().any(has_secrets));
}

#[tokio::test]
async fn listings_hold_only_the_callers_objects_in_both_modes() {
    for secure in MODES {
        let app = lab(secure);
        for (user_id, name) in [(2u64, "alice"), (3, "bob"), (4, "carol")] {
            let token = login(&app, name).await;
            for route in ["/api/orders", "/api/invoices", "/api/documents"] {
                let r = get(&app, route, Some(&token)).await;
                let items = r.body.as_array().unwrap();
                assert!(!items.is_empty());
                assert!(
                    items.iter().all(|o| o["owner_id"] == user_id),
                    "{route} for {name}"
                );
            }
        }
        // The administrator owns nothing.
        let admin = login(&app, "admin").await;
        assert!(ids(&app, "/api/orders", &admin).await.is_empty());
    }
}

#[tokio::test]
async fn health_names_the_mode() {
    for (secure, mode) in [(false, "vulnerable"), (true, "secure")] {
        let r = get(&lab(secure), "/health", None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.body, json!({ "status": "ok", "mode": mode }));
    }
}

#[tokio::test]
async fn routers_do_not_share_state() {
    let first = lab(false);
    let second = lab(false);
    let alice = login(&first, "alice").await;
    let r = call(
        &first,
        Method::DELETE,
        "/api/orders/1001",
        Some(&alice),
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The token and the deletion belong to the first lab only.
    assert_eq!(
        get(&second, "/api/me", Some(&alice)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let alice2 = login(&second, "alice").await;
    assert_eq!(ids(&second, "/api/orders", &alice2).await.len(), 3);
}
