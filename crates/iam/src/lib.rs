//! `iam`: the IAM policy audit engine behind `barraiser iam audit`.
//!
//! Input is a policy document or the output of
//! `aws iam get-account-authorization-details` (see [`model`]); output is
//! [`report::Finding`]s, sorted, each naming the principal (user, group or
//! role ARN, the managed policy, or the file) and the statement (Sid or
//! index), with a least-privilege rewrite as JSON where one can be derived.
//!
//! Two kinds of rules (see [`rules`]):
//!
//! * statement rules look at one policy's statements: full admin, wildcard
//!   actions on sensitive services, data exfiltration, resource exposure,
//!   credential exposure, bad Version, unknown condition operators, and
//!   trust policies;
//! * effective rules look at everything a principal holds at once (inline,
//!   attached and group policies, explicit Deny honoured): privilege
//!   escalation.
//!
//! The engine is pure: no I/O, no process exit. [`input::parse`] reads a
//! file's text into the model with `file:line:col` diagnostics.

pub mod content;
pub mod input;
mod locate;
pub mod model;
pub mod pattern;
pub mod rules;
pub mod subject;
#[cfg(test)]
mod testutil;

pub use input::{Input, LocatedDocument};
pub use model::{AuthorizationDetails, PolicyDocument, Statement};

use model::ManagedPolicyDetail;
use report::Finding;
use rules::{Hit, PolicyView};
use std::collections::{BTreeMap, HashMap};
use subject::{account_of, PolicyRef, Subject};

/// Settings of one audit.
#[derive(Debug, Clone, Default)]
pub struct AuditOptions {
    /// The account that owns the policies, for trust-policy checks when it
    /// cannot be read from an ARN (policy files).
    pub account_id: Option<String>,
}

/// Audit account authorization details with default options.
pub fn audit(details: &AuthorizationDetails) -> Vec<Finding> {
    audit_with(details, &AuditOptions::default())
}

fn statement_rules(view: &PolicyView<'_, '_>, out: &mut Vec<Hit>) {
    rules::invalid_version::check(view, out);
    rules::unknown_condition_operator::check(view, out);
    rules::full_admin::check(view, out);
    rules::wildcard_sensitive::check(view, out);
    rules::data_exfiltration::check(view, out);
    rules::resource_exposure::check(view, out);
    rules::credential_exposure::check(view, out);
}

fn inline<'a>(name: &str, doc: &'a PolicyDocument, via_group: Option<&str>) -> PolicyRef<'a> {
    PolicyRef {
        name: name.to_string(),
        arn: None,
        via_group: via_group.map(str::to_string),
        doc,
        spans: None,
    }
}

