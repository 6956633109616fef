//! **Filler, hedge and weasel words.**
//!
//! What: finds each phrase of the word list (`content/prep/star-words.toml`)
//! as whole words in the four parts, case-insensitively, and reports each
//! phrase once per part with its count and the reason it weakens the story.
//!
//! Why: hedges ("I think", "kind of") sound like you doubt your own account;
//! weasel words ("helped", "tried to", "contributed to") hide your share and
//! whether it worked; fillers ("basically", "very") spend seconds of a
//! four-minute budget on nothing.
//!
//! Example: "I basically helped the team" yields two issues: `basically`
//! (filler) and `helped` (weasel).
//!
//! Fix: delete fillers; replace hedges with the fact; replace weasel verbs
//! with the concrete thing you did and its outcome.

use crate::checks::{Check, Issue, Severity};
use crate::{Part, Story, WordList};

pub fn check(story: &Story, words: &WordList) -> Vec<Issue> {
    let mut issues = Vec::new();
    for part in Part::ALL {
        let text = story.part(part);
        for rule in &words.rules {
            let n = rule.count(text);
            if n > 0 {
                let times = if n == 1 {
                    "once".to_string()
                } else {
                    format!("{n} times")
                };
                issues.push(Issue::new(
                    Check::Filler,
                    Severity::Warning,
                    Some(part),
                    format!(
                        "\"{}\" ({}, {times}): {}",
                        rule.phrase,
                        kind_name(rule.kind),
                        rule.reason
                    ),
                ));
            }
        }
    }
    issues
}

fn kind_name(kind: crate::WordKind) -> &'static str {
    match kind {
        crate::WordKind::Filler => "filler",
        crate::WordKind::Hedge => "hedge",
        crate::WordKind::Weasel => "weasel",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixture::story;
    use crate::word_list;

    #[test]
    fn finds_each_phrase_per_part_with_counts() {
        let s = story(
            "It was basically a very, very old system.",
            "Own the fix.",
            "I basically helped the team and tried to patch it.",
            "Alerts fell 40%.",
        );
        let issues = check(&s, word_list());
        let got: Vec<_> = issues
            .iter()
            .map(|i| {
                (
                    i.part.unwrap(),
                    i.message.split('"').nth(1).unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Part::Situation, "basically".to_string()),
                (Part::Situation, "very".to_string()),
                (Part::Action, "basically".to_string()),
                (Part::Action, "tried to".to_string()),
                (Part::Action, "helped".to_string()),
            ]
        );
        assert!(
            issues[1].message.contains("(filler, 2 times)"),
            "{}",
            issues[1].message
        );
        assert!(issues[4].message.contains("(weasel, once)"));
    }

    #[test]
    fn clean_text_and_lookalikes_pass() {
        let s = story(
            "Every service was exposed.",
            "Justify the fix.",
            "I rotated every key.",
            "Zero leaks in 6 months.",
        );
        assert!(check(&s, word_list()).is_empty());
    }
}
