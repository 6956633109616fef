//! `barraiser mock`: a phone screen or a loop, run round by round.
//!
//! A thin shell: the `mock` crate draws the rounds, keeps a running mock's
//! state (`mock::Session`), grades hands-on work through the drills'
//! graders (`mock::grade`) and writes the debrief; `progress::mocks`
//! stores it all. This module reads the work from files, prints, and adds
//! the command to run next. The web app's mock pages use the same calls,
//! so either sees the other's mocks.
//!
//! Every command is one transaction, so a mock survives the terminal being
//! closed between rounds.

use crate::cli::Global;
use crate::prep::DbArg;
use crate::{Fail, Outcome};
use clap::{Args, Subcommand};
use progress::mocks::{Loaded, MockRunError};
use std::path::PathBuf;

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
        /// The story you told (the debrief flags a story told twice).
        #[arg(long)]
        story: Option<String>,
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

/// The error as the CLI says it: the library's message plus the command
/// that helps.
fn fail(e: MockRunError) -> Fail {
    match e {
        MockRunError::NotFound(id) => Fail(format!("no mock {id}\n  help: barraiser mock list")),
        MockRunError::NoneRunning => Fail(
            "no mock is running\n  help: barraiser mock phone-screen, or barraiser mock loop"
                .into(),
        ),
        MockRunError::Finished(id) => Fail(format!(
            "mock {id} is finished; `barraiser mock debrief {id}` shows how it went"
        )),
        MockRunError::Unanswered { round, parts } => {
            let gaps: Vec<String> = parts
                .iter()
                .map(|p| match p {
                    mock::Part::Question(q) => format!("question {q} (mock recall {q} RATING)"),
                    mock::Part::HandsOn(i) => format!("{i} (mock answer FILE)"),
                    mock::Part::Principle(p) => format!("principle {p} (mock rate {p} 1-4)"),
                })
                .collect();
            Fail(format!(
                "round {round} still has unanswered parts: {}\n  help: answer them, or `barraiser mock next --force` to score them as not answered",
                gaps.join("; ")
            ))
        }
        MockRunError::Step(mock::StepError::NoSuchQuestion(q)) => Fail(format!(
            "question `{q}` is not in this round; `barraiser mock show` lists them"
        )),
        MockRunError::Step(mock::StepError::NoHandsOn) => {
            Fail("this round has no hands-on item; use `mock recall` for its questions".into())
        }
        other => Fail(other.to_string()),
    }
}

