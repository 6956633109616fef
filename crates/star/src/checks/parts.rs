//! **Parts present and substantial.**
//!
//! What: each of Situation, Task, Action and Result must be present and hold
//! at least a minimum number of spoken words ([`MIN_WORDS`]).
//!
//! Why: interviewers score against the STAR shape. A story that skips the
//! task leaves them guessing what success meant; one with a two-line action
//! gives them nothing to assess, and the action is where the principle shows.
//!
//! Example: `action = "I fixed the bucket policy."` (5 words) is flagged:
//! the action needs at least 40 words.
//!
//! Fix: expand the thin part. For the action, list the decisions you made, in
//! order, with why; for the result, give the measured outcome and what changed
//! afterwards.

use crate::checks::{Check, Issue, Severity};
use crate::{text, Part, Story};

/// Minimum spoken words per part: situation, task, action, result.
pub const MIN_WORDS: [(Part, usize); 4] = [
    (Part::Situation, 20),
    (Part::Task, 10),
    (Part::Action, 40),
    (Part::Result, 15),
];

pub fn check(story: &Story) -> Vec<Issue> {
    MIN_WORDS
        .iter()
        .filter_map(|&(part, min)| {
            let n = text::word_count(story.part(part));
            if n == 0 {
                Some(Issue::new(
                    Check::Parts,
                    Severity::Error,
                    Some(part),
                    format!("the {part} is missing; write at least {min} words for it"),
                ))
            } else if n < min {
                Some(Issue::new(
                    Check::Parts,
                    Severity::Error,
                    Some(part),
                    format!("the {part} has {n} words, below the {min}-word minimum; expand it"),
                ))
            } else {
                None
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixture::{story, words};

    #[test]
    fn full_parts_pass() {
        let s = story(&words(20), &words(10), &words(40), &words(15));
        assert!(check(&s).is_empty());
    }

    #[test]
    fn missing_and_thin_parts_are_flagged() {
        let s = story("", &words(9), &words(40), "   ");
        let issues = check(&s);
        let parts: Vec<_> = issues.iter().map(|i| i.part.unwrap()).collect();
        assert_eq!(parts, [Part::Situation, Part::Task, Part::Result]);
        assert!(issues[0].message.contains("missing"));
        assert!(issues[1].message.contains("9 words"));
    }

    #[test]
    fn punctuation_is_not_a_word() {
        let s = story(
            &words(20),
            &words(10),
            &format!("{} - - ...", words(39)),
            &words(15),
        );
        assert_eq!(check(&s).len(), 1);
    }
}
