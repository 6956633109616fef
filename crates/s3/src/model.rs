//! The snapshot model: what the audit reads, whether it came from a file or
//! from live calls.
//!
//! Each per-bucket setting is a [`Setting`]: configured (with its value),
//! not configured (S3 answered "no such configuration"), or unknown (the
//! call failed: access denied, a throttled retry that ran out, an answer
//! the SDK could not parse). Rules never guess about an unknown setting:
//! they skip it and the summary lists it, so a missing permission is
//! visible instead of looking clean.

use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// The state of one setting.
///
/// In JSON: `null` (or the field left out) is [`Setting::NotConfigured`],
/// `{"unknown": "why"}` is [`Setting::Unknown`], anything else is the
/// configured value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Setting<T> {
    Configured(T),
    #[default]
    NotConfigured,
    Unknown(String),
}

impl<T> Setting<T> {
    pub fn configured(&self) -> Option<&T> {
        match self {
            Setting::Configured(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Setting::Unknown(_))
    }

    pub fn unknown(&self) -> Option<&str> {
        match self {
            Setting::Unknown(e) => Some(e),
            _ => None,
        }
    }
}

impl<T: Serialize> Serialize for Setting<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Setting::Configured(v) => v.serialize(s),
            Setting::NotConfigured => s.serialize_none(),
            Setting::Unknown(e) => {
                let mut m = BTreeMap::new();
                m.insert("unknown", e);
                m.serialize(s)
            }
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Setting<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Null => Ok(Setting::NotConfigured),
            serde_json::Value::Object(ref m)
                if m.len() == 1 && m.get("unknown").is_some_and(|u| u.is_string()) =>
            {
                Ok(Setting::Unknown(
                    m["unknown"].as_str().unwrap_or_default().to_string(),
                ))
            }
            other => T::deserialize(other)
                .map(Setting::Configured)
                .map_err(D::Error::custom),
        }
    }
}

/// Block Public Access: four switches, at the account or on a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct PublicAccessBlock {
    /// Reject new public ACLs.
    #[serde(default)]
    pub block_public_acls: bool,
    /// Ignore existing public ACLs.
    #[serde(default)]
    pub ignore_public_acls: bool,
    /// Reject new public bucket policies.
    #[serde(default)]
    pub block_public_policy: bool,
    /// Limit a public policy to AWS services and the owner's principals.
    #[serde(default)]
    pub restrict_public_buckets: bool,
}

impl PublicAccessBlock {
    pub const ALL_ON: PublicAccessBlock = PublicAccessBlock {
        block_public_acls: true,
        ignore_public_acls: true,
        block_public_policy: true,
        restrict_public_buckets: true,
    };

    pub fn all_on(&self) -> bool {
        *self == Self::ALL_ON
    }

    /// The switches that are off, by their API names.
    pub fn off(&self) -> Vec<&'static str> {
        let mut v = Vec::new();
        if !self.block_public_acls {
            v.push("BlockPublicAcls");
        }
        if !self.ignore_public_acls {
            v.push("IgnorePublicAcls");
        }
        if !self.block_public_policy {
            v.push("BlockPublicPolicy");
        }
        if !self.restrict_public_buckets {
            v.push("RestrictPublicBuckets");
        }
        v
    }

    /// Either side on wins: S3 applies the most restrictive combination of
    /// the account's and the bucket's settings.
    pub fn union(&self, o: &PublicAccessBlock) -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: self.block_public_acls || o.block_public_acls,
            ignore_public_acls: self.ignore_public_acls || o.ignore_public_acls,
            block_public_policy: self.block_public_policy || o.block_public_policy,
            restrict_public_buckets: self.restrict_public_buckets || o.restrict_public_buckets,
        }
    }
}

/// The grantee of an ACL grant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Grantee {
    /// `CanonicalUser`, `Group` or `AmazonCustomerByEmail`.
    #[serde(rename = "Type")]
    pub kind: String,
    /// The canonical user id.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "ID")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// For groups: `http://acs.amazonaws.com/groups/global/AllUsers` and so on.
    #[serde(default, skip_serializing_if = "Option::is_none", rename = "URI")]
    pub uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
}

pub const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
pub const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
pub const LOG_DELIVERY: &str = "http://acs.amazonaws.com/groups/s3/LogDelivery";

/// One ACL grant.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Grant {
    pub grantee: Grantee,
    /// `READ`, `WRITE`, `READ_ACP`, `WRITE_ACP` or `FULL_CONTROL`.
    pub permission: String,
}

/// A bucket ACL.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Acl {
    /// The owner's canonical id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default)]
    pub grants: Vec<Grant>,
}

