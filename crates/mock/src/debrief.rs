//! The written debrief after a mock.

use crate::error::MockError;
use crate::mock::{area_title, Item, Mock, MockKind, Round, RoundKind};
use crate::score::{round_score, RoundResult};
use std::fmt::Write;

/// A score at or above this is a good answer (a 3 of 4 self-rating).
pub const GOOD_BAR: u8 = 75;
/// A round counts as over time past this share of its minutes (110%).
pub const OVERTIME_PERCENT: u64 = 110;

/// One thing to practise, with how far it sits below the bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Practice {
    /// Larger is more urgent; see [`practice_plan`].
    pub gap: i32,
    /// 0-based round it comes from.
    pub round: usize,
    pub text: String,
}

fn mmss(secs: u64) -> String {
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// Markdown-safe text for a table cell or list item.
fn md(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\' | '#' => {
                o.push('\\');
                o.push(c);
            }
            '\n' | '\r' => o.push(' '),
            _ => o.push(c),
        }
    }
    o
}

fn ids(round: &Round, f: fn(&Item) -> bool) -> String {
    round
        .items
        .iter()
        .filter(|i| f(i))
        .map(|i| format!("`{}`", i.id()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every candidate thing to practise, most urgent first. The rules:
///
/// 1. A principle self-rated 1 or 2: gap `75 - 25 x rating` (50 or 25).
///    A 1 means there was no story: find one. A 2 means the story lacked a
///    result: add the metric and tell it aloud in 3 to 4 minutes.
/// 2. Each round's technical work: gap `75 - score`, so a weak drill ranks
///    with an equally weak story, and a round above the bar still ranks
///    (with a negative gap) to fill the list when little is weak.
/// 3. A round past 110% of its minutes: gap = half the overrun in percent
///    (40% over ranks like a 20-point shortfall): practise with a timer.
///
/// Ties keep round order, and within a round the order above. Results
/// are checked as in [`debrief`].
pub fn practice_plan(mock: &Mock, results: &[RoundResult]) -> Result<Vec<Practice>, MockError> {
    check_count(mock, results)?;
    for (i, (round, res)) in mock.rounds.iter().zip(results).enumerate() {
        round_score(i, round, res)?;
    }
    let mut out = Vec::new();
    for (i, (round, res)) in mock.rounds.iter().zip(results).enumerate() {
        for a in &round.principles {
            let r = *res.ratings.get(&a.principle).unwrap_or(&1);
            if r <= 2 {
                let text = if r == 1 {
                    format!(
                        "Find a story for {}: none came for prompt `{}`. Write it as situation, task, action, result, with a number in the result.",
                        md(&a.name),
                        a.prompt
                    )
                } else {
                    format!(
                        "Finish the {} story for prompt `{}`: give the result a metric, then tell it aloud in 3 to 4 minutes.",
                        md(&a.name),
                        a.prompt
                    )
                };
                out.push(Practice {
                    gap: i32::from(GOOD_BAR) - 25 * i32::from(r),
                    round: i,
                    text,
                });
            }
        }
        if let Some(s) = res.technical.filter(|_| round.has_technical()) {
            let tech = ids(round, Item::is_technical);
            let text = match round.kind {
                RoundKind::ThreatModel => format!(
                    "Threat-model {tech} again in 15 to 20 minutes: every STRIDE category, the critical flow, specific mitigations (scored {s})."
                ),
                RoundKind::CodeReview => format!(
                    "Review {tech} again, then a fresh snippet in the same language, in 5 to 10 minutes: line, category and fix for each finding (scored {s})."
                ),
                RoundKind::Scripting => format!(
                    "Write {tech} again from memory against a timer until it passes every hidden test (scored {s})."
                ),
                RoundKind::Loop(area) => format!(
                    "{}: go over the key points of {tech} and answer them aloud (scored {s}).",
                    area_title(area)
                ),
                RoundKind::Behavioural => format!("Rework {tech} (scored {s})."),
            };
            out.push(Practice {
                gap: i32::from(GOOD_BAR) - i32::from(s),
                round: i,
                text,
            });
        }
        let allotted = u64::from(round.minutes) * 60;
        if res.elapsed_secs * 100 > allotted * OVERTIME_PERCENT {
            let over_pct = (res.elapsed_secs * 100 / allotted.max(1)).saturating_sub(100);
            out.push(Practice {
                gap: (over_pct / 2).min(100) as i32,
                round: i,
                text: format!(
                    "Pace: round {} took {} against {} minutes. Run it again with a timer and move on at the bar.",
                    i + 1,
                    mmss(res.elapsed_secs),
                    round.minutes
                ),
            });
        }
    }
    out.sort_by(|a, b| b.gap.cmp(&a.gap).then(a.round.cmp(&b.round)));
    Ok(out)
}

fn check_count(mock: &Mock, results: &[RoundResult]) -> Result<(), MockError> {
    if mock.rounds.len() != results.len() {
        return Err(MockError::ResultCount(results.len(), mock.rounds.len()));
    }
    Ok(())
}

/// Ten cells, one per ten points.
fn score_bar(score: u8) -> String {
    let full = (usize::from(score) + 5) / 10;
    format!("{}{}", "█".repeat(full), "░".repeat(10 - full))
}

/// Ten cells stand for the allotted time; each `+` is another tenth over,
/// at most ten.
fn time_bar(elapsed: u64, minutes: u32) -> String {
    let allotted = (u64::from(minutes) * 60).max(1);
    let tenths = ((elapsed * 10 + allotted / 2) / allotted) as usize;
    let used = tenths.min(10);
    let over = tenths.saturating_sub(10).min(10);
    format!(
        "{}{}{}",
        "█".repeat(used),
        "░".repeat(10 - used),
        "+".repeat(over)
    )
}

/// The Markdown debrief of a mock.
///
/// * A table of rounds: score with a bar, and time used against the time
///   allotted with a bar.
/// * The overall score, weighted by each round's minutes.
/// * The strongest and weakest round (the earlier round wins a tie).
/// * Principles without a good answer: self-rated 1 or 2 of 4.
/// * The next three things to practise: the top of [`practice_plan`].
///
/// `results` holds one [`RoundResult`] per round, in order.
fn round_scores(mock: &Mock, results: &[RoundResult]) -> Result<Vec<u8>, MockError> {
    check_count(mock, results)?;
    mock.rounds
        .iter()
        .zip(results)
        .enumerate()
        .map(|(i, (r, res))| round_score(i, r, res))
        .collect()
}

fn weighted(mock: &Mock, scores: &[u8]) -> u8 {
    let minutes: u64 = mock.rounds.iter().map(|r| u64::from(r.minutes)).sum();
    let weighted: u64 = mock
        .rounds
        .iter()
        .zip(scores)
        .map(|(r, &sc)| u64::from(r.minutes) * u64::from(sc))
        .sum();
    ((weighted * 2 + minutes) / (2 * minutes.max(1))) as u8
}

/// The overall 0-100 score the debrief states: the round scores weighted
/// by the rounds' minutes, rounded half up.
pub fn overall_score(mock: &Mock, results: &[RoundResult]) -> Result<u8, MockError> {
    Ok(weighted(mock, &round_scores(mock, results)?))
}

pub fn debrief(mock: &Mock, results: &[RoundResult]) -> Result<String, MockError> {
    let scores = round_scores(mock, results)?;
    let plan = practice_plan(mock, results)?;

    let mut s = String::new();
    let name = match mock.kind {
        MockKind::PhoneScreen => "phone screen",
        MockKind::Loop => "loop",
    };
    let _ = writeln!(s, "# Mock {name} debrief (seed {})\n", mock.seed);
    let minutes: u64 = mock.rounds.iter().map(|r| u64::from(r.minutes)).sum();
    let overall = weighted(mock, &scores);
    let used: u64 = results.iter().map(|r| r.elapsed_secs).sum();
    let _ = writeln!(
        s,
        "Overall **{overall}/100** (each round weighted by its minutes). Time used {} of {minutes}:00.\n",
        mmss(used)
    );

    let _ = writeln!(s, "## Rounds\n");
    let _ = writeln!(s, "| # | Round | Score | Time |");
    let _ = writeln!(s, "|---:|---|---|---|");
    for (i, ((r, res), &sc)) in mock.rounds.iter().zip(results).zip(&scores).enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | `{}` {sc} | `{}` {} / {} min |",
            i + 1,
            md(&r.title),
            score_bar(sc),
            time_bar(res.elapsed_secs, r.minutes),
            mmss(res.elapsed_secs),
            r.minutes
        );
    }
    let _ = writeln!(
        s,
        "\nScore: one block per 10 points. Time: ten blocks are the time allotted; each `+` is another tenth over.\n"
    );

    let _ = writeln!(s, "## Strongest and weakest\n");
    // max_by_key keeps the last maximum; search from the back so the
    // earliest round wins a tie.
    let strongest = (0..scores.len())
        .rev()
        .max_by_key(|&i| scores[i])
        .unwrap_or(0);
    let weakest = (0..scores.len()).min_by_key(|&i| scores[i]).unwrap_or(0);
    for (label, i) in [("Strongest", strongest), ("Weakest", weakest)] {
        let _ = writeln!(
            s,
            "- {label}: round {}, {} ({}/100)",
            i + 1,
            md(&mock.rounds[i].title),
            scores[i]
        );
    }

    let _ = writeln!(s, "\n## Principles without a good answer\n");
    let mut any = false;
    for (i, (r, res)) in mock.rounds.iter().zip(results).enumerate() {
        for a in &r.principles {
            let rating = res.ratings.get(&a.principle).copied().unwrap_or(1);
            if rating <= 2 {
                any = true;
                let _ = writeln!(
                    s,
                    "- **{}**: rated {rating}/4 on prompt `{}` (round {})",
                    md(&a.name),
                    a.prompt,
                    i + 1
                );
            }
        }
    }
    if !any {
        let _ = writeln!(s, "Every principle asked was rated 3 or 4.");
    }

    let _ = writeln!(s, "\n## Next three things to practise\n");
    for (n, p) in plan.iter().take(3).enumerate() {
        let _ = writeln!(s, "{}. {}", n + 1, p.text);
    }
    Ok(s)
}
