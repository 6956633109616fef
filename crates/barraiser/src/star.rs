//! `barraiser star`: the STAR story coach over the story bank kept in
//! SQLite. The checks and the coverage matrix live in the `star` crate; the
//! prompts come from the `questions` bank; this module only moves stories
//! between TOML, the store and the screen, and times practice.
//!
//! The bank is edited as TOML (`star export` > bank.toml, edit, `star
//! import bank.toml`) rather than through prompts on the terminal: a text
//! editor is where a 600-word story gets written, and the file doubles as a
//! backup. Stories are matched by title, so an import updates in place.
//!
//! Timed practice (draw, clock, score) is `progress::practice`, shared
//! with the web app's practice mode.

use crate::cli::Global;
use crate::prep::DbArg;
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Args)]
pub struct StarArgs {
    #[command(subcommand)]
    pub command: StarCmd,
    #[command(flatten)]
    pub db: DbArg,
}

#[derive(Debug, Subcommand)]
pub enum StarCmd {
    /// Add stories from a TOML bank, or update the ones with the same title.
    #[command(after_help = "Examples:\n  \
        barraiser star import bank.toml\n\n\
        bank.toml:\n  \
        [[story]]\n  \
        title = \"Leaked deploy key\"\n  \
        principles = [\"ownership\", \"bias-for-action\"]\n  \
        date = \"2025-03\"\n  \
        situation = \"...\"\n  task = \"...\"\n  action = \"I ...\"\n  result = \"... cut exposure from 9 days to 40 minutes\"\n\n\
        Principle ids: barraiser star coverage")]
    Import { file: PathBuf },
    /// Write the whole bank as TOML (edit it, then import it back).
    Export {
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// The stories, with words, speaking time and principles.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Check stories against the bars: STAR parts, a measured result, "I"
    /// over "we", 3-4 minutes spoken, within three years, no filler.
    #[command(after_help = "Examples:\n  \
        barraiser star lint\n  \
        barraiser star lint --title \"Leaked deploy key\" --json\n\n\
        Exit code 1 when a story fails a bar (an error); warnings alone exit 0\n\
        unless --fail-on warning.")]
    Lint {
        /// Only this story.
        #[arg(long)]
        title: Option<String>,
        /// Exit 1 at this severity or above: error or warning.
        #[arg(long, default_value = "error")]
        fail_on: String,
        #[arg(long)]
        json: bool,
    },
    /// Which principles the bank answers, the gaps, and over-reused stories.
    Coverage {
        #[arg(long)]
        json: bool,
    },
    /// Draw a random prompt for a principle and time the telling.
    #[command(after_help = "Examples:\n  \
        barraiser star practice                         # a least-covered principle (fewest stories)\n  \
        barraiser star practice --principle dive-deep\n  \
        barraiser star practice --no-wait               # start the clock, stop it with `star told`\n\n\
        On a terminal the clock stops when you press Enter. Bar: 3-4 minutes.")]
    Practice {
        #[arg(long)]
        principle: Option<String>,
        /// The story you will tell (by title), to lint it with the result.
        #[arg(long)]
        story: Option<String>,
        /// Do not wait for Enter; stop the clock later with `star told`.
        #[arg(long)]
        no_wait: bool,
        /// Seed for the prompt draw (default: the clock).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Stop the clock of a practice started with --no-wait.
    Told {
        attempt: i64,
        #[arg(long)]
        story: Option<String>,
    },
}

pub fn run(_g: &Global, a: &StarArgs) -> Result<Outcome, Fail> {
    match &a.command {
        StarCmd::Import { file } => import(&a.db, file),
        StarCmd::Export { output } => {
            let s = a.db.open()?;
            let text = to_toml(&bank(&s)?)?;
            io::emit(output.as_deref(), &text)?;
            Ok(Outcome::Clean)
        }
        StarCmd::List { json } => list(&a.db, *json),
        StarCmd::Lint {
            title,
            fail_on,
            json,
        } => lint(&a.db, title.as_deref(), fail_on, *json),
        StarCmd::Coverage { json } => coverage(&a.db, *json),
        StarCmd::Practice {
            principle,
            story,
            no_wait,
            seed,
        } => practice(
            &a.db,
            principle.as_deref(),
            story.as_deref(),
            *no_wait,
            *seed,
        ),
        StarCmd::Told { attempt, story } => told(&a.db, *attempt, story.as_deref()),
    }
}

/// The bank as `star` stories, paired with their store ids. A stored date
/// is the first of its month (the store keeps full dates, a story is dated
/// to the month); a story saved without a date reads as January 1970, which
/// the recency check then flags.
fn bank(s: &store::Store) -> Result<Vec<(i64, star::Story)>, Fail> {
    let stored = s.stories().map_err(|e| Fail(e.to_string()))?;
    Ok(stored
        .iter()
        .map(|x| (x.id, progress::stories::to_star(x)))
        .collect())
}

