//! `weak-hash` (CWE-328): MD5, SHA-1, MD2 or MD4 used as a security hash.
//!
//! Why: collisions are practical for both MD5 and SHA-1, and both are fast
//! enough that password hashes made with them fall to GPU brute force.
//!
//! Example: `MessageDigest.getInstance("MD5")`, `hashlib.md5(pw)`,
//! `crypto.createHash('sha1')`.
//!
//! Fix: SHA-256 for integrity; bcrypt, scrypt, Argon2 or PBKDF2 for
//! passwords. Python's `usedforsecurity=False` marks a deliberate
//! non-security use and is not reported.

use super::{Cx, Raw};
use crate::ir::{Expr, Lit};
use crate::visit::{walk, Node};
use report::Confidence;

fn weak(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace(['-', '_'], "");
    matches!(n.as_str(), "md5" | "sha1" | "md4" | "md2" | "sha")
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            let path = cx.path(c);
            let method = c.method_name().unwrap_or("");
            let algo = match path.as_str() {
                "MessageDigest.getInstance" | "hashlib.new" | "crypto.createHash" => {
                    cx.lit(c.positional(0)).filter(|a| weak(a))
                }
                p if p.starts_with("hashlib.") || p.starts_with("DigestUtils.") => {
                    let m = method.to_ascii_lowercase();
                    ["md5", "sha1", "md4", "md2", "shahex", "sha"]
                        .iter()
                        .find(|w| {
                            m.starts_with(*w)
                                && !m.starts_with("sha2")
                                && !m.starts_with("sha3")
                                && !m.starts_with("sha5")
                                && !m.starts_with("sha384")
                        })
                        .map(|w| w.to_string())
                }
                p if p.ends_with("Hash.MD5.new")
                    || p.ends_with("Hash.SHA1.new")
                    || p.ends_with("Hash.SHA.new") =>
                {
                    Some(method.to_string())
                }
                p if p.ends_with("hashes.MD5") || p.ends_with("hashes.SHA1") => {
                    Some(p.rsplit('.').next().unwrap_or("").to_string())
                }
                "md5" | "sha1" | "js-md5" | "crypto-js.MD5" | "crypto-js.SHA1" | "CryptoJS.MD5"
                | "CryptoJS.SHA1" => Some(path.clone()),
                _ => None,
            };
            let Some(algo) = algo else { return };
            if matches!(
                c.keyword("usedforsecurity"),
                Some(Expr::Lit(Lit::Bool(false), _))
            ) {
                return;
            }
            out.push(Raw {
                rule: "weak-hash",
                pos: c.name_pos,
                message: format!(
                    "`{}` uses {}, which is broken for security use.",
                    cx.text(c.pos).lines().next().unwrap_or(""),
                    algo.to_ascii_uppercase()
                ),
                confidence: Confidence::High,
                path: None,
            });
        });
    }
}
