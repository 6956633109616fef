//! `barraiser mock`: a phone screen or a loop, run round by round.
//!
//! The `mock` crate draws the rounds and writes the debrief; this module
//! runs them: it opens one round at a time (the clock of a round starts when
//! it is shown first), grades the hands-on work with the same graders as the
//! drills (tm-drill, review-drill, script-drill), takes the self-rated
//! recall of loop questions and the 1-4 rating of each principle, and on
//! `next` after the last round writes the debrief into the database.
//!
//! The state of a running mock is the `rounds` JSON of its row: one object
//! per round holding the drawn [`mock::Round`], its start and end, the
//! scores per item and the ratings per principle. Every command is one
//! transaction, so a mock survives the terminal being closed between
//! rounds.

use crate::cli::Global;
use crate::prep::DbArg;
use crate::{Fail, Outcome};
use clap::{Args, Subcommand};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct MockArgs {
    #[command(subcommand)]
    pub command: MockCmd,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Subcommand)]
pub enum MockCmd {
    /// Start a 60-minute phone screen: threat model (15), code review (10),
    /// scripting (5), then 30 minutes of principles.
    #[command(
        name = "phone-screen",
        after_help = "Examples:\n  \
        barraiser mock phone-screen                 # prints round 1; its clock is running\n  \
        barraiser mock answer model.yaml            # grade the round's hands-on work\n  \
        barraiser mock rate ownership 3             # rate each principle 1-4 after answering\n  \
        barraiser mock next                         # close the round, open the next\n\n\
        Ratings: 1 no story, 2 a story without a result or metric, 3 a complete STAR story,\n\
        4 complete with numbers and follow-ups handled."
    )]
    PhoneScreen {
        /// Draw the same mock again (default: a new one).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Start a five-round loop, each round a technical area plus 2-3
    /// principles, one of them the Bar Raiser's.
    #[command(after_help = "Examples:\n  \
        barraiser mock loop\n  \
        barraiser mock reveal                       # key points of the round's questions, after answering aloud\n  \
        barraiser mock recall iam-03 good           # rate your recall of a question\n  \
        barraiser mock answer answers.toml          # a code-review or threat-model item, if the round has one\n  \
        barraiser mock next")]
    Loop {
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Show the current round again, with the time left.
    Show {
        #[arg(long = "mock", value_name = "ID")]
        id: Option<i64>,
    },
    /// Grade the round's hands-on item: a threat model (YAML), code-review
    /// answers (TOML) or a script.
    Answer {
        file: PathBuf,
        #[arg(long = "mock", value_name = "ID")]
        id: Option<i64>,
        /// Interpreter for a scripting item.
        #[arg(long, default_value = "python3")]
        cmd: String,
    },
    /// The key points of the round's questions (answer aloud first).
    Reveal {
        #[arg(long = "mock", value_name = "ID")]
        id: Option<i64>,
    },
    /// Rate your recall of one of the round's questions.
    Recall {
        question: String,
        rating: crate::prep::RatingArg,
        #[arg(long = "mock", value_name = "ID")]
        id: Option<i64>,
    },
    /// Rate your answer for one of the round's principles, 1-4.
    Rate {
        principle: String,
        #[arg(value_parser = clap::value_parser!(u8).range(1..=4))]
        rating: u8,
        #[arg(long = "mock", value_name = "ID")]
        id: Option<i64>,
    },
    /// Close the round and open the next; after the last, the debrief.
    Next {
        #[arg(long = "mock", value_name = "ID")]
        id: Option<i64>,
        /// Close it even with parts unanswered (they score 0, or rating 1).
        #[arg(long)]
        force: bool,
    },
    /// The mocks so far, with their scores.
    List,
    /// Print the debrief of a finished mock.
    Debrief { id: i64 },
}

/// One round as kept in the database while the mock runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct RoundState {
    seed: u64,
    round: mock::Round,
    started_at: Option<String>,
    finished_at: Option<String>,
    elapsed_secs: u64,
    /// 0-100 per technical item id.
    scores: BTreeMap<String, u8>,
    /// 1-4 per principle id.
    ratings: BTreeMap<String, u8>,
}

