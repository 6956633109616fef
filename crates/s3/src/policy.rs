//! Bucket policies: parsing (with line and column on errors), the public
//! and TLS checks the rules share, and the non-destructive rewrites the
//! remediation plan makes.

use serde_json::{json, Map, Value};

/// Why a policy could not be read: 1-based line and column inside the
/// policy document, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct PolicyError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// One statement, normalised: single strings become one-element lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// Position in the `Statement` list, 0-based.
    pub index: usize,
    pub sid: Option<String>,
    pub allow: bool,
    pub principal: Principal,
    /// `NotPrincipal` was used instead of `Principal`.
    pub not_principal: bool,
    pub actions: Vec<String>,
    pub not_action: bool,
    pub resources: Vec<String>,
    /// operator -> key -> values, keys lower-cased.
    pub conditions: Vec<(String, String, Vec<String>)>,
}

/// Who a statement applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"*"` or `{"AWS": "*"}`: anyone.
    Anyone,
    /// Specific principals: `(kind, value)` such as `("AWS", "arn:...")`.
    Some(Vec<(String, String)>),
    /// No principal element (identity policies; invalid in a bucket policy).
    Missing,
}

/// A parsed bucket policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub version: Option<String>,
    pub statements: Vec<Statement>,
    /// The document as written, kept for rewrites that must not drop
    /// anything.
    pub raw: Value,
}

fn one_or_many(v: Option<&Value>) -> Result<Vec<String>, String> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| format!("expected a string, found {}", kind(x)))
            })
            .collect(),
        Some(other) => Err(format!(
            "expected a string or a list of strings, found {}",
            kind(other)
        )),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// Find the 1-based line and column of the `index`-th statement in `text`
/// (best effort: the position of the document start when not found).
fn statement_position(text: &str, index: usize) -> (u32, u32) {
    // Walk the text tracking depth, find `"Statement"` at depth 1, then the
    // index-th element at depth 2 (or the object itself when not a list).
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut i = 0;
    let mut in_stmt_key = false;
    let mut stmt_depth: Option<i32> = None;
    let mut count = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if depth == 1 && &text[start..(i + 1).min(text.len())] == "\"Statement\"" {
                    in_stmt_key = true;
                }
            }
            b'{' | b'[' => {
                if in_stmt_key && stmt_depth.is_none() {
                    if b == b'{' {
                        return line_col(text, i);
                    }
                    stmt_depth = Some(depth + 1);
                    in_stmt_key = false;
                } else if stmt_depth == Some(depth) {
                    if count == index {
                        return line_col(text, i);
                    }
                    count += 1;
                }
                depth += 1;
            }
            b'}' | b']' => {
                depth -= 1;
                if stmt_depth == Some(depth + 1) && b == b']' {
                    stmt_depth = None;
                }
            }
            _ => {}
        }
        i += 1;
    }
    (1, 1)
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let prefix = &text[..offset.min(text.len())];
    let line = prefix.matches('\n').count() + 1;
    let col = prefix.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u32, col as u32)
}

