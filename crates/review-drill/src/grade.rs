//! Grading a review against its answer key.
//!
//! # Matching
//! An answer matches a planted vulnerability when it names the same
//! category (id, alias or CWE, see [`Categories::resolve`]) and its line is
//! within [`GradeOptions::line_tolerance`] of the key's sink line (2 by
//! default). Each vulnerability and each answer is used at most once; the
//! closest pairs are matched first, so a duplicate answer for one issue is
//! a false positive. An unmatched answer within the tolerance of a decoy
//! line is reported as a decoy wrongly flagged (and is a false positive).
//!
//! # Scores
//! - precision = matched answers / answers (0 when there are no answers);
//! - recall = matched vulnerabilities / planted vulnerabilities;
//! - fix quality, per matched vulnerability, = the share of the key's
//!   `fix_concepts` found in the answer's fix text (case-insensitive,
//!   ignoring spaces and punctuation, `a|b` accepting either); overall, the
//!   mean over *matched* vulnerabilities (0 when none matched), since
//!   missed ones already cost recall;
//! - pace: under 5 minutes fast, 5 to 10 on bar, over 10 slow. The time
//!   factor is 1 up to 10 minutes, then falls linearly to 0 at 20 minutes.
//!
//! overall = round(100 x (0.45 x recall + 0.25 x precision
//!                        + 0.20 x fix quality + 0.10 x time factor x recall))
//!
//! Finding the issues weighs most, then not crying wolf, then knowing the
//! fix. Speed only earns credit for what was found (an empty answer in
//! ten seconds scores 0), and the pace is always reported beside the score.

use crate::catalog::{Decoy, Key, Vuln};
use crate::category::Categories;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The bar: a review in 5 to 10 minutes.
pub const BAR_FAST: Duration = Duration::from_secs(5 * 60);
pub const BAR_SLOW: Duration = Duration::from_secs(10 * 60);
/// Where the time factor reaches 0.
pub const TIME_ZERO: Duration = Duration::from_secs(20 * 60);

pub const W_RECALL: f64 = 0.45;
pub const W_PRECISION: f64 = 0.25;
pub const W_FIX: f64 = 0.20;
pub const W_TIME: f64 = 0.10;

/// One finding the candidate reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    pub line: u32,
    /// As typed: a category id, an alias or `CWE-n`.
    pub category: String,
    pub fix: String,
}

impl Answer {
    pub fn new(line: u32, category: &str, fix: &str) -> Self {
        Answer {
            line,
            category: category.to_string(),
            fix: fix.to_string(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GradeOptions {
    /// How far (in lines) an answer may be from the key's line.
    pub line_tolerance: u32,
}

impl Default for GradeOptions {
    fn default() -> Self {
        GradeOptions { line_tolerance: 2 }
    }
}

/// Time against the bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Pace {
    /// Under 5 minutes.
    Fast,
    /// 5 to 10 minutes.
    OnBar,
    /// Over 10 minutes.
    Slow,
}

impl Pace {
    pub fn of(elapsed: Duration) -> Pace {
        if elapsed < BAR_FAST {
            Pace::Fast
        } else if elapsed <= BAR_SLOW {
            Pace::OnBar
        } else {
            Pace::Slow
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Pace::Fast => "fast",
            Pace::OnBar => "on bar",
            Pace::Slow => "slow",
        }
    }
}

/// What happened to one planted vulnerability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VulnResult {
    pub line: u32,
    pub category: String,
    pub hit: bool,
    /// Index in the answers of the match.
    pub answer: Option<usize>,
    /// Concepts of the key's fix found in the answer's fix text.
    pub concepts_found: Vec<String>,
    pub concepts_missed: Vec<String>,
    /// Share of concepts found (0 when missed).
    pub fix_quality: f64,
}

/// The full grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grade {
    pub precision: f64,
    pub recall: f64,
    pub fix_quality: f64,
    pub vulns: Vec<VulnResult>,
    /// Indexes of answers that matched nothing.
    pub false_positives: Vec<usize>,
    /// Decoy lines wrongly flagged, with the index of the answer.
    pub decoys_flagged: Vec<(u32, usize)>,
    /// Answers whose category is not in the vocabulary.
    pub unknown_categories: Vec<usize>,
    pub elapsed_secs: u64,
    pub pace: Pace,
    pub time_factor: f64,
    /// 0 to 100, see the module documentation.
    pub score: u32,
}

impl Grade {
    /// Each planted vulnerability of `key` with whether it was found, in
    /// the grade's order (for reports: the fix when found, the explanation
    /// when missed).
    pub fn outcomes<'k>(&self, key: &'k Key) -> Vec<(&'k Vuln, bool)> {
        self.vulns
            .iter()
            .filter_map(|v| {
                key.vulns
                    .iter()
                    .find(|k| k.line == v.line && k.category == v.category)
                    .map(|k| (k, v.hit))
            })
            .collect()
    }

