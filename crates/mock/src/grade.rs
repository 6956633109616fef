//! Grading a round's hands-on item.
//!
//! Grading is the drills' job (tm-drill, review-drill, script-drill); this
//! module only sends the work to the grader the item needs and turns the
//! grader's result into the round's 0-100 score and the attempt to store,
//! so the CLI (which reads the work from a file) and the web app (which
//! reads it from a form) score a mock round alike and store the same
//! attempt. It is the one part of this crate that runs anything: a script
//! is run in the sandbox by `script_drill::run_drill`.

use crate::mock::Item;
use std::time::Duration;

/// Hidden tests a scripting item is run against in a mock.
pub const SCRIPT_TESTS: usize = 20;

/// The hidden tests' seed for mock `id`: fixed per mock, so answering the
/// same round again runs the same tests.
pub fn script_seed(mock_id: i64) -> u64 {
    mock_id as u64 ^ 0x6d6f_636b
}

/// The candidate's work on a hands-on item.
#[derive(Debug, Clone)]
pub enum Work<'a> {
    /// A threat model in YAML; `shown` names it in diagnostics.
    ThreatModel { shown: &'a str, yaml: &'a str },
    /// Code-review findings.
    CodeReview(&'a [review_drill::Answer]),
    /// A script, run with `argv` (the interpreter and `name`).
    Script {
        argv: Vec<String>,
        name: &'a str,
        code: &'a [u8],
        seed: u64,
    },
}

/// The grader's own result.
#[derive(Debug, Clone)]
pub enum Report {
    ThreatModel(Box<tm_drill::Grade>),
    CodeReview(review_drill::Grade),
    Script(script_drill::Report),
}

/// A graded item: what the round and the attempt record.
#[derive(Debug, Clone)]
pub struct Graded {
    /// The drill kind the attempt is stored under, so readiness counts it.
    pub drill: &'static str,
    /// 0-100.
    pub score: u8,
    /// The attempt's details: the grader's result as JSON.
    pub details: serde_json::Value,
    pub report: Report,
}

impl Graded {
    /// The grader's full feedback on `item` as text: the threat-model
    /// grade's Markdown, the code review's summary and per-line details,
    /// or the script's per-test report. `barraiser mock answer` prints it
    /// and the web round page shows it.
    pub fn feedback(&self, item: &Item) -> String {
        match &self.report {
            Report::ThreatModel(t) => t.to_markdown(),
            Report::CodeReview(r) => {
                let mut s = format!(
                    "Code review {}/100: recall {:.0}%, precision {:.0}%, fix quality {:.0}%.\n",
                    r.score,
                    r.recall * 100.0,
                    r.precision * 100.0,
                    r.fix_quality * 100.0
                );
                if let Some(sn) = review_drill::Catalog::embedded()
                    .snippets
                    .iter()
                    .find(|x| x.id() == item.id())
                {
                    s.push_str(&r.details_text(&sn.key));
                }
                s
            }
            Report::Script(r) => r.render(),
        }
    }
}

/// Why work could not be graded.
#[derive(Debug, thiserror::Error)]
pub enum GradeError {
    #[error("this round's hands-on item is {expected}; that answer is for something else")]
    WrongWork { expected: &'static str },
    #[error("not a hands-on item")]
    NotHandsOn,
    #[error("code-review snippet `{0}` is not in this build")]
    UnknownSnippet(String),
    #[error("{0}")]
    ThreatModel(#[from] tm_drill::GradeError),
    #[error("{0}")]
    Script(#[from] script_drill::Error),
}

/// What an item expects, in words.
pub fn expects(item: &Item) -> &'static str {
    match item {
        Item::Scenario(_) => "a threat model (YAML)",
        Item::Snippet(_) => "a code review (line, category and fix per finding)",
        Item::Exercise(_) => "a script",
        Item::Question(_) | Item::Prompt(_) => "answered aloud",
    }
}

/// Grade `work` on `item`, written in `elapsed`.
pub fn grade(item: &Item, work: Work<'_>, elapsed: Duration) -> Result<Graded, GradeError> {
    let wrong = || GradeError::WrongWork {
        expected: expects(item),
    };
    match item {
        Item::Scenario(name) => {
            let Work::ThreatModel { shown, yaml } = work else {
                return Err(wrong());
            };
            let g = tm_drill::grade_at(shown, name, yaml, elapsed)?;
            Ok(Graded {
                drill: "threat-model",
                score: g.score.min(100) as u8,
                details: serde_json::to_value(&g).unwrap_or_default(),
                report: Report::ThreatModel(Box::new(g)),
            })
        }
        Item::Snippet(sid) => {
            let Work::CodeReview(answers) = work else {
                return Err(wrong());
            };
            let sn = review_drill::Catalog::embedded()
                .snippets
                .iter()
                .find(|x| x.id() == sid)
                .ok_or_else(|| GradeError::UnknownSnippet(sid.clone()))?;
            let g = review_drill::grade(&sn.key, answers, elapsed);
            Ok(Graded {
                drill: "code-review",
                score: g.score.min(100) as u8,
                details: serde_json::to_value(&g).unwrap_or_default(),
                report: Report::CodeReview(g),
            })
        }
        Item::Exercise(eid) => {
            let Work::Script {
                argv,
                name,
                code,
                seed,
            } = work
            else {
                return Err(wrong());
            };
            let ex = script_drill::exercise(eid)?;
            let hidden = script_drill::hidden_tests(ex, seed, SCRIPT_TESTS)?;
            let report = script_drill::run_drill(
                ex,
                &argv,
                name,
                code,
                &hidden,
                &script_drill::default_limits(),
            )?;
            // the drill's own score and stored form, so a mock's script
            // attempt reads back like one from the scripting drill
            Ok(Graded {
                drill: "scripting",
                score: report.score(),
                details: report.attempt_details(),
                report: Report::Script(report),
            })
        }
        Item::Question(_) | Item::Prompt(_) => Err(GradeError::NotHandsOn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_answer_key_scores_full_and_wrong_work_is_refused() {
        let cat = review_drill::Catalog::embedded();
        let sn = &cat.snippets[0];
        let item = Item::Snippet(sn.id().to_string());
        let answers: Vec<review_drill::Answer> = sn
            .key
            .vulns
            .iter()
            .map(|v| review_drill::Answer {
                line: v.line,
                category: v.category.clone(),
                fix: v.fix.clone(),
            })
            .collect();
        let g = grade(&item, Work::CodeReview(&answers), Duration::from_secs(400)).unwrap();
        assert_eq!(g.drill, "code-review");
        assert!(g.score >= 90, "{}", g.score);
        assert!(matches!(
            grade(
                &item,
                Work::ThreatModel {
                    shown: "a.yaml",
                    yaml: "x: 1"
                },
                Duration::ZERO
            ),
            Err(GradeError::WrongWork { .. })
        ));
        assert!(matches!(
            grade(
                &Item::Question("q".into()),
                Work::CodeReview(&[]),
                Duration::ZERO
            ),
            Err(GradeError::NotHandsOn)
        ));
    }

    #[test]
    fn a_broken_threat_model_is_an_error_naming_the_file() {
        let tm = threat_model::content::Content::embedded().unwrap();
        let item = Item::Scenario(tm.scenarios[0].name.clone());
        let e = grade(
            &item,
            Work::ThreatModel {
                shown: "answer.yaml",
                yaml: "components: [unclosed",
            },
            Duration::ZERO,
        )
        .unwrap_err();
        assert!(e.to_string().contains("answer.yaml"), "{e}");
    }
}