fn states(m: &store::Mock) -> Result<Vec<RoundState>, Fail> {
    m.rounds
        .iter()
        .map(|v| {
            serde_json::from_value(v.clone()).map_err(|e| {
                Fail(format!(
                    "mock {} in the database is not readable ({e}); start a new one",
                    m.id
                ))
            })
        })
        .collect()
}

fn save(s: &mut store::Store, id: i64, st: &[RoundState]) -> Result<(), Fail> {
    let v: Vec<serde_json::Value> = st
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    s.update_mock_rounds(id, &v)
        .map_err(|e| Fail(e.to_string()))
}

pub fn run(_g: &Global, a: &MockArgs) -> Result<Outcome, Fail> {
    let mut s = a.db.open()?;
    match &a.command {
        MockCmd::PhoneScreen { seed } => start(&mut s, mock::MockKind::PhoneScreen, *seed),
        MockCmd::Loop { seed } => start(&mut s, mock::MockKind::Loop, *seed),
        MockCmd::Show { id } => {
            let (m, st, cur) = current(&s, *id)?;
            show(m.id, &st, cur);
            Ok(Outcome::Clean)
        }
        MockCmd::Answer { file, id, cmd } => answer(&mut s, *id, file, cmd),
        MockCmd::Reveal { id } => {
            let (_, st, cur) = current(&s, *id)?;
            let bank = questions::embedded().map_err(|e| Fail(e.to_string()))?;
            let mut any = false;
            for item in &st[cur].round.items {
                if let mock::Item::Question(q) = item {
                    if let Some(q) = bank.technical_by_id(q) {
                        any = true;
                        println!("[{}] {}", q.id, q.prompt);
                        for k in &q.key_points {
                            println!("  - {k}");
                        }
                    }
                }
            }
            if !any {
                println!("This round has no questions to reveal.");
            }
            Ok(Outcome::Clean)
        }
        MockCmd::Recall {
            question,
            rating,
            id,
        } => {
            let (m, mut st, cur) = current(&s, *id)?;
            let r = &mut st[cur];
            if !r
                .round
                .items
                .iter()
                .any(|i| matches!(i, mock::Item::Question(q) if q == question))
            {
                return Err(Fail(format!(
                    "question `{question}` is not in this round; `barraiser mock show` lists them"
                )));
            }
            let score = [25u8, 50, 80, 100][*rating as usize];
            r.scores.insert(question.clone(), score);
            save(&mut s, m.id, &st)?;
            println!("{question}: {score}/100");
            Ok(Outcome::Clean)
        }
        MockCmd::Rate {
            principle,
            rating,
            id,
        } => {
            let (m, mut st, cur) = current(&s, *id)?;
            let r = &mut st[cur];
            if !r.round.principles.iter().any(|p| &p.principle == principle) {
                let ids: Vec<&str> = r
                    .round
                    .principles
                    .iter()
                    .map(|p| p.principle.as_str())
                    .collect();
                return Err(Fail(format!(
                    "`{principle}` is not asked in this round; it asks: {}",
                    ids.join(", ")
                )));
            }
            r.ratings.insert(principle.clone(), *rating);
            save(&mut s, m.id, &st)?;
            println!("{principle}: {rating}/4");
            Ok(Outcome::Clean)
        }
        MockCmd::Next { id, force } => next(&mut s, *id, *force),
        MockCmd::List => {
            for m in s.mocks().map_err(|e| Fail(e.to_string()))? {
                let st = states(&m)?;
                let done = st.iter().filter(|r| r.finished_at.is_some()).count();
                println!(
                    "{:>4}  {:<12} {}  {}/{} rounds{}",
                    m.id,
                    m.kind,
                    m.started_at,
                    done,
                    st.len(),
                    if m.debrief.is_some() {
                        "  (debrief: barraiser mock debrief ID)"
                    } else {
                        ""
                    }
                );
            }
            Ok(Outcome::Clean)
        }
        MockCmd::Debrief { id } => {
            let m = s
                .mock(*id)
                .map_err(|e| Fail(e.to_string()))?
                .ok_or_else(|| Fail(format!("no mock {id}\n  help: barraiser mock list")))?;
            match m.debrief {
                Some(d) => print!("{d}"),
                None => {
                    return Err(Fail(format!(
                        "mock {id} is not finished; `barraiser mock next --mock {id}` closes its rounds"
                    )))
                }
            }
            Ok(Outcome::Clean)
        }
    }
}

