//! Evidence is shown to people and stored in reports, so secrets never
//! reach it: credential headers are dropped, JSON fields whose names say
//! they hold a secret are masked, and every secret value the tester knows
//! (passwords from login recipes, tokens it was issued, static header
//! values) is replaced wherever it appears.

use serde_json::Value;

pub const MASK: &str = "[REDACTED]";

/// Field names whose values are secrets (compared lowercase, `-`/`_`
/// ignored).
const SECRET_FIELDS: [&str; 18] = [
    "password",
    "passwd",
    "passwordhash",
    "secret",
    "clientsecret",
    "mfasecret",
    "totpsecret",
    "token",
    "accesstoken",
    "refreshtoken",
    "idtoken",
    "apikey",
    "privatekey",
    "cardnumber",
    "cvv",
    "ssn",
    "sessionid",
    "authorization",
];

/// Whether a JSON field name holds a secret.
pub fn is_secret_field(name: &str) -> bool {
    let n: String = name
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_FIELDS.contains(&n.as_str()) || n.ends_with("secret") || n.ends_with("password")
}

/// Headers never shown in evidence.
pub fn is_secret_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "authorization" | "cookie" | "set-cookie" | "proxy-authorization"
    ) || n.contains("token")
        || n.contains("api-key")
        || n.contains("apikey")
}

/// Known secret values, replaced wherever they appear.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    values: Vec<String>,
}

impl Redactor {
    /// Remember `v` (values shorter than 4 characters would mask too much).
    pub fn add(&mut self, v: &str) {
        if v.len() >= 4 && !self.values.iter().any(|x| x == v) {
            self.values.push(v.to_string());
            // longest first, so a token containing a shorter secret is masked whole
            self.values.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub fn text(&self, s: &str) -> String {
        let mut out = s.to_string();
        for v in &self.values {
            if out.contains(v.as_str()) {
                out = out.replace(v.as_str(), MASK);
            }
        }
        out
    }

    /// A response body for evidence: JSON with secret fields masked, then
    /// known values masked, then cut to `max` characters.
    pub fn body(&self, body: &[u8], max: usize) -> String {
        let text = match serde_json::from_slice::<Value>(body) {
            Ok(mut v) => {
                mask_json(&mut v, 0);
                serde_json::to_string(&v).unwrap_or_default()
            }
            Err(_) => String::from_utf8_lossy(body).into_owned(),
        };
        cut(&self.text(&text), max)
    }
}

fn mask_json(v: &mut Value, depth: u32) {
    if depth > 32 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if is_secret_field(k) && !x.is_null() {
                    *x = Value::from(MASK);
                } else {
                    mask_json(x, depth + 1);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| mask_json(x, depth + 1)),
        _ => {}
    }
}

/// At most `max` characters, control characters escaped, with a note of
/// what was cut.
pub fn cut(s: &str, max: usize) -> String {
    let mut out = String::new();
    let total = s.chars().count();
    for c in s.chars().take(max) {
        if c.is_control() && c != '\n' {
            out.push_str(&c.escape_default().to_string());
        } else {
            out.push(c);
        }
    }
    if total > max {
        out.push_str(&format!(" ... ({} more characters)", total - max));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_fields_values_and_cuts() {
        let mut r = Redactor::default();
        r.add("alice-lab-pass");
        r.add("tok_abcdef123456");
        let b = br#"{"id":2,"password_hash":"$2b$12$x","note":"pw alice-lab-pass","nested":{"apiKey":"k"},"t":"tok_abcdef123456"}"#;
        let s = r.body(b, 1000);
        assert!(!s.contains("$2b$12$x") && !s.contains("alice-lab-pass") && !s.contains("tok_abc"));
        assert!(s.contains("\"id\":2"));
        assert_eq!(cut("abcdef", 3), "abc ... (3 more characters)");
        assert_eq!(cut("a\u{1b}b", 10), "a\\u{1b}b");
        assert!(is_secret_header("X-Api-Key") && !is_secret_header("Content-Type"));
    }
}
