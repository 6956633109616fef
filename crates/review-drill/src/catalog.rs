//! Loading the embedded snippets and answer keys, and validating them.
//!
//! Layout: `content/drills/code-review/<language>/<name>.<ext>` is the
//! snippet the candidate reads, and `<name>.key.toml` beside it is the
//! answer key. A key names its snippet by `id` (= `<name>`), its language
//! (= the folder), and lists `[[vuln]]` and `[[decoy]]` entries by 1-based
//! line.

use crate::category::{self, Categories};
use crate::error::Error;
use include_dir::{include_dir, Dir};
use report::Severity;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

static CONTENT: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../content/drills/code-review");

const ROOT: &str = "content/drills/code-review";

/// Shortest and longest snippet, in lines: long enough to read like a real
/// file, short enough for the 5 to 10 minute bar.
pub const MIN_LINES: usize = 20;
pub const MAX_LINES: usize = 60;

/// The languages the drill covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Java,
    Python,
    Javascript,
}

impl Language {
    pub const ALL: [Language; 3] = [Language::Java, Language::Python, Language::Javascript];

    /// The content folder name, also the value of `language` in a key.
    pub fn name(self) -> &'static str {
        match self {
            Language::Java => "java",
            Language::Python => "python",
            Language::Javascript => "javascript",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Language::Java => "java",
            Language::Python => "py",
            Language::Javascript => "js",
        }
    }

    pub fn parse(s: &str) -> Option<Language> {
        Language::ALL.into_iter().find(|l| l.name() == s)
    }

    /// The `code-scan` language the snippet is scanned as.
    pub fn scan_lang(self) -> code_scan::Lang {
        match self {
            Language::Java => code_scan::Lang::Java,
            Language::Python => code_scan::Lang::Python,
            Language::Javascript => code_scan::Lang::JavaScript,
        }
    }
}

/// A planted vulnerability.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Vuln {
    /// 1-based line of the sink (where the damage happens).
    pub line: u32,
    /// A category id from `categories.toml`.
    pub category: String,
    pub cwe: u32,
    pub severity: Severity,
    pub explanation: String,
    pub fix: String,
    /// 2 to 5 remediation concepts a good fix mentions. `a|b` accepts
    /// either spelling.
    pub fix_concepts: Vec<String>,
    /// `false` when the scanner cannot see this issue (the reason says why).
    #[serde(default = "yes")]
    pub scanner: bool,
    #[serde(default)]
    pub scanner_reason: Option<String>,
}

fn yes() -> bool {
    true
}

/// Code that looks risky but is safe.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Decoy {
    pub line: u32,
    pub why_safe: String,
}

/// An answer key.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Key {
    pub id: String,
    pub language: Language,
    pub title: String,
    /// One paragraph: what the code is and what the reviewer is told.
    pub scenario: String,
    #[serde(rename = "vuln")]
    pub vulns: Vec<Vuln>,
    #[serde(rename = "decoy")]
    pub decoys: Vec<Decoy>,
}

/// A snippet with its key.
#[derive(Debug, Clone)]
pub struct Snippet {
    /// Path relative to the repository, e.g.
    /// `content/drills/code-review/java/order_dao.java`.
    pub path: String,
    pub source: String,
    pub key: Key,
}

impl Snippet {
    pub fn id(&self) -> &str {
        &self.key.id
    }

    pub fn language(&self) -> Language {
        self.key.language
    }

    /// The 1-based line `n`, if the snippet has it.
    pub fn line(&self, n: u32) -> Option<&str> {
        if n == 0 {
            return None;
        }
        self.source.lines().nth(n as usize - 1)
    }

    pub fn line_count(&self) -> usize {
        self.source.lines().count()
    }
}

/// Every snippet, sorted by language then id, and the vocabulary.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub categories: Categories,
    pub snippets: Vec<Snippet>,
}

