//! # high-entropy-string: random-looking values in assignments
//!
//! **Finds** a value of 20 or more base64 or hex characters assigned to a
//! key (`key = "..."`, `key: ...`, `"key": "..."`) whose Shannon entropy
//! is high for its length and alphabet:
//! - base64 (and base64url): mixed case with at least two digits, not
//!   mostly made of lowercase words (CamelCase names), and entropy at least `min(4.5, log2(len) - 1.0)` bits
//!   per character (4.5 is detect-secrets' default, which values shorter
//!   than about 40 characters rarely reach, so the bar scales with the
//!   length: a random 32-character key scores 4.1 to 4.5);
//! - hex: letters and digits, entropy at least 3.0 bits per character,
//!   and a key that names a credential (`key`, `secret`, `token`, `pass`,
//!   `auth`, `cred`, `hmac`, `signing`, `private`) and not a hash or an id
//!   (`sha`, `hash`, `digest`, `checksum`, `commit`, `etag`, `id`, ...).
//!   Hex is what ids, trace ids and hashes look like, so an unnamed hex
//!   value is far more often one of those than a key.
//!
//! Left alone on purpose: dependency lockfiles (every line is a hash),
//! Subresource Integrity values (`sha512-...`), UUIDs, file paths and
//! placeholders. Values a specific rule recognises (AWS, GitHub, Stripe,
//! ...) are reported by that rule instead.
//!
//! **Why it matters.** Most API keys have no recognisable prefix: a
//! random string assigned to a name is how an unknown vendor's key looks.
//!
//! **Example.** `MAILER_KEY = "q8Zr2Vn7Lk0Tp4XwYb9Hc3Jd6Mf1"`
//!
//! **Fix.** If it is a credential, rotate it at its issuer and read it from
//! a secret store at run time; if it is not (a test vector, a public
//! hash), add `# barraiser: allow-secret` to the line or record it in the
//! baseline.

use super::assign;
use super::{Candidate, FileCtx, FileKind, Line, Rule, RuleInfo};
use crate::secret::{entropy, is_placeholder};
use crate::{is_token, MIN_TOKEN};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "high-entropy-string",
    title: "High-entropy string",
    severity: Severity::Medium,
    confidence: Confidence::Low,
    cwe: &[798],
    finds: "Random-looking base64 or hex values of 20+ characters assigned to a key, with length-aware entropy thresholds.",
    why: "Most API keys have no recognisable prefix: a random string assigned to a name is how an unknown vendor's key looks.",
    fix: "Rotate the credential at its issuer and read it from a secret store at run time",
    service: "AWS Secrets Manager",
    parameter: "move the value into a Secrets Manager secret and reference it by name; if it is not a secret, mark the line with `barraiser: allow-secret`",
    metric: "secret scan of the default branch reports no new high-entropy-string findings",
    priority: 2,
};

pub struct HighEntropy;

/// Key names whose hex values are hashes or ids, not secrets.
const HASH_KEYS: &[&str] = &[
    "sha",
    "hash",
    "digest",
    "checksum",
    "commit",
    "rev",
    "revision",
    "etag",
    "integrity",
    "md5",
    "fingerprint",
    "id",
    "ids",
    "uuid",
    "guid",
    "oid",
    "ref",
    "version",
    "color",
    "colour",
    "build",
    "sum",
    "nonce",
    "salt",
    "iv",
    "tag",
    "object",
];

fn is_hex(v: &[u8]) -> bool {
    v.iter().all(u8::is_ascii_hexdigit)
}

fn is_uuid(v: &[u8]) -> bool {
    v.len() == 36
        && v.iter().enumerate().all(|(i, &b)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                b == b'-'
            } else {
                b.is_ascii_hexdigit()
            }
        })
}

/// Key-name parts that say a hex value is a credential.
const SECRET_KEYS: &[&str] = &[
    "key", "secret", "token", "pass", "pwd", "auth", "cred", "hmac", "signing", "private",
];

fn secret_key(key: &str) -> bool {
    SECRET_KEYS.iter().any(|k| key.contains(k))
}

fn hash_key(key: &str) -> bool {
    HASH_KEYS
        .iter()
        .any(|h| key.ends_with(h) || key.starts_with(h))
}

/// Mostly made of lowercase runs of three or more letters: a CamelCase or
/// snake_case name (`ThisIsACamelCaseName2`), not random text, where such
/// runs are rare (each character is lowercase with odds 26/64).
fn wordy(v: &[u8]) -> bool {
    let mut in_words = 0;
    let mut run = 0;
    for &b in v.iter().chain(std::iter::once(&b' ')) {
        if b.is_ascii_lowercase() {
            run += 1;
        } else {
            if run >= 3 {
                in_words += run;
            }
            run = 0;
        }
    }
    in_words * 10 > v.len() * 6
}

/// The base64 bar for a value of `len` characters.
pub fn base64_threshold(len: usize) -> f64 {
    ((len as f64).log2() - 1.0).min(4.5)
}

