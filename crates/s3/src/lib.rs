//! `s3`: the S3 audit and remediation engine. Pure: it reads a snapshot of
//! an account's S3 settings and returns findings and a remediation plan. It
//! never calls AWS; the `aws` crate collects snapshots and applies plans.
//!
//! # Findings
//! One rule per file in [`rules`]:
//! - `s3-account-public-access-block-off`, `s3-bucket-public-access-block-off`:
//!   Block Public Access off at the account or bucket level;
//! - `s3-acl-public`: an ACL grant to AllUsers or AuthenticatedUsers;
//! - `s3-policy-public`: an Allow for Principal `*` without a restricting
//!   condition (Deny statements are never exposure);
//! - `s3-no-default-encryption`;
//! - `s3-no-tls-deny`: no Deny on `aws:SecureTransport` false;
//! - `s3-versioning-off`, `s3-mfa-delete-off`: on sensitive buckets (tags or
//!   name, [`sensitivity`]);
//! - `s3-access-logging-off`.
//!
//! # The snapshot format (`barraiser s3 audit SNAPSHOT.json`)
//! `barraiser s3 audit --live --save-snapshot F` writes one. By hand:
//!
//! ```json
//! {
//!   "version": 1,
//!   "account_id": "123456789012",
//!   "partition": "aws",
//!   "public_access_block": {"BlockPublicAcls": true, "IgnorePublicAcls": true,
//!                           "BlockPublicPolicy": true, "RestrictPublicBuckets": true},
//!   "buckets": [
//!     {
//!       "name": "acme-pii-exports",
//!       "region": "eu-west-1",
//!       "public_access_block": null,
//!       "acl": {"Owner": "abc...", "Grants": [
//!         {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/global/AllUsers"},
//!          "Permission": "READ"}]},
//!       "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[...]}",
//!       "encryption": {"Rules": [{"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/s3",
//!                                 "BucketKeyEnabled": true}]},
//!       "versioning": {"Status": "Enabled", "MfaDelete": "Disabled"},
//!       "logging": {"TargetBucket": "acme-logs", "TargetPrefix": "acme-pii-exports/"},
//!       "tags": {"data-classification": "pii"}
//!     }
//!   ]
//! }
//! ```
//!
//! Every setting takes three forms: `null` or left out means S3 answered
//! that it is not configured; `{"unknown": "why"}` means it could not be
//! read (the audit then neither flags nor clears it, and lists it); any
//! other value is the configuration, in the field names of the S3 API.
//! `policy` is the policy document as a string, exactly as
//! GetBucketPolicy returns it: a policy that is not valid JSON is reported
//! with its line and column and the rest of the report is still produced.
//! Unknown fields are errors, so a typo is not silently ignored.

pub mod model;
pub mod plan;
pub mod policy;
pub mod rules;
pub mod sensitivity;

pub use model::{AccountSnapshot, BucketSnapshot, Setting};
pub use plan::{plan, simulate, Action, Manual, Plan, PlanOptions};
pub use sensitivity::Sensitivity;

use report::{Diagnostic, Finding};

/// Snapshots larger than this are refused before parsing (an account has
/// at most a few thousand buckets; a policy is at most 20 KB).
pub const MAX_SNAPSHOT_BYTES: usize = 512 * 1024 * 1024;

/// The result of an audit.
#[derive(Debug, Clone, PartialEq)]
pub struct Audit {
    /// Sorted by rule, then location.
    pub findings: Vec<Finding>,
    /// Policies that could not be parsed: the line and column are inside
    /// the policy document; the rest of the report is complete.
    pub diagnostics: Vec<Diagnostic>,
    /// Settings that could not be read, `(what, why)`, sorted.
    pub unknown: Vec<(String, String)>,
    pub buckets: usize,
}

