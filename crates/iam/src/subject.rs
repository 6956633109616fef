//! What the rules look at: a *subject* (a user, group, role, a managed
//! policy on its own, or a policy file) and the policies that make up its
//! effective permissions, with the queries the rules ask of them.

use crate::model::{Effect, PolicyDocument, Statement};
use crate::pattern::{action_matches, glob_match, is_broad_resource};
use report::{Location, Span};

/// The name given to a role's trust policy.
pub const TRUST_POLICY: &str = "trust policy";

/// One policy of a subject.
#[derive(Debug, Clone)]
pub struct PolicyRef<'a> {
    /// Policy name (inline or managed), or the file label.
    pub name: String,
    /// The managed policy's ARN, when it is one.
    pub arn: Option<String>,
    /// The group it comes through, for a user's group policies.
    pub via_group: Option<String>,
    pub doc: &'a PolicyDocument,
    /// For policy files: where each statement starts.
    pub spans: Option<&'a [Span]>,
}

impl PolicyRef<'_> {
    /// How a finding names this policy: `inline policy p`, `managed policy
    /// arn:...`, `inline policy p of group g`.
    pub fn describe(&self) -> String {
        let base = match &self.arn {
            Some(a) => format!("managed policy {a}"),
            None if self.name == TRUST_POLICY => TRUST_POLICY.to_string(),
            None if self.spans.is_some() => format!("policy {}", self.name),
            None => format!("inline policy {}", self.name),
        };
        match &self.via_group {
            Some(g) => format!("{base} (through group {g})"),
            None => base,
        }
    }
}

/// A principal or stand-alone policy under audit.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// ARN of the user, group, role or managed policy; or the file path.
    pub element: String,
    /// `user`, `group`, `role`, `policy` or `file`.
    pub element_type: &'static str,
    pub policies: Vec<PolicyRef<'a>>,
    /// The account that owns the subject, from its ARN.
    pub account: Option<String>,
}

/// The label of statement `i`: its Sid, else `Statement[i]`.
pub fn statement_label(s: &Statement, i: usize) -> String {
    match &s.sid {
        Some(sid) if !sid.is_empty() => sid.clone(),
        _ => format!("Statement[{i}]"),
    }
}

/// Does the statement's Action/NotAction cover `action`?
pub fn covers_action(s: &Statement, action: &str) -> bool {
    if let Some(a) = &s.action {
        a.iter().any(|p| action_matches(p, action))
    } else if let Some(na) = &s.not_action {
        !na.iter().any(|p| action_matches(p, action))
    } else {
        false
    }
}

/// The resources a statement applies to, as patterns: its `Resource`, or
/// `*` for a `NotResource` (everything but a few). `None` when it has
/// neither, which an identity policy does not allow (trust policies).
pub fn resources(s: &Statement) -> Option<Vec<String>> {
    if let Some(r) = &s.resource {
        Some(r.0.clone())
    } else if s.not_resource.is_some() {
        Some(vec!["*".to_string()])
    } else {
        None
    }
}

/// True when the statement applies to every resource (or all but a named
/// few via NotResource).
pub fn is_unconstrained(s: &Statement) -> bool {
    s.not_resource.is_some()
        || s.resource
            .as_ref()
            .is_some_and(|r| r.iter().any(|x| is_broad_resource(x)))
}

/// One statement that grants an action, after Deny statements are taken
/// into account.
#[derive(Debug, Clone)]
pub struct Grant {
    pub policy: usize,
    pub statement: usize,
    /// The resources still allowed.
    pub resources: Vec<String>,
    /// The Allow has a Condition (it may not apply).
    pub conditional: bool,
}

impl Grant {
    pub fn unconstrained(&self) -> bool {
        self.resources.iter().any(|r| is_broad_resource(r))
    }
}

