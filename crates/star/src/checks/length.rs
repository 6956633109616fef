//! **Spoken length against the 3-4 minute bar.**
//!
//! What: estimates speaking time from the words in the four parts at
//! [`WORDS_PER_MINUTE`] (150, a calm interview pace) and flags a story under
//! 3:00 or over 4:00, reporting the estimate as `m:ss`.
//!
//! Why: a behavioural slot holds two or three principles in about half an
//! hour, with follow-ups. Under three minutes the story rarely carries enough
//! action to score; over four it eats the follow-up time and loses the
//! listener.
//!
//! Example: a 300-word story runs 2:00 and is flagged as too short; a
//! 700-word story runs 4:40 and is flagged as too long.
//!
//! Fix: too short: add the decisions in the action and the measured result.
//! Too long: cut the situation to two or three sentences; context is rarely
//! what is scored.

use crate::checks::{Check, Issue, Severity};
use crate::Story;

pub const WORDS_PER_MINUTE: u32 = 150;
/// The bar: at least 3:00 and at most 4:00.
pub const MIN_SECONDS: u32 = 180;
pub const MAX_SECONDS: u32 = 240;

/// Seconds to say `words` words at 150 wpm, rounded up.
pub fn spoken_seconds(words: usize) -> u32 {
    let words = u32::try_from(words).unwrap_or(u32::MAX / 60);
    (words.saturating_mul(60)).div_ceil(WORDS_PER_MINUTE)
}

/// `m:ss`.
pub fn mm_ss(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

pub fn check(story: &Story) -> Vec<Issue> {
    let words = story.word_count();
    let secs = spoken_seconds(words);
    let (verdict, advice) = if secs < MIN_SECONDS {
        ("too short", "add your decisions and the measured result")
    } else if secs > MAX_SECONDS {
        (
            "too long",
            "trim the situation and keep the action to the decisive steps",
        )
    } else {
        return Vec::new();
    };
    vec![Issue::new(
        Check::Length,
        Severity::Error,
        None,
        format!(
            "{verdict}: {words} words is about {} at {WORDS_PER_MINUTE} words per minute, outside the 3:00-4:00 bar; {advice}",
            mm_ss(secs)
        ),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixture::{story, words};

    fn of_len(n: usize) -> Story {
        story(&words(n), "", "", "")
    }

    #[test]
    fn boundaries_of_the_bar() {
        assert_eq!(spoken_seconds(450), 180);
        assert_eq!(spoken_seconds(449), 180, "rounded up");
        assert_eq!(spoken_seconds(447), 179);
        assert_eq!(spoken_seconds(600), 240);
        assert_eq!(spoken_seconds(601), 241);
        assert!(check(&of_len(450)).is_empty());
        assert!(check(&of_len(600)).is_empty());
        assert!(check(&of_len(447))[0].message.starts_with("too short"));
        assert!(check(&of_len(601))[0].message.starts_with("too long"));
    }

    #[test]
    fn reports_mm_ss() {
        assert_eq!(mm_ss(280), "4:40");
        assert_eq!(mm_ss(65), "1:05");
        let msg = &check(&of_len(300))[0].message;
        assert!(msg.contains("300 words is about 2:00"), "{msg}");
        let msg = &check(&of_len(700))[0].message;
        assert!(msg.contains("about 4:40"), "{msg}");
    }
}
