//! What an account holds for its IAM users: the credentials that grant
//! access (password, access keys, MFA devices, SSH keys, signing
//! certificates, service-specific credentials) and the permissions behind
//! them (groups, managed and inline policies).
//!
//! The planner reads an [`Inventory`]; live mode collects one through the
//! SDK and offline mode reads it from a JSON file ([`Inventory::parse`]),
//! so drills and dry runs need no AWS account.

use crate::time::Timestamp;
use report::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The users of every account in scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Inventory {
    #[serde(deserialize_with = "unique::accounts")]
    pub accounts: Vec<AccountInventory>,
}

/// One account: its id, its users, and (offline only) what the simulated
/// secret store holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AccountInventory {
    #[serde(deserialize_with = "account_id")]
    pub account: String,
    #[serde(default, deserialize_with = "unique::users")]
    pub users: Vec<User>,
    /// Secret name to the access key id it holds. Filled by offline
    /// `--apply` runs (the simulated Secrets Manager); never the secret
    /// access key itself.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<String, String>,
    /// Virtual MFA devices that exist in the account but are assigned to
    /// no one (left behind by a deactivation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unassigned_virtual_mfa: Vec<String>,
}

/// One IAM user and everything that lets it in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub name: String,
    #[serde(default)]
    pub access_keys: Vec<AccessKey>,
    /// A console password exists.
    #[serde(default)]
    pub login_profile: bool,
    #[serde(default)]
    pub mfa_devices: Vec<MfaDevice>,
    #[serde(default)]
    pub ssh_public_keys: Vec<String>,
    #[serde(default)]
    pub signing_certificates: Vec<String>,
    #[serde(default)]
    pub service_specific_credentials: Vec<String>,
    #[serde(default)]
    pub groups: Vec<String>,
    /// ARNs of the attached managed policies.
    #[serde(default)]
    pub attached_policies: Vec<String>,
    /// Names of the inline policies.
    #[serde(default)]
    pub inline_policies: Vec<String>,
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum KeyStatus {
    Active,
    Inactive,
}

impl KeyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyStatus::Active => "Active",
            KeyStatus::Inactive => "Inactive",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccessKey {
    pub id: String,
    pub status: KeyStatus,
    pub created: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used: Option<Timestamp>,
}

/// An MFA device by serial number. Virtual devices have an ARN serial
/// (`arn:aws:iam::123456789012:mfa/alice`) and are IAM resources of their
/// own that outlive the assignment; hardware and FIDO devices do not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MfaDevice {
    pub serial: String,
}

impl MfaDevice {
    pub fn is_virtual(&self) -> bool {
        self.serial.starts_with("arn:") && self.serial.contains(":mfa/")
    }
}

impl User {
    pub fn new(name: impl Into<String>) -> User {
        User {
            name: name.into(),
            ..User::default()
        }
    }

    pub fn key(&self, id: &str) -> Option<&AccessKey> {
        self.access_keys.iter().find(|k| k.id == id)
    }

    /// True when nothing is left that grants access or permissions, other
    /// than the inline policy `keep`.
    pub fn is_bare(&self, keep: &str) -> bool {
        self.access_keys.is_empty()
            && !self.login_profile
            && self.mfa_devices.is_empty()
            && self.ssh_public_keys.is_empty()
            && self.signing_certificates.is_empty()
            && self.service_specific_credentials.is_empty()
            && self.groups.is_empty()
            && self.attached_policies.is_empty()
            && self.inline_policies.iter().all(|p| p == keep)
    }
}

impl AccountInventory {
    pub fn user(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    pub fn user_mut(&mut self, name: &str) -> Option<&mut User> {
        self.users.iter_mut().find(|u| u.name == name)
    }
}

impl Inventory {
    /// Read an inventory file. Every error names `path:line:col` and says
    /// what to fix; nothing here panics on any input.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Inventory, Diagnostic> {
        let text = Diagnostic::check_text(path, bytes)?;
        let mut inv: Inventory = serde_json::from_str(text).map_err(|e| {
            let (line, col) = (e.line().max(1) as u32, e.column().max(1) as u32);
            let msg = e.to_string();
            // serde_json appends " at line L column C"; the prefix says it.
            let msg = match msg.rfind(" at line ") {
                Some(i) => msg[..i].to_string(),
                None => msg,
            };
            Diagnostic::new(path, line, col, msg).with_help(
                "an inventory is {\"accounts\": [{\"account\": \"123456789012\", \"users\": [{\"name\": \"alice\", \"access_keys\": [{\"id\": \"AKIA...\", \"status\": \"Active\", \"created\": \"2024-01-01T00:00:00Z\"}]}]}]}",
            )
        })?;
        inv.normalise();
        Ok(inv)
    }

    /// Sort everything so plans and files are deterministic.
    pub fn normalise(&mut self) {
        self.accounts.sort_by(|a, b| a.account.cmp(&b.account));
        for a in &mut self.accounts {
            a.users.sort_by(|x, y| x.name.cmp(&y.name));
            a.unassigned_virtual_mfa.sort();
            a.unassigned_virtual_mfa.dedup();
            for u in &mut a.users {
                u.normalise();
            }
        }
    }

