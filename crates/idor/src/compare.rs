//! Enforcement detectors, Autorize style: the response another identity
//! (or nobody) got for the owner's object is compared with the owner's own
//! response, and with what a refusal looks like.
//!
//! * **Status**: a status in the enforced set (every 4xx by default) means
//!   the server refused.
//! * **Body pattern**: a 2xx whose body says "forbidden", "access denied",
//!   "not found"... (configurable regex) is a refusal dressed as success.
//! * **Length delta**: a body within the given fraction of the owner's
//!   length is likely the same object.
//! * **JSON structure**: the Jaccard similarity of the two bodies' key
//!   paths; the same object has the same shape.
//!
//! A 2xx that is identical to the owner's, or shaped the same (similarity
//! at or above the threshold) and either carries the object's id or is
//! within the length delta, is a **bypass**. Any other 2xx, a 3xx or a 5xx
//! is **needs review**: something came back, but not clearly the object.

use regex::Regex;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The server refused: authorization is enforced.
    Enforced,
    /// Someone else got the owner's object: a confirmed IDOR.
    Bypassed,
    /// A response that is neither a clear refusal nor the object.
    NeedsReview,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Enforced => "enforced",
            Verdict::Bypassed => "bypassed",
            Verdict::NeedsReview => "needs review",
        }
    }
}

/// The configurable detectors.
#[derive(Debug, Clone)]
pub struct Detectors {
    /// Statuses that mean "refused". Default: 400-499.
    pub enforced_status: Vec<(u16, u16)>,
    pub enforced_pattern: Regex,
    /// `|len(other) - len(owner)| / len(owner)` at or below this is "same length".
    pub length_delta: f64,
    /// Key-path Jaccard similarity at or above this is "same shape".
    pub similarity: f64,
}

impl Default for Detectors {
    fn default() -> Self {
        Detectors {
            enforced_status: vec![(400, 499)],
            enforced_pattern: Regex::new(
                r"(?i)\b(forbidden|unauthori[sz]ed|access denied|not allowed|permission denied|not permitted|not found|no such)\b",
            )
            .expect("valid default pattern"),
            length_delta: 0.15,
            similarity: 0.8,
        }
    }
}

/// What a response looked like, as far as the detectors care.
#[derive(Debug, Clone, Copy)]
pub struct Seen<'a> {
    pub status: u16,
    pub body: &'a [u8],
}

impl Detectors {
    /// Parse `401,403,404` or `400-499,302`.
    pub fn parse_status(s: &str) -> Result<Vec<(u16, u16)>, String> {
        s.split(',')
            .map(|p| {
                let p = p.trim();
                let (a, b) = p.split_once('-').unwrap_or((p, p));
                match (a.trim().parse::<u16>(), b.trim().parse::<u16>()) {
                    (Ok(a), Ok(b)) if (100..=599).contains(&a) && a <= b && b <= 599 => Ok((a, b)),
                    _ => Err(format!("`{p}` is not a status or a range like 400-499")),
                }
            })
            .collect()
    }

    fn refused_status(&self, s: u16) -> bool {
        self.enforced_status
            .iter()
            .any(|&(a, b)| (a..=b).contains(&s))
    }

    /// Judge `other` against the `owner`'s response for the object `id`.
    pub fn judge(&self, owner: Seen<'_>, other: Seen<'_>, id: &str) -> (Verdict, Vec<String>) {
        let mut why = Vec::new();
        if self.refused_status(other.status) {
            why.push(format!("status {} is a refusal", other.status));
            return (Verdict::Enforced, why);
        }
        if !(200..300).contains(&other.status) {
            why.push(format!(
                "status {} is neither a refusal nor a success",
                other.status
            ));
            return (Verdict::NeedsReview, why);
        }
        let text = String::from_utf8_lossy(other.body);
        let owner_text = String::from_utf8_lossy(owner.body);
        if let Some(m) = self.enforced_pattern.find(&text) {
            if !self.enforced_pattern.is_match(&owner_text) {
                why.push(format!(
                    "status {} but the body says \"{}\"",
                    other.status,
                    m.as_str()
                ));
                return (Verdict::Enforced, why);
            }
        }
        if other.body == owner.body && !other.body.is_empty() {
            why.push(format!(
                "status {} and a body identical to the owner's",
                other.status
            ));
            return (Verdict::Bypassed, why);
        }
        let delta = length_delta(owner.body.len(), other.body.len());
        let same_length = delta <= self.length_delta;
        let carries_id = !id.is_empty() && text.contains(id);
        match (
            serde_json::from_slice::<Value>(owner.body),
            serde_json::from_slice::<Value>(other.body),
        ) {
            (Ok(a), Ok(b)) => {
                let sim = similarity(&a, &b);
                if sim >= self.similarity && (carries_id || same_length) {
                    why.push(format!(
                        "status {}, JSON shape {:.0}% like the owner's{}{}",
                        other.status,
                        sim * 100.0,
                        if carries_id {
                            ", carries the object id"
                        } else {
                            ""
                        },
                        if same_length {
                            format!(", length within {:.0}%", delta * 100.0)
                        } else {
                            String::new()
                        }
                    ));
                    (Verdict::Bypassed, why)
                } else {
                    why.push(format!(
                        "status {} but JSON shape only {:.0}% like the owner's (threshold {:.0}%)",
                        other.status,
                        sim * 100.0,
                        self.similarity * 100.0
                    ));
                    (Verdict::NeedsReview, why)
                }
            }
            _ if owner.body.is_empty() && other.body.is_empty() => {
                why.push(format!(
                    "status {} like the owner's (no body to compare)",
                    other.status
                ));
                (Verdict::Bypassed, why)
            }
            _ if same_length && (carries_id || id.is_empty() || delta == 0.0) => {
                why.push(format!(
                    "status {}, length within {:.0}% of the owner's",
                    other.status,
                    delta * 100.0
                ));
                (Verdict::Bypassed, why)
            }
            _ => {
                why.push(format!(
                    "status {} but the body differs from the owner's ({:.0}% length change)",
                    other.status,
                    delta * 100.0
                ));
                (Verdict::NeedsReview, why)
            }
        }
    }
}

