//! Does the `code-scan` engine agree with an answer key?
//!
//! For every planted vulnerability the key does not mark `scanner = false`,
//! the scanner must report one of its category's `scanner_rules` within
//! the line tolerance; and the scanner must report nothing on a decoy line
//! (a decoy the engine flags would teach the candidate that safe code is
//! wrong, or the key would be). The drill also shows the candidate what the
//! scanner found, through [`scan`].

use crate::catalog::Snippet;
use crate::category::Categories;
use report::Finding;

/// One way the scanner and a key disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Disagreement {
    /// A planted vulnerability the scanner should see but did not.
    Missed {
        line: u32,
        category: String,
        /// What the scanner did report, as `rule@line`.
        reported: Vec<String>,
    },
    /// The scanner reported something on a decoy line.
    DecoyFlagged { line: u32, rule: String },
}

impl std::fmt::Display for Disagreement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Disagreement::Missed {
                line,
                category,
                reported,
            } => write!(
                f,
                "line {line}: `{category}` is in the key but the scanner does not report it (it reported: {})",
                if reported.is_empty() {
                    "nothing".to_string()
                } else {
                    reported.join(", ")
                }
            ),
            Disagreement::DecoyFlagged { line, rule } => {
                write!(f, "line {line}: decoy reported by the scanner as `{rule}`")
            }
        }
    }
}

/// Run the scanner on a snippet. Call from a thread with
/// [`code_scan::STACK_SIZE`] of stack for deeply nested input; the
/// embedded snippets are shallow enough for any thread.
pub fn scan(snippet: &Snippet) -> Vec<Finding> {
    let mut parser = tree_sitter::Parser::new();
    code_scan::scan_source(
        &mut parser,
        &snippet.path,
        snippet.language().scan_lang(),
        snippet.source.as_bytes(),
    )
    .findings
}

/// The 1-based line a finding starts on, if it is in a file.
pub fn finding_line(f: &Finding) -> Option<u32> {
    f.location.span().map(|s| s.start_line)
}

/// Compare the scanner's findings with the key.
pub fn check(snippet: &Snippet, cats: &Categories, tolerance: u32) -> Vec<Disagreement> {
    compare(snippet, cats, &scan(snippet), tolerance)
}

/// Compare given findings with the key (separate from [`check`] so it can
/// be tested without the engine).
pub fn compare(
    snippet: &Snippet,
    cats: &Categories,
    findings: &[Finding],
    tolerance: u32,
) -> Vec<Disagreement> {
    let reported: Vec<(u32, &str)> = findings
        .iter()
        .filter_map(|f| Some((finding_line(f)?, f.rule_id.as_str())))
        .collect();
    let mut out = Vec::new();
    for v in snippet.key.vulns.iter().filter(|v| v.scanner) {
        let rules = cats
            .get(&v.category)
            .map(|c| c.scanner_rules.as_slice())
            .unwrap_or_default();
        let seen = reported
            .iter()
            .any(|(l, r)| l.abs_diff(v.line) <= tolerance && rules.iter().any(|x| x == r));
        if !seen {
            out.push(Disagreement::Missed {
                line: v.line,
                category: v.category.clone(),
                reported: reported.iter().map(|(l, r)| format!("{r}@{l}")).collect(),
            });
        }
    }
    for d in &snippet.key.decoys {
        for (l, r) in &reported {
            if *l == d.line {
                out.push(Disagreement::DecoyFlagged {
                    line: d.line,
                    rule: r.to_string(),
                });
            }
        }
    }
    out
}
