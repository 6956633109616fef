//! `s3-access-logging-off`
//!
//! **What:** server access logging is not configured for the bucket.
//!
//! **Why:** access logs record every request (requester, operation, key,
//! source IP, TLS use). Without them, or CloudTrail data events, nobody can
//! tell after an incident what was read or deleted, and by whom.
//!
//! A bucket that other buckets deliver their logs to is not flagged:
//! logging a log bucket into itself loops, and into a third bucket only
//! moves the question.
//!
//! **Example:** `GetBucketLogging` answers with no `LoggingEnabled`.
//!
//! **Fix:** `aws s3api put-bucket-logging --bucket B --bucket-logging-status
//! '{"LoggingEnabled":{"TargetBucket":"LOG_BUCKET","TargetPrefix":"B/"}}'`;
//! the log bucket's policy must allow `logging.s3.amazonaws.com` to
//! `s3:PutObject` (the plan adds that statement).

use super::{bucket_finding, Ctx, Rule};
use crate::model::Setting;
use report::{Finding, Severity};

pub const RULE: Rule = Rule {
    id: "s3-access-logging-off",
    title: "Bucket access logging is off",
    severity: Severity::Low,
    cwe: 778,
    why: "Without access logs there is no record of who read or deleted what.",
    check,
};

fn check(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    for b in &ctx.snapshot.buckets {
        if !matches!(b.logging, Setting::NotConfigured) || ctx.log_targets.contains(b.name.as_str())
        {
            continue;
        }
        out.push(bucket_finding(
            ctx,
            &RULE,
            b,
            RULE.severity,
            format!("Bucket {} does not record server access logs.", b.name),
            vec!["GetBucketLogging: no LoggingEnabled".into()],
            "Turn on server access logging to a dedicated log bucket",
            format!(
                "aws s3api put-bucket-logging --bucket {n} --bucket-logging-status '{{\"LoggingEnabled\":{{\"TargetBucket\":\"LOG_BUCKET\",\"TargetPrefix\":\"{n}/\"}}}}'",
                n = b.name
            ),
            "AWS Config rule s3-bucket-logging-enabled: COMPLIANT",
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::rules::testutil::*;

    #[test]
    fn off_is_flagged_and_log_targets_are_exempt() {
        let mut a = account_with(clean("b"));
        assert!(run(&RULE, &a).is_empty());
        a.buckets[0].logging = Setting::NotConfigured;
        assert_eq!(run(&RULE, &a).len(), 1);
        let mut logs = clean("logs");
        logs.logging = Setting::NotConfigured;
        a.buckets[0].logging = Setting::Configured(Logging {
            target_bucket: "logs".into(),
            target_prefix: "b/".into(),
        });
        a.buckets.push(logs);
        assert!(run(&RULE, &a).is_empty());
    }
}
