//! `missing-auth` (CWE-287): a state-changing route (POST, PUT, PATCH,
//! DELETE) with no authentication, in a file whose other routes have it.
//!
//! Why: one forgotten decorator or middleware leaves a write endpoint open
//! to anyone. Judging against the neighbours keeps the rule quiet on
//! services that authenticate at a gateway.
//!
//! Example: `@app.post("/transfer")` without `@login_required` next to
//! routes that have it; `router.delete('/users/:id', deleteUser)` when the
//! other routes pass `requireAuth`; a `@DeleteMapping` method without the
//! `@PreAuthorize` its siblings carry.
//!
//! Fix: add the authentication the other routes use, or apply it to the
//! whole router or controller so new routes cannot miss it.

use super::{Cx, Raw};
use crate::ir::{Callee, Decorator, Expr, Function, Pos};
use crate::lang::Family;
use crate::visit::{any_expr, walk, Node};
use report::Confidence;

struct Route {
    pos: Pos,
    writes: bool,
    authed: bool,
    what: String,
}

fn method_of(name: &str) -> Option<bool> {
    let l = name.rsplit('.').next().unwrap_or(name).to_ascii_lowercase();
    match l.as_str() {
        "post" | "put" | "patch" | "delete" | "postmapping" | "putmapping" | "patchmapping"
        | "deletemapping" => Some(true),
        "get" | "getmapping" | "head" | "options" => Some(false),
        _ => None,
    }
}

fn args_write(cx: &Cx, d: &Decorator) -> bool {
    d.args.iter().any(|a| {
        matches!(a.name.as_deref(), Some("methods" | "method"))
            && ["POST", "PUT", "PATCH", "DELETE"]
                .iter()
                .any(|m| cx.text(a.value.pos()).to_ascii_uppercase().contains(m))
    })
}

fn auth_name(cx: &Cx, name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    cx.model.routes.auth.iter().any(|a| {
        let a_last = a.split(':').next_back().unwrap_or(a);
        a == name || a_last == last || a.split(':').next() == Some(last) && a.contains(':')
    })
}

fn decorated_routes(cx: &Cx, f: &Function, out: &mut Vec<Route>) {
    let routes = &cx.model.routes;
    let Some(route) = f.decorators.iter().find(|d| {
        let r = cx.ir.resolve(&d.name);
        routes.decorator.iter().any(|p| {
            p.matches_call(&r)
                || p.matches_call(&d.name)
                || matches!(p, crate::model::Pat::Exact(x) if x == &d.name)
        })
    }) else {
        return;
    };
    let writes = method_of(&route.name).unwrap_or(false) || args_write(cx, route);
    let dep_auth = f.params.iter().any(|p| {
        p.default.as_ref().is_some_and(|d| {
            any_expr(d, &mut |e| matches!(e, Expr::Name(n, _) if cx.model.session_user.default_call.iter().any(|x| x == n) || auth_name(cx, n)))
        })
    }) || route.args.iter().any(|a| a.name.as_deref() == Some("dependencies"))
        // Spring resolves `Principal`, `Authentication` and
        // `@AuthenticationPrincipal` parameters from the security context:
        // a handler that takes one sits behind authentication.
        || f.params.iter().any(|p| {
            let su = &cx.model.session_user;
            p.ty.as_deref().is_some_and(|t| su.param_type.iter().any(|x| x == t))
                || p.annotations.iter().any(|a| su.annotation.contains(&a.name))
        });
    let authed = f
        .decorators
        .iter()
        .chain(&f.class_decorators)
        .any(|d| d.name != route.name && auth_name(cx, &d.name))
        || dep_auth
        || f.decorators.iter().any(|d| d.name == "UseGuards");
    out.push(Route {
        pos: route.pos,
        writes,
        authed,
        what: format!(
            "{} {}",
            route.name,
            cx.lit(route.args.first().map(|a| &a.value))
                .unwrap_or_default()
        ),
    });
}

fn django_views(cx: &Cx, f: &Function, out: &mut Vec<Route>) {
    let Some(first) = &cx.model.routes.view_first_param else {
        return;
    };
    let is_view = f.params.first().is_some_and(|p| &p.name == first)
        || f.params.len() > 1 && f.params[0].name == "self" && &f.params[1].name == first;
    if !is_view
        || f.class.is_some()
            && f.params[0].name == "self"
            && !matches!(f.name.as_str(), "post" | "put" | "patch" | "delete")
    {
        return;
    }
    let mut writes = f.decorators.iter().any(|d| {
        cx.model.routes.state_changing.iter().any(|s| s == &d.name)
            && (d.name != "require_http_methods"
                || args_write(cx, d)
                || d.args.iter().any(|a| {
                    ["POST", "PUT", "PATCH", "DELETE"]
                        .iter()
                        .any(|m| cx.text(a.value.pos()).contains(m))
                }))
    });
    if matches!(f.name.as_str(), "post" | "put" | "patch" | "delete") {
        writes = true;
    }
    walk(f, &mut |n| {
        if let Node::Expr(Expr::Compare { lhs, rhs, .. }) = n {
            if cx.text(lhs.pos()).ends_with("request.method")
                && ["POST", "PUT", "PATCH", "DELETE"]
                    .contains(&rhs.literal_str().unwrap_or_default().as_str())
            {
                writes = true;
            }
        }
    });
    let authed = f
        .decorators
        .iter()
        .chain(&f.class_decorators)
        .any(|d| auth_name(cx, &d.name));
    out.push(Route {
        pos: f.name_pos,
        writes,
        authed,
        what: f.name.clone(),
    });
}

