//! Knowledge embedded at build time from `content/threat-model/`.

use crate::catalog::{Mitigation, MitigationFile};
use crate::rules::Rule;
use include_dir::{include_dir, Dir};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

static CONTENT_DIR: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../content/threat-model");

/// A built-in scenario: a reference model and the interview prompt it answers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name used with `--scenario` and `init`, e.g. `payment-fraud`.
    pub name: String,
    pub title: String,
    /// The question as an interviewer would put it.
    pub prompt: String,
    /// Minutes the candidate gets in the loop.
    pub minutes: u32,
    /// The YAML file under `scenarios/`.
    pub file: String,
    /// The YAML text itself (filled in from `file`).
    #[serde(skip)]
    pub yaml: &'static str,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ScenarioIndex {
    scenario: Vec<Scenario>,
}

/// All rules, mitigations and scenarios.
#[derive(Debug)]
pub struct Content {
    pub rules: Vec<Rule>,
    pub mitigations: Vec<Mitigation>,
    pub scenarios: Vec<Scenario>,
    mitigation_index: HashMap<String, usize>,
}

/// A content file that does not parse: the file and the parser's message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("content/threat-model/{file}: {message}")]
pub struct ContentError {
    pub file: String,
    pub message: String,
}

impl Content {
    /// The embedded content. Content is checked by the test suite, so a
    /// failure here means a broken build; it is still reported, not
    /// unwrapped, so the CLI can print it and exit 2.
    pub fn embedded() -> Result<&'static Content, ContentError> {
        static CELL: OnceLock<Result<Content, ContentError>> = OnceLock::new();
        CELL.get_or_init(|| Content::load(&CONTENT_DIR))
            .as_ref()
            .map_err(Clone::clone)
    }

    fn load(dir: &'static Dir<'static>) -> Result<Content, ContentError> {
        let mut rules = Vec::new();
        let mut mitigations = Vec::new();
        let mut files: Vec<&include_dir::File> = Vec::new();
        collect_files(dir, &mut files);
        files.sort_by_key(|f| f.path());
        for f in &files {
            let path = f.path().to_string_lossy().replace('\\', "/");
            let text = f.contents_utf8().ok_or_else(|| ContentError {
                file: path.clone(),
                message: "not UTF-8".into(),
            })?;
            let err = |e: toml::de::Error| ContentError {
                file: path.clone(),
                message: e.to_string(),
            };
            if path.starts_with("rules/") && path.ends_with(".toml") {
                rules.push(toml::from_str::<Rule>(text).map_err(err)?);
            } else if path.starts_with("mitigations/") && path.ends_with(".toml") {
                mitigations.extend(
                    toml::from_str::<MitigationFile>(text)
                        .map_err(err)?
                        .mitigation,
                );
            }
        }
        let index_text = dir
            .get_file("scenarios/index.toml")
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| ContentError {
                file: "scenarios/index.toml".into(),
                message: "missing".into(),
            })?;
        let mut scenarios = toml::from_str::<ScenarioIndex>(index_text)
            .map_err(|e| ContentError {
                file: "scenarios/index.toml".into(),
                message: e.to_string(),
            })?
            .scenario;
        for s in &mut scenarios {
            s.yaml = dir
                .get_file(format!("scenarios/{}", s.file))
                .and_then(|f| f.contents_utf8())
                .ok_or_else(|| ContentError {
                    file: format!("scenarios/{}", s.file),
                    message: format!("listed for scenario `{}` but missing", s.name),
                })?;
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let mitigation_index = mitigations
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.to_string(), i))
            .collect();
        Ok(Content {
            rules,
            mitigations,
            scenarios,
            mitigation_index,
        })
    }

    pub fn mitigation(&self, id: &str) -> Option<&Mitigation> {
        self.mitigation_index.get(id).map(|&i| &self.mitigations[i])
    }

    pub fn scenario(&self, name: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.name == name)
    }
}

fn collect_files<'a>(dir: &'a Dir<'a>, out: &mut Vec<&'a include_dir::File<'a>>) {
    for f in dir.files() {
        out.push(f);
    }
    for d in dir.dirs() {
        collect_files(d, out);
    }
}
