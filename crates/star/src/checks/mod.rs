//! One file per check. Each exposes `check(...) -> Vec<Issue>` and documents
//! what it looks for, why an interviewer cares, an example and the fix.

use std::fmt;

use serde::Serialize;

use crate::Part;

pub mod filler;
pub mod length;
pub mod ownership;
pub mod parts;
pub mod recency;
pub mod result_metric;

/// Which check raised an issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Check {
    Parts,
    ResultMetric,
    Ownership,
    Length,
    Recency,
    Filler,
}

impl Check {
    pub fn as_str(self) -> &'static str {
        match self {
            Check::Parts => "parts",
            Check::ResultMetric => "result-metric",
            Check::Ownership => "ownership",
            Check::Length => "length",
            Check::Recency => "recency",
            Check::Filler => "filler",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How much an issue costs the story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Weakens the story; fix before the interview.
    Warning,
    /// Fails a bar outright (missing part, no metric, wrong length).
    Error,
}

/// One problem with a story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    pub check: Check,
    pub severity: Severity,
    /// The part it concerns, when it concerns one part.
    pub part: Option<Part>,
    /// What is wrong, with the measured figure, and what to do.
    pub message: String,
}

impl Issue {
    pub(crate) fn new(
        check: Check,
        severity: Severity,
        part: Option<Part>,
        message: String,
    ) -> Self {
        Issue {
            check,
            severity,
            part,
            message,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.part {
            Some(p) => write!(f, "{sev}[{}] {p}: {}", self.check, self.message),
            None => write!(f, "{sev}[{}] {}", self.check, self.message),
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture {
    use crate::{Story, YearMonth};

    /// A story whose parts are `n` filler-free words each.
    pub fn story(situation: &str, task: &str, action: &str, result: &str) -> Story {
        Story {
            title: "t".into(),
            principles: vec!["ownership".into()],
            date: YearMonth::new(2024, 6).unwrap(),
            situation: situation.into(),
            task: task.into(),
            action: action.into(),
            result: result.into(),
        }
    }

    pub fn words(n: usize) -> String {
        vec!["alpha"; n].join(" ")
    }
}