/// One default-encryption rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EncryptionRule {
    /// `AES256` (SSE-S3), `aws:kms` (SSE-KMS) or `aws:kms:dsse`.
    #[serde(rename = "SSEAlgorithm")]
    pub sse_algorithm: String,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        rename = "KMSMasterKeyID"
    )]
    pub kms_master_key_id: Option<String>,
    #[serde(default)]
    pub bucket_key_enabled: bool,
}

/// Default encryption.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Encryption {
    pub rules: Vec<EncryptionRule>,
}

/// Versioning and MFA delete, as GetBucketVersioning returns them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Versioning {
    /// `Enabled` or `Suspended`; absent when versioning was never enabled.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `Enabled` or `Disabled`; absent when never configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_delete: Option<String>,
}

impl Versioning {
    pub fn enabled(&self) -> bool {
        self.status.as_deref() == Some("Enabled")
    }
    pub fn mfa_delete_enabled(&self) -> bool {
        self.mfa_delete.as_deref() == Some("Enabled")
    }
}

/// Server access logging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Logging {
    pub target_bucket: String,
    #[serde(default)]
    pub target_prefix: String,
}

/// Everything the audit knows about one bucket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BucketSnapshot {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default)]
    pub public_access_block: Setting<PublicAccessBlock>,
    #[serde(default)]
    pub acl: Setting<Acl>,
    /// The bucket policy exactly as S3 returns it: a JSON document in a
    /// string. It is parsed by the audit, so a broken one is reported with
    /// its line and column instead of failing the whole snapshot.
    #[serde(default)]
    pub policy: Setting<String>,
    #[serde(default)]
    pub encryption: Setting<Encryption>,
    #[serde(default)]
    pub versioning: Setting<Versioning>,
    #[serde(default)]
    pub logging: Setting<Logging>,
    #[serde(default)]
    pub tags: Setting<BTreeMap<String, String>>,
}

impl BucketSnapshot {
    /// A bucket with nothing configured.
    pub fn new(name: impl Into<String>) -> Self {
        BucketSnapshot {
            name: name.into(),
            region: None,
            public_access_block: Setting::NotConfigured,
            acl: Setting::NotConfigured,
            policy: Setting::NotConfigured,
            encryption: Setting::NotConfigured,
            versioning: Setting::NotConfigured,
            logging: Setting::NotConfigured,
            tags: Setting::NotConfigured,
        }
    }

    /// `arn:<partition>:s3:::<name>`.
    pub fn arn(&self, partition: &str) -> String {
        format!("arn:{partition}:s3:::{}", self.name)
    }
}

/// One account's S3 state: the snapshot file format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountSnapshot {
    /// The format version; 1.
    #[serde(default = "one")]
    pub version: u32,
    /// Twelve digits, when known. Needed to rewrite a public policy to the
    /// owner's account and to grant the log-delivery service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// `aws`, `aws-cn` or `aws-us-gov`.
    #[serde(default = "aws")]
    pub partition: String,
    /// Account-level Block Public Access (S3 Control).
    #[serde(default)]
    pub public_access_block: Setting<PublicAccessBlock>,
    #[serde(default)]
    pub buckets: Vec<BucketSnapshot>,
}

fn one() -> u32 {
    1
}
fn aws() -> String {
    "aws".into()
}

impl AccountSnapshot {
    pub fn new(account_id: Option<String>) -> Self {
        AccountSnapshot {
            version: 1,
            account_id,
            partition: "aws".into(),
            public_access_block: Setting::NotConfigured,
            buckets: Vec::new(),
        }
    }

    pub fn bucket(&self, name: &str) -> Option<&BucketSnapshot> {
        self.buckets.iter().find(|b| b.name == name)
    }

    pub fn bucket_mut(&mut self, name: &str) -> Option<&mut BucketSnapshot> {
        self.buckets.iter_mut().find(|b| b.name == name)
    }

    /// Every `(what, error)` the collection could not read, sorted.
    pub fn unknowns(&self) -> Vec<(String, String)> {
        let mut v = Vec::new();
        if let Some(e) = self.public_access_block.unknown() {
            v.push(("account public access block".to_string(), e.to_string()));
        }
        for b in &self.buckets {
            let items = [
                ("public access block", b.public_access_block.unknown()),
                ("acl", b.acl.unknown()),
                ("policy", b.policy.unknown()),
                ("encryption", b.encryption.unknown()),
                ("versioning", b.versioning.unknown()),
                ("logging", b.logging.unknown()),
                ("tags", b.tags.unknown()),
            ];
            for (what, e) in items {
                if let Some(e) = e {
                    v.push((format!("{} {what}", b.name), e.to_string()));
                }
            }
        }
        v.sort();
        v
    }
}
