//! The knowledge the rules use, kept as data in `content/iam/` and embedded
//! at build time: escalation methods, exfiltration, exposure and credential
//! actions, sensitive services and condition operators.

use serde::Deserialize;
use std::sync::OnceLock;

/// A privilege-escalation method: holding every action escalates.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Method {
    pub id: String,
    pub actions: Vec<String>,
    /// How an attacker uses it, in one sentence.
    pub how: String,
    /// The actions a Deny statement in the rewrite should name.
    #[serde(default)]
    pub deny: Vec<String>,
    /// For PassRole methods: the service the role is passed to, used in the
    /// `iam:PassedToService` condition of the rewrite.
    #[serde(default)]
    pub pass_role: Option<String>,
    /// A self-only resource for the rewrite (the user's own ARN).
    #[serde(default)]
    pub self_rewrite: Option<String>,
}

/// An action with the named-resource ARN template a rewrite uses.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionArn {
    pub action: String,
    pub arn: String,
}

/// A sensitive service.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub service: String,
    pub why: String,
    pub read: Vec<String>,
    pub arn: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MethodsFile {
    #[allow(dead_code)]
    about: String,
    methods: Vec<Method>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionsFile {
    #[allow(dead_code)]
    about: String,
    actions: Vec<ActionArn>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    #[allow(dead_code)]
    about: String,
    services: Vec<Service>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OperatorsFile {
    #[allow(dead_code)]
    about: String,
    operators: Vec<String>,
    restricting_keys: Vec<String>,
}

/// Everything in `content/iam/`, parsed.
#[derive(Debug)]
pub struct Content {
    pub methods: Vec<Method>,
    pub exfiltration: Vec<ActionArn>,
    pub exposure: Vec<ActionArn>,
    pub credentials: Vec<ActionArn>,
    pub services: Vec<Service>,
    pub operators: Vec<String>,
    pub restricting_keys: Vec<String>,
}

pub const PRIVESC_JSON: &str = include_str!("../../../content/iam/privilege-escalation.json");
pub const EXFIL_JSON: &str = include_str!("../../../content/iam/data-exfiltration.json");
pub const EXPOSURE_JSON: &str = include_str!("../../../content/iam/resource-exposure.json");
pub const CREDENTIALS_JSON: &str = include_str!("../../../content/iam/credential-exposure.json");
pub const SERVICES_JSON: &str = include_str!("../../../content/iam/sensitive-services.json");
pub const OPERATORS_JSON: &str = include_str!("../../../content/iam/condition-operators.json");

fn parse() -> Result<Content, String> {
    let m: MethodsFile = serde_json::from_str(PRIVESC_JSON)
        .map_err(|e| format!("privilege-escalation.json: {e}"))?;
    let x: ActionsFile =
        serde_json::from_str(EXFIL_JSON).map_err(|e| format!("data-exfiltration.json: {e}"))?;
    let r: ActionsFile =
        serde_json::from_str(EXPOSURE_JSON).map_err(|e| format!("resource-exposure.json: {e}"))?;
    let c: ActionsFile = serde_json::from_str(CREDENTIALS_JSON)
        .map_err(|e| format!("credential-exposure.json: {e}"))?;
    let s: ServicesFile =
        serde_json::from_str(SERVICES_JSON).map_err(|e| format!("sensitive-services.json: {e}"))?;
    let o: OperatorsFile = serde_json::from_str(OPERATORS_JSON)
        .map_err(|e| format!("condition-operators.json: {e}"))?;
    Ok(Content {
        methods: m.methods,
        exfiltration: x.actions,
        exposure: r.actions,
        credentials: c.actions,
        services: s.services,
        operators: o.operators,
        restricting_keys: o.restricting_keys,
    })
}

/// The embedded content. It is validated by this module's tests, so the
/// parse cannot fail in a released binary.
pub fn get() -> &'static Content {
    static C: OnceLock<Content> = OnceLock::new();
    C.get_or_init(|| parse().expect("content/iam is validated by tests"))
}

impl Content {
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services
            .iter()
            .find(|s| s.service.eq_ignore_ascii_case(name))
    }

    /// Is `op` a known condition operator, allowing the `IfExists` suffix
    /// and the `ForAllValues:`/`ForAnyValue:` prefixes? Case-insensitive.
    pub fn is_known_operator(&self, op: &str) -> bool {
        let mut base = op;
        for prefix in ["ForAllValues:", "ForAnyValue:"] {
            if base.len() >= prefix.len() && base[..prefix.len()].eq_ignore_ascii_case(prefix) {
                base = &base[prefix.len()..];
                break;
            }
        }
        let lower = base.to_ascii_lowercase();
        let (core, if_exists) = match lower.strip_suffix("ifexists") {
            Some(c) => (c.to_string(), true),
            None => (lower.clone(), false),
        };
        self.operators.iter().any(|o| {
            o.eq_ignore_ascii_case(&core) && !(if_exists && o.eq_ignore_ascii_case("Null"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn well_formed_action(a: &str) -> bool {
        let Some((svc, name)) = a.split_once(':') else {
            return false;
        };
        !svc.is_empty()
            && svc
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && name.chars().next().unwrap().is_ascii_alphabetic()
    }

    #[test]
    fn content_parses_and_is_well_formed() {
        let c = parse().unwrap();
        assert!(c.methods.len() >= 30, "{}", c.methods.len());
        let mut ids = HashSet::new();
        for m in &c.methods {
            assert!(ids.insert(m.id.clone()), "duplicate method {}", m.id);
            assert!(!m.actions.is_empty() && !m.how.is_empty(), "{}", m.id);
            for a in m.actions.iter().chain(&m.deny) {
                assert!(well_formed_action(a), "{}: {a}", m.id);
            }
            if m.pass_role.is_some() {
                assert!(m.actions.iter().any(|a| a == "iam:PassRole"), "{}", m.id);
            }
        }
        for (name, list) in [
            ("exfiltration", &c.exfiltration),
            ("exposure", &c.exposure),
            ("credentials", &c.credentials),
        ] {
            let mut seen = HashSet::new();
            assert!(list.len() >= 15, "{name}");
            for a in list {
                assert!(well_formed_action(&a.action), "{name}: {}", a.action);
                assert!(
                    seen.insert(a.action.clone()),
                    "{name}: duplicate {}",
                    a.action
                );
                assert!(
                    a.arn == "*" || a.arn.starts_with("arn:aws:"),
                    "{name}: {}",
                    a.arn
                );
            }
        }
        let mut seen = HashSet::new();
        for s in &c.services {
            assert!(seen.insert(s.service.clone()));
            for r in &s.read {
                assert!(r.starts_with(&format!("{}:", s.service)), "{r}");
            }
        }
        assert_eq!(c.operators.len(), 27);
        assert!(c.restricting_keys.iter().any(|k| k == "sts:ExternalId"));
    }

    #[test]
    fn operators_with_suffix_and_prefix() {
        let c = get();
        for op in [
            "StringEquals",
            "stringequals",
            "StringLikeIfExists",
            "ForAllValues:StringEquals",
            "ForAnyValue:ArnLikeIfExists",
            "Null",
            "Bool",
        ] {
            assert!(c.is_known_operator(op), "{op}");
        }
        for op in [
            "StringEqual",
            "NullIfExists",
            "ForSomeValues:StringEquals",
            "ForAllValues:",
            "IfExists",
            "StringEqualsIfExistsIfExists",
        ] {
            assert!(!c.is_known_operator(op), "{op}");
        }
    }
}
