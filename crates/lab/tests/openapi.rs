//! The OpenAPI document: it parses, it is internally consistent, it lists
//! exactly the lab's operations, and every operation it lists is served.

mod common;

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use common::{call, get, lab, login, MODES};
use serde_json::Value;

/// Every operation the lab serves: (method, path template).
const OPERATIONS: &[(&str, &str)] = &[
    ("post", "/api/login"),
    ("get", "/api/me"),
    ("get", "/api/users/{user_id}"),
    ("patch", "/api/users/{user_id}"),
    ("get", "/api/orders"),
    ("post", "/api/orders"),
    ("get", "/api/orders/{order_id}"),
    ("patch", "/api/orders/{order_id}"),
    ("delete", "/api/orders/{order_id}"),
    ("get", "/api/invoices"),
    ("get", "/api/invoice"),
    ("get", "/api/documents"),
    ("get", "/api/documents/{document_id}"),
    ("post", "/api/documents/export"),
    ("get", "/api/admin/users"),
    ("get", "/openapi.json"),
    ("get", "/health"),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

async fn spec(secure: bool) -> Value {
    let r = get(&lab(secure), "/openapi.json", None).await;
    assert_eq!(r.status, StatusCode::OK);
    r.body
}

fn operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if METHODS.contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op));
            }
        }
    }
    out
}

/// Resolves a local `$ref`.
fn resolve<'a>(spec: &'a Value, reference: &str) -> Option<&'a Value> {
    spec.pointer(reference.strip_prefix('#')?)
}

fn collect_refs<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                out.push(r);
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn lists_exactly_the_served_operations() {
    for secure in MODES {
        let spec = spec(secure).await;
        assert_eq!(spec["openapi"], "3.0.3");
        let listed: BTreeSet<(String, String)> = operations(&spec)
            .into_iter()
            .map(|(m, p, _)| (m, p))
            .collect();
        let expected: BTreeSet<(String, String)> = OPERATIONS
            .iter()
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        assert_eq!(listed, expected);
    }
}

#[tokio::test]
async fn is_internally_consistent() {
    for secure in MODES {
        let spec = spec(secure).await;
        let mut refs = Vec::new();
        collect_refs(&spec, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            assert!(resolve(&spec, r).is_some(), "dangling {r}");
        }
        let tags: BTreeSet<&str> = spec["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        let mut operation_ids = BTreeSet::new();
        for (method, path, op) in operations(&spec) {
            let id = op["operationId"].as_str().expect("operationId");
            assert!(operation_ids.insert(id.to_string()), "duplicate {id}");
            for tag in op["tags"].as_array().expect("tags") {
                assert!(tags.contains(tag.as_str().unwrap()), "{tag}");
            }
            let responses = op["responses"].as_object().expect("responses");
            assert!(
                responses.keys().any(|k| k.starts_with('2')),
                "{method} {path} has no success response"
            );
            for (code, response) in responses {
                assert!(
                    response["description"].is_string(),
                    "{method} {path} {code}"
                );
            }
            // Every {param} in the template is declared as a required path parameter.
            let declared: Vec<&Value> = spec["paths"][&path]["parameters"]
                .as_array()
                .into_iter()
                .chain(op["parameters"].as_array())
                .flatten()
                .collect();
            for segment in path.split('/') {
                if let Some(name) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    assert!(
                        declared.iter().any(|p| p["name"] == name
                            && p["in"] == "path"
                            && p["required"] == true),
                        "{path}: {name} not declared"
                    );
                }
            }
            if matches!(method.as_str(), "post" | "patch") {
                let schema = &op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
                assert!(schema.is_string(), "{method} {path} has no body schema");
            }
        }
        assert_eq!(
            spec["components"]["securitySchemes"]["bearer"],
            serde_json::json!({ "type": "http", "scheme": "bearer", "bearerFormat": "opaque" })
        );
        assert_eq!(spec["security"], serde_json::json!([{ "bearer": [] }]));
    }
}

