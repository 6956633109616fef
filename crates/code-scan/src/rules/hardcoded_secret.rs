//! `hardcoded-secret` (CWE-798): passwords, API keys, tokens and private
//! keys written as literals in source.
//!
//! Why: source code travels (forks, CI logs, laptops); every reader holds
//! the credential, and rotating it needs a release.
//!
//! Example: `DB_PASSWORD = "Tr0ub4dor&3"`, `jwt_secret: 'k3y-2024'`,
//! `DriverManager.getConnection(url, "app", "s3cret!")`, any literal that
//! is an AWS access key id or a PEM private key.
//!
//! Fix: read it at run time from the environment or a secret manager, and
//! rotate the exposed value. Values are redacted in every message.

use super::{Cx, Raw};
use crate::ir::{Expr, Lit};
use crate::visit::{walk, Node};
use regex::Regex;
use report::Confidence;
use std::sync::OnceLock;

fn name_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(?i)(passw(or)?d|passwd|^pass$|_pass$|pwd$|^pwd|secret|api_?key|apikey|access_?key|auth_?token|^token$|_token$|token_|private_?key|client_?secret|credential|signing_?key|encryption_?key|bearer)")
            .expect("valid")
    })
}

fn shaped_re() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"(AKIA|ASIA)[0-9A-Z]{16}|-----BEGIN ([A-Z]+ )?PRIVATE KEY-----|gh[pousr]_[A-Za-z0-9]{36}|xox[baprs]-[A-Za-z0-9-]{10,}|sk_live_[A-Za-z0-9]{16,}|https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}")
            .expect("valid")
    })
}

/// Whether a literal assigned to a secret-looking name looks like a real
/// value rather than a label, a placeholder or an environment variable name.
fn plausible(name: &str, value: &str) -> bool {
    let v = value.trim();
    if v.len() < 4 || v.len() > 200 {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    let placeholders = [
        "<",
        "${",
        "{{",
        "%s",
        "%(",
        "xxx",
        "***",
        "your_",
        "your-",
        "changeit_placeholder",
        "example",
        "placeholder",
        "redacted",
        "dummy",
    ];
    if placeholders.iter().any(|p| lower.contains(p)) {
        return false;
    }
    // Option values that happen to sit under a secret-looking key:
    // `fetch(url, { credentials: 'same-origin' })`, `secret: 'required'`.
    let enum_values = [
        "same-origin",
        "include",
        "omit",
        "none",
        "true",
        "false",
        "null",
        "required",
        "optional",
        "disabled",
        "enabled",
        "bearer",
        "basic",
    ];
    if enum_values.contains(&lower.as_str()) {
        return false;
    }
    // ENV_VAR_NAMES and dotted config keys.
    if v.chars()
        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
    {
        return false;
    }
    if v.contains('.')
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_' || c == '-')
    {
        return false;
    }
    // Labels: "password", "new_password", "X-Api-Key", "Enter your password".
    let letters_only = v
        .chars()
        .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-' || c == ' ');
    let n = name.to_ascii_lowercase();
    if letters_only
        && (name_re().is_match(v)
            || lower.contains("pass")
            || lower.contains("token")
            || lower.contains("key")
            || n.contains(&lower))
    {
        return false;
    }
    if v.split_whitespace().count() > 3 {
        return false;
    }
    // URLs and paths are not secrets unless they embed credentials.
    if (v.starts_with('/') || v.starts_with("http")) && !v.contains('@') {
        return false;
    }
    true
}

/// A bare `key` name (`FIELD_KEY`, `hmacKey`, `key`) is too common (cache
/// keys, sort keys, header names) to flag on the name alone; the value
/// must also look machine-generated: 12+ characters mixing upper case,
/// lower case and digits, no separators, and at least 3.5 bits of
/// entropy per character.
fn random_key(name: &str, value: &str) -> bool {
    let keyish = {
        let l = name.to_ascii_lowercase();
        l == "key" || l.ends_with("_key") || name.ends_with("Key")
    };
    if !keyish || value.len() < 12 || value.len() > 200 {
        return false;
    }
    if value.contains([' ', ':', '/', '.', '{', '%', '$']) {
        return false;
    }
    // Hex key material: `"0f3c9a71d2b84e6f"` (16, 24, 32, 48 or 64 digits).
    if matches!(value.len(), 16 | 24 | 32 | 48 | 64)
        && value.bytes().all(|b| b.is_ascii_hexdigit())
        && value.bytes().any(|b| b.is_ascii_digit())
        && value.bytes().any(|b| b.is_ascii_alphabetic())
    {
        return true;
    }
    let has = |f: fn(&char) -> bool| value.chars().any(|c| f(&c));
    if !(has(char::is_ascii_uppercase)
        && has(char::is_ascii_lowercase)
        && has(char::is_ascii_digit))
    {
        return false;
    }
    let mut counts = [0u32; 256];
    for b in value.bytes() {
        counts[b as usize] += 1;
    }
    let n = value.len() as f64;
    let entropy: f64 = counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum();
    entropy >= 3.5
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    let mut seen = std::collections::HashSet::new();
    let mut push = |pos: crate::ir::Pos, what: String, out: &mut Vec<Raw>| {
        if seen.insert(pos.start_byte) {
            out.push(Raw {
                rule: "hardcoded-secret",
                pos,
                message: format!("{what} is written in the source (value redacted)."),
                confidence: Confidence::High,
                path: None,
            });
        }
    };
    for (_, f) in cx.functions() {
        walk(f, &mut |n| match n {
            Node::Assign { target, value, .. } => {
                let name = match target {
                    Expr::Name(n, _) | Expr::Member(_, n, _) => n.clone(),
                    Expr::Index(_, idx, _) => idx.literal_str().unwrap_or_default(),
                    _ => return,
                };
                if let Some(v) = value.literal_str() {
                    if (name_re().is_match(&name) && plausible(&name, &v)) || random_key(&name, &v)
                    {
                        push(value.pos(), format!("A secret assigned to `{name}`"), out);
                    }
                }
            }
            Node::Expr(Expr::Collection { items, keys, .. }) => {
                for (item, k) in items.iter().zip(keys) {
                    let (Some(k), Some(v)) = (k, item.literal_str()) else {
                        continue;
                    };
                    if name_re().is_match(k) && plausible(k, &v) {
                        push(item.pos(), format!("A secret under the key `{k}`"), out);
                    }
                }
            }
            Node::Expr(Expr::Call(c)) => {
                for a in &c.args {
                    if let (Some(k), Some(v)) = (&a.name, a.value.literal_str()) {
                        if name_re().is_match(k) && plausible(k, &v) {
                            push(a.value.pos(), format!("A secret passed as `{k}=`"), out);
                        }
                    }
                }
                let path = cx.path(c);
                if path == "DriverManager.getConnection"
                    || path.ends_with(".createConnection") && cx.fam == crate::lang::Family::Java
                {
                    if let Some(v) = c.positional(2).and_then(Expr::literal_str) {
                        if plausible("password", &v) {
                            push(
                                c.positional(2).map(Expr::pos).unwrap_or(c.pos),
                                "A database password".into(),
                                out,
                            );
                        }
                    }
                }
            }
            Node::Expr(Expr::Lit(Lit::Str(s), pos)) if shaped_re().is_match(s) => {
                push(
                    *pos,
                    "A credential-shaped literal (cloud key, token or private key)".into(),
                    out,
                );
            }
            _ => {}
        });
    }
}