fn start(s: &mut store::Store, kind: mock::MockKind, seed: Option<u64>) -> Result<Outcome, Fail> {
    let seed = seed.unwrap_or_else(crate::prep::clock_seed);
    let m = match kind {
        mock::MockKind::PhoneScreen => mock::phone_screen(seed),
        mock::MockKind::Loop => mock::loop_(seed),
    }
    .map_err(|e| Fail(e.to_string()))?;
    let now = store::now_rfc3339();
    let st: Vec<RoundState> = m
        .rounds
        .iter()
        .enumerate()
        .map(|(i, r)| RoundState {
            seed,
            round: r.clone(),
            started_at: (i == 0).then(|| now.clone()),
            finished_at: None,
            elapsed_secs: 0,
            scores: BTreeMap::new(),
            ratings: BTreeMap::new(),
        })
        .collect();
    let rounds: Vec<serde_json::Value> = st
        .iter()
        .map(serde_json::to_value)
        .collect::<Result<_, _>>()?;
    let kind_s = match kind {
        mock::MockKind::PhoneScreen => "phone-screen",
        mock::MockKind::Loop => "loop",
    };
    let id = s
        .start_mock(&store::NewMock {
            kind: kind_s.into(),
            started_at: now,
            rounds,
        })
        .map_err(|e| Fail(e.to_string()))?;
    println!(
        "Mock {kind_s} {id} (seed {seed}): {} rounds, {} minutes.\n",
        m.rounds.len(),
        m.minutes()
    );
    show(id, &st, 0);
    Ok(Outcome::Clean)
}

/// The mock (the given one, else the latest unfinished), its rounds, and
/// the index of the open round.
fn current(
    s: &store::Store,
    id: Option<i64>,
) -> Result<(store::Mock, Vec<RoundState>, usize), Fail> {
    let m = match id {
        Some(id) => s
            .mock(id)
            .map_err(|e| Fail(e.to_string()))?
            .ok_or_else(|| Fail(format!("no mock {id}\n  help: barraiser mock list")))?,
        None => s
            .mocks()
            .map_err(|e| Fail(e.to_string()))?
            .into_iter()
            .rev()
            .find(|m| m.finished_at.is_none())
            .ok_or_else(|| {
                Fail("no mock is running\n  help: barraiser mock phone-screen, or barraiser mock loop".into())
            })?,
    };
    if m.finished_at.is_some() {
        return Err(Fail(format!(
            "mock {} is finished; `barraiser mock debrief {}` shows how it went",
            m.id, m.id
        )));
    }
    let st = states(&m)?;
    let cur = st
        .iter()
        .position(|r| r.finished_at.is_none())
        .ok_or_else(|| Fail(format!("mock {} has no open round", m.id)))?;
    Ok((m, st, cur))
}

