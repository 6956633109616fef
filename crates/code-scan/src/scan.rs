//! Scanning one source file: parse, lower, run the engine and the rules,
//! apply inline suppressions, and build [`report::Finding`]s.

use crate::lang::Lang;
use crate::model::Models;
use crate::rules::{self, Raw};
use crate::{ir::Pos, lower, taint};
use report::{Category, Evidence, Finding, Location, Remediation, Span};
use std::sync::Arc;

/// The result of scanning one file.
#[derive(Debug, Default)]
pub struct FileResult {
    pub findings: Vec<Finding>,
    /// Notes for the user: syntax errors recovered from, decoding issues.
    pub notes: Vec<String>,
    pub lines: usize,
    /// Findings silenced by `barraiser: ignore[...]` comments.
    pub suppressed: usize,
}

/// Scan `src` (the file's bytes) as `lang`; `path` is how the file is
/// named in the findings (relative to the scan root).
pub fn scan_source(
    parser: &mut tree_sitter::Parser,
    path: &str,
    lang: Lang,
    src: &[u8],
) -> FileResult {
    let mut res = FileResult {
        lines: bytecount_lines(src),
        ..Default::default()
    };
    // Non-UTF-8 files are scanned with the invalid bytes replaced, so a
    // Latin-1 comment does not hide the code around it.
    let owned;
    let text: &[u8] = match std::str::from_utf8(src) {
        Ok(_) => src,
        Err(e) => {
            let (line, col) = line_col(src, e.valid_up_to());
            res.notes.push(format!(
                "{path}:{line}:{col}: note: not valid UTF-8; scanned with the invalid bytes replaced (re-save the file as UTF-8 to silence this)"
            ));
            owned = String::from_utf8_lossy(src).into_owned().into_bytes();
            &owned
        }
    };
    let Some(tree) = lower::parse(parser, lang, text) else {
        res.notes.push(format!(
            "{path}:1:1: note: the parser gave up on this file; it was skipped"
        ));
        return res;
    };
    let ir = lower::lower(lang, &tree, text);
    drop(tree);
    if ir.syntax_errors > 0 {
        let p = ir.first_error.unwrap_or_default();
        res.notes.push(format!(
            "{path}:{}:{}: note: {} syntax error(s); the rest of the file was scanned",
            p.line, p.col, ir.syntax_errors
        ));
    }
    let fam = lang.family();
    let model = Models::embedded().family(fam);
    let facts = taint::analyse(&ir, fam, model, text);
    let cx = rules::Cx {
        ir: &ir,
        facts: &facts,
        fam,
        model,
        src: text,
        consts: rules::constants(&ir),
    };
    let mut raws = Vec::new();
    rules::check(&cx, &mut raws);
    raws.sort_by(|a, b| (a.pos.start_byte, a.rule).cmp(&(b.pos.start_byte, b.rule)));
    raws.dedup_by(|a, b| a.rule == b.rule && a.pos.line == b.pos.line);
    let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
    for raw in raws {
        if suppressed(&lines, raw.pos.line, raw.rule, lang) {
            res.suppressed += 1;
            continue;
        }
        res.findings.push(to_finding(path, lang, &lines, raw));
    }
    res
}

fn bytecount_lines(src: &[u8]) -> usize {
    if src.is_empty() {
        return 0;
    }
    memchr::memchr_iter(b'\n', src).count() + usize::from(!src.ends_with(b"\n"))
}

fn line_col(src: &[u8], offset: usize) -> (usize, usize) {
    let before = &src[..offset.min(src.len())];
    let line = memchr::memchr_iter(b'\n', before).count() + 1;
    let col = before.len()
        - before
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0)
        + 1;
    (line, col)
}

/// `barraiser: ignore[rule-id, other-id] reason` on the finding's line or
/// the line above silences those rules there; `ignore[*]` silences all.
pub fn suppressed(lines: &[&[u8]], line: u32, rule: &str, lang: Lang) -> bool {
    let check = |l: usize| -> bool {
        let Some(text) = lines.get(l) else {
            return false;
        };
        let text = String::from_utf8_lossy(text);
        let Some(at) = text.find("barraiser: ignore[") else {
            return false;
        };
        // The marker must be inside a comment.
        if !text[..at].contains(lang.comment()) && !text[..at].contains("/*") {
            return false;
        }
        let rest = &text[at + "barraiser: ignore[".len()..];
        let Some(end) = rest.find(']') else {
            return false;
        };
        rest[..end]
            .split(',')
            .map(str::trim)
            .any(|r| r == rule || r == "*")
    };
    let l = line as usize;
    l >= 1 && (check(l - 1) || (l >= 2 && check(l - 2)))
}

fn char_col(line: &[u8], byte_col: u32) -> u32 {
    let upto = (byte_col.saturating_sub(1) as usize).min(line.len());
    String::from_utf8_lossy(&line[..upto]).chars().count() as u32 + 1
}

fn span(path: &str, lines: &[&[u8]], p: Pos) -> Span {
    let l = |n: u32| {
        lines
            .get(n.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(&[])
    };
    Span {
        path: path.to_string(),
        start_line: p.line.max(1),
        start_column: char_col(l(p.line), p.col),
        end_line: Some(p.end_line.max(p.line).max(1)),
        end_column: Some(char_col(l(p.end_line), p.end_col)),
    }
}

/// The source line, trimmed and cut to a readable length.
fn excerpt(lines: &[&[u8]], line: u32) -> String {
    let text = lines
        .get(line.saturating_sub(1) as usize)
        .map(|l| String::from_utf8_lossy(l).trim().to_string())
        .unwrap_or_default();
    if text.chars().count() > 160 {
        let cut: String = text.chars().take(157).collect();
        format!("{cut}...")
    } else {
        text
    }
}

fn to_finding(path: &str, lang: Lang, lines: &[&[u8]], raw: Raw) -> Finding {
    let meta = rules::get(raw.rule).expect("every rule id in code has a content file (tested)");
    let loc = Location::File(span(path, lines, raw.pos));
    let ex = excerpt(lines, raw.pos.line);
    let ex = if raw.rule == "hardcoded-secret" {
        crate::redact::redact_line(&ex)
    } else {
        ex
    };
    let evidence = match raw.path {
        Some(steps) => Evidence::Path {
            steps: steps
                .into_iter()
                .map(|(p, note)| (span(path, lines, p), note))
                .collect(),
            excerpt: Some(ex),
        },
        None => Evidence::Excerpt { text: ex },
    };
    let fam = lang.family();
    Finding {
        id: Finding::stable_id(raw.rule, &loc),
        rule_id: raw.rule.to_string(),
        title: meta.title.clone(),
        message: raw.message,
        severity: meta.severity,
        confidence: raw.confidence,
        categories: meta.cwe.iter().map(|n| Category::Cwe(*n)).collect(),
        location: loc,
        evidence: Some(evidence),
        remediation: vec![Remediation {
            id: Arc::from(format!("{}/{}", meta.id, fam.name())),
            title: Arc::from(meta.fix.as_str()),
            service: Arc::from(""),
            parameter: Arc::from(meta.pattern_for(fam)),
            metric: Arc::from(format!(
                "barraiser scan reports no `{}` here, and a test sends a hostile value to this code path",
                meta.id
            )),
            in_place: false,
        }],
        impact: None,
    }
}
