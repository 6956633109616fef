//! The secret value itself, kept in memory only, and the helpers every rule
//! shares: redaction, fingerprints, Shannon entropy, placeholder checks and
//! base64url decoding.

use sha2::{Digest, Sha256};
use std::fmt;

/// A secret value found in a file.
///
/// It has no `Display` and no `Serialize`, and its `Debug` is redacted, so
/// the value cannot reach a report by accident: the only ways out are
/// [`Secret::redacted`] and [`Secret::hash`].
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    /// The value, for rule logic and tests only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// A form safe to print: [`redact`].
    pub fn redacted(&self) -> String {
        redact(&self.0)
    }

    /// SHA-256 over a domain tag, the rule id and the value, first 16 bytes
    /// in hex: the identity baselines store instead of the value.
    pub fn hash(&self, rule: &str) -> String {
        let mut h = Sha256::new();
        h.update(b"barraiser-secrets/v1\0");
        h.update(rule.as_bytes());
        h.update(b"\0");
        h.update(self.0.as_bytes());
        let d = h.finalize();
        d.iter().take(16).map(|b| format!("{b:02x}")).collect()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

/// How many leading characters a redaction may show for a value of `len`
/// characters: four for long values (enough to tell `AKIA` from `ASIA` or
/// `sk_l` from `sk_t`), two for medium ones, none for short passwords.
pub fn shown_prefix(len: usize) -> usize {
    match len {
        0..=7 => 0,
        8..=15 => 2,
        _ => 4,
    }
}

/// `AKIA…(20)`: a prefix that never exceeds a quarter of the value, then
/// the length in characters. Control characters in the prefix are replaced
/// so the redaction stays on one line. The tail after the ellipsis is at
/// most five ASCII characters, so no value of six characters or more can
/// appear in its own redaction.
pub fn redact(value: &str) -> String {
    let len = value.chars().count();
    let prefix: String = value
        .chars()
        .take(shown_prefix(len))
        .map(|c| if c.is_control() { '?' } else { c })
        .collect();
    format!("{prefix}…({len})")
}

/// Shannon entropy in bits per character.
pub fn entropy(s: &[u8]) -> f64 {
    if s.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in s {
        counts[b as usize] += 1;
    }
    let n = s.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Words that mark a value as an example, a template or a stand-in rather
/// than a real credential.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "dummy",
    "sample",
    "your_",
    "your-",
    "yourpass",
    "redacted",
    "<",
    "${",
    "{{",
    "%(",
    "xxxx",
    "****",
    "....",
    "fake",
    "notreal",
    "not_real",
    "insert",
    "replace",
    "todo",
];

/// Bare values that are variable names or defaults, never credentials.
const PLACEHOLDER_VALUES: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "token",
    "null",
    "none",
    "nil",
    "true",
    "false",
    "undefined",
    "test",
    "admin",
    "user",
    "username",
    "root",
    "default",
    "string",
    "str",
    "required",
    "optional",
    "empty",
    "hidden",
    "masked",
    "unset",
    "env",
    "value",
    "foo",
    "bar",
    "baz",
    "foobar",
    "abc",
    "abc123",
    "123",
    "1234",
    "12345",
    "123456",
    "secret123",
    "password123",
    "s3cr3t",
    "p@ssw0rd",
    "api_key",
    "apikey",
    // fetch() `credentials` modes.
    "same-origin",
    "include",
    "omit",
];

/// True when `v` is obviously not a real secret: a template variable, a
/// documentation stand-in, one repeated character, or a default word.
pub fn is_placeholder(v: &str) -> bool {
    let t = v.trim();
    if t.is_empty() {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    if PLACEHOLDER_VALUES.contains(&lower.as_str()) {
        return true;
    }
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // $VAR, %s, :param, @param: references filled in elsewhere.
    if t.starts_with('$') || t.starts_with('%') || t.starts_with(':') || t.starts_with('@') {
        return true;
    }
    // `{pw}`, `{password}`: format-string fields.
    if t.starts_with('{') && t.ends_with('}') {
        return true;
    }
    let first = t.chars().next().unwrap_or(' ');
    if t.chars().all(|c| c == first) {
        return true;
    }
    false
}

/// Decode base64url (or standard base64), padding optional. `None` when a
/// character is outside the alphabet.
pub fn base64_decode(s: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for &c in s {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Bytes that may appear in an identifier (a key name).
pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn redaction_shows_a_prefix_and_the_length() {
        assert_eq!(redact("AKIAQYLPMN5HHHFPZAM2"), "AKIA…(20)");
        assert_eq!(redact("hunter22"), "hu…(8)");
        assert_eq!(redact("abc"), "…(3)");
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(…(7))");
    }

    #[test]
    fn entropy_of_known_strings() {
        assert_eq!(entropy(b"aaaa"), 0.0);
        assert!((entropy(b"abcd") - 2.0).abs() < 1e-9);
        assert!(entropy(b"wJalrXUtnFEMIK7MDENGbPxRfiCY9q2LkAm3vB7z") > 4.5);
    }

    #[test]
    fn placeholders() {
        for p in [
            "${DB_PASSWORD}",
            "{{ secret }}",
            "<your-token>",
            "changeme",
            "xxxxxxxxxxxx",
            "%(password)s",
            "$PASS",
            "password",
            "AKIAIOSFODNN7EXAMPLE",
        ] {
            assert!(is_placeholder(p), "{p}");
        }
        for s in [
            "S3cure!Horse-77",
            "wJalrXUtnFEMIK7MDENGbPxRfiCY9q2LkAm3vB7z",
        ] {
            assert!(!is_placeholder(s), "{s}");
        }
    }

    #[test]
    fn base64url() {
        assert_eq!(
            base64_decode(b"eyJhbGciOiJIUzI1NiJ9").unwrap(),
            br#"{"alg":"HS256"}"#
        );
        assert!(base64_decode(b"a.b").is_none());
    }

    #[test]
    fn hash_is_stable_and_hides_the_value() {
        let s = Secret::new("hunter2-but-longer");
        assert_eq!(s.hash("r"), Secret::new("hunter2-but-longer").hash("r"));
        assert_ne!(s.hash("r"), s.hash("other"));
        assert_eq!(s.hash("r").len(), 32);
        assert!(!s.hash("r").contains("hunter"));
    }

    proptest! {
        /// The redacted form never contains the value (for values long
        /// enough to be a credential) and never more than a quarter of it.
        #[test]
        fn redaction_never_leaks(v in "[ -~]{6,120}") {
            let r = redact(&v);
            prop_assert!(!r.contains(&v), "{} leaked in {}", v, r);
            let shown = shown_prefix(v.chars().count());
            prop_assert!(shown * 4 <= v.chars().count());
        }
    }
}
