//! The detectors, one file each. A rule names the literal anchors that send
//! a line to it (the engine finds every anchor of every rule in one
//! Aho-Corasick pass), or asks for lines holding a long token run (the
//! entropy-based rules), and then checks only those lines.

use crate::secret::Secret;
use report::{Confidence, Severity};

pub mod assign;
pub mod aws_access_key;
pub mod aws_secret_key;
pub mod github_token;
pub mod high_entropy;
pub mod jwt;
pub mod keyword;
pub mod private_key;
pub mod slack_token;
pub mod slack_webhook;
pub mod stripe_key;
pub mod url_password;

/// What a rule is, for reports, `--list-rules` and SARIF.
#[derive(Debug)]
pub struct RuleInfo {
    pub id: &'static str,
    pub title: &'static str,
    /// The worst severity the rule reports (a hit may be lower).
    pub severity: Severity,
    pub confidence: Confidence,
    pub cwe: &'static [u32],
    /// What it finds.
    pub finds: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// The fix: title, the service or primitive, the concrete step, and how
    /// to know it worked.
    pub fix: &'static str,
    pub service: &'static str,
    pub parameter: &'static str,
    pub metric: &'static str,
    /// Lower wins when two rules flag overlapping text on a line: specific
    /// detectors (0) over keyword assignments (1) over entropy (2).
    pub priority: u8,
}

impl RuleInfo {
    pub fn help_markdown(&self) -> String {
        format!(
            "**What it finds.** {}\n\n**Why it matters.** {}\n\n**Fix.** {} ({}): {}\n\n**Check.** {}",
            self.finds, self.why, self.fix, self.service, self.parameter, self.metric
        )
    }

    /// The rule as SARIF describes it, for the CLI's and the web app's
    /// SARIF output alike.
    pub fn sarif_meta(&self) -> report::sarif::RuleMeta {
        report::sarif::RuleMeta {
            id: self.id.to_string(),
            name: self.title.to_string(),
            short_description: self.title.to_string(),
            full_description: self.finds.to_string(),
            help_markdown: self.help_markdown(),
            default_severity: self.severity,
            tags: vec!["security".into(), "secrets".into()],
            cwe: self.cwe.to_vec(),
        }
    }
}

/// What kind of file a line is in, for rules whose context depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Source code: bare (unquoted) values are expressions, not literals.
    Code,
    /// Configuration (.env, .ini, .properties, YAML, TOML, ...): bare
    /// values are literals.
    Config,
    /// Dependency lockfiles: hashes everywhere, skipped by entropy rules.
    Lockfile,
}

impl FileKind {
    pub fn of(path: &str) -> FileKind {
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(path)
            .to_ascii_lowercase();
        const LOCKS: &[&str] = &[
            "package-lock.json",
            "npm-shrinkwrap.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "cargo.lock",
            "poetry.lock",
            "pipfile.lock",
            "go.sum",
            "composer.lock",
            "gemfile.lock",
            "packages.lock.json",
            "flake.lock",
            "uv.lock",
            "pdm.lock",
            "mix.lock",
            "pubspec.lock",
            "podfile.lock",
        ];
        if LOCKS.contains(&name.as_str()) || name.ends_with(".lock") {
            return FileKind::Lockfile;
        }
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        if name.starts_with(".env")
            || name.ends_with(".env")
            || name == "credentials"
            || name == ".netrc"
            || name == ".npmrc"
            || name == ".pypirc"
            || name == "dockerfile"
            || matches!(
                ext,
                "ini"
                    | "cfg"
                    | "conf"
                    | "config"
                    | "properties"
                    | "yaml"
                    | "yml"
                    | "toml"
                    | "env"
                    | "tfvars"
                    | "hcl"
                    | "tf"
                    | "xml"
                    | "json"
                    | "sh"
                    | "bash"
                    | "zsh"
                    | "txt"
                    | "md"
            )
        {
            FileKind::Config
        } else {
            FileKind::Code
        }
    }
}

