//! **Recent enough.**
//!
//! What: the story's month must fall within the last three years
//! ([`MAX_MONTHS`] calendar months) before `today`, and not in the future.
//!
//! Why: interviewers ask for recent examples because they show who you are
//! now; a story from five years ago invites "what have you done since?".
//! A future date is a typo that will confuse whoever reads the bank.
//!
//! Example: with today 2025-06-15, a story dated `2022-05` is 37 months old
//! and is flagged; `2022-06` (36 months) passes.
//!
//! Fix: replace it with a newer story for the same principle, or keep it only
//! as a back-up if nothing recent shows the principle as well.

use time::Date;

use crate::checks::{Check, Issue, Severity};
use crate::Story;

pub const MAX_MONTHS: i64 = 36;

pub fn check(story: &Story, today: Date) -> Vec<Issue> {
    let age = story.date.months_until(today);
    let (severity, message) = if age < 0 {
        (
            Severity::Error,
            format!("dated {} which is after today; check the date", story.date),
        )
    } else if age > MAX_MONTHS {
        (
            Severity::Warning,
            format!(
                "dated {} ({age} months ago), older than the three-year window; use a more recent example",
                story.date
            ),
        )
    } else {
        return Vec::new();
    };
    vec![Issue::new(Check::Recency, severity, None, message)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixture::story;
    use crate::YearMonth;
    use time::macros::date;

    fn dated(y: i32, m: u8) -> Story {
        let mut s = story("s", "t", "a", "r");
        s.date = YearMonth::new(y, m).unwrap();
        s
    }

    #[test]
    fn window_edges() {
        let today = date!(2025 - 06 - 15);
        assert!(check(&dated(2022, 6), today).is_empty());
        assert!(check(&dated(2025, 6), today).is_empty());
        let old = check(&dated(2022, 5), today);
        assert_eq!(old[0].severity, Severity::Warning);
        assert!(old[0].message.contains("37 months ago"));
        let future = check(&dated(2025, 7), today);
        assert_eq!(future[0].severity, Severity::Error);
    }
}