impl Policy {
    /// Parse a bucket policy document.
    pub fn parse(text: &str) -> Result<Policy, PolicyError> {
        let raw: Value = serde_json::from_str(text).map_err(|e| PolicyError {
            line: e.line().max(1) as u32,
            column: e.column().max(1) as u32,
            message: format!(
                "the policy is not valid JSON: {}",
                strip_position(&e.to_string())
            ),
        })?;
        let top = |message: String| PolicyError {
            line: 1,
            column: 1,
            message,
        };
        let obj = raw
            .as_object()
            .ok_or_else(|| top(format!("a policy is a JSON object, found {}", kind(&raw))))?;
        let version = match obj.get("Version") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                return Err(top(format!(
                    "Version must be a string, found {}",
                    kind(other)
                )))
            }
        };
        let list: Vec<&Value> = match obj.get("Statement") {
            None => return Err(top("the policy has no Statement".into())),
            Some(Value::Array(a)) => a.iter().collect(),
            Some(o @ Value::Object(_)) => vec![o],
            Some(other) => {
                return Err(top(format!(
                    "Statement must be an object or a list of objects, found {}",
                    kind(other)
                )))
            }
        };
        let mut statements = Vec::with_capacity(list.len());
        for (index, s) in list.into_iter().enumerate() {
            let at = |message: String| {
                let (line, column) = statement_position(text, index);
                PolicyError {
                    line,
                    column,
                    message: format!("statement {}: {message}", index + 1),
                }
            };
            let s = s
                .as_object()
                .ok_or_else(|| at(format!("a statement is an object, found {}", kind(s))))?;
            let allow = match s.get("Effect").and_then(Value::as_str) {
                Some("Allow") => true,
                Some("Deny") => false,
                Some(other) => {
                    return Err(at(format!("Effect must be Allow or Deny, found `{other}`")))
                }
                None => return Err(at("Effect is missing".into())),
            };
            let (pv, not_principal) = match (s.get("Principal"), s.get("NotPrincipal")) {
                (Some(p), None) => (Some(p), false),
                (None, Some(p)) => (Some(p), true),
                (None, None) => (None, false),
                (Some(_), Some(_)) => {
                    return Err(at(
                        "a statement cannot have both Principal and NotPrincipal".into(),
                    ))
                }
            };
            let principal = parse_principal(pv).map_err(&at)?;
            let (av, not_action) = match (s.get("Action"), s.get("NotAction")) {
                (Some(a), None) => (Some(a), false),
                (None, Some(a)) => (Some(a), true),
                (None, None) => (None, false),
                (Some(_), Some(_)) => {
                    return Err(at(
                        "a statement cannot have both Action and NotAction".into()
                    ))
                }
            };
            let actions = one_or_many(av).map_err(|e| at(format!("Action: {e}")))?;
            let rv = s.get("Resource").or_else(|| s.get("NotResource"));
            let resources = one_or_many(rv).map_err(|e| at(format!("Resource: {e}")))?;
            let mut conditions = Vec::new();
            match s.get("Condition") {
                None => {}
                Some(Value::Object(ops)) => {
                    for (op, keys) in ops {
                        let keys = keys.as_object().ok_or_else(|| {
                            at(format!("Condition operator {op} must map keys to values"))
                        })?;
                        for (k, v) in keys {
                            let vals = match v {
                                Value::Bool(b) => vec![b.to_string()],
                                Value::Number(n) => vec![n.to_string()],
                                Value::Array(a) => a
                                    .iter()
                                    .map(|x| match x {
                                        Value::String(s) => Ok(s.clone()),
                                        Value::Bool(b) => Ok(b.to_string()),
                                        Value::Number(n) => Ok(n.to_string()),
                                        other => Err(at(format!(
                                            "Condition {op} {k}: expected strings, found {}",
                                            kind(other)
                                        ))),
                                    })
                                    .collect::<Result<_, _>>()?,
                                Value::String(s) => vec![s.clone()],
                                other => {
                                    return Err(at(format!(
                                        "Condition {op} {k}: expected a string or a list, found {}",
                                        kind(other)
                                    )))
                                }
                            };
                            conditions.push((op.clone(), k.to_ascii_lowercase(), vals));
                        }
                    }
                }
                Some(other) => {
                    return Err(at(format!(
                        "Condition must be an object, found {}",
                        kind(other)
                    )))
                }
            }
            statements.push(Statement {
                index,
                sid: s.get("Sid").and_then(Value::as_str).map(str::to_string),
                allow,
                principal,
                not_principal,
                actions,
                not_action,
                resources,
                conditions,
            });
        }
        Ok(Policy {
            version,
            statements,
            raw,
        })
    }

    /// Allow statements open to anyone without a condition that narrows
    /// who can use them.
    pub fn public_statements(&self) -> Vec<&Statement> {
        self.statements.iter().filter(|s| s.is_public()).collect()
    }

    /// True when a Deny statement refuses every request that does not use
    /// TLS (`aws:SecureTransport` false) for anyone.
    pub fn denies_insecure_transport(&self) -> bool {
        self.statements.iter().any(Statement::is_tls_deny)
    }
}

fn strip_position(s: &str) -> String {
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s.to_string(),
    }
}

fn parse_principal(v: Option<&Value>) -> Result<Principal, String> {
    match v {
        None => Ok(Principal::Missing),
        Some(Value::String(s)) if s == "*" => Ok(Principal::Anyone),
        Some(Value::String(s)) => Err(format!(
            "Principal must be \"*\" or an object such as {{\"AWS\": \"...\"}}, found \"{s}\""
        )),
        Some(Value::Object(m)) => {
            let mut out = Vec::new();
            for (k, v) in m {
                for p in one_or_many(Some(v)).map_err(|e| format!("Principal {k}: {e}"))? {
                    if k == "AWS" && p == "*" {
                        return Ok(Principal::Anyone);
                    }
                    out.push((k.clone(), p));
                }
            }
            Ok(Principal::Some(out))
        }
        Some(other) => Err(format!(
            "Principal must be \"*\" or an object, found {}",
            kind(other)
        )),
    }
}

/// Condition keys that limit a statement open to `*` to known callers or
/// networks. With one of them (and a value that is not a wildcard) the
/// statement is not public. This follows the keys S3's own "is this policy
/// public" evaluation accepts.
pub const RESTRICTING_KEYS: &[&str] = &[
    "aws:sourcevpce",
    "aws:sourcevpc",
    "aws:sourceip",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:userid",
    "aws:username",
    "s3:dataaccesspointaccount",
    "s3:dataaccesspointarn",
];

