//! `plan`: the preparation plan from today to the interview.
//!
//! The program follows the four-week shape of the source material: technical
//! weeks first (threat modeling, then code review, then scripting and
//! automation, each block sized by role), then behavioural weeks (writing a
//! STAR story per Leadership Principle, telling them aloud, phone-screen and
//! loop mocks), and a light final day with the day-before checklist. With
//! fewer than 28 days the same order is kept and each phase shrinks in
//! proportion, while every plan still holds at least one drill of each kind;
//! with one day left the emergency plan applies. Every day fits the daily
//! budget, and the days run contiguously from today to the day before the
//! interview.
//!
//! Also here: the four checklists (`content/prep/checklists.toml`) and the
//! post-interview thank-you note.

mod build;
mod checklists;
mod emergency;
mod fit;
mod note;
mod role;
mod types;

pub use build::{build, MAX_DAYS, MAX_HOURS_PER_DAY, MIN_HOURS_PER_DAY, PROGRAM_DAYS};
pub use checklists::{checklist, checklists, parse_checklists, Checklist, ChecklistItem};
pub use note::thank_you_note;
pub use role::Role;
pub use time::Date;
pub use types::{Day, Item, ItemKind, Phase, Plan};

/// Why a plan cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanError {
    #[error("the interview is today ({0}): there is no day left to plan; read the interview-day checklist instead")]
    InterviewToday(Date),
    #[error("the interview date {interview} is before today ({today}); check the date")]
    InterviewPast { today: Date, interview: Date },
    #[error("the interview is {days} days away; plans cover at most {max} days, start later or pick the real date")]
    TooFarAhead { days: i64, max: i64 },
    #[error("hours per day must be between {min} and {max} (the phone-screen mock alone takes an hour), got {got}")]
    Hours { got: f64, min: f64, max: f64 },
    #[error("unknown role `{0}`: expected appsec, cloud, detection or general")]
    UnknownRole(String),
    #[error("content {file}: {message}")]
    Content { file: String, message: String },
}
