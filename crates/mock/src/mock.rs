//! The two mock formats and how their rounds are drawn.

use crate::error::MockError;
use crate::library::Library;
use crate::rng::Rng;
use questions::{Area, Depth};
use serde::{Deserialize, Serialize};

/// The principles a Bar Raiser leans on: the ones where a rehearsed answer
/// falls apart under a second and third follow-up (admitting a mistake,
/// disagreeing upwards, knowing the numbers). The Bar Raiser round takes
/// three of them; the ones left over go back to the other rounds.
pub const BAR_RAISER_PRINCIPLES: [&str; 5] = [
    "earn-trust",
    "have-backbone-disagree-and-commit",
    "dive-deep",
    "insist-on-the-highest-standards",
    "are-right-a-lot",
];

/// Phone screen minutes: threat model, code review, scripting, behavioural.
pub const PHONE_MINUTES: [u32; 4] = [15, 10, 5, 30];
/// Loop: rounds and minutes per round.
pub const LOOP_ROUNDS: usize = 5;
pub const LOOP_MINUTES: u32 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MockKind {
    PhoneScreen,
    Loop,
}

/// What a round tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RoundKind {
    ThreatModel,
    CodeReview,
    Scripting,
    Behavioural,
    /// A loop round: a technical area plus principles.
    Loop(Area),
}

/// A piece of content a round uses, by id in its own crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "type", content = "id")]
pub enum Item {
    /// `threat_model::content::Content::scenario`.
    Scenario(String),
    /// `review_drill::Catalog::get`.
    Snippet(String),
    /// `script_drill::exercise`.
    Exercise(String),
    /// `questions::Bank::technical_by_id`.
    Question(String),
    /// `questions::Bank::prompt_by_id`.
    Prompt(String),
}

impl Item {
    pub fn id(&self) -> &str {
        match self {
            Item::Scenario(s)
            | Item::Snippet(s)
            | Item::Exercise(s)
            | Item::Question(s)
            | Item::Prompt(s) => s,
        }
    }

    /// Technical work, as opposed to a behavioural prompt.
    pub fn is_technical(&self) -> bool {
        !matches!(self, Item::Prompt(_))
    }
}

/// A principle asked in a round, with the prompt used for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub principle: String,
    pub name: String,
    pub prompt: String,
}

/// One round of a mock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Round {
    pub kind: RoundKind,
    pub title: String,
    pub minutes: u32,
    /// Content in the order it is worked through (technical first, then
    /// the prompts).
    pub items: Vec<Item>,
    /// The principles probed, each with its prompt (also in `items`).
    pub principles: Vec<Asked>,
    pub bar_raiser: bool,
}

impl Round {
    pub fn content_ids(&self) -> Vec<&str> {
        self.items.iter().map(Item::id).collect()
    }

    /// Whether the round has technical work to score 0-100.
    pub fn has_technical(&self) -> bool {
        self.items.iter().any(Item::is_technical)
    }
}

/// A planned mock interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mock {
    pub kind: MockKind,
    pub seed: u64,
    pub rounds: Vec<Round>,
}

impl Mock {
    pub fn minutes(&self) -> u32 {
        self.rounds.iter().map(|r| r.minutes).sum()
    }

    /// Every principle asked, in round order.
    pub fn principles(&self) -> impl Iterator<Item = &Asked> {
        self.rounds.iter().flat_map(|r| r.principles.iter())
    }
}

/// The phone screen for `seed`, drawn from the embedded content.
pub fn phone_screen(seed: u64) -> Result<Mock, MockError> {
    phone_screen_from(&Library::embedded()?, seed)
}

/// The loop for `seed`, drawn from the embedded content.
pub fn loop_(seed: u64) -> Result<Mock, MockError> {
    loop_from(&Library::embedded()?, seed)
}

