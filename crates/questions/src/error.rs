//! Typed errors for loading the bank and for scheduling.

use thiserror::Error;

/// Why a question bank could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BankError {
    /// A content file is not valid TOML or does not match the schema.
    #[error("{path}:{line}:{column}: {message}")]
    Parse {
        path: String,
        line: u32,
        column: u32,
        message: String,
    },
    /// The bank parsed but breaks one or more rules (see [`crate::validate`]).
    #[error("question bank is invalid:\n{}", .0.iter().map(|p| format!("  - {p}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<crate::validate::Problem>),
}

/// Why a review could not be scheduled.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ScheduleError {
    /// The card carries a memory state FSRS rejects (non-finite or out-of-range numbers,
    /// usually from a hand-edited or corrupted export).
    #[error("card `{id}` has an invalid memory state (stability {stability}, difficulty {difficulty}); reset the card to start it again")]
    InvalidState {
        id: String,
        stability: f32,
        difficulty: f32,
    },
    /// FSRS itself refused the input.
    #[error("FSRS could not schedule card `{id}`: {message}")]
    Fsrs { id: String, message: String },
}
