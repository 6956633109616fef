//! The OpenAPI 3.0.3 description served at `/openapi.json`.
//!
//! Built as a `serde_json::Value` rather than generated from the handlers,
//! so it reads like a hand-written spec; a test walks it and calls every
//! operation on the real router, so the two cannot drift apart unnoticed.
//!
//! The document describes what each mode really does: in vulnerable mode the
//! profile schema carries the leaked credential fields, the write schemas
//! list the mass-assignable fields, and `/api/invoice` is marked as needing
//! no authentication. That is what a careless team would publish, and what
//! an API tester would be handed.

use serde_json::{json, Value};

fn schema_ref(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn ok(description: &str, schema: Value) -> Value {
    json!({ "description": description, "content": json_content(schema) })
}

fn error(description: &str) -> Value {
    json!({ "description": description, "content": json_content(schema_ref("Error")) })
}

fn body(schema: &str) -> Value {
    json!({ "required": true, "content": json_content(schema_ref(schema)) })
}

fn int_param(name: &str, location: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": location,
        "required": true,
        "description": description,
        "schema": { "type": "integer", "format": "int64", "minimum": 1 },
    })
}

fn uuid_param(name: &str, description: &str) -> Value {
    json!({
        "name": name,
        "in": "path",
        "required": true,
        "description": description,
        "schema": { "type": "string", "format": "uuid" },
    })
}

/// Adds the answers every authenticated route can give.
fn with_auth_errors(mut responses: Value) -> Value {
    let map = responses.as_object_mut().expect("responses is an object");
    map.insert(
        "401".into(),
        error("Missing, unknown or expired bearer token"),
    );
    responses
}

fn int64() -> Value {
    json!({ "type": "integer", "format": "int64" })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn bounded(max: u64) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": max })
}

fn schemas(secure: bool) -> Value {
    let mut profile = json!({
        "type": "object",
        "required": ["id", "username", "display_name", "email", "phone", "address", "role"],
        "properties": {
            "id": int64(),
            "username": string(),
            "display_name": string(),
            "email": { "type": "string", "format": "email" },
            "phone": string(),
            "address": string(),
            "role": { "type": "string", "enum": ["user", "admin"] },
        },
    });
    let mut user_patch = json!({
        "type": "object",
        "properties": {
            "display_name": bounded(100),
            "phone": bounded(40),
            "address": bounded(200),
        },
    });
    let mut new_order = json!({
        "type": "object",
        "required": ["item", "quantity"],
        "properties": {
            "item": {
                "type": "string", "minLength": 1, "maxLength": 200,
                "example": "Mechanical keyboard",
                "description": "Catalogue items have their own price; any other name costs 19.99.",
            },
            "quantity": { "type": "integer", "minimum": 1, "maximum": 100, "example": 1 },
        },
    });
    if secure {
        user_patch["additionalProperties"] = json!(false);
        new_order["additionalProperties"] = json!(false);
    } else {
        let props = profile["properties"].as_object_mut().expect("object");
        props.insert(
            "password_hash".into(),
            json!({ "type": "string", "description": "bcrypt hash of the password" }),
        );
        props.insert(
            "mfa_secret".into(),
            json!({ "type": "string", "description": "TOTP seed, base32" }),
        );
        let props = user_patch["properties"].as_object_mut().expect("object");
        props.insert(
            "email".into(),
            json!({ "type": "string", "format": "email", "maxLength": 200 }),
        );
        props.insert(
            "role".into(),
            json!({ "type": "string", "enum": ["user", "admin"] }),
        );
        new_order["properties"]["owner_id"] = json!({
            "type": "integer", "format": "int64", "minimum": 1,
            "description": "Defaults to the caller.",
        });
    }
    json!({
        "Error": {
            "type": "object",
            "required": ["error"],
            "properties": { "error": string() },
        },
        "LoginRequest": {
            "type": "object",
            "required": ["username", "password"],
            "properties": {
                "username": { "type": "string", "example": "alice" },
                "password": { "type": "string", "format": "password", "example": "alice-lab-pass" },
            },
        },
        "LoginResponse": {
            "type": "object",
            "required": ["token", "token_type", "expires_in"],
            "properties": {
                "token": string(),
                "token_type": { "type": "string", "enum": ["Bearer"] },
                "expires_in": { "type": "integer", "description": "Seconds until the token expires" },
            },
        },
        "Profile": profile,
        "UserPatch": user_patch,
        "Order": {
            "type": "object",
            "required": ["id", "owner_id", "item", "quantity", "total_cents", "shipping_address", "status"],
            "properties": {
                "id": int64(),
                "owner_id": int64(),
                "item": string(),
                "quantity": { "type": "integer" },
                "total_cents": int64(),
                "shipping_address": string(),
                "status": { "type": "string", "enum": ["pending", "shipped", "delivered"] },
            },
        },
        "NewOrder": new_order,
        "OrderPatch": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
                "item": bounded(200),
                "quantity": { "type": "integer", "minimum": 1, "maximum": 100 },
                "shipping_address": bounded(200),
            },
        },
        "Invoice": {
            "type": "object",
            "required": ["id", "owner_id", "order_id", "amount_cents", "card_last4", "billing_address"],
            "properties": {
                "id": int64(),
                "owner_id": int64(),
                "order_id": int64(),
                "amount_cents": int64(),
                "card_last4": { "type": "string", "pattern": "^[0-9]{4}$" },
                "billing_address": string(),
            },
        },
        "Document": {
            "type": "object",
            "required": ["id", "owner_id", "title", "classification", "content"],
            "properties": {
                "id": { "type": "string", "format": "uuid" },
                "owner_id": int64(),
                "title": string(),
                "classification": string(),
                "content": string(),
            },
        },
        "ExportRequest": {
            "type": "object",
            "required": ["document_id"],
            "additionalProperties": false,
            "properties": { "document_id": { "type": "string", "format": "uuid" } },
        },
        "Export": {
            "type": "object",
            "required": ["document_id", "title", "content"],
            "properties": {
                "document_id": { "type": "string", "format": "uuid" },
                "title": string(),
                "content": string(),
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "mode"],
            "properties": {
                "status": { "type": "string", "enum": ["ok"] },
                "mode": { "type": "string", "enum": ["vulnerable", "secure"] },
            },
        },
    })
}