pub fn run(_g: &Global, a: &MockArgs) -> Result<Outcome, Fail> {
    let mut s = a.db.open()?;
    match &a.command {
        MockCmd::PhoneScreen { seed } => start(&mut s, mock::MockKind::PhoneScreen, *seed),
        MockCmd::Loop { seed } => start(&mut s, mock::MockKind::Loop, *seed),
        MockCmd::Show { id } => {
            let l = progress::mocks::running(&s, *id).map_err(fail)?;
            show(&l);
            Ok(Outcome::Clean)
        }
        MockCmd::Answer { file, id, cmd } => answer(&mut s, *id, file, cmd),
        MockCmd::Reveal { id } => {
            let l = progress::mocks::running(&s, *id).map_err(fail)?;
            let bank = questions::embedded().map_err(|e| Fail(e.to_string()))?;
            let mut any = false;
            for item in &l.session.rounds[l.current().unwrap_or(0)].round.items {
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
            let (_, score) =
                progress::mocks::recall(&mut s, *id, question, *rating as u8 + 1).map_err(fail)?;
            println!("{question}: {score}/100");
            Ok(Outcome::Clean)
        }
        MockCmd::Rate {
            principle,
            rating,
            story,
            id,
        } => {
            progress::mocks::rate(&mut s, *id, principle, *rating, story.as_deref())
                .map_err(fail)?;
            println!("{principle}: {rating}/4");
            Ok(Outcome::Clean)
        }
        MockCmd::Next { id, force } => next(&mut s, *id, *force),
        MockCmd::List => {
            for (l, _) in progress::mocks::list(&s).map_err(fail)? {
                let st = &l.session.rounds;
                let done = st.iter().filter(|r| r.finished_at.is_some()).count();
                println!(
                    "{:>4}  {:<12} {}  {}/{} rounds{}",
                    l.row.id,
                    l.row.kind,
                    l.row.started_at,
                    done,
                    st.len(),
                    if l.row.debrief.is_some() {
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
    let l = progress::mocks::start(s, kind, seed).map_err(fail)?;
    let planned = l.session.planned();
    println!(
        "Mock {} {} (seed {seed}): {} rounds, {} minutes.\n",
        kind.as_str(),
        l.id(),
        planned.rounds.len(),
        planned.minutes()
    );
    show(&l);
    Ok(Outcome::Clean)
}

fn show(l: &Loaded) {
    let st = &l.session.rounds;
    let cur = l.current().unwrap_or(0);
    let r = &st[cur];
    let left = (u64::from(r.round.minutes) * 60).saturating_sub(l.round_elapsed());
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
    println!(
        "\nWhen the round is done: barraiser mock next --mock {}",
        l.id()
    );
}

fn answer(
    s: &mut store::Store,
    id: Option<i64>,
    file: &std::path::Path,
    cmd: &str,
) -> Result<Outcome, Fail> {
    let l = progress::mocks::running(s, id).map_err(fail)?;
    let item = l
        .session
        .hands_on()
        .cloned()
        .ok_or_else(|| fail(MockRunError::Step(mock::StepError::NoHandsOn)))?;
    let shown = file.display().to_string();
    // read the file the way the item's drill reads it
    let (bytes, answers);
    let work = match &item {
        mock::Item::Scenario(_) => {
            bytes = crate::io::read_input(file, 4 << 20)?;
            let yaml = report::Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
            mock::grade::Work::ThreatModel {
                shown: &shown,
                yaml,
            }
        }
        mock::Item::Snippet(_) => {
            answers = crate::prep::read_review_answers(file)?;
            mock::grade::Work::CodeReview(&answers)
        }
        _ => {
            bytes = crate::io::read_input(file, 1 << 20)?;
            let name = std::path::Path::new(&shown)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("solution.py");
            mock::grade::Work::Script {
                argv: vec![cmd.to_string(), name.to_string()],
                name,
                code: &bytes,
                seed: mock::grade::script_seed(l.id()),
            }
        }
    };
    let (_, g) = progress::mocks::answer(s, Some(l.id()), work).map_err(fail)?;
    print!("{}", g.feedback(&item));
    Ok(Outcome::Clean)
}

fn next(s: &mut store::Store, id: Option<i64>, force: bool) -> Result<Outcome, Fail> {
    let (l, closed) = progress::mocks::next(s, id, force).map_err(fail)?;
    println!(
        "Round {} closed: {}/100 in {}:{:02}.",
        closed.round + 1,
        closed.score,
        closed.elapsed_secs / 60,
        closed.elapsed_secs % 60
    );
    if !closed.last {
        println!();
        show(&l);
        return Ok(Outcome::Clean);
    }
    println!();
    print!("{}", l.row.debrief.as_deref().unwrap_or_default());
    println!("\nThe topics are kept for your thank-you note: barraiser checklist post-interview");
    Ok(Outcome::Clean)
}

/// The overall score of a finished mock, recomputed from its rounds.
pub(crate) fn mock_score(m: &store::Mock) -> Option<u8> {
    progress::mocks::row_score(m)
}

/// Topics of the latest finished mock, for the thank-you note.
pub(crate) fn latest_topics(s: &store::Store) -> Result<Vec<String>, Fail> {
    progress::mocks::latest_topics(s).map_err(fail)
}
