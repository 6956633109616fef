use crate::{Confidence, Severity};
use serde::{Deserialize, Serialize};

/// One of the six STRIDE threat categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Stride {
    #[serde(rename = "S")]
    Spoofing,
    #[serde(rename = "T")]
    Tampering,
    #[serde(rename = "R")]
    Repudiation,
    #[serde(rename = "I")]
    InformationDisclosure,
    #[serde(rename = "D")]
    DenialOfService,
    #[serde(rename = "E")]
    ElevationOfPrivilege,
}

impl Stride {
    pub const ALL: [Stride; 6] = [
        Stride::Spoofing,
        Stride::Tampering,
        Stride::Repudiation,
        Stride::InformationDisclosure,
        Stride::DenialOfService,
        Stride::ElevationOfPrivilege,
    ];

    pub fn letter(self) -> char {
        match self {
            Stride::Spoofing => 'S',
            Stride::Tampering => 'T',
            Stride::Repudiation => 'R',
            Stride::InformationDisclosure => 'I',
            Stride::DenialOfService => 'D',
            Stride::ElevationOfPrivilege => 'E',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Stride::Spoofing => "Spoofing",
            Stride::Tampering => "Tampering",
            Stride::Repudiation => "Repudiation",
            Stride::InformationDisclosure => "Information disclosure",
            Stride::DenialOfService => "Denial of service",
            Stride::ElevationOfPrivilege => "Elevation of privilege",
        }
    }

    /// The security property a threat of this category violates.
    pub fn property(self) -> &'static str {
        match self {
            Stride::Spoofing => "authenticity",
            Stride::Tampering => "integrity",
            Stride::Repudiation => "non-repudiation",
            Stride::InformationDisclosure => "confidentiality",
            Stride::DenialOfService => "availability",
            Stride::ElevationOfPrivilege => "authorization",
        }
    }

    pub fn from_letter(c: char) -> Option<Stride> {
        Stride::ALL
            .into_iter()
            .find(|s| s.letter() == c.to_ascii_uppercase())
    }
}

/// What kind of weakness a finding is: a STRIDE category, a CWE, or an
/// OWASP API Security Top 10 risk.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "scheme", content = "id")]
pub enum Category {
    Stride(Stride),
    Cwe(u32),
    OwaspApi(String),
    /// A Zero-Trust property (authenticated, authorized, encrypted,
    /// identity-propagated, logged).
    ZeroTrust(String),
}

impl Category {
    /// The tag form used in SARIF `properties.tags` and Markdown.
    pub fn tag(&self) -> String {
        match self {
            Category::Stride(s) => {
                format!("stride/{}", s.name().to_ascii_lowercase().replace(' ', "-"))
            }
            Category::Cwe(n) => format!("external/cwe/cwe-{n}"),
            Category::OwaspApi(id) => format!("external/owasp-api/{}", id.to_ascii_lowercase()),
            Category::ZeroTrust(p) => format!("zero-trust/{p}"),
        }
    }
}

/// A range in a file: 1-based lines and columns, end inclusive of the last
/// character's line and exclusive column, as SARIF expects.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// Path relative to the scan root or the model file as the user named it.
    pub path: String,
    pub start_line: u32,
    pub start_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<u32>,
}

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Location {
    /// A place in a source file.
    File(Span),
    /// An element of a model (actor, service, data store, data flow), with
    /// the place in the model file that declares it when known.
    Element {
        /// The element's id in the model.
        element: String,
        /// actor, service, store, flow, boundary or data.
        element_type: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    },
}

impl Location {
    pub fn span(&self) -> Option<&Span> {
        match self {
            Location::File(s) => Some(s),
            Location::Element { span, .. } => span.as_ref(),
        }
    }

    /// The short name used in stable ids: the element id, or `path:line`.
    pub fn key(&self) -> String {
        match self {
            Location::File(s) => format!("{}:{}", s.path, s.start_line),
            Location::Element { element, .. } => element.clone(),
        }
    }
}

/// Why the engine believes the finding: a code excerpt, a source-to-sink
/// path, or a plain statement of the facts in the model that triggered it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Evidence {
    Excerpt {
        text: String,
    },
    /// A source-to-sink path, source first, with the sink's code excerpt.
    Path {
        steps: Vec<(Span, String)>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        excerpt: Option<String>,
    },
    Facts {
        facts: Vec<String>,
    },
}

/// A concrete control: the AWS primitive (or code pattern), the parameter it
/// is set to, and the metric that proves it works.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Remediation {
    /// Catalog id of the mitigation, when it came from a catalog.
    pub id: std::sync::Arc<str>,
    pub title: std::sync::Arc<str>,
    /// The AWS service or primitive, e.g. "AWS WAF".
    #[serde(skip_serializing_if = "str::is_empty", default = "empty_arc")]
    pub service: std::sync::Arc<str>,
    /// The measurable setting, e.g. "rate-based rule, 200 requests per 5 minutes per IP on /login".
    pub parameter: std::sync::Arc<str>,
    /// What to watch to know it works, e.g. "CloudWatch metric BlockedRequests".
    pub metric: std::sync::Arc<str>,
    /// Whether the control is already in place in the analysed system.
    #[serde(default)]
    pub in_place: bool,
}

/// The one result shape of every engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id, `rule@location`; diff and baselines key on it.
    pub id: String,
    pub rule_id: String,
    pub title: String,
    /// One or two sentences specific to this occurrence.
    pub message: String,
    pub severity: Severity,
    pub confidence: Confidence,
    pub categories: Vec<Category>,
    pub location: Location,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    pub remediation: Vec<Remediation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<impact::Estimate>,
}

impl Finding {
    /// The stable id for `rule` at `location`.
    pub fn stable_id(rule: &str, location: &Location) -> String {
        format!("{rule}@{}", location.key())
    }

    pub fn stride(&self) -> Option<Stride> {
        self.categories.iter().find_map(|c| match c {
            Category::Stride(s) => Some(*s),
            _ => None,
        })
    }

    /// The code excerpt behind the finding, if it has one.
    pub fn excerpt(&self) -> Option<&str> {
        match &self.evidence {
            Some(Evidence::Excerpt { text }) => Some(text),
            Some(Evidence::Path { excerpt, .. }) => excerpt.as_deref(),
            _ => None,
        }
    }

    pub fn cwes(&self) -> impl Iterator<Item = u32> + '_ {
        self.categories.iter().filter_map(|c| match c {
            Category::Cwe(n) => Some(*n),
            _ => None,
        })
    }
}

fn empty_arc() -> std::sync::Arc<str> {
    std::sync::Arc::from("")
}