fn to_toml(bank: &[(i64, star::Story)]) -> Result<String, Fail> {
    #[derive(serde::Serialize)]
    struct Bank<'a> {
        story: Vec<&'a star::Story>,
    }
    let b = Bank {
        story: bank.iter().map(|(_, s)| s).collect(),
    };
    toml::to_string(&b).map_err(|e| Fail(format!("cannot write the bank as TOML: {e}")))
}

fn import(db: &DbArg, file: &std::path::Path) -> Result<Outcome, Fail> {
    let shown = file.display().to_string();
    let bytes = io::read_input(file, 4 << 20)?;
    let text = report::Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
    let stories = star::parse_bank(text).map_err(|e| {
        Fail(format!(
            "{shown}: {e}\n  help: write [[story]] tables with title, principles, date (YYYY-MM), situation, task, action and result"
        ))
    })?;
    let mut seen = std::collections::BTreeSet::new();
    for st in &stories {
        if st.title.trim().is_empty() {
            return Err(Fail(format!("{shown}: a story has an empty title")));
        }
        if !seen.insert(st.title.trim().to_lowercase()) {
            return Err(Fail(format!(
                "{shown}: two stories are titled `{}`; titles identify stories, make them unique",
                st.title
            )));
        }
    }
    let mut s = db.open()?;
    let existing = bank(&s)?;
    let now = store::now_rfc3339();
    let (mut added, mut updated) = (0, 0);
    for st in stories {
        let new = store::NewStory {
            title: st.title.trim().to_string(),
            principles: st.principles.clone(),
            date: Some(format!("{}-01", st.date)),
            situation: st.situation,
            task: st.task,
            action: st.action,
            result: st.result,
            updated_at: now.clone(),
        };
        match existing
            .iter()
            .find(|(_, e)| e.title.trim().eq_ignore_ascii_case(&new.title))
        {
            Some((id, _)) => {
                s.update_story(*id, &new)
                    .map_err(|e| Fail(format!("{shown}: {e}")))?;
                updated += 1;
            }
            None => {
                s.insert_story(&new)
                    .map_err(|e| Fail(format!("{shown}: {e}")))?;
                added += 1;
            }
        }
    }
    println!("{added} stories added, {updated} updated. Next: barraiser star lint");
    Ok(Outcome::Clean)
}