fn array_of(name: &str) -> Value {
    json!({ "type": "array", "items": schema_ref(name) })
}

/// The OpenAPI document for one mode.
pub(crate) fn document(secure: bool) -> Value {
    let user_id = int_param("user_id", "path", "Sequential user id");
    let order_id = int_param("order_id", "path", "Sequential order id");
    let document_id = uuid_param("document_id", "Document id");

    let mut invoice_op = json!({
        "operationId": "getInvoiceByQuery",
        "tags": ["invoices"],
        "summary": "One invoice, chosen by query parameter",
        "parameters": [int_param("invoice_id", "query", "Sequential invoice id")],
        "responses": with_auth_errors(json!({
            "200": ok("The invoice", schema_ref("Invoice")),
            "400": error("invoice_id missing or not an integer"),
            "404": error("No such invoice"),
        })),
    });
    if !secure {
        let op = invoice_op.as_object_mut().expect("object");
        op.insert("security".into(), json!([]));
        op["responses"]
            .as_object_mut()
            .expect("object")
            .remove("401");
    }

    let paths = json!({
        "/api/login": {
            "post": {
                "operationId": "login",
                "tags": ["auth"],
                "summary": "Exchange a username and password for a bearer token",
                "security": [],
                "requestBody": body("LoginRequest"),
                "responses": {
                    "200": ok("A bearer token", schema_ref("LoginResponse")),
                    "400": error("Malformed JSON body"),
                    "401": error("Wrong username or password"),
                    "413": error("Body larger than 64 KiB"),
                },
            },
        },
        "/api/me": {
            "get": {
                "operationId": "getMe",
                "tags": ["users"],
                "summary": "The caller's profile",
                "responses": with_auth_errors(json!({
                    "200": ok("The caller's profile", schema_ref("Profile")),
                })),
            },
        },
        "/api/users/{user_id}": {
            "parameters": [user_id],
            "get": {
                "operationId": "getUser",
                "tags": ["users"],
                "summary": "One user's profile",
                "responses": with_auth_errors(json!({
                    "200": ok("The profile", schema_ref("Profile")),
                    "400": error("user_id is not an integer"),
                    "404": error("No such user"),
                })),
            },
            "patch": {
                "operationId": "updateUser",
                "tags": ["users"],
                "summary": "Change profile fields",
                "requestBody": body("UserPatch"),
                "responses": with_auth_errors(json!({
                    "200": ok("The updated profile", schema_ref("Profile")),
                    "400": error("Malformed body, invalid value or field not writable"),
                    "404": error("No such user"),
                    "413": error("Body larger than 64 KiB"),
                })),
            },
        },
        "/api/orders": {
            "get": {
                "operationId": "listOrders",
                "tags": ["orders"],
                "summary": "The caller's orders",
                "responses": with_auth_errors(json!({
                    "200": ok("The caller's orders", array_of("Order")),
                })),
            },
            "post": {
                "operationId": "createOrder",
                "tags": ["orders"],
                "summary": "Place an order (an invoice is issued with it)",
                "requestBody": body("NewOrder"),
                "responses": with_auth_errors(json!({
                    "201": {
                        "description": "The new order",
                        "headers": { "Location": { "schema": string() } },
                        "content": json_content(schema_ref("Order")),
                    },
                    "400": error("Malformed body, invalid value or field not writable"),
                    "413": error("Body larger than 64 KiB"),
                })),
            },
        },
        "/api/orders/{order_id}": {
            "parameters": [order_id],
            "get": {
                "operationId": "getOrder",
                "tags": ["orders"],
                "summary": "One order",
                "responses": with_auth_errors(json!({
                    "200": ok("The order", schema_ref("Order")),
                    "400": error("order_id is not an integer"),
                    "404": error("No such order"),
                })),
            },
            "patch": {
                "operationId": "updateOrder",
                "tags": ["orders"],
                "summary": "Change an order's item, quantity or shipping address",
                "requestBody": body("OrderPatch"),
                "responses": with_auth_errors(json!({
                    "200": ok("The updated order", schema_ref("Order")),
                    "400": error("Malformed body, invalid value or field not writable"),
                    "404": error("No such order"),
                    "413": error("Body larger than 64 KiB"),
                })),
            },
            "delete": {
                "operationId": "deleteOrder",
                "tags": ["orders"],
                "summary": "Cancel an order",
                "responses": with_auth_errors(json!({
                    "204": { "description": "Cancelled" },
                    "400": error("order_id is not an integer"),
                    "404": error("No such order"),
                })),
            },
        },
        "/api/invoices": {
            "get": {
                "operationId": "listInvoices",
                "tags": ["invoices"],
                "summary": "The caller's invoices",
                "responses": with_auth_errors(json!({
                    "200": ok("The caller's invoices", array_of("Invoice")),
                })),
            },
        },
        "/api/invoice": { "get": invoice_op },
        "/api/documents": {
            "get": {
                "operationId": "listDocuments",
                "tags": ["documents"],
                "summary": "The caller's documents",
                "responses": with_auth_errors(json!({
                    "200": ok("The caller's documents", array_of("Document")),
                })),
            },
        },
        "/api/documents/{document_id}": {
            "parameters": [document_id],
            "get": {
                "operationId": "getDocument",
                "tags": ["documents"],
                "summary": "One document",
                "responses": with_auth_errors(json!({
                    "200": ok("The document", schema_ref("Document")),
                    "400": error("document_id is not a UUID"),
                    "404": error("No such document"),
                })),
            },
        },
        "/api/documents/export": {
            "post": {
                "operationId": "exportDocument",
                "tags": ["documents"],
                "summary": "The text of the document named in the body",
                "requestBody": body("ExportRequest"),
                "responses": with_auth_errors(json!({
                    "200": ok("The exported document", schema_ref("Export")),
                    "400": error("Malformed body or document_id not a UUID"),
                    "404": error("No such document"),
                    "413": error("Body larger than 64 KiB"),
                })),
            },
        },
        "/api/admin/users": {
            "get": {
                "operationId": "adminListUsers",
                "tags": ["admin"],
                "summary": "Every account (administrators only)",
                "responses": with_auth_errors(json!({
                    "200": ok("All accounts", array_of("Profile")),
                    "403": error("The caller is not an administrator"),
                })),
            },
        },
        "/openapi.json": {
            "get": {
                "operationId": "getOpenApi",
                "tags": ["meta"],
                "summary": "This document",
                "security": [],
                "responses": { "200": ok("OpenAPI 3.0.3 document", json!({ "type": "object" })) },
            },
        },
        "/health": {
            "get": {
                "operationId": "getHealth",
                "tags": ["meta"],
                "summary": "Liveness and mode",
                "security": [],
                "responses": { "200": ok("Status and mode", schema_ref("Health")) },
            },
        },
    });

    let mode = if secure { "secure" } else { "vulnerable" };
    let tags: Vec<Value> = [
        ("auth", "Login"),
        ("users", "Profiles"),
        ("orders", "Orders"),
        ("invoices", "Invoices"),
        ("documents", "Documents"),
        ("admin", "Administrator functions"),
        ("meta", "Health and this description"),
    ]
    .into_iter()
    .map(|(name, description)| json!({ "name": name, "description": description }))
    .collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "barraiser lab",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!(
                "A practice shop API for IDOR/BOLA testing, running in {mode} mode. \
                 Log in with POST /api/login and send the token as `Authorization: Bearer <token>`."
            ),
        },
        "tags": tags,
        "security": [{ "bearer": [] }],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "bearerFormat": "opaque" },
            },
            "schemas": schemas(secure),
        },
    })
}
