//! Order routes: `GET`/`POST /api/orders` and `GET`/`PATCH`/`DELETE
//! /api/orders/{order_id}`.
//!
//! Planted here: BOLA on reads, writes and deletes through predictable
//! sequential ids (API1), and mass assignment of `owner_id` on create (API3).

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

use crate::auth::{AppState, Caller};
use crate::error::{parse_int_id, ApiError, JsonObject, PathParam};
use crate::store::{unit_price, Order, Store};

/// Largest quantity one order line may carry.
const MAX_QUANTITY: u64 = 100;

/// `GET /api/orders`: the caller's own orders, oldest first. Same in both
/// modes.
pub(crate) async fn list(State(app): State<AppState>, caller: Caller) -> Json<Vec<Order>> {
    let store = app.store();
    Json(
        store
            .orders
            .values()
            .filter(|o| o.owner_id == caller.id)
            .cloned()
            .collect(),
    )
}

fn item_field(body: &Map<String, Value>) -> Result<Option<String>, ApiError> {
    match body.get("item") {
        None => Ok(None),
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= 200 => {
            Ok(Some(s.clone()))
        }
        Some(_) => Err(ApiError::bad_request(
            "item must be a string of 1 to 200 characters",
        )),
    }
}

fn quantity_field(body: &Map<String, Value>) -> Result<Option<u64>, ApiError> {
    match body.get("quantity") {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(q) if (1..=MAX_QUANTITY).contains(&q) => Ok(Some(q)),
            _ => Err(ApiError::bad_request(format!(
                "quantity must be an integer from 1 to {MAX_QUANTITY}"
            ))),
        },
    }
}

/// Refuses any field not in `allowed`, naming the first one found.
fn only_fields(body: &Map<String, Value>, allowed: &[&str]) -> Result<(), ApiError> {
    match body.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(field) => Err(ApiError::bad_request(format!(
            "field not writable: {field}"
        ))),
        None => Ok(()),
    }
}

/// `POST /api/orders`: places an order (and issues its invoice).
///
/// **Vulnerable:** the body may carry `owner_id`, and it is honoured, so a
/// caller can place orders (and invoices charged to a stored card) in
/// another customer's name, or plant objects in their account. This is mass
/// assignment: OWASP API3:2023 Broken Object Property Level Authorization,
/// CWE-915; the effect is a BOLA write (API1, CWE-639).
///
/// **Secure:** the owner is always the caller; a body that names `owner_id`
/// is refused with 400 `field not writable: owner_id`.
pub(crate) async fn create(
    State(app): State<AppState>,
    caller: Caller,
    JsonObject(body): JsonObject,
) -> Result<Response, ApiError> {
    let secure = app.secure();
    if secure {
        only_fields(&body, &["item", "quantity"])?;
    } else {
        only_fields(&body, &["item", "quantity", "owner_id"])?;
    }
    let item = item_field(&body)?.ok_or_else(|| ApiError::bad_request("item is required"))?;
    let quantity =
        quantity_field(&body)?.ok_or_else(|| ApiError::bad_request("quantity is required"))?;
    let mut store = app.store();
    // The planted mass assignment: the client chooses the owner.
    let owner = match body.get("owner_id") {
        None => caller.id,
        Some(v) => {
            let id = v
                .as_u64()
                .ok_or_else(|| ApiError::bad_request("owner_id must be a positive integer"))?;
            if !store.users.contains_key(&id) {
                return Err(ApiError::bad_request(format!(
                    "owner_id {id} does not exist"
                )));
            }
            id
        }
    };
    let order = store.create_order(owner, &item, quantity);
    let location = format!("/api/orders/{}", order.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(order),
    )
        .into_response())
}

/// Finds an order the caller may act on: in vulnerable mode any order, in
/// secure mode only the caller's own; everything else is an unknown order.
fn reachable_order(
    store: &mut Store,
    secure: bool,
    caller: Caller,
    id: u64,
) -> Result<&mut Order, ApiError> {
    match store.orders.get_mut(&id) {
        Some(order) if !secure || order.owner_id == caller.id => Ok(order),
        _ => Err(ApiError::not_found("order")),
    }
}

/// `GET /api/orders/{order_id}`: one order.
///
/// **Vulnerable:** no owner check, and order ids are sequential (1001,
/// 1002, ...), so one customer reads every other customer's purchases and
/// shipping address by counting. OWASP API1:2023 Broken Object Level
/// Authorization; CWE-639.
///
/// **Secure:** only the owner's orders; anything else is 404, the same
/// answer as for an id that does not exist.
pub(crate) async fn get(
    State(app): State<AppState>,
    caller: Caller,
    PathParam(raw): PathParam,
) -> Result<Json<Order>, ApiError> {
    let id = parse_int_id(&raw, "order_id")?;
    let mut store = app.store();
    let order = reachable_order(&mut store, app.secure(), caller, id)?;
    Ok(Json(order.clone()))
}

/// `PATCH /api/orders/{order_id}`: changes the item, quantity or shipping
/// address of an order.
///
/// **Vulnerable:** no owner check, so any customer can redirect another
/// customer's delivery to an address of their choosing, or change what was
/// bought. BOLA on a write: OWASP API1:2023; CWE-639.
///
/// **Secure:** only the owner (404 otherwise). In both modes only `item`,
/// `quantity` and `shipping_address` are writable.
pub(crate) async fn patch(
    State(app): State<AppState>,
    caller: Caller,
    PathParam(raw): PathParam,
    JsonObject(body): JsonObject,
) -> Result<Json<Order>, ApiError> {
    let id = parse_int_id(&raw, "order_id")?;
    only_fields(&body, &["item", "quantity", "shipping_address"])?;
    let item = item_field(&body)?;
    let quantity = quantity_field(&body)?;
    let shipping_address = match body.get("shipping_address") {
        None => None,
        Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= 200 => {
            Some(s.clone())
        }
        Some(_) => {
            return Err(ApiError::bad_request(
                "shipping_address must be a string of 1 to 200 characters",
            ))
        }
    };
    let mut store = app.store();
    let order = reachable_order(&mut store, app.secure(), caller, id)?;
    if let Some(item) = item {
        order.item = item;
    }
    if let Some(quantity) = quantity {
        order.quantity = quantity;
    }
    if let Some(address) = shipping_address {
        order.shipping_address = address;
    }
    order.total_cents = unit_price(&order.item).saturating_mul(order.quantity);
    Ok(Json(order.clone()))
}

/// `DELETE /api/orders/{order_id}`: cancels an order. Its invoice stays, as
/// billing records do.
///
/// **Vulnerable:** no owner check, so any customer cancels anyone's orders
/// by walking the sequential ids: a one-loop denial of service against every
/// other customer. BOLA on a write: OWASP API1:2023; CWE-639.
///
/// **Secure:** only the owner (404 otherwise).
pub(crate) async fn delete(
    State(app): State<AppState>,
    caller: Caller,
    PathParam(raw): PathParam,
) -> Result<StatusCode, ApiError> {
    let id = parse_int_id(&raw, "order_id")?;
    let mut store = app.store();
    reachable_order(&mut store, app.secure(), caller, id)?;
    store.orders.remove(&id);
    Ok(StatusCode::NO_CONTENT)
}
