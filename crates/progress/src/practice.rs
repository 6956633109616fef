//! Timed STAR practice: draw a behavioural prompt for a principle, start
//! the clock, and when the story has been told aloud record how long it
//! took against the 3-4 minute bar.
//!
//! This lived in the CLI's `star practice` and `star told`; it moved here
//! so that the web app's practice mode draws, times and scores a telling
//! by the same rules and stores the same "star" attempt (the `STAR stories
//! told` row of readiness). It needs the store and the questions bank,
//! which the pure `star` crate does not know.

use crate::stories::{coverage, to_star};
use questions::{Bank, BehavioralPrompt};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

/// The spoken-length bar, in seconds: 3 to 4 minutes.
pub const BAR_LOW: u64 = 180;
pub const BAR_HIGH: u64 = 240;

/// The drill kind a telling is stored under.
pub const DRILL: &str = "star";

/// Why a practice step failed. The messages name no command: the CLI and
/// the web app each add their own hint.
#[derive(Debug, thiserror::Error)]
pub enum PracticeError {
    #[error("{0}")]
    Store(#[from] store::StoreError),
    #[error("no principle `{given}`; the ids are: {ids}")]
    NoPrinciple { given: String, ids: String },
    #[error("no prompt for principle `{0}`")]
    NoPrompt(String),
    #[error("no story titled `{0}`")]
    NoStory(String),
    #[error("no attempt {0}")]
    NoAttempt(i64),
    #[error("attempt {id} is a {kind} drill, not an open STAR practice")]
    NotPractice { id: i64, kind: String },
    #[error("attempt {0} was already told, so it is not an open STAR practice; start a new one")]
    AlreadyTold(i64),
}

/// The practice score: 100 inside the 3-4 minute bar, 10 points off per
/// started 15 seconds outside it; then 15 off per error and 5 per warning
/// the told story has (when it is named), floored at 0.
pub fn practice_score(elapsed: Duration, issues: &[star::Issue]) -> u8 {
    let secs = elapsed.as_secs();
    let off = if secs < BAR_LOW {
        BAR_LOW - secs
    } else {
        secs.saturating_sub(BAR_HIGH)
    };
    let mut score: i64 = 100 - 10 * off.div_ceil(15) as i64;
    for i in issues {
        score -= match i.severity {
            star::Severity::Error => 15,
            star::Severity::Warning => 5,
        };
    }
    score.clamp(0, 100) as u8
}

/// A telling's length against the bar, in words.
pub fn verdict(secs: u64) -> &'static str {
    if secs < BAR_LOW {
        "short: add the numbers and what you personally did"
    } else if secs > BAR_HIGH {
        "long: cut the situation to two sentences"
    } else {
        "inside the 3-4 minute bar"
    }
}

/// A drawn prompt.
#[derive(Debug, Clone)]
pub struct Draw {
    pub principle: String,
    /// The principle's name.
    pub name: String,
    pub prompt: &'static BehavioralPrompt,
}

/// The principles with the fewest stories in the bank (those without any,
/// when there are gaps), in the bank's principle order.
pub fn least_covered(stored: &[store::Story]) -> Vec<String> {
    let c = coverage(stored);
    let min = c.rows.iter().map(|r| r.stories.len()).min().unwrap_or(0);
    c.rows
        .iter()
        .filter(|r| r.stories.len() == min)
        .map(|r| r.principle_id.clone())
        .collect()
}

