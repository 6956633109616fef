//! Endpoints from the three sources a tester is given: an OpenAPI 3
//! document, a HAR capture, or a plain list of requests. Each importer
//! returns endpoints or diagnostics naming the file, line and column.

pub mod har;
pub mod list;
pub mod openapi;

use crate::endpoint::{Endpoint, IdKind, Param, ParamIn};
use report::Diagnostic;
use serde_json::Value;

/// A JSON document, with the parse error placed at its line and column.
pub(crate) fn parse_json(name: &str, text: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        Diagnostic::new(
            name,
            e.line() as u32,
            e.column() as u32,
            format!("not valid JSON: {e}"),
        )
        .with_help(
            "fix the JSON at that place (a trailing comma or an unquoted key is the usual cause)",
        )
    })
}

/// Object-reference parameters of a JSON body: its top-level fields whose
/// names say they hold an id.
pub(crate) fn body_params(body: &Value, required: &[String]) -> Vec<Param> {
    let Some(obj) = body.as_object() else {
        return Vec::new();
    };
    obj.iter()
        .map(|(k, v)| Param {
            name: k.clone(),
            location: ParamIn::Body,
            kind: match v {
                Value::Number(_) => IdKind::Integer,
                Value::String(s) if crate::endpoint::is_uuid(s) => IdKind::Uuid,
                _ => IdKind::String,
            },
            required: required.iter().any(|r| r == k),
        })
        .filter(Param::is_object_ref)
        .collect()
}

/// Merge endpoints with the same method and path (a HAR holds many
/// requests to one operation): the first wins, later ones add parameters.
pub(crate) fn dedupe(eps: Vec<Endpoint>) -> Vec<Endpoint> {
    let mut out: Vec<Endpoint> = Vec::new();
    for e in eps {
        if let Some(have) = out.iter_mut().find(|h| h.key() == e.key()) {
            for p in e.params {
                if !have
                    .params
                    .iter()
                    .any(|q| q.name == p.name && q.location == p.location)
                {
                    have.params.push(p);
                }
            }
        } else {
            out.push(e);
        }
    }
    out
}
