//! What route handlers return: request data built into HTML (`xss`) and
//! Spring's `"redirect:" + url` view names (`open-redirect`).
//!
//! Why: Flask and Spring `@ResponseBody` send a returned string as the
//! response, as `text/html` unless told otherwise, so
//! `return "<p>" + name + "</p>"` is reflected XSS; a returned
//! `"redirect:" + next` makes Spring redirect wherever the user says.
//!
//! Example: `return f"<h1>Hello {name}</h1>"` in a Flask view.
//!
//! Fix: render a template (auto-escaping) or escape the value; redirect
//! only to relative paths or allow-listed hosts. Only functions that are
//! routes (a route decorator or mapping annotation, or taking request
//! parameters) are considered, and only when the value comes from the
//! request.

use super::{Cx, Raw};
use report::Confidence;

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for r in &cx.facts.returns {
        let Some(path) = &r.path else { continue };
        let f = &cx.ir.functions[r.func];
        let is_route = cx.facts.source_params.contains_key(&r.func)
            || f.decorators.iter().any(|d| {
                let n = d.name.to_ascii_lowercase();
                n.contains("route")
                    || n.ends_with("mapping")
                    || n.ends_with(".get")
                    || n.ends_with(".post")
            });
        if !is_route {
            continue;
        }
        if r.literal_prefix
            .as_deref()
            .is_some_and(|p| p.starts_with("redirect:"))
        {
            let mut p = path.clone();
            if let Some(last) = p.last_mut() {
                last.1 = "redirect view name".into();
            }
            out.push(Raw {
                rule: "open-redirect",
                pos: r.pos,
                message: "The handler returns a `redirect:` view built from request data.".into(),
                confidence: Confidence::High,
                path: Some(p),
            });
        } else if r.has_html_literal && cx.fam != crate::lang::Family::JavaScript {
            out.push(Raw {
                rule: "xss",
                pos: r.pos,
                message: "The handler returns HTML built from request data without escaping."
                    .into(),
                confidence: Confidence::High,
                path: Some(path.clone()),
            });
        }
    }
}
