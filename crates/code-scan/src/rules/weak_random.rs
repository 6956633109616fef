//! `weak-random` (CWE-330): a non-cryptographic random generator making a
//! token, password, code, key or session id.
//!
//! Why: `java.util.Random`, `Math.random()` and Python's `random` are
//! seeded predictably and their state is recoverable from a few outputs,
//! so the next reset code or session id can be predicted.
//!
//! Example: `String token = Long.toHexString(new Random().nextLong());`,
//! `code = random.randint(100000, 999999)`.
//!
//! Fix: `SecureRandom`, Python's `secrets`, Node's `crypto.randomBytes` /
//! `crypto.randomUUID`. The rule looks at what the value is for (the
//! variable, key or function name), so dice rolls and sampling stay quiet.

use super::{Cx, Raw};
use crate::ir::{Call, Expr};
use crate::visit::{any_expr, walk, Node};
use regex::Regex;
use report::Confidence;
use std::sync::OnceLock;

fn sensitive(name: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(token|passw|pwd|secret|key|salt|nonce|otp|pin$|^pin|session|sid$|reset|csrf|xsrf|auth|verif|code|cookie|uuid|guid|seed|coupon|invite|apikey|credential|challenge|state|remember|ticket|signature)")
            .expect("valid")
    })
    .is_match(name)
}

fn weak_call(cx: &Cx, c: &Call) -> bool {
    let path = cx.path(c);
    let m = c.method_name().unwrap_or("");
    match path.as_str() {
        "Math.random"
        | "random.random"
        | "random.randint"
        | "random.randrange"
        | "random.choice"
        | "random.choices"
        | "random.sample"
        | "random.getrandbits"
        | "random.uniform"
        | "random.shuffle"
        | "numpy.random.randint"
        | "numpy.random.rand" => true,
        p if p.starts_with("Random.next") || p.starts_with("ThreadLocalRandom.next") => true,
        p if p.starts_with("RandomStringUtils.random") => true,
        _ => {
            // new Random().nextInt(...)
            m.starts_with("next")
                && matches!(&c.callee, crate::ir::Callee::Method { recv: Expr::Call(inner), .. }
                    if inner.is_new && matches!(&inner.callee, crate::ir::Callee::Name(n) if n == "Random"))
        }
    }
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        let fn_sensitive = sensitive(&f.name);
        let mut reported = std::collections::HashSet::new();
        let mut report = |c: &Call, what: &str, out: &mut Vec<Raw>| {
            if reported.insert(c.pos.start_byte) {
                out.push(Raw {
                    rule: "weak-random",
                    pos: c.name_pos,
                    message: format!(
                        "`{}` is a predictable generator making {what}; use a cryptographic one.",
                        cx.text(c.name_pos)
                    ),
                    confidence: Confidence::Medium,
                    path: None,
                });
            }
        };
        walk(f, &mut |n| {
            let (ctx, value) = match n {
                Node::Assign { target, value, .. } => {
                    let name = cx.text(target.pos()).to_string();
                    (name, value)
                }
                Node::Return(e, _) if fn_sensitive => (f.name.clone(), e),
                Node::Expr(Expr::Collection { items, keys, .. }) => {
                    for (item, k) in items.iter().zip(keys) {
                        if let (Some(k), Expr::Call(c)) = (k, item) {
                            if sensitive(k) && weak_call(cx, c) {
                                report(c, &format!("`{k}`"), out);
                            }
                        }
                    }
                    return;
                }
                Node::Expr(Expr::Call(c)) if fn_sensitive && weak_call(cx, c) => {
                    report(c, &format!("a value in `{}()`", f.name), out);
                    return;
                }
                _ => return,
            };
            if !sensitive(&ctx) && !fn_sensitive {
                return;
            }
            let mut calls = Vec::new();
            any_expr(value, &mut |e| {
                if let Expr::Call(c) = e {
                    if weak_call(cx, c) {
                        calls.push(c.clone());
                    }
                }
                false
            });
            for c in calls {
                report(&c, &format!("`{}`", ctx.trim()), out);
            }
        });
    }
}