/// Audit a snapshot. `origin` names it in diagnostics (the file, or
/// `live`).
pub fn audit(snapshot: &AccountSnapshot, sensitivity: &Sensitivity, origin: &str) -> Audit {
    let ctx = rules::Ctx::new(snapshot, sensitivity);
    let mut findings: Vec<Finding> = rules::all().iter().flat_map(|r| (r.check)(&ctx)).collect();
    findings.sort_by(|a, b| {
        (&a.rule_id, a.location.key(), &a.id).cmp(&(&b.rule_id, b.location.key(), &b.id))
    });
    let mut diagnostics: Vec<Diagnostic> = ctx
        .policies
        .iter()
        .filter_map(|(name, p)| p.as_ref().err().map(|e| (name, e)))
        .map(|(name, e)| {
            Diagnostic::new(
                format!("s3://{name}?policy"),
                e.line,
                e.column,
                format!("the policy of bucket {name} cannot be read: {}", e.message),
            )
            .with_help(format!(
                "fix the policy text of bucket {name} in {origin}; the public-policy and TLS rules skipped this bucket, the other rules ran"
            ))
        })
        .collect();
    diagnostics.sort();
    Audit {
        findings,
        diagnostics,
        unknown: snapshot.unknowns(),
        buckets: snapshot.buckets.len(),
    }
}

/// Parse a snapshot file. Errors name the file, line and column.
pub fn parse_snapshot(path: &str, bytes: &[u8]) -> Result<AccountSnapshot, Diagnostic> {
    let text = Diagnostic::check_text(path, bytes)?;
    let snap: AccountSnapshot = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let msg = match msg.rfind(" at line ") {
            Some(i) => msg[..i].to_string(),
            None => msg,
        };
        Diagnostic::new(
            path,
            e.line().max(1) as u32,
            e.column().max(1) as u32,
            format!("not a valid S3 snapshot: {msg}"),
        )
        .with_help("see the snapshot format in `barraiser s3 audit --help`, or write one with `barraiser s3 audit --live --save-snapshot FILE`")
    })?;
    if snap.version != 1 {
        return Err(Diagnostic::new(
            path,
            find_line(text, "\"version\""),
            1,
            format!("snapshot version {} is not supported", snap.version),
        )
        .with_help("this barraiser reads version 1 snapshots"));
    }
    if let Some(a) = &snap.account_id {
        if a.len() != 12 || !a.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Diagnostic::new(
                path,
                find_line(text, "\"account_id\""),
                1,
                format!("account_id `{a}` is not 12 digits"),
            ));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for b in &snap.buckets {
        if b.name.is_empty() {
            return Err(Diagnostic::new(path, 1, 1, "a bucket has an empty name"));
        }
        if !seen.insert(b.name.as_str()) {
            return Err(Diagnostic::new(
                path,
                find_nth_line(text, &format!("\"{}\"", b.name), 2),
                1,
                format!("bucket {} is listed twice", b.name),
            )
            .with_help("keep one entry per bucket"));
        }
    }
    Ok(snap)
}

fn find_line(text: &str, needle: &str) -> u32 {
    find_nth_line(text, needle, 1)
}

fn find_nth_line(text: &str, needle: &str, n: usize) -> u32 {
    text.match_indices(needle)
        .nth(n.saturating_sub(1))
        .map(|(i, _)| text[..i].matches('\n').count() as u32 + 1)
        .unwrap_or(1)
}

/// SARIF metadata for every rule.
pub fn rule_meta() -> Vec<report::sarif::RuleMeta> {
    rules::all()
        .iter()
        .map(|r| report::sarif::RuleMeta {
            id: r.id.into(),
            name: r.id.into(),
            short_description: r.title.into(),
            full_description: r.why.into(),
            help_markdown: format!("**{}**\n\n{}", r.title, r.why),
            default_severity: r.severity,
            tags: vec!["aws/s3".into()],
            cwe: vec![r.cwe],
        })
        .collect()
}

#[cfg(test)]
mod tests;
