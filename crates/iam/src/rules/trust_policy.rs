//! Trust policies (a role's `AssumeRolePolicyDocument`) that let the wrong
//! callers assume the role:
//!
//! * **trust-open**: `"Principal": "*"` or `{"AWS": "*"}` (or a NotPrincipal)
//!   with no condition that restricts the caller (aws:PrincipalOrgID,
//!   aws:PrincipalAccount, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn,
//!   sts:ExternalId...). Any AWS account in the world can assume the role.
//! * **trust-cross-account-no-external-id**: another account (compared with
//!   the account that owns the role) is trusted without an `sts:ExternalId`
//!   condition. A third-party service that assumes roles for many customers
//!   can be tricked into using yours (the confused deputy).
//! * **trust-oidc-unrestricted**: a web-identity provider (GitHub Actions,
//!   any OIDC provider, Cognito) is trusted without a condition on the
//!   token's subject or audience, so every repository or app of that
//!   provider can assume the role.
//!
//! Example:
//! ```json
//! {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:root"}, "Action": "sts:AssumeRole"}
//! ```
//!
//! Fix: name the trusted principal and add the condition; the rewrite adds
//! `StringEquals sts:ExternalId` (cross-account), or the `sub`/`aud`
//! conditions (OIDC), or replaces `*` with a named account.

use super::{detail, statement_facts, statement_json, where_, Hit, PolicyView, RuleInfo};
use crate::model::{Effect, Principal, Statement};
use crate::subject::{account_of, covers_action};
use report::{Confidence, Severity};

pub const INFO_OPEN: RuleInfo = RuleInfo {
    id: "trust-open",
    title: "Role trust policy open to any AWS principal",
    severity: Severity::Critical,
    cwe: 284,
    why: "Principal \"*\" without a restricting condition lets any AWS account assume the role.",
    fix: "Name the trusted account or role, or restrict with aws:PrincipalOrgID or sts:ExternalId.",
};

pub const INFO_CROSS_ACCOUNT: RuleInfo = RuleInfo {
    id: "trust-cross-account-no-external-id",
    title: "Role trusts another account without an ExternalId",
    severity: Severity::Medium,
    cwe: 441,
    why: "A third party that assumes roles for many customers can be made to use this one (confused deputy).",
    fix: "Add a StringEquals condition on sts:ExternalId with the value the third party gave you.",
};

pub const INFO_OIDC: RuleInfo = RuleInfo {
    id: "trust-oidc-unrestricted",
    title: "Role trusts a web-identity provider without a subject or audience condition",
    severity: Severity::High,
    cwe: 284,
    why: "Without a sub/aud condition every repository or app of the identity provider can assume the role.",
    fix: "Add conditions on the provider's sub (the repository and branch) and aud claims.",
};

const ASSUME: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithWebIdentity",
    "sts:AssumeRoleWithSAML",
];

/// Condition keys (lower-case) under non-negated operators.
fn positive_keys(s: &Statement) -> Vec<String> {
    let mut keys = Vec::new();
    for (op, kv) in s.condition.iter().flatten() {
        let o = op.to_ascii_lowercase();
        if o.contains("not") || o.starts_with("null") {
            continue;
        }
        keys.extend(kv.keys().map(|k| k.to_ascii_lowercase()));
    }
    keys
}

/// Does this statement let principals assume a role?
pub fn is_trust_statement(s: &Statement) -> bool {
    (s.principal.is_some() || s.not_principal.is_some())
        && ASSUME.iter().any(|a| covers_action(s, a))
}

