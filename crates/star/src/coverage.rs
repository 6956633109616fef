//! The coverage matrix: which principles the story bank can answer, which it
//! cannot (gaps) and which stories are stretched over too many principles.
//!
//! Interviewers in a loop each take two or three principles, and a later
//! interviewer may ask for a principle an earlier one already heard about. A
//! bank needs a story for every principle, and a story tagged with many
//! principles will be told twice and stretched thin: more than
//! [`MAX_PRINCIPLES_PER_STORY`] is flagged as over-reused.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::{Principle, Story};

/// A story mapped to more principles than this is over-reused.
pub const MAX_PRINCIPLES_PER_STORY: usize = 3;

/// One row of the matrix: a principle and the stories that answer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    pub principle_id: String,
    pub principle_name: String,
    /// Titles of the stories tagged with this principle, in bank order.
    pub stories: Vec<String>,
}

/// A story used for more than [`MAX_PRINCIPLES_PER_STORY`] principles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverReused {
    pub title: String,
    pub principles: Vec<String>,
}

/// A story tagged with an id that is not one of the principles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnknownPrinciple {
    pub title: String,
    pub principle_id: String,
}

/// The matrix and its findings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// One row per principle, in the order given.
    pub rows: Vec<CoverageRow>,
    /// Ids of principles no story covers.
    pub gaps: Vec<String>,
    pub over_reused: Vec<OverReused>,
    pub unknown: Vec<UnknownPrinciple>,
}

impl Coverage {
    /// Build the matrix for `stories` against `principles`. A principle
    /// listed twice on one story counts once.
    pub fn compute(stories: &[Story], principles: &[Principle]) -> Coverage {
        let known: BTreeSet<&str> = principles.iter().map(|p| p.id.as_str()).collect();
        let mut rows: Vec<CoverageRow> = principles
            .iter()
            .map(|p| CoverageRow {
                principle_id: p.id.clone(),
                principle_name: p.name.clone(),
                stories: Vec::new(),
            })
            .collect();
        let mut over_reused = Vec::new();
        let mut unknown = Vec::new();
        for story in stories {
            let mut seen = BTreeSet::new();
            let mut distinct = Vec::new();
            for id in &story.principles {
                let id = id.trim();
                if !seen.insert(id) {
                    continue;
                }
                distinct.push(id.to_string());
                if known.contains(id) {
                    let row = rows
                        .iter_mut()
                        .find(|r| r.principle_id == id)
                        .expect("known id has a row");
                    row.stories.push(story.title.clone());
                } else {
                    unknown.push(UnknownPrinciple {
                        title: story.title.clone(),
                        principle_id: id.to_string(),
                    });
                }
            }
            if distinct.len() > MAX_PRINCIPLES_PER_STORY {
                over_reused.push(OverReused {
                    title: story.title.clone(),
                    principles: distinct,
                });
            }
        }
        let gaps = rows
            .iter()
            .filter(|r| r.stories.is_empty())
            .map(|r| r.principle_id.clone())
            .collect();
        Coverage {
            rows,
            gaps,
            over_reused,
            unknown,
        }
    }

    /// Principles covered by at least one story.
    pub fn covered(&self) -> usize {
        self.rows.len() - self.gaps.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{principles, YearMonth};

    fn story(title: &str, ps: &[&str]) -> Story {
        Story {
            title: title.into(),
            principles: ps.iter().map(|s| s.to_string()).collect(),
            date: YearMonth::new(2024, 1).unwrap(),
            situation: String::new(),
            task: String::new(),
            action: String::new(),
            result: String::new(),
        }
    }

    #[test]
    fn gaps_reuse_and_unknown_ids() {
        let bank = [
            story("Key leak", &["ownership", "bias-for-action", "ownership"]),
            story(
                "Everything",
                &["dive-deep", "earn-trust", "think-big", "frugality"],
            ),
            story("Typo", &["customer-obssession"]),
        ];
        let cov = Coverage::compute(&bank, principles());
        assert_eq!(cov.rows.len(), 16);
        assert_eq!(cov.covered(), 6);
        assert_eq!(cov.gaps.len(), 10);
        assert!(cov.gaps.contains(&"customer-obsession".to_string()));
        assert!(!cov.gaps.contains(&"ownership".to_string()));
        let own = cov
            .rows
            .iter()
            .find(|r| r.principle_id == "ownership")
            .unwrap();
        assert_eq!(own.stories, ["Key leak"], "duplicate tag counted once");
        assert_eq!(cov.over_reused.len(), 1);
        assert_eq!(cov.over_reused[0].title, "Everything");
        assert_eq!(cov.over_reused[0].principles.len(), 4);
        assert_eq!(
            cov.unknown,
            [UnknownPrinciple {
                title: "Typo".into(),
                principle_id: "customer-obssession".into()
            }]
        );
    }

    #[test]
    fn three_principles_is_not_over_reuse_and_full_bank_has_no_gaps() {
        let ids: Vec<&str> = principles().iter().map(|p| p.id.as_str()).collect();
        let bank: Vec<Story> = ids
            .chunks(3)
            .enumerate()
            .map(|(i, c)| story(&format!("s{i}"), c))
            .collect();
        let cov = Coverage::compute(&bank, principles());
        assert!(cov.gaps.is_empty());
        assert!(cov.over_reused.is_empty());
        assert!(cov.unknown.is_empty());
    }
}
