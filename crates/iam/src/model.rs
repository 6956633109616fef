//! The input data model: IAM policy documents and the output of
//! `aws iam get-account-authorization-details`, with AWS's field names.
//!
//! These types are public and stable: the live collector in `crates/aws`
//! builds the same [`AuthorizationDetails`] from IAM API calls that the CLI
//! reads from a file, so one audit covers both.
//!
//! Leniency follows what AWS itself accepts and emits:
//!
//! * `Statement`, `Action`, `NotAction`, `Resource`, `NotResource`, principal
//!   values and condition values may each be a single value or an array
//!   ([`OneOrMany`]);
//! * `Principal` is `"*"` or a map such as `{"AWS": "arn:..."}`;
//! * condition values may be strings, booleans or numbers; they are kept as
//!   strings, the way IAM compares them;
//! * a policy document inside account details may be a JSON object (the AWS
//!   CLI decodes it) or a string holding URL-encoded JSON (the raw API), see
//!   [`EmbeddedPolicy`];
//! * unknown fields are ignored so new AWS fields never break a read.
//!
//! The checks of *meaning* (a `Version` that is not `2012-10-17` or
//! `2008-10-17`, an unknown condition operator) are not parse errors: they
//! become findings, so one odd policy never loses the report.

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;

/// The two policy language versions IAM accepts.
pub const VALID_VERSIONS: [&str; 2] = ["2012-10-17", "2008-10-17"];

/// A value AWS lets you write either alone or in an array. It always reads
/// back as a list; it serialises back as a bare value when it holds one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> OneOrMany<T> {
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(v: Vec<T>) -> Self {
        OneOrMany(v)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0.len() == 1 {
            self.0[0].serialize(s)
        } else {
            self.0.serialize(s)
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor rather than buffering into a Value, so that an error in
        // an element keeps serde_json's line and column.
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value or an array of values")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = seq.next_element()? {
                    v.push(x);
                }
                Ok(OneOrMany(v))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(|t| OneOrMany(vec![t]))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                T::deserialize(de::value::StrDeserializer::<E>::new(s)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Self::Value, E> {
                T::deserialize(de::value::BoolDeserializer::<E>::new(b)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Self::Value, E> {
                T::deserialize(de::value::I64Deserializer::<E>::new(n)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Self::Value, E> {
                T::deserialize(de::value::U64Deserializer::<E>::new(n)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Self::Value, E> {
                T::deserialize(de::value::F64Deserializer::<E>::new(n)).map(|t| OneOrMany(vec![t]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                T::deserialize(de::value::UnitDeserializer::<E>::new()).map(|t| OneOrMany(vec![t]))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// `Allow` or `Deny`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Effect {
    #[default]
    Allow,
    Deny,
}

/// `Principal` / `NotPrincipal`: everyone (`"*"`), or principals by type
/// (`AWS`, `Service`, `Federated`, `CanonicalUser`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    /// `"Principal": "*"`: anyone, signed or not.
    Any,
    /// `{"AWS": [...], "Service": "..."}`, keys kept as written.
    Typed(BTreeMap<String, OneOrMany<String>>),
}

impl Principal {
    /// The values listed under `kind` (e.g. `"AWS"`); `Any` yields `"*"`.
    pub fn values(&self, kind: &str) -> Vec<&str> {
        match self {
            Principal::Any => vec!["*"],
            Principal::Typed(m) => m
                .get(kind)
                .map(|v| v.iter().map(String::as_str).collect())
                .unwrap_or_default(),
        }
    }

    /// True when the principal is `"*"` or lists `"*"` under `AWS` (or
    /// any other type): anyone at all can be the caller.
    pub fn is_anyone(&self) -> bool {
        match self {
            Principal::Any => true,
            Principal::Typed(m) => m.values().any(|v| v.iter().any(|s| s == "*")),
        }
    }
}

impl Serialize for Principal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Principal::Any => s.serialize_str("*"),
            Principal::Typed(m) => m.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for Principal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) if s == "*" => Ok(Principal::Any),
            serde_json::Value::String(s) => Err(de::Error::custom(format!(
                "Principal must be \"*\" or an object like {{\"AWS\": \"arn:...\"}}, not the string {s:?}"
            ))),
            v @ serde_json::Value::Object(_) => {
                BTreeMap::<String, OneOrMany<String>>::deserialize(v)
                    .map(Principal::Typed)
                    .map_err(de::Error::custom)
            }
            other => Err(de::Error::custom(format!(
                "Principal must be \"*\" or an object, not {}",
                json_kind(&other)
            ))),
        }
    }
}

/// One condition value. IAM compares every value as text, so booleans and
/// numbers written bare (`true`, `30`) are kept in their text form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct ConditionValue(pub String);

impl<'de> Deserialize<'de> for ConditionValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => Ok(ConditionValue(s)),
            serde_json::Value::Bool(b) => Ok(ConditionValue(b.to_string())),
            serde_json::Value::Number(n) => Ok(ConditionValue(n.to_string())),
            serde_json::Value::Null => Ok(ConditionValue("null".into())),
            other => Err(de::Error::custom(format!(
                "a condition value must be a string, number or boolean, not {}",
                json_kind(&other)
            ))),
        }
    }
}

/// `Condition`: operator (e.g. `StringEquals`, `ForAnyValue:StringLike`,
/// `ArnLikeIfExists`) -> condition key (e.g. `aws:SourceIp`) -> values.
pub type Condition = BTreeMap<String, BTreeMap<String, OneOrMany<ConditionValue>>>;

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "Sid", default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    #[serde(rename = "Effect")]
    pub effect: Effect,
    #[serde(rename = "Principal", default, skip_serializing_if = "Option::is_none")]
    pub principal: Option<Principal>,
    #[serde(
        rename = "NotPrincipal",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub not_principal: Option<Principal>,
    #[serde(rename = "Action", default, skip_serializing_if = "Option::is_none")]
    pub action: Option<OneOrMany<String>>,
    #[serde(rename = "NotAction", default, skip_serializing_if = "Option::is_none")]
    pub not_action: Option<OneOrMany<String>>,
    #[serde(rename = "Resource", default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<OneOrMany<String>>,
    #[serde(
        rename = "NotResource",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub not_resource: Option<OneOrMany<String>>,
    #[serde(rename = "Condition", default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
}

/// A policy document: identity policy, trust policy or resource policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// Policy language version; `None` when absent (IAM then assumes
    /// `2008-10-17`, which disables policy variables).
    #[serde(rename = "Version", default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(rename = "Id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(rename = "Statement")]
    pub statement: OneOrMany<Statement>,
}

