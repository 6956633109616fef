//! # slack-webhook: Slack incoming webhook URLs
//!
//! **Finds** `https://hooks.slack.com/services/T.../B.../...` and workflow
//! trigger URLs (`/workflows/`, `/triggers/`): the URL is the credential,
//! no other key is needed to post.
//!
//! **Why it matters.** Anyone with the URL can post to the channel as the
//! integration: convincing phishing ("click to re-authenticate") inside a
//! trusted workspace, or noise that buries real alerts.
//!
//! **Example.** `WEBHOOK=https://hooks.slack.com/services/T0.../B0.../` and
//! a 24-character secret.
//!
//! **Fix.** Regenerate the webhook in the app's settings (the old URL
//! stops working) and keep the new URL in a secret manager.

use super::{Candidate, FileCtx, Line, Rule, RuleInfo};
use regex::bytes::Regex;
use report::{Confidence, Severity};
use std::sync::LazyLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "slack-webhook",
    title: "Slack webhook URL",
    severity: Severity::Medium,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "Slack incoming webhook and workflow trigger URLs.",
    why: "The URL alone lets anyone post into the channel as the integration: phishing from a trusted source, or buried alerts.",
    fix: "Regenerate the webhook URL and store the new one in a secret manager",
    service: "Slack / AWS Secrets Manager",
    parameter: "Slack app settings > Incoming Webhooks: remove the leaked URL and add a new one; keep it in Secrets Manager",
    metric: "a POST to the old URL returns 404 or invalid_token",
    priority: 0,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)https://hooks\.slack\.com/(?:services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}|(?:workflows|triggers)/T[A-Z0-9]{6,}/[A-Za-z0-9]{6,}/[0-9]{6,}/[A-Za-z0-9]{16,})",
    )
    .expect("valid regex")
});

pub struct SlackWebhook;

impl Rule for SlackWebhook {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        vec!["hooks.slack.com".into()]
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for m in RE.find_iter(t) {
            let last = m.as_bytes().rsplit(|&b| b == b'/').next().unwrap_or(b"");
            if crate::secret::entropy(last) < 3.0 {
                continue;
            }
            out.push(Candidate::new(&INFO, m.start(), m.end(), t).what("Slack webhook URL"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn finds_webhooks() {
        let src = "url = \"https://hooks.slack.com/services/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\"\n";
        let h = check(&SlackWebhook, "notify.py", src);
        assert_eq!(h.len(), 1);
        assert!(h[0].1.ends_with("gH1"));
    }

    #[test]
    fn ignores_docs_and_templates() {
        let src = "\
see https://api.slack.com/messaging/webhooks
url = https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
url = https://hooks.slack.com/services/YOUR/WEBHOOK/URL
";
        assert_eq!(check(&SlackWebhook, "README.md", src), vec![]);
    }
}