/// Draw a prompt for `principle`, or else for one of the least-covered
/// principles; `seed` picks among ties and among the principle's prompts.
pub fn draw(
    bank: &'static Bank,
    stored: &[store::Story],
    principle: Option<&str>,
    seed: u64,
) -> Result<Draw, PracticeError> {
    let mut rng = mock::rng::Rng::new(seed);
    let pid = match principle.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => {
            bank.principle_by_id(p)
                .ok_or_else(|| PracticeError::NoPrinciple {
                    given: p.to_string(),
                    ids: bank
                        .principles
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                })?;
            p.to_string()
        }
        None => {
            let least = least_covered(stored);
            if least.is_empty() {
                bank.principles[rng.below(bank.principles.len().max(1))]
                    .id
                    .clone()
            } else {
                least[rng.below(least.len())].clone()
            }
        }
    };
    let prompts: Vec<&'static BehavioralPrompt> =
        bank.prompts.iter().filter(|p| p.principle == pid).collect();
    if prompts.is_empty() {
        return Err(PracticeError::NoPrompt(pid));
    }
    let prompt = prompts[rng.below(prompts.len())];
    let name = bank
        .principle_by_id(&pid)
        .map_or(pid.clone(), |p| p.name.clone());
    Ok(Draw {
        principle: pid,
        name,
        prompt,
    })
}

/// Start the clock on a drawn prompt; returns the attempt id.
pub fn begin(s: &mut store::Store, d: &Draw) -> Result<i64, PracticeError> {
    Ok(s.start_attempt(&store::NewAttempt {
        drill_kind: DRILL.into(),
        item_id: d.prompt.id.clone(),
        started_at: store::now_rfc3339(),
        details: json!({"principle": d.principle}),
    })?)
}

/// Attempt `id`, which must be an open STAR practice.
pub fn open(s: &store::Store, id: i64) -> Result<store::Attempt, PracticeError> {
    let a = s.attempt(id)?.ok_or(PracticeError::NoAttempt(id))?;
    if a.drill_kind != DRILL {
        return Err(PracticeError::NotPractice {
            id,
            kind: a.drill_kind,
        });
    }
    if a.finished_at.is_some() {
        return Err(PracticeError::AlreadyTold(id));
    }
    Ok(a)
}

/// A telling as recorded.
#[derive(Debug, Clone)]
pub struct Told {
    pub elapsed_secs: u64,
    pub score: u8,
    pub verdict: &'static str,
    pub principle: String,
    /// The story named as told, with its lint.
    pub story: Option<star::Story>,
    pub issues: Vec<star::Issue>,
}

impl Told {
    /// Whether the story told is tagged with the practised principle.
    pub fn story_fits(&self) -> bool {
        self.story
            .as_ref()
            .is_none_or(|st| st.principles.contains(&self.principle))
    }
}