fn list(db: &DbArg, as_json: bool) -> Result<Outcome, Fail> {
    let s = db.open()?;
    let b = bank(&s)?;
    if as_json {
        let rows: Vec<_> = b
            .iter()
            .map(|(id, st)| json!({"id": id, "title": st.title, "date": st.date.to_string(), "principles": st.principles, "metrics": st.metrics()}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(Outcome::Clean);
    }
    if b.is_empty() {
        println!("No stories yet. Write a bank in TOML and run `barraiser star import bank.toml` (see --help).");
    }
    for (_, st) in &b {
        let m = st.metrics();
        println!(
            "{:<40} {}  {:>4} words  {} spoken  {}",
            st.title,
            st.date,
            m.words,
            m.spoken(),
            st.principles.join(", ")
        );
    }
    Ok(Outcome::Clean)
}

fn today(db: &DbArg) -> Result<star::Date, Fail> {
    db.today()
}

fn lint(db: &DbArg, title: Option<&str>, fail_on: &str, as_json: bool) -> Result<Outcome, Fail> {
    let gate = match fail_on {
        "error" => star::Severity::Error,
        "warning" => star::Severity::Warning,
        other => return Err(Fail(format!("--fail-on `{other}`: use error or warning"))),
    };
    let s = db.open()?;
    let date = today(db)?;
    let mut b = bank(&s)?;
    if let Some(t) = title {
        b.retain(|(_, st)| st.title.eq_ignore_ascii_case(t.trim()));
        if b.is_empty() {
            return Err(Fail(format!(
                "no story titled `{t}`\n  help: barraiser star list"
            )));
        }
    }
    let mut worst: Option<star::Severity> = None;
    let mut out = Vec::new();
    for (_, st) in &b {
        let issues = star::lint(st, date);
        worst = worst.max(issues.iter().map(|i| i.severity).max());
        out.push((st, issues));
    }
    if as_json {
        let rows: Vec<_> = out
            .iter()
            .map(|(st, issues)| json!({"title": st.title, "metrics": st.metrics(), "issues": issues}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else {
        for (st, issues) in &out {
            let m = st.metrics();
            let share = m
                .i_share
                .map_or("-".into(), |x| format!("{:.0}%", x * 100.0));
            println!(
                "{}: {} words, {} spoken, \"I\" share {share}",
                st.title,
                m.words,
                m.spoken()
            );
            if issues.is_empty() {
                println!("  meets every bar");
            }
            for i in issues {
                let sev = match i.severity {
                    star::Severity::Error => "error",
                    star::Severity::Warning => "warning",
                };
                let part = i.part.map(|p| format!(" ({p})")).unwrap_or_default();
                println!("  {sev}[{}]{part}: {}", i.check, i.message);
            }
        }
    }
    Ok(if worst.is_some_and(|w| w >= gate) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn coverage(db: &DbArg, as_json: bool) -> Result<Outcome, Fail> {
    let s = db.open()?;
    let stories: Vec<star::Story> = bank(&s)?.into_iter().map(|(_, st)| st).collect();
    let c = star::Coverage::compute(&stories, star::principles());
    if as_json {
        println!("{}", serde_json::to_string_pretty(&c)?);
        return Ok(Outcome::Clean);
    }
    println!(
        "{} of {} principles have a story.",
        c.covered(),
        c.rows.len()
    );
    for r in &c.rows {
        let mark = if r.stories.is_empty() { "GAP " } else { "    " };
        println!(
            "{mark}{:<46} {:<36} {}",
            r.principle_name,
            r.principle_id,
            if r.stories.is_empty() {
                "-".to_string()
            } else {
                r.stories.join("; ")
            }
        );
    }
    for o in &c.over_reused {
        println!(
            "over-reused: `{}` is tagged with {} principles ({}); a loop may hear it twice. Keep it to {} and find another story.",
            o.title,
            o.principles.len(),
            o.principles.join(", "),
            star::MAX_PRINCIPLES_PER_STORY
        );
    }
    for u in &c.unknown {
        println!(
            "unknown principle `{}` on `{}`: use one of the ids above",
            u.principle_id, u.title
        );
    }
    Ok(Outcome::Clean)
}

/// The library's error with the command that helps.
fn practice_fail(e: progress::practice::PracticeError) -> Fail {
    use progress::practice::PracticeError as E;
    match e {
        E::NoStory(t) => Fail(format!(
            "no story titled `{t}`\n  help: barraiser star list"
        )),
        E::NoAttempt(id) => Fail(format!(
            "no attempt {id}\n  help: start one with `barraiser star practice --no-wait`"
        )),
        E::NotPractice { .. } => Fail(format!(
            "{e}; start one with `barraiser star practice --no-wait`"
        )),
        other => Fail(other.to_string()),
    }
}

fn practice(
    db: &DbArg,
    principle: Option<&str>,
    story: Option<&str>,
    no_wait: bool,
    seed: Option<u64>,
) -> Result<Outcome, Fail> {
    let qbank = questions::embedded().map_err(|e| Fail(e.to_string()))?;
    let mut s = db.open()?;
    let stored = s.stories().map_err(|e| Fail(e.to_string()))?;
    if let Some(t) = story {
        if !stored
            .iter()
            .any(|x| x.title.trim().eq_ignore_ascii_case(t.trim()))
        {
            return Err(practice_fail(progress::practice::PracticeError::NoStory(
                t.to_string(),
            )));
        }
    }
    let seed = seed.unwrap_or_else(crate::prep::clock_seed);
    let d = progress::practice::draw(qbank, &stored, principle, seed).map_err(practice_fail)?;
    let attempt = progress::practice::begin(&mut s, &d).map_err(practice_fail)?;
    println!(
        "STAR practice, attempt {attempt}: {}\n\n  {}\n",
        d.name, d.prompt.prompt
    );
    println!("What they probe: {}", d.prompt.what_they_probe.join("; "));
    let wait = !no_wait && std::io::stdin().is_terminal();
    if !wait {
        println!(
            "Tell it aloud (bar 3-4 minutes), then: barraiser star told {attempt}{}",
            story
                .map(|t| format!(" --story \"{t}\""))
                .unwrap_or_default()
        );
        return Ok(Outcome::Clean);
    }
    print!("The clock is running. Tell it aloud and press Enter when you finish.");
    std::io::stdout().flush()?;
    let t0 = Instant::now();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let t = progress::practice::finish(&mut s, attempt, t0.elapsed(), story, today(db)?)
        .map_err(practice_fail)?;
    print_told(&t);
    Ok(Outcome::Clean)
}

fn told(db: &DbArg, attempt: i64, story: Option<&str>) -> Result<Outcome, Fail> {
    let mut s = db.open()?;
    let t = progress::practice::told(&mut s, attempt, story, today(db)?).map_err(practice_fail)?;
    print_told(&t);
    Ok(Outcome::Clean)
}

fn print_told(t: &progress::practice::Told) {
    println!(
        "\nTold in {}:{:02}, {}. Score {}/100.",
        t.elapsed_secs / 60,
        t.elapsed_secs % 60,
        t.verdict,
        t.score
    );
    if let Some(st) = &t.story {
        if !t.story_fits() {
            println!(
                "note: `{}` is not tagged with {}; tag it, or find a story that fits",
                st.title, t.principle
            );
        }
        for i in &t.issues {
            println!("  [{}] {}", i.check, i.message);
        }
    }
}