#[tokio::test]
async fn parameters_are_typed() {
    let spec = spec(false).await;
    for (path, name, format) in [
        ("/api/users/{user_id}", "user_id", "int64"),
        ("/api/orders/{order_id}", "order_id", "int64"),
        ("/api/documents/{document_id}", "document_id", "uuid"),
    ] {
        let param = &spec["paths"][path]["parameters"][0];
        assert_eq!(param["name"], name);
        assert_eq!(param["schema"]["format"], format);
        let ty = if format == "uuid" {
            "string"
        } else {
            "integer"
        };
        assert_eq!(param["schema"]["type"], ty);
    }
    let query = &spec["paths"]["/api/invoice"]["get"]["parameters"][0];
    assert_eq!(query["name"], "invoice_id");
    assert_eq!(query["in"], "query");
    assert_eq!(query["schema"]["type"], "integer");
    let export = resolve(&spec, "#/components/schemas/ExportRequest").unwrap();
    assert_eq!(export["properties"]["document_id"]["format"], "uuid");
}

#[tokio::test]
async fn security_overrides_and_tags_match_the_mode() {
    for secure in MODES {
        let spec = spec(secure).await;
        let op = |path: &str, method: &str| spec["paths"][path][method].clone();
        assert_eq!(op("/api/login", "post")["security"], serde_json::json!([]));
        assert_eq!(op("/health", "get")["security"], serde_json::json!([]));
        assert_eq!(
            op("/openapi.json", "get")["security"],
            serde_json::json!([])
        );
        let invoice = op("/api/invoice", "get");
        if secure {
            assert!(invoice.get("security").is_none());
            assert!(invoice["responses"].get("401").is_some());
        } else {
            assert_eq!(invoice["security"], serde_json::json!([]));
        }
        assert_eq!(op("/api/me", "get").get("security"), None);
        assert_eq!(
            op("/api/admin/users", "get")["tags"],
            serde_json::json!(["admin"])
        );
        // The profile schema documents the leaked fields only where they leak.
        let profile = &spec["components"]["schemas"]["Profile"]["properties"];
        assert_eq!(profile.get("password_hash").is_some(), !secure);
        assert_eq!(profile.get("mfa_secret").is_some(), !secure);
    }
}

/// Fills a path template with ids alice owns.
fn concrete(path: &str, document: &str) -> String {
    path.replace("{user_id}", "2")
        .replace("{order_id}", "1001")
        .replace("{document_id}", document)
}

#[tokio::test]
async fn every_listed_operation_is_served() {
    for secure in MODES {
        let spec = spec(secure).await;
        let app = lab(secure);
        let alice = login(&app, "alice").await;
        let docs = get(&app, "/api/documents", Some(&alice)).await.body;
        let document = docs[0]["id"].as_str().unwrap().to_string();
        // Deletion last, so the other calls on order 1001 still find it.
        let mut ops = operations(&spec);
        ops.sort_by_key(|(m, _, _)| m == "delete");
        for (method, path, op) in ops {
            let mut uri = concrete(&path, &document);
            if path == "/api/invoice" {
                uri.push_str("?invoice_id=5001");
            }
            let body = match (method.as_str(), path.as_str()) {
                ("post", "/api/login") => Some(serde_json::json!({
                    "username": "alice", "password": "alice-lab-pass"
                })),
                ("post", "/api/orders") => {
                    Some(serde_json::json!({ "item": "Webcam", "quantity": 1 }))
                }
                ("post", "/api/documents/export") => {
                    Some(serde_json::json!({ "document_id": document }))
                }
                ("patch", _) => Some(serde_json::json!({})),
                _ => None,
            };
            let token = if path == "/api/admin/users" && secure {
                login(&app, "admin").await
            } else {
                alice.clone()
            };
            let m: Method = method.to_uppercase().parse().unwrap();
            let r = call(&app, m, &uri, Some(&token), body).await;
            let code = r.status.as_u16().to_string();
            assert!(
                r.status.is_success(),
                "{method} {uri}: {} {}",
                r.status,
                r.body
            );
            assert!(
                op["responses"].get(&code).is_some(),
                "{method} {path} answered {code}, which the document does not list"
            );
        }
    }
}