/// Why `v` (assigned to the folded `key`) is random enough to report, or
/// `None`.
pub fn judge(key: &str, v: &[u8]) -> Option<(Confidence, &'static str)> {
    let trimmed = {
        let mut e = v.len();
        while e > 0 && v[e - 1] == b'=' {
            e -= 1;
        }
        &v[..e]
    };
    // `=` inside (not as padding) makes it `name=value` text.
    if trimmed.len() < MIN_TOKEN || is_uuid(v) || trimmed.contains(&b'=') {
        return None;
    }
    let slashes = trimmed.iter().filter(|&&b| b == b'/').count();
    if trimmed.starts_with(b"/") || memchr::memmem::find(trimmed, b"//").is_some() {
        return None;
    }
    if slashes >= 1
        && trimmed.split(|&b| b == b'/').all(|seg| {
            seg.iter().filter(|b| b.is_ascii_uppercase()).count() <= 2
                && seg.iter().filter(|b| b.is_ascii_digit()).count() <= 3
        })
    {
        return None; // a path such as svc02/config/timeoutEmail-2
    }
    // Cheap shape checks first; entropy and placeholder words last.
    let digits = trimmed.iter().filter(|b| b.is_ascii_digit()).count();
    let hex = is_hex(trimmed);
    if hex {
        let letters = trimmed.len() - digits;
        if hash_key(key) || !secret_key(key) || digits == 0 || letters == 0 {
            return None;
        }
    } else {
        let upper = trimmed.iter().any(u8::is_ascii_uppercase);
        let lower = trimmed.iter().any(u8::is_ascii_lowercase);
        if !(upper && lower) || digits < 2 || wordy(trimmed) {
            return None;
        }
    }
    let lower = String::from_utf8_lossy(v).to_ascii_lowercase();
    if ["sha1-", "sha256-", "sha384-", "sha512-"]
        .iter()
        .any(|p| lower.starts_with(p))
        || is_placeholder(&lower)
    {
        return None;
    }
    let h = entropy(trimmed);
    if hex {
        return (h >= 3.0).then_some((Confidence::Low, "high-entropy hex string"));
    }
    if h < base64_threshold(trimmed.len()) {
        return None;
    }
    let conf = if trimmed.len() >= 32 && h >= 4.5 {
        Confidence::Medium
    } else {
        Confidence::Low
    };
    Some((conf, "high-entropy string"))
}

impl Rule for HighEntropy {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        vec![]
    }

    fn wants_token_runs(&self) -> bool {
        true
    }

    fn scan(&self, cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        if cx.kind == FileKind::Lockfile {
            return;
        }
        let t = line.text;
        for a in assign::all(t) {
            // The token runs inside the value. A value may carry a scheme
            // word (`Bearer ...`), but a quoted sentence is text, not a
            // key: more than two words and its runs are left alone.
            let (vs, ve) = a.value;
            if t[vs..ve]
                .split(|b| b.is_ascii_whitespace())
                .filter(|w| !w.is_empty())
                .count()
                > 2
            {
                continue;
            }
            let mut i = vs;
            while i < ve {
                if !is_token(t[i]) {
                    i += 1;
                    continue;
                }
                let s = i;
                while i < ve && is_token(t[i]) {
                    i += 1;
                }
                if i - s < MIN_TOKEN {
                    continue;
                }
                let key = assign::fold(&t[a.key.0..a.key.1]);
                // A run followed by `.ext` and holding a slash is a file
                // path, `svc/lib/AbcDef9.py`.
                if t.get(i) == Some(&b'.') && t[s..i].contains(&b'/') {
                    continue;
                }
                if let Some((conf, what)) = judge(&key, &t[s..i]) {
                    out.push(Candidate::new(&INFO, s, i, t).confidence(conf).what(what));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn finds_random_values_in_assignments() {
        let src = "\
MAILER_KEY = \"q8Zr2Vn7Lk0Tp4XwYb9Hc3Jd6Mf1\"
\"signing\": \"Zm9vYmFyOTk4Nzc2NjU1NDQzMzIyMTEwMGFhYmJjY2RkZWVmZg==\",
webhook_hmac: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b
headers = {'Authorization': 'Bearer Tk8mQ2vL9xZ4pR7wN3bY6cH1'}
";
        let h = check(&HighEntropy, "settings.yaml", src);
        assert_eq!(
            h.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![1, 2, 3, 4],
            "{h:?}"
        );
        assert_eq!(h[3].1, "Tk8mQ2vL9xZ4pR7wN3bY6cH1");
    }

    #[test]
    fn ignores_hashes_ids_paths_words_and_lockfiles() {
        let src = "\
commit_sha = \"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b\"
request_id = \"3f2a9c4e-8b1d-4e6f-a0c2-7d5e9b1f3a8c\"
log = \"WARN retry trace=4dab3c2f9e8d7a6b5c4d3e2f1a0b9c8d\"
build = \"4dab3c2f9e8d7a6b5c4d3e2f1a0b9c8d\"
\"integrity\": \"sha512-Zm9vYmFyOTk4Nzc2NjU1NDQzMzIyMTEwMGFhYmJjY2RkZWVmZg==\",
template_path = \"src/main/resources/templates/index\"
\"path\": \"svc02/config/timeoutEmail-2.py\",
\"path\": \"svc02/config/timeoutEmail2Report/x9\",
handler = \"AbstractSingletonProxyFactoryBean\"
CONSTANT_NAME = SOME_OTHER_CONSTANT_NAME_WITH_DIGITS_12
api_key = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"
html = '<div class=\"container-fluid-responsive-wide\">'
x = 11111111111111111111111111
desc = ThisIsJustACamelCaseSentence2
parameter = \"SslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06; HTTP:80 redirect\"
note: tag alice barraiser:offboarded-at=2026-11-23T12:00:00Z
label = \"UserAccountSettingsPage42Handler\"
bucket = \"my-company-prod-logs-2024-eu-west-1\"
";
        assert_eq!(check(&HighEntropy, "settings.py", src), vec![]);
        let lock = "\"resolved\": \"q8Zr2Vn7Lk0Tp4XwYb9Hc3Jd6Mf1\",\n";
        assert_eq!(check(&HighEntropy, "web/package-lock.json", lock), vec![]);
    }

    #[test]
    fn threshold_scales_with_length() {
        assert!(base64_threshold(20) < 3.4);
        assert!((base64_threshold(32) - 4.0).abs() < 1e-9);
        assert_eq!(base64_threshold(64), 4.5);
    }
}
