//! The state file: results the user has accepted (known issues, or
//! verdicts reviewed and found fine). A later run against the same API
//! reports only what is not in it, so a fixed issue that comes back, or a
//! new operation that leaks, stands out as a regression.

use report::{Diagnostic, Finding};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct State {
    pub version: u32,
    /// finding id -> what was accepted.
    pub accepted: BTreeMap<String, Accepted>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Accepted {
    pub rule: String,
    pub title: String,
    pub severity: String,
}

impl State {
    pub fn parse(name: &str, text: &str) -> Result<State, Diagnostic> {
        let s: State = serde_json::from_str(text).map_err(|e| {
            Diagnostic::new(name, e.line() as u32, e.column() as u32, format!("not a barraiser idor state file: {e}"))
                .with_help("the file is written by `barraiser idor --state FILE --accept`; delete it to start over")
        })?;
        if s.version != 1 {
            return Err(Diagnostic::new(
                name,
                1,
                1,
                format!(
                    "state file version {} is not supported (expected 1)",
                    s.version
                ),
            ));
        }
        Ok(s)
    }

    /// Findings not accepted, and how many were.
    pub fn regressions(&self, findings: Vec<Finding>) -> (Vec<Finding>, usize) {
        let before = findings.len();
        let kept: Vec<Finding> = findings
            .into_iter()
            .filter(|f| !self.accepted.contains_key(&f.id))
            .collect();
        let n = before - kept.len();
        (kept, n)
    }

    /// Accept `findings` (added to what is already accepted).
    pub fn accept(&mut self, findings: &[Finding]) {
        self.version = 1;
        for f in findings {
            self.accepted.insert(
                f.id.clone(),
                Accepted {
                    rule: f.rule_id.clone(),
                    title: f.title.clone(),
                    severity: format!("{:?}", f.severity).to_lowercase(),
                },
            );
        }
    }

    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("state serializes");
        s.push('\n');
        s
    }
}
