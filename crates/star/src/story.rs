//! The story type, its month-precision date and the measurements the checks share.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{checks, text, StarError};

/// One STAR story from the candidate's bank.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    pub title: String,
    /// Leadership Principle ids (see `content/prep/principles.toml`).
    #[serde(default)]
    pub principles: Vec<String>,
    /// When it happened, to the month.
    pub date: YearMonth,
    pub situation: String,
    pub task: String,
    pub action: String,
    pub result: String,
}

/// The four parts of a STAR story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    Situation,
    Task,
    Action,
    Result,
}

impl Part {
    pub const ALL: [Part; 4] = [Part::Situation, Part::Task, Part::Action, Part::Result];

    pub fn as_str(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Task => "task",
            Part::Action => "action",
            Part::Result => "result",
        }
    }
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Story {
    /// The text of one part.
    pub fn part(&self, part: Part) -> &str {
        match part {
            Part::Situation => &self.situation,
            Part::Task => &self.task,
            Part::Action => &self.action,
            Part::Result => &self.result,
        }
    }

    /// Spoken words in the four parts (the title is not told).
    pub fn word_count(&self) -> usize {
        Part::ALL
            .iter()
            .map(|p| text::word_count(self.part(*p)))
            .sum()
    }

    /// The figures a coach reports whether or not they pass.
    pub fn metrics(&self) -> StoryMetrics {
        let (i, we) = checks::ownership::counts(&self.action);
        let words = self.word_count();
        StoryMetrics {
            words,
            spoken_seconds: checks::length::spoken_seconds(words),
            i_count: i,
            we_count: we,
            i_share: checks::ownership::share(i, we),
        }
    }
}

/// Measurements of a story, reported even when every check passes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StoryMetrics {
    pub words: usize,
    /// Speaking time at 150 words per minute, in whole seconds (rounded up).
    pub spoken_seconds: u32,
    /// First-person singular mentions in the action (I, me, my, ...).
    pub i_count: usize,
    /// First-person plural mentions in the action (we, us, our, ...).
    pub we_count: usize,
    /// `i / (i + we)`, or `None` when the action uses neither.
    pub i_share: Option<f64>,
}

impl StoryMetrics {
    /// Speaking time as `m:ss`.
    pub fn spoken(&self) -> String {
        checks::length::mm_ss(self.spoken_seconds)
    }
}

/// A calendar month, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: i32,
    /// 1 to 12.
    pub month: u8,
}

impl YearMonth {
    pub fn new(year: i32, month: u8) -> Result<Self, StarError> {
        if !(1..=12).contains(&month) || !(1000..=9999).contains(&year) {
            return Err(StarError::InvalidDate(format!("{year:04}-{month:02}")));
        }
        Ok(YearMonth { year, month })
    }

    /// Months elapsed from `self` to the month of `today` (negative if `self` is later).
    pub fn months_until(self, today: time::Date) -> i64 {
        let now = i64::from(today.year()) * 12 + i64::from(u8::from(today.month()));
        let then = i64::from(self.year) * 12 + i64::from(self.month);
        now - then
    }
}

impl FromStr for YearMonth {
    type Err = StarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || StarError::InvalidDate(s.to_string());
        let (y, m) = s.trim().split_once('-').ok_or_else(bad)?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let year: i32 = y.parse().map_err(|_| bad())?;
        let month: u8 = m.parse().map_err(|_| bad())?;
        YearMonth::new(year, month).map_err(|_| bad())
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Bank {
    #[serde(default)]
    story: Vec<Story>,
}

/// Parse a story bank written as TOML `[[story]]` tables.
///
/// Errors carry the line and column of the offending value.
pub fn parse_bank(src: &str) -> Result<Vec<Story>, StarError> {
    toml::from_str::<Bank>(src)
        .map(|b| b.story)
        .map_err(|e| StarError::Parse(e.to_string().trim_end().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn year_month_parses_and_rejects() {
        assert_eq!(
            "2024-03".parse::<YearMonth>().unwrap(),
            YearMonth {
                year: 2024,
                month: 3
            }
        );
        for bad in [
            "2024-13",
            "2024-00",
            "24-03",
            "2024/03",
            "2024-3",
            "",
            "abcd-ef",
            "2024-03-01",
        ] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
        assert_eq!(YearMonth::new(2023, 7).unwrap().to_string(), "2023-07");
    }

    #[test]
    fn months_until_counts_calendar_months() {
        let ym = YearMonth::new(2022, 11).unwrap();
        assert_eq!(ym.months_until(date!(2025 - 11 - 30)), 36);
        assert_eq!(ym.months_until(date!(2022 - 10 - 01)), -1);
    }

    #[test]
    fn bank_round_trips_and_reports_position() {
        let src = r#"
[[story]]
title = "Rotated leaked keys"
principles = ["ownership"]
date = "2024-05"
situation = "s"
task = "t"
action = "a"
result = "r"
"#;
        let bank = parse_bank(src).unwrap();
        assert_eq!(bank.len(), 1);
        assert_eq!(bank[0].date, YearMonth::new(2024, 5).unwrap());
        let err = parse_bank("[[story]]\ntitle = \"x\"\ndate = \"2024-99\"\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.contains("YYYY-MM"), "{msg}");
    }
}
