//! The whole access matrix: every seeded identity against every seeded
//! object on every object route. In vulnerable mode each planted route
//! serves everyone; in secure mode exactly the owner (and, for profile
//! reads, the administrator) gets through and everyone else gets the answer
//! an unknown id gets.

mod common;

use axum::http::{Method, StatusCode};
use axum::Router;
use common::{call, get, lab, login, MODES};
use lab::USERS;
use serde_json::{json, Value};

/// One seeded object: the route that reads it and who owns it.
struct Object {
    kind: &'static str,
    id: Value,
    owner: u64,
}

/// Every seeded object, read from the admin listing and each user's own
/// listings (which the controls tests show are correct in both modes).
async fn seeded_objects(app: &Router) -> Vec<Object> {
    let mut out = Vec::new();
    for (i, (name, _, _)) in USERS.iter().enumerate() {
        let user_id = i as u64 + 1;
        out.push(Object {
            kind: "user",
            id: json!(user_id),
            owner: user_id,
        });
        let token = login(app, name).await;
        for (kind, route) in [
            ("order", "/api/orders"),
            ("invoice", "/api/invoices"),
            ("document", "/api/documents"),
        ] {
            for item in get(app, route, Some(&token)).await.body.as_array().unwrap() {
                out.push(Object {
                    kind,
                    id: item["id"].clone(),
                    owner: user_id,
                });
            }
        }
    }
    out
}

fn id_text(id: &Value) -> String {
    match id {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The non-destructive requests that reach one object.
fn requests(object: &Object) -> Vec<(Method, String, Option<Value>)> {
    let id = id_text(&object.id);
    match object.kind {
        "user" => vec![
            (Method::GET, format!("/api/users/{id}"), None),
            (Method::PATCH, format!("/api/users/{id}"), Some(json!({}))),
        ],
        "order" => vec![
            (Method::GET, format!("/api/orders/{id}"), None),
            (Method::PATCH, format!("/api/orders/{id}"), Some(json!({}))),
        ],
        "invoice" => vec![(Method::GET, format!("/api/invoice?invoice_id={id}"), None)],
        "document" => vec![
            (Method::GET, format!("/api/documents/{id}"), None),
            (
                Method::POST,
                "/api/documents/export".into(),
                Some(json!({ "document_id": id })),
            ),
        ],
        other => unreachable!("{other}"),
    }
}

#[tokio::test]
async fn every_identity_against_every_object() {
    for secure in MODES {
        let app = lab(secure);
        let objects = seeded_objects(&app).await;
        assert_eq!(objects.len(), 4 + 9 + 9 + 6);
        let mut checked = 0;
        for (i, (name, _, role)) in USERS.iter().enumerate() {
            let caller = i as u64 + 1;
            let token = login(&app, name).await;
            for object in &objects {
                for (method, uri, body) in requests(object) {
                    let r = call(&app, method.clone(), &uri, Some(&token), body).await;
                    let owner = object.owner == caller;
                    let admin_read =
                        *role == "admin" && object.kind == "user" && method == Method::GET;
                    let allowed = !secure || owner || admin_read;
                    let expected = if allowed {
                        StatusCode::OK
                    } else {
                        StatusCode::NOT_FOUND
                    };
                    assert_eq!(
                        r.status, expected,
                        "secure={secure} {name} {method} {uri}: {}",
                        r.body
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 4 * (4 * 2 + 9 * 2 + 9 + 6 * 2));
    }
}

#[tokio::test]
async fn every_identity_deleting_every_order() {
    for secure in MODES {
        let objects = seeded_objects(&lab(secure)).await;
        for (i, (name, _, _)) in USERS.iter().enumerate() {
            let caller = i as u64 + 1;
            for order in objects.iter().filter(|o| o.kind == "order") {
                // A fresh lab per attempt, so each delete meets the seeded state.
                let app = lab(secure);
                let token = login(&app, name).await;
                let uri = format!("/api/orders/{}", order.id);
                let r = call(&app, Method::DELETE, &uri, Some(&token), None).await;
                let allowed = !secure || order.owner == caller;
                let expected = if allowed {
                    StatusCode::NO_CONTENT
                } else {
                    StatusCode::NOT_FOUND
                };
                assert_eq!(r.status, expected, "secure={secure} {name} DELETE {uri}");
                let owner_name = USERS[order.owner as usize - 1].0;
                let owner_token = login(&app, owner_name).await;
                let still_there =
                    get(&app, &uri, Some(&owner_token)).await.status == StatusCode::OK;
                assert_eq!(still_there, !allowed, "secure={secure} {name} DELETE {uri}");
            }
        }
    }
}

#[tokio::test]
async fn anonymous_callers_reach_only_the_unauthenticated_invoice_route() {
    for secure in MODES {
        let app = lab(secure);
        let objects = seeded_objects(&app).await;
        for object in &objects {
            for (method, uri, body) in requests(object) {
                let r = call(&app, method.clone(), &uri, None, body).await;
                let open = !secure && object.kind == "invoice";
                let expected = if open {
                    StatusCode::OK
                } else {
                    StatusCode::UNAUTHORIZED
                };
                assert_eq!(
                    r.status, expected,
                    "secure={secure} anonymous {method} {uri}"
                );
            }
        }
    }
}
