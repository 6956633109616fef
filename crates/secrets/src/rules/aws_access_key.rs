//! # aws-access-key-id: AWS access key ids
//!
//! **Finds** long-term (`AKIA`) and temporary (`ASIA`) access key ids: the
//! prefix and 16 characters of the base32 alphabet (`A-Z`, `2-7`), standing
//! alone (not inside a longer word).
//!
//! **Why it matters.** The id names the key; next to it there is usually
//! the secret access key, and together they sign API calls as the IAM user.
//! Even alone it tells an attacker the account id and who to phish.
//!
//! **Example.** `aws_access_key_id = AKIAQYLPMN5HHHFPZAM2`
//!
//! **Fix.** Deactivate and delete the key in IAM (`aws iam
//! update-access-key --status Inactive`), check CloudTrail for its use, and
//! move the workload to a role (instance profile, IRSA, SSO) instead of a
//! stored key. The AWS documentation's `AKIAIOSFODNN7EXAMPLE` is ignored.

use super::{at, Candidate, FileCtx, Line, Rule, RuleInfo};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "aws-access-key-id",
    title: "AWS access key id",
    severity: Severity::High,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "AWS access key ids (AKIA long-term, ASIA temporary) in the base32 alphabet.",
    why: "With its secret key it signs API calls as the IAM user; alone it reveals the account and the user.",
    fix: "Deactivate and delete the key, review its use in CloudTrail, and use a role instead",
    service: "AWS IAM",
    parameter: "aws iam update-access-key --status Inactive, then delete-access-key; give the workload an IAM role (instance profile, IRSA or IAM Identity Center) instead of a stored key",
    metric: "IAM credential report: access_key_last_used_date of the old key stays empty after the change",
    priority: 0,
};

pub const ANCHORS: &[&str] = &["AKIA", "ASIA"];

pub struct AwsAccessKey;

fn base32(b: u8) -> bool {
    b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b)
}

impl Rule for AwsAccessKey {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        ANCHORS.iter().map(|s| s.to_string()).collect()
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        let mut i = 0;
        while i + 20 <= t.len() {
            let w = &t[i..i + 20];
            if (w.starts_with(b"AKIA") || w.starts_with(b"ASIA"))
                && !at(t, i as isize - 1).is_ascii_alphanumeric()
                && !at(t, i as isize + 20).is_ascii_alphanumeric()
                && w[4..].iter().all(|&b| base32(b))
            {
                let v = &w[4..];
                let first = v[0];
                let example = memchr::memmem::find(w, b"EXAMPLE").is_some();
                if !example && !v.iter().all(|&b| b == first) {
                    let c = Candidate::new(&INFO, i, i + 20, t);
                    out.push(if w.starts_with(b"ASIA") {
                        c.severity(Severity::Medium)
                            .what("temporary AWS access key id (session credentials)")
                    } else {
                        c.what("AWS access key id")
                    });
                }
                i += 20;
            } else {
                i += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn finds_long_term_and_temporary_ids() {
        let h = check(
            &AwsAccessKey,
            "creds.ini",
            "aws_access_key_id = AKIAQYLPMN5HHHFPZAM2\nexport AWS_ACCESS_KEY_ID=\"ASIAY34FZKBOKMUTVV7A\"\n",
        );
        assert_eq!(h.len(), 2);
        assert_eq!(h[0], (1, "AKIAQYLPMN5HHHFPZAM2".into(), Severity::High));
        assert_eq!(h[1].2, Severity::Medium);
    }

    #[test]
    fn ignores_examples_wrong_alphabet_and_longer_words() {
        let src = "\
key = AKIAIOSFODNN7EXAMPLE
key = AKIAQYLPMN5HHHFPZ018
key = AKIAQYLPMN5HHHFPZAM2X
id = XAKIAQYLPMN5HHHFPZAM2
role = AROAQYLPMN5HHHFPZAM2
pad = AKIAAAAAAAAAAAAAAAAA
lower = akiaqylpmn5hhhfpzam2
";
        assert_eq!(check(&AwsAccessKey, "a.py", src), vec![]);
    }
}
