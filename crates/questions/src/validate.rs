//! The rules a question bank must satisfy.
//!
//! Structural rules (any bank): ids are unique across the whole bank and kebab-case; prompts
//! are non-empty; a technical question has 3 to 7 short key points; a behavioural prompt names
//! an existing principle and lists 2 to 4 things the interviewer probes; OWASP tags appear only
//! on application-security questions.
//!
//! Coverage rules (what the preparation plan relies on): at least [`MIN_PER_AREA`] questions in
//! every area, all ten OWASP Top 10 2021 categories among the appsec questions, exactly
//! [`PRINCIPLE_COUNT`] principles, and at least [`MIN_PROMPTS_PER_PRINCIPLE`] prompts for each.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::bank::{Area, Bank, Owasp};

/// Minimum technical questions per area.
pub const MIN_PER_AREA: usize = 12;
/// The number of Amazon Leadership Principles.
pub const PRINCIPLE_COUNT: usize = 16;
/// Minimum behavioural prompts per principle.
pub const MIN_PROMPTS_PER_PRINCIPLE: usize = 3;
/// Longest key point, in characters: key points are bullets, not paragraphs.
pub const MAX_KEY_POINT_CHARS: usize = 160;

/// One broken rule, naming the entry it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The id of the entry, or the area/principle/file for coverage rules.
    pub subject: String,
    pub message: String,
}

impl Problem {
    fn new(subject: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            subject: subject.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.subject, self.message)
    }
}

/// True for `lower-case-words-and-digits`: no leading, trailing or doubled hyphen.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Checks every rule and returns the problems found (empty when the bank is valid), in a
/// deterministic order.
pub fn validate(bank: &Bank) -> Vec<Problem> {
    let mut problems = Vec::new();

    let mut seen: HashMap<&str, &'static str> = HashMap::new();

    for q in &bank.technical {
        check_id(&mut seen, &q.id, "technical question", &mut problems);
        if blank(&q.prompt) {
            problems.push(Problem::new(&q.id, "prompt is empty"));
        }
        if !(3..=7).contains(&q.key_points.len()) {
            problems.push(Problem::new(
                &q.id,
                format!("needs 3 to 7 key points, has {}", q.key_points.len()),
            ));
        }
        let mut points = BTreeSet::new();
        for (i, kp) in q.key_points.iter().enumerate() {
            if blank(kp) {
                problems.push(Problem::new(&q.id, format!("key point {} is empty", i + 1)));
            } else if kp.chars().count() > MAX_KEY_POINT_CHARS {
                problems.push(Problem::new(
                    &q.id,
                    format!(
                        "key point {} is {} characters; keep bullets under {MAX_KEY_POINT_CHARS}",
                        i + 1,
                        kp.chars().count()
                    ),
                ));
            }
            if !points.insert(kp.trim().to_lowercase()) {
                problems.push(Problem::new(&q.id, format!("key point {} repeats", i + 1)));
            }
        }
        if q.follow_up.as_deref().is_some_and(blank) {
            problems.push(Problem::new(&q.id, "follow_up is present but empty"));
        }
        if q.owasp.is_some() && q.area != Area::Appsec {
            problems.push(Problem::new(
                &q.id,
                "owasp is only meaningful on appsec questions",
            ));
        }
    }

    let principle_ids: BTreeSet<&str> = bank.principles.iter().map(|p| p.id.as_str()).collect();
    let mut names = BTreeSet::new();
    for p in &bank.principles {
        check_id(&mut seen, &p.id, "principle", &mut problems);
        if blank(&p.name) {
            problems.push(Problem::new(&p.id, "principle name is empty"));
        } else if !names.insert(p.name.trim().to_lowercase()) {
            problems.push(Problem::new(&p.id, "principle name repeats"));
        }
        if blank(&p.meaning) {
            problems.push(Problem::new(&p.id, "principle meaning is empty"));
        }
    }

    for p in &bank.prompts {
        check_id(&mut seen, &p.id, "behavioural prompt", &mut problems);
        if !principle_ids.contains(p.principle.as_str()) {
            problems.push(Problem::new(
                &p.id,
                format!("principle `{}` does not exist", p.principle),
            ));
        }
        if blank(&p.prompt) {
            problems.push(Problem::new(&p.id, "prompt is empty"));
        }
        if !(2..=4).contains(&p.what_they_probe.len()) {
            problems.push(Problem::new(
                &p.id,
                format!(
                    "needs 2 to 4 what_they_probe entries, has {}",
                    p.what_they_probe.len()
                ),
            ));
        }
        if p.what_they_probe.iter().any(|s| blank(s)) {
            problems.push(Problem::new(&p.id, "a what_they_probe entry is empty"));
        }
    }

    // Coverage.
    let mut per_area: BTreeMap<Area, usize> = Area::ALL.iter().map(|&a| (a, 0)).collect();
    for q in &bank.technical {
        *per_area.entry(q.area).or_default() += 1;
    }
    for (area, n) in per_area {
        if n < MIN_PER_AREA {
            problems.push(Problem::new(
                area.as_str(),
                format!("has {n} questions; at least {MIN_PER_AREA} are required"),
            ));
        }
    }
    let covered: BTreeSet<Owasp> = bank.technical.iter().filter_map(|q| q.owasp).collect();
    for cat in Owasp::ALL {
        if !covered.contains(&cat) {
            problems.push(Problem::new(
                "appsec",
                format!("no question covers OWASP {cat}"),
            ));
        }
    }
    if bank.principles.len() != PRINCIPLE_COUNT {
        problems.push(Problem::new(
            "principles",
            format!(
                "has {} principles; the Leadership Principles number {PRINCIPLE_COUNT}",
                bank.principles.len()
            ),
        ));
    }
    for p in &bank.principles {
        let n = bank.prompts.iter().filter(|x| x.principle == p.id).count();
        if n < MIN_PROMPTS_PER_PRINCIPLE {
            problems.push(Problem::new(
                &p.id,
                format!("has {n} prompts; at least {MIN_PROMPTS_PER_PRINCIPLE} are required"),
            ));
        }
    }
    problems
}

fn check_id<'a>(
    seen: &mut HashMap<&'a str, &'static str>,
    id: &'a str,
    kind: &'static str,
    problems: &mut Vec<Problem>,
) {
    if !is_kebab_case(id) {
        problems.push(Problem::new(
            id,
            format!("{kind} id must be kebab-case (a-z, 0-9, single hyphens)"),
        ));
    }
    if let Some(first) = seen.get(id) {
        problems.push(Problem::new(
            id,
            format!("duplicate id (already used by a {first})"),
        ));
    } else {
        seen.insert(id, kind);
    }
}

/// Checks that each technical file holds only questions of the area its name says
/// (`technical/iam.toml` holds `area = "iam"`), so there is one obvious place per area.
pub fn check_file_areas(bank: &Bank, files: &[(String, Vec<String>)]) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (path, ids) in files {
        let stem = std::path::Path::new(path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let Some(area) = Area::parse(stem) else {
            problems.push(Problem::new(
                path,
                "technical files are named after their area (e.g. iam.toml)",
            ));
            continue;
        };
        for id in ids {
            if let Some(q) = bank.technical.iter().find(|q| &q.id == id) {
                if q.area != area {
                    problems.push(Problem::new(
                        id,
                        format!("has area `{}` but sits in {path}", q.area),
                    ));
                }
            }
        }
    }
    problems
}
