//! `insecure-cookie` (CWE-614, CWE-1004): a session or authentication
//! cookie without `Secure` or without `HttpOnly`.
//!
//! Why: without `Secure` the cookie is sent over plain HTTP; without
//! `HttpOnly` any script injected into the page reads it. Both hand the
//! session to an attacker.
//!
//! Example: `res.cookie('sid', id)`, `resp.set_cookie("session", token)`,
//! `response.addCookie(c)` where `c` never had `setSecure(true)`,
//! `SESSION_COOKIE_SECURE = False`.
//!
//! Fix: set `Secure`, `HttpOnly` and `SameSite` on every session cookie.
//! Cookies whose literal name is clearly not sensitive (`theme`, `lang`)
//! are not reported.

use super::{Cx, Raw};
use crate::ir::{Call, Callee, Expr, Lit};
use crate::taint::option_value;
use crate::visit::{walk, Node};
use report::Confidence;

fn sensitive_name(name: Option<String>) -> bool {
    match name {
        None => true,
        Some(n) => {
            let l = n.to_ascii_lowercase();
            [
                "sess", "sid", "auth", "token", "jwt", "remember", "login", "user", "id", "csrf",
                "refresh", "access", "sudo", "admin", "elevat", "priv", "otp", "mfa",
            ]
            .iter()
            .any(|k| l.contains(k))
        }
    }
}

fn is_true(e: Option<&Expr>) -> bool {
    matches!(e, Some(Expr::Lit(Lit::Bool(true), _)))
        || e.is_some_and(|e| matches!(e, Expr::Name(n, _) if n == "True"))
}

fn is_false(e: Option<&Expr>) -> bool {
    matches!(e, Some(Expr::Lit(Lit::Bool(false), _)))
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        // Java: cookies configured in this function.
        let mut secured: Vec<(String, &str, u32)> = Vec::new();
        walk(f, &mut |n| {
            if let Node::Expr(Expr::Call(c)) = n {
                if let (Some(m @ ("setSecure" | "setHttpOnly")), Callee::Method { recv, .. }) =
                    (c.method_name(), &c.callee)
                {
                    if is_true(c.positional(0)) {
                        if let Some(d) = recv.dotted() {
                            secured.push((
                                d,
                                if m == "setSecure" {
                                    "secure"
                                } else {
                                    "httponly"
                                },
                                c.pos.start_byte,
                            ));
                        }
                    }
                }
            }
        });
        let mut cookie_names: Vec<(String, Option<String>, u32)> = Vec::new();
        walk(f, &mut |n| {
            if let Node::Assign {
                target: Expr::Name(v, _),
                value: Expr::Call(c),
                ..
            } = n
            {
                if c.is_new && matches!(&c.callee, Callee::Name(t) if t == "Cookie") {
                    cookie_names.push((v.clone(), cx.lit(c.positional(0)), c.pos.start_byte));
                }
            }
        });
        walk(f, &mut |n| {
            let (c, missing): (&Call, Vec<&str>) = match n {
                Node::Assign {
                    target: Expr::Name(name, _),
                    value,
                    pos,
                } if matches!(
                    name.as_str(),
                    "SESSION_COOKIE_SECURE" | "SESSION_COOKIE_HTTPONLY" | "CSRF_COOKIE_SECURE"
                ) && is_false(Some(value)) =>
                {
                    out.push(Raw {
                        rule: "insecure-cookie",
                        pos,
                        message: format!(
                            "`{name} = False` sends the cookie without its protection flag."
                        ),
                        confidence: Confidence::High,
                        path: None,
                    });
                    return;
                }
                Node::Expr(Expr::Call(c)) => {
                    let m = c.method_name().unwrap_or("");
                    let path = cx.path(c);
                    match m {
                        "set_cookie" => {
                            if !sensitive_name(
                                cx.lit(c.positional(0)).or_else(|| cx.lit(c.keyword("key"))),
                            ) {
                                return;
                            }
                            let mut miss = Vec::new();
                            if !is_true(c.keyword("secure")) {
                                miss.push("Secure");
                            }
                            if !is_true(c.keyword("httponly")) {
                                miss.push("HttpOnly");
                            }
                            (c, miss)
                        }
                        "cookie"
                            if c.args.len() >= 2 && cx.fam == crate::lang::Family::JavaScript =>
                        {
                            if !sensitive_name(cx.lit(c.positional(0))) {
                                return;
                            }
                            let mut miss = Vec::new();
                            if !is_true(option_value(c, "secure")) {
                                miss.push("Secure");
                            }
                            if !is_true(option_value(c, "httpOnly")) && c.args.len() >= 3
                                || is_false(option_value(c, "httpOnly"))
                            {
                                miss.push("HttpOnly");
                            }
                            if c.args.len() == 2 {
                                miss = vec!["Secure", "HttpOnly"];
                            }
                            (c, miss)
                        }
                        _ if (path == "express-session"
                            || path == "cookie-session"
                            || path.ends_with("express-session")) =>
                        {
                            let Some(Expr::Collection { items, keys, .. }) =
                                option_value(c, "cookie")
                            else {
                                return;
                            };
                            let get = |k: &str| {
                                items
                                    .iter()
                                    .zip(keys)
                                    .find(|(_, kk)| kk.as_deref() == Some(k))
                                    .map(|(i, _)| i)
                            };
                            let mut miss = Vec::new();
                            if !is_true(get("secure")) {
                                miss.push("Secure");
                            }
                            if is_false(get("httpOnly")) {
                                miss.push("HttpOnly");
                            }
                            (c, miss)
                        }
                        "addCookie" => {
                            let Some(Expr::Name(v, _)) = c.positional(0) else {
                                return;
                            };
                            // The cookie this name holds here: the last
                            // `new Cookie` bound to it before the call (a
                            // name may be reused in another block).
                            let at = c.pos.start_byte;
                            let made = cookie_names
                                .iter()
                                .filter(|(n, _, p)| n == v && *p < at)
                                .max_by_key(|(_, _, p)| *p);
                            let from = made.map_or(0, |(_, _, p)| *p);
                            if !sensitive_name(made.and_then(|(_, l, _)| l.clone())) {
                                return;
                            }
                            let set = |kind: &str| {
                                secured
                                    .iter()
                                    .any(|(d, k, p)| d == v && *k == kind && *p > from && *p < at)
                            };
                            let mut miss = Vec::new();
                            if !set("secure") {
                                miss.push("Secure");
                            }
                            if !set("httponly") {
                                miss.push("HttpOnly");
                            }
                            (c, miss)
                        }
                        "httpOnly" | "secure"
                            if cx.fam == crate::lang::Family::Java && is_false(c.positional(0)) =>
                        {
                            (c, vec![if m == "secure" { "Secure" } else { "HttpOnly" }])
                        }
                        _ => return,
                    }
                }
                _ => return,
            };
            if missing.is_empty() {
                return;
            }
            out.push(Raw {
                rule: "insecure-cookie",
                pos: c.name_pos,
                message: format!("The cookie is set without {}.", missing.join(" and ")),
                confidence: Confidence::High,
                path: None,
            });
        });
    }
}
