//! # secret-keyword and keyword-mention: sensitive keywords
//!
//! **Finds** (`secret-keyword`) a literal value assigned to a key named
//! after a sensitive keyword: `password`, `secret`, `api_key`, `token` and
//! the rest of the default list, plus any `--keyword`. Case and separators
//! do not matter (`DB_PASSWORD`, `dbPassword`, `db-password`). The key must
//! end with the keyword, optionally followed by `key`, `value` or `s`, so
//! `password_file`, `token_url` or `secretName` are not reported. In source
//! code only quoted values count (a bare value is an expression); in
//! configuration files (`.env`, YAML, INI, properties, ...) bare values
//! count too. Placeholders, template variables and defaults are ignored.
//!
//! With `--mentions`, `keyword-mention` reports every line that mentions a
//! keyword at all (the classic "grep the tree for sensitive words" script),
//! at info severity, with the text after the keyword redacted.
//!
//! **Why it matters.** Hard-coded passwords and keys are the most common
//! secret in repositories; they are copied into every clone, fork, build
//! log and container image.
//!
//! **Example.** `db_password = "Winter2024!"`
//!
//! **Fix.** Change the credential, then read it at run time from a secret
//! store or the environment injected by the platform.

use super::assign::{self, fold};
use super::{Candidate, FileCtx, FileKind, Line, Rule, RuleInfo};
use crate::secret::is_placeholder;
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "secret-keyword",
    title: "Hard-coded secret",
    severity: Severity::Medium,
    confidence: Confidence::Medium,
    cwe: &[798, 259],
    finds: "Literal values assigned to keys named password, secret, api_key, token and other sensitive keywords.",
    why: "Hard-coded credentials travel with every clone, fork, build log and image, and are rarely rotated.",
    fix: "Change the credential and read it at run time from a secret store",
    service: "AWS Secrets Manager / SSM Parameter Store",
    parameter: "store the value as a SecureString parameter or a Secrets Manager secret (rotation every 30-90 days) and read it at start-up; keep only the reference in code",
    metric: "secret scan of the default branch reports 0 secret-keyword findings",
    priority: 1,
};

pub const MENTION: RuleInfo = RuleInfo {
    id: "keyword-mention",
    title: "Sensitive keyword",
    severity: Severity::Info,
    confidence: Confidence::Low,
    cwe: &[798],
    finds: "Every line that mentions a sensitive keyword (with --mentions).",
    why: "A list of every place credentials are named is where a review for hard-coded secrets starts.",
    fix: "Review the line; move any credential on it to a secret store",
    service: "AWS Secrets Manager",
    parameter: "keep only references (ARNs, parameter names) to secrets in code and configuration",
    metric: "each mention reviewed; secret-keyword findings stay at 0",
    priority: 3,
};

/// Endings allowed after the keyword in a key name.
const TAILS: &[&str] = &[
    "", "s", "key", "keys", "value", "str", "string", "base", "keybase",
];

pub struct Keyword;
pub struct KeywordMention;

fn folded_keywords(keywords: &[String]) -> Vec<String> {
    keywords
        .iter()
        .map(|k| fold(k.as_bytes()))
        .filter(|k| !k.is_empty())
        .collect()
}

/// The keyword the folded key is named after, if any.
fn named_after<'k>(key: &str, kws: &'k [String]) -> Option<&'k str> {
    kws.iter().map(String::as_str).find(|kw| {
        TAILS
            .iter()
            .any(|tail| key.strip_suffix(tail).is_some_and(|k| k.ends_with(kw)))
    })
}

fn plausible_value(v: &[u8], quoted: bool, kind: FileKind) -> bool {
    if v.len() < 4 || v.len() > 1000 {
        return false;
    }
    if !quoted && kind == FileKind::Code {
        return false;
    }
    if v.iter().any(|b| b.is_ascii_whitespace()) {
        return false;
    }
    let s = String::from_utf8_lossy(v);
    if is_placeholder(&s) {
        return false;
    }
    // Expressions and references rather than literals.
    let lower = s.to_ascii_lowercase();
    if !quoted
        && (s.contains('(')
            || s.contains('[')
            || lower.starts_with("os.environ")
            || lower.starts_with("process.env")
            || lower.starts_with("env.")
            || lower.starts_with("secrets.")
            || lower.starts_with("vault:")
            || lower.starts_with("arn:")
            || lower.starts_with("ssm:"))
    {
        return false;
    }
    if lower.starts_with("arn:aws")
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("file:")
    {
        return false;
    }
    if !quoted && s.starts_with('!') {
        return false; // a YAML tag such as !Ref
    }
    if (s.starts_with('/') || s.starts_with("./") || s.starts_with("~/")) && s[1..].contains('/') {
        return false; // a file path
    }
    // Pure numbers (ports, timeouts, lengths) and type names.
    if s.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return false;
    }
    !matches!(
        lower.as_str(),
        "string"
            | "number"
            | "boolean"
            | "bool"
            | "int"
            | "bytes"
            | "secret"
            | "optional"
            | "object"
    )
}

