//! The four checklists, embedded from `content/prep/checklists.toml`.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::PlanError;

const CHECKLISTS_TOML: &str = include_str!("../../../content/prep/checklists.toml");

/// The ids every checklist file must define, in the order they are used.
pub const REQUIRED_IDS: [&str; 4] = [
    "pre-interview",
    "day-before",
    "interview-day",
    "post-interview",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checklist {
    pub id: String,
    pub title: String,
    pub items: Vec<ChecklistItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    checklist: Vec<Checklist>,
}

/// Parse and validate checklists: exactly the four required ids, in order;
/// each with a title and at least three items; item ids unique within a list
/// and kebab-case; no empty text.
pub fn parse_checklists(src: &str) -> Result<Vec<Checklist>, PlanError> {
    let err = |message: String| PlanError::Content {
        file: "checklists.toml".into(),
        message,
    };
    let file: File = toml::from_str(src).map_err(|e| err(e.to_string()))?;
    let ids: Vec<&str> = file.checklist.iter().map(|c| c.id.as_str()).collect();
    if ids != REQUIRED_IDS {
        return Err(err(format!(
            "expected checklists {REQUIRED_IDS:?}, found {ids:?}"
        )));
    }
    for c in &file.checklist {
        if c.title.trim().is_empty() {
            return Err(err(format!("checklist `{}` has no title", c.id)));
        }
        if c.items.len() < 3 {
            return Err(err(format!(
                "checklist `{}` needs at least three items",
                c.id
            )));
        }
        let mut seen = BTreeSet::new();
        for item in &c.items {
            let kebab = !item.id.is_empty()
                && item
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-');
            if !kebab {
                return Err(err(format!(
                    "`{}`: item id `{}` is not kebab-case",
                    c.id, item.id
                )));
            }
            if !seen.insert(item.id.as_str()) {
                return Err(err(format!("`{}`: duplicate item id `{}`", c.id, item.id)));
            }
            if item.text.trim().is_empty() {
                return Err(err(format!("`{}`: item `{}` has no text", c.id, item.id)));
            }
        }
    }
    Ok(file.checklist)
}

static CHECKLISTS: LazyLock<Vec<Checklist>> = LazyLock::new(|| {
    parse_checklists(CHECKLISTS_TOML).expect("embedded checklists.toml is validated by tests")
});

/// All four checklists: pre-interview, day-before, interview-day, post-interview.
pub fn checklists() -> &'static [Checklist] {
    &CHECKLISTS
}

/// One checklist by id.
pub fn checklist(id: &str) -> Option<&'static Checklist> {
    checklists().iter().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_checklists_are_valid() {
        let cs = parse_checklists(CHECKLISTS_TOML).unwrap();
        assert_eq!(cs.len(), 4);
        let post = checklist("post-interview").unwrap();
        assert!(post.items.iter().any(|i| i.text.contains("24 hours")));
        let pre = checklist("pre-interview").unwrap();
        assert!(pre.items.iter().any(|i| i.text.contains("15-20 minutes")));
        assert!(pre.items.iter().any(|i| i.text.contains("5-10 minutes")));
    }

    #[test]
    fn validation_rejects_broken_files() {
        let one = "[[checklist]]\nid='pre-interview'\ntitle='t'\nitems=[]\n";
        assert!(parse_checklists(one)
            .unwrap_err()
            .to_string()
            .contains("expected checklists"));
        let mut dup = String::new();
        for id in REQUIRED_IDS {
            dup.push_str(&format!(
                "[[checklist]]\nid='{id}'\ntitle='t'\nitems=[{{id='a',text='x'}},{{id='b',text='y'}},{{id='a',text='z'}}]\n"
            ));
        }
        assert!(parse_checklists(&dup)
            .unwrap_err()
            .to_string()
            .contains("duplicate item id `a`"));
        let bad_id = dup.replace("{id='a',text='z'}", "{id='Bad',text='z'}");
        assert!(parse_checklists(&bad_id)
            .unwrap_err()
            .to_string()
            .contains("kebab-case"));
    }
}