/// Audit account authorization details.
pub fn audit_with(details: &AuthorizationDetails, opts: &AuditOptions) -> Vec<Finding> {
    let managed: HashMap<&str, &ManagedPolicyDetail> = details
        .policies
        .iter()
        .map(|p| (p.arn.as_str(), p))
        .collect();
    let mut attached: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut attach = |list: &[model::AttachedPolicy], who: &str| {
        for a in list {
            attached
                .entry(
                    managed
                        .get(a.policy_arn.as_str())
                        .map_or("", |p| p.arn.as_str()),
                )
                .or_default()
                .push(who.to_string());
        }
    };
    for u in &details.user_detail_list {
        attach(&u.attached_managed_policies, &u.arn);
    }
    for g in &details.group_detail_list {
        attach(&g.attached_managed_policies, &g.arn);
    }
    for r in &details.role_detail_list {
        attach(&r.attached_managed_policies, &r.arn);
    }
    let groups: HashMap<&str, &model::GroupDetail> = details
        .group_detail_list
        .iter()
        .map(|g| (g.group_name.as_str(), g))
        .collect();
    let managed_ref = |a: &model::AttachedPolicy, via: Option<&str>| -> Option<PolicyRef<'_>> {
        let p = managed.get(a.policy_arn.as_str())?;
        Some(PolicyRef {
            name: p.policy_name.clone(),
            arn: Some(p.arn.clone()),
            via_group: via.map(str::to_string),
            doc: p.default_document()?,
            spans: None,
        })
    };

    let mut hits = Vec::new();
    let none: Vec<String> = Vec::new();

    // Managed policies on their own.
    for p in &details.policies {
        let Some(doc) = p.default_document() else {
            continue;
        };
        let subject = Subject {
            element: p.arn.clone(),
            element_type: "policy",
            policies: vec![PolicyRef {
                name: p.policy_name.clone(),
                arn: Some(p.arn.clone()),
                via_group: None,
                doc,
                spans: None,
            }],
            account: account_of(&p.arn).or_else(|| opts.account_id.clone()),
        };
        let view = PolicyView {
            subject: &subject,
            index: 0,
            attached_to: attached.get(p.arn.as_str()).unwrap_or(&none),
        };
        statement_rules(&view, &mut hits);
        rules::privilege_escalation::check(&subject, &mut hits);
    }

    // Principals: inline policies by statement, everything together for
    // escalation.
    let principal = |element: &str,
                     element_type: &'static str,
                     own_inline: &[model::InlinePolicy],
                     rest: Vec<PolicyRef<'_>>,
                     hits: &mut Vec<Hit>| {
        let mut policies: Vec<PolicyRef<'_>> = own_inline
            .iter()
            .map(|p| inline(&p.policy_name, &p.policy_document, None))
            .collect();
        let n_inline = policies.len();
        policies.extend(rest);
        let subject = Subject {
            element: element.to_string(),
            element_type,
            policies,
            account: account_of(element).or_else(|| opts.account_id.clone()),
        };
        for index in 0..n_inline {
            statement_rules(
                &PolicyView {
                    subject: &subject,
                    index,
                    attached_to: &[],
                },
                hits,
            );
        }
        rules::privilege_escalation::check(&subject, hits);
        subject.account
    };

    for u in &details.user_detail_list {
        let mut rest: Vec<PolicyRef<'_>> = u
            .attached_managed_policies
            .iter()
            .filter_map(|a| managed_ref(a, None))
            .collect();
        for gname in &u.group_list {
            if let Some(g) = groups.get(gname.as_str()) {
                rest.extend(
                    g.group_policy_list
                        .iter()
                        .map(|p| inline(&p.policy_name, &p.policy_document, Some(gname))),
                );
                rest.extend(
                    g.attached_managed_policies
                        .iter()
                        .filter_map(|a| managed_ref(a, Some(gname))),
                );
            }
        }
        principal(&u.arn, "user", &u.user_policy_list, rest, &mut hits);
    }
    for g in &details.group_detail_list {
        let rest = g
            .attached_managed_policies
            .iter()
            .filter_map(|a| managed_ref(a, None))
            .collect();
        principal(&g.arn, "group", &g.group_policy_list, rest, &mut hits);
    }
    for r in &details.role_detail_list {
        let rest = r
            .attached_managed_policies
            .iter()
            .filter_map(|a| managed_ref(a, None))
            .collect();
        let owner = principal(&r.arn, "role", &r.role_policy_list, rest, &mut hits);
        if let Some(trust) = &r.assume_role_policy_document {
            let subject = Subject {
                element: r.arn.clone(),
                element_type: "role",
                policies: vec![PolicyRef {
                    name: subject::TRUST_POLICY.into(),
                    arn: None,
                    via_group: None,
                    doc: trust,
                    spans: None,
                }],
                account: owner.clone(),
            };
            let view = PolicyView {
                subject: &subject,
                index: 0,
                attached_to: &[],
            };
            rules::invalid_version::check(&view, &mut hits);
            rules::unknown_condition_operator::check(&view, &mut hits);
            rules::trust_policy::check(&view, owner.as_deref(), &mut hits);
        }
    }
    finish(hits)
}

/// Audit policy documents read from one file. The file is one subject:
/// escalation is judged over all its documents together.
pub fn audit_documents(path: &str, docs: &[LocatedDocument], opts: &AuditOptions) -> Vec<Finding> {
    let subject = Subject {
        element: path.to_string(),
        element_type: "file",
        policies: docs
            .iter()
            .map(|d| PolicyRef {
                name: d.label.clone(),
                arn: None,
                via_group: None,
                doc: &d.doc,
                spans: Some(&d.spans),
            })
            .collect(),
        account: opts.account_id.clone(),
    };
    let mut hits = Vec::new();
    for index in 0..docs.len() {
        let view = PolicyView {
            subject: &subject,
            index,
            attached_to: &[],
        };
        statement_rules(&view, &mut hits);
        rules::trust_policy::check(&view, opts.account_id.as_deref(), &mut hits);
    }
    rules::privilege_escalation::check(&subject, &mut hits);
    finish(hits)
}

/// Audit whatever [`input::parse`] read.
pub fn audit_input(path: &str, input: &Input, opts: &AuditOptions) -> Vec<Finding> {
    match input {
        Input::Details(d) => audit_with(d, opts),
        Input::Documents(docs) => audit_documents(path, docs, opts),
    }
}