fn show(id: i64, st: &[RoundState], cur: usize) {
    let r = &st[cur];
    let elapsed = r
        .started_at
        .as_deref()
        .map(crate::prep::elapsed_since)
        .unwrap_or_default();
    let left = (u64::from(r.round.minutes) * 60).saturating_sub(elapsed.as_secs());
    println!(
        "{} ({} of {}), {} min; {}:{:02} left.",
        r.round.title,
        cur + 1,
        st.len(),
        r.round.minutes,
        left / 60,
        left % 60
    );
    let bank = questions::embedded().ok();
    let tm = threat_model::content::Content::embedded().ok();
    let review = review_drill::Catalog::embedded();
    for item in &r.round.items {
        match item {
            mock::Item::Scenario(n) => {
                if let Some(sc) = tm.as_ref().and_then(|c| c.scenario(n)) {
                    println!("\n## Threat model: {}\n\n{}\n", sc.title, sc.prompt);
                    println!("Write the model in YAML, then: barraiser mock answer model.yaml");
                }
            }
            mock::Item::Snippet(sid) => {
                if let Some(sn) = review.snippets.iter().find(|x| x.id() == sid) {
                    println!(
                        "\n## Code review: {} ({})\n\n{}\n",
                        sn.key.title,
                        sn.language().name(),
                        sn.key.scenario
                    );
                    for (i, line) in sn.source.lines().enumerate() {
                        println!("{:>3} | {line}", i + 1);
                    }
                    println!("\nAnswer with [[answer]] line/category/fix tables: barraiser mock answer answers.toml");
                }
            }
            mock::Item::Exercise(e) => {
                if let Ok(ex) = script_drill::exercise(e) {
                    println!(
                        "\n## Scripting: {}\n\n{}\n\nInput: {}\nOutput: {}\n",
                        ex.title,
                        ex.statement.trim(),
                        ex.input_format.trim(),
                        ex.output_format.trim()
                    );
                    println!("Then: barraiser mock answer solution.py");
                }
            }
            mock::Item::Question(q) => {
                if let Some(q) = bank.and_then(|b| b.technical_by_id(q)) {
                    println!("\n## Question [{}]\n\n{}", q.id, q.prompt);
                    println!(
                        "Answer aloud; then `barraiser mock reveal` and `barraiser mock recall {} again|hard|good|easy`",
                        q.id
                    );
                }
            }
            mock::Item::Prompt(_) => {}
        }
        if let Some(score) = r.scores.get(item.id()) {
            println!("(answered: {score}/100)");
        }
    }
    if !r.round.principles.is_empty() {
        println!(
            "\n## Leadership Principles{}\n",
            if r.round.bar_raiser {
                " (Bar Raiser: expect follow-ups)"
            } else {
                ""
            }
        );
        for p in &r.round.principles {
            let rated = r
                .ratings
                .get(&p.principle)
                .map(|x| format!("  (rated {x}/4)"))
                .unwrap_or_default();
            // `Asked::prompt` is the prompt's id in the questions bank
            let text = bank
                .and_then(|b| b.prompt_by_id(&p.prompt))
                .map_or(p.prompt.as_str(), |x| x.prompt.as_str());
            println!("- {} [{}]: {text}{rated}", p.name, p.principle);
        }
        println!("\nAfter each answer: barraiser mock rate PRINCIPLE 1-4");
    }
    println!("\nWhen the round is done: barraiser mock next --mock {id}");
}

fn answer(
    s: &mut store::Store,
    id: Option<i64>,
    file: &std::path::Path,
    cmd: &str,
) -> Result<Outcome, Fail> {
    let (m, mut st, cur) = current(s, id)?;
    let r = &mut st[cur];
    let item = r
        .round
        .items
        .iter()
        .find(|i| {
            matches!(
                i,
                mock::Item::Scenario(_) | mock::Item::Snippet(_) | mock::Item::Exercise(_)
            )
        })
        .cloned()
        .ok_or_else(|| {
            Fail("this round has no hands-on item; use `mock recall` for its questions".into())
        })?;
    let elapsed = r
        .started_at
        .as_deref()
        .map(crate::prep::elapsed_since)
        .unwrap_or_default();
    let (kind, score, details) = grade_item(&item, file, cmd, elapsed, m.id)?;
    r.scores.insert(item.id().to_string(), score);
    save(s, m.id, &st)?;
    // the graded work also counts as a drill attempt, so `status` sees it
    s.record_attempt(
        &store::NewAttempt {
            drill_kind: kind.into(),
            item_id: item.id().to_string(),
            started_at: st[cur]
                .started_at
                .clone()
                .unwrap_or_else(store::now_rfc3339),
            details: json!({"mock": m.id}),
        },
        &store::AttemptResult {
            finished_at: store::now_rfc3339(),
            elapsed_secs: elapsed.as_secs().min(u64::from(u32::MAX)) as u32,
            score,
            details,
        },
    )
    .map_err(|e| Fail(e.to_string()))?;
    Ok(Outcome::Clean)
}

