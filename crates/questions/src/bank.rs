//! Typed question bank: technical questions, Leadership Principles and behavioural prompts.
//!
//! Content lives in `content/questions/`:
//! * `technical/<area>.toml`: `[[question]]` tables, one file per [`Area`];
//! * `behavioral.toml`: `[[principle]]` and `[[prompt]]` tables.
//!
//! To add a question, append a `[[question]]` table to the file of its area; the tests in this
//! crate fail if it is malformed (see [`crate::validate`]).

use std::fmt;
use std::sync::OnceLock;

use include_dir::{include_dir, Dir};
use serde::{Deserialize, Serialize};

use crate::error::BankError;

static TECHNICAL_DIR: Dir<'_> =
    include_dir!("$CARGO_MANIFEST_DIR/../../content/questions/technical");
static BEHAVIORAL_TOML: &str = include_str!("../../../content/questions/behavioral.toml");

/// The technical areas an interview covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    CloudNetwork,
    Iam,
    DataProtection,
    Appsec,
    IncidentResponse,
    SystemDesign,
}

impl Area {
    /// Every area, in display order.
    pub const ALL: [Area; 6] = [
        Area::CloudNetwork,
        Area::Iam,
        Area::DataProtection,
        Area::Appsec,
        Area::IncidentResponse,
        Area::SystemDesign,
    ];

    /// The kebab-case name used in content files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::CloudNetwork => "cloud-network",
            Area::Iam => "iam",
            Area::DataProtection => "data-protection",
            Area::Appsec => "appsec",
            Area::IncidentResponse => "incident-response",
            Area::SystemDesign => "system-design",
        }
    }

    /// Parses the kebab-case name.
    pub fn parse(s: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which interview a question suits: the 60-minute phone screen or the deeper loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Depth {
    PhoneScreen,
    Loop,
}

/// An OWASP Top 10 (2021) category, written `A01` .. `A10` in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Owasp {
    A01,
    A02,
    A03,
    A04,
    A05,
    A06,
    A07,
    A08,
    A09,
    A10,
}

impl Owasp {
    /// All ten categories.
    pub const ALL: [Owasp; 10] = [
        Owasp::A01,
        Owasp::A02,
        Owasp::A03,
        Owasp::A04,
        Owasp::A05,
        Owasp::A06,
        Owasp::A07,
        Owasp::A08,
        Owasp::A09,
        Owasp::A10,
    ];

    /// The category's title in the 2021 list.
    pub fn title(self) -> &'static str {
        match self {
            Owasp::A01 => "Broken Access Control",
            Owasp::A02 => "Cryptographic Failures",
            Owasp::A03 => "Injection",
            Owasp::A04 => "Insecure Design",
            Owasp::A05 => "Security Misconfiguration",
            Owasp::A06 => "Vulnerable and Outdated Components",
            Owasp::A07 => "Identification and Authentication Failures",
            Owasp::A08 => "Software and Data Integrity Failures",
            Owasp::A09 => "Security Logging and Monitoring Failures",
            Owasp::A10 => "Server-Side Request Forgery",
        }
    }
}

impl fmt::Display for Owasp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}:2021 {}", self, self.title())
    }
}

/// One technical question and what a strong answer must cover.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TechnicalQuestion {
    /// Stable kebab-case id; also the key of the question's review card.
    pub id: String,
    pub area: Area,
    pub prompt: String,
    /// 3 to 7 short points a strong answer hits; shown after the user answers.
    pub key_points: Vec<String>,
    pub depth: Depth,
    /// What the interviewer asks next if the answer is good.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// For application-security questions: the OWASP Top 10 2021 category it exercises.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owasp: Option<Owasp>,
}

/// One Amazon Leadership Principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub id: String,
    pub name: String,
    /// A one-line meaning, in this project's words.
    pub meaning: String,
}

/// A behavioural prompt aimed at one principle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BehavioralPrompt {
    pub id: String,
    /// The id of the [`Principle`] it probes.
    pub principle: String,
    pub prompt: String,
    /// 2 to 4 things the interviewer listens for.
    pub what_they_probe: Vec<String>,
}

/// A whole bank: what the embedded content holds, or what a test builds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bank {
    pub technical: Vec<TechnicalQuestion>,
    pub principles: Vec<Principle>,
    pub prompts: Vec<BehavioralPrompt>,
}

/// For each technical file parsed: its path and the ids of the questions it holds.
pub type FileIds = Vec<(String, Vec<String>)>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TechnicalFile {
    #[serde(default)]
    question: Vec<TechnicalQuestion>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BehavioralFile {
    #[serde(default)]
    principle: Vec<Principle>,
    #[serde(default)]
    prompt: Vec<BehavioralPrompt>,
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let offset = offset.min(text.len());
    let before = &text.as_bytes()[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

fn parse_toml<T: for<'de> Deserialize<'de>>(path: &str, text: &str) -> Result<T, BankError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_col(text, span.start));
        BankError::Parse {
            path: path.to_string(),
            line,
            column,
            message: e.message().trim().to_string(),
        }
    })
}

