//! The emergency plan: the interview is tomorrow.
//!
//! With one day there is no time to learn anything new, only to make what is
//! already known quick to recall and to remove avoidable risk on the day.
//! The order below is the order of value:
//!
//! 1. the strongest stories, told aloud and timed (half the score is
//!    behavioural, and stories decay fastest under stress);
//! 2. one short drill of each technical kind, so each method is warm;
//! 3. the day-before checklist (format, technology, logistics, sleep).
//!
//! Those fit in one hour, the smallest budget. More time buys, in order, a
//! pass over the rest of the story bank against the principles, a question
//! review, a full phone-screen mock and tomorrow's checklist.

use crate::fit::fit;
use crate::types::{Item, ItemKind};
use crate::Role;

pub fn day(role: Role, budget: u32) -> Vec<Item> {
    let scenario = role.scenarios()[0];
    let exercise = role.exercises()[0];
    let candidates = vec![
        Item::new(
            ItemKind::StarStory,
            15,
            "Tell your three strongest stories aloud, each timed against 3-4 minutes",
        ),
        Item::new(
            ItemKind::ThreatModelDrill,
            15,
            format!("Quick threat model of {scenario}: map it, STRIDE the critical flow, one measurable mitigation per threat"),
        ),
        Item::new(
            ItemKind::CodeReviewDrill,
            10,
            "Quick code review: one snippet, explain the worst flaw and its fix as you would to a developer",
        ),
        Item::new(
            ItemKind::ScriptingDrill,
            10,
            format!("Quick script from memory: {exercise}"),
        ),
        Item::new(
            ItemKind::Checklist,
            10,
            "Checklist: the day before (format, technology test, logistics, sleep)",
        ),
        Item::new(
            ItemKind::StarStory,
            30,
            "Map your remaining stories to the 16 principles; pick a back-up story for each gap",
        ),
        Item::new(
            ItemKind::Questions,
            30,
            "Question review of your weakest topics: key points only, no new material",
        ),
        Item::new(
            ItemKind::MockPhone,
            60,
            "Mock phone screen: 15 min threat model, 10 code review, 5 scripting, then 30 behavioural",
        ),
        Item::new(
            ItemKind::Checklist,
            10,
            "Checklist: interview day (read it tonight so tomorrow runs on rails)",
        ),
        Item::new(ItemKind::Rest, 0, "Rest: stop by the evening and sleep"),
    ];
    fit(candidates, budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smallest_budget_keeps_stories_each_drill_and_checklist() {
        let items = day(Role::General, 60);
        let kinds: Vec<ItemKind> = items.iter().map(|i| i.kind).collect();
        assert_eq!(
            kinds,
            [
                ItemKind::StarStory,
                ItemKind::ThreatModelDrill,
                ItemKind::CodeReviewDrill,
                ItemKind::ScriptingDrill,
                ItemKind::Checklist,
                ItemKind::Rest,
            ]
        );
        assert_eq!(items.iter().map(|i| i.minutes).sum::<u32>(), 60);
    }

    #[test]
    fn three_hours_add_the_mock() {
        let items = day(Role::Cloud, 180);
        assert!(items.iter().any(|i| i.kind == ItemKind::MockPhone));
        assert!(items.iter().map(|i| i.minutes).sum::<u32>() <= 180);
        assert!(
            items[3].title.contains("IAM"),
            "cloud role scripts IAM first"
        );
    }
}
