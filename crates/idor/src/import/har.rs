//! HAR 1.2 captures (browser dev tools, Burp, ZAP, mitmproxy): each
//! request becomes an endpoint template. Path segments that hold ids (all
//! digits, or a UUID) become `{<stem>_id}` parameters named after the
//! segment before them, so `/api/orders/1001` and `/api/orders/1002` are
//! one operation, `GET /api/orders/{order_id}`. Query parameters and
//! top-level JSON body fields that name ids become parameters too.
//! Requests to other hosts than `base` are left out (they are off-scope).

use super::{body_params, dedupe, parse_json};
use crate::endpoint::{is_uuid, segment_stem, Endpoint, IdKind, Param, ParamIn};
use report::Diagnostic;
use serde_json::Value;

pub fn parse(name: &str, text: &str, base: &url::Url) -> Result<Vec<Endpoint>, Vec<Diagnostic>> {
    let doc = parse_json(name, text).map_err(|d| vec![d])?;
    let Some(entries) = doc.pointer("/log/entries").and_then(Value::as_array) else {
        return Err(vec![Diagnostic::new(
            name,
            1,
            1,
            "not a HAR file: no log.entries array",
        )
        .with_help(
            "export the capture as HAR (\"Save all as HAR\" in the browser's network tab)",
        )]);
    };
    let mut out = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let req = entry.get("request");
        let (Some(method), Some(raw)) = (
            req.and_then(|r| r.get("method")).and_then(Value::as_str),
            req.and_then(|r| r.get("url")).and_then(Value::as_str),
        ) else {
            continue;
        };
        let Ok(u) = url::Url::parse(raw) else {
            continue;
        };
        if u.host_str() != base.host_str()
            || u.port_or_known_default() != base.port_or_known_default()
        {
            continue;
        }
        let (path, mut params) = template(u.path());
        let mut e = Endpoint::new(method, &path);
        e.params.clear();
        e.params.append(&mut params);
        e.source = format!("{name}#/log/entries/{i}");
        for (k, v) in u.query_pairs() {
            let p = Param {
                name: k.to_string(),
                location: ParamIn::Query,
                kind: kind_of_value(&v),
                required: true,
            };
            if p.is_object_ref() {
                e.params.push(p);
            }
        }
        let body = req
            .and_then(|r| r.get("postData"))
            .filter(|p| {
                p.get("mimeType")
                    .and_then(Value::as_str)
                    .is_some_and(|m| m.contains("json"))
            })
            .and_then(|p| p.get("text"))
            .and_then(Value::as_str)
            .and_then(|t| serde_json::from_str::<Value>(t).ok());
        if let Some(b) = body {
            let keys: Vec<String> = b
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            e.params.extend(body_params(&b, &keys));
            e.body = Some(b);
        }
        out.push(e);
    }
    if out.is_empty() {
        return Err(vec![Diagnostic::new(
            name,
            1,
            1,
            format!(
                "no request in the HAR file is to {}",
                base.origin().ascii_serialization()
            ),
        )
        .with_help(
            "capture against the target given with --target, or fix --target",
        )]);
    }
    Ok(dedupe(out))
}

/// `/api/orders/1001/items/7` gives `/api/orders/{order_id}/items/{item_id}`.
pub fn template(path: &str) -> (String, Vec<Param>) {
    let mut out = Vec::new();
    let mut params = Vec::new();
    let mut prev = "";
    for seg in path.split('/') {
        let kind = if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            Some(IdKind::Integer)
        } else if is_uuid(seg) {
            Some(IdKind::Uuid)
        } else {
            None
        };
        match kind {
            Some(kind) => {
                let stem = segment_stem(prev);
                let mut name = if stem.is_empty() {
                    "id".to_string()
                } else {
                    format!("{stem}_id")
                };
                while params.iter().any(|p: &Param| p.name == name) {
                    name.push('_');
                }
                out.push(format!("{{{name}}}"));
                params.push(Param {
                    name,
                    location: ParamIn::Path,
                    kind,
                    required: true,
                });
            }
            None => out.push(seg.to_string()),
        }
        prev = seg;
    }
    (out.join("/"), params)
}

fn kind_of_value(v: &str) -> IdKind {
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        IdKind::Integer
    } else if is_uuid(v) {
        IdKind::Uuid
    } else {
        IdKind::String
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_ids() {
        let (p, ps) = template("/api/orders/1001/items/3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assert_eq!(p, "/api/orders/{order_id}/items/{item_id}");
        assert_eq!(ps[1].kind, IdKind::Uuid);
        assert_eq!(template("/api/v2/me").0, "/api/v2/me");
    }

    #[test]
    fn reads_a_capture() {
        let har = r#"{"log": {"entries": [
          {"request": {"method": "GET", "url": "http://127.0.0.1:8080/api/orders/1001", "headers": []}},
          {"request": {"method": "GET", "url": "http://127.0.0.1:8080/api/orders/1002"}},
          {"request": {"method": "GET", "url": "http://127.0.0.1:8080/api/invoice?invoice_id=5001&x=1"}},
          {"request": {"method": "POST", "url": "http://127.0.0.1:8080/api/documents/export",
             "postData": {"mimeType": "application/json", "text": "{\"document_id\": \"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"}"}}},
          {"request": {"method": "GET", "url": "https://cdn.example.com/app.js"}}
        ]}}"#;
        let base = url::Url::parse("http://127.0.0.1:8080/").unwrap();
        let eps = parse("cap.har", har, &base).unwrap();
        let keys: Vec<String> = eps.iter().map(Endpoint::key).collect();
        assert_eq!(
            keys,
            [
                "GET /api/orders/{order_id}",
                "GET /api/invoice",
                "POST /api/documents/export"
            ]
        );
        assert_eq!(eps[1].params.len(), 1);
        assert_eq!(eps[2].params[0].kind, IdKind::Uuid);
        let err = parse("x.har", "{\"log\": {}}", &base).unwrap_err();
        assert!(err[0].message.contains("log.entries"));
    }
}