impl PolicyDocument {
    /// Parse a policy document from JSON text.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// A policy document as it appears inside account details: the AWS CLI
/// prints a JSON object, the raw API returns a URL-encoded JSON string.
/// Both read into the same [`PolicyDocument`]; it serialises as an object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmbeddedPolicy(pub PolicyDocument);

impl std::ops::Deref for EmbeddedPolicy {
    type Target = PolicyDocument;
    fn deref(&self) -> &PolicyDocument {
        &self.0
    }
}

impl Serialize for EmbeddedPolicy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

impl<'de> Deserialize<'de> for EmbeddedPolicy {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(d)? {
            serde_json::Value::String(s) => {
                let decoded = if s.trim_start().starts_with('{') {
                    s
                } else {
                    percent_decode(&s).map_err(de::Error::custom)?
                };
                serde_json::from_str(&decoded)
                    .map(EmbeddedPolicy)
                    .map_err(|e| {
                        de::Error::custom(format!("in the URL-decoded policy document: {e}"))
                    })
            }
            v @ serde_json::Value::Object(_) => PolicyDocument::deserialize(v)
                .map(EmbeddedPolicy)
                .map_err(de::Error::custom),
            other => Err(de::Error::custom(format!(
                "a policy document must be an object or a URL-encoded JSON string, not {}",
                json_kind(&other)
            ))),
        }
    }
}

/// Decode `%XX` escapes (RFC 3986, as IAM encodes documents; `+` stays `+`).
pub fn percent_decode(s: &str) -> Result<String, String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad percent escape at byte {i} of the policy document"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "the URL-decoded policy document is not UTF-8".to_string())
}

/// An inline policy of a user, group or role.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InlinePolicy {
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    #[serde(rename = "PolicyDocument")]
    pub policy_document: EmbeddedPolicy,
}

/// A managed policy attached to a principal (resolved through
/// [`AuthorizationDetails::policies`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AttachedPolicy {
    #[serde(rename = "PolicyName", default)]
    pub policy_name: String,
    #[serde(rename = "PolicyArn")]
    pub policy_arn: String,
}

/// A permissions boundary set on a user or role.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PermissionsBoundary {
    #[serde(rename = "PermissionsBoundaryType", default)]
    pub permissions_boundary_type: Option<String>,
    #[serde(rename = "PermissionsBoundaryArn")]
    pub permissions_boundary_arn: String,
}

/// An entry of `UserDetailList`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UserDetail {
    #[serde(rename = "Path", default)]
    pub path: Option<String>,
    #[serde(rename = "UserName")]
    pub user_name: String,
    #[serde(rename = "UserId", default)]
    pub user_id: Option<String>,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "CreateDate", default)]
    pub create_date: Option<String>,
    #[serde(rename = "UserPolicyList", default)]
    pub user_policy_list: Vec<InlinePolicy>,
    /// Names of the groups the user belongs to.
    #[serde(rename = "GroupList", default)]
    pub group_list: Vec<String>,
    #[serde(rename = "AttachedManagedPolicies", default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(rename = "PermissionsBoundary", default)]
    pub permissions_boundary: Option<PermissionsBoundary>,
}

