//! Reading a file: detect what it holds (one policy document, an array of
//! them, `aws iam get-policy-version` output, or
//! `get-account-authorization-details` output, one page or an array of
//! pages), parse it, and find where each statement starts so findings can
//! point at `file:line:col`.
//!
//! Every failure is a [`report::Diagnostic`] with the line and column
//! serde_json reports and a hint, never a panic.

use crate::model::{AuthorizationDetails, PolicyDocument};
use report::{Diagnostic, Span};
use serde::Deserialize;

/// A policy document read from a file, with where its statements start.
#[derive(Debug, Clone)]
pub struct LocatedDocument {
    /// `path` for a single document, `path[i]` inside an array.
    pub label: String,
    pub doc: PolicyDocument,
    /// One span per statement, in order.
    pub spans: Vec<Span>,
}

/// What a file holds.
#[derive(Debug, Clone)]
pub enum Input {
    Details(AuthorizationDetails),
    Documents(Vec<LocatedDocument>),
}

const DETAIL_KEYS: [&str; 4] = [
    "UserDetailList",
    "GroupDetailList",
    "RoleDetailList",
    "Policies",
];

#[derive(Deserialize)]
struct PolicyVersionOutput {
    #[serde(rename = "PolicyVersion")]
    policy_version: PolicyVersionDoc,
}

#[derive(Deserialize)]
struct PolicyVersionDoc {
    #[serde(rename = "Document")]
    document: crate::model::EmbeddedPolicy,
}

fn json_error(path: &str, e: &serde_json::Error, what: &str) -> Diagnostic {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full,
    };
    let help = if e.is_syntax() || e.is_eof() {
        "fix the JSON syntax at this position (a missing comma, quote or bracket is the usual cause)"
            .to_string()
    } else {
        format!(
            "the JSON is well-formed but is not a valid {what}; see the IAM JSON policy element reference"
        )
    };
    Diagnostic::new(
        path,
        e.line().max(1) as u32,
        e.column().max(1) as u32,
        format!("invalid {what}: {msg}"),
    )
    .with_help(help)
}

/// Parse `text` (the contents of `path`).
pub fn parse(path: &str, text: &str) -> Result<Input, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| json_error(path, &e, "JSON"))?;
    let is_details = |v: &serde_json::Value| {
        v.as_object()
            .is_some_and(|o| DETAIL_KEYS.iter().any(|k| o.contains_key(*k)))
    };
    let is_doc = |v: &serde_json::Value| v.as_object().is_some_and(|o| o.contains_key("Statement"));
    let tree = || crate::locate::walk(text);
    match &value {
        v if is_doc(v) => {
            let doc: PolicyDocument =
                serde_json::from_str(text).map_err(|e| json_error(path, &e, "policy document"))?;
            let spans = crate::locate::statement_spans(&tree(), &[], path);
            Ok(Input::Documents(vec![LocatedDocument {
                label: path.to_string(),
                doc,
                spans,
            }]))
        }
        v if is_details(v) => {
            let d: AuthorizationDetails = serde_json::from_str(text)
                .map_err(|e| json_error(path, &e, "account authorization details"))?;
            Ok(Input::Details(d))
        }
        serde_json::Value::Object(o) if o.contains_key("PolicyVersion") => {
            let pv: PolicyVersionOutput = serde_json::from_str(text)
                .map_err(|e| json_error(path, &e, "get-policy-version output"))?;
            let spans =
                crate::locate::statement_spans(&tree(), &["PolicyVersion", "Document"], path);
            Ok(Input::Documents(vec![LocatedDocument {
                label: path.to_string(),
                doc: pv.policy_version.document.0,
                spans,
            }]))
        }
        serde_json::Value::Array(items) if items.iter().all(is_doc) => {
            let docs: Vec<PolicyDocument> =
                serde_json::from_str(text).map_err(|e| json_error(path, &e, "policy document"))?;
            let root = tree();
            Ok(Input::Documents(
                docs.into_iter()
                    .enumerate()
                    .map(|(i, doc)| LocatedDocument {
                        label: format!("{path}[{i}]"),
                        spans: crate::locate::statement_spans_in_array(&root, i, path),
                        doc,
                    })
                    .collect(),
            ))
        }
        serde_json::Value::Array(items) if !items.is_empty() && items.iter().all(is_details) => {
            let pages: Vec<AuthorizationDetails> = serde_json::from_str(text)
                .map_err(|e| json_error(path, &e, "account authorization details"))?;
            let mut all = AuthorizationDetails::default();
            for p in pages {
                all.merge(p);
            }
            Ok(Input::Details(all))
        }
        _ => {
            let (line, col) = tree().as_ref().map_or((1, 1), |n| (n.line, n.col));
            Err(Diagnostic::new(
                path,
                line,
                col,
                "not an IAM policy document or account authorization details",
            )
            .with_help(
                "expected an object with \"Statement\", an array of them, `aws iam get-policy-version` output, or `aws iam get-account-authorization-details` output (with \"UserDetailList\", \"RoleDetailList\", ...)",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_shape() {
        let one = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}"#;
        let Input::Documents(d) = parse("p.json", one).unwrap() else {
            panic!()
        };
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].spans[0].start_line, d[0].spans[0].start_column),
            (1, 37)
        );
        let many = "[\n {\"Statement\":[]},\n {\"Statement\":[\n   {\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}\n]";
        let Input::Documents(d) = parse("a.json", many).unwrap() else {
            panic!()
        };
        assert_eq!(d[1].label, "a.json[1]");
        assert_eq!(
            (d[1].spans[0].start_line, d[1].spans[0].start_column),
            (4, 4)
        );
        let pv = r#"{"PolicyVersion":{"Document":{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]},"VersionId":"v1"}}"#;
        assert!(matches!(parse("v.json", pv).unwrap(), Input::Documents(_)));
        let det = r#"[{"UserDetailList":[{"UserName":"a","Arn":"arn:aws:iam::1:user/a"}]},{"RoleDetailList":[]}]"#;
        let Input::Details(d) = parse("d.json", det).unwrap() else {
            panic!()
        };
        assert_eq!(d.user_detail_list.len(), 1);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = parse(
            "bad.json",
            "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}",
        )
        .unwrap_err();
        assert_eq!((e.line, e.column), (3, 24));
        assert!(
            e.to_string()
                .starts_with("bad.json:3:24: error: invalid JSON: trailing comma"),
            "{e}"
        );
        let e = parse("e.json", "").unwrap_err();
        assert_eq!((e.line, e.column), (1, 1));
        let e = parse("x.json", "{\"Statement\":[{\"Effect\":\"Maybe\"}]}").unwrap_err();
        assert!(
            e.message
                .contains("invalid policy document: unknown variant `Maybe`"),
            "{e}"
        );
        let e = parse("y.json", "  {\"foo\": 1}").unwrap_err();
        assert_eq!((e.line, e.column), (1, 3));
        assert!(e.to_string().contains("not an IAM policy document"));
        let deep = "[".repeat(100_000);
        assert!(parse("deep.json", &deep).is_err());
    }
}