pub fn check(view: &PolicyView<'_, '_>, owner: Option<&str>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    let p = view.policy();
    for (si, s) in p.doc.statement.iter().enumerate() {
        if s.effect != Effect::Allow || !is_trust_statement(s) {
            continue;
        }
        let keys = positive_keys(s);
        let restricted = content
            .restricting_keys
            .iter()
            .any(|k| keys.contains(&k.to_ascii_lowercase()));
        let loc = view.subject.location_at(view.index, si);
        let open = s.not_principal.is_some()
            || s.principal
                .as_ref()
                .is_some_and(|pr| matches!(pr, Principal::Any) || pr.values("AWS").contains(&"*"));
        if open {
            if restricted {
                continue;
            }
            let mut facts = statement_facts(view, si);
            facts.push("Principal is \"*\" and no condition names the caller's account, organization or an ExternalId".into());
            let mut stmt = statement_json(s);
            stmt["Principal"] = serde_json::json!({"AWS": "arn:aws:iam::TRUSTED_ACCOUNT_ID:root"});
            if let Some(o) = stmt.as_object_mut() {
                o.remove("NotPrincipal");
            }
            stmt["Condition"]["StringEquals"]["aws:PrincipalOrgID"] =
                serde_json::json!("o-ORGANIZATION_ID");
            out.push(Hit {
                rule: INFO_OPEN,
                severity: Severity::Critical,
                confidence: Confidence::High,
                message: format!(
                    "{} lets any AWS principal assume {}.",
                    where_(view, si),
                    view.subject.element
                ),
                location: loc.clone(),
                detail: detail(view, si),
                facts,
                fix_title: "Trust a named account and restrict it to your organization".into(),
                rewrite: Some(serde_json::json!({"Version": "2012-10-17", "Statement": [stmt]})),
            });
            continue;
        }
        let Some(pr) = &s.principal else { continue };
        // Other accounts without an ExternalId.
        let has_external_id = keys.iter().any(|k| k == "sts:externalid")
            || keys
                .iter()
                .any(|k| k == "aws:principalorgid" || k == "aws:principalorgpaths");
        if !has_external_id {
            let mut foreign: Vec<String> = pr
                .values("AWS")
                .into_iter()
                .filter_map(|v| {
                    let acct = if v.len() == 12 && v.bytes().all(|b| b.is_ascii_digit()) {
                        Some(v.to_string())
                    } else {
                        account_of(v)
                    }?;
                    (owner != Some(acct.as_str())).then_some(acct)
                })
                .collect();
            foreign.sort();
            foreign.dedup();
            if !foreign.is_empty() {
                let mut facts = statement_facts(view, si);
                match owner {
                    Some(o) => facts.push(format!("the role is in account {o}; trusted: {}", foreign.join(", "))),
                    None => facts.push(format!(
                        "trusted accounts: {} (the owning account is unknown; pass --account-id to compare)",
                        foreign.join(", ")
                    )),
                }
                let mut stmt = statement_json(s);
                stmt["Condition"]["StringEquals"]["sts:ExternalId"] =
                    serde_json::json!("EXTERNAL_ID_FROM_THE_THIRD_PARTY");
                out.push(Hit {
                    rule: INFO_CROSS_ACCOUNT,
                    severity: if owner.is_some() {
                        Severity::Medium
                    } else {
                        Severity::Low
                    },
                    confidence: if owner.is_some() {
                        Confidence::High
                    } else {
                        Confidence::Low
                    },
                    message: format!(
                        "{} lets account {} assume {} without an sts:ExternalId condition.",
                        where_(view, si),
                        foreign.join(", "),
                        view.subject.element
                    ),
                    location: loc.clone(),
                    detail: detail(view, si),
                    facts,
                    fix_title: "Require the ExternalId the third party issued you".into(),
                    rewrite: Some(
                        serde_json::json!({"Version": "2012-10-17", "Statement": [stmt]}),
                    ),
                });
            }
        }
        // Web identity without sub/aud.
        for fed in pr.values("Federated") {
            let provider = fed
                .split_once(":oidc-provider/")
                .map(|(_, p)| p.to_ascii_lowercase())
                .or_else(|| (fed == "cognito-identity.amazonaws.com").then(|| fed.to_string()));
            let Some(provider) = provider else { continue };
            let github = provider == "token.actions.githubusercontent.com";
            let needed: Vec<String> = if github {
                vec![format!("{provider}:sub")]
            } else {
                vec![format!("{provider}:sub"), format!("{provider}:aud")]
            };
            if needed.iter().any(|n| keys.contains(n)) {
                continue;
            }
            let mut facts = statement_facts(view, si);
            facts.push(format!(
                "federated provider {provider} with no condition on {}",
                needed.join(" or ")
            ));
            let mut stmt = statement_json(s);
            if github {
                stmt["Condition"]["StringEquals"][format!("{provider}:aud")] =
                    serde_json::json!("sts.amazonaws.com");
                stmt["Condition"]["StringLike"][format!("{provider}:sub")] =
                    serde_json::json!("repo:OWNER/REPOSITORY:ref:refs/heads/main");
            } else {
                stmt["Condition"]["StringEquals"][format!("{provider}:aud")] =
                    serde_json::json!("YOUR_CLIENT_ID");
            }
            out.push(Hit {
                rule: INFO_OIDC,
                severity: Severity::High,
                confidence: Confidence::High,
                message: format!(
                    "{} lets any identity of {provider} assume {}.",
                    where_(view, si),
                    view.subject.element
                ),
                location: loc.clone(),
                detail: format!("{}/{provider}", detail(view, si)),
                facts,
                fix_title: "Restrict the token's subject and audience".into(),
                rewrite: Some(serde_json::json!({"Version": "2012-10-17", "Statement": [stmt]})),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_details, rule_ids};

    fn role(trust: &str) -> String {
        format!(
            r#"{{"RoleDetailList":[{{"RoleName":"r","Arn":"arn:aws:iam::111122223333:role/r","AssumeRolePolicyDocument":{trust}}}]}}"#
        )
    }

    #[test]
    fn open_trust() {
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#,
        ));
        assert_eq!(rule_ids(&f, "trust-open"), 1);
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc"}}}]}"#,
        ));
        assert_eq!(rule_ids(&f, "trust-open"), 0);
        // A negated condition does not restrict.
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Condition":{"StringNotEquals":{"aws:PrincipalAccount":"1"}}}]}"#,
        ));
        assert_eq!(rule_ids(&f, "trust-open"), 1);
    }

    #[test]
    fn cross_account_compares_with_the_owner() {
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::999988887777:root","arn:aws:iam::111122223333:role/x"]},"Action":"sts:AssumeRole"}]}"#,
        ));
        let h: Vec<_> = f
            .iter()
            .filter(|x| x.rule_id == "trust-cross-account-no-external-id")
            .collect();
        assert_eq!(h.len(), 1);
        assert!(h[0].message.contains("999988887777") && !h[0].message.contains("111122223333,"));
        let v: serde_json::Value = serde_json::from_str(&h[0].remediation[0].parameter).unwrap();
        assert!(v["Statement"][0]["Condition"]["StringEquals"]["sts:ExternalId"].is_string());
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"999988887777"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x"}}}]}"#,
        ));
        assert_eq!(rule_ids(&f, "trust-cross-account-no-external-id"), 0);
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"sts:AssumeRole"}]}"#,
        ));
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn github_oidc_needs_sub() {
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}"#,
        ));
        assert_eq!(rule_ids(&f, "trust-oidc-unrestricted"), 1);
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringLike":{"token.actions.githubusercontent.com:sub":"repo:o/r:*"}}}]}"#,
        ));
        assert_eq!(rule_ids(&f, "trust-oidc-unrestricted"), 0);
        let f = audit_details(&role(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        ));
        assert!(f.is_empty());
    }
}
