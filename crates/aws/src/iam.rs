//! IAM live mode: build [`iam::model::AuthorizationDetails`] from
//! `GetAccountAuthorizationDetails`, the same data the `iam audit` engine
//! reads from the AWS CLI's output.
//!
//! The API pages with `Marker`/`IsTruncated`; every page is merged. Policy
//! documents arrive URL-encoded (RFC 3986) and are decoded and parsed here,
//! so a document the engine cannot read is an error naming the principal
//! and the policy rather than a silently skipped policy.

use crate::connect::Session;
use crate::LiveError;
use aws_smithy_types::date_time::Format;
use iam::model::{
    AttachedPolicy, AuthorizationDetails, EmbeddedPolicy, GroupDetail, InlinePolicy,
    InstanceProfile, ManagedPolicyDetail, PermissionsBoundary, PolicyVersion, RoleDetail,
    UserDetail,
};

const OP: &str = "iam:GetAccountAuthorizationDetails";

/// Decode one URL-encoded policy document; `whose` names it in errors.
fn document(encoded: &str, whose: &str) -> Result<EmbeddedPolicy, LiveError> {
    serde_json::from_value::<EmbeddedPolicy>(serde_json::Value::String(encoded.to_string())).map_err(|e| {
        LiveError::new(OP, format!("the policy document of {whose} cannot be read: {e}")).with_hint(
            "the document came from IAM as it is stored; report it with `aws iam get-account-authorization-details` output",
        )
    })
}

fn date(d: Option<&aws_smithy_types::DateTime>) -> Option<String> {
    d.and_then(|d| d.fmt(Format::DateTime).ok())
}

fn s(v: Option<&str>) -> String {
    v.unwrap_or_default().to_string()
}

fn o(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

fn inline(
    list: &[aws_sdk_iam::types::PolicyDetail],
    owner: &str,
) -> Result<Vec<InlinePolicy>, LiveError> {
    list.iter()
        .map(|p| {
            let name = s(p.policy_name());
            let doc = document(
                p.policy_document().unwrap_or("{}"),
                &format!("inline policy {name} of {owner}"),
            )?;
            Ok(InlinePolicy {
                policy_name: name,
                policy_document: doc,
            })
        })
        .collect()
}

fn attached(list: &[aws_sdk_iam::types::AttachedPolicy]) -> Vec<AttachedPolicy> {
    list.iter()
        .map(|p| AttachedPolicy {
            policy_name: s(p.policy_name()),
            policy_arn: s(p.policy_arn()),
        })
        .collect()
}

fn boundary(
    b: Option<&aws_sdk_iam::types::AttachedPermissionsBoundary>,
) -> Option<PermissionsBoundary> {
    b.map(|b| PermissionsBoundary {
        permissions_boundary_type: b
            .permissions_boundary_type()
            .map(|t| t.as_str().to_string()),
        permissions_boundary_arn: s(b.permissions_boundary_arn()),
    })
}

/// Convert one API page.
fn page(
    out: &aws_sdk_iam::operation::get_account_authorization_details::GetAccountAuthorizationDetailsOutput,
) -> Result<AuthorizationDetails, LiveError> {
    let mut d = AuthorizationDetails::default();
    for u in out.user_detail_list() {
        let arn = s(u.arn());
        d.user_detail_list.push(UserDetail {
            path: o(u.path()),
            user_name: s(u.user_name()),
            user_id: o(u.user_id()),
            arn: arn.clone(),
            create_date: date(u.create_date()),
            user_policy_list: inline(u.user_policy_list(), &arn)?,
            group_list: u.group_list().to_vec(),
            attached_managed_policies: attached(u.attached_managed_policies()),
            permissions_boundary: boundary(u.permissions_boundary()),
        });
    }
    for g in out.group_detail_list() {
        let arn = s(g.arn());
        d.group_detail_list.push(GroupDetail {
            path: o(g.path()),
            group_name: s(g.group_name()),
            group_id: o(g.group_id()),
            arn: arn.clone(),
            create_date: date(g.create_date()),
            group_policy_list: inline(g.group_policy_list(), &arn)?,
            attached_managed_policies: attached(g.attached_managed_policies()),
        });
    }
    for r in out.role_detail_list() {
        let arn = s(r.arn());
        let trust = match r.assume_role_policy_document() {
            Some(t) => Some(document(t, &format!("the trust policy of {arn}"))?),
            None => None,
        };
        d.role_detail_list.push(RoleDetail {
            path: o(r.path()),
            role_name: s(r.role_name()),
            role_id: o(r.role_id()),
            arn: arn.clone(),
            create_date: date(r.create_date()),
            assume_role_policy_document: trust,
            instance_profile_list: r
                .instance_profile_list()
                .iter()
                .map(|p| InstanceProfile {
                    instance_profile_name: p.instance_profile_name().to_string(),
                    arn: p.arn().to_string(),
                })
                .collect(),
            role_policy_list: inline(r.role_policy_list(), &arn)?,
            attached_managed_policies: attached(r.attached_managed_policies()),
            permissions_boundary: boundary(r.permissions_boundary()),
        });
    }
    for p in out.policies() {
        let arn = s(p.arn());
        let mut versions = Vec::new();
        for v in p.policy_version_list() {
            let id = s(v.version_id());
            versions.push(PolicyVersion {
                document: document(v.document().unwrap_or("{}"), &format!("{arn} version {id}"))?,
                version_id: id,
                is_default_version: v.is_default_version(),
                create_date: date(v.create_date()),
            });
        }
        d.policies.push(ManagedPolicyDetail {
            policy_name: s(p.policy_name()),
            policy_id: o(p.policy_id()),
            arn,
            path: o(p.path()),
            default_version_id: o(p.default_version_id()),
            attachment_count: p.attachment_count().map(|n| n.max(0) as u64),
            permissions_boundary_usage_count: p
                .permissions_boundary_usage_count()
                .map(|n| n.max(0) as u64),
            is_attachable: Some(p.is_attachable()),
            description: o(p.description()),
            create_date: date(p.create_date()),
            update_date: date(p.update_date()),
            policy_version_list: versions,
        });
    }
    Ok(d)
}

/// Every user, group, role and managed policy (customer and AWS managed
/// that are attached) of the account, all pages merged.
pub async fn collect_authorization_details(
    session: &Session,
) -> Result<AuthorizationDetails, LiveError> {
    let client = session.iam();
    let mut all = AuthorizationDetails::default();
    let mut marker: Option<String> = None;
    loop {
        let out = client
            .get_account_authorization_details()
            .set_marker(marker.clone())
            .max_items(1000)
            .send()
            .await
            .map_err(|e| LiveError::from_sdk(OP, e))?;
        all.merge(page(&out)?);
        match (out.is_truncated(), out.marker()) {
            (true, Some(m)) if !m.is_empty() && Some(m) != marker.as_deref() => {
                marker = Some(m.to_string())
            }
            _ => break,
        }
    }
    Ok(all)
}