fn registered_routes(cx: &Cx, f: &Function, out: &mut Vec<Route>) {
    let routes = &cx.model.routes;
    // router.use(requireAuth) protects what is registered after it.
    let mut protected: Vec<String> = Vec::new();
    walk(f, &mut |n| {
        let Node::Expr(Expr::Call(c)) = n else { return };
        let Callee::Method { recv, name } = &c.callee else {
            return;
        };
        let Some(recv_name) = recv.dotted() else {
            return;
        };
        let mentions_auth = |e: &Expr| {
            any_expr(e, &mut |x| match x {
                Expr::Name(n, _) => auth_name(cx, n),
                Expr::Call(cc) => {
                    cc.method_name().is_some_and(|m| auth_name(cx, m))
                        || matches!(&cc.callee, Callee::Method{recv, name} if recv.dotted().is_some_and(|d| auth_name(cx, &format!("{d}.{name}"))))
                }
                Expr::Member(..) => x.dotted().is_some_and(|d| auth_name(cx, &d)),
                _ => false,
            })
        };
        if name == "use" {
            if c.args.iter().any(|a| mentions_auth(&a.value)) {
                protected.push(recv_name.clone());
            }
            return;
        }
        let path = format!("{recv_name}.{name}");
        let is_route = routes.register.iter().any(|p| p.matches_call(&path))
            || (recv_name.to_ascii_lowercase().contains("router") || recv_name == "app")
                && method_of(name).is_some()
                && c.positional(0)
                    .is_some_and(|a| a.literal_str().is_some_and(|s| s.starts_with('/')));
        if !is_route || c.args.len() < 2 {
            return;
        }
        let middle = &c.args[1..c.args.len() - 1];
        let authed =
            protected.contains(&recv_name) || middle.iter().any(|a| mentions_auth(&a.value));
        out.push(Route {
            pos: c.pos,
            writes: method_of(name).unwrap_or(false),
            authed,
            what: format!(
                "{} {}",
                name.to_ascii_uppercase(),
                cx.lit(c.positional(0)).unwrap_or_default()
            ),
        });
    });
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    let mut routes = Vec::new();
    for (_, f) in cx.functions() {
        match cx.fam {
            Family::Python => {
                decorated_routes(cx, f, &mut routes);
                if f.decorators
                    .iter()
                    .all(|d| !d.name.contains("route") && method_of(&d.name).is_none())
                {
                    django_views(cx, f, &mut routes);
                }
            }
            Family::Java => decorated_routes(cx, f, &mut routes),
            Family::JavaScript => {
                decorated_routes(cx, f, &mut routes);
                if f.is_module
                    || f.name == "<anonymous>"
                    || !f.params.is_empty()
                    || f.params.is_empty()
                {
                    registered_routes(cx, f, &mut routes);
                }
            }
        }
    }
    if !routes.iter().any(|r| r.authed) {
        return;
    }
    // Routes that are public by purpose: signing in, signing up, password
    // reset, OAuth callbacks, webhooks (which authenticate by signature).
    let public = regex::Regex::new(r"(?i)(login|logout|sign-?in|sign-?up|register|auth|token|oauth|callback|webhook|forgot|reset|health|public)").expect("valid");
    // Deleting or replacing a webhook or a token is management, not the
    // public endpoint itself, so the exemption covers POST-like routes only.
    let destructive = |r: &Route| {
        let text = cx.text(r.pos);
        let what = r.what.to_ascii_lowercase();
        [
            "DELETE",
            "PUT",
            "PATCH",
            "DeleteMapping",
            "PutMapping",
            "PatchMapping",
        ]
        .iter()
        .any(|m| text.contains(m) || r.what.contains(m))
            || [".delete", ".put", ".patch", "delete ", "put ", "patch "]
                .iter()
                .any(|m| what.contains(m))
    };
    for r in routes
        .iter()
        .filter(|r| r.writes && !r.authed && (destructive(r) || !public.is_match(&r.what)))
    {
        out.push(Raw {
            rule: "missing-auth",
            pos: r.pos,
            message: format!("The state-changing route `{}` has no authentication, unlike other routes in this file.", r.what.trim()),
            confidence: Confidence::Medium,
            path: None,
        });
    }
}