/// The file a line belongs to.
pub struct FileCtx<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
    pub kind: FileKind,
    /// Line numbers holding an AWS access key id anchor, sorted.
    pub aws_key_lines: Vec<u32>,
    /// Keywords (lower case) for the keyword rule.
    pub keywords: &'a [String],
}

impl FileCtx<'_> {
    /// True when an AWS access key id sits within `d` lines of `line`.
    pub fn near_aws_key(&self, line: u32, d: u32) -> bool {
        let lo = line.saturating_sub(d);
        let i = self.aws_key_lines.partition_point(|&l| l < lo);
        self.aws_key_lines.get(i).is_some_and(|&l| l <= line + d)
    }
}

/// One line (or, for very long lines, a window of one) handed to a rule.
#[derive(Debug, Clone, Copy)]
pub struct Line<'a> {
    pub text: &'a [u8],
    /// Offset of `text` in the file.
    pub offset: usize,
    /// 1-based line number.
    pub number: u32,
}

/// A rule's hit on a line: byte range of the value within `Line::text`.
#[derive(Debug)]
pub struct Candidate {
    pub rule: &'static RuleInfo,
    pub start: usize,
    pub end: usize,
    pub secret: Secret,
    pub severity: Severity,
    pub confidence: Confidence,
    /// What the value is, e.g. "AWS access key id"; the redaction follows.
    pub what: String,
    /// Where to point the reader when it differs from the value's range
    /// (a private key's header line, whose body follows).
    pub span: Option<(usize, usize)>,
}

impl Candidate {
    pub fn new(rule: &'static RuleInfo, start: usize, end: usize, text: &[u8]) -> Candidate {
        Candidate {
            rule,
            start,
            end,
            secret: Secret::new(String::from_utf8_lossy(&text[start..end]).into_owned()),
            severity: rule.severity,
            confidence: rule.confidence,
            what: rule.title.to_string(),
            span: None,
        }
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }

    pub fn confidence(mut self, c: Confidence) -> Self {
        self.confidence = c;
        self
    }

    pub fn what(mut self, w: impl Into<String>) -> Self {
        self.what = w.into();
        self
    }
}

/// A detector.
pub trait Rule: Send + Sync {
    fn info(&self) -> &'static RuleInfo;
    /// Literals (matched ASCII case-insensitively) whose presence on a line
    /// sends the line to this rule.
    fn anchors(&self, keywords: &[String]) -> Vec<String>;
    /// Also send lines holding a run of 20 or more base64/hex characters.
    fn wants_token_runs(&self) -> bool {
        false
    }
    fn scan(&self, cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>);
}

/// Every rule, in priority order.
pub fn all() -> Vec<&'static dyn Rule> {
    vec![
        &aws_access_key::AwsAccessKey,
        &aws_secret_key::AwsSecretKey,
        &private_key::PrivateKey,
        &github_token::GithubToken,
        &slack_token::SlackToken,
        &slack_webhook::SlackWebhook,
        &stripe_key::StripeKey,
        &jwt::Jwt,
        &url_password::UrlPassword,
        &keyword::Keyword,
        &keyword::KeywordMention,
        &high_entropy::HighEntropy,
    ]
}

/// Byte at `i`, or a space past either end.
pub(crate) fn at(text: &[u8], i: isize) -> u8 {
    if i < 0 {
        return b' ';
    }
    text.get(i as usize).copied().unwrap_or(b' ')
}

/// Test helper: run one rule over a snippet (every line is a candidate).
#[cfg(test)]
pub(crate) fn check(rule: &dyn Rule, path: &str, src: &str) -> Vec<(u32, String, Severity)> {
    let engine = crate::Engine::new(&crate::Config {
        only_rules: vec![rule.info().id.to_string()],
        mentions: true,
        ..crate::Config::default()
    })
    .unwrap();
    engine
        .scan_bytes(path, src.as_bytes())
        .hits
        .into_iter()
        .map(|h| (h.line, h.secret.expose().to_string(), h.severity))
        .collect()
}
