//! # github-token: GitHub tokens
//!
//! **Finds** classic personal access tokens (`ghp_`), OAuth tokens
//! (`gho_`), user-to-server (`ghu_`) and server-to-server (`ghs_`) app
//! tokens, refresh tokens (`ghr_`), all a prefix and 36 base62 characters,
//! and fine-grained personal access tokens (`github_pat_`, 22 + 59
//! characters). Runs of one character and low-entropy fillers
//! (`ghp_xxxx...`) are ignored.
//!
//! **Why it matters.** A token acts as its user or app on every repository
//! it can reach: read private code, push commits, change workflows and
//! steal the repository secrets those workflows receive.
//!
//! **Example.** `GITHUB_TOKEN=ghp_` followed by 36 letters and digits.
//!
//! **Fix.** Revoke the token (Settings > Developer settings, or the
//! credential revocation API), check the organization audit log for its
//! use, and use a fine-grained token or a GitHub App installation token
//! with the least scope and an expiry, stored in a secret manager.

use super::{at, Candidate, FileCtx, Line, Rule, RuleInfo};
use crate::secret::entropy;
use regex::bytes::Regex;
use report::{Confidence, Severity};
use std::sync::LazyLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "github-token",
    title: "GitHub token",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "GitHub personal access, OAuth, app, refresh and fine-grained tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_).",
    why: "A token acts as its user or app: private code, pushes, workflow changes and the secrets workflows receive.",
    fix: "Revoke the token, review the audit log, and use a short-lived, least-scope token from a secret store",
    service: "GitHub / AWS Secrets Manager",
    parameter: "revoke under Settings > Developer settings > Tokens; replace with a fine-grained token (one repository, read-only where possible, 30-day expiry) or a GitHub App installation token",
    metric: "organization audit log: no events from the revoked token after the revocation time",
    priority: 0,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(gh[pousr])_([A-Za-z0-9]{36})|github_pat_([A-Za-z0-9]{22})_([A-Za-z0-9]{59})")
        .expect("valid regex")
});

pub struct GithubToken;

impl Rule for GithubToken {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for c in RE.captures_iter(t) {
            let m = c.get(0).expect("group 0");
            if at(t, m.start() as isize - 1).is_ascii_alphanumeric()
                || at(t, m.end() as isize).is_ascii_alphanumeric()
                || at(t, m.start() as isize - 1) == b'_'
            {
                continue;
            }
            let random: Vec<u8> = [c.get(2), c.get(3), c.get(4)]
                .into_iter()
                .flatten()
                .flat_map(|g| g.as_bytes().iter().copied())
                .collect();
            if entropy(&random) < 3.0 {
                continue;
            }
            let kind = match c.get(1).map(|g| g.as_bytes()) {
                Some(b"ghp") => "GitHub personal access token",
                Some(b"gho") => "GitHub OAuth access token",
                Some(b"ghu") => "GitHub App user-to-server token",
                Some(b"ghs") => "GitHub App server-to-server token",
                Some(b"ghr") => "GitHub refresh token",
                _ => "GitHub fine-grained personal access token",
            };
            out.push(Candidate::new(&INFO, m.start(), m.end(), t).what(kind));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn finds_every_token_kind() {
        let r36 = "R7kP2mQ9xL4vN8wB3cT6yH1jF5gD0sA2zE9u";
        let src = format!(
            "GITHUB_TOKEN=ghp_{r36}\nx = 'gho_{r36}'\nghs_{r36}\ntoken: ghr_{r36}\n\
             pat = \"github_pat_11ABCDEFG0aBcDeFgHiJkL_{}\"\n",
            "Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa9Zy8Xw7Vu6Ts5Rq4Po3Nm2L"
        );
        let h = check(&GithubToken, "ci.yml", &src);
        assert_eq!(
            h.iter().map(|x| x.0).collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5]
        );
        assert!(h[4].1.starts_with("github_pat_"));
    }

    #[test]
    fn ignores_fillers_and_embedded_lookalikes() {
        let src = "\
token = ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
token = ghp_000000000000000000000000000000000000
prefix = \"ghp_\"
id = aghp_R7kP2mQ9xL4vN8wB3cT6yH1jF5gD0sA2zE9u
short = ghp_R7kP2mQ9xL4vN8wB3cT6
";
        assert_eq!(check(&GithubToken, "a.py", src), vec![]);
    }
}
