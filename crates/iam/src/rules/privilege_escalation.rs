//! **privilege-escalation**: the principal holds every action of a known
//! escalation method (content/iam/privilege-escalation.json): iam:PassRole
//! with lambda:CreateFunction + lambda:InvokeFunction, ec2:RunInstances,
//! glue:CreateDevEndpoint, cloudformation:CreateStack, datapipeline...;
//! iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion, iam:Attach*Policy,
//! iam:Put*Policy, iam:CreateAccessKey, iam:CreateLoginProfile,
//! iam:UpdateLoginProfile, iam:UpdateAssumeRolePolicy, iam:AddUserToGroup,
//! lambda:UpdateFunctionCode and the rest.
//!
//! The check runs over the principal's *effective* permissions: its inline
//! and attached policies and, for a user, those of its groups, together.
//! Wildcards match (`iam:Attach*`, `iam:*`), an unconditional Deny removes an
//! action, and a Deny on named resources removes those resources. A method
//! reachable only through a full-admin statement is not repeated (that
//! statement is reported on its own).
//!
//! Why it matters: the principal can make itself administrator, so its
//! nominal permissions are not its real ones.
//!
//! Example: a role with `iam:PassRole` on `*` and `lambda:CreateFunction` +
//! `lambda:InvokeFunction` creates a function running as any role in the
//! account.
//!
//! Fix: the printed rewrite constrains `iam:PassRole` to named roles and the
//! one service that needs them (`iam:PassedToService`), or denies the
//! escalation actions (for access keys and passwords: everywhere but the
//! caller's own user).

use super::{Hit, RuleInfo};
use crate::content::Method;
use crate::pattern::is_all_actions;
use crate::subject::{statement_label, Grant, Subject};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "privilege-escalation",
    title: "Principal can escalate its own privileges",
    severity: Severity::High,
    cwe: 269,
    why: "Holding every action of a known escalation method lets the principal make itself administrator.",
    fix: "Constrain iam:PassRole to named roles and services, and deny the IAM write actions the principal does not need.",
};

pub fn check(subject: &Subject<'_>, out: &mut Vec<Hit>) {
    let content = crate::content::get();
    if is_full_admin(subject) {
        return; // every method applies; the admin statement is the finding
    }
    for m in &content.methods {
        let mut per_action: Vec<(&str, Vec<Grant>)> = Vec::new();
        for a in &m.actions {
            let mut g = subject.grants(a);
            if m.pass_role.is_some() && *a == "iam:PassRole" {
                // Passing only named roles is the fix this rule prints; it
                // escalates only if a named role is stronger than the
                // caller, which a policy alone cannot show.
                g.retain(|g| g.unconstrained());
            }
            if m.self_rewrite.is_some() {
                // Self-service (`user/${aws:username}`) is not escalation.
                g.retain(|g| !g.resources.iter().all(|r| r.contains("${aws:username}")));
            }
            if g.is_empty() {
                break;
            }
            per_action.push((a.as_str(), g));
        }
        if per_action.len() != m.actions.len() {
            continue;
        }
        let via_admin_only = per_action.iter().all(|(_, gs)| {
            gs.iter().all(|g| {
                let s = &subject.policies[g.policy].doc.statement.0[g.statement];
                s.action
                    .as_ref()
                    .is_some_and(|a| a.iter().any(|x| is_all_actions(x)))
            })
        });
        if via_admin_only {
            continue;
        }
        let strong = per_action
            .iter()
            .all(|(_, gs)| gs.iter().any(|g| g.unconstrained() && !g.conditional));
        let mut facts = Vec::new();
        for (a, gs) in &per_action {
            let g = &gs[0];
            let p = &subject.policies[g.policy];
            let s = &p.doc.statement.0[g.statement];
            facts.push(format!(
                "{a}: {}, statement {}, on {}{}{}",
                p.describe(),
                statement_label(s, g.statement),
                g.resources.join(", "),
                if g.conditional {
                    " (with a condition)"
                } else {
                    ""
                },
                if gs.len() > 1 {
                    format!(" (+{} more statements)", gs.len() - 1)
                } else {
                    String::new()
                }
            ));
        }
        facts.push(format!("how: {}", m.how));
        let first = &per_action[0].1[0];
        out.push(Hit {
            rule: INFO,
            severity: if strong {
                Severity::High
            } else {
                Severity::Medium
            },
            confidence: if strong {
                Confidence::High
            } else {
                Confidence::Medium
            },
            message: format!(
                "{} {} can escalate privileges with {} ({}).",
                subject.element_type,
                subject.element,
                m.actions.join(" + "),
                m.id
            ),
            location: subject.own_location(Some((first.policy, first.statement))),
            detail: m.id.clone(),
            facts,
            fix_title: if m.pass_role.is_some() {
                "Pass only named roles, and only to the service that needs them".into()
            } else {
                format!("Deny {} unless the principal administers IAM", m.actions[0])
            },
            rewrite: Some(rewrite(m, subject.account.as_deref())),
        });
    }
}