impl<'a> Subject<'a> {
    /// Every (policy, statement) pair.
    pub fn statements(&self) -> impl Iterator<Item = (usize, usize, &'a Statement)> + '_ {
        self.policies.iter().enumerate().flat_map(|(pi, p)| {
            p.doc
                .statement
                .iter()
                .enumerate()
                .map(move |(si, s)| (pi, si, s))
        })
    }

    /// The statements that grant `action`, honouring explicit Deny: an
    /// unconditional Deny on every resource removes the action; a Deny on
    /// named resources removes the allowed resources it covers. Statements
    /// with a Principal (resource or trust policies) grant nothing here.
    pub fn grants(&self, action: &str) -> Vec<Grant> {
        let mut deny_all = false;
        let mut deny_patterns: Vec<&str> = Vec::new();
        for (_, _, s) in self.statements() {
            if s.effect != Effect::Deny || s.principal.is_some() || !covers_action(s, action) {
                continue;
            }
            if s.condition.as_ref().is_some_and(|c| !c.is_empty()) {
                continue; // may not apply; never assume it protects
            }
            match &s.resource {
                Some(r) if r.iter().any(|x| x.trim() == "*") => deny_all = true,
                Some(r) => deny_patterns.extend(r.iter().map(String::as_str)),
                None => {}
            }
        }
        if deny_all {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (pi, si, s) in self.statements() {
            if s.effect != Effect::Allow || s.principal.is_some() || !covers_action(s, action) {
                continue;
            }
            let Some(res) = resources(s) else { continue };
            let res: Vec<String> = res
                .into_iter()
                .filter(|r| !deny_patterns.iter().any(|d| glob_match(d, r, false)))
                .collect();
            if res.is_empty() {
                continue;
            }
            out.push(Grant {
                policy: pi,
                statement: si,
                resources: res,
                conditional: s.condition.as_ref().is_some_and(|c| !c.is_empty()),
            });
        }
        out
    }

    /// Where a finding about statement `si` of policy `pi` points.
    pub fn location(&self, pi: usize) -> Location {
        self.location_at(pi, 0)
    }

    pub fn location_at(&self, pi: usize, si: usize) -> Location {
        let p = &self.policies[pi];
        match p.spans.and_then(|sp| sp.get(si).or(sp.first())) {
            Some(span) if self.element_type == "file" => Location::File(span.clone()),
            span => Location::Element {
                element: self.element.clone(),
                element_type: self.element_type.to_string(),
                span: span.cloned(),
            },
        }
    }

    /// The subject's own location (effective-permission findings).
    pub fn own_location(&self, first: Option<(usize, usize)>) -> Location {
        match first {
            Some((pi, si)) => self.location_at(pi, si),
            None => Location::Element {
                element: self.element.clone(),
                element_type: self.element_type.to_string(),
                span: None,
            },
        }
    }
}

/// The account id in an ARN (`arn:aws:iam::123456789012:role/x`).
pub fn account_of(arn: &str) -> Option<String> {
    let acct = arn.split(':').nth(4)?;
    (acct.len() == 12 && acct.bytes().all(|b| b.is_ascii_digit())).then(|| acct.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> PolicyDocument {
        serde_json::from_str(json).unwrap()
    }

    fn subject(docs: &[PolicyDocument]) -> Subject<'_> {
        Subject {
            element: "arn:aws:iam::111122223333:user/a".into(),
            element_type: "user",
            policies: docs
                .iter()
                .enumerate()
                .map(|(i, d)| PolicyRef {
                    name: format!("p{i}"),
                    arn: None,
                    via_group: None,
                    doc: d,
                    spans: None,
                })
                .collect(),
            account: Some("111122223333".into()),
        }
    }

    #[test]
    fn deny_removes_allow() {
        let docs = [
            doc(r#"{"Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"}]}"#),
            doc(
                r#"{"Statement":[{"Effect":"Deny","Action":"iam:Attach*","Resource":"*"},
                                 {"Effect":"Deny","Action":"iam:PutUserPolicy","Resource":"arn:aws:iam::*:user/*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}"#,
            ),
        ];
        let s = subject(&docs);
        assert!(s.grants("iam:AttachUserPolicy").is_empty());
        assert_eq!(
            s.grants("iam:PutUserPolicy").len(),
            1,
            "conditional deny does not protect"
        );
        assert!(s.grants("iam:CreateAccessKey")[0].unconstrained());
        assert!(s.grants("s3:GetObject").is_empty());
    }

    #[test]
    fn resource_deny_and_not_action() {
        let docs = [doc(
            r#"{"Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"},
                             {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::secret/*"},
                             {"Effect":"Deny","Action":"s3:*","Resource":"arn:aws:s3:::secret/*"}]}"#,
        )];
        let s = subject(&docs);
        assert!(s.grants("iam:PassRole").is_empty());
        let g = s.grants("s3:GetObject");
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].statement, 0);
        assert_eq!(
            account_of("arn:aws:iam::123456789012:role/x").as_deref(),
            Some("123456789012")
        );
        assert_eq!(account_of("arn:aws:iam::aws:policy/x"), None);
    }
}
