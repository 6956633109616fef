//! `tm-drill`: the threat-model drill grader.
//!
//! The candidate gets one of the threat-model engine's built-in scenarios
//! (its prompt and its minutes) and writes a model in the engine's YAML
//! format (docs/threat-model-format.md), usually with their own `threats:`,
//! `mitigations` and `critical_flow:`. [`grade`] parses the answer with the
//! engine's parser (errors come back positioned), then compares it with the
//! scenario's reference model as the engine analyses it, and lints it with
//! the engine's lint. [`Grade`] holds every part of the result and
//! [`Grade::to_markdown`] renders the report. The score and what each part
//! means are documented in [`grade`](mod@grade).
//!
//! ```
//! use std::time::Duration;
//! let answer = "name: My answer
//! actors:
//!   - {id: shopper, kind: browser}
//! services:
//!   - {id: edge, kind: api-gateway}
//! flows:
//!   - {id: pay, from: shopper, to: edge}
//! critical_flow: pay
//! ";
//! let g = tm_drill::grade("payment-fraud", answer, Duration::from_secs(12 * 60)).unwrap();
//! assert!(g.critical_flow.status.identified());
//! assert!(g.score < 60, "two elements out of many is a thin answer");
//! ```

pub mod compare;
mod error;
pub mod grade;
mod markdown;
pub mod matching;
mod starter;

pub use compare::{compare, Comparison};
pub use error::GradeError;
pub use grade::{
    Component, CriticalFlowResult, CriticalStatus, Grade, ItemKind, KeyItem, MitigationResult,
    Pace, RedFlag, StrideResult, StrideSource, VagueMitigation,
};
pub use matching::MatchedBy;
pub use starter::starter;

use std::time::Duration;
use threat_model::content::{Content, Scenario};
use threat_model::model::Model;

/// The file name diagnostics use when the caller gives none.
pub const ANSWER_PATH: &str = "answer.yaml";

/// Grade `user_yaml` as an answer to the built-in scenario `scenario_name`,
/// written in `elapsed`. Diagnostics name [`ANSWER_PATH`].
pub fn grade(scenario_name: &str, user_yaml: &str, elapsed: Duration) -> Result<Grade, GradeError> {
    grade_at(ANSWER_PATH, scenario_name, user_yaml, elapsed)
}

/// Like [`grade`], with the file name to put in diagnostics (the path the
/// candidate saved the answer under).
pub fn grade_at(
    path: &str,
    scenario_name: &str,
    user_yaml: &str,
    elapsed: Duration,
) -> Result<Grade, GradeError> {
    let (content, scenario, reference, user) = load(path, scenario_name, user_yaml)?;
    Ok(grade::grade_models(
        content, scenario, reference, user, elapsed,
    ))
}

/// The content, the scenario, its parsed reference and the parsed answer.
pub(crate) fn load(
    path: &str,
    scenario_name: &str,
    user_yaml: &str,
) -> Result<(&'static Content, &'static Scenario, Model, Model), GradeError> {
    let content = Content::embedded()?;
    let scenario = content
        .scenario(scenario_name)
        .ok_or_else(|| GradeError::UnknownScenario {
            name: scenario_name.to_string(),
            known: content.scenarios.iter().map(|s| s.name.clone()).collect(),
        })?;
    let reference = threat_model::parse_str(
        &format!("scenarios/{}", scenario.file),
        scenario.yaml,
        content,
    )
    .map_err(|diagnostics| GradeError::Reference {
        scenario: scenario.name.clone(),
        diagnostics,
    })?;
    let user = threat_model::parse_bytes(path, user_yaml.as_bytes(), content)
        .map_err(GradeError::Parse)?;
    Ok((content, scenario, reference, user))
}

/// Names of the built-in scenarios, in catalogue order.
pub fn scenarios() -> Result<Vec<&'static str>, GradeError> {
    Ok(Content::embedded()?
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect())
}