impl Catalog {
    /// The content embedded in this build. Panics only if the embedded
    /// content is invalid, which the crate's tests rule out.
    pub fn embedded() -> &'static Catalog {
        static C: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
        C.get_or_init(|| {
            Catalog::load(&CONTENT).expect("embedded code-review content is valid (tested)")
        })
    }

    /// Load and validate a content directory laid out like
    /// `content/drills/code-review`.
    pub fn load(dir: &Dir<'_>) -> Result<Catalog, Error> {
        let cats = dir
            .get_file("categories.toml")
            .ok_or_else(|| Error::invalid(category::FILE, "missing"))?;
        let categories = Categories::parse(utf8(cats.contents(), category::FILE)?)?;
        let mut files: BTreeMap<String, &[u8]> = BTreeMap::new();
        collect(dir, &mut files);
        let mut snippets = Vec::new();
        let mut ids = BTreeSet::new();
        for (path, bytes) in &files {
            let shown = format!("{ROOT}/{path}");
            let Some(base) = path.strip_suffix(".key.toml") else {
                if path == "categories.toml" || path == "README.md" {
                    continue;
                }
                let known = Language::ALL.iter().any(|l| {
                    path.starts_with(&format!("{}/", l.name()))
                        && path.ends_with(&format!(".{}", l.extension()))
                });
                if !known {
                    return Err(Error::invalid(
                        shown,
                        "not a snippet, key or categories file (snippets are <language>/<name>.<java|py|js>)",
                    ));
                }
                let key_path = format!(
                    "{}.key.toml",
                    path.rsplit_once('.').map_or(path.as_str(), |(b, _)| b)
                );
                if !files.contains_key(&key_path) {
                    return Err(Error::invalid(
                        shown,
                        format!("snippet has no answer key (expected {ROOT}/{key_path})"),
                    ));
                }
                continue;
            };
            let key: Key = toml::from_str(utf8(bytes, &shown)?).map_err(|e| Error::Parse {
                file: shown.clone(),
                message: e.to_string(),
            })?;
            let (folder, name) = base
                .split_once('/')
                .ok_or_else(|| Error::invalid(&shown, "keys live in a language folder"))?;
            if Language::parse(folder) != Some(key.language) {
                return Err(Error::invalid(
                    &shown,
                    format!(
                        "language `{}` does not match the folder `{folder}`",
                        key.language.name()
                    ),
                ));
            }
            if key.id != name {
                return Err(Error::invalid(
                    &shown,
                    format!("id `{}` must equal the file name `{name}`", key.id),
                ));
            }
            if !ids.insert(key.id.clone()) {
                return Err(Error::invalid(&shown, format!("duplicate id `{}`", key.id)));
            }
            let src_rel = format!("{base}.{}", key.language.extension());
            let src_shown = format!("{ROOT}/{src_rel}");
            let src = files
                .get(&src_rel)
                .ok_or_else(|| Error::invalid(&shown, format!("no snippet {src_shown}")))?;
            let snippet = Snippet {
                path: src_shown.clone(),
                source: utf8(src, &src_shown)?.to_string(),
                key,
            };
            validate(&snippet, &categories, &shown)?;
            snippets.push(snippet);
        }
        snippets.sort_by(|a, b| (a.key.language, &a.key.id).cmp(&(b.key.language, &b.key.id)));
        Ok(Catalog {
            categories,
            snippets,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Snippet> {
        self.snippets.iter().find(|s| s.key.id == id)
    }

    pub fn by_language(&self, lang: Language) -> impl Iterator<Item = &Snippet> {
        self.snippets.iter().filter(move |s| s.key.language == lang)
    }
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut BTreeMap<String, &'a [u8]>) {
    for f in dir.files() {
        out.insert(f.path().to_string_lossy().replace('\\', "/"), f.contents());
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

fn utf8<'a>(b: &'a [u8], file: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(b).map_err(|e| Error::Parse {
        file: file.to_string(),
        message: format!("not UTF-8: {e}"),
    })
}

/// Every rule a key and its snippet must follow.
fn validate(s: &Snippet, cats: &Categories, file: &str) -> Result<(), Error> {
    let k = &s.key;
    let bad = |m: String| Err(Error::invalid(file, m));
    if k.title.trim().is_empty() || k.scenario.trim().is_empty() {
        return bad("title and scenario must not be empty".into());
    }
    let n = s.line_count();
    if !(MIN_LINES..=MAX_LINES).contains(&n) {
        return bad(format!(
            "the snippet has {n} lines; snippets have {MIN_LINES} to {MAX_LINES}"
        ));
    }
    if !(1..=3).contains(&k.vulns.len()) {
        return bad(format!("{} vulns; a snippet plants 1 to 3", k.vulns.len()));
    }
    if k.decoys.is_empty() {
        return bad("at least one [[decoy]] is required".into());
    }
    let check_line = |line: u32, what: &str| -> Result<(), Error> {
        match s.line(line) {
            None => Err(Error::invalid(
                file,
                format!("{what} line {line} is outside the snippet (1..={n})"),
            )),
            Some(t) if t.trim().is_empty() => Err(Error::invalid(
                file,
                format!("{what} line {line} is blank in the snippet"),
            )),
            Some(_) => Ok(()),
        }
    };
    let mut vuln_lines = BTreeSet::new();
    for v in &k.vulns {
        check_line(v.line, "vuln")?;
        if !vuln_lines.insert((v.line, v.category.as_str())) {
            return bad(format!("two vulns of `{}` on line {}", v.category, v.line));
        }
        let Some(c) = cats.get(&v.category) else {
            return bad(format!(
                "line {}: unknown category `{}` (see {})",
                v.line,
                v.category,
                category::FILE
            ));
        };
        if !c.cwe.contains(&v.cwe) {
            return bad(format!(
                "line {}: CWE-{} is not one of category `{}`'s CWEs {:?}",
                v.line, v.cwe, c.id, c.cwe
            ));
        }
        if v.explanation.trim().is_empty() || v.fix.trim().is_empty() {
            return bad(format!("line {}: explanation and fix are required", v.line));
        }
        if !(2..=5).contains(&v.fix_concepts.len())
            || v.fix_concepts.iter().any(|f| {
                f.split('|')
                    .any(|alt| crate::grade::normalise(alt).is_empty())
            })
        {
            return bad(format!(
                "line {}: fix_concepts needs 2 to 5 non-empty entries",
                v.line
            ));
        }
        match (v.scanner, &v.scanner_reason) {
            (false, None) => {
                return bad(format!(
                    "line {}: `scanner = false` needs a scanner_reason",
                    v.line
                ))
            }
            (true, Some(_)) => {
                return bad(format!(
                    "line {}: scanner_reason is only for `scanner = false`",
                    v.line
                ))
            }
            (true, None) if c.scanner_rules.is_empty() => {
                return bad(format!(
                    "line {}: the scanner has no rule for `{}`; mark it `scanner = false` with a reason",
                    v.line, c.id
                ))
            }
            _ => {}
        }
    }
    for d in &k.decoys {
        check_line(d.line, "decoy")?;
        if d.why_safe.trim().is_empty() {
            return bad(format!("decoy line {}: why_safe is required", d.line));
        }
        if k.vulns.iter().any(|v| v.line == d.line) {
            return bad(format!("line {} is both a vuln and a decoy", d.line));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    static FIXTURE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/tests/fixtures/bad");

    #[test]
    fn language_names_round_trip() {
        for l in Language::ALL {
            assert_eq!(Language::parse(l.name()), Some(l));
        }
        assert_eq!(Language::parse("ruby"), None);
    }

    fn cats() -> Categories {
        Categories::parse(include_str!(
            "../../../content/drills/code-review/categories.toml"
        ))
        .unwrap()
    }

    fn snippet() -> Snippet {
        let mut source: String = (1..=25).map(|i| format!("line_{i} = {i}\n")).collect();
        source = source.replace("line_5 = 5\n", "\n");
        let key: Key = toml::from_str(
            r#"
id = "s"
language = "python"
title = "t"
scenario = "s"

[[vuln]]
line = 3
category = "sql-injection"
cwe = 89
severity = "high"
explanation = "e"
fix = "f"
fix_concepts = ["bind", "placeholder"]

[[decoy]]
line = 4
why_safe = "w"
"#,
        )
        .unwrap();
        Snippet {
            path: "p".into(),
            source,
            key,
        }
    }

    fn err(s: &Snippet) -> String {
        validate(s, &cats(), "k").unwrap_err().to_string()
    }

    #[test]
    fn a_valid_key_passes() {
        validate(&snippet(), &cats(), "k").unwrap();
    }

    #[test]
    fn each_rule_of_a_key_is_enforced() {
        let mut s = snippet();
        s.key.vulns[0].line = 5;
        assert_eq!(err(&s), "k: vuln line 5 is blank in the snippet");
        let mut s = snippet();
        s.key.decoys[0].line = 0;
        assert!(err(&s).contains("decoy line 0 is outside"));
        let mut s = snippet();
        s.key.vulns[0].category = "sqlinj".into();
        assert!(err(&s).contains("unknown category `sqlinj`"));
        let mut s = snippet();
        s.key.vulns[0].cwe = 79;
        assert!(err(&s).contains("CWE-79 is not one of"));
        let mut s = snippet();
        s.key.vulns[0].fix_concepts = vec!["only one".into()];
        assert!(err(&s).contains("fix_concepts"));
        let mut s = snippet();
        s.key.vulns[0].fix_concepts = vec!["ok".into(), "a|?".into()];
        assert!(err(&s).contains("fix_concepts"));
        let mut s = snippet();
        s.key.vulns[0].scanner = false;
        assert!(err(&s).contains("needs a scanner_reason"));
        let mut s = snippet();
        s.key.vulns[0].scanner_reason = Some("r".into());
        assert!(err(&s).contains("only for `scanner = false`"));
        let mut s = snippet();
        s.key.vulns[0].category = "missing-authorization".into();
        s.key.vulns[0].cwe = 862;
        assert!(err(&s).contains("mark it `scanner = false`"));
        let mut s = snippet();
        s.key.decoys[0].line = 3;
        assert!(err(&s).contains("both a vuln and a decoy"));
        let mut s = snippet();
        s.key.decoys.clear();
        assert!(err(&s).contains("at least one [[decoy]]"));
        let mut s = snippet();
        let v = s.key.vulns[0].clone();
        s.key.vulns = vec![v.clone(), v.clone(), v.clone(), v];
        assert!(err(&s).contains("4 vulns"));
        let mut s = snippet();
        s.source = "a\n".repeat(12);
        assert!(err(&s).contains("has 12 lines"));
    }

    #[test]
    fn a_key_line_past_the_end_is_rejected() {
        let e = Catalog::load(&FIXTURE).unwrap_err();
        assert_eq!(
            e.to_string(),
            "content/drills/code-review/python/short_view.key.toml: vuln line 99 is outside the snippet (1..=21)"
        );
    }
}
