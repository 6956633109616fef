//! Baselines: the findings a team has accepted, so CI fails only on new
//! ones. An entry is keyed on a fingerprint, `rule:path:hash`, where the
//! hash is a truncated SHA-256 of the value ([`crate::Secret::hash`]): no
//! line number (entries survive lines moving) and never the value.

use report::Diagnostic;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    /// Where it was when recorded (informational; not part of the key).
    pub line: u32,
    /// The redacted value, so a reviewer can tell entries apart.
    pub redacted: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub entries: Vec<Entry>,
}

impl Baseline {
    pub fn new(mut entries: Vec<Entry>) -> Baseline {
        entries.sort();
        entries.dedup_by(|a, b| a.fingerprint == b.fingerprint);
        Baseline {
            version: 1,
            tool: "barraiser secrets".into(),
            entries,
        }
    }

    pub fn to_json(&self) -> String {
        report::to_json_pretty(self)
    }

    pub fn fingerprints(&self) -> BTreeSet<&str> {
        self.entries
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect()
    }

    /// Parse a baseline file, with a diagnostic naming the place and the
    /// fix when it is not one.
    pub fn parse(path: &str, bytes: &[u8]) -> Result<Baseline, Diagnostic> {
        let text = Diagnostic::check_text(path, bytes)?;
        let b: Baseline = serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(
                path,
                e.line() as u32,
                e.column() as u32,
                format!("not a secrets baseline: {e}"),
            )
            .with_help("create it with `barraiser secrets PATH --write-baseline FILE`")
        })?;
        if b.version != 1 {
            return Err(Diagnostic::new(
                path,
                1,
                1,
                format!("baseline version {} is not supported", b.version),
            )
            .with_help("write the baseline again with this barraiser version"));
        }
        Ok(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_errors() {
        let b = Baseline::new(vec![Entry {
            fingerprint: "jwt:a:00".into(),
            rule: "jwt".into(),
            path: "a".into(),
            line: 3,
            redacted: "eyJh…(80)".into(),
        }]);
        let back = Baseline::parse("b.json", b.to_json().as_bytes()).unwrap();
        assert_eq!(back.fingerprints(), b.fingerprints());
        let e = Baseline::parse("b.json", b"{\n  \"version\": 1,\n  oops").unwrap_err();
        assert_eq!((e.line, e.path.as_str()), (3, "b.json"));
        let e = Baseline::parse("b.json", b"{\"version\":9,\"tool\":\"x\",\"entries\":[]}")
            .unwrap_err();
        assert!(e.message.contains("version 9"));
        assert!(Baseline::parse("b.json", b"\x00").is_err());
    }
}
