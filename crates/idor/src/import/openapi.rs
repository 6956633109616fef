//! OpenAPI 3.0/3.1 (JSON or YAML): every operation under `paths`, its path,
//! query and JSON-body parameters (with `$ref`s into `components`
//! resolved), whether it is admin-only (an `admin` tag, `x-admin: true`, or
//! an `/admin` segment) and whether it needs credentials (`security`).

use super::{body_params, dedupe, parse_json};
use crate::endpoint::{Endpoint, IdKind, Param, ParamIn};
use report::Diagnostic;
use serde_json::{Map, Value};

const METHODS: [&str; 7] = ["get", "head", "post", "put", "patch", "delete", "options"];

/// Read an OpenAPI document named `name` (for messages).
pub fn parse(name: &str, text: &str) -> Result<Vec<Endpoint>, Vec<Diagnostic>> {
    let doc = if text.trim_start().starts_with('{') {
        parse_json(name, text).map_err(|d| vec![d])?
    } else {
        yaml(name, text).map_err(|d| vec![d])?
    };
    from_value(name, &doc)
}

fn yaml(name: &str, text: &str) -> Result<Value, Diagnostic> {
    let node = marked_yaml::parse_yaml(0, text).map_err(|e| {
        use marked_yaml::LoadError as L;
        let (line, col) = match &e {
            L::TopLevelMustBeMapping(m)
            | L::TopLevelMustBeSequence(m)
            | L::UnexpectedAnchor(m)
            | L::MappingKeyMustBeScalar(m)
            | L::UnexpectedTag(m)
            | L::ScanError(m, _) => (m.line() as u32, m.column() as u32),
            _ => (1, 1),
        };
        Diagnostic::new(name, line, col, format!("not valid YAML: {e}"))
            .with_help("OpenAPI documents may be JSON or YAML; fix the syntax at that place")
    })?;
    marked_yaml::from_node(&node).map_err(|e| {
        let (line, col) = e
            .start_mark()
            .map(|m| (m.line() as u32, m.column() as u32))
            .unwrap_or((1, 1));
        Diagnostic::new(
            name,
            line,
            col,
            format!("cannot read the YAML as an OpenAPI document: {e}"),
        )
    })
}

/// Endpoints from an already-parsed document.
pub fn from_value(name: &str, doc: &Value) -> Result<Vec<Endpoint>, Vec<Diagnostic>> {
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with('3') {
        let what = if doc.get("swagger").is_some() {
            "a Swagger 2.0 document"
        } else {
            "not an OpenAPI 3 document (no `openapi: 3.x` field)"
        };
        return Err(vec![Diagnostic::new(name, 1, 1, format!("{name} is {what}"))
            .with_help("convert it to OpenAPI 3 (swagger2openapi), or pass the requests with --har or --requests")]);
    }
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Err(vec![Diagnostic::new(
            name,
            1,
            1,
            "the document has no `paths` object",
        )
        .with_help("an OpenAPI document lists its operations under `paths`")]);
    };
    let global_security = doc.get("security").and_then(Value::as_array);
    let mut out = Vec::new();
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let shared = item.get("parameters").and_then(Value::as_array);
        for m in METHODS {
            let Some(op) = item.get(m).and_then(Value::as_object) else {
                continue;
            };
            let mut e = Endpoint::new(m, path);
            e.source = format!("{name}#/paths/{}/{m}", pointer_escape(path));
            // parameters: path-level first, operation-level override
            let mut params: Vec<Param> = Vec::new();
            for p in shared.into_iter().flatten().chain(
                op.get("parameters")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten(),
            ) {
                let p = resolve(doc, p);
                let Some(pname) = p.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let location = match p.get("in").and_then(Value::as_str) {
                    Some("path") => ParamIn::Path,
                    Some("query") => ParamIn::Query,
                    _ => continue,
                };
                let schema = p.get("schema").map(|s| resolve(doc, s));
                let param = Param {
                    name: pname.to_string(),
                    location,
                    kind: schema.map_or(IdKind::String, kind_of),
                    required: location == ParamIn::Path
                        || p.get("required").and_then(Value::as_bool).unwrap_or(false),
                };
                params.retain(|q| !(q.name == param.name && q.location == param.location));
                params.push(param);
            }
            for p in &mut e.params {
                if let Some(d) = params
                    .iter()
                    .find(|q| q.location == ParamIn::Path && q.name == p.name)
                {
                    p.kind = d.kind;
                }
            }
            e.params
                .extend(params.into_iter().filter(|p| p.location == ParamIn::Query));
            if let Some(schema) = op
                .get("requestBody")
                .map(|b| resolve(doc, b))
                .and_then(|b| b.get("content"))
                .and_then(|c| c.get("application/json"))
                .and_then(|j| {
                    j.get("example")
                        .cloned()
                        .map(Ok)
                        .or_else(|| j.get("schema").map(Err))
                })
            {
                let (body, required, kinds) = match schema {
                    Ok(example) => (example, Vec::new(), Map::new()),
                    Err(s) => {
                        let s = resolve(doc, s);
                        let required = s
                            .get("required")
                            .and_then(Value::as_array)
                            .map(|r| {
                                r.iter()
                                    .filter_map(|v| v.as_str().map(String::from))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (sample(doc, s, 0), required, properties(doc, s))
                    }
                };
                let mut bp = body_params(&body, &required);
                for p in &mut bp {
                    if let Some(s) = kinds.get(&p.name) {
                        p.kind = kind_of(s);
                    }
                }
                e.params.extend(bp);
                e.body = Some(body);
            }
            let tags = op.get("tags").and_then(Value::as_array);
            e.admin |= tags
                .into_iter()
                .flatten()
                .any(|t| t.as_str().is_some_and(|t| t.eq_ignore_ascii_case("admin")))
                || op.get("x-admin").and_then(Value::as_bool) == Some(true);
            let security = op
                .get("security")
                .and_then(Value::as_array)
                .or(global_security);
            e.public = security.is_none_or(|s| {
                s.is_empty() || s.iter().any(|r| r.as_object().is_some_and(Map::is_empty))
            });
            out.push(e);
        }
    }
    Ok(dedupe(out))
}

