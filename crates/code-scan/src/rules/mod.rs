//! The rules: metadata from `content/code-scan/rules/<id>.toml` (what the
//! rule finds, why it matters, the fix and the fixed pattern per language),
//! and detection.
//!
//! Taint rules (`kind = "taint"`: sqli, cmdi, xss, ...) need no code of
//! their own: their sinks are in the framework models and the engine
//! reports the flows. Pattern rules (`kind = "pattern"`) look at the shape
//! of the code and have one Rust file each in this directory. The IDOR rule
//! is both: the engine finds request ids reaching lookups, and `idor.rs`
//! drops the ones whose handler checks the signed-in user.

mod hardcoded_secret;
mod idor;
mod insecure_cookie;
mod jwt;
mod missing_auth;
mod plaintext_password;
mod returns;
mod weak_cipher;
mod weak_hash;
mod weak_random;
mod xss_markup;
mod xxe;

use crate::ir::{Expr, FileIr, FuncId, Function, Pos};
use crate::lang::Family;
use crate::model::FamilyModel;
use crate::taint::Facts;
use include_dir::{include_dir, Dir};
use report::{Confidence, Severity};
use serde::Deserialize;

static RULES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../content/code-scan/rules");

/// A rule's description, as written in its content file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleMeta {
    pub id: String,
    pub title: String,
    pub cwe: Vec<u32>,
    pub severity: Severity,
    pub kind: String,
    pub finds: String,
    pub why: String,
    pub fix: String,
    pub pattern: Patterns,
}

/// The fixed code pattern per language family.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patterns {
    pub java: String,
    pub python: String,
    pub javascript: String,
}

impl RuleMeta {
    pub fn pattern_for(&self, fam: Family) -> &str {
        match fam {
            Family::Java => self.pattern.java.trim(),
            Family::Python => self.pattern.python.trim(),
            Family::JavaScript => self.pattern.javascript.trim(),
        }
    }

    /// Help text for SARIF and Markdown: what, why, fix, and the pattern
    /// in each language.
    pub fn help_markdown(&self) -> String {
        format!(
            "**{}** (CWE-{})\n\n{}\n\n**Why it matters.** {}\n\n**Fix.** {}\n\nJava:\n```java\n{}\n```\n\nPython:\n```python\n{}\n```\n\nJavaScript/TypeScript:\n```javascript\n{}\n```\n",
            self.title,
            self.cwe.iter().map(u32::to_string).collect::<Vec<_>>().join(", CWE-"),
            self.finds,
            self.why,
            self.fix,
            self.pattern.java.trim(),
            self.pattern.python.trim(),
            self.pattern.javascript.trim()
        )
    }
}

/// All rules, sorted by id.
pub fn all() -> &'static [RuleMeta] {
    static R: std::sync::OnceLock<Vec<RuleMeta>> = std::sync::OnceLock::new();
    R.get_or_init(|| load().expect("embedded rules are valid (tested)"))
}

/// Every rule as SARIF describes it (`tool.driver.rules`), for the CLI's
/// and the web app's SARIF output alike.
pub fn sarif_metas() -> Vec<report::sarif::RuleMeta> {
    all()
        .iter()
        .map(|r| report::sarif::RuleMeta {
            id: r.id.clone(),
            name: r.title.clone(),
            short_description: r.title.clone(),
            full_description: r.finds.clone(),
            help_markdown: r.help_markdown(),
            default_severity: r.severity,
            tags: vec![],
            cwe: r.cwe.clone(),
        })
        .collect()
}

pub fn get(id: &str) -> Option<&'static RuleMeta> {
    all().iter().find(|r| r.id == id)
}

