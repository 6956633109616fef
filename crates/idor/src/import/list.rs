//! A plain list of requests, one a line:
//!
//! ```text
//! # comments and blank lines are skipped
//! GET /api/orders/{order_id}
//! GET /api/invoice?invoice_id={invoice_id}
//! POST /api/documents/export {"document_id": "{document_id}"}
//! GET /api/admin/users   admin
//! ```
//!
//! `{name}` marks a parameter: in the path, as a query value, or as a JSON
//! string value in the body. A trailing word `admin` marks an admin-only
//! operation and `public` one that needs no credentials.

use super::{body_params, dedupe};
use crate::endpoint::{Endpoint, IdKind, Param, ParamIn};
use report::Diagnostic;
use serde_json::Value;

const METHODS: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

pub fn parse(name: &str, text: &str) -> Result<Vec<Endpoint>, Vec<Diagnostic>> {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let col = (raw.len() - raw.trim_start().len()) as u32 + 1;
        match parse_line(line) {
            Ok(mut e) => {
                e.source = format!("{name}:{line_no}");
                out.push(e);
            }
            Err((off, msg, help)) => {
                errors.push(Diagnostic::new(name, line_no, col + off as u32, msg).with_help(help))
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if out.is_empty() {
        return Err(vec![Diagnostic::new(
            name,
            1,
            1,
            "the list holds no request",
        )
        .with_help("write one request a line: `GET /api/orders/{order_id}`")]);
    }
    Ok(dedupe(out))
}

type LineError = (usize, String, &'static str);

fn parse_line(line: &str) -> Result<Endpoint, LineError> {
    let (method, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let method = method.to_ascii_uppercase();
    if !METHODS.contains(&method.as_str()) {
        return Err((
            0,
            format!("`{method}` is not an HTTP method"),
            "start the line with GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS",
        ));
    }
    let rest = rest.trim_start();
    let target_off = line.len() - rest.len();
    let (target, mut tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if !target.starts_with('/') {
        return Err((
            target_off,
            "the path must start with `/`".into(),
            "write the path relative to --target, e.g. `/api/orders/{order_id}`",
        ));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let mut e = Endpoint::new(&method, path);
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let p = Param {
            name: k.to_string(),
            location: ParamIn::Query,
            kind: IdKind::String,
            required: true,
        };
        if v.starts_with('{') || p.is_object_ref() {
            e.params.push(p);
        }
    }
    tail = tail.trim();
    loop {
        if let Some(t) = tail.strip_suffix("admin") {
            e.admin = true;
            tail = t.trim_end();
        } else if let Some(t) = tail.strip_suffix("public") {
            e.public = true;
            tail = t.trim_end();
        } else {
            break;
        }
    }
    if !tail.is_empty() {
        let body_off = line.len()
            - line[target_off..]
                .trim_start_matches(target)
                .trim_start()
                .len();
        let body: Value = serde_json::from_str(tail).map_err(|err| {
            (
                body_off + err.column().saturating_sub(1),
                format!("the body is not valid JSON: {err}"),
                "write the body as one JSON object on the same line",
            )
        })?;
        let mut placeholders = Vec::new();
        if let Some(o) = body.as_object() {
            for (k, v) in o {
                if v.as_str()
                    .is_some_and(|s| s.starts_with('{') && s.ends_with('}'))
                {
                    placeholders.push(Param {
                        name: k.clone(),
                        location: ParamIn::Body,
                        kind: IdKind::String,
                        required: true,
                    });
                }
            }
        }
        let keys: Vec<String> = body
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        for p in body_params(&body, &keys) {
            if !placeholders.iter().any(|q| q.name == p.name) {
                placeholders.push(p);
            }
        }
        e.params.extend(placeholders);
        e.body = Some(body);
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines() {
        let eps = parse(
            "reqs.txt",
            "# lab\nGET /api/orders/{order_id}\n\nGET /api/invoice?invoice_id={invoice_id} public\nPOST /api/documents/export {\"document_id\": \"{document_id}\"}\nget /api/admin/users admin\n",
        )
        .unwrap();
        assert_eq!(eps.len(), 4);
        assert_eq!(eps[0].source, "reqs.txt:2");
        assert!(eps[1].public && eps[1].params[0].location == ParamIn::Query);
        assert_eq!(eps[2].params[0].location, ParamIn::Body);
        assert!(eps[3].admin);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse("r.txt", "GET /ok\n  FETCH /x\nGET nope\nPOST /x {bad}\n").unwrap_err();
        assert_eq!((e[0].line, e[0].column), (2, 3));
        assert_eq!((e[1].line, e[1].column), (3, 5));
        assert_eq!(e[2].line, 4);
        assert!(e[2].message.contains("JSON"));
    }
}
