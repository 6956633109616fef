//! What a mock draws from: ids and the little metadata needed to plan
//! rounds, gathered from the drills' crates.

use crate::error::MockError;
use questions::{Area, Depth};

/// A threat-model scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioRef {
    pub name: String,
    pub title: String,
    pub minutes: u32,
}

/// A code-review snippet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnippetRef {
    pub id: String,
    pub title: String,
    pub language: String,
}

/// A scripting exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseRef {
    pub id: String,
    pub title: String,
    pub time_bar_minutes: u32,
}

/// A technical question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionRef {
    pub id: String,
    pub area: Area,
    pub depth: Depth,
}

/// A Leadership Principle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrincipleRef {
    pub id: String,
    pub name: String,
}

/// A behavioural prompt and the principle it probes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromptRef {
    pub id: String,
    pub principle: String,
}

/// Everything a mock can draw on, each list sorted by id so that a seed
/// always picks the same items whatever order the sources load in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Library {
    pub scenarios: Vec<ScenarioRef>,
    pub snippets: Vec<SnippetRef>,
    pub exercises: Vec<ExerciseRef>,
    pub questions: Vec<QuestionRef>,
    pub principles: Vec<PrincipleRef>,
    pub prompts: Vec<PromptRef>,
}

impl Library {
    /// The content embedded in the threat-model, review-drill, script-drill
    /// and questions crates.
    pub fn embedded() -> Result<Library, MockError> {
        let tm = threat_model::content::Content::embedded()
            .map_err(|e| MockError::Content(e.to_string()))?;
        let bank = |e: questions::BankError| MockError::Content(e.to_string());
        let mut lib = Library {
            scenarios: tm
                .scenarios
                .iter()
                .map(|s| ScenarioRef {
                    name: s.name.clone(),
                    title: s.title.clone(),
                    minutes: s.minutes,
                })
                .collect(),
            snippets: review_drill::Catalog::embedded()
                .snippets
                .iter()
                .map(|s| SnippetRef {
                    id: s.id().to_string(),
                    title: s.key.title.clone(),
                    language: s.language().name().to_string(),
                })
                .collect(),
            exercises: script_drill::all_exercises()
                .iter()
                .map(|e| ExerciseRef {
                    id: e.id.clone(),
                    title: e.title.clone(),
                    time_bar_minutes: e.time_bar_minutes,
                })
                .collect(),
            questions: questions::all_technical()
                .map_err(bank)?
                .iter()
                .map(|q| QuestionRef {
                    id: q.id.clone(),
                    area: q.area,
                    depth: q.depth,
                })
                .collect(),
            principles: questions::principles()
                .map_err(bank)?
                .iter()
                .map(|p| PrincipleRef {
                    id: p.id.clone(),
                    name: p.name.clone(),
                })
                .collect(),
            prompts: questions::all_behavioral()
                .map_err(bank)?
                .iter()
                .map(|p| PromptRef {
                    id: p.id.clone(),
                    principle: p.principle.clone(),
                })
                .collect(),
        };
        lib.sort();
        Ok(lib)
    }

    /// Sort every list by id.
    pub fn sort(&mut self) {
        self.scenarios.sort_by(|a, b| a.name.cmp(&b.name));
        self.snippets.sort_by(|a, b| a.id.cmp(&b.id));
        self.exercises.sort_by(|a, b| a.id.cmp(&b.id));
        self.questions.sort_by(|a, b| a.id.cmp(&b.id));
        self.principles.sort_by(|a, b| a.id.cmp(&b.id));
        self.prompts.sort_by(|a, b| a.id.cmp(&b.id));
    }

    pub fn principle_name(&self, id: &str) -> Option<&str> {
        self.principles
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.as_str())
    }

    pub fn prompts_for<'a>(&'a self, principle: &'a str) -> impl Iterator<Item = &'a PromptRef> {
        self.prompts
            .iter()
            .filter(move |p| p.principle == principle)
    }
}