/// Parse the embedded rule files; errors name the file.
pub fn load() -> Result<Vec<RuleMeta>, String> {
    let mut out = Vec::new();
    for f in RULES.files() {
        let name = f.path().to_string_lossy().to_string();
        if !name.ends_with(".toml") {
            continue;
        }
        let text = f
            .contents_utf8()
            .ok_or_else(|| format!("content/code-scan/rules/{name}: not UTF-8"))?;
        let meta: RuleMeta =
            toml::from_str(text).map_err(|e| format!("content/code-scan/rules/{name}: {e}"))?;
        if format!("{}.toml", meta.id) != name {
            return Err(format!(
                "content/code-scan/rules/{name}: id `{}` does not match the file name",
                meta.id
            ));
        }
        out.push(meta);
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// A finding before it becomes a [`report::Finding`].
#[derive(Debug, Clone)]
pub struct Raw {
    pub rule: &'static str,
    pub pos: Pos,
    pub message: String,
    pub confidence: Confidence,
    /// Source-to-sink steps for taint findings.
    pub path: Option<Vec<(Pos, String)>>,
}

/// What pattern rules get to look at.
pub struct Cx<'a> {
    pub ir: &'a FileIr,
    pub facts: &'a Facts,
    pub fam: Family,
    pub model: &'a FamilyModel,
    pub src: &'a [u8],
    /// Names assigned exactly once in the file, to a string literal
    /// (`const algo = 'sha1'`, `ALGORITHM = "DES"`), so that
    /// `createHash(algo)` is judged like `createHash('sha1')`.
    pub consts: std::collections::HashMap<String, String>,
}

/// The single-assignment string constants of a file (see [`Cx::consts`]).
pub fn constants(ir: &FileIr) -> std::collections::HashMap<String, String> {
    use crate::visit::{walk, Node};
    let mut seen: std::collections::HashMap<String, Option<String>> = Default::default();
    for f in &ir.functions {
        walk(f, &mut |n| {
            if let Node::Assign {
                target: Expr::Name(name, _),
                value,
                ..
            } = n
            {
                let v = value.literal_str();
                seen.entry(name.clone())
                    .and_modify(|old| *old = None)
                    .or_insert(v);
            }
        });
    }
    seen.into_iter()
        .filter_map(|(k, v)| Some((k, v?)))
        .collect()
}

impl<'a> Cx<'a> {
    /// An option of a call given inline (`f(x, { noent: true })`,
    /// `f(x, noent=True)`) or through an object literal bound once in the
    /// same function (`const opts = { noent: true }; f(x, opts)`).
    pub fn option(&self, f: &'a Function, c: &'a crate::ir::Call, key: &str) -> Option<&'a Expr> {
        if let Some(v) = crate::taint::option_value(c, key) {
            return Some(v);
        }
        let names: Vec<&str> = c
            .args
            .iter()
            .filter_map(|a| match &a.value {
                Expr::Name(n, _) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        if names.is_empty() {
            return None;
        }
        let mut found = None;
        crate::visit::walk(f, &mut |n| {
            if let crate::visit::Node::Assign {
                target: Expr::Name(t, _),
                value: Expr::Collection { items, keys, .. },
                ..
            } = n
            {
                if names.contains(&t.as_str()) {
                    for (item, k) in items.iter().zip(keys) {
                        if k.as_deref() == Some(key) {
                            found = Some(item);
                        }
                    }
                }
            }
        });
        found
    }

    /// The string value of an argument: a literal, or a name bound once
    /// to a literal.
    pub fn lit(&self, e: Option<&Expr>) -> Option<String> {
        let e = e?;
        if let Some(s) = e.literal_str() {
            return Some(s);
        }
        match e {
            Expr::Name(n, _) => self.consts.get(n).cloned(),
            _ => None,
        }
    }

    pub fn text(&self, pos: Pos) -> &'a str {
        let s = pos.start_byte as usize;
        let e = (pos.end_byte as usize).min(self.src.len());
        std::str::from_utf8(&self.src[s.min(e)..e]).unwrap_or("")
    }

    /// The call path the engine resolved (`Statement.executeQuery`,
    /// `hashlib.md5`), or the dotted callee.
    pub fn path(&self, c: &crate::ir::Call) -> String {
        self.facts
            .call_paths
            .get(&c.pos.start_byte)
            .cloned()
            .unwrap_or_else(|| match &c.callee {
                crate::ir::Callee::Name(n) => self.ir.resolve(n),
                crate::ir::Callee::Method { recv, name } => match recv.dotted() {
                    Some(d) => format!("{}.{name}", self.ir.resolve(&d)),
                    None => format!("?.{name}"),
                },
                crate::ir::Callee::Expr(_) => "?".into(),
            })
    }

    pub fn functions(&self) -> impl Iterator<Item = (FuncId, &'a Function)> {
        self.ir.functions.iter().enumerate()
    }
}

/// Run the pattern rules and turn engine hits into raw findings.
pub fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for h in &cx.facts.hits {
        if h.rule == "idor" {
            continue;
        }
        let Some(meta) = get(&h.rule) else { continue };
        let rule: &'static str = &meta.id;
        out.push(Raw {
            rule,
            pos: h.pos,
            message: format!(
                "{} reaches {} without sanitising.",
                h.path
                    .first()
                    .map(|(_, n)| capitalise(n))
                    .unwrap_or_else(|| "Request data".into()),
                h.sink_label
            ),
            confidence: Confidence::High,
            path: Some(h.path.clone()),
        });
    }
    idor::check(cx, out);
    returns::check(cx, out);
    weak_hash::check(cx, out);
    weak_cipher::check(cx, out);
    weak_random::check(cx, out);
    hardcoded_secret::check(cx, out);
    jwt::check(cx, out);
    insecure_cookie::check(cx, out);
    missing_auth::check(cx, out);
    plaintext_password::check(cx, out);
    xxe::check(cx, out);
    xss_markup::check(cx, out);
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// True when `e` is a string literal or a call on one (`"k".getBytes()`).
pub(crate) fn literalish(e: &Expr) -> bool {
    match e {
        Expr::Lit(crate::ir::Lit::Str(s), _) => !s.is_empty(),
        Expr::Concat(..) => e.literal_str().is_some_and(|s| !s.is_empty()),
        Expr::Call(c) => match &c.callee {
            crate::ir::Callee::Method { recv, .. } => literalish(recv),
            crate::ir::Callee::Name(n) => {
                matches!(n.as_str(), "Buffer.from" | "bytes" | "str")
                    && c.positional(0).is_some_and(literalish)
            }
            _ => false,
        },
        _ => false,
    }
}