fn pick<'a, T>(rng: &mut Rng, what: &'static str, pool: &[&'a T]) -> Result<&'a T, MockError> {
    if pool.is_empty() {
        return Err(MockError::NotEnough {
            what,
            detail: "nothing matches".into(),
        });
    }
    Ok(pool[rng.below(pool.len())])
}

/// Principle ids that have at least one prompt, sorted.
fn askable(lib: &Library) -> Vec<&str> {
    lib.principles
        .iter()
        .filter(|p| lib.prompts_for(&p.id).next().is_some())
        .map(|p| p.id.as_str())
        .collect()
}

fn ask(lib: &Library, rng: &mut Rng, principle: &str) -> Asked {
    let prompts: Vec<_> = lib.prompts_for(principle).collect();
    // `askable` guarantees at least one prompt.
    let p = prompts[rng.below(prompts.len())];
    Asked {
        principle: principle.to_string(),
        name: lib
            .principle_name(principle)
            .unwrap_or(principle)
            .to_string(),
        prompt: p.id.clone(),
    }
}

fn names(asked: &[Asked]) -> String {
    asked
        .iter()
        .map(|a| a.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The phone screen from `lib`.
///
/// * Threat model (15 min): a scenario whose own time bar is at most 15
///   minutes.
/// * Code review (10 min): any snippet.
/// * Scripting (5 min): an exercise whose time bar is at most 5 minutes.
/// * Behavioural (30 min): two or three prompts on distinct principles.
pub fn phone_screen_from(lib: &Library, seed: u64) -> Result<Mock, MockError> {
    let mut rng = Rng::new(seed);
    let [tm_min, cr_min, sc_min, be_min] = PHONE_MINUTES;
    let scenarios: Vec<_> = lib
        .scenarios
        .iter()
        .filter(|s| s.minutes <= tm_min)
        .collect();
    let scenario = pick(&mut rng, "a 15-minute threat-model scenario", &scenarios)?;
    let snippets: Vec<_> = lib.snippets.iter().collect();
    let snippet = pick(&mut rng, "a code-review snippet", &snippets)?;
    let exercises: Vec<_> = lib
        .exercises
        .iter()
        .filter(|e| e.time_bar_minutes <= sc_min)
        .collect();
    let exercise = pick(&mut rng, "a 5-minute scripting exercise", &exercises)?;

    let mut pool = askable(lib);
    if pool.len() < 3 {
        return Err(MockError::NotEnough {
            what: "behavioural prompts",
            detail: format!("{} principles have prompts, 3 needed", pool.len()),
        });
    }
    rng.shuffle(&mut pool);
    let n = 2 + rng.below(2);
    let asked: Vec<Asked> = pool[..n].iter().map(|p| ask(lib, &mut rng, p)).collect();

    let rounds = vec![
        Round {
            kind: RoundKind::ThreatModel,
            title: format!("Threat model: {}", scenario.title),
            minutes: tm_min,
            items: vec![Item::Scenario(scenario.name.clone())],
            principles: vec![],
            bar_raiser: false,
        },
        Round {
            kind: RoundKind::CodeReview,
            title: format!("Code review: {} ({})", snippet.title, snippet.language),
            minutes: cr_min,
            items: vec![Item::Snippet(snippet.id.clone())],
            principles: vec![],
            bar_raiser: false,
        },
        Round {
            kind: RoundKind::Scripting,
            title: format!("Scripting: {}", exercise.title),
            minutes: sc_min,
            items: vec![Item::Exercise(exercise.id.clone())],
            principles: vec![],
            bar_raiser: false,
        },
        Round {
            kind: RoundKind::Behavioural,
            title: format!("Behavioural: {}", names(&asked)),
            minutes: be_min,
            items: asked
                .iter()
                .map(|a| Item::Prompt(a.prompt.clone()))
                .collect(),
            principles: asked,
            bar_raiser: false,
        },
    ];
    Ok(Mock {
        kind: MockKind::PhoneScreen,
        seed,
        rounds,
    })
}

/// A readable name for an area.
pub fn area_title(a: Area) -> &'static str {
    match a {
        Area::CloudNetwork => "Cloud and network security",
        Area::Iam => "Identity and access management",
        Area::DataProtection => "Data protection",
        Area::Appsec => "Application security",
        Area::IncidentResponse => "Incident response",
        Area::SystemDesign => "Secure system design",
    }
}

/// The loop from `lib`.
///
/// * Five of the six technical areas, in a seeded order. Each round asks two
///   questions of the area (loop-depth ones first) and, where the area has
///   hands-on work, one item: a code-review snippet for application
///   security, a threat-model scenario for system design, a scripting
///   exercise for incident response.
/// * One round, chosen by the seed, is the Bar Raiser's: three principles
///   from [`BAR_RAISER_PRINCIPLES`].
/// * The other four take two or three principles each from the rest, with no
///   principle in two rounds: at least 3 + 4 x 2 = 11 distinct principles.
pub fn loop_from(lib: &Library, seed: u64) -> Result<Mock, MockError> {
    let mut rng = Rng::new(seed);
    let mut areas = Area::ALL.to_vec();
    rng.shuffle(&mut areas);
    areas.truncate(LOOP_ROUNDS);
    let bar = rng.below(LOOP_ROUNDS);

    let askable = askable(lib);
    let mut hard: Vec<&str> = BAR_RAISER_PRINCIPLES
        .iter()
        .copied()
        .filter(|p| askable.contains(p))
        .collect();
    if hard.len() < 3 {
        return Err(MockError::NotEnough {
            what: "the Bar Raiser round",
            detail: format!("{} of its principles have prompts, 3 needed", hard.len()),
        });
    }
    rng.shuffle(&mut hard);
    let bar_principles: Vec<&str> = hard[..3].to_vec();
    let mut rest: Vec<&str> = askable
        .iter()
        .copied()
        .filter(|p| !bar_principles.contains(p))
        .collect();
    rng.shuffle(&mut rest);
    let counts: Vec<usize> = (0..LOOP_ROUNDS - 1).map(|_| 2 + rng.below(2)).collect();
    let need: usize = counts.iter().sum();
    if rest.len() < need {
        return Err(MockError::NotEnough {
            what: "loop principles",
            detail: format!(
                "{} principles left for the other rounds, {need} needed",
                rest.len()
            ),
        });
    }

    let mut rounds = Vec::with_capacity(LOOP_ROUNDS);
    let mut next = 0;
    let mut other = 0;
    for (i, &area) in areas.iter().enumerate() {
        let is_bar = i == bar;
        let principles: Vec<&str> = if is_bar {
            bar_principles.clone()
        } else {
            let n = counts[other];
            other += 1;
            let p = rest[next..next + n].to_vec();
            next += n;
            p
        };
        let mut items = technical_items(lib, &mut rng, area)?;
        let asked: Vec<Asked> = principles.iter().map(|p| ask(lib, &mut rng, p)).collect();
        items.extend(asked.iter().map(|a| Item::Prompt(a.prompt.clone())));
        let title = format!(
            "Round {}{}: {} with {}",
            i + 1,
            if is_bar { " (Bar Raiser)" } else { "" },
            area_title(area),
            names(&asked)
        );
        rounds.push(Round {
            kind: RoundKind::Loop(area),
            title,
            minutes: LOOP_MINUTES,
            items,
            principles: asked,
            bar_raiser: is_bar,
        });
    }
    Ok(Mock {
        kind: MockKind::Loop,
        seed,
        rounds,
    })
}

fn technical_items(lib: &Library, rng: &mut Rng, area: Area) -> Result<Vec<Item>, MockError> {
    let mut deep: Vec<&str> = lib
        .questions
        .iter()
        .filter(|q| q.area == area && q.depth == Depth::Loop)
        .map(|q| q.id.as_str())
        .collect();
    let mut light: Vec<&str> = lib
        .questions
        .iter()
        .filter(|q| q.area == area && q.depth != Depth::Loop)
        .map(|q| q.id.as_str())
        .collect();
    rng.shuffle(&mut deep);
    rng.shuffle(&mut light);
    let qs: Vec<Item> = deep
        .into_iter()
        .chain(light)
        .take(2)
        .map(|q| Item::Question(q.to_string()))
        .collect();
    if qs.len() < 2 {
        return Err(MockError::NotEnough {
            what: "loop questions",
            detail: format!("area {area} has {} questions, 2 needed", qs.len()),
        });
    }
    let hands_on = match area {
        Area::Appsec => {
            let v: Vec<_> = lib.snippets.iter().collect();
            Some(Item::Snippet(
                pick(rng, "a code-review snippet", &v)?.id.clone(),
            ))
        }
        Area::SystemDesign => {
            let v: Vec<_> = lib.scenarios.iter().collect();
            Some(Item::Scenario(
                pick(rng, "a threat-model scenario", &v)?.name.clone(),
            ))
        }
        Area::IncidentResponse => {
            let v: Vec<_> = lib.exercises.iter().collect();
            Some(Item::Exercise(
                pick(rng, "a scripting exercise", &v)?.id.clone(),
            ))
        }
        Area::CloudNetwork | Area::Iam | Area::DataProtection => None,
    };
    Ok(hands_on.into_iter().chain(qs).collect())
}
