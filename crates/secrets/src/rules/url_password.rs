//! # url-password: passwords in URLs
//!
//! **Finds** credentials in the authority of a URL,
//! `scheme://user:password@host`, as in database DSNs, broker URLs and
//! git remotes. Placeholders are ignored: template variables (`${PASS}`,
//! `{{ pw }}`, `%(pw)s`, `<password>`), the words `password`, `pass`,
//! `secret` and the like, and masks (`****`, `xxx`).
//!
//! **Why it matters.** Connection strings end up in logs, error pages and
//! process listings as well as in the repository, and the password they
//! carry usually opens the database or broker directly.
//!
//! **Example.** `DATABASE_URL=postgres://app:S3cure-Horse-77@db.internal:5432/app`
//!
//! **Fix.** Change the password on the server, then build the URL at run
//! time from a secret store (RDS IAM authentication or Secrets Manager
//! rotation removes the static password entirely).

use super::{Candidate, FileCtx, Line, Rule, RuleInfo};
use crate::secret::is_placeholder;
use regex::bytes::Regex;
use report::{Confidence, Severity};
use std::sync::LazyLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "url-password",
    title: "Password in URL",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "Credentials in URLs (scheme://user:password@host), ignoring placeholders and template variables.",
    why: "Connection strings spread to logs, error pages and process lists, and the password usually opens the database directly.",
    fix: "Change the password and assemble the URL at run time from a secret store",
    service: "AWS Secrets Manager / RDS IAM authentication",
    parameter: "rotate the database password with Secrets Manager rotation (30 days) or switch to RDS IAM authentication; read the DSN from the secret at start-up",
    metric: "Secrets Manager LastRotatedDate within 30 days; failed logins with the old password in the database log",
    priority: 0,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"([A-Za-z][A-Za-z0-9+.-]{1,30})://([^\s:/?#@'"<>\[\]]{1,128}):([^\s@/?'"<>]{1,256})@([A-Za-z0-9][A-Za-z0-9._\-]*|\[[0-9A-Fa-f:.]+\])"#,
    )
    .expect("valid regex")
});

pub struct UrlPassword;

const LOCAL_HOSTS: &[&str] = &[
    "localhost",
    "127.0.0.1",
    "[::1]",
    "0.0.0.0",
    "example.com",
    "example.org",
    "host",
    "hostname",
];

impl Rule for UrlPassword {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        vec!["://".into()]
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for c in RE.captures_iter(t) {
            let pw = c.get(3).expect("group 3");
            let pass = String::from_utf8_lossy(pw.as_bytes());
            let user = String::from_utf8_lossy(&c[2]);
            if is_placeholder(&pass)
                || pass.len() < 3
                || user.starts_with('$')
                || user.contains("${")
            {
                continue;
            }
            // `user:pass` echoed back as the password is a template.
            if pass.eq_ignore_ascii_case(&user) {
                continue;
            }
            let host = String::from_utf8_lossy(&c[4]).to_ascii_lowercase();
            if host.contains(&pass.to_ascii_lowercase()) {
                continue; // the message names the host; never echo the value
            }
            let scheme = String::from_utf8_lossy(&c[1]).to_ascii_lowercase();
            let cand = Candidate::new(&INFO, pw.start(), pw.end(), t).what(format!(
                "password in {scheme}:// URL for {}",
                cut(&host, 60)
            ));
            out.push(
                if LOCAL_HOSTS
                    .iter()
                    .any(|h| host == *h || host.ends_with(".example.com"))
                {
                    cand.severity(Severity::Low).confidence(Confidence::Medium)
                } else {
                    cand
                },
            );
        }
    }
}

fn cut(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn finds_dsn_passwords_only_the_password_is_the_value() {
        let src = "\
DATABASE_URL=postgres://app:S3cure-Horse-77@db.internal:5432/app
broker = 'amqp://svc:Zq8#pW2x%Lm@mq.prod.corp/vhost'
git remote add origin https://deploy:tK9wQ2mZ7xB4@git.corp.net/repo.git
dev = mysql://root:hunter2pass@localhost/test
";
        let h = check(&UrlPassword, ".env", src);
        assert_eq!(h.len(), 4, "{h:?}");
        assert_eq!(h[0].1, "S3cure-Horse-77");
        assert_eq!(h[0].2, Severity::High);
        assert_eq!(h[3].2, Severity::Low, "localhost is lower");
    }

    #[test]
    fn ignores_placeholders_and_plain_urls() {
        let src = "\
url = postgres://user:password@localhost/db
url = postgres://${DB_USER}:${DB_PASS}@db/app
url = redis://:****@cache:6379
url = amqp://guest:<password>@mq
url = mongodb://{{ user }}:{{ pass }}@mongo
url = postgresql://%(user)s:%(password)s@%(host)s/db
url = https://example.com:8443/path?x=1
url = https://github.com/org/repo@v1.2
url = ssh://git@github.com:org/repo.git
url = http://admin:admin@router
";
        assert_eq!(check(&UrlPassword, "config.py", src), vec![]);
    }
}
