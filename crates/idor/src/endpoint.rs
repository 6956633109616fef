//! What the tester replays: an HTTP operation whose request may reference
//! an object by id in the path, the query string or a JSON body field.

use serde::Serialize;
use serde_json::Value;

/// Where a parameter sits in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParamIn {
    Path,
    Query,
    /// A top-level field of a JSON request body.
    Body,
}

/// What an id looks like, from the schema or from the values seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IdKind {
    Integer,
    Uuid,
    String,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: String,
    #[serde(rename = "in")]
    pub location: ParamIn,
    pub kind: IdKind,
    pub required: bool,
}

impl Param {
    /// Whether the parameter names an object: `id`, `*_id`, `*Id`, `*-id`,
    /// `uuid`, or a path parameter of any name (a path segment that varies
    /// is an object reference in REST).
    pub fn is_object_ref(&self) -> bool {
        self.location == ParamIn::Path || names_object(&self.name)
    }
}

/// Whether a field or parameter name says it holds an object's id.
pub fn names_object(n: &str) -> bool {
    n.eq_ignore_ascii_case("id")
        || n.eq_ignore_ascii_case("uuid")
        || n.ends_with("_id")
        || n.ends_with("-id")
        || (n.ends_with("Id") && n.len() > 2)
}

/// One operation: method, path template and parameters.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endpoint {
    pub method: String,
    /// `/api/orders/{order_id}`: literal segments and `{name}` parameters.
    pub path: String,
    pub params: Vec<Param>,
    /// A JSON body to send (schema example or generated), fields that are
    /// object references included with placeholder values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Marked admin-only: an `admin` tag, an `/admin` path segment, or the
    /// `x-admin: true` extension.
    pub admin: bool,
    /// Needs no credentials according to the source (`security: []`).
    pub public: bool,
    /// Where it was declared, for diagnostics: `file:line` when known.
    pub source: String,
}

impl Endpoint {
    pub fn new(method: &str, path: &str) -> Endpoint {
        let method = method.to_ascii_uppercase();
        let params = path_params(path)
            .into_iter()
            .map(|name| Param {
                kind: guess_kind(&name),
                name,
                location: ParamIn::Path,
                required: true,
            })
            .collect();
        Endpoint {
            admin: path_is_admin(path),
            method,
            path: path.to_string(),
            params,
            body: None,
            public: false,
            source: String::new(),
        }
    }

    /// `GET /api/orders/{order_id}`.
    pub fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    /// Parameters that reference objects.
    pub fn object_params(&self) -> impl Iterator<Item = &Param> {
        self.params.iter().filter(|p| p.is_object_ref())
    }

    pub fn references_objects(&self) -> bool {
        self.object_params().next().is_some()
    }

    pub fn is_read(&self) -> bool {
        matches!(self.method.as_str(), "GET" | "HEAD")
    }

    /// A read that lists or describes objects without naming one: where ids
    /// are harvested from.
    pub fn is_harvest_source(&self) -> bool {
        self.method == "GET" && !self.params.iter().any(|p| p.required && p.is_object_ref())
    }

    /// The collection a path belongs to: `/api/orders/{order_id}` and
    /// `/api/orders` both give `/api/orders`.
    pub fn collection(&self) -> String {
        collection_of(&self.path)
    }

    /// The path with `values` substituted (percent-encoded) for parameters;
    /// `None` when one is missing.
    pub fn render_path(&self, values: &dyn Fn(&str) -> Option<String>) -> Option<String> {
        let mut out = String::with_capacity(self.path.len() + 16);
        let mut rest = self.path.as_str();
        while let Some(open) = rest.find('{') {
            let close = open + rest[open..].find('}')?;
            out.push_str(&rest[..open]);
            let v = values(&rest[open + 1..close])?;
            out.push_str(&encode_segment(&v));
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    }
}

/// The names of `{param}` segments, in order.
pub fn path_params(path: &str) -> Vec<String> {
    let mut v = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        v.push(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    v
}

/// The path up to (not including) its first parameter segment, or the
/// whole path: the collection its objects live in.
pub fn collection_of(path: &str) -> String {
    let cut = path.find("/{").unwrap_or(path.len());
    path[..cut].trim_end_matches('/').to_string()
}

/// `order_id` / `orderId` / `order-id` give `order`; `id` gives "".
pub fn stem(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    for suffix in ["_id", "-id", "id", "_uuid", "uuid"] {
        if let Some(s) = lower.strip_suffix(suffix) {
            return s.trim_end_matches(['_', '-']).to_string();
        }
    }
    lower
}

/// The singular of the last literal segment: `/api/orders` gives `order`.
pub fn segment_stem(collection: &str) -> String {
    let last = collection
        .rsplit('/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if let Some(s) = last.strip_suffix("ies") {
        format!("{s}y")
    } else if let Some(s) = last.strip_suffix('s') {
        s.to_string()
    } else {
        last
    }
}

fn guess_kind(name: &str) -> IdKind {
    if name.to_ascii_lowercase().contains("uuid") {
        IdKind::Uuid
    } else {
        IdKind::String
    }
}

fn path_is_admin(path: &str) -> bool {
    path.split('/')
        .any(|s| s.eq_ignore_ascii_case("admin") || s.eq_ignore_ascii_case("internal"))
}

/// Percent-encode one path segment (RFC 3986 unreserved kept).
pub fn encode_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether `s` is a UUID in its canonical text form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let e = Endpoint::new("get", "/api/orders/{order_id}/items/{item}");
        assert_eq!(e.method, "GET");
        assert_eq!(path_params(&e.path), ["order_id", "item"]);
        assert_eq!(e.collection(), "/api/orders");
        let p = e
            .render_path(&|n| {
                Some(if n == "order_id" {
                    "7".into()
                } else {
                    "a b/c".into()
                })
            })
            .unwrap();
        assert_eq!(p, "/api/orders/7/items/a%20b%2Fc");
        assert!(e.render_path(&|_| None).is_none());
        assert!(Endpoint::new("GET", "/api/admin/users").admin);
        assert!(!Endpoint::new("GET", "/api/administrators").admin);
    }

    #[test]
    fn stems() {
        assert_eq!(stem("order_id"), "order");
        assert_eq!(stem("documentId"), "document");
        assert_eq!(stem("invoice-id"), "invoice");
        assert_eq!(stem("id"), "");
        assert_eq!(segment_stem("/api/orders"), "order");
        assert_eq!(segment_stem("/api/policies"), "policy");
        assert!(is_uuid("3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        assert!(!is_uuid("3f2504e0-4f89-11d3-9a0c-0305e82c330"));
    }
}
