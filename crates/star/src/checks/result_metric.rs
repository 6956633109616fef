//! **A measured result.**
//!
//! What: the result must contain a number, a percentage or a money amount:
//! digits (`40`, `3.5`, `1,200`), a percentage (`35%`, `35 percent`), money
//! (`$2M`, `EUR 40k`, `£300`) or a spelled-out quantity (`three`, `half`,
//! `twice`). A bare year such as `2023` or a quarter such as `Q3` is a date,
//! not a measure, and does not count.
//!
//! Why: recruiters call data in answers "absolutely critical"; a result
//! without a figure cannot be compared, so it scores as an opinion.
//!
//! Example: `result = "The team was much happier and the system more secure."`
//! is flagged.
//!
//! Fix: state what moved and by how much, e.g. "mean time to detect fell from
//! 30 minutes to 7, and no credential-stuffing incident in six months".

use std::sync::LazyLock;

use regex::Regex;

use crate::checks::{Check, Issue, Severity};
use crate::{Part, Story};

static PERCENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d+(?:[.,]\d+)?\s*(?:%|percent\b|per\s+cent\b|pct\b)").unwrap()
});
static MONEY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:[$€£¥]\s*\d|\b(?:usd|eur|gbp|dollars?|euros?|pounds?)\s*\d|\d(?:[\d.,]*)\s*(?:k|m|mm|bn|b)?\s*(?:usd|eur|gbp|dollars?|euros?)\b)")
        .unwrap()
});
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bq[1-4]\b|\d[\d,]*(?:\.\d+)?").unwrap());
static NUMBER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|halved|doubled?|tripled?|twice|thrice|tenfold)\b").unwrap()
});

/// The kind of figure found, for reporting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Percentage,
    Money,
    Number,
}

/// The strongest figure in `text`, if any.
pub fn find_figure(text: &str) -> Option<Figure> {
    if PERCENT.is_match(text) {
        return Some(Figure::Percentage);
    }
    if MONEY.is_match(text) {
        return Some(Figure::Money);
    }
    let counts = NUMBER.find_iter(text).any(|m| !is_date_like(m.as_str()));
    if counts || NUMBER_WORD.is_match(text) {
        return Some(Figure::Number);
    }
    None
}

/// A bare four-digit year (1900-2099) or a quarter label.
fn is_date_like(tok: &str) -> bool {
    if tok.len() == 2 && tok.to_ascii_lowercase().starts_with('q') {
        return true;
    }
    tok.len() == 4
        && tok.bytes().all(|b| b.is_ascii_digit())
        && (tok.starts_with("19") || tok.starts_with("20"))
}

pub fn check(story: &Story) -> Vec<Issue> {
    if story.result.trim().is_empty() || find_figure(&story.result).is_some() {
        // An empty result is already reported by the parts check.
        return Vec::new();
    }
    vec![Issue::new(
        Check::ResultMetric,
        Severity::Error,
        Some(Part::Result),
        "the result has no number, percentage or money amount; say what changed and by how much"
            .into(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::fixture::story;

    fn with_result(r: &str) -> Vec<Issue> {
        check(&story("s", "t", "a", r))
    }

    #[test]
    fn figures_are_recognised() {
        assert_eq!(
            find_figure("cut false positives by 35%"),
            Some(Figure::Percentage)
        );
        assert_eq!(find_figure("down 12.5 percent"), Some(Figure::Percentage));
        assert_eq!(find_figure("saved $2.4M a year"), Some(Figure::Money));
        assert_eq!(find_figure("saved EUR 40k"), Some(Figure::Money));
        assert_eq!(find_figure("saved 300 dollars"), Some(Figure::Money));
        assert_eq!(find_figure("closed 1,200 findings"), Some(Figure::Number));
        assert_eq!(find_figure("halved the review time"), Some(Figure::Number));
        assert_eq!(find_figure("three teams adopted it"), Some(Figure::Number));
    }

    #[test]
    fn dates_are_not_metrics() {
        assert_eq!(
            find_figure("It shipped in Q3 2023 and everyone was pleased."),
            None
        );
        assert_eq!(find_figure("no one complained"), None);
    }

    #[test]
    fn unmeasured_result_is_flagged_and_measured_passes() {
        let issues = with_result("The system became much more secure and the team was happy.");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].check, Check::ResultMetric);
        assert!(with_result("Detection time fell from 30 to 7 minutes.").is_empty());
        assert!(with_result("").is_empty());
    }
}