    /// The decoys of `key` the answers wrongly flagged.
    pub fn decoys_hit<'k>(&self, key: &'k Key) -> Vec<&'k Decoy> {
        self.decoys_flagged
            .iter()
            .filter_map(|(line, _)| key.decoys.iter().find(|d| d.line == *line))
            .collect()
    }
    /// The grade's details as text, a line each: every planted
    /// vulnerability found (with its fix) or missed (with why it is one),
    /// then every decoy flagged (with why it is safe). The drill's CLI
    /// report, the mock's CLI report and the mock's web page all show this.
    pub fn details_text(&self, key: &Key) -> String {
        let mut o = String::new();
        for (k, hit) in self.outcomes(key) {
            let mark = if hit { "found " } else { "MISSED" };
            let text = if hit { &k.fix } else { &k.explanation };
            o.push_str(&format!(
                "  {mark} line {:>3} {}: {text}\n",
                k.line, k.category
            ));
        }
        for d in self.decoys_hit(key) {
            o.push_str(&format!(
                "  decoy  line {:>3}: safe because {}\n",
                d.line, d.why_safe
            ));
        }
        o
    }
}

/// Grade against the embedded category vocabulary with the default options
/// (line tolerance 2).
pub fn grade(key: &Key, answers: &[Answer], elapsed: Duration) -> Grade {
    grade_with(
        key,
        &crate::Catalog::embedded().categories,
        answers,
        elapsed,
        &GradeOptions::default(),
    )
}

