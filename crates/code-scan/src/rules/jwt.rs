//! `jwt` (CWE-347): JSON Web Tokens decoded without verifying the
//! signature, the `none` algorithm accepted, or HMAC keys in code.
//!
//! Why: a token whose signature is not checked, or is checked with a key
//! anyone can read in the repository, can be forged: the attacker edits
//! `sub` or `role` and signs it (or does not).
//!
//! Example: `jwt.decode(t, options={"verify_signature": False})`,
//! `jwt.decode(token)` in jsonwebtoken (no verification at all),
//! `Algorithm.HMAC256("secret")`, `jwt.sign(claims, 'dev-key')`.
//!
//! Fix: `jwt.verify`/`jwt.decode` with a pinned algorithm list and a key
//! loaded from a secret store.

use super::{literalish, Cx, Raw};
use crate::ir::{Call, Expr, Lit};
use crate::taint::option_value;
use crate::visit::{any_expr, walk, Node};
use report::Confidence;

fn has_none_alg(c: &Call) -> bool {
    option_value(c, "algorithms").is_some_and(|v| {
        any_expr(
            v,
            &mut |e| matches!(e, Expr::Lit(Lit::Str(s), _) if s.eq_ignore_ascii_case("none")),
        )
    })
}

fn verification_off(c: &Call) -> bool {
    let off = |e: &Expr| matches!(e, Expr::Lit(Lit::Bool(false), _));
    if c.keyword("verify").is_some_and(off) {
        return true;
    }
    for a in &c.args {
        let found = any_expr(&a.value, &mut |e| {
            if let Expr::Collection { items, keys, .. } = e {
                items.iter().zip(keys).any(|(i, k)| {
                    k.as_deref().is_some_and(|k| {
                        matches!(
                            k,
                            "verify_signature"
                                | "verify_exp"
                                | "verify"
                                | "ignoreExpiration"
                                | "complete_none"
                        )
                    }) && off(i)
                })
            } else {
                false
            }
        });
        if found {
            return true;
        }
    }
    false
}

/// Whether a function also verifies a token (`jwt.verify(...)`): then a
/// `jwt.decode` in it only peeks at the header (`kid`) to pick the key.
fn verifies(f: &crate::ir::Function) -> bool {
    let mut found = false;
    walk(f, &mut |n| {
        if let Node::Expr(Expr::Call(c)) = n {
            // jsonwebtoken's `jwt.verify`, java-jwt's `verifier.verify`,
            // jose's `jwtVerify`.
            if matches!(
                c.method_name(),
                Some("verify" | "jwtVerify" | "parseSignedClaims" | "parseClaimsJws")
            ) {
                found = true;
            }
        }
    });
    found
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        let peeks_then_verifies = verifies(f);
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            let path = cx.path(c);
            let m = c.method_name().unwrap_or("");
            let jwt_lib = path.starts_with("jwt.")
                || path.starts_with("jsonwebtoken.")
                || path.starts_with("jose.");
            let why: Option<(&str, Confidence)> = if jwt_lib
                && m == "decode"
                && cx.fam == crate::lang::Family::JavaScript
                && !peeks_then_verifies
            {
                Some((
                    "`decode` reads the claims without checking the signature",
                    Confidence::Medium,
                ))
            } else if jwt_lib && (m == "decode" || m == "verify") && verification_off(c) {
                Some(("signature verification is turned off", Confidence::High))
            } else if jwt_lib && (m == "decode" || m == "verify") && has_none_alg(c) {
                Some(("the `none` algorithm is accepted", Confidence::High))
            } else if jwt_lib
                && matches!(m, "encode" | "sign" | "decode" | "verify")
                && c.positional(1).is_some_and(literalish)
            {
                Some(("the signing key is a literal in the code", Confidence::High))
            } else if cx.fam == crate::lang::Family::Java {
                match m {
                    "parseClaimsJwt" | "parseUnsecuredClaims" | "unsecured" => {
                        Some(("the parser accepts unsigned tokens", Confidence::High))
                    }
                    "decode" if path == "JWT.decode" && !peeks_then_verifies => Some((
                        "`JWT.decode` does not verify the signature",
                        Confidence::Medium,
                    )),
                    "none" if path == "Algorithm.none" => {
                        Some(("the `none` algorithm is used", Confidence::High))
                    }
                    "HMAC256" | "HMAC384" | "HMAC512"
                        if c.positional(0).is_some_and(literalish) =>
                    {
                        Some(("the HMAC key is a literal in the code", Confidence::High))
                    }
                    "signWith" | "setSigningKey" | "hmacShaKeyFor" | "verifyWith"
                        if c.args.iter().any(|a| literalish(&a.value)) =>
                    {
                        Some(("the signing key is a literal in the code", Confidence::High))
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some((why, confidence)) = why {
                out.push(Raw {
                    rule: "jwt",
                    pos: c.name_pos,
                    message: format!("JWT handling is forgeable: {why}."),
                    confidence,
                    path: None,
                });
            }
        });
    }
}