impl Bank {
    /// Parses a bank from `(path, text)` technical files and the behavioural file, without
    /// validating it. Paths are used in error messages and, for technical files, the file
    /// stem must name the area of every question in it (checked by [`crate::validate`]).
    pub fn parse<'a>(
        technical: impl IntoIterator<Item = (&'a str, &'a str)>,
        behavioral: (&str, &str),
    ) -> Result<(Bank, FileIds), BankError> {
        let mut bank = Bank::default();
        let mut files = Vec::new();
        for (path, text) in technical {
            let file: TechnicalFile = parse_toml(path, text)?;
            files.push((
                path.to_string(),
                file.question.iter().map(|q| q.id.clone()).collect(),
            ));
            bank.technical.extend(file.question);
        }
        let file: BehavioralFile = parse_toml(behavioral.0, behavioral.1)?;
        bank.principles = file.principle;
        bank.prompts = file.prompt;
        Ok((bank, files))
    }

    /// Parses and validates a bank; the technical file list lets validation check that each
    /// question sits in the file of its area.
    pub fn load<'a>(
        technical: impl IntoIterator<Item = (&'a str, &'a str)>,
        behavioral: (&str, &str),
    ) -> Result<Bank, BankError> {
        let (bank, files) = Bank::parse(technical, behavioral)?;
        let mut problems = crate::validate::validate(&bank);
        problems.extend(crate::validate::check_file_areas(&bank, &files));
        if problems.is_empty() {
            Ok(bank)
        } else {
            Err(BankError::Invalid(problems))
        }
    }

    /// Every id that gets a review card: technical questions, then behavioural prompts.
    /// Ids are unique across the bank, so an id alone names its entry.
    pub fn card_ids(&self) -> impl Iterator<Item = &str> {
        self.technical
            .iter()
            .map(|q| q.id.as_str())
            .chain(self.prompts.iter().map(|p| p.id.as_str()))
    }

    /// Looks a technical question up by id.
    pub fn technical_by_id(&self, id: &str) -> Option<&TechnicalQuestion> {
        self.technical.iter().find(|q| q.id == id)
    }

    /// Looks a behavioural prompt up by id.
    pub fn prompt_by_id(&self, id: &str) -> Option<&BehavioralPrompt> {
        self.prompts.iter().find(|p| p.id == id)
    }

    /// Looks a principle up by id.
    pub fn principle_by_id(&self, id: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.id == id)
    }

    /// The technical questions of one area, in content order.
    pub fn by_area(&self, area: Area) -> impl Iterator<Item = &TechnicalQuestion> {
        self.technical.iter().filter(move |q| q.area == area)
    }

    /// The prompts for one principle, in content order.
    pub fn prompts_for<'a>(
        &'a self,
        principle_id: &'a str,
    ) -> impl Iterator<Item = &'a BehavioralPrompt> + 'a {
        self.prompts
            .iter()
            .filter(move |p| p.principle == principle_id)
    }
}

/// The embedded technical files as `(path, text)`, sorted by path so loading is deterministic.
fn embedded_technical_files() -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = TECHNICAL_DIR
        .files()
        .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
        .map(|f| {
            (
                format!("content/questions/technical/{}", f.path().display()),
                f.contents_utf8().unwrap_or(""),
            )
        })
        .collect();
    files.sort();
    files
}

/// The embedded bank, parsed and validated once.
pub fn embedded() -> Result<&'static Bank, BankError> {
    static BANK: OnceLock<Result<Bank, BankError>> = OnceLock::new();
    BANK.get_or_init(|| {
        let files = embedded_technical_files();
        Bank::load(
            files.iter().map(|(p, t)| (p.as_str(), *t)),
            ("content/questions/behavioral.toml", BEHAVIORAL_TOML),
        )
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Every embedded technical question, grouped by area file.
pub fn all_technical() -> Result<&'static [TechnicalQuestion], BankError> {
    embedded().map(|b| b.technical.as_slice())
}

/// Every embedded behavioural prompt.
pub fn all_behavioral() -> Result<&'static [BehavioralPrompt], BankError> {
    embedded().map(|b| b.prompts.as_slice())
}

/// The 16 Leadership Principles.
pub fn principles() -> Result<&'static [Principle], BankError> {
    embedded().map(|b| b.principles.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        assert_eq!(line_col("ab\ncd", 0), (1, 1));
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("ab", 99), (1, 3));
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let err = Bank::parse(
            [("t/iam.toml", "[[question]]\nid = \"x\"\narea = iam\n")],
            ("b.toml", ""),
        )
        .unwrap_err();
        match err {
            BankError::Parse { path, line, .. } => {
                assert_eq!(path, "t/iam.toml");
                assert_eq!(line, 3);
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn unknown_field_and_bad_area_are_rejected() {
        let text = "[[question]]\nid='a'\narea='iam'\nprompt='p'\nkey_points=['a','b','c']\ndepth='loop'\ncolour='red'\n";
        assert!(matches!(
            Bank::parse([("iam.toml", text)], ("b.toml", "")),
            Err(BankError::Parse { line: 7, .. })
        ));
        let text = "[[question]]\nid='a'\narea='networking'\nprompt='p'\nkey_points=['a','b','c']\ndepth='loop'\n";
        let err = Bank::parse([("x.toml", text)], ("b.toml", "")).unwrap_err();
        assert!(err.to_string().starts_with("x.toml:3:"), "{err}");
    }

    #[test]
    fn area_names_round_trip() {
        for a in Area::ALL {
            assert_eq!(Area::parse(a.as_str()), Some(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.as_str()));
        }
        assert_eq!(Area::parse("network"), None);
    }
}