/// Follow a local `$ref` (`#/components/...`), up to a few hops.
fn resolve<'a>(doc: &'a Value, mut v: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => match doc.pointer(&r[1..]) {
                Some(t) => v = t,
                None => return v,
            },
            _ => return v,
        }
    }
    v
}

fn kind_of(schema: &Value) -> IdKind {
    match (
        schema.get("type").and_then(Value::as_str),
        schema.get("format").and_then(Value::as_str),
    ) {
        (Some("integer"), _) => IdKind::Integer,
        (_, Some("uuid")) => IdKind::Uuid,
        _ => IdKind::String,
    }
}

fn properties<'a>(doc: &'a Value, schema: &'a Value) -> Map<String, Value> {
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), resolve(doc, v).clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// A value that fits `schema`: its example or default, else a neutral value
/// of its type. Objects get their required properties (all of them when
/// none are marked required), and nothing deeper than four levels.
fn sample(doc: &Value, schema: &Value, depth: u32) -> Value {
    let schema = resolve(doc, schema);
    if let Some(v) = schema.get("example").or_else(|| schema.get("default")) {
        return v.clone();
    }
    if let Some(v) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return v.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer") => Value::from(1),
        Some("number") => Value::from(1.0),
        Some("boolean") => Value::Bool(false),
        Some("array") => Value::Array(Vec::new()),
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("uuid") => Value::from("00000000-0000-4000-8000-000000000000"),
            Some("email") => Value::from("probe@example.com"),
            Some("date-time") => Value::from("2026-01-01T00:00:00Z"),
            _ => Value::from("barraiser-probe"),
        },
        _ if depth < 4 && schema.get("properties").is_some() => {
            let props = properties(doc, schema);
            let required: Vec<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let mut m = Map::new();
            for (k, s) in &props {
                if required.is_empty() || required.contains(&k.as_str()) {
                    m.insert(k.clone(), sample(doc, s, depth + 1));
                }
            }
            Value::Object(m)
        }
        _ => Value::Null,
    }
}

fn pointer_escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r##"{
      "openapi": "3.0.3",
      "security": [{"bearer": []}],
      "components": {
        "parameters": {"Oid": {"name": "order_id", "in": "path", "required": true, "schema": {"type": "integer"}}},
        "schemas": {"Export": {"type": "object", "required": ["document_id"],
                    "properties": {"document_id": {"type": "string", "format": "uuid"}, "note": {"type": "string"}}}}
      },
      "paths": {
        "/api/orders/{order_id}": {"parameters": [{"$ref": "#/components/parameters/Oid"}],
           "get": {}, "delete": {}},
        "/api/invoice": {"get": {"security": [], "parameters": [{"name": "invoice_id", "in": "query", "required": true, "schema": {"type": "integer"}}]}},
        "/api/documents/export": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Export"}}}}}},
        "/api/users": {"get": {"tags": ["admin"]}}
      }
    }"##;

    #[test]
    fn operations_parameters_and_flags() {
        let eps = parse("api.json", DOC).unwrap();
        let keys: Vec<String> = eps.iter().map(Endpoint::key).collect();
        assert_eq!(
            keys,
            [
                "GET /api/orders/{order_id}",
                "DELETE /api/orders/{order_id}",
                "GET /api/invoice",
                "POST /api/documents/export",
                "GET /api/users"
            ]
        );
        assert_eq!(eps[0].params[0].kind, IdKind::Integer);
        assert!(!eps[0].public);
        let inv = &eps[2];
        assert!(inv.public);
        assert_eq!(inv.params[0].location, ParamIn::Query);
        let exp = &eps[3];
        assert_eq!(exp.params[0].name, "document_id");
        assert_eq!(exp.params[0].kind, IdKind::Uuid);
        assert_eq!(
            exp.body.as_ref().unwrap()["document_id"],
            "00000000-0000-4000-8000-000000000000"
        );
        assert!(exp.body.as_ref().unwrap().get("note").is_none());
        assert!(eps[4].admin);
    }

    #[test]
    fn errors_are_placed() {
        let e = parse(
            "api.json",
            "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {,}\n}",
        )
        .unwrap_err();
        assert_eq!((e[0].line, e[0].column), (3, 13));
        let e = parse("s.json", r#"{"swagger": "2.0", "paths": {}}"#).unwrap_err();
        assert!(e[0].message.contains("Swagger 2.0"));
        let e = parse("a.yaml", "openapi: 3.0.0\npaths:\n  - [\n").unwrap_err();
        assert!(e[0].message.contains("YAML"), "{}", e[0].message);
        let y = parse(
            "a.yaml",
            "openapi: 3.1.0\npaths:\n  /api/x/{id}:\n    get: {}\n",
        )
        .unwrap();
        assert_eq!(y[0].key(), "GET /api/x/{id}");
    }
}
