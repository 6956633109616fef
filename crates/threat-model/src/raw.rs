//! The YAML schema exactly as a person writes it (see
//! `docs/threat-model-format.md`). Ids and references keep their spans so
//! that every semantic error can name a line and column; `validate` turns
//! this into the resolved [`crate::model::Model`].

use crate::kinds::*;
use marked_yaml::Spanned;
use serde::Deserialize;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModel {
    pub name: S<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub user_story: Option<RawUserStory>,
    #[serde(default)]
    pub scale: RawScale,
    #[serde(default)]
    pub business: RawBusiness,
    #[serde(default)]
    pub boundaries: Vec<RawBoundary>,
    #[serde(default)]
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub services: Vec<RawService>,
    #[serde(default, alias = "stores")]
    pub data_stores: Vec<RawStore>,
    #[serde(default)]
    pub data: Vec<RawData>,
    #[serde(default)]
    pub flows: Vec<RawFlow>,
    #[serde(default)]
    pub assumptions: Vec<String>,
    /// Threats a person wrote themselves (checked by `lint`).
    #[serde(default)]
    pub threats: Vec<RawUserThreat>,
    /// The flow the author names as the most critical (checked by `lint`).
    #[serde(default)]
    pub critical_flow: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUserStory {
    /// Who: an actor id.
    pub actor: S<String>,
    /// What they do, in their words: "pays with a stored card".
    pub action: String,
    /// The data asset the story protects: a data id.
    pub asset: S<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    #[serde(default)]
    pub users: u64,
    #[serde(default)]
    pub requests_per_second: u64,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBusiness {
    #[serde(default)]
    pub cost_per_record_usd: Option<f64>,
    #[serde(default)]
    pub downtime_cost_per_hour_usd: Option<u64>,
    #[serde(default)]
    pub annual_turnover_eur: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBoundary {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub kind: BoundaryKind,
    /// The enclosing boundary (a subnet inside a VPC inside an account).
    #[serde(default)]
    pub parent: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub kind: ActorKind,
    #[serde(default)]
    pub boundary: Option<S<String>>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub controls: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawService {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub kind: ServiceKind,
    #[serde(default)]
    pub boundary: Option<S<String>>,
    #[serde(default)]
    pub description: String,
    /// Reachable from the internet even without a modelled inbound flow.
    #[serde(default)]
    pub internet_facing: bool,
    #[serde(default)]
    pub privileges: Option<Privileges>,
    #[serde(default)]
    pub controls: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub kind: StoreKind,
    #[serde(default)]
    pub boundary: Option<S<String>>,
    #[serde(default)]
    pub description: String,
    /// Data ids held in the store.
    #[serde(default)]
    pub stores: Vec<S<String>>,
    #[serde(default)]
    pub encryption_at_rest: Option<AtRest>,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub backups: bool,
    #[serde(default)]
    pub versioning: bool,
    #[serde(default)]
    pub controls: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawData {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub classification: Classification,
    #[serde(default)]
    pub tags: Vec<DataTag>,
    #[serde(default)]
    pub records: u64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlow {
    pub id: S<String>,
    #[serde(default)]
    pub name: Option<String>,
    pub from: S<String>,
    pub to: S<String>,
    #[serde(default)]
    pub protocol: Option<Protocol>,
    #[serde(default)]
    pub data: Vec<S<String>>,
    #[serde(default)]
    pub authentication: Option<Authentication>,
    #[serde(default)]
    pub authorization: Option<Authorization>,
    #[serde(default)]
    pub encryption: Option<Encryption>,
    #[serde(default)]
    pub identity: Option<Identity>,
    #[serde(default)]
    pub logging: Vec<LogSource>,
    /// Boundaries the author says the flow crosses; each must really be
    /// crossed given where `from` and `to` sit.
    #[serde(default)]
    pub crosses: Vec<S<String>>,
    #[serde(default)]
    pub controls: Vec<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUserThreat {
    pub id: S<String>,
    pub title: S<String>,
    #[serde(default)]
    pub stride: Vec<S<String>>,
    /// The element or flow id the threat is against.
    pub target: S<String>,
    #[serde(default)]
    pub priority: Option<S<String>>,
    #[serde(default)]
    pub mitigations: Vec<S<String>>,
}
