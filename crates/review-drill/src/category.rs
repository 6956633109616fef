//! The category vocabulary (`content/drills/code-review/categories.toml`):
//! what an answer may call a vulnerability, its CWE numbers, and which
//! `code-scan` rules report it.

use crate::error::Error;
use serde::Deserialize;

pub(crate) const FILE: &str = "content/drills/code-review/categories.toml";

/// One category a vulnerability can be filed under.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Stable id used in keys and answers, e.g. `sql-injection`.
    pub id: String,
    pub name: String,
    /// CWE numbers this category covers; the first is the primary one.
    pub cwe: Vec<u32>,
    /// What the category means, in one or two sentences.
    pub description: String,
    /// Other spellings an answer may use (`sqli`, `xss`, ...).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The `code-scan` rule ids that report this category. Empty when the
    /// scanner has no rule for it (every such vuln is then `scanner = false`).
    #[serde(default)]
    pub scanner_rules: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    category: Vec<Category>,
}

/// The whole vocabulary, in file order.
#[derive(Debug, Clone)]
pub struct Categories {
    list: Vec<Category>,
}

impl Categories {
    /// Parse and validate the vocabulary: unique ids and aliases, at least
    /// one CWE each, lowercase kebab-case ids.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let f: File = toml::from_str(text).map_err(|e| Error::Parse {
            file: FILE.into(),
            message: e.to_string(),
        })?;
        let mut seen = std::collections::BTreeSet::new();
        for c in &f.category {
            if c.id.is_empty()
                || !c
                    .id
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            {
                return Err(Error::invalid(
                    FILE,
                    format!("category id `{}` must be lowercase kebab-case", c.id),
                ));
            }
            if c.cwe.is_empty() {
                return Err(Error::invalid(
                    FILE,
                    format!("category `{}` has no CWE", c.id),
                ));
            }
            if c.name.trim().is_empty() || c.description.trim().is_empty() {
                return Err(Error::invalid(
                    FILE,
                    format!("category `{}` needs a name and a description", c.id),
                ));
            }
            for name in std::iter::once(&c.id).chain(&c.aliases) {
                if !seen.insert(name.to_ascii_lowercase()) {
                    return Err(Error::invalid(
                        FILE,
                        format!("`{name}` names two categories"),
                    ));
                }
            }
        }
        Ok(Categories { list: f.category })
    }

    pub fn all(&self) -> &[Category] {
        &self.list
    }

    pub fn get(&self, id: &str) -> Option<&Category> {
        self.list.iter().find(|c| c.id == id)
    }

    /// Resolve what a candidate typed: an id, an alias or `CWE-n`
    /// (case-insensitive, surrounding spaces ignored). A CWE resolves to
    /// the category whose primary CWE it is, else the first that lists it.
    pub fn resolve(&self, typed: &str) -> Option<&Category> {
        let t = typed.trim().to_ascii_lowercase();
        if let Some(c) = self
            .list
            .iter()
            .find(|c| c.id == t || c.aliases.iter().any(|a| a.to_ascii_lowercase() == t))
        {
            return Some(c);
        }
        let n: u32 = t
            .strip_prefix("cwe-")
            .or_else(|| t.strip_prefix("cwe"))?
            .trim()
            .parse()
            .ok()?;
        self.list
            .iter()
            .find(|c| c.cwe.first() == Some(&n))
            .or_else(|| self.list.iter().find(|c| c.cwe.contains(&n)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: &str = r#"
[[category]]
id = "sql-injection"
name = "SQL injection"
cwe = [89]
description = "Query text built from input."
aliases = ["sqli"]
scanner_rules = ["sqli"]

[[category]]
id = "weak-crypto"
name = "Weak cryptography"
cwe = [327, 328]
description = "Broken algorithms."
"#;

    #[test]
    fn resolves_ids_aliases_and_cwes() {
        let c = Categories::parse(T).unwrap();
        assert_eq!(c.resolve(" SQLi ").unwrap().id, "sql-injection");
        assert_eq!(c.resolve("sql-injection").unwrap().id, "sql-injection");
        assert_eq!(c.resolve("CWE-89").unwrap().id, "sql-injection");
        assert_eq!(c.resolve("cwe-328").unwrap().id, "weak-crypto");
        assert!(c.resolve("xss").is_none());
        assert!(c.resolve("cwe-x").is_none());
    }

    #[test]
    fn rejects_duplicate_names() {
        let dup = format!(
            "{T}\n[[category]]\nid = \"sqli\"\nname = \"x\"\ncwe = [1]\ndescription = \"d\"\n"
        );
        let e = Categories::parse(&dup).unwrap_err();
        assert!(e.to_string().contains("`sqli` names two categories"), "{e}");
    }

    #[test]
    fn rejects_missing_cwe_and_bad_ids() {
        let e = Categories::parse(
            "[[category]]\nid = \"Bad Id\"\nname = \"x\"\ncwe = [1]\ndescription = \"d\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("kebab-case"), "{e}");
        let e = Categories::parse(
            "[[category]]\nid = \"a\"\nname = \"x\"\ncwe = []\ndescription = \"d\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("no CWE"), "{e}");
    }
}
