//! The role a candidate interviews for, and how it shifts the technical weeks.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::types::ItemKind;
use crate::PlanError;

/// The security role. It moves weight between code review (application
/// security) and cloud/IAM and detection work (threat models of cloud
/// architectures, automation over IAM, buckets and logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Appsec,
    Cloud,
    Detection,
    #[default]
    General,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Appsec, Role::Cloud, Role::Detection, Role::General];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Appsec => "appsec",
            Role::Cloud => "cloud",
            Role::Detection => "detection",
            Role::General => "general",
        }
    }

    /// Relative weight of the threat-model, code-review and scripting blocks.
    pub(crate) fn weights(self) -> [u32; 3] {
        match self {
            Role::Appsec => [1, 2, 1],
            Role::Cloud => [2, 1, 2],
            Role::Detection => [1, 1, 2],
            Role::General => [1, 1, 1],
        }
    }

    /// Threat-model scenarios, most relevant first.
    pub(crate) fn scenarios(self) -> &'static [&'static str] {
        match self {
            Role::Cloud => &[
                "a multi-account landing zone with cross-account IAM roles",
                "a serverless API (API gateway, functions, a key-value table)",
                "a VPC with public and private subnets and a bastion",
                "a payment microservice calling a fraud-detection service",
                "a file-upload service storing objects in a bucket",
            ],
            Role::Appsec => &[
                "a file-upload service storing objects in a bucket",
                "a payment microservice calling a fraud-detection service",
                "a single-page app with a token-based login",
                "a serverless API (API gateway, functions, a key-value table)",
            ],
            Role::Detection => &[
                "a log pipeline from hosts to a central search cluster",
                "a payment microservice calling a fraud-detection service",
                "a multi-account landing zone with cross-account IAM roles",
                "a file-upload service storing objects in a bucket",
            ],
            Role::General => &[
                "a payment microservice calling a fraud-detection service",
                "a file-upload service storing objects in a bucket",
                "a serverless API (API gateway, functions, a key-value table)",
                "a multi-account landing zone with cross-account IAM roles",
            ],
        }
    }

    /// Scripting exercises (from the interview's coding questions), most relevant first.
    pub(crate) fn exercises(self) -> &'static [&'static str] {
        match self {
            Role::Cloud => &[
                "flag IAM policies that grant full admin rights",
                "detect misconfigured (public) buckets",
                "plan access-key rotation by key age",
                "offboard a user across several systems",
                "brute-force detection from IP and timestamp logs",
                "validate IPv4 addresses",
            ],
            Role::Detection => &[
                "brute-force detection from IP and timestamp logs",
                "top 10 IPs producing 404s",
                "recursive search for sensitive keywords in files",
                "flag IAM policies that grant full admin rights",
                "validate IPv4 addresses",
                "first non-repeating character",
            ],
            Role::Appsec => &[
                "recursive search for sensitive keywords in files",
                "validate IPv4 addresses",
                "first non-repeating character",
                "brute-force detection from IP and timestamp logs",
                "top 10 IPs producing 404s",
            ],
            Role::General => &[
                "brute-force detection from IP and timestamp logs",
                "top 10 IPs producing 404s",
                "flag IAM policies that grant full admin rights",
                "validate IPv4 addresses",
                "recursive search for sensitive keywords in files",
                "detect misconfigured (public) buckets",
                "plan access-key rotation by key age",
                "offboard a user across several systems",
                "first non-repeating character",
            ],
        }
    }

    /// Code-review focus, most relevant first.
    pub(crate) fn review_focus(self) -> &'static [&'static str] {
        match self {
            Role::Appsec => &[
                "injection and XSS",
                "broken authentication and session handling",
                "IDOR and missing authorisation",
                "secrets and weak cryptography",
                "deserialisation and SSRF",
            ],
            Role::Cloud => &[
                "secrets in code and over-broad IAM calls",
                "IDOR and missing authorisation",
                "injection and XSS",
            ],
            Role::Detection => &[
                "injection and XSS",
                "missing logging of security events",
                "IDOR and missing authorisation",
            ],
            Role::General => &[
                "injection and XSS",
                "IDOR and missing authorisation",
                "broken authentication and session handling",
                "secrets and weak cryptography",
            ],
        }
    }

    /// Question-bank topics, most relevant first.
    pub(crate) fn topics(self) -> &'static [&'static str] {
        match self {
            Role::Appsec => &[
                "application security (OWASP Top 10)",
                "IAM",
                "data protection",
                "system design",
                "cloud and network",
                "incident response",
            ],
            Role::Cloud => &[
                "cloud and network",
                "IAM",
                "data protection",
                "system design",
                "incident response",
                "application security (OWASP Top 10)",
            ],
            Role::Detection => &[
                "incident response",
                "cloud and network",
                "IAM",
                "system design",
                "data protection",
                "application security (OWASP Top 10)",
            ],
            Role::General => &[
                "cloud and network",
                "IAM",
                "application security (OWASP Top 10)",
                "incident response",
                "data protection",
                "system design",
            ],
        }
    }

    /// The drill kinds in the order the technical weeks take them.
    pub(crate) fn technical_order() -> [ItemKind; 3] {
        [
            ItemKind::ThreatModelDrill,
            ItemKind::CodeReviewDrill,
            ItemKind::ScriptingDrill,
        ]
    }
}

impl FromStr for Role {
    type Err = PlanError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| PlanError::UnknownRole(s.to_string()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_roles() {
        assert_eq!("AppSec".parse::<Role>().unwrap(), Role::Appsec);
        assert_eq!(" cloud ".parse::<Role>().unwrap(), Role::Cloud);
        assert!(matches!(
            "red-team".parse::<Role>(),
            Err(PlanError::UnknownRole(_))
        ));
    }
}
