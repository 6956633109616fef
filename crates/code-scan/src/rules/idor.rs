//! `idor` (CWE-639): an object loaded, changed or deleted by an id from
//! the request, in a handler that never refers to the signed-in user.
//!
//! Why: changing the id in the URL reaches other users' records (broken
//! object-level authorization, API1 of the OWASP API Security Top 10).
//!
//! Example: `order = Order.query.get_or_404(order_id)` in a route that
//! returns it; `orderRepository.findById(id)` in a controller method with
//! no principal; `Invoice.findByPk(req.params.id)`.
//!
//! Fix: scope the lookup to the user (`filter_by(id=..., owner_id=
//! current_user.id)`, `findByIdAndOwnerId`, `WHERE id = ? AND user_id = ?`)
//! or compare the owner and answer 404.
//!
//! The engine reports request-controlled ids reaching a lookup (numbers
//! still count: `int(order_id)` is still another user's id); this file
//! keeps those whose function never mentions the session user, neither in
//! the query nor in a check.

use super::{Cx, Raw};
use crate::ir::{Expr, Function};
use crate::visit::{walk, Node};
use report::Confidence;

fn mentions_user(cx: &Cx, f: &Function) -> bool {
    let su = &cx.model.session_user;
    if f.params.iter().any(|p| {
        p.annotations
            .iter()
            .any(|a| su.annotation.contains(&a.name))
            || p.ty
                .as_deref()
                .is_some_and(|t| su.param_type.iter().any(|x| x == t))
            || su.param_name.contains(&p.name)
            || p.default.as_ref().is_some_and(|d| {
                crate::visit::any_expr(
                    d,
                    &mut |e| matches!(e, Expr::Name(n, _) if su.default_call.contains(n)),
                )
            })
    }) {
        return true;
    }
    let mut found = false;
    walk(f, &mut |n| {
        if found {
            return;
        }
        if let Node::Expr(e) = n {
            let path = match e {
                Expr::Name(n, _) => Some(cx.ir.resolve(n)),
                Expr::Member(..) => e.dotted().map(|d| cx.ir.resolve(&d)),
                Expr::Call(c) => Some(cx.path(c)),
                _ => None,
            };
            if let Some(p) = path {
                if su
                    .path
                    .iter()
                    .any(|pat| pat.matches_prefix(&p) || pat.matches_call(&p))
                {
                    found = true;
                }
            }
        }
    });
    found
}

/// A handler limited to a role (`@PreAuthorize("hasRole('ADMIN')")`,
/// `@RolesAllowed`, `@permission_required`, `@staff_member_required`):
/// access to any object is the role's purpose, an authorisation decision
/// already made, so it is not object-level authorisation missing.
fn role_restricted(cx: &Cx, f: &Function) -> bool {
    f.decorators.iter().chain(&f.class_decorators).any(|d| {
        let last = d.name.rsplit('.').next().unwrap_or(&d.name);
        match last {
            "Secured"
            | "RolesAllowed"
            | "permission_required"
            | "staff_member_required"
            | "superuser_required"
            | "admin_required"
            | "roles_required"
            | "roles_accepted" => true,
            "PreAuthorize" => d.args.iter().any(|a| {
                let t = cx.text(a.value.pos());
                [
                    "hasRole",
                    "hasAnyRole",
                    "hasAuthority",
                    "hasAnyAuthority",
                    "ROLE_",
                ]
                .iter()
                .any(|k| t.contains(k))
            }),
            _ => false,
        }
    })
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    let mut checked: Vec<(usize, bool)> = Vec::new();
    for h in cx.facts.hits.iter().filter(|h| h.rule == "idor") {
        let ok = match checked.iter().find(|(f, _)| *f == h.func) {
            Some((_, v)) => *v,
            None => {
                let f = &cx.ir.functions[h.func];
                let v = mentions_user(cx, f) || role_restricted(cx, f);
                checked.push((h.func, v));
                v
            }
        };
        if ok {
            continue;
        }
        out.push(Raw {
            rule: "idor",
            pos: h.pos,
            message: format!(
                "An id from the request ({}) selects the {} with no check that it belongs to the signed-in user.",
                h.path.first().map(|(_, n)| n.as_str()).unwrap_or("request data"),
                h.sink_label.trim_end_matches(" looked up by id")
            ),
            confidence: Confidence::Medium,
            path: Some(h.path.clone()),
        });
    }
}
