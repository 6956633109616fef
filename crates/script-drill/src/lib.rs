//! `script-drill`: the scripting drill.
//!
//! An exercise is data (`content/drills/scripting/<id>/exercise.toml`: the
//! statement, the input and output formats, a sample and the time bar, and
//! `reference.py`, a correct stdlib-only Python 3 solution). Its hidden
//! tests are generated in Rust ([`exercises`], one file per exercise) from a
//! seed, edge cases included, and the expected answer of each comes from
//! the project's engine for that question (`logs`, `iam`, ...) or, for
//! pure-logic questions, from Rust's own definition (for example
//! [`std::net::Ipv4Addr`]'s parser).
//!
//! [`run_drill`] runs the user's script (any argv; `python3 <script>` by
//! default) over the tests in the [`sandbox`]: wall time, memory and output
//! limits, an empty private directory, input on stdin. Only the user's
//! script (and, for the file-search exercise, that test's own file tree) is
//! written to disk; the hidden tests and their answers stay in memory. The
//! [`Report`] has pass/fail per test and, for the first failure, the input,
//! a unified diff of expected against got, and how the process ended.

pub mod content;
pub mod diff;
pub mod exercises;
pub mod runner;
pub mod tar;

pub use content::{exercise, exercises as all_exercises, Exercise, SampleFile};
pub use exercises::{generator, Generator, TestInput};
pub use runner::{
    attempt_seed, default_argv, default_limits, hidden_tests, run_drill, run_submission, Failure,
    Report, ShownLimits, Status, Test, TestResult, DEFAULT_TESTS,
};

/// Errors of the drill.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("content {path}: {message}")]
    Content { path: String, message: String },
    #[error("no exercise `{0}`; list them with `barraiser drill script --list`")]
    UnknownExercise(String),
    #[error("input of exercise {exercise} is not what its engine reads: {message}")]
    Engine { exercise: String, message: String },
    #[error(transparent)]
    Sandbox(#[from] sandbox::Error),
}
