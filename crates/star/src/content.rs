//! Embedded knowledge: the Leadership Principles and the filler/weasel word list.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::StarError;

const PRINCIPLES_TOML: &str = include_str!("../../../content/prep/principles.toml");
const WORDS_TOML: &str = include_str!("../../../content/prep/star-words.toml");

/// A Leadership Principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub id: String,
    pub name: String,
    /// What kind of security story demonstrates it.
    pub hint: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PrinciplesFile {
    principle: Vec<Principle>,
}

/// Parse and validate a principles file: non-empty ids in kebab-case, unique
/// ids and names, every field filled in.
pub fn parse_principles(src: &str) -> Result<Vec<Principle>, StarError> {
    let err = |message: String| StarError::Content {
        file: "principles.toml".into(),
        message,
    };
    let file: PrinciplesFile = toml::from_str(src).map_err(|e| err(e.to_string()))?;
    let mut ids = BTreeSet::new();
    let mut names = BTreeSet::new();
    for p in &file.principle {
        if p.id.is_empty()
            || !p
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(err(format!("id `{}` is not kebab-case", p.id)));
        }
        if p.name.trim().is_empty() || p.hint.trim().is_empty() {
            return Err(err(format!(
                "principle `{}` has an empty name or hint",
                p.id
            )));
        }
        if !ids.insert(p.id.clone()) {
            return Err(err(format!("duplicate id `{}`", p.id)));
        }
        if !names.insert(p.name.to_lowercase()) {
            return Err(err(format!("duplicate name `{}`", p.name)));
        }
    }
    Ok(file.principle)
}

static PRINCIPLES: LazyLock<Vec<Principle>> = LazyLock::new(|| {
    parse_principles(PRINCIPLES_TOML).expect("embedded principles.toml is validated by tests")
});

/// The sixteen Leadership Principles, in the order of `content/prep/principles.toml`.
pub fn principles() -> &'static [Principle] {
    &PRINCIPLES
}

/// What a weak phrase does to a story.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WordKind {
    /// Sound without meaning.
    Filler,
    /// Doubt about the candidate's own account.
    Hedge,
    /// Hides who did the work or how much changed.
    Weasel,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWord {
    phrase: String,
    kind: WordKind,
    reason: String,
    /// Words that, just before the phrase, make it literal rather than
    /// weak: "that kind of debt" names a category, "kind of fixed it"
    /// hedges.
    #[serde(default)]
    not_after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsFile {
    word: Vec<RawWord>,
}

/// One weak phrase with its compiled whole-word matcher.
#[derive(Debug, Clone)]
pub struct WordRule {
    pub phrase: String,
    pub kind: WordKind,
    pub reason: String,
    /// Lower-case words that exempt an occurrence when they come just before it.
    pub not_after: Vec<String>,
    matcher: Regex,
}

impl WordRule {
    /// How many times the phrase occurs in `text` as whole words, not
    /// counting occurrences right after one of the `not_after` words.
    pub fn count(&self, text: &str) -> usize {
        self.matcher
            .find_iter(text)
            .filter(|m| {
                let before = text[..m.start()]
                    .trim_end()
                    .rsplit(|c: char| !(c.is_alphanumeric() || c == '\''))
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                !self.not_after.contains(&before)
            })
            .count()
    }
}

/// The filler, hedge and weasel phrases a story is checked against.
#[derive(Debug, Clone)]
pub struct WordList {
    pub rules: Vec<WordRule>,
}

impl WordList {
    /// Parse and validate a word list (TOML `[[word]]` tables).
    pub fn parse(src: &str) -> Result<Self, StarError> {
        let err = |message: String| StarError::Content {
            file: "star-words.toml".into(),
            message,
        };
        let file: WordsFile = toml::from_str(src).map_err(|e| err(e.to_string()))?;
        let mut seen = BTreeSet::new();
        let mut rules = Vec::with_capacity(file.word.len());
        for w in file.word {
            let phrase = w.phrase.split_whitespace().collect::<Vec<_>>().join(" ");
            if phrase.is_empty()
                || !phrase
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == ' ' || c == '\'')
            {
                return Err(err(format!("phrase `{}` must be words only", w.phrase)));
            }
            if !seen.insert(phrase.to_lowercase()) {
                return Err(err(format!("duplicate phrase `{phrase}`")));
            }
            if w.reason.split_whitespace().count() < 6 {
                return Err(err(format!(
                    "phrase `{phrase}`: the reason must explain the weakness (6+ words)"
                )));
            }
            let pattern = phrase
                .split(' ')
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+");
            let matcher =
                Regex::new(&format!(r"(?i)\b{pattern}\b")).map_err(|e| err(e.to_string()))?;
            rules.push(WordRule {
                phrase,
                kind: w.kind,
                reason: w.reason.trim().to_string(),
                not_after: w
                    .not_after
                    .iter()
                    .map(|x| x.trim().to_lowercase())
                    .collect(),
                matcher,
            });
        }
        if rules.is_empty() {
            return Err(err("no phrases".into()));
        }
        Ok(WordList { rules })
    }
}

