//! The exercises as data, embedded from `content/drills/scripting/`.

use crate::Error;
use include_dir::{include_dir, Dir};
use serde::Deserialize;
use std::sync::OnceLock;

static DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content/drills/scripting");

/// A file of the sample's input tree (file-search exercises).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SampleFile {
    pub path: String,
    pub content: String,
}

/// One exercise.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    /// Where the question comes from in the preparation material.
    pub source: String,
    pub statement: String,
    pub input_format: String,
    pub output_format: String,
    pub sample_input: String,
    #[serde(default)]
    pub sample_files: Vec<SampleFile>,
    pub sample_output: String,
    /// Minutes a prepared candidate needs, written from memory.
    pub time_bar_minutes: u32,
    /// The reference solution (`reference.py`), filled in from the
    /// exercise's directory.
    #[serde(skip)]
    pub reference: String,
}

/// Parse every exercise directory. Errors name the file.
pub fn load() -> Result<Vec<Exercise>, Error> {
    let mut out = Vec::new();
    for d in DIR.dirs() {
        let dir = d.path().display().to_string();
        let toml_path = format!("{dir}/exercise.toml");
        let err = |message: String| Error::Content {
            path: toml_path.clone(),
            message,
        };
        let text = d
            .get_file(d.path().join("exercise.toml"))
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| err("missing or not UTF-8".into()))?;
        let mut ex: Exercise = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        ex.reference = d
            .get_file(d.path().join("reference.py"))
            .and_then(|f| f.contents_utf8())
            .ok_or_else(|| err("reference.py is missing or not UTF-8".into()))?
            .to_string();
        if ex.id != dir {
            return Err(err(format!(
                "id `{}` differs from the directory name `{dir}`",
                ex.id
            )));
        }
        for (field, v) in [
            ("title", &ex.title),
            ("source", &ex.source),
            ("statement", &ex.statement),
            ("input_format", &ex.input_format),
            ("output_format", &ex.output_format),
        ] {
            if v.trim().is_empty() {
                return Err(err(format!("`{field}` is empty")));
            }
        }
        if ex.time_bar_minutes == 0 || ex.time_bar_minutes > 60 {
            return Err(err("time_bar_minutes must be 1 to 60".into()));
        }
        out.push(ex);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// Every exercise, sorted by id. The content is validated by the tests, so
/// a load error here is a build defect and panics with its message.
pub fn exercises() -> &'static [Exercise] {
    static ALL: OnceLock<Vec<Exercise>> = OnceLock::new();
    ALL.get_or_init(|| load().unwrap_or_else(|e| panic!("{e}")))
}

/// The exercise with this id.
pub fn exercise(id: &str) -> Result<&'static Exercise, Error> {
    exercises()
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| Error::UnknownExercise(id.to_string()))
}