/// After `end`, spaces then a word: the line goes on as a sentence.
fn prose_follows(t: &[u8], end: usize) -> bool {
    let rest = &t[end..];
    let spaces = rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count();
    spaces > 0 && rest.get(spaces).is_some_and(u8::is_ascii_alphanumeric)
}

impl Rule for Keyword {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, keywords: &[String]) -> Vec<String> {
        keywords.to_vec()
    }

    fn scan(&self, cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        let kws = folded_keywords(cx.keywords);
        for a in assign::all(t) {
            let key = fold(&t[a.key.0..a.key.1]);
            let Some(kw) = named_after(&key, &kws) else {
                continue;
            };
            let v = &t[a.value.0..a.value.1];
            if !plausible_value(v, a.quoted, cx.kind) {
                continue;
            }
            // A bare value followed by more words is prose (`## Secrets:
            // how we store them`, `// passwords: hash them first`).
            if !a.quoted && prose_follows(t, a.value.1) {
                continue;
            }
            // `secret_token = "secret_token"`: the name echoed, not a value.
            if key.contains(&assign::fold(v)) {
                continue;
            }
            let shown: String = String::from_utf8_lossy(&t[a.key.0..a.key.1])
                .chars()
                .filter(|c| !c.is_control())
                .take(48)
                .collect();
            let c = Candidate::new(&INFO, a.value.0, a.value.1, t)
                .what(format!("literal value for `{shown}`"));
            out.push(if matches!(kw, "password" | "passwd" | "pwd") {
                c.severity(Severity::High)
            } else {
                c
            });
        }
    }
}

impl Rule for KeywordMention {
    fn info(&self) -> &'static RuleInfo {
        &MENTION
    }

    fn anchors(&self, keywords: &[String]) -> Vec<String> {
        keywords.to_vec()
    }

    fn scan(&self, cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        let lower = t.to_ascii_lowercase();
        let first = cx
            .keywords
            .iter()
            .filter_map(|k| memchr::memmem::find(&lower, k.as_bytes()).map(|p| (p, k)))
            .min();
        let Some((p, kw)) = first else { return };
        // The value is everything after the keyword, so the excerpt hides
        // whatever the line assigns.
        let s = p + kw.len();
        let mut c = Candidate::new(&MENTION, s, t.len(), t).what(format!("mentions `{kw}`"));
        if s == t.len() {
            c.secret = crate::Secret::new(kw.clone());
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn finds_keyword_assignments() {
        let src = "\
db_password = \"Winter2024!x\"
client = Client(api_key='k3y-Vq8Lm2Zx')
\"auth_token\": \"tok_8fd0a9c2b1\",
AWS_SECRET_KEY: s3cretV4lue99
";
        let h = check(&Keyword, "app.py", src);
        assert_eq!(
            h.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![1, 2, 3],
            "{h:?}"
        );
        assert_eq!(h[0].1, "Winter2024!x");
        assert_eq!(h[0].2, Severity::High);
        assert_eq!(h[1].2, Severity::Medium);
        // In configuration files bare values are literals.
        let h = check(&Keyword, "app.yaml", src);
        assert_eq!(h.len(), 4);
        assert_eq!(h[3].1, "s3cretV4lue99");
    }

    #[test]
    fn ignores_references_names_and_placeholders() {
        let src = "\
password = os.environ['DB_PASSWORD']
password = request.form.get('password')
password_file = \"/run/secrets/db\"
token_url = \"https://auth.example.net/token\"
secret_name = \"prod/db\"
password: ${DB_PASSWORD}
password = \"\"
password = \"changeme\"
if password == \"expected-value\":
## Secrets: barraiser vs the rest
// passwords: hash them with bcrypt first
fetch(url, { credentials: 'same-origin' })
url = f\"{password}\"
password_length = 12
token = \"Bearer {}\"
secret: !Ref DbSecret
password: \"{{ vault_db_password }}\"
author = \"Jane Example\"
message = \"Enter your password\"
";
        assert_eq!(check(&Keyword, "app.py", src), vec![]);
        assert_eq!(check(&Keyword, "app.yaml", src), vec![]);
    }

    #[test]
    fn custom_keywords_and_mentions() {
        let engine = crate::Engine::new(&crate::Config {
            keywords: vec!["Hunter".into()],
            mentions: true,
            ..crate::Config::default()
        })
        .unwrap();
        let r = engine.scan_bytes("a.cfg", b"x = 1\nHUNTER_KEY=abcd1234\nthe hunter said\n");
        let ids: Vec<(u32, &str)> = r.hits.iter().map(|h| (h.line, h.rule.id)).collect();
        assert_eq!(
            ids,
            vec![(2, "secret-keyword"), (3, "keyword-mention")],
            "the mention on line 2 overlaps the assignment and yields to it"
        );
        assert!(!r.hits[1].excerpt.contains("said"), "{}", r.hits[1].excerpt);
    }
}
