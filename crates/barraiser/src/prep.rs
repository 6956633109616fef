//! The preparation system's commands: `prep start|export|import`, `today`,
//! `status`, and the drills that are wired so far (`drill review`,
//! `drill questions`). A thin shell: the plan comes from the `plan`
//! crate, grading from `review-drill`, scheduling from `questions`, and
//! everything is kept in SQLite through `store`.
//!
//! Dates: "today" is the UTC date unless `--today` says otherwise (for
//! planning ahead, and for tests).

use crate::cli::Global;
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Debug, Args, Clone)]
pub struct DbArg {
    /// The progress database (default: $XDG_DATA_HOME/barraiser/barraiser.db).
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,
    /// Act as if today were DATE (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", global = true)]
    pub today: Option<String>,
}

impl DbArg {
    pub(crate) fn open(&self) -> Result<store::Store, Fail> {
        let path = match &self.db {
            Some(p) => p.clone(),
            None => store::Store::default_path().map_err(|e| Fail(e.to_string()))?,
        };
        store::Store::open(&path).map_err(|e| Fail(e.to_string()))
    }

    pub(crate) fn today(&self) -> Result<plan::Date, Fail> {
        match &self.today {
            Some(s) => parse_date("--today", s),
            None => Ok(OffsetDateTime::now_utc().date()),
        }
    }
}

fn parse_date(flag: &str, s: &str) -> Result<plan::Date, Fail> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    plan::Date::parse(s.trim(), &fmt).map_err(|_| {
        Fail(format!(
            "{flag} `{s}` is not a date\n  help: write it as YYYY-MM-DD, e.g. 2026-12-15"
        ))
    })
}

fn now() -> String {
    store::now_rfc3339()
}

/// Item ids of `kind` already drilled (to offer a new one first).
pub(crate) fn tried(s: &store::Store, kind: &str) -> Result<Vec<String>, Fail> {
    Ok(s.attempts(Some(kind))
        .map_err(|e| Fail(e.to_string()))?
        .into_iter()
        .map(|x| x.item_id)
        .collect())
}

/// Start the clock on a drill of `kind` for `item`; returns the attempt id.
pub(crate) fn begin(
    s: &mut store::Store,
    kind: &str,
    item: &str,
    details: serde_json::Value,
) -> Result<i64, Fail> {
    s.start_attempt(&store::NewAttempt {
        drill_kind: kind.into(),
        item_id: item.into(),
        started_at: now(),
        details,
    })
    .map_err(|e| Fail(e.to_string()))
}

/// Attempt `id`, which must be an open (ungraded) drill of `kind`; the
/// errors say which `noun` was expected and the `start` command.
pub(crate) fn open_attempt(
    s: &store::Store,
    id: i64,
    kind: &str,
    noun: &str,
    start: &str,
) -> Result<store::Attempt, Fail> {
    let a = s
        .attempt(id)
        .map_err(|e| Fail(e.to_string()))?
        .ok_or_else(|| Fail(format!("no attempt {id}\n  help: start one with `{start}`")))?;
    if a.drill_kind != kind {
        return Err(Fail(format!(
            "attempt {id} is a {} drill, not an open {noun}; start one with `{start}`",
            a.drill_kind
        )));
    }
    if a.finished_at.is_some() {
        return Err(Fail(format!(
            "attempt {id} was already graded, so it is not an open {noun}; start a new one"
        )));
    }
    Ok(a)
}

/// A seed for a random draw, from the clock.
pub(crate) fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64)
}

#[derive(Debug, Args)]
pub struct PrepArgs {
    #[command(subcommand)]
    pub command: PrepCmd,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Subcommand)]
