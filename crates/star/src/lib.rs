//! `star`: the STAR story coach.
//!
//! A behavioural answer is scored on its shape (Situation, Task, Action,
//! Result), on whether the result is measured, on whether the candidate says
//! what *they* did, on how long it takes to tell, on how recent it is and on
//! how firmly it is worded. [`lint`] checks one [`Story`] against each of
//! those bars, one check per file in [`checks`]; [`Coverage`] maps a whole
//! story bank onto the sixteen Leadership Principles and reports the gaps and
//! the stories stretched over too many principles.
//!
//! The library does no I/O: the word list and the principles are embedded
//! from `content/prep/` at build time and validated by tests.

pub mod checks;
mod content;
mod coverage;
mod story;
mod text;

pub use checks::{Check, Issue, Severity};
pub use content::{principles, word_list, Principle, WordKind, WordList, WordRule};
pub use coverage::{Coverage, CoverageRow, OverReused, UnknownPrinciple, MAX_PRINCIPLES_PER_STORY};
pub use story::{parse_bank, Part, Story, StoryMetrics, YearMonth};
pub use time::Date;

/// Errors from parsing stories or the embedded content.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum StarError {
    /// A date that is not `YYYY-MM` with a month from 01 to 12.
    #[error("invalid story date `{0}`: expected YYYY-MM, e.g. 2024-03")]
    InvalidDate(String),
    /// A story bank (TOML) that does not parse; the message names line and column.
    #[error("story bank: {0}")]
    Parse(String),
    /// Embedded or user-supplied content that breaks its own rules.
    #[error("content {file}: {message}")]
    Content { file: String, message: String },
}

/// Lint one story with the built-in word list, as of `today`.
///
/// Returns every problem found, sorted by check then part, so the output is
/// deterministic. An empty vector means the story meets every bar.
pub fn lint(story: &Story, today: Date) -> Vec<Issue> {
    lint_with(story, today, word_list())
}

/// [`lint`] with a caller-supplied filler/weasel word list.
pub fn lint_with(story: &Story, today: Date, words: &WordList) -> Vec<Issue> {
    let mut issues = Vec::new();
    issues.extend(checks::parts::check(story));
    issues.extend(checks::result_metric::check(story));
    issues.extend(checks::ownership::check(story));
    issues.extend(checks::length::check(story));
    issues.extend(checks::recency::check(story, today));
    issues.extend(checks::filler::check(story, words));
    issues.sort_by(|a, b| (a.check, a.part, &a.message).cmp(&(b.check, b.part, &b.message)));
    issues
}