static WORDS: LazyLock<WordList> = LazyLock::new(|| {
    WordList::parse(WORDS_TOML).expect("embedded star-words.toml is validated by tests")
});

/// The built-in word list from `content/prep/star-words.toml`.
pub fn word_list() -> &'static WordList {
    &WORDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_principles_are_the_sixteen() {
        let ps = parse_principles(PRINCIPLES_TOML).unwrap();
        assert_eq!(ps.len(), 16);
        for id in [
            "customer-obsession",
            "ownership",
            "dive-deep",
            "deliver-results",
            "earn-trust",
        ] {
            assert!(ps.iter().any(|p| p.id == id), "{id}");
        }
    }

    #[test]
    fn embedded_word_list_is_valid_and_has_the_required_phrases() {
        let list = WordList::parse(WORDS_TOML).unwrap();
        for p in [
            "basically",
            "kind of",
            "sort of",
            "I think",
            "tried to",
            "helped",
            "somewhat",
            "very",
        ] {
            assert!(list.rules.iter().any(|r| r.phrase == p), "{p}");
        }
        assert!(list.rules.len() >= 20);
    }

    #[test]
    fn validation_rejects_bad_content() {
        let dup = "[[principle]]\nid='a'\nname='A'\nhint='h'\n[[principle]]\nid='a'\nname='B'\nhint='h'\n";
        assert!(parse_principles(dup)
            .unwrap_err()
            .to_string()
            .contains("duplicate id"));
        let caps = "[[principle]]\nid='Bad Id'\nname='A'\nhint='h'\n";
        assert!(parse_principles(caps).is_err());
        let short = "[[word]]\nphrase='very'\nkind='filler'\nreason='bad'\n";
        assert!(WordList::parse(short)
            .unwrap_err()
            .to_string()
            .contains("6+ words"));
        let dupw = "[[word]]\nphrase='very'\nkind='filler'\nreason='one two three four five six'\n[[word]]\nphrase='VERY'\nkind='filler'\nreason='one two three four five six'\n";
        assert!(WordList::parse(dupw)
            .unwrap_err()
            .to_string()
            .contains("duplicate"));
        let kind = "[[word]]\nphrase='very'\nkind='noise'\nreason='one two three four five six'\n";
        assert!(WordList::parse(kind).is_err());
    }

    #[test]
    fn a_literal_use_after_a_determiner_is_not_a_hedge() {
        let rule = word_list()
            .rules
            .iter()
            .find(|r| r.phrase == "kind of")
            .unwrap();
        assert_eq!(rule.count("We kind of fixed it."), 1);
        assert_eq!(rule.count("I raise that kind of debt quarterly."), 0);
        assert_eq!(rule.count("What kind of attacker? It kind of worked."), 1);
        assert_eq!(rule.count("the\nkind of issue"), 0);
    }

    #[test]
    fn matcher_is_whole_word_and_spans_whitespace() {
        let list = WordList::parse(
            "[[word]]\nphrase='kind of'\nkind='hedge'\nreason='one two three four five six'\n[[word]]\nphrase='very'\nkind='filler'\nreason='one two three four five six'\n",
        )
        .unwrap();
        assert_eq!(
            list.rules[0].count("It was Kind\n of broken; a kind offer"),
            1
        );
        assert_eq!(list.rules[1].count("every service, VERY slow, very."), 2);
    }
}
