//! Fill a progress database with a year of practice, for the web app's
//! benchmark (bench/web/run.sh): pages must stay fast against the history a
//! committed candidate builds up, not against an empty database.
//!
//! ```sh
//! cargo run --release -p web --example year_of_history -- PATH.db [DAYS]
//! ```
//!
//! Every row goes through the same library calls the drills use, so the
//! details JSON has the real shape: question ratings through the FSRS queue
//! (`progress::review::rate`, ten a day, as the queue hands them out),
//! code-review answers graded by `review_drill::grade` (a candidate who finds
//! more each month), threat models graded by `tm_drill::grade` against the
//! scenario's reference model, scripting results in the CLI's form, STAR
//! tellings, a mock interview every fortnight (run through
//! `progress::mocks`), and a bank of stories. Day `DAYS` is yesterday. The run is
//! deterministic (a fixed xorshift seed), so two benchmark runs measure the
//! same database.

use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        (self.next() % 10_000) as f64 / 10_000.0 < p
    }
}

fn stamp(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).expect("an RFC 3339 time")
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: year_of_history PATH.db [DAYS]")?;
    let days: i64 = args.next().map(|d| d.parse()).transpose()?.unwrap_or(365);
    let mut s = store::Store::open(&path)?;
    let bank = questions::embedded()?;
    let snippets = &review_drill::Catalog::embedded().snippets;
    let scenarios = tm_drill::scenarios()?;
    let content = threat_model::content::Content::embedded()?;
    let exercises = script_drill::all_exercises();
    let principles = star::principles();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let today = OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
    let (mut reviews, mut drills) = (0usize, 0usize);

    for story in 0..24 {
        let p1 = &principles[story % principles.len()];
        let p2 = &principles[(story * 7 + 3) % principles.len()];
        s.insert_story(&store::NewStory {
            title: format!("Story {story}: contained an incident in service {story}"),
            principles: vec![p1.id.to_string(), p2.id.to_string()],
            date: Some(format!("2025-{:02}-15", story % 12 + 1)),
            situation: "A payment service leaked debug logs with card tokens to a shared bucket."
                .into(),
            task: "I owned the response and the fix across three teams.".into(),
            action: "I revoked the tokens, locked the bucket with a deny policy, added a log \
                     scrubber and a canary test, and walked the owners through the change."
                .into(),
            result: format!(
                "Exposure closed in {} hours; {}% fewer sensitive log lines in a month.",
                story + 2,
                60 + story
            ),
            updated_at: stamp(today),
        })?;
    }

    for day in 0..days {
        let morning = today - time::Duration::days(days - day) + time::Duration::hours(7);
        // skill grows over the year: from finding a third of the issues to nearly all
        let skill = 0.35 + 0.6 * day as f64 / days as f64;

        for n in 0..10 {
            let now = morning + time::Duration::minutes(n * 3);
            let Some(card) = progress::review::next(&s, bank, progress::review::Kind::Any, now)?
            else {
                break;
            };
            let rating = match rng.below(10) {
                0 => questions::Rating::Again,
                1 | 2 => questions::Rating::Hard,
                3..=8 => questions::Rating::Good,
                _ => questions::Rating::Easy,
            };
            progress::review::rate(&mut s, bank, &card.id, rating, now)?;
            reviews += 1;
        }

        // one code review a day
        let sn = &snippets[rng.below(snippets.len())];
        let answers: Vec<review_drill::Answer> = sn
            .key
            .vulns
            .iter()
            .filter(|_| rng.chance(skill))
            .map(|v| review_drill::Answer::new(v.line, &v.category, &v.fix))
            .collect();
        let secs = 240 + rng.below(600) as u64;
        let g = review_drill::grade(&sn.key, &answers, Duration::from_secs(secs));
        drill(
            &mut s,
            "code-review",
            sn.id(),
            morning + time::Duration::hours(1),
            secs,
            g.score.min(100) as u8,
            serde_json::to_value(&g)?,
        )?;

        // a threat model every third day, against the scenario's reference
        if day % 3 == 0 {
            let name = scenarios[rng.below(scenarios.len())];
            let sc = content.scenario(name).ok_or("a listed scenario")?;
            let secs = 900 + rng.below(600) as u64;
            let g = tm_drill::grade(name, sc.yaml, Duration::from_secs(secs))?;
            drill(
                &mut s,
                "threat-model",
                name,
                morning + time::Duration::hours(2),
                secs,
                g.score.min(100) as u8,
                serde_json::to_value(&g)?,
            )?;
        }

        // a script every second day, in the CLI's result form
        if day % 2 == 0 {
            let ex = &exercises[rng.below(exercises.len())];
            let tests = 30;
            let passed = (0..tests).filter(|_| rng.chance(skill + 0.1)).count();
            drill(
                &mut s,
                "scripting",
                &ex.id,
                morning + time::Duration::hours(3),
                300 + rng.below(900) as u64,
                (passed * 100 / tests) as u8,
                serde_json::json!({"passed": passed, "tests": tests}),
            )?;
        }

        // a STAR telling every fourth day
        if day % 4 == 0 {
            let prompt = &bank.prompts[rng.below(bank.prompts.len())];
            drill(
                &mut s,
                "star",
                &prompt.id,
                morning + time::Duration::hours(4),
                150 + rng.below(150) as u64,
                (50.0 + 45.0 * skill) as u8,
                serde_json::json!({"principle": prompt.principle, "story": null, "issues": []}),
            )?;
        }
    }
    // a mock every fortnight, alternating phone screen and loop; the
    // principles get a rating and every round is closed
    let mut mocks = 0;
    for m in 0..days / 14 {
        let kind = if m % 2 == 0 {
            mock::MockKind::PhoneScreen
        } else {
            mock::MockKind::Loop
        };
        let l = progress::mocks::start(&mut s, kind, m as u64)?;
        let id = l.id();
        while let Ok(l) = progress::mocks::running(&s, Some(id)) {
            if let Some(cur) = l.current() {
                let asked: Vec<String> = l.session.rounds[cur]
                    .round
                    .principles
                    .iter()
                    .map(|a| a.principle.clone())
                    .collect();
                for p in asked {
                    progress::mocks::rate(&mut s, Some(id), &p, 1 + rng.below(4) as u8, None)?;
                }
            }
            progress::mocks::next(&mut s, Some(id), true)?;
        }
        mocks += 1;
    }
    drills += s.attempts(None)?.len() - reviews;
    println!("{path}: {days} days, {reviews} question reviews, {drills} graded drills, {mocks} mocks, 24 stories");
    Ok(())
}

/// Store one finished drill the way the drill commands do: started, then graded.
fn drill(
    s: &mut store::Store,
    kind: &str,
    item: &str,
    started: OffsetDateTime,
    secs: u64,
    score: u8,
    details: serde_json::Value,
) -> Result<(), Box<dyn std::error::Error>> {
    let id = s.start_attempt(&store::NewAttempt {
        drill_kind: kind.into(),
        item_id: item.into(),
        started_at: stamp(started),
        details: serde_json::json!({}),
    })?;
    s.finish_attempt(
        id,
        &store::AttemptResult {
            finished_at: stamp(started + time::Duration::seconds(secs as i64)),
            elapsed_secs: secs as u32,
            score,
            details,
        },
    )?;
    Ok(())
}