/// Stop the clock of practice `attempt` after `elapsed`: lint the story
/// named (by title, any case), score the telling and store the result.
pub fn finish(
    s: &mut store::Store,
    attempt: i64,
    elapsed: Duration,
    story: Option<&str>,
    today: star::Date,
) -> Result<Told, PracticeError> {
    let a = open(s, attempt)?;
    let principle = a.details["principle"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let story = match story.map(str::trim).filter(|t| !t.is_empty()) {
        Some(t) => Some(
            s.stories()?
                .iter()
                .find(|x| x.title.trim().eq_ignore_ascii_case(t))
                .map(to_star)
                .ok_or_else(|| PracticeError::NoStory(t.to_string()))?,
        ),
        None => None,
    };
    let issues = story
        .as_ref()
        .map(|st| star::lint(st, today))
        .unwrap_or_default();
    let score = practice_score(elapsed, &issues);
    let secs = elapsed.as_secs();
    s.finish_attempt(
        attempt,
        &store::AttemptResult {
            finished_at: store::now_rfc3339(),
            elapsed_secs: secs.min(u64::from(u32::MAX)) as u32,
            score,
            details: json!({"principle": principle, "story": story.as_ref().map(|t| t.title.clone()), "issues": issues}),
        },
    )?;
    Ok(Told {
        elapsed_secs: secs,
        score,
        verdict: verdict(secs),
        principle,
        story,
        issues,
    })
}

/// [`finish`] timed from the attempt's start: the practice was started
/// earlier (a page, or `star practice --no-wait`) and is told now.
pub fn told(
    s: &mut store::Store,
    attempt: i64,
    story: Option<&str>,
    today: star::Date,
) -> Result<Told, PracticeError> {
    let a = open(s, attempt)?;
    let elapsed = Duration::from_secs(crate::mocks::elapsed_since(&a.started_at));
    finish(s, attempt, elapsed, story, today)
}

/// How many checks of each kind a telling's story failed.
pub fn issue_counts(issues: &[star::Issue]) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for i in issues {
        *counts.entry(i.check.as_str()).or_default() += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(title: &str, principles: &[&str]) -> store::NewStory {
        store::NewStory {
            title: title.into(),
            principles: principles.iter().map(|p| p.to_string()).collect(),
            date: Some("2025-06-01".into()),
            situation: "A deploy key leaked in a public repository.".into(),
            task: "I had to contain it before the next release.".into(),
            action: "I rotated the key and added a secret scanner to CI.".into(),
            result: "Exposure fell from 9 days to 40 minutes.".into(),
            updated_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn score_is_full_inside_the_bar_and_falls_outside() {
        let d = Duration::from_secs;
        assert_eq!(practice_score(d(180), &[]), 100);
        assert_eq!(practice_score(d(240), &[]), 100);
        assert_eq!(practice_score(d(241), &[]), 90);
        assert_eq!(practice_score(d(255), &[]), 90);
        assert_eq!(practice_score(d(256), &[]), 80);
        assert_eq!(practice_score(d(165), &[]), 90);
        assert_eq!(practice_score(d(0), &[]), 0);
        assert_eq!(practice_score(d(100_000), &[]), 0);
        assert!(verdict(10).starts_with("short"));
        assert!(verdict(200).starts_with("inside"));
        assert!(verdict(300).starts_with("long"));
    }

    #[test]
    fn the_draw_prefers_the_least_covered_principles() {
        let bank = questions::embedded().unwrap();
        let mut s = store::Store::open_in_memory().unwrap();
        s.insert_story(&story("Leaked key", &["ownership"]))
            .unwrap();
        let stored = s.stories().unwrap();
        let least = least_covered(&stored);
        assert_eq!(least.len(), 15);
        assert!(!least.contains(&"ownership".to_string()));
        for seed in 0..20 {
            let d = draw(bank, &stored, None, seed).unwrap();
            assert_ne!(d.principle, "ownership");
            assert_eq!(d.prompt.principle, d.principle);
        }
        let d = draw(bank, &stored, Some("ownership"), 1).unwrap();
        assert_eq!(d.name, "Ownership");
        assert!(matches!(
            draw(bank, &stored, Some("nope"), 1),
            Err(PracticeError::NoPrinciple { .. })
        ));
    }

    #[test]
    fn a_telling_is_scored_once_and_stored() {
        let bank = questions::embedded().unwrap();
        let mut s = store::Store::open_in_memory().unwrap();
        s.insert_story(&story("Leaked key", &["ownership"]))
            .unwrap();
        let d = draw(bank, &[], Some("ownership"), 3).unwrap();
        let id = begin(&mut s, &d).unwrap();
        let today = time::macros::date!(2026 - 01 - 10);
        assert!(matches!(
            finish(&mut s, id, Duration::from_secs(200), Some("nope"), today),
            Err(PracticeError::NoStory(_))
        ));
        let t = finish(
            &mut s,
            id,
            Duration::from_secs(200),
            Some("LEAKED KEY"),
            today,
        )
        .unwrap();
        assert_eq!(t.elapsed_secs, 200);
        assert!(t.story_fits());
        assert_eq!(t.score, practice_score(Duration::from_secs(200), &t.issues));
        let a = s.attempt(id).unwrap().unwrap();
        assert_eq!(a.score, Some(t.score));
        assert_eq!(a.details["story"], "Leaked key");
        assert!(matches!(
            told(&mut s, id, None, today),
            Err(PracticeError::AlreadyTold(_))
        ));
        assert!(matches!(
            told(&mut s, id + 1, None, today),
            Err(PracticeError::NoAttempt(_))
        ));
    }
}
