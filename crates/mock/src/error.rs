//! Errors of the mock builder and the debrief.

/// Why a mock could not be built or debriefed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MockError {
    /// Embedded content of another crate did not load.
    #[error("content: {0}")]
    Content(String),
    /// The library lacks what a round needs.
    #[error("not enough content for {what}: {detail}")]
    NotEnough { what: &'static str, detail: String },
    /// The results do not match the mock's rounds.
    #[error("{0} results given for a mock of {1} rounds")]
    ResultCount(usize, usize),
    /// A technical score outside 0-100, or a missing one.
    #[error("round {round}: {message}")]
    BadResult { round: usize, message: String },
}
