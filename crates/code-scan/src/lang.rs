//! The languages the scanner reads and how a file is recognised.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Java,
    Python,
    JavaScript,
    TypeScript,
    Tsx,
}

impl Lang {
    pub const ALL: [Lang; 5] = [
        Lang::Java,
        Lang::Python,
        Lang::JavaScript,
        Lang::TypeScript,
        Lang::Tsx,
    ];

    /// Recognise a file by its extension.
    pub fn from_path(path: &std::path::Path) -> Option<Lang> {
        let ext = path.extension()?.to_str()?;
        Some(match ext {
            "java" => Lang::Java,
            "py" | "pyw" => Lang::Python,
            "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
            "ts" | "mts" | "cts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            _ => return None,
        })
    }

    /// The name used by `--lang` and in model files: TypeScript and TSX
    /// share the JavaScript models.
    pub fn family(self) -> Family {
        match self {
            Lang::Java => Family::Java,
            Lang::Python => Family::Python,
            Lang::JavaScript | Lang::TypeScript | Lang::Tsx => Family::JavaScript,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Lang::Java => "java",
            Lang::Python => "python",
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Tsx => "tsx",
        }
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
            Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }

    /// The line-comment marker, for suppressions and fixture annotations.
    pub fn comment(self) -> &'static str {
        match self {
            Lang::Python => "#",
            _ => "//",
        }
    }
}

/// A language family: the unit models and remediation text are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Java,
    Python,
    #[serde(alias = "typescript", alias = "js", alias = "ts")]
    JavaScript,
}

impl Family {
    pub fn name(self) -> &'static str {
        match self {
            Family::Java => "java",
            Family::Python => "python",
            Family::JavaScript => "javascript",
        }
    }

    pub fn parse(s: &str) -> Option<Family> {
        match s.to_ascii_lowercase().as_str() {
            "java" => Some(Family::Java),
            "python" | "py" => Some(Family::Python),
            "javascript" | "js" | "typescript" | "ts" | "tsx" | "jsx" => Some(Family::JavaScript),
            _ => None,
        }
    }
}