/// An entry of `GroupDetailList`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct GroupDetail {
    #[serde(rename = "Path", default)]
    pub path: Option<String>,
    #[serde(rename = "GroupName")]
    pub group_name: String,
    #[serde(rename = "GroupId", default)]
    pub group_id: Option<String>,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "CreateDate", default)]
    pub create_date: Option<String>,
    #[serde(rename = "GroupPolicyList", default)]
    pub group_policy_list: Vec<InlinePolicy>,
    #[serde(rename = "AttachedManagedPolicies", default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
}

/// An instance profile a role belongs to (only the fields the audit uses).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InstanceProfile {
    #[serde(rename = "InstanceProfileName", default)]
    pub instance_profile_name: String,
    #[serde(rename = "Arn", default)]
    pub arn: String,
}

/// An entry of `RoleDetailList`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RoleDetail {
    #[serde(rename = "Path", default)]
    pub path: Option<String>,
    #[serde(rename = "RoleName")]
    pub role_name: String,
    #[serde(rename = "RoleId", default)]
    pub role_id: Option<String>,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "CreateDate", default)]
    pub create_date: Option<String>,
    /// The trust policy: who may assume the role.
    #[serde(rename = "AssumeRolePolicyDocument", default)]
    pub assume_role_policy_document: Option<EmbeddedPolicy>,
    #[serde(rename = "InstanceProfileList", default)]
    pub instance_profile_list: Vec<InstanceProfile>,
    #[serde(rename = "RolePolicyList", default)]
    pub role_policy_list: Vec<InlinePolicy>,
    #[serde(rename = "AttachedManagedPolicies", default)]
    pub attached_managed_policies: Vec<AttachedPolicy>,
    #[serde(rename = "PermissionsBoundary", default)]
    pub permissions_boundary: Option<PermissionsBoundary>,
}

/// One version of a managed policy.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PolicyVersion {
    #[serde(rename = "Document")]
    pub document: EmbeddedPolicy,
    #[serde(rename = "VersionId", default)]
    pub version_id: String,
    #[serde(rename = "IsDefaultVersion", default)]
    pub is_default_version: bool,
    #[serde(rename = "CreateDate", default)]
    pub create_date: Option<String>,
}

/// An entry of `Policies`: a managed policy (customer or AWS) with its
/// versions.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ManagedPolicyDetail {
    #[serde(rename = "PolicyName")]
    pub policy_name: String,
    #[serde(rename = "PolicyId", default)]
    pub policy_id: Option<String>,
    #[serde(rename = "Arn")]
    pub arn: String,
    #[serde(rename = "Path", default)]
    pub path: Option<String>,
    #[serde(rename = "DefaultVersionId", default)]
    pub default_version_id: Option<String>,
    #[serde(rename = "AttachmentCount", default)]
    pub attachment_count: Option<u64>,
    #[serde(rename = "PermissionsBoundaryUsageCount", default)]
    pub permissions_boundary_usage_count: Option<u64>,
    #[serde(rename = "IsAttachable", default)]
    pub is_attachable: Option<bool>,
    #[serde(rename = "Description", default)]
    pub description: Option<String>,
    #[serde(rename = "CreateDate", default)]
    pub create_date: Option<String>,
    #[serde(rename = "UpdateDate", default)]
    pub update_date: Option<String>,
    #[serde(rename = "PolicyVersionList", default)]
    pub policy_version_list: Vec<PolicyVersion>,
}

impl ManagedPolicyDetail {
    /// The document in force: the version marked default, else the one
    /// named by `DefaultVersionId`, else the only one.
    pub fn default_document(&self) -> Option<&PolicyDocument> {
        self.policy_version_list
            .iter()
            .find(|v| v.is_default_version)
            .or_else(|| {
                self.default_version_id.as_ref().and_then(|id| {
                    self.policy_version_list
                        .iter()
                        .find(|v| &v.version_id == id)
                })
            })
            .or(if self.policy_version_list.len() == 1 {
                self.policy_version_list.first()
            } else {
                None
            })
            .map(|v| &v.document.0)
    }

    /// True for AWS managed policies (`arn:aws:iam::aws:policy/...`).
    pub fn is_aws_managed(&self) -> bool {
        self.arn.contains(":iam::aws:policy/")
    }
}

/// The output of `aws iam get-account-authorization-details` (all pages
/// merged), or the same built from live API calls.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AuthorizationDetails {
    #[serde(rename = "UserDetailList", default)]
    pub user_detail_list: Vec<UserDetail>,
    #[serde(rename = "GroupDetailList", default)]
    pub group_detail_list: Vec<GroupDetail>,
    #[serde(rename = "RoleDetailList", default)]
    pub role_detail_list: Vec<RoleDetail>,
    #[serde(rename = "Policies", default)]
    pub policies: Vec<ManagedPolicyDetail>,
}

