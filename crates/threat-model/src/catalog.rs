//! The mitigation catalog: concrete controls tied to AWS primitives.
//!
//! Entries live in `content/threat-model/mitigations/*.toml` (one file per
//! AWS service family, `[[mitigation]]` tables). Every entry names the
//! service, the exact setting (`parameter`), and the metric that proves the
//! control works, so no output ever says "use encryption". Managed services
//! are preferred: `replaces` lists the custom builds an entry makes
//! unnecessary, which `lint` uses to flag over-architecting.

use report::Remediation;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mitigation {
    /// kebab-case, unique, stable.
    pub id: Arc<str>,
    pub title: Arc<str>,
    /// The AWS service or primitive, as AWS names it: "AWS WAF", "AWS KMS".
    pub service: Arc<str>,
    /// What to configure, in one sentence.
    pub control: Arc<str>,
    /// The measurable setting: numbers, names, scopes.
    pub parameter: Arc<str>,
    /// The metric or log query that proves the control works, and the alarm.
    pub metric: Arc<str>,
    /// Share of the threat's likelihood the control removes, `0.0..=1.0`.
    pub effectiveness: f64,
    /// Custom builds this managed control makes unnecessary, lower case
    /// phrases matched by `lint` ("home-grown key management").
    #[serde(default)]
    pub replaces: Vec<String>,
}

impl Mitigation {
    pub fn remediation(&self, in_place: bool) -> Remediation {
        Remediation {
            id: self.id.clone(),
            title: self.title.clone(),
            service: self.service.clone(),
            parameter: self.parameter.clone(),
            metric: self.metric.clone(),
            in_place,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MitigationFile {
    pub mitigation: Vec<Mitigation>,
}
