//! `plaintext-password` (CWE-287): a submitted password compared with a
//! stored one using `==`, `===` or `equals`.
//!
//! Why: it means the database holds plaintext passwords, so one leak
//! exposes every account (and their reuse elsewhere); the comparison also
//! leaks timing.
//!
//! Example: `if user.password == request.form["password"]:`,
//! `if (stored.equals(password))`.
//!
//! Fix: store bcrypt/scrypt/Argon2 hashes and use the library's check
//! (`check_password_hash`, `PasswordEncoder.matches`, `bcrypt.compare`).

use super::{Cx, Raw};
use report::Confidence;

fn passwordish(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    let last = l
        .rsplit(['.', '[', '"', '\''])
        .find(|x| !x.is_empty() && *x != "]")
        .unwrap_or("");
    (l.contains("password")
        || l.contains("passphrase")
        || l.contains("passcode")
        || matches!(last, "pin" | "pin_code" | "pincode")
        || l.contains("passwd")
        || l.contains("pwd")
        || l.contains("pass_")
        || l.ends_with("pass"))
        && !l.contains("hash")
        && !l.contains("confirm")
        && !l.contains("repeat")
        && !l.contains("length")
        && !l.contains("len(")
        && !l.contains("policy")
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for c in &cx.facts.compares {
        if !matches!(
            c.op.as_str(),
            "==" | "===" | "!=" | "!==" | "equals" | "equalsIgnoreCase"
        ) {
            continue;
        }
        if c.lhs_literal || c.rhs_literal {
            continue;
        }
        let (l, r) = (c.lhs_text.as_str(), c.rhs_text.as_str());
        if !(passwordish(l) || passwordish(r)) {
            continue;
        }
        // One side is what the user sent, the other what is stored.
        let both_pw = passwordish(l) && passwordish(r);
        let one_submitted = c.lhs_source != c.rhs_source;
        // `user.password == supplied`: a stored password field compared
        // with a value that was not hashed on the way in.
        let hashed = |t: &str| {
            let t = t.to_ascii_lowercase();
            [
                "hash", "digest", "crypt", "encode", "sha", "md5", "hmac", "kdf",
            ]
            .iter()
            .any(|k| t.contains(k))
        };
        let stored_vs_plain = (passwordish(l) && l.contains('.') && !hashed(r))
            || (passwordish(r) && r.contains('.') && !hashed(l));
        if !(both_pw || one_submitted || stored_vs_plain) {
            continue;
        }
        if c.lhs_source && c.rhs_source {
            continue;
        }
        out.push(Raw {
            rule: "plaintext-password",
            pos: c.pos,
            message: format!("`{l}` and `{r}` are compared as plain values; passwords should be stored hashed and checked with a password-hash library."),
            confidence: if one_submitted { Confidence::High } else { Confidence::Medium },
            path: None,
        });
    }
}