/// An unconditional Allow of `*` on `*` that no Deny narrows: the
/// principal is administrator already.
fn is_full_admin(subject: &Subject<'_>) -> bool {
    let admin_stmt = subject.statements().any(|(_, _, s)| {
        s.effect == crate::model::Effect::Allow
            && s.principal.is_none()
            && s.condition.as_ref().is_none_or(|c| c.is_empty())
            && s.resource
                .as_ref()
                .is_some_and(|r| r.iter().any(|x| x.trim() == "*"))
            && s.action
                .as_ref()
                .is_some_and(|a| a.iter().any(|x| is_all_actions(x)))
    });
    let any_deny = subject
        .statements()
        .any(|(_, _, s)| s.effect == crate::model::Effect::Deny);
    admin_stmt && !any_deny
}

fn rewrite(m: &Method, account: Option<&str>) -> serde_json::Value {
    let acct = account.unwrap_or("ACCOUNT_ID");
    let statement = if let Some(svc) = &m.pass_role {
        serde_json::json!([{
            "Sid": "PassOnlyNamedRolesToOneService",
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": format!("arn:aws:iam::{acct}:role/SERVICE_ROLE_NAME"),
            "Condition": {"StringEquals": {"iam:PassedToService": svc}}
        }])
    } else if let Some(own) = &m.self_rewrite {
        serde_json::json!([{
            "Sid": "OnlyForOwnUser",
            "Effect": "Deny",
            "Action": m.deny,
            "NotResource": own.replace("ACCOUNT_ID", acct)
        }])
    } else {
        serde_json::json!([{
            "Sid": "DenyPrivilegeEscalation",
            "Effect": "Deny",
            "Action": m.deny,
            "Resource": "*"
        }])
    };
    serde_json::json!({"Version": "2012-10-17", "Statement": statement})
}

#[cfg(test)]
mod tests {
    use crate::testutil::{audit_details, audit_doc, methods};

    #[test]
    fn pass_role_lambda_across_group_and_inline() {
        let details = r#"{
          "UserDetailList":[{"UserName":"dev","Arn":"arn:aws:iam::111122223333:user/dev","GroupList":["builders"],
            "UserPolicyList":[{"PolicyName":"pass","PolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}}]}],
          "GroupDetailList":[{"GroupName":"builders","Arn":"arn:aws:iam::111122223333:group/builders",
            "AttachedManagedPolicies":[{"PolicyName":"lambda","PolicyArn":"arn:aws:iam::111122223333:policy/lambda"}]}],
          "Policies":[{"PolicyName":"lambda","Arn":"arn:aws:iam::111122223333:policy/lambda","DefaultVersionId":"v1",
            "PolicyVersionList":[{"VersionId":"v1","IsDefaultVersion":true,"Document":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:Create*","lambda:InvokeFunction"],"Resource":"*"}]}}]}]
        }"#;
        let f = audit_details(details);
        let user: Vec<_> = f
            .iter()
            .filter(|x| x.rule_id == "privilege-escalation" && x.id.contains("user/dev"))
            .collect();
        assert!(
            user.iter()
                .any(|x| x.id.ends_with("#pass-role-lambda-invoke")),
            "{user:#?}"
        );
        // Neither policy alone escalates.
        assert!(!f
            .iter()
            .any(|x| x.rule_id == "privilege-escalation" && x.id.contains("policy/lambda")));
        let v: serde_json::Value = serde_json::from_str(&user[0].remediation[0].parameter).unwrap();
        assert!(v.to_string().contains("111122223333"));
    }

    #[test]
    fn wildcards_deny_and_self_service() {
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:Attach*","Resource":"*"}]}"#)
            .contains(&"attach-user-policy".to_string()));
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},{"Effect":"Deny","Action":"iam:AttachUserPolicy","Resource":"*"}]}"#)
            .iter().all(|m| m != "attach-user-policy"));
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"arn:aws:iam::*:user/${aws:username}"}]}"#).is_empty());
        // Methods that need no PassRole: a change set run by the stack's own
        // role, and user data rewritten on a stopped instance.
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:CreateChangeSet","cloudformation:ExecuteChangeSet"],"Resource":"*"}]}"#)
            .contains(&"cloudformation-change-set".to_string()));
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:ModifyInstanceAttribute","ec2:Stop*","ec2:Start*"],"Resource":"*"}]}"#)
            .contains(&"ec2-user-data-restart".to_string()));
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ec2:StopInstances","ec2:StartInstances"],"Resource":"*"}]}"#).is_empty());
        // Full admin is reported once, not as one finding per escalation method.
        assert!(methods(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#).is_empty());
    }

    #[test]
    fn named_pass_role_is_not_escalation_but_conditions_lower_severity() {
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::1:role/app"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*"}]}"#,
        );
        assert!(!f.iter().any(|x| x.id.contains("pass-role-ec2")), "{f:#?}");
        let f = audit_doc(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"},{"Effect":"Allow","Action":"ec2:RunInstances","Resource":"*","Condition":{"StringEquals":{"aws:RequestedRegion":"eu-west-1"}}}]}"#,
        );
        let h = f.iter().find(|x| x.id.contains("pass-role-ec2")).unwrap();
        assert_eq!(h.severity, report::Severity::Medium);
    }
}
