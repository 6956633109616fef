//! The interview question bank and its spaced-repetition scheduler.
//!
//! * [`bank`]: typed questions loaded from the TOML files under `content/questions/`, which are
//!   embedded at build time: technical questions per area with the key points a strong answer
//!   hits, the 16 Amazon Leadership Principles and behavioural prompts for each.
//! * [`validate`]: the rules every bank must satisfy (unique kebab-case ids, 3-7 key points,
//!   every prompt's principle exists, minimum coverage per area and per principle, the whole
//!   OWASP Top 10 2021). The embedded bank is validated when it is first loaded.
//! * [`schedule`]: FSRS 6 scheduling (the `fsrs` crate, default parameters, desired retention
//!   0.9) over serde-serialisable [`Card`]s, and the daily review queue.
//!
//! The crate does no terminal I/O: loaders and the scheduler return typed errors.

pub mod bank;
pub mod error;
pub mod schedule;
pub mod validate;

pub use bank::{
    all_behavioral, all_technical, embedded, principles, Area, Bank, BehavioralPrompt, Depth,
    Owasp, Principle, TechnicalQuestion,
};
pub use error::{BankError, ScheduleError};
pub use schedule::{due, missing_cards, review, Card, Rating, Scheduler, DESIRED_RETENTION};
pub use validate::{validate, Problem};
