//! `barraiser star`: the STAR story coach over the story bank kept in
//! SQLite. The checks and the coverage matrix live in the `star` crate; the
//! prompts come from the `questions` bank; this module only moves stories
//! between TOML, the store and the screen, and times practice.
//!
//! The bank is edited as TOML (`star export` > bank.toml, edit, `star
//! import bank.toml`) rather than through prompts on the terminal: a text
//! editor is where a 600-word story gets written, and the file doubles as a
//! backup. Stories are matched by title, so an import updates in place.

use crate::cli::Global;
use crate::prep::DbArg;
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand};
use serde_json::json;
use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

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
        barraiser star practice                         # the first principle without a story, else any\n  \
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

/// The spoken-length bar, in seconds.
const BAR_LOW: u64 = 180;
const BAR_HIGH: u64 = 240;

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

/// The practice score: 100 inside the 3-4 minute bar, 10 points off per
/// started 15 seconds outside it; then 15 off per error and 5 per warning
/// the told story has (when it is named), floored at 0.
pub(crate) fn practice_score(elapsed: Duration, issues: &[star::Issue]) -> u8 {
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

fn find_story<'a>(b: &'a [(i64, star::Story)], title: &str) -> Result<&'a star::Story, Fail> {
    b.iter()
        .map(|(_, s)| s)
        .find(|s| s.title.eq_ignore_ascii_case(title.trim()))
        .ok_or_else(|| {
            Fail(format!(
                "no story titled `{title}`\n  help: barraiser star list"
            ))
        })
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
    let b = bank(&s)?;
    if let Some(t) = story {
        find_story(&b, t)?;
    }
    let seed = seed.unwrap_or_else(crate::prep::clock_seed);
    let mut rng = mock::rng::Rng::new(seed);
    let pid = match principle {
        Some(p) => {
            qbank.principle_by_id(p).ok_or_else(|| {
                let ids: Vec<&str> = qbank.principles.iter().map(|p| p.id.as_str()).collect();
                Fail(format!(
                    "no principle `{p}`; the ids are: {}",
                    ids.join(", ")
                ))
            })?;
            p.to_string()
        }
        None => {
            let stories: Vec<star::Story> = b.iter().map(|(_, s)| s.clone()).collect();
            let c = star::Coverage::compute(&stories, star::principles());
            match c.gaps.first() {
                Some(g) => g.clone(),
                None => qbank.principles[rng.below(qbank.principles.len())]
                    .id
                    .clone(),
            }
        }
    };
    let prompts: Vec<&questions::BehavioralPrompt> = qbank
        .prompts
        .iter()
        .filter(|p| p.principle == pid)
        .collect();
    if prompts.is_empty() {
        return Err(Fail(format!("no prompt for principle `{pid}`")));
    }
    let prompt = prompts[rng.below(prompts.len())];
    let name = qbank
        .principle_by_id(&pid)
        .map_or(pid.as_str(), |p| p.name.as_str());
    let attempt = crate::prep::begin(&mut s, "star", &prompt.id, json!({"principle": pid}))?;
    println!(
        "STAR practice, attempt {attempt}: {name}\n\n  {}\n",
        prompt.prompt
    );
    println!("What they probe: {}", prompt.what_they_probe.join("; "));
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
    finish_practice(&mut s, attempt, t0.elapsed(), story, &b, &pid, today(db)?)
}

fn told(db: &DbArg, attempt: i64, story: Option<&str>) -> Result<Outcome, Fail> {
    let mut s = db.open()?;
    let a = crate::prep::open_attempt(
        &s,
        attempt,
        "star",
        "STAR practice",
        "barraiser star practice --no-wait",
    )?;
    let b = bank(&s)?;
    let pid = a.details["principle"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let elapsed = crate::prep::elapsed_since(&a.started_at);
    finish_practice(&mut s, attempt, elapsed, story, &b, &pid, today(db)?)
}

fn finish_practice(
    s: &mut store::Store,
    attempt: i64,
    elapsed: Duration,
    story: Option<&str>,
    b: &[(i64, star::Story)],
    principle: &str,
    today: star::Date,
) -> Result<Outcome, Fail> {
    let told = story.map(|t| find_story(b, t)).transpose()?;
    let issues = match told {
        Some(st) => star::lint(st, today),
        None => Vec::new(),
    };
    let score = practice_score(elapsed, &issues);
    let secs = elapsed.as_secs();
    let verdict = if secs < BAR_LOW {
        "short: add the numbers and what you personally did"
    } else if secs > BAR_HIGH {
        "long: cut the situation to two sentences"
    } else {
        "inside the 3-4 minute bar"
    };
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &issues {
        *counts.entry(i.check.as_str()).or_default() += 1;
    }
    s.finish_attempt(
        attempt,
        &store::AttemptResult {
            finished_at: store::now_rfc3339(),
            elapsed_secs: secs.min(u64::from(u32::MAX)) as u32,
            score,
            details: json!({"principle": principle, "story": told.map(|t| t.title.clone()), "issues": issues}),
        },
    )
    .map_err(|e| Fail(e.to_string()))?;
    println!(
        "\nTold in {}:{:02}, {verdict}. Score {score}/100.",
        secs / 60,
        secs % 60
    );
    if let Some(st) = told {
        if !st.principles.iter().any(|p| p == principle) {
            println!(
                "note: `{}` is not tagged with {principle}; tag it, or find a story that fits",
                st.title
            );
        }
        for i in &issues {
            println!("  [{}] {}", i.check, i.message);
        }
    }
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