/// Grade one hands-on item with its drill's grader; prints the grader's
/// report and returns (drill kind, score, details to store).
fn grade_item(
    item: &mock::Item,
    file: &std::path::Path,
    cmd: &str,
    elapsed: Duration,
    mock_id: i64,
) -> Result<(&'static str, u8, serde_json::Value), Fail> {
    match item {
        mock::Item::Scenario(name) => {
            let shown = file.display().to_string();
            let bytes = crate::io::read_input(file, 4 << 20)?;
            let text = report::Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
            let g =
                tm_drill::grade_at(&shown, name, text, elapsed).map_err(|e| Fail(e.to_string()))?;
            print!("{}", g.to_markdown());
            Ok((
                "threat-model",
                g.score.min(100) as u8,
                serde_json::to_value(&g)?,
            ))
        }
        mock::Item::Snippet(sid) => {
            let ans = crate::prep::read_review_answers(file)?;
            let cat = review_drill::Catalog::embedded();
            let sn = cat
                .snippets
                .iter()
                .find(|x| x.id() == sid)
                .ok_or_else(|| Fail(format!("snippet `{sid}` is no longer in this build")))?;
            let g = review_drill::grade(&sn.key, &ans, elapsed);
            println!(
                "Code review {}/100: recall {:.0}%, precision {:.0}%, fix quality {:.0}%.",
                g.score,
                g.recall * 100.0,
                g.precision * 100.0,
                g.fix_quality * 100.0
            );
            crate::prep::print_review_details(sn, &g);
            Ok((
                "code-review",
                g.score.min(100) as u8,
                serde_json::to_value(&g)?,
            ))
        }
        mock::Item::Exercise(eid) => {
            let ex = script_drill::exercise(eid).map_err(|e| Fail(e.to_string()))?;
            let report = crate::prep::run_script(ex, file, cmd, mock_id as u64 ^ 0x6d6f636b, 20)?;
            print!("{}", report.render());
            let score = (report.passed() * 100 / report.results.len().max(1)) as u8;
            Ok((
                "scripting",
                score,
                json!({"passed": report.passed(), "tests": report.results.len()}),
            ))
        }
        _ => Err(Fail("not a hands-on item".into())),
    }
}

/// The round's result for the debrief: the technical score is the mean of
/// its technical items (a missing one counts 0 under --force).
fn result_of(r: &RoundState) -> mock::RoundResult {
    let tech: Vec<u32> = r
        .round
        .items
        .iter()
        .filter(|i| i.is_technical())
        .map(|i| u32::from(r.scores.get(i.id()).copied().unwrap_or(0)))
        .collect();
    mock::RoundResult {
        technical: (!tech.is_empty()).then(|| {
            ((tech.iter().sum::<u32>() * 2 + tech.len() as u32) / (2 * tech.len() as u32)) as u8
        }),
        ratings: r
            .round
            .principles
            .iter()
            .map(|p| {
                (
                    p.principle.clone(),
                    r.ratings.get(&p.principle).copied().unwrap_or(1),
                )
            })
            .collect(),
        elapsed_secs: r.elapsed_secs,
    }
}

fn missing(r: &RoundState) -> Vec<String> {
    let mut out = Vec::new();
    for i in r.round.items.iter().filter(|i| i.is_technical()) {
        if !r.scores.contains_key(i.id()) {
            out.push(match i {
                mock::Item::Question(q) => format!("question {q} (mock recall {q} RATING)"),
                _ => format!("{} (mock answer FILE)", i.id()),
            });
        }
    }
    for p in &r.round.principles {
        if !r.ratings.contains_key(&p.principle) {
            out.push(format!(
                "principle {} (mock rate {} 1-4)",
                p.principle, p.principle
            ));
        }
    }
    out
}

