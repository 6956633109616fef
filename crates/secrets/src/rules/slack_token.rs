//! # slack-token: Slack API tokens
//!
//! **Finds** Slack bot (`xoxb-`), user (`xoxp-`), app-level (`xoxa-`),
//! refresh (`xoxr-`) and legacy workspace (`xoxs-`) tokens: the prefix, a
//! numeric team or user id and more dash-separated parts. Templates such as
//! `xoxb-your-token-here` have no digits and are not reported.
//!
//! **Why it matters.** A bot or user token reads and posts in every
//! channel it can see: chat history holds passwords, incident details and
//! customer data, and a trusted bot account is a phishing channel.
//!
//! **Example.** `SLACK_BOT_TOKEN=xoxb-` then the team id, the bot id and a
//! 24-character secret, separated by dashes.
//!
//! **Fix.** Revoke it (`auth.revoke`, or reinstall the app to rotate), read
//! the workspace access logs, and load the new token from a secret manager.

use super::{at, Candidate, FileCtx, Line, Rule, RuleInfo};
use regex::bytes::Regex;
use report::{Confidence, Severity};
use std::sync::LazyLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "slack-token",
    title: "Slack token",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "Slack bot, user, app, refresh and workspace tokens (xoxb-, xoxp-, xoxa-, xoxr-, xoxs-).",
    why: "The token reads and posts in every channel it sees: history with credentials and customer data, and a trusted phishing channel.",
    fix: "Revoke the token with auth.revoke or rotate it by reinstalling the app, then load it from a secret store",
    service: "Slack / AWS Secrets Manager",
    parameter: "call auth.revoke with the leaked token; enable token rotation for the app; store the new token in Secrets Manager",
    metric: "Slack access logs: no API calls from the old token after revocation",
    priority: 0,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"xox[baprs]-[0-9]{6,}-[0-9A-Za-z]{6,}(?:-[0-9A-Za-z]{4,})*").expect("valid regex")
});

pub struct SlackToken;

impl Rule for SlackToken {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        vec!["xox".into()]
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for m in RE.find_iter(t) {
            if at(t, m.start() as isize - 1).is_ascii_alphanumeric() {
                continue;
            }
            let kind = match m.as_bytes()[3] {
                b'b' => "Slack bot token",
                b'p' => "Slack user token",
                b'a' => "Slack app token",
                b'r' => "Slack refresh token",
                _ => "Slack workspace token",
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
    fn finds_bot_and_user_tokens() {
        let src = "SLACK_BOT_TOKEN=xoxb-2048193726-4096385172-Qm7Lp2Vx9Kd4Rt8Nw3Zy6Hb1\n\
                   client = WebClient(token=\"xoxp-1234567890-0987654321-1357924680-a1b2c3d4e5f6\")\n";
        let h = check(&SlackToken, ".env", src);
        assert_eq!(h.len(), 2);
        assert!(h[0].1.starts_with("xoxb-2048193726"));
        assert!(h[1].1.ends_with("a1b2c3d4e5f6"));
    }

    #[test]
    fn ignores_templates() {
        let src = "SLACK_BOT_TOKEN=xoxb-your-token-here\n# tokens look like xoxb-...\nfoxoxb-123\n";
        assert_eq!(check(&SlackToken, ".env", src), vec![]);
    }
}
