//! Why a drill answer could not be graded.

use report::Diagnostic;

#[derive(Debug, Clone, thiserror::Error)]
pub enum GradeError {
    /// The scenario name is not one of the built-in scenarios.
    #[error("unknown scenario `{name}`; the scenarios are: {}", known.join(", "))]
    UnknownScenario { name: String, known: Vec<String> },
    /// The answer does not parse or does not validate. Each diagnostic
    /// carries the line and column the threat-model parser reported, sorted
    /// by position; all of them are returned so the candidate fixes the
    /// file in one round.
    #[error("{}", join(.0))]
    Parse(Vec<Diagnostic>),
    /// The embedded threat-model content is broken (a build defect).
    #[error(transparent)]
    Content(#[from] threat_model::content::ContentError),
    /// The scenario's own reference model does not parse (a build defect,
    /// caught by this crate's tests).
    #[error("the reference model of scenario `{scenario}` is invalid: {}", join(.diagnostics))]
    Reference {
        scenario: String,
        diagnostics: Vec<Diagnostic>,
    },
}

impl GradeError {
    /// The positioned diagnostics of a parse error (empty for other errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            GradeError::Parse(d) => d,
            GradeError::Reference { diagnostics, .. } => diagnostics,
            _ => &[],
        }
    }
}

fn join(d: &[Diagnostic]) -> String {
    d.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