fn length_delta(a: usize, b: usize) -> f64 {
    if a == 0 && b == 0 {
        0.0
    } else {
        (a as f64 - b as f64).abs() / (a.max(1) as f64)
    }
}

/// Jaccard similarity of the sets of key paths (`/items/*/price`) of two
/// JSON values; 1.0 for two scalars.
pub fn similarity(a: &Value, b: &Value) -> f64 {
    let (mut x, mut y) = (BTreeSet::new(), BTreeSet::new());
    paths(a, String::new(), &mut x, 0);
    paths(b, String::new(), &mut y, 0);
    if x.is_empty() && y.is_empty() {
        return if std::mem::discriminant(a) == std::mem::discriminant(b) {
            1.0
        } else {
            0.0
        };
    }
    let inter = x.intersection(&y).count() as f64;
    let union = x.union(&y).count() as f64;
    inter / union
}

fn paths(v: &Value, prefix: String, out: &mut BTreeSet<String>, depth: u32) {
    if depth > 16 || out.len() > 5_000 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{prefix}/{k}");
                out.insert(p.clone());
                paths(x, p, out, depth + 1);
            }
        }
        Value::Array(a) => {
            for x in a.iter().take(20) {
                paths(x, format!("{prefix}/*"), out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(s: u16, b: &str) -> Seen<'_> {
        Seen {
            status: s,
            body: b.as_bytes(),
        }
    }

    #[test]
    fn verdicts() {
        let d = Detectors::default();
        let owner = j(
            200,
            r#"{"id":1001,"owner_id":2,"item":"lamp","quantity":1}"#,
        );
        assert_eq!(
            d.judge(owner, j(404, r#"{"error":"order not found"}"#), "1001")
                .0,
            Verdict::Enforced
        );
        assert_eq!(
            d.judge(owner, j(200, r#"{"error":"Forbidden"}"#), "1001").0,
            Verdict::Enforced
        );
        assert_eq!(d.judge(owner, owner, "1001").0, Verdict::Bypassed);
        // same shape, other values, carries the id: the object leaked
        assert_eq!(
            d.judge(
                owner,
                j(
                    200,
                    r#"{"id":1001,"owner_id":2,"item":"lamp shade","quantity":12}"#
                ),
                "1001"
            )
            .0,
            Verdict::Bypassed
        );
        // a 200 with an unrelated shape: look at it
        assert_eq!(
            d.judge(owner, j(200, r#"{"results":[],"page":1}"#), "1001")
                .0,
            Verdict::NeedsReview
        );
        assert_eq!(
            d.judge(owner, j(500, "oops"), "1001").0,
            Verdict::NeedsReview
        );
        assert_eq!(d.judge(owner, j(302, ""), "1001").0, Verdict::NeedsReview);
        let strict = Detectors {
            enforced_status: Detectors::parse_status("401,403").unwrap(),
            ..Detectors::default()
        };
        assert_eq!(
            strict.judge(owner, j(404, "{}"), "1001").0,
            Verdict::NeedsReview
        );
        assert!(Detectors::parse_status("4x").is_err());
        assert_eq!(
            Detectors::parse_status("400-499, 302").unwrap(),
            vec![(400, 499), (302, 302)]
        );
    }

    #[test]
    fn shape_similarity() {
        let a: Value = serde_json::from_str(r#"{"a":1,"b":{"c":2}}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a":5,"b":{"c":9}}"#).unwrap();
        let c: Value = serde_json::from_str(r#"{"x":1}"#).unwrap();
        assert_eq!(similarity(&a, &b), 1.0);
        assert_eq!(similarity(&a, &c), 0.0);
    }
}