    pub fn account(&self, id: &str) -> Option<&AccountInventory> {
        self.accounts.iter().find(|a| a.account == id)
    }

    pub fn account_mut(&mut self, id: &str) -> Option<&mut AccountInventory> {
        self.accounts.iter_mut().find(|a| a.account == id)
    }
}

impl User {
    pub fn normalise(&mut self) {
        self.access_keys
            .sort_by(|a, b| (a.created, &a.id).cmp(&(b.created, &b.id)));
        self.access_keys.dedup_by(|a, b| a.id == b.id);
        self.mfa_devices.sort_by(|a, b| a.serial.cmp(&b.serial));
        self.mfa_devices.dedup();
        for v in [
            &mut self.ssh_public_keys,
            &mut self.signing_certificates,
            &mut self.service_specific_credentials,
            &mut self.groups,
            &mut self.attached_policies,
            &mut self.inline_policies,
        ] {
            v.sort();
            v.dedup();
        }
    }
}

/// True for a 12-digit AWS account id.
pub fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

fn account_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if is_account_id(&s) {
        Ok(s)
    } else {
        Err(serde::de::Error::custom(format!(
            "`{s}` is not an AWS account id (12 digits)"
        )))
    }
}

/// Lists whose entries must be unique by name: the duplicate is reported
/// where it occurs, with serde_json's line and column.
mod unique {
    use super::{AccountInventory, User};
    use serde::de::{Deserializer, SeqAccess, Visitor};
    use std::collections::BTreeSet;
    use std::marker::PhantomData;

    trait Named {
        const WHAT: &'static str;
        fn key(&self) -> &str;
    }
    impl Named for AccountInventory {
        const WHAT: &'static str = "account";
        fn key(&self) -> &str {
            &self.account
        }
    }
    impl Named for User {
        const WHAT: &'static str = "user";
        fn key(&self) -> &str {
            &self.name
        }
    }

    struct Unique<T>(PhantomData<T>);

    impl<'de, T: Named + serde::Deserialize<'de>> Visitor<'de> for Unique<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(f, "a list of {}s", T::WHAT)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut seen = BTreeSet::new();
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<T>()? {
                if item.key().is_empty() {
                    return Err(serde::de::Error::custom(format!(
                        "a {} with an empty name",
                        T::WHAT
                    )));
                }
                if !seen.insert(item.key().to_string()) {
                    return Err(serde::de::Error::custom(format!(
                        "{} `{}` is listed twice; merge the two entries",
                        T::WHAT,
                        item.key()
                    )));
                }
                out.push(item);
            }
            Ok(out)
        }
    }

    pub fn accounts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AccountInventory>, D::Error> {
        d.deserialize_seq(Unique(PhantomData))
    }

    pub fn users<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<User>, D::Error> {
        d.deserialize_seq(Unique(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
  "accounts": [
    {
      "account": "111111111111",
      "users": [
        {
          "name": "alice",
          "access_keys": [
            {"id": "AKIA2", "status": "Inactive", "created": "2024-03-01T00:00:00Z"},
            {"id": "AKIA1", "status": "Active", "created": "2023-01-01T00:00:00Z", "last_used": "2024-01-01T00:00:00Z"}
          ],
          "login_profile": true,
          "mfa_devices": [{"serial": "arn:aws:iam::111111111111:mfa/alice"}, {"serial": "GAHT12345678"}],
          "groups": ["dev", "admins"]
        }
      ]
    }
  ]
}"#;

    #[test]
    fn parses_and_sorts() {
        let inv = Inventory::parse("inv.json", GOOD.as_bytes()).unwrap();
        let u = &inv.accounts[0].users[0];
        assert_eq!(u.access_keys[0].id, "AKIA1");
        assert_eq!(u.groups, ["admins", "dev"]);
        assert!(u.mfa_devices[1].is_virtual());
        assert!(!u.mfa_devices[0].is_virtual());
    }

    fn err(text: &str) -> Diagnostic {
        Inventory::parse("inv.json", text.as_bytes()).unwrap_err()
    }

    #[test]
    fn errors_point_at_the_place() {
        let e = err("{\"accounts\": [\n  {\"account\": \"12\"}]}");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("12 digits"), "{e}");
        let e = err(&GOOD.replace("2023-01-01T00:00:00Z", "last tuesday"));
        assert_eq!(e.line, 10, "{e}");
        assert!(e.message.contains("RFC 3339"), "{e}");
        let e = err(&GOOD.replace("\"Active\"", "\"Enabled\""));
        assert_eq!(e.line, 10, "{e}");
        let e = err(&GOOD.replace("\"groups\"", "\"grups\""));
        assert!(e.message.contains("unknown field `grups`"), "{e}");
        let e = err("{\"accounts\": [{\"account\": \"111111111111\", \"users\": [{\"name\": \"a\"},\n {\"name\": \"a\"}]}]}");
        assert_eq!(e.line, 2, "{e}");
        assert!(e.message.contains("listed twice"), "{e}");
        let e = err("{\"accounts\": [");
        assert!(e.to_string().starts_with("inv.json:1:"), "{e}");
        let e = err("\u{0}\u{1}");
        assert!(e.message.contains("binary"), "{e}");
    }
}
