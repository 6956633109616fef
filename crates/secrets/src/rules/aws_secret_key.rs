//! # aws-secret-access-key: AWS secret access keys
//!
//! **Finds** 40-character values of the secret-key alphabet (`A-Z a-z 0-9 /
//! +`) with high entropy, when the line names AWS (`aws`,
//! `secret_access_key`, `SecretAccessKey`) or an access key id sits within
//! three lines. A bare 40-character string elsewhere is left to the
//! generic entropy rule, because git SHAs and base64 blobs share the shape.
//!
//! **Why it matters.** This is the half of the key pair that signs
//! requests: whoever holds it acts as the IAM user until the key is
//! deactivated.
//!
//! **Example.** `aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCY...`
//! (40 characters).
//!
//! **Fix.** Deactivate the key pair now, look for its use in CloudTrail,
//! then delete it; store any replacement in AWS Secrets Manager, or better,
//! use a role so there is no long-term key at all.

use super::{at, Candidate, FileCtx, Line, Rule, RuleInfo};
use crate::secret::entropy;
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "aws-secret-access-key",
    title: "AWS secret access key",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "40-character AWS secret access keys next to an AWS context or an access key id.",
    why: "The secret key signs API requests: whoever holds it acts as the IAM user until it is deactivated.",
    fix: "Deactivate the key pair, review CloudTrail, and move the credential to a role or Secrets Manager",
    service: "AWS IAM / AWS Secrets Manager",
    parameter: "aws iam update-access-key --status Inactive --access-key-id <id>; replace with an IAM role, or a Secrets Manager secret with rotation enabled",
    metric: "CloudTrail: no calls signed by the old access key id after deactivation",
    priority: 0,
};

const CONTEXT: &[&str] = &[
    "aws",
    "secret_access_key",
    "secretaccesskey",
    "secret-access-key",
];

pub struct AwsSecretKey;

fn alphabet(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'/' || b == b'+'
}

impl Rule for AwsSecretKey {
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
        let t = line.text;
        let mut context: Option<bool> = None;
        crate::for_each_run(t, 40, alphabet, |s, i| {
            // Exactly 40, not part of a longer token (`=` padding after it,
            // or `-`/`_` on either side, would make it base64 or a name).
            if i - s != 40
                || matches!(at(t, s as isize - 1), b'_' | b'-')
                || matches!(at(t, i as isize), b'=' | b'_' | b'-')
            {
                return;
            }
            let v = &t[s..i];
            let has = |f: fn(&u8) -> bool| v.iter().any(f);
            if !(has(u8::is_ascii_uppercase)
                && has(u8::is_ascii_lowercase)
                && has(u8::is_ascii_digit))
                || entropy(v) < 4.2
                || memchr::memmem::find(v, b"EXAMPLE").is_some()
            {
                return;
            }
            let ctx = *context.get_or_insert_with(|| {
                let lower = t.to_ascii_lowercase();
                CONTEXT
                    .iter()
                    .any(|c| memchr::memmem::find(&lower, c.as_bytes()).is_some())
                    || cx.near_aws_key(line.number, 3)
            });
            if ctx {
                out.push(Candidate::new(&INFO, s, i, t).what("AWS secret access key"));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    const KEY: &str = "q8Zr2Vn7Lk0Tp4XwYb9Hc3Jd6Mf1Sg5Ra+Ue/Ni2";

    #[test]
    fn finds_keys_named_aws_or_near_an_id() {
        let src = format!(
            "[default]\naws_secret_access_key = {KEY}\n\nid: AKIAQYLPMN5HHHFPZAM2\nkey: \"{KEY}\"\nAWS_SECRET_ACCESS_KEY={KEY}\n"
        );
        let h = check(&AwsSecretKey, "creds", &src);
        assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), vec![2, 5, 6]);
        assert_eq!(h[0].1, KEY);
        assert_eq!(h[0].2, Severity::Critical);
    }

    #[test]
    fn ignores_shas_docs_and_unrelated_strings() {
        let src = format!(
            "commit = \"0a4d55a8d778e5022fab701977c5d840bbc486d0\"\n\
             aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n\
             blob = \"{KEY}\"\n\
             aws_thing = {KEY}xyz\n"
        );
        assert_eq!(check(&AwsSecretKey, "x.py", &src), vec![]);
    }
}
