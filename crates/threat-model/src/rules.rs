//! Threat rules as data.
//!
//! Each rule is one TOML file in `content/threat-model/rules/<category>/`,
//! embedded at build time. A rule says which elements it applies to
//! (STRIDE-per-element) or which boundary-crossing flows (STRIDE-per-
//! interaction, `interaction = true`), the condition under which the threat
//! exists, how likely it is, what kind of loss it causes, and which catalog
//! mitigations address it. The engine is generic; adding a threat means
//! adding a file, and `tests/content.rs` fails if the file is malformed.
//!
//! Example (`content/threat-model/rules/spoofing/unauthenticated-caller.toml`):
//!
//! ```toml
//! id = "S-unauthenticated-caller"
//! title = "Caller crosses a trust boundary without authenticating"
//! stride = "S"
//! applies_to = "flow"
//! interaction = true
//! likelihood = 4
//! impact = { kind = "breach", share = 0.05 }
//! description = "..."
//! message = "{from} reaches {to} over {flow} with no authentication ..."
//! mitigations = ["cognito-user-pool-mfa", "apigw-iam-auth"]
//! cwe = [306]
//! [when]
//! authentication = ["none"]
//! ```

use crate::kinds::*;
use impact::ImpactKind;
use report::{Confidence, Stride};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// `^(S|T|R|I|D|E|ZT)-[a-z0-9-]+$`, unique, stable forever (finding ids
    /// and baselines are built from it).
    pub id: String,
    pub title: String,
    /// STRIDE letter.
    pub stride: StrideLetter,
    /// For Zero-Trust checks: the property whose absence this reports.
    #[serde(default)]
    pub zero_trust: Option<ZeroTrust>,
    pub applies_to: ElementType,
    /// Only flows that cross at least one trust boundary.
    #[serde(default)]
    pub interaction: bool,
    /// 1 (rare) to 5 (almost certain) before exposure is considered; the
    /// engine adds one when the element is reachable from the internet.
    pub likelihood: u8,
    pub impact: RuleImpact,
    #[serde(default)]
    pub when: Condition,
    /// Why the threat matters, independent of any model.
    pub description: String,
    /// The sentence for one occurrence. Placeholders: `{element}` (name of
    /// the element or flow), `{from}`, `{to}` (flow endpoints), `{data}`
    /// (most sensitive data involved), `{boundary}` (outermost boundary
    /// crossed), `{kind}` (element kind).
    pub message: String,
    /// Catalog mitigation ids, best first.
    pub mitigations: Vec<String>,
    #[serde(default)]
    pub cwe: Vec<u32>,
    #[serde(default)]
    pub capec: Vec<u32>,
    #[serde(default = "default_confidence")]
    pub confidence: Confidence,
}

fn default_confidence() -> Confidence {
    Confidence::Medium
}

/// A STRIDE category written as its letter in rule files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct StrideLetter(pub Stride);

impl TryFrom<String> for StrideLetter {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        let mut chars = s.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => Stride::from_letter(c)
                .map(StrideLetter)
                .ok_or_else(|| format!("`{s}` is not a STRIDE letter (S, T, R, I, D, E)")),
            _ => Err(format!("`{s}` is not a STRIDE letter (S, T, R, I, D, E)")),
        }
    }
}

/// The five properties every boundary-crossing flow must have.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum ZeroTrust {
    Authenticated,
    Authorized,
    Encrypted,
    IdentityPropagated,
    Logged,
}

impl ZeroTrust {
    pub const ALL: [ZeroTrust; 5] = [
        ZeroTrust::Authenticated,
        ZeroTrust::Authorized,
        ZeroTrust::Encrypted,
        ZeroTrust::IdentityPropagated,
        ZeroTrust::Logged,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ZeroTrust::Authenticated => "authenticated",
            ZeroTrust::Authorized => "authorized",
            ZeroTrust::Encrypted => "encrypted",
            ZeroTrust::IdentityPropagated => "identity-propagated",
            ZeroTrust::Logged => "logged",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleImpact {
    pub kind: ImpactKind,
    /// Share of the records involved that one occurrence exposes or alters
    /// (1.0: the whole table; 0.001: one account's worth at scale).
    #[serde(default = "one")]
    pub share: f64,
    /// Hours of outage per occurrence (downtime rules).
    #[serde(default)]
    pub hours: f64,
    /// Shift of the impact level (-2..=2) for threats whose harm is
    /// systematically smaller or larger than the data suggests.
    #[serde(default)]
    pub adjust: i8,
}

fn one() -> f64 {
    1.0
}

/// When a rule fires. Every field that is set must hold (logical AND); a
/// list means "any of these". Fields that do not apply to the element type
/// (e.g. `authentication` on a store) make the rule never fire, which the
/// content tests reject.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Element kind (actor, service or store kind), e.g. `["s3", "rds"]`.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// Flow source type / kind.
    #[serde(default)]
    pub from_types: Vec<ElementType>,
    #[serde(default)]
    pub from_kinds: Vec<String>,
    /// Flow destination type / kind.
    #[serde(default)]
    pub to_types: Vec<ElementType>,
    #[serde(default)]
    pub to_kinds: Vec<String>,
    /// Flow source sits on the internet (in an `internet` boundary, or an
    /// actor with no boundary).
    #[serde(default)]
    pub from_internet: Option<bool>,
    /// The flow crosses a boundary of one of these kinds.
    #[serde(default)]
    pub crosses: Vec<BoundaryKind>,
    #[serde(default)]
    pub protocol: Vec<Protocol>,
    #[serde(default)]
    pub authentication: Vec<Authentication>,
    #[serde(default)]
    pub authorization: Vec<Authorization>,
    #[serde(default)]
    pub encryption: Vec<Encryption>,
    #[serde(default)]
    pub identity: Vec<Identity>,
    /// The flow has (true) or lacks (false) any logging at all.
    #[serde(default)]
    pub logged: Option<bool>,
    /// The flow has none of these log sources.
    #[serde(default)]
    pub missing_logs: Vec<LogSource>,
    /// Store encryption at rest is one of these.
    #[serde(default)]
    pub at_rest: Vec<AtRest>,
    #[serde(default)]
    pub public: Option<bool>,
    #[serde(default)]
    pub backups: Option<bool>,
    #[serde(default)]
    pub versioning: Option<bool>,
    /// Service execution-role breadth is one of these.
    #[serde(default)]
    pub privileges: Vec<Privileges>,
    /// The element is reachable from the internet: a service marked
    /// `internet_facing`, or any element receiving a flow from the internet.
    #[serde(default)]
    pub internet_exposed: Option<bool>,
    /// The most sensitive data involved is at least this sensitive.
    #[serde(default)]
    pub min_classification: Option<Classification>,
    /// Some data involved carries one of these tags.
    #[serde(default)]
    pub data_tags: Vec<DataTag>,
    /// The largest data asset involved has at least this many records.
    #[serde(default)]
    pub min_records: Option<u64>,
    /// The system handles at least this many requests per second.
    #[serde(default)]
    pub min_rps: Option<u64>,
}

/// Every kind name accepted in `kinds`, `from_kinds` and `to_kinds`.
pub fn all_kind_names() -> Vec<&'static str> {
    ActorKind::ALL
        .iter()
        .map(|k| k.as_str())
        .chain(ServiceKind::ALL.iter().map(|k| k.as_str()))
        .chain(StoreKind::ALL.iter().map(|k| k.as_str()))
        .collect()
}
