//! # jwt: JSON Web Tokens
//!
//! **Finds** three base64url segments separated by dots whose first
//! segment decodes to a JSON object with an `alg` member (the JOSE header)
//! and whose second decodes to a JSON object (the claims). Random dotted
//! strings and truncated samples fail the decode and are not reported.
//! A token with `"alg": "none"` is called out: it is accepted unsigned by
//! misconfigured verifiers.
//!
//! **Why it matters.** A JWT is a bearer credential: until it expires,
//! whoever presents it is the subject. Committed tokens are often
//! long-lived service tokens, and their claims reveal internal ids, roles
//! and issuers.
//!
//! **Example.** `Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.`
//! followed by the signature.
//!
//! **Fix.** Revoke the session or rotate the signing key if the token does
//! not expire soon, and fetch tokens at run time instead of storing them;
//! issue short-lived tokens (minutes, not months).

use super::{at, Candidate, FileCtx, Line, Rule, RuleInfo};
use crate::secret::base64_decode;
use regex::bytes::Regex;
use report::{Confidence, Severity};
use std::sync::LazyLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "jwt",
    title: "JSON Web Token",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "JWTs: three base64url segments whose header decodes to JSON with an alg member.",
    why: "A JWT is a bearer credential until it expires, and its claims reveal internal ids, roles and issuers.",
    fix: "Revoke the token (or rotate the signing key) and fetch short-lived tokens at run time",
    service: "Amazon Cognito / your identity provider",
    parameter: "revoke the refresh token or rotate the signing key; set access-token lifetime to 60 minutes or less and never store tokens in source",
    metric: "the token fails verification (expired or unknown kid) at the API",
    priority: 0,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*").expect("valid regex")
});

pub struct Jwt;

fn json_object(seg: &[u8]) -> Option<serde_json::Map<String, serde_json::Value>> {
    let raw = base64_decode(seg)?;
    match serde_json::from_slice::<serde_json::Value>(&raw).ok()? {
        serde_json::Value::Object(m) => Some(m),
        _ => None,
    }
}

impl Rule for Jwt {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        vec!["eyJ".into()]
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for m in RE.find_iter(t) {
            if matches!(at(t, m.start() as isize - 1), b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'-')
            {
                continue;
            }
            let mut parts = m.as_bytes().splitn(3, |&b| b == b'.');
            let (Some(h), Some(p), Some(sig)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            let Some(header) = json_object(h) else {
                continue;
            };
            let Some(alg) = header.get("alg").and_then(|a| a.as_str()) else {
                continue;
            };
            if json_object(p).is_none() {
                continue;
            }
            let unsigned = alg.eq_ignore_ascii_case("none");
            if sig.is_empty() && !unsigned {
                continue;
            }
            let c = Candidate::new(&INFO, m.start(), m.end(), t);
            out.push(if unsigned {
                c.what("unsigned JWT (alg none)")
            } else {
                c.what(format!(
                    "JWT ({})",
                    alg.chars()
                        .filter(char::is_ascii_alphanumeric)
                        .take(10)
                        .collect::<String>()
                ))
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    // {"alg":"HS256","typ":"JWT"}.{"sub":"1234567890","name":"John Doe","iat":1516239022}
    const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    #[test]
    fn finds_signed_and_unsigned_tokens() {
        let src = format!(
            "headers = {{\"Authorization\": \"Bearer {TOKEN}\"}}\n\
             t = eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.\n"
        );
        let h = check(&Jwt, "client.py", &src);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].1, TOKEN);
        assert!(h[1].1.ends_with('.'));
    }

    #[test]
    fn ignores_lookalikes() {
        let src = "\
x = eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.notjson.sig
y = eyJzdWIiOiIxMjM0NTY3ODkwIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abc
z = eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.
w = eyJhbGciOiJIUzI1Ni...
";
        // y: the header has no alg; z: signed algorithm without signature.
        assert_eq!(check(&Jwt, "a.py", src), vec![]);
    }
}