/// Audit one input file's bytes, named `path` in findings and errors:
/// refused with a `path:line:col` diagnostic when it is not UTF-8 text or
/// not a policy document / authorization details JSON. The file reading
/// (and its size cap) stays with the caller; the CLI and the web app share
/// everything after it.
pub fn audit_bytes(
    path: &str,
    bytes: &[u8],
    opts: &AuditOptions,
) -> Result<Vec<Finding>, report::Diagnostic> {
    let text = report::Diagnostic::check_text(path, bytes)?;
    let input = input::parse(path, text)?;
    Ok(audit_input(path, &input, opts))
}

/// Findings sorted by place, rule and id, duplicates (same id) dropped.
fn finish(hits: Vec<Hit>) -> Vec<Finding> {
    let mut f: Vec<Finding> = hits.into_iter().map(Hit::into_finding).collect();
    sort_findings(&mut f);
    f
}

/// The deterministic order of findings: location, rule, id.
pub fn sort_findings(f: &mut Vec<Finding>) {
    let key = |x: &Finding| {
        let (path, line, col) = match x.location.span() {
            Some(s) => (s.path.clone(), s.start_line, s.start_column),
            None => (String::new(), 0, 0),
        };
        (
            x.location.key(),
            path,
            line,
            col,
            x.rule_id.clone(),
            x.id.clone(),
        )
    };
    f.sort_by_cached_key(key);
    f.dedup_by(|a, b| a.id == b.id);
}

#[cfg(test)]
mod order_tests {
    use proptest::prelude::*;

    const STATEMENTS: [&str; 7] = [
        r#"{"Sid":"A","Effect":"Allow","Action":"iam:PassRole","Resource":"*"}"#,
        r#"{"Sid":"B","Effect":"Allow","Action":["lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}"#,
        r#"{"Sid":"C","Effect":"Allow","Action":"s3:*","Resource":"*"}"#,
        r#"{"Sid":"D","Effect":"Deny","Action":"s3:PutBucketPolicy","Resource":"*"}"#,
        r#"{"Sid":"E","Effect":"Allow","Action":"iam:Attach*","Resource":"arn:aws:iam::111122223333:user/x"}"#,
        r#"{"Sid":"F","Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*","Condition":{"StringEqualz":{"aws:x":"1"}}}"#,
        r#"{"Sid":"G","Effect":"Deny","Action":"iam:PassRole","Resource":"arn:aws:iam::111122223333:role/admin"}"#,
    ];

    fn ids(order: &[usize]) -> Vec<String> {
        let stmts: Vec<&str> = order.iter().map(|&i| STATEMENTS[i]).collect();
        let json = format!(
            r#"{{"UserDetailList":[{{"UserName":"u","Arn":"arn:aws:iam::111122223333:user/u","UserPolicyList":[{{"PolicyName":"p","PolicyDocument":{{"Version":"2012-10-17","Statement":[{}]}}}}]}}]}}"#,
            stmts.join(",")
        );
        let d: crate::AuthorizationDetails = serde_json::from_str(&json).unwrap();
        let mut v: Vec<String> = crate::audit(&d)
            .into_iter()
            .map(|f| format!("{} {:?}", f.id, f.severity))
            .collect();
        v.sort();
        v
    }

    proptest! {
        /// The order of statements never changes what is found.
        #[test]
        fn statement_order_does_not_change_findings(
            order in Just((0..STATEMENTS.len()).collect::<Vec<_>>()).prop_shuffle()
        ) {
            let base = ids(&(0..STATEMENTS.len()).collect::<Vec<_>>());
            prop_assert!(base.len() >= 5, "{:?}", base);
            prop_assert_eq!(ids(&order), base);
        }
    }
}

#[cfg(test)]
mod bytes_tests {
    use super::*;

    #[test]
    fn audit_bytes_finds_and_refuses_with_a_place() {
        let ok = br#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#;
        let f = audit_bytes("p.json", ok, &AuditOptions::default()).unwrap();
        assert!(f.iter().any(|f| f.rule_id.contains("admin")), "{f:?}");

        let e =
            audit_bytes("p.json", b"{\n  \"Version\": \n}", &AuditOptions::default()).unwrap_err();
        assert_eq!((e.path.as_str(), e.line), ("p.json", 3), "{e}");
        let e = audit_bytes("p.json", b"{\"a\":\x00}", &AuditOptions::default()).unwrap_err();
        assert!(e.message.contains("binary"), "{e}");
    }

    #[test]
    fn every_rule_has_a_sarif_descriptor() {
        let m = rules::sarif_metas();
        assert_eq!(m.len(), rules::all().len());
        assert!(m
            .iter()
            .zip(rules::all())
            .all(|(m, r)| m.id == r.id && m.cwe == [r.cwe] && m.help_markdown.contains(r.fix)));
    }
}