pub enum PrepCmd {
    /// Build a study plan that fits the days left before the interview.
    #[command(after_help = "Examples:\n  \
        barraiser prep start --interview-date 2026-12-20\n  \
        barraiser prep start --interview-date 2026-12-20 --role cloud --hours-per-day 2\n\n\
        Fewer than 28 days: the four-week program is compressed (technical first, behavioural after).\n\
        One day left: the emergency plan.")]
    Start {
        #[arg(long, value_name = "DATE")]
        interview_date: String,
        /// appsec, cloud, detection or general.
        #[arg(long, default_value = "general")]
        role: String,
        #[arg(long, value_name = "H", default_value_t = 1.5)]
        hours_per_day: f64,
    },
    /// Write all progress as JSON (to standard output or -o FILE).
    Export {
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Load progress written by `prep export`.
    Import {
        file: PathBuf,
        /// Replace what the database holds (otherwise it must be empty).
        #[arg(long)]
        replace: bool,
    },
}

pub fn run(_g: &Global, a: &PrepArgs) -> Result<Outcome, Fail> {
    match &a.command {
        PrepCmd::Start {
            interview_date,
            role,
            hours_per_day,
        } => start(&a.db, interview_date, role, *hours_per_day),
        PrepCmd::Export { output } => {
            let s = a.db.open()?;
            let doc = s.export().map_err(|e| Fail(e.to_string()))?;
            let text = serde_json::to_string_pretty(&doc)? + "\n";
            io::emit(output.as_deref(), &text)?;
            Ok(Outcome::Clean)
        }
        PrepCmd::Import { file, replace } => {
            let shown = file.display().to_string();
            let bytes = io::read_input(file, 256 << 20)?;
            let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                Fail(format!("{shown}:{}:{}: error: not JSON: {e}\n  help: pass a file written by `barraiser prep export`", e.line(), e.column()))
            })?;
            let mut s = a.db.open()?;
            let mode = if *replace {
                store::ImportMode::Replace
            } else {
                store::ImportMode::IntoEmpty
            };
            s.import(doc, mode)
                .map_err(|e| Fail(format!("{shown}: {e}")))?;
            eprintln!("imported {shown}");
            Ok(Outcome::Clean)
        }
    }
}

fn start(db: &DbArg, interview: &str, role: &str, hours: f64) -> Result<Outcome, Fail> {
    let today = db.today()?;
    let interview_date = parse_date("--interview-date", interview)?;
    let role: plan::Role = role.parse().map_err(|e| Fail(format!("--role: {e}")))?;
    let p = plan::build(today, interview_date, role, hours).map_err(|e| Fail(e.to_string()))?;
    let mut s = db.open()?;
    s.set_profile(&store::Profile {
        interview_date: interview_date.to_string(),
        role: role.as_str().to_string(),
        hours_per_day: hours,
        created_at: now(),
    })
    .map_err(|e| Fail(e.to_string()))?;
    let days: Vec<store::NewPlanDay> = p
        .days
        .iter()
        .map(|d| store::NewPlanDay {
            date: d.date.to_string(),
            focus: format!("{:?}", d.phase).to_lowercase(),
            items: d
                .items
                .iter()
                .map(|i| store::NewPlanItem {
                    kind: i.kind.as_str().into(),
                    ref_id: None,
                    minutes: i.minutes,
                    title: i.title.clone(),
                })
                .collect(),
        })
        .collect();
    s.replace_plan(&days).map_err(|e| Fail(e.to_string()))?;
    println!(
        "Plan ({} role) for the interview on {}: {} days, {} minutes a day. Saved in {}.",
        role.as_str(),
        interview_date,
        p.days_left,
        p.budget_minutes,
        s.path().display()
    );
    if let Some(d) = p.days.first() {
        println!("Day 1 ({}):", d.date);
        for i in &d.items {
            println!("  {:>3} min  {}", i.minutes, i.title);
        }
    }
    println!("Run `barraiser today` each day, and `barraiser status` to see how ready you are.");
    Ok(Outcome::Clean)
}

#[derive(Debug, Args)]
pub struct TodayArgs {
    #[command(flatten)]
    pub db: DbArg,
}