fn next(s: &mut store::Store, id: Option<i64>, force: bool) -> Result<Outcome, Fail> {
    let (m, mut st, cur) = current(s, id)?;
    let gaps = missing(&st[cur]);
    if !gaps.is_empty() && !force {
        return Err(Fail(format!(
            "round {} still has unanswered parts: {}\n  help: answer them, or `barraiser mock next --force` to score them as not answered",
            cur + 1,
            gaps.join("; ")
        )));
    }
    let now = store::now_rfc3339();
    let r = &mut st[cur];
    r.elapsed_secs = r
        .started_at
        .as_deref()
        .map(crate::prep::elapsed_since)
        .unwrap_or_default()
        .as_secs();
    r.finished_at = Some(now.clone());
    let score = mock::round_score(cur, &r.round, &result_of(r)).map_err(|e| Fail(e.to_string()))?;
    println!(
        "Round {} closed: {score}/100 in {}:{:02}.",
        cur + 1,
        r.elapsed_secs / 60,
        r.elapsed_secs % 60
    );
    if cur + 1 < st.len() {
        st[cur + 1].started_at = Some(now);
        save(s, m.id, &st)?;
        println!();
        show(m.id, &st, cur + 1);
        return Ok(Outcome::Clean);
    }
    let (planned, results) = planned_and_results(&m.kind, &st);
    let text = mock::debrief(&planned, &results).map_err(|e| Fail(e.to_string()))?;
    save(s, m.id, &st)?;
    s.finish_mock(m.id, &now, &text)
        .map_err(|e| Fail(e.to_string()))?;
    println!();
    print!("{text}");
    println!("\nThe topics are kept for your thank-you note: barraiser checklist post-interview");
    Ok(Outcome::Clean)
}

fn planned_and_results(kind: &str, st: &[RoundState]) -> (mock::Mock, Vec<mock::RoundResult>) {
    let planned = mock::Mock {
        kind: if kind == "loop" {
            mock::MockKind::Loop
        } else {
            mock::MockKind::PhoneScreen
        },
        seed: st.first().map_or(0, |r| r.seed),
        rounds: st.iter().map(|r| r.round.clone()).collect(),
    };
    (planned, st.iter().map(result_of).collect())
}

/// The overall score of a finished mock, recomputed from its rounds.
pub(crate) fn mock_score(m: &store::Mock) -> Option<u8> {
    m.finished_at.as_ref()?;
    let st = states(m).ok()?;
    let (planned, results) = planned_and_results(&m.kind, &st);
    mock::overall_score(&planned, &results).ok()
}

/// Topics of the latest finished mock, for the thank-you note: what each
/// round's hands-on work and questions were about, in round order.
pub(crate) fn latest_topics(s: &store::Store) -> Result<Vec<String>, Fail> {
    let Some(m) = s
        .mocks()
        .map_err(|e| Fail(e.to_string()))?
        .into_iter()
        .rev()
        .find(|m| m.finished_at.is_some())
    else {
        return Ok(Vec::new());
    };
    let tm = threat_model::content::Content::embedded().ok();
    let review = review_drill::Catalog::embedded();
    let mut topics = Vec::new();
    for r in states(&m)? {
        for item in &r.round.items {
            let t = match item {
                mock::Item::Scenario(n) => tm
                    .as_ref()
                    .and_then(|c| c.scenario(n))
                    .map(|sc| format!("threat modeling {}", sc.title)),
                mock::Item::Snippet(sid) => review
                    .snippets
                    .iter()
                    .find(|x| x.id() == sid)
                    .map(|sn| format!("reviewing {}", sn.key.title)),
                mock::Item::Exercise(e) => script_drill::exercise(e).ok().map(|ex| {
                    let mut t = ex.title.clone();
                    if let Some(first) = t.get(..1) {
                        t.replace_range(..1, &first.to_lowercase());
                    }
                    format!("a script to {t}")
                }),
                mock::Item::Question(_) => match r.round.kind {
                    mock::RoundKind::Loop(area) => {
                        Some(mock::mock::area_title(area).to_lowercase())
                    }
                    _ => None,
                },
                mock::Item::Prompt(_) => None,
            };
            if let Some(t) = t {
                if !topics.contains(&t) {
                    topics.push(t);
                }
            }
        }
    }
    Ok(topics)
}