impl Statement {
    /// Open to anyone, allowed, and not narrowed by a restricting condition.
    pub fn is_public(&self) -> bool {
        if !self.allow {
            return false;
        }
        let anyone = match (&self.principal, self.not_principal) {
            (Principal::Anyone, false) => true,
            // NotPrincipal with Allow grants everyone except the listed.
            (_, true) => true,
            _ => false,
        };
        anyone && !self.restricted()
    }

    /// Has a condition on a restricting key with a concrete value. Negated
    /// operators (`StringNotEquals`, `NotIpAddress`) exclude some callers
    /// but still admit the rest of the world, so they do not count; nor do
    /// values that are wildcards.
    pub fn restricted(&self) -> bool {
        self.conditions.iter().any(|(op, key, vals)| {
            let op_l = op.to_ascii_lowercase();
            let negated = op_l.contains("not");
            let if_exists = op_l.ends_with("ifexists");
            RESTRICTING_KEYS.contains(&key.as_str())
                && !negated
                && !if_exists
                && !vals.is_empty()
                && vals.iter().all(|v| {
                    let v = v.trim();
                    !v.is_empty() && v != "*" && v != "0.0.0.0/0" && v != "::/0"
                })
        })
    }

    /// A Deny for anyone on all S3 actions when `aws:SecureTransport` is false.
    pub fn is_tls_deny(&self) -> bool {
        !self.allow
            && matches!(self.principal, Principal::Anyone)
            && !self.not_principal
            && !self.not_action
            && self.actions.iter().any(|a| a == "s3:*" || a == "*")
            && self.conditions.iter().any(|(op, key, vals)| {
                key == "aws:securetransport"
                    && matches!(op.as_str(), "Bool" | "BoolIfExists")
                    && vals.iter().any(|v| v.eq_ignore_ascii_case("false"))
            })
    }

    /// True when the statement can write, delete or change permissions.
    pub fn writes(&self) -> bool {
        if self.not_action {
            return true;
        }
        self.actions.iter().any(|a| {
            let a = a.to_ascii_lowercase();
            a == "*"
                || a == "s3:*"
                || a.starts_with("s3:put")
                || a.starts_with("s3:delete")
                || a.starts_with("s3:restore")
                || a.starts_with("s3:replicate")
                || a.contains('*') && !a.starts_with("s3:get") && !a.starts_with("s3:list")
        })
    }

    /// The statement's name for messages: its Sid, else its position.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => format!("statement `{s}`"),
            _ => format!("statement {}", self.index + 1),
        }
    }
}

/// The Sid of the TLS-only statement the plan adds.
pub const TLS_SID: &str = "DenyInsecureTransport";
/// The Sid of the log-delivery grant the plan adds to a log bucket.
pub const LOG_DELIVERY_SID: &str = "S3ServerAccessLogsDelivery";

/// The statement that refuses plain-HTTP requests to `bucket`.
pub fn tls_deny_statement(partition: &str, bucket: &str) -> Value {
    json!({
        "Sid": TLS_SID,
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [
            format!("arn:{partition}:s3:::{bucket}"),
            format!("arn:{partition}:s3:::{bucket}/*"),
        ],
        "Condition": { "Bool": { "aws:SecureTransport": "false" } },
    })
}

/// The statement that lets the S3 logging service write access logs into
/// `bucket`, for source buckets of `account` only.
pub fn log_delivery_statement(partition: &str, bucket: &str, account: &str) -> Value {
    json!({
        "Sid": LOG_DELIVERY_SID,
        "Effect": "Allow",
        "Principal": { "Service": "logging.s3.amazonaws.com" },
        "Action": ["s3:PutObject"],
        "Resource": format!("arn:{partition}:s3:::{bucket}/*"),
        "Condition": { "StringEquals": { "aws:SourceAccount": account } },
    })
}

/// An empty policy document.
pub fn empty_document() -> Value {
    json!({ "Version": "2012-10-17", "Statement": [] })
}

/// The document's statements as a mutable list, turning a single
/// statement object into a one-element list first.
fn statements_mut(doc: &mut Value) -> &mut Vec<Value> {
    if !doc.is_object() {
        *doc = empty_document();
    }
    let obj = doc.as_object_mut().expect("object");
    let st = obj
        .entry("Statement")
        .or_insert_with(|| Value::Array(Vec::new()));
    if !st.is_array() {
        let one = std::mem::take(st);
        *st = Value::Array(if one.is_null() { Vec::new() } else { vec![one] });
    }
    st.as_array_mut().expect("array")
}

