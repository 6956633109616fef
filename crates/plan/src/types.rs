//! The shapes of a plan.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use time::Date;

use crate::Role;

/// What a plan item asks the candidate to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ItemKind {
    ThreatModelDrill,
    CodeReviewDrill,
    ScriptingDrill,
    Questions,
    StarStory,
    MockPhone,
    MockLoop,
    Checklist,
    Rest,
}

impl ItemKind {
    pub const ALL: [ItemKind; 9] = [
        ItemKind::ThreatModelDrill,
        ItemKind::CodeReviewDrill,
        ItemKind::ScriptingDrill,
        ItemKind::Questions,
        ItemKind::StarStory,
        ItemKind::MockPhone,
        ItemKind::MockLoop,
        ItemKind::Checklist,
        ItemKind::Rest,
    ];

    /// The three timed technical drills.
    pub const DRILLS: [ItemKind; 3] = [
        ItemKind::ThreatModelDrill,
        ItemKind::CodeReviewDrill,
        ItemKind::ScriptingDrill,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::ThreatModelDrill => "threat-model-drill",
            ItemKind::CodeReviewDrill => "code-review-drill",
            ItemKind::ScriptingDrill => "scripting-drill",
            ItemKind::Questions => "questions",
            ItemKind::StarStory => "star-story",
            ItemKind::MockPhone => "mock-phone",
            ItemKind::MockLoop => "mock-loop",
            ItemKind::Checklist => "checklist",
            ItemKind::Rest => "rest",
        }
    }

    pub fn is_drill(self) -> bool {
        Self::DRILLS.contains(&self)
    }
}

impl FromStr for ItemKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ItemKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown item kind `{s}`"))
    }
}

impl fmt::Display for ItemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing to do on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub kind: ItemKind,
    pub minutes: u32,
    pub title: String,
}

impl Item {
    pub(crate) fn new(kind: ItemKind, minutes: u32, title: impl Into<String>) -> Self {
        Item {
            kind,
            minutes,
            title: title.into(),
        }
    }
}

/// Which part of the program a day belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// Threat modeling, code review, scripting.
    Technical,
    /// STAR stories, question review and mocks.
    Behavioural,
    /// The day before the interview: light review, checklist, rest.
    Final,
    /// Only one day left.
    Emergency,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Technical => "technical",
            Phase::Behavioural => "behavioural",
            Phase::Final => "final",
            Phase::Emergency => "emergency",
        }
    }
}

/// One calendar day of the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub date: Date,
    /// 1 for today.
    pub number: u32,
    pub phase: Phase,
    pub items: Vec<Item>,
}

impl Day {
    pub fn total_minutes(&self) -> u32 {
        self.items.iter().map(|i| i.minutes).sum()
    }
}

/// A full plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub today: Date,
    pub interview_date: Date,
    pub role: Role,
    pub hours_per_day: f64,
    /// Whole minutes available each day.
    pub budget_minutes: u32,
    /// Days from today to the interview (the plan has one day per day left).
    pub days_left: u32,
    pub days: Vec<Day>,
}

impl Plan {
    /// True when only the emergency plan fits.
    pub fn is_emergency(&self) -> bool {
        self.days_left == 1
    }

    /// The day of the plan for `date`, if it is within the plan.
    pub fn day(&self, date: Date) -> Option<&Day> {
        self.days.iter().find(|d| d.date == date)
    }

    /// How many items of `kind` the plan holds.
    pub fn count(&self, kind: ItemKind) -> usize {
        self.days
            .iter()
            .flat_map(|d| &d.items)
            .filter(|i| i.kind == kind)
            .count()
    }

    pub fn total_minutes(&self) -> u32 {
        self.days.iter().map(Day::total_minutes).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for k in ItemKind::ALL {
            assert_eq!(k.as_str().parse::<ItemKind>().unwrap(), k);
            let json = toml::Value::try_from(Item::new(k, 5, "x")).unwrap();
            assert_eq!(json["kind"].as_str().unwrap(), k.as_str());
        }
        assert!("nap".parse::<ItemKind>().is_err());
    }
}
