//! **"I" against "we" in the action.**
//!
//! What: counts first-person singular words (I, me, my, mine, myself and
//! their contractions) against first-person plural ones (we, us, our, ours,
//! ourselves, ...) in the action, reports the "I" share, and flags the story
//! when "we" outnumbers "I", or when the action names nobody at all.
//!
//! Why: the interviewer is hiring you, not your team. An action told as "we"
//! hides which decisions were yours, and the Bar Raiser will spend follow-up
//! time digging for them instead of scoring the principle.
//!
//! Example: "We triaged the alerts, we rotated the keys and our team wrote a
//! runbook" has 0 "I" and 3 "we": the share of "I" is 0% and it is flagged.
//!
//! Fix: retell the action with "I" for every step you drove ("I triaged...,
//! I asked the platform team to...") and keep "we" for the genuinely joint
//! parts, credited briefly.

use crate::checks::{Check, Issue, Severity};
use crate::{text, Part, Story};

const SINGULAR: &[&str] = &[
    "i", "me", "my", "mine", "myself", "i'm", "i've", "i'd", "i'll",
];
const PLURAL: &[&str] = &[
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "we're",
    "we've",
    "we'd",
    "we'll",
];

/// (singular, plural) first-person counts in `text`.
pub fn counts(text: &str) -> (usize, usize) {
    let mut i = 0;
    let mut we = 0;
    for w in text::words(text) {
        let w = text::normalise(w);
        if SINGULAR.contains(&w.as_str()) {
            i += 1;
        } else if PLURAL.contains(&w.as_str()) {
            we += 1;
        }
    }
    (i, we)
}

/// Share of "I" among first-person words, `None` if there are none.
pub fn share(i: usize, we: usize) -> Option<f64> {
    let total = i + we;
    (total > 0).then(|| i as f64 / total as f64)
}

pub fn check(story: &Story) -> Vec<Issue> {
    if story.action.trim().is_empty() {
        return Vec::new();
    }
    let (i, we) = counts(&story.action);
    let msg = match share(i, we) {
        None => "the action never says who acted (no \"I\" or \"we\"); tell it as \"I did ...\"".to_string(),
        Some(s) if we > i => format!(
            "\"we\" dominates the action: {i} \"I\" against {we} \"we\" ({:.0}% \"I\"); say which steps you drove",
            s * 100.0
        ),
        Some(_) => return Vec::new(),
    };
    vec![Issue::new(
        Check::Ownership,
        Severity::Warning,
        Some(Part::Action),
        msg,
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixture::story;

    #[test]
    fn counts_pronouns_and_contractions() {
        assert_eq!(
            counts("I met them; we agreed. I’m sure our plan, and my plan, suits us."),
            (3, 3)
        );
        assert_eq!(counts("Iceland, weather, usual"), (0, 0));
    }

    #[test]
    fn we_dominated_action_is_flagged_with_share() {
        let s = story(
            "s",
            "t",
            "We triaged alerts, we rotated keys and our team wrote a runbook. I reviewed it.",
            "r",
        );
        let issues = check(&s);
        assert_eq!(issues.len(), 1);
        assert!(
            issues[0]
                .message
                .contains("1 \"I\" against 3 \"we\" (25% \"I\")"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn i_led_action_passes_and_anonymous_action_is_flagged() {
        assert!(check(&story(
            "s",
            "t",
            "I wrote the rule and we shipped it; I measured it.",
            "r"
        ))
        .is_empty());
        let tie = story("s", "t", "I proposed it and we built it.", "r");
        assert!(check(&tie).is_empty(), "a tie is not domination");
        let anon = check(&story(
            "s",
            "t",
            "The keys were rotated and the policy was fixed.",
            "r",
        ));
        assert!(anon[0].message.contains("never says who acted"));
    }

    #[test]
    fn share_is_none_without_pronouns() {
        assert_eq!(share(0, 0), None);
        assert_eq!(share(3, 1), Some(0.75));
    }
}