/// Append `stmt` unless a statement with the same Sid is already there.
/// Every existing statement is kept as written. Returns true when added.
pub fn merge_statement(doc: &mut Value, stmt: Value) -> bool {
    let sid = stmt.get("Sid").cloned();
    let list = statements_mut(doc);
    if sid.is_some() && list.iter().any(|s| s.get("Sid") == sid.as_ref()) {
        return false;
    }
    list.push(stmt);
    true
}

/// Like [`merge_statement`], but put `stmt` first. Statement order does
/// not change what a policy allows; the log-delivery grant goes first
/// because moto (5.2.x) checks log-delivery permissions by calling
/// `.get` on each statement's `Principal` in order and fails with a 500 on
/// a `"Principal": "*"` string met before the grant.
pub fn merge_statement_first(doc: &mut Value, stmt: Value) -> bool {
    let sid = stmt.get("Sid").cloned();
    let list = statements_mut(doc);
    if sid.is_some() && list.iter().any(|s| s.get("Sid") == sid.as_ref()) {
        return false;
    }
    list.insert(0, stmt);
    true
}

/// Narrow the statements at `indexes` (open to `*`) to principals of
/// `account` by adding `StringEquals aws:PrincipalAccount`. The statements
/// stay (their intent is visible in review) but stop being public.
pub fn restrict_to_account(doc: &mut Value, indexes: &[usize], account: &str) {
    let list = statements_mut(doc);
    for &i in indexes {
        let Some(Value::Object(s)) = list.get_mut(i) else {
            continue;
        };
        let cond = s
            .entry("Condition")
            .or_insert_with(|| Value::Object(Map::new()));
        if !cond.is_object() {
            *cond = Value::Object(Map::new());
        }
        let ops = cond.as_object_mut().expect("object");
        let eq = ops
            .entry("StringEquals")
            .or_insert_with(|| Value::Object(Map::new()));
        if !eq.is_object() {
            *eq = Value::Object(Map::new());
        }
        eq.as_object_mut().expect("object").insert(
            "aws:PrincipalAccount".into(),
            Value::String(account.to_string()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_json_reports_line_and_column() {
        let e = Policy::parse("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\" \"Principal\": \"*\"}\n  ]\n}").unwrap_err();
        assert_eq!((e.line, e.column), (4, 24), "{e}");
        assert!(e.message.starts_with("the policy is not valid JSON"), "{e}");
        let e = Policy::parse("<Policy/>").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
    }

    #[test]
    fn structural_errors_point_at_the_statement() {
        let text = "{\"Statement\": [\n {\"Effect\": \"Deny\", \"Principal\": \"*\", \"Action\": \"s3:*\"},\n {\"Effect\": \"Maybe\"}\n]}";
        let e = Policy::parse(text).unwrap_err();
        assert_eq!((e.line, e.column), (3, 2), "{e}");
        assert!(
            e.message
                .contains("statement 2: Effect must be Allow or Deny"),
            "{e}"
        );
        let e = Policy::parse("{\"Statement\": 3}").unwrap_err();
        assert!(e.message.contains("found a number"));
    }

    #[test]
    fn public_means_star_without_restricting_condition() {
        let p = Policy::parse(r#"{"Statement":[
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
            {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}},
            {"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"0.0.0.0/0"}}},
            {"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalOrgID":"o-1"}}},
            {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"},
            {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:*","Resource":"*"}
        ]}"#).unwrap();
        let idx: Vec<usize> = p.public_statements().iter().map(|s| s.index).collect();
        assert_eq!(idx, vec![0, 2, 3]);
    }

    #[test]
    fn tls_deny_is_recognised_and_merged_without_dropping() {
        let text = r#"{"Version":"2012-10-17","Statement":{"Sid":"Keep","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:GetObject","Resource":"*","Custom":1}}"#;
        let p = Policy::parse(text).unwrap();
        assert!(!p.denies_insecure_transport());
        let mut doc = p.raw.clone();
        assert!(merge_statement(&mut doc, tls_deny_statement("aws", "b")));
        assert!(!merge_statement(&mut doc, tls_deny_statement("aws", "b")));
        let p2 = Policy::parse(&doc.to_string()).unwrap();
        assert!(p2.denies_insecure_transport());
        assert_eq!(p2.statements.len(), 2);
        assert_eq!(doc["Statement"][0]["Custom"], 1);
    }

    #[test]
    fn restricting_to_the_account_makes_a_statement_private() {
        let text = r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}"#;
        let mut doc = Policy::parse(text).unwrap().raw;
        restrict_to_account(&mut doc, &[0], "123456789012");
        let p = Policy::parse(&doc.to_string()).unwrap();
        assert!(p.public_statements().is_empty());
        assert_eq!(
            doc["Statement"][0]["Condition"]["Bool"]["aws:SecureTransport"],
            "true"
        );
    }
}