pub fn grade_with(
    key: &Key,
    cats: &Categories,
    answers: &[Answer],
    elapsed: Duration,
    opt: &GradeOptions,
) -> Grade {
    let resolved: Vec<Option<&str>> = answers
        .iter()
        .map(|a| cats.resolve(&a.category).map(|c| c.id.as_str()))
        .collect();
    // Every admissible pair, closest first; ties by key order then answer order.
    let mut pairs = Vec::new();
    for (vi, v) in key.vulns.iter().enumerate() {
        for (ai, a) in answers.iter().enumerate() {
            let d = v.line.abs_diff(a.line);
            if resolved[ai] == Some(v.category.as_str()) && d <= opt.line_tolerance {
                pairs.push((d, vi, ai));
            }
        }
    }
    pairs.sort_unstable();
    let mut vuln_match: Vec<Option<usize>> = vec![None; key.vulns.len()];
    let mut answer_used = vec![false; answers.len()];
    for (_, vi, ai) in pairs {
        if vuln_match[vi].is_none() && !answer_used[ai] {
            vuln_match[vi] = Some(ai);
            answer_used[ai] = true;
        }
    }
    let vulns: Vec<VulnResult> = key
        .vulns
        .iter()
        .zip(&vuln_match)
        .map(|(v, m)| {
            let (found, missed): (Vec<String>, Vec<String>) = match m {
                Some(ai) => v
                    .fix_concepts
                    .iter()
                    .cloned()
                    .partition(|c| concept_in(c, &answers[*ai].fix)),
                None => (Vec::new(), v.fix_concepts.clone()),
            };
            let q = if m.is_some() && !v.fix_concepts.is_empty() {
                found.len() as f64 / v.fix_concepts.len() as f64
            } else {
                0.0
            };
            VulnResult {
                line: v.line,
                category: v.category.clone(),
                hit: m.is_some(),
                answer: *m,
                concepts_found: found,
                concepts_missed: missed,
                fix_quality: q,
            }
        })
        .collect();
    let false_positives: Vec<usize> = (0..answers.len()).filter(|&i| !answer_used[i]).collect();
    let decoys_flagged = false_positives
        .iter()
        .filter_map(|&ai| {
            key.decoys
                .iter()
                .filter(|d| d.line.abs_diff(answers[ai].line) <= opt.line_tolerance)
                .min_by_key(|d| d.line.abs_diff(answers[ai].line))
                .map(|d| (d.line, ai))
        })
        .collect();
    let unknown_categories = (0..answers.len())
        .filter(|&i| resolved[i].is_none())
        .collect();
    let hits = vulns.iter().filter(|v| v.hit).count();
    let precision = ratio(hits, answers.len());
    let recall = ratio(hits, key.vulns.len());
    let fix_quality = if hits == 0 {
        0.0
    } else {
        vulns
            .iter()
            .filter(|v| v.hit)
            .map(|v| v.fix_quality)
            .sum::<f64>()
            / hits as f64
    };
    let time_factor = time_factor(elapsed);
    let raw = W_RECALL * recall
        + W_PRECISION * precision
        + W_FIX * fix_quality
        + W_TIME * time_factor * recall;
    Grade {
        precision,
        recall,
        fix_quality,
        vulns,
        false_positives,
        decoys_flagged,
        unknown_categories,
        elapsed_secs: elapsed.as_secs(),
        pace: Pace::of(elapsed),
        time_factor,
        score: (raw * 100.0).round().clamp(0.0, 100.0) as u32,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// 1 up to the slow end of the bar, then linear down to 0 at [`TIME_ZERO`].
pub fn time_factor(elapsed: Duration) -> f64 {
    if elapsed <= BAR_SLOW {
        1.0
    } else if elapsed >= TIME_ZERO {
        0.0
    } else {
        let over = (elapsed - BAR_SLOW).as_secs_f64();
        1.0 - over / (TIME_ZERO - BAR_SLOW).as_secs_f64()
    }
}

/// Lowercase ASCII letters and digits only, so `Prepared-Statement`,
/// `prepared statement` and `PreparedStatement` compare equal.
pub(crate) fn normalise(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `concept` (alternatives separated by `|`) appears in `text`.
pub fn concept_in(concept: &str, text: &str) -> bool {
    let t = normalise(text);
    concept.split('|').any(|alt| {
        let a = normalise(alt);
        !a.is_empty() && t.contains(&a)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Decoy, Language, Vuln};

    fn cats() -> Categories {
        Categories::parse(
            r#"
[[category]]
id = "sql-injection"
name = "SQL injection"
cwe = [89]
description = "d"
aliases = ["sqli"]
scanner_rules = ["sqli"]
[[category]]
id = "xss"
name = "XSS"
cwe = [79]
description = "d"
scanner_rules = ["xss"]
[[category]]
id = "idor"
name = "IDOR"
cwe = [639]
description = "d"
"#,
        )
        .unwrap()
    }

    fn vuln(line: u32, category: &str, concepts: &[&str]) -> Vuln {
        Vuln {
            line,
            category: category.into(),
            cwe: 0,
            severity: report::Severity::High,
            explanation: "e".into(),
            fix: "f".into(),
            fix_concepts: concepts.iter().map(|s| s.to_string()).collect(),
            scanner: true,
            scanner_reason: None,
        }
    }

    fn key() -> Key {
        Key {
            id: "k".into(),
            language: Language::Java,
            title: "t".into(),
            scenario: "s".into(),
            vulns: vec![
                vuln(
                    10,
                    "sql-injection",
                    &["prepared statement|parameterized", "bind"],
                ),
                vuln(20, "xss", &["escape|encode", "context"]),
            ],
            decoys: vec![Decoy {
                line: 30,
                why_safe: "w".into(),
            }],
        }
    }

    const MIN: u64 = 60;

    fn run(answers: &[Answer], elapsed: Duration) -> Grade {
        grade_with(&key(), &cats(), answers, elapsed, &GradeOptions::default())
    }

    fn perfect() -> Vec<Answer> {
        vec![
            Answer::new(
                10,
                "sql-injection",
                "Use a PreparedStatement and bind the id.",
            ),
            Answer::new(20, "xss", "HTML-encode in the output context."),
        ]
    }

    #[test]
    fn perfect_answer_scores_100() {
        let g = run(&perfect(), Duration::from_secs(4 * MIN));
        assert_eq!(g.score, 100);
        assert_eq!((g.precision, g.recall, g.fix_quality), (1.0, 1.0, 1.0));
        assert_eq!(g.pace, Pace::Fast);
        assert!(g.false_positives.is_empty() && g.decoys_flagged.is_empty());
        assert!(g
            .vulns
            .iter()
            .all(|v| v.hit && v.concepts_missed.is_empty()));
    }

    #[test]
    fn off_by_one_line_is_accepted_and_tolerance_is_configurable() {
        let mut a = perfect();
        a[0].line = 11;
        a[1].line = 18;
        let g = run(&a, Duration::from_secs(6 * MIN));
        assert_eq!(g.recall, 1.0);
        assert_eq!(g.pace, Pace::OnBar);
        let strict = GradeOptions { line_tolerance: 0 };
        let g = grade_with(&key(), &cats(), &a, Duration::from_secs(6 * MIN), &strict);
        assert_eq!(g.recall, 0.0);
        assert_eq!(g.false_positives, vec![0, 1]);
        let mut far = perfect();
        far[0].line = 13;
        let g = run(&far, Duration::from_secs(MIN));
        assert!(!g.vulns[0].hit);
    }

    #[test]
    fn wrong_category_is_rejected() {
        let mut a = perfect();
        a[0].category = "xss".into();
        let g = run(&a, Duration::from_secs(MIN));
        assert!(!g.vulns[0].hit);
        assert!(g.vulns[1].hit);
        assert_eq!(g.recall, 0.5);
        assert_eq!(g.precision, 0.5);
        assert_eq!(g.false_positives, vec![0]);
        assert!(g.score < 100);
    }

    #[test]
    fn aliases_and_cwe_numbers_name_categories() {
        let mut a = perfect();
        a[0].category = "SQLi".into();
        a[1].category = "CWE-79".into();
        let g = run(&a, Duration::from_secs(MIN));
        assert_eq!(g.recall, 1.0);
        a[1].category = "made-up".into();
        let g = run(&a, Duration::from_secs(MIN));
        assert_eq!(g.unknown_categories, vec![1]);
        assert_eq!(g.recall, 0.5);
    }

    #[test]
    fn flagging_a_decoy_is_a_false_positive() {
        let mut a = perfect();
        a.push(Answer::new(31, "sql-injection", "parameterize"));
        let g = run(&a, Duration::from_secs(MIN));
        assert_eq!(g.recall, 1.0);
        assert!((g.precision - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(g.false_positives, vec![2]);
        assert_eq!(g.decoys_flagged, vec![(30, 2)]);
        // 0.45 + 0.25 * 2/3 + 0.20 + 0.10 = 0.9167
        assert_eq!(g.score, 92);
    }

    #[test]
    fn a_duplicate_answer_counts_once() {
        let mut a = perfect();
        a.push(Answer::new(10, "sql-injection", "prepared statement"));
        let g = run(&a, Duration::from_secs(MIN));
        assert_eq!(g.recall, 1.0);
        assert_eq!(g.false_positives, vec![2]);
        assert!(g.decoys_flagged.is_empty());
    }

    #[test]
    fn closest_answer_wins_the_match() {
        let a = vec![
            Answer::new(12, "sql-injection", "nothing useful"),
            Answer::new(10, "sql-injection", "bind with a prepared statement"),
        ];
        let g = run(&a, Duration::from_secs(MIN));
        assert_eq!(g.vulns[0].answer, Some(1));
        assert_eq!(g.vulns[0].fix_quality, 1.0);
    }

    #[test]
    fn fix_quality_is_the_share_of_concepts() {
        let mut a = perfect();
        a[0].fix = "parameterized query".into();
        a[1].fix = "be careful".into();
        let g = run(&a, Duration::from_secs(MIN));
        assert_eq!(g.vulns[0].fix_quality, 0.5);
        assert_eq!(g.vulns[0].concepts_missed, vec!["bind".to_string()]);
        assert_eq!(g.vulns[1].fix_quality, 0.0);
        assert_eq!(g.fix_quality, 0.25);
        // 0.45 + 0.25 + 0.20 * 0.25 + 0.10 = 0.85
        assert_eq!(g.score, 85);
    }

    #[test]
    fn time_against_the_bar() {
        assert_eq!(Pace::of(Duration::from_secs(299)), Pace::Fast);
        assert_eq!(Pace::of(Duration::from_secs(300)), Pace::OnBar);
        assert_eq!(Pace::of(Duration::from_secs(600)), Pace::OnBar);
        assert_eq!(Pace::of(Duration::from_secs(601)), Pace::Slow);
        assert_eq!(time_factor(Duration::from_secs(600)), 1.0);
        assert_eq!(time_factor(Duration::from_secs(900)), 0.5);
        assert_eq!(time_factor(Duration::from_secs(3600)), 0.0);
        let g = run(&perfect(), Duration::from_secs(15 * MIN));
        assert_eq!(g.pace, Pace::Slow);
        assert_eq!(g.score, 95);
    }

    #[test]
    fn no_answers_scores_zero_however_fast() {
        let g = run(&[], Duration::from_secs(10));
        assert_eq!((g.precision, g.recall, g.fix_quality), (0.0, 0.0, 0.0));
        assert_eq!(g.score, 0);
        assert!(g.vulns.iter().all(|v| !v.hit));
    }

    #[test]
    fn concepts_ignore_case_spacing_and_punctuation() {
        assert!(concept_in("allow-list", "use an Allow List of hosts"));
        assert!(concept_in("prepared statement", "PreparedStatement"));
        assert!(concept_in("a|shlex.quote", "call shlex quote"));
        assert!(!concept_in("bind", "nothing"));
    }
}