pub fn today(_g: &Global, a: &TodayArgs) -> Result<Outcome, Fail> {
    let s = a.db.open()?;
    let Some(profile) = s.profile().map_err(|e| Fail(e.to_string()))? else {
        return Err(Fail(
            "no plan yet\n  help: run `barraiser prep start --interview-date YYYY-MM-DD` first"
                .into(),
        ));
    };
    let today = a.db.today()?.to_string();
    match s.plan_day(&today).map_err(|e| Fail(e.to_string()))? {
        Some(day) => {
            let total: u32 = day.items.iter().map(|i| i.minutes).sum();
            println!("{today} ({} focus), {total} minutes; interview on {}:", day.focus, profile.interview_date);
            for i in &day.items {
                let done = if i.done_at.is_some() { "x" } else { " " };
                println!("  [{done}] {:>3} min  {}  ({})", i.minutes, i.title, hint(&i.kind));
            }
        }
        None if today.as_str() >= profile.interview_date.as_str() => println!("The interview is today or past ({}). Good luck; then run the post-interview checklist.", profile.interview_date),
        None => println!("Nothing planned for {today}: the plan starts later. `barraiser prep start` rebuilds it from today."),
    }
    Ok(Outcome::Clean)
}

fn hint(kind: &str) -> &'static str {
    match kind {
        "code-review-drill" => "barraiser drill review start",
        "questions" => "barraiser drill questions next",
        "threat-model-drill" => "barraiser drill threat-model start",
        "scripting-drill" => "barraiser drill script start",
        "star-story" => "barraiser star practice",
        "mock-phone" => "barraiser mock phone-screen",
        "mock-loop" => "barraiser mock loop",
        "checklist" => "barraiser checklist",
        _ => "rest",
    }
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub db: DbArg,
    /// JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

pub fn status(_g: &Global, a: &StatusArgs) -> Result<Outcome, Fail> {
    let s = a.db.open()?;
    let profile = s.profile().map_err(|e| Fail(e.to_string()))?;
    let today = a.db.today()?;
    let rows: Vec<serde_json::Value> = progress::readiness(&s)
        .map_err(|e| Fail(e.to_string()))?
        .into_iter()
        .map(|r| {
            json!({
                "competency": r.competency,
                "drill": r.drill,
                "attempts": r.attempts,
                "latest_score": r.latest_score,
                "latest_minutes": r.latest_minutes,
                "bar": r.bar,
                "trend": r.trend.as_str(),
                "ready": r.ready,
                "next": r.next,
            })
        })
        .collect();
    let reviewed = s.reviews(None).map_err(|e| Fail(e.to_string()))?.len();
    // due now, new cards within today's allowance included
    let qbank = questions::embedded().map_err(|e| Fail(e.to_string()))?;
    let due = progress::review::due_count(&s, qbank, OffsetDateTime::now_utc())
        .map_err(|e| Fail(e.to_string()))?;
    let unseen = qbank
        .card_ids()
        .count()
        .saturating_sub(s.cards().map_err(|e| Fail(e.to_string()))?.len());
    let stories = s.stories().map_err(|e| Fail(e.to_string()))?;
    let cov = progress::stories::coverage(&stories);
    let mocks = s.mocks().map_err(|e| Fail(e.to_string()))?;
    let last_mock = mocks.iter().rev().find(|m| m.finished_at.is_some());
    let mock_json = last_mock.map(|m| {
        json!({"id": m.id, "kind": m.kind, "finished_at": m.finished_at, "score": crate::mock::mock_score(m)})
    });
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&json!({
                "interview_date": profile.as_ref().map(|p| p.interview_date.clone()),
                "today": today.to_string(),
                "competencies": rows,
                "questions": {"reviews": reviewed, "due": due, "unseen": unseen},
                "stories": {"count": stories.len(), "principles_covered": cov.covered(), "principles": cov.rows.len(), "gaps": cov.gaps},
                "latest_mock": mock_json,
            }))?
        );
        return Ok(Outcome::Clean);
    }
    match &profile {
        Some(p) => println!(
            "Interview on {} (today {today}); role {}.",
            p.interview_date, p.role
        ),
        None => println!("No plan yet: `barraiser prep start --interview-date YYYY-MM-DD`."),
    }
    println!(
        "{:<24} {:>8} {:>7} {:>8} {:>6}  {:<12} next",
        "competency", "attempts", "latest", "minutes", "trend", "bar"
    );
    for r in &rows {
        let score = r["latest_score"]
            .as_u64()
            .map_or("-".to_string(), |x| format!("{x}/100"));
        let mins = r["latest_minutes"]
            .as_f64()
            .map_or("-".to_string(), |x| format!("{x}"));
        println!(
            "{:<24} {:>8} {:>7} {:>8} {:>6}  {:<12} {}",
            r["competency"].as_str().unwrap_or(""),
            r["attempts"].as_u64().unwrap_or(0),
            score,
            mins,
            r["trend"].as_str().unwrap_or(""),
            r["bar"].as_str().unwrap_or(""),
            r["next"].as_str().unwrap_or("")
        );
    }
    println!("questions: {reviewed} reviews so far, {due} due now ({unseen} never seen)");
    println!(
        "stories: {} in the bank, {} of {} principles covered{}",
        stories.len(),
        cov.covered(),
        cov.rows.len(),
        if cov.gaps.is_empty() {
            String::new()
        } else {
            format!(" (next gap: {}; `barraiser star coverage`)", cov.gaps[0])
        }
    );
    match last_mock {
        Some(m) => println!(
            "latest mock: {} #{}, {}",
            m.kind,
            m.id,
            crate::mock::mock_score(m)
                .map_or("not scored".into(), |x| format!("{x}/100"))
        ),
        None => println!("latest mock: none yet (`barraiser mock phone-screen` in week 2, `barraiser mock loop` in week 4)"),
    }
    Ok(Outcome::Clean)
}