impl AuthorizationDetails {
    /// Append another page of results (the API paginates with `Marker`).
    pub fn merge(&mut self, other: AuthorizationDetails) {
        self.user_detail_list.extend(other.user_detail_list);
        self.group_detail_list.extend(other.group_detail_list);
        self.role_detail_list.extend(other.role_detail_list);
        self.policies.extend(other.policies);
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_object_or_array_and_values_one_or_many() {
        let one: PolicyDocument = serde_json::from_str(
            r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}"#,
        )
        .unwrap();
        assert_eq!(one.statement.len(), 1);
        assert_eq!(
            one.statement.0[0].action.as_ref().unwrap().0,
            ["s3:GetObject"]
        );
        let many: PolicyDocument = serde_json::from_str(
            r#"{"Statement":[{"Sid":"A","Effect":"Deny","NotAction":["iam:*","sts:*"],"NotResource":"arn:aws:s3:::b"}]}"#,
        )
        .unwrap();
        let s = &many.statement.0[0];
        assert_eq!(s.effect, Effect::Deny);
        assert_eq!(s.not_action.as_ref().unwrap().len(), 2);
        assert!(many.version.is_none());
    }

    #[test]
    fn principals_and_conditions() {
        let d: PolicyDocument = serde_json::from_str(
            r#"{"Statement":[
              {"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole"},
              {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root","*"],"Service":"ec2.amazonaws.com"},
               "Action":"sts:AssumeRole",
               "Condition":{"Bool":{"aws:MultiFactorAuthPresent":true},"NumericLessThan":{"aws:MultiFactorAuthAge":3600},
                            "StringEquals":{"sts:ExternalId":["a","b"]}}}]}"#,
        )
        .unwrap();
        assert_eq!(d.statement.0[0].principal, Some(Principal::Any));
        let p = d.statement.0[1].principal.as_ref().unwrap();
        assert!(p.is_anyone());
        assert_eq!(p.values("Service"), ["ec2.amazonaws.com"]);
        let c = d.statement.0[1].condition.as_ref().unwrap();
        assert_eq!(c["Bool"]["aws:MultiFactorAuthPresent"].0[0].0, "true");
        assert_eq!(
            c["NumericLessThan"]["aws:MultiFactorAuthAge"].0[0].0,
            "3600"
        );
        assert_eq!(c["StringEquals"]["sts:ExternalId"].len(), 2);
        let bad = serde_json::from_str::<PolicyDocument>(
            r#"{"Statement":[{"Effect":"Allow","Principal":"arn:aws:iam::1:root"}]}"#,
        )
        .unwrap_err();
        assert!(bad.to_string().contains("Principal must be"), "{bad}");
        let bad = serde_json::from_str::<PolicyDocument>(r#"{"Statement":[{"Effect":"Alow"}]}"#)
            .unwrap_err();
        assert!(bad.to_string().contains("unknown variant"), "{bad}");
    }

    #[test]
    fn embedded_policy_object_or_url_encoded_string() {
        let raw = r#"{
          "UserDetailList":[{"UserName":"alice","Arn":"arn:aws:iam::111122223333:user/alice","GroupList":["devs"],
            "UserPolicyList":[{"PolicyName":"p","PolicyDocument":"%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"}]}],
          "RoleDetailList":[{"RoleName":"r","Arn":"arn:aws:iam::111122223333:role/r",
            "AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}}],
          "Policies":[{"PolicyName":"x","Arn":"arn:aws:iam::aws:policy/x","DefaultVersionId":"v2","PolicyVersionList":[
            {"VersionId":"v1","IsDefaultVersion":false,"Document":{"Statement":[]}},
            {"VersionId":"v2","IsDefaultVersion":true,"Document":"{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}"}]}],
          "Marker":"ignored"
        }"#;
        let d: AuthorizationDetails = serde_json::from_str(raw).unwrap();
        let p = &d.user_detail_list[0].user_policy_list[0].policy_document;
        assert_eq!(p.version.as_deref(), Some("2012-10-17"));
        assert_eq!(p.statement.0[0].action.as_ref().unwrap().0, ["s3:*"]);
        assert!(d.policies[0].is_aws_managed());
        let def = d.policies[0].default_document().unwrap();
        assert_eq!(def.statement.0[0].action.as_ref().unwrap().0, ["*"]);
        // Round trip: serialises as objects and reads back the same.
        let back: AuthorizationDetails =
            serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
        assert!(percent_decode("%zz").is_err());
        assert_eq!(percent_decode("a%2Bb+c").unwrap(), "a+b+c");
    }
}
