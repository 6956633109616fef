//! `xss` (CWE-79), React part: `dangerouslySetInnerHTML` given markup that
//! is neither a constant nor sanitised.
//!
//! Why: a component's props and state come from wherever its parent got
//! them (an API response, the URL, another user's profile), so the taint
//! engine often cannot see the source. React escapes everything except
//! this one attribute; a reviewer flags every non-constant use of it, and
//! so does this rule (at medium confidence when no source is visible).
//!
//! Example: `<div dangerouslySetInnerHTML={{ __html: profile.bio }} />`,
//! `{{ __html: marked.parse(props.text) }}`.
//!
//! Fix: render text as children (`<div>{profile.bio}</div>`); when markup
//! is really needed, pass it through `DOMPurify.sanitize` first.

use super::{Cx, Raw};
use crate::ir::{Callee, Expr, Function};
use crate::visit::{walk, Node};
use report::Confidence;

/// Whether `e` is safe markup: a literal, a constant, a sanitiser call, or
/// a name bound in `f` only to those.
fn safe(cx: &Cx, f: &Function, e: &Expr, depth: u8) -> bool {
    if e.literal_str().is_some() || cx.lit(Some(e)).is_some() {
        return true;
    }
    match e {
        Expr::Call(c) => {
            let path = cx.path(c);
            let path = match (&c.callee, path.starts_with("?.")) {
                (Callee::Method { recv, name }, true) => recv
                    .dotted()
                    .map(|d| format!("{}.{name}", cx.ir.resolve(&d)))
                    .unwrap_or(path),
                _ => path,
            };
            cx.model.sanitizers.iter().any(|s| {
                s.rules.iter().any(|r| r == "xss" || r == "*" || r == "all")
                    && s.call.iter().any(|p| p.matches_call(&path))
            })
        }
        Expr::Name(n, _) if depth < 4 => {
            let mut values = Vec::new();
            walk(f, &mut |node| {
                if let Node::Assign {
                    target: Expr::Name(t, _),
                    value,
                    ..
                } = node
                {
                    if t == n {
                        values.push(value);
                    }
                }
            });
            !values.is_empty() && values.iter().all(|v| safe(cx, f, v, depth + 1))
        }
        _ => false,
    }
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    if cx.fam != crate::lang::Family::JavaScript {
        return;
    }
    for (_, f) in cx.functions() {
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            if !matches!(&c.callee, Callee::Name(name) if name == "<jsx>.dangerouslySetInnerHTML") {
                return;
            }
            let Some(html) = crate::taint::option_value(c, "__html") else {
                return;
            };
            if safe(cx, f, html, 0) {
                return;
            }
            let line = c.name_pos.line;
            if cx
                .facts
                .hits
                .iter()
                .any(|h| h.rule == "xss" && h.pos.line == line)
            {
                return;
            }
            out.push(Raw {
                rule: "xss",
                pos: c.name_pos,
                message: format!(
                    "`{}` is rendered as raw HTML; it is not a constant and is not sanitised.",
                    cx.text(html.pos()).lines().next().unwrap_or("")
                ),
                confidence: Confidence::Medium,
                path: None,
            });
        });
    }
}