#[derive(Debug, Args)]
pub struct DrillArgs {
    #[command(subcommand)]
    pub command: DrillCmd,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RatingArg {
    Again,
    Hard,
    Good,
    Easy,
}

#[derive(Debug, Subcommand)]
pub enum DrillCmd {
    /// Code review: start a timed snippet, then submit line, category and fix per finding.
    #[command(after_help = "Examples:\n  \
        barraiser drill review start --lang python        # prints the listing and an attempt id\n  \
        barraiser drill review submit 7 answers.toml        # grades attempt 7\n\n\
        answers.toml:\n  \
        [[answer]]\n  line = 14\n  category = \"sql-injection\"\n  fix = \"use a parameterized query\"")]
    Review {
        #[command(subcommand)]
        step: ReviewStep,
    },
    /// Scripting from memory: your script runs against hidden tests in a sandbox.
    #[command(after_help = "Examples:\n  \
        barraiser drill script list\n  \
        barraiser drill script start --id top-404-ips     # prints the problem and an attempt id\n  \
        barraiser drill script submit 3 solution.py       # python3 by default\n  \
        barraiser drill script submit 3 solve.sh --cmd sh\n\n\
        The script reads the test input on stdin and writes its answer on stdout. It runs with a\n\
        5 s wall-time, 256 MiB memory and 1 MiB output limit, in an empty directory, without network\n\
        where the kernel allows it. The hidden tests never touch the disk.")]
    Script {
        #[command(subcommand)]
        step: ScriptStep,
    },
    /// Threat model: a scenario, your model in YAML, graded against the engine's reference.
    #[command(
        name = "threat-model",
        after_help = "Examples:\n  \
        barraiser drill threat-model start --scenario payment-fraud   # prints the prompt and an attempt id\n  \
        barraiser drill threat-model submit 4 my-model.yaml\n\n\
        The model format is in docs/threat-model-format.md (actors, services, stores, flows, boundaries,\n\
        threats with mitigations). Bar: the scenario's minutes (15-20)."
    )]
    ThreatModel {
        #[command(subcommand)]
        step: TmStep,
    },
    /// Technical questions and behavioural prompts on a spaced-repetition
    /// schedule (FSRS).
    #[command(after_help = "Examples:\n  \
        barraiser drill questions next                      # whatever is due first\n  \
        barraiser drill questions next --kind behavioural\n  \
        barraiser drill questions reveal iam-03\n  \
        barraiser drill questions rate iam-03 good")]
    Questions {
        #[command(subcommand)]
        step: QuestionStep,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReviewStep {
    Start {
        /// A snippet id (default: the first one not attempted yet).
        #[arg(long)]
        id: Option<String>,
        /// java, python or javascript.
        #[arg(long)]
        lang: Option<String>,
    },
    Submit {
        attempt: i64,
        answers: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TmStep {
    Start {
        /// A scenario name (default: the first one not attempted yet).
        #[arg(long)]
        scenario: Option<String>,
    },
    Submit {
        attempt: i64,
        model: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ScriptStep {
    /// The exercises.
    List,
    Start {
        /// An exercise id (default: the first one not attempted yet).
        #[arg(long)]
        id: Option<String>,
    },
    Submit {
        attempt: i64,
        script: PathBuf,
        /// The interpreter to run the script with.
        #[arg(long, default_value = "python3")]
        cmd: String,
        /// Hidden tests to run.
        #[arg(long, default_value_t = script_drill::DEFAULT_TESTS)]
        tests: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QuestionKind {
    Technical,
    Behavioural,
    Any,
}

#[derive(Debug, Subcommand)]
pub enum QuestionStep {
    /// Show the next due question (answer it aloud, then `reveal`).
    Next {
        /// technical, behavioural (the 48 principle prompts) or any.
        #[arg(long, value_enum, default_value = "any")]
        kind: QuestionKind,
    },
    /// Show the key points of a question.
    Reveal { id: String },
    /// Rate your recall after seeing the key points.
    Rate { id: String, rating: RatingArg },
}

pub fn drill(_g: &Global, a: &DrillArgs) -> Result<Outcome, Fail> {
    match &a.command {
        DrillCmd::Review {
            step: ReviewStep::Start { id, lang },
        } => review_start(&a.db, id.as_deref(), lang.as_deref()),
        DrillCmd::Review {
            step: ReviewStep::Submit { attempt, answers },
        } => review_submit(&a.db, *attempt, answers),
        DrillCmd::Questions { step } => questions(&a.db, step),
        DrillCmd::Script { step } => script(&a.db, step),
        DrillCmd::ThreatModel { step } => threat_model(&a.db, step),
    }
}

fn review_start(db: &DbArg, id: Option<&str>, lang: Option<&str>) -> Result<Outcome, Fail> {
    let cat = review_drill::Catalog::embedded();
    let mut s = db.open()?;
    let tried = tried(&s, "code-review")?;
    let want_lang = match lang {
        Some(l) => Some(
            review_drill::Language::parse(l)
                .ok_or_else(|| Fail(format!("--lang `{l}`: use java, python or javascript")))?,
        ),
        None => None,
    };
    let snippet = match id {
        Some(id) => cat
            .snippets
            .iter()
            .find(|x| x.id() == id)
            .ok_or_else(|| Fail(format!("no snippet `{id}`")))?,
        None => cat
            .snippets
            .iter()
            .filter(|x| want_lang.is_none_or(|l| x.language() == l))
            .find(|x| !tried.iter().any(|t| t == x.id()))
            .or_else(|| {
                cat.snippets
                    .iter()
                    .find(|x| want_lang.is_none_or(|l| x.language() == l))
            })
            .ok_or_else(|| Fail("no snippet".into()))?,
    };
    let attempt = begin(&mut s, "code-review", snippet.id(), json!({}))?;
    println!(
        "Code review drill, attempt {attempt}: {} ({}). Bar: 5-10 minutes; the clock is running.",
        snippet.key.title,
        snippet.language().name()
    );
    println!("{}\n", snippet.key.scenario);
    for (i, line) in snippet.source.lines().enumerate() {
        println!("{:>3} | {line}", i + 1);
    }
    let ids: Vec<&str> = cat.categories.all().iter().map(|c| c.id.as_str()).collect();
    println!("\nCategories: {}", ids.join(", "));
    println!("Submit: barraiser drill review submit {attempt} answers.toml");
    Ok(Outcome::Clean)
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswersFile {
    #[serde(default)]
    answer: Vec<AnswerRow>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerRow {
    line: u32,
    category: String,
    #[serde(default)]
    fix: String,
}

pub(crate) fn elapsed_since(started: &str) -> Duration {
    OffsetDateTime::parse(started, &Rfc3339)
        .ok()
        .map(|t| (OffsetDateTime::now_utc() - t).unsigned_abs())
        .unwrap_or_default()
}

/// Read a code-review answer file (`[[answer]]` tables with line, category
/// and fix); errors name the file, line and column.
pub(crate) fn read_review_answers(
    file: &std::path::Path,
) -> Result<Vec<review_drill::Answer>, Fail> {
    let shown = file.display().to_string();
    let bytes = io::read_input(file, 1 << 20)?;
    let text = report::Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
    let answers: AnswersFile = toml::from_str(text).map_err(|e| {
        let (l, c) = e.span().map_or((1, 1), |sp| {
            let before = &text[..sp.start.min(text.len())];
            (before.matches('\n').count() + 1, before.rsplit('\n').next().map_or(0, str::len) + 1)
        });
        Fail(format!("{shown}:{l}:{c}: error: {}\n  help: write [[answer]] tables with line, category and fix", e.message()))
    })?;
    Ok(answers
        .answer
        .into_iter()
        .map(|r| review_drill::Answer {
            line: r.line,
            category: r.category,
            fix: r.fix,
        })
        .collect())
}

fn review_submit(db: &DbArg, attempt: i64, file: &std::path::Path) -> Result<Outcome, Fail> {
    let ans = read_review_answers(file)?;
    let mut s = db.open()?;
    let a = open_attempt(
        &s,
        attempt,
        "code-review",
        "code review",
        "barraiser drill review start",
    )?;
    let snippet = review_drill::Catalog::embedded()
        .snippets
        .iter()
        .find(|x| x.id() == a.item_id)
        .ok_or_else(|| {
            Fail(format!(
                "snippet `{}` is no longer in this build",
                a.item_id
            ))
        })?;
    let elapsed = elapsed_since(&a.started_at);
    let g = review_drill::grade(&snippet.key, &ans, elapsed);
    s.finish_attempt(
        attempt,
        &store::AttemptResult {
            finished_at: now(),
            elapsed_secs: elapsed.as_secs().min(u32::MAX as u64) as u32,
            score: g.score.min(100) as u8,
            details: serde_json::to_value(&g)?,
        },
    )
    .map_err(|e| Fail(e.to_string()))?;
    println!(
        "Score {}/100: recall {:.0}%, precision {:.0}%, fix quality {:.0}%, {:.1} min ({:?}).",
        g.score,
        g.recall * 100.0,
        g.precision * 100.0,
        g.fix_quality * 100.0,
        elapsed.as_secs_f64() / 60.0,
        g.pace
    );
    print!("{}", g.details_text(&snippet.key));
    Ok(Outcome::Clean)
}

fn threat_model(db: &DbArg, step: &TmStep) -> Result<Outcome, Fail> {
    let content = threat_model::content::Content::embedded().map_err(|e| Fail(e.to_string()))?;
    match step {
        TmStep::Start { scenario } => {
            let mut s = db.open()?;
            let tried = tried(&s, "threat-model")?;
            let sc = match scenario {
                Some(n) => content.scenario(n).ok_or_else(|| {
                    let names: Vec<&str> =
                        content.scenarios.iter().map(|s| s.name.as_str()).collect();
                    Fail(format!(
                        "no scenario `{n}`; the scenarios are: {}",
                        names.join(", ")
                    ))
                })?,
                None => content
                    .scenarios
                    .iter()
                    .find(|s| !tried.contains(&s.name))
                    .or(content.scenarios.first())
                    .ok_or_else(|| Fail("no scenario".into()))?,
            };
            let attempt = begin(&mut s, "threat-model", &sc.name, json!({}))?;
            println!(
                "Threat-model drill, attempt {attempt}: {} (bar: {} min; the clock is running).\n",
                sc.title, sc.minutes
            );
            println!("{}\n", sc.prompt);
            println!("Write the model in YAML (docs/threat-model-format.md), then:\n  barraiser drill threat-model submit {attempt} model.yaml");
            Ok(Outcome::Clean)
        }
        TmStep::Submit { attempt, model } => {
            let shown = model.display().to_string();
            let bytes = io::read_input(model, 4 << 20)?;
            let text = report::Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
            let mut s = db.open()?;
            let a = open_attempt(
                &s,
                *attempt,
                "threat-model",
                "threat-model drill",
                "barraiser drill threat-model start",
            )?;
            let elapsed = elapsed_since(&a.started_at);
            // a model that does not parse is not graded: the attempt stays open to fix and resubmit
            let g = tm_drill::grade_at(&shown, &a.item_id, text, elapsed)
                .map_err(|e| Fail(e.to_string()))?;
            s.finish_attempt(
                *attempt,
                &store::AttemptResult {
                    finished_at: now(),
                    elapsed_secs: elapsed.as_secs().min(u32::MAX as u64) as u32,
                    score: g.score.min(100) as u8,
                    details: serde_json::to_value(&g)?,
                },
            )
            .map_err(|e| Fail(e.to_string()))?;
            print!("{}", g.to_markdown());
            Ok(Outcome::Clean)
        }
    }
}

fn script(db: &DbArg, step: &ScriptStep) -> Result<Outcome, Fail> {
    let all = script_drill::all_exercises();
    match step {
        ScriptStep::List => {
            for e in all {
                println!("{:<24} {} ({} min)", e.id, e.title, e.time_bar_minutes);
            }
            Ok(Outcome::Clean)
        }
        ScriptStep::Start { id } => {
            let mut s = db.open()?;
            let tried = tried(&s, "scripting")?;
            let ex = match id {
                Some(id) => all.iter().find(|e| &e.id == id).ok_or_else(|| {
                    Fail(format!(
                        "no exercise `{id}`\n  help: barraiser drill script list"
                    ))
                })?,
                None => all
                    .iter()
                    .find(|e| !tried.contains(&e.id))
                    .or(all.first())
                    .ok_or_else(|| Fail("no exercise".into()))?,
            };
            let attempt = begin(&mut s, "scripting", &ex.id, json!({}))?;
            println!(
                "Scripting drill, attempt {attempt}: {} (bar: {} min, from memory).\n",
                ex.title, ex.time_bar_minutes
            );
            println!(
                "{}\n\nInput: {}\nOutput: {}\n",
                ex.statement.trim(),
                ex.input_format.trim(),
                ex.output_format.trim()
            );
            println!(
                "Sample input:\n{}\nSample output:\n{}",
                ex.sample_input, ex.sample_output
            );
            println!("Submit: barraiser drill script submit {attempt} solution.py");
            Ok(Outcome::Clean)
        }
        ScriptStep::Submit {
            attempt,
            script,
            cmd,
            tests,
        } => {
            let mut s = db.open()?;
            let a = open_attempt(
                &s,
                *attempt,
                "scripting",
                "scripting drill",
                "barraiser drill script start",
            )?;
            let ex = script_drill::exercise(&a.item_id).map_err(|e| Fail(e.to_string()))?;
            let report = run_script(
                ex,
                script,
                cmd,
                script_drill::attempt_seed(*attempt),
                *tests,
            )?;
            let elapsed = elapsed_since(&a.started_at);
            let score = report.score();
            s.finish_attempt(
                *attempt,
                &store::AttemptResult {
                    finished_at: now(),
                    elapsed_secs: elapsed.as_secs().min(u32::MAX as u64) as u32,
                    score,
                    details: report.attempt_details(),
                },
            )
            .map_err(|e| Fail(e.to_string()))?;
            print!("{}", report.render());
            println!(
                "Score {score}/100 in {:.1} min (bar {} min).",
                elapsed.as_secs_f64() / 60.0,
                ex.time_bar_minutes
            );
            Ok(Outcome::Clean)
        }
    }
}

/// Run `script` with `cmd` against `tests` hidden tests of `ex` drawn from
/// `seed`, in the sandbox.
pub(crate) fn run_script(
    ex: &script_drill::Exercise,
    script: &std::path::Path,
    cmd: &str,
    seed: u64,
    tests: usize,
) -> Result<script_drill::Report, Fail> {
    let shown = script.display().to_string();
    let code = io::read_input(script, 1 << 20)?;
    let name = std::path::Path::new(&shown)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("solution.py");
    script_drill::run_submission(ex, cmd, name, &code, seed, tests).map_err(|e| Fail(e.to_string()))
}

fn questions(db: &DbArg, step: &QuestionStep) -> Result<Outcome, Fail> {
    let bank = questions::embedded().map_err(|e| Fail(e.to_string()))?;
    let mut s = db.open()?;
    let now_t = OffsetDateTime::now_utc();
    let known = |id: &str| -> Result<(), Fail> {
        if bank.technical_by_id(id).is_some() || bank.prompt_by_id(id).is_some() {
            Ok(())
        } else {
            Err(Fail(format!(
                "no question or prompt `{id}`\n  help: barraiser drill questions next"
            )))
        }
    };
    match step {
        QuestionStep::Next { kind } => {
            let kind = match kind {
                QuestionKind::Technical => progress::review::Kind::Technical,
                QuestionKind::Behavioural => progress::review::Kind::Behavioural,
                QuestionKind::Any => progress::review::Kind::Any,
            };
            let Some(c) =
                progress::review::next(&s, bank, kind, now_t).map_err(|e| Fail(e.to_string()))?
            else {
                println!("Nothing due. Come back tomorrow.");
                return Ok(Outcome::Clean);
            };
            if let Some(q) = bank.technical_by_id(&c.id) {
                println!("[{}] ({}) {}", q.id, q.area.as_str(), q.prompt);
                println!(
                    "Answer aloud, then: barraiser drill questions reveal {}",
                    q.id
                );
            } else if let Some(p) = bank.prompt_by_id(&c.id) {
                let name = bank
                    .principle_by_id(&p.principle)
                    .map_or(p.principle.as_str(), |x| x.name.as_str());
                println!("[{}] ({name}) {}", p.id, p.prompt);
                println!(
                    "Tell a STAR story aloud in 3-4 minutes, then: barraiser drill questions reveal {}",
                    p.id
                );
            }
        }
        QuestionStep::Reveal { id } => {
            known(id)?;
            if let Some(q) = bank.technical_by_id(id) {
                println!("{}", q.prompt);
                for k in &q.key_points {
                    println!("  - {k}");
                }
                if let Some(f) = &q.follow_up {
                    println!("Follow-up to expect: {f}");
                }
            } else if let Some(p) = bank.prompt_by_id(id) {
                println!("{}\nWhat the interviewer listens for:", p.prompt);
                for k in &p.what_they_probe {
                    println!("  - {k}");
                }
                let stories: Vec<String> = s
                    .stories()
                    .map_err(|e| Fail(e.to_string()))?
                    .into_iter()
                    .filter(|x| x.principles.contains(&p.principle))
                    .map(|x| x.title)
                    .collect();
                if stories.is_empty() {
                    println!(
                        "Your bank has no story for {}: `barraiser star coverage` shows the gaps.",
                        p.principle
                    );
                } else {
                    println!("Your stories for {}: {}", p.principle, stories.join("; "));
                }
            }
            println!("Rate your recall: barraiser drill questions rate {id} again|hard|good|easy");
        }
        QuestionStep::Rate { id, rating } => {
            known(id)?;
            let r = match rating {
                RatingArg::Again => questions::Rating::Again,
                RatingArg::Hard => questions::Rating::Hard,
                RatingArg::Good => questions::Rating::Good,
                RatingArg::Easy => questions::Rating::Easy,
            };
            let next = progress::review::rate(&mut s, bank, id, r, now_t)
                .map_err(|e| Fail(e.to_string()))?;
            let shown = next
                .due
                .format(time::macros::format_description!(
                    "[year]-[month]-[day] [hour]:[minute] UTC"
                ))
                .map_err(|e| Fail(e.to_string()))?;
            println!("Next review of {id}: {shown}");
        }
    }
    Ok(Outcome::Clean)
}
