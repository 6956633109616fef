//! Send findings to AWS Security Hub with BatchImportFindings.
//!
//! The findings come as ASFF JSON from `report::asff` (the same text
//! `--format asff` prints) and are converted field by field into the SDK's
//! typed `AwsSecurityFinding`. A field this converter does not know is an
//! error, never silently dropped; the 12 required fields (SchemaVersion,
//! Id, ProductArn, GeneratorId, AwsAccountId, Types, CreatedAt, UpdatedAt,
//! Severity, Title, Description, Resources) must be present.
//!
//! Limits respected:
//! - at most 100 findings per call;
//! - the API's rate limit (10 requests per second steady, bursts of 30) is
//!   kept by a token bucket, so a large export never trips throttling by
//!   itself; throttling from elsewhere is retried by the SDK with backoff
//!   and, if it persists, reported with what to do;
//! - every finding's AwsAccountId must be the caller's account (Security
//!   Hub rejects others, and importing into someone else's account is never
//!   what the user meant): checked against STS before anything is sent.

use crate::connect::Session;
use crate::LiveError;
use aws_sdk_securityhub::types as t;
use serde_json::Value;
use std::time::{Duration, Instant};

/// The most findings BatchImportFindings takes in one call.
pub const BATCH: usize = 100;
/// Steady rate (requests per second) and burst of BatchImportFindings.
pub const RATE_PER_SECOND: f64 = 10.0;
pub const BURST: f64 = 30.0;

/// The outcome of an import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub batches: usize,
    pub succeeded: usize,
    pub failed: usize,
    /// `(finding id, error code, message)` for each failed finding.
    pub failures: Vec<(String, String, String)>,
}

/// A token bucket: `take` waits until a token is available.
#[derive(Debug)]
pub struct TokenBucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    pub fn new(rate: f64, capacity: f64) -> Self {
        TokenBucket {
            rate,
            capacity,
            tokens: capacity,
            last: Instant::now(),
        }
    }

    /// How long to wait before the next request may go, taking its token.
    pub fn reserve(&mut self, now: Instant) -> Duration {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        self.tokens -= 1.0;
        if self.tokens >= 0.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64(-self.tokens / self.rate)
        }
    }

    pub async fn take(&mut self) {
        let wait = self.reserve(Instant::now());
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

fn bad(msg: impl Into<String>) -> LiveError {
    LiveError::new("securityhub:BatchImportFindings", msg.into())
        .with_hint("the ASFF must come from barraiser's --format asff (report::asff)")
}

fn string(v: &Value, key: &str, at: &str) -> Result<String, LiveError> {
    match v.get(key) {
        Some(Value::String(s)) if !s.is_empty() => Ok(s.clone()),
        Some(_) => Err(bad(format!("{at}: {key} must be a non-empty string"))),
        None => Err(bad(format!("{at}: the required field {key} is missing"))),
    }
}

fn opt_string(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn string_map(v: Option<&Value>, at: &str) -> Result<Vec<(String, String)>, LiveError> {
    match v {
        None => Ok(Vec::new()),
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|s| (k.clone(), s.to_string()))
                    .ok_or_else(|| bad(format!("{at}: {k} must be a string")))
            })
            .collect(),
        Some(_) => Err(bad(format!("{at} must be an object of strings"))),
    }
}

fn strings(v: Option<&Value>, at: &str) -> Result<Vec<String>, LiveError> {
    match v {
        Some(Value::Array(a)) if !a.is_empty() => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| bad(format!("{at} must hold strings")))
            })
            .collect(),
        _ => Err(bad(format!("{at} must be a non-empty list of strings"))),
    }
}

fn severity_label(v: &Value, at: &str) -> Result<(t::SeverityLabel, Option<String>), LiveError> {
    let label = v
        .get("Label")
        .and_then(Value::as_str)
        .ok_or_else(|| bad(format!("{at}.Label is missing")))?;
    let l = match label {
        "INFORMATIONAL" => t::SeverityLabel::Informational,
        "LOW" => t::SeverityLabel::Low,
        "MEDIUM" => t::SeverityLabel::Medium,
        "HIGH" => t::SeverityLabel::High,
        "CRITICAL" => t::SeverityLabel::Critical,
        other => {
            return Err(bad(format!(
                "{at}.Label `{other}` is not a Security Hub label"
            )))
        }
    };
    Ok((l, opt_string(v, "Original")))
}

fn confidence(v: Option<&Value>, at: &str) -> Result<Option<i32>, LiveError> {
    match v {
        None => Ok(None),
        Some(c) => c
            .as_u64()
            .filter(|c| *c <= 100)
            .map(|c| Some(c as i32))
            .ok_or_else(|| bad(format!("{at}: Confidence must be 0..=100"))),
    }
}

const KNOWN: &[&str] = &[
    "SchemaVersion",
    "Id",
    "ProductArn",
    "ProductName",
    "CompanyName",
    "GeneratorId",
    "AwsAccountId",
    "Types",
    "CreatedAt",
    "UpdatedAt",
    "Severity",
    "Confidence",
    "Title",
    "Description",
    "ProductFields",
    "Resources",
    "RecordState",
    "Workflow",
    "FindingProviderFields",
    "Remediation",
];

/// Convert one ASFF finding (as `report::asff::finding` writes it).
pub fn to_sdk(v: &Value) -> Result<t::AwsSecurityFinding, LiveError> {
    let obj = v
        .as_object()
        .ok_or_else(|| bad("a finding must be a JSON object"))?;
    let id = string(v, "Id", "finding")?;
    let at = format!("finding {id}");
    if let Some(k) = obj.keys().find(|k| !KNOWN.contains(&k.as_str())) {
        return Err(bad(format!(
            "{at}: field {k} is not supported by this exporter"
        )));
    }
    let (label, original) = severity_label(
        v.get("Severity")
            .ok_or_else(|| bad(format!("{at}: the required field Severity is missing")))?,
        &format!("{at}: Severity"),
    )?;
    let mut b = t::AwsSecurityFinding::builder()
        .schema_version(string(v, "SchemaVersion", &at)?)
        .id(id.clone())
        .product_arn(string(v, "ProductArn", &at)?)
        .generator_id(string(v, "GeneratorId", &at)?)
        .aws_account_id(string(v, "AwsAccountId", &at)?)
        .created_at(string(v, "CreatedAt", &at)?)
        .updated_at(string(v, "UpdatedAt", &at)?)
        .title(string(v, "Title", &at)?)
        .description(string(v, "Description", &at)?)
        .severity(
            t::Severity::builder()
                .label(label)
                .set_original(original)
                .build(),
        )
        .set_product_name(opt_string(v, "ProductName"))
        .set_company_name(opt_string(v, "CompanyName"))
        .set_confidence(confidence(v.get("Confidence"), &at)?);
    for ty in strings(v.get("Types"), &format!("{at}: Types"))? {
        b = b.types(ty);
    }
    for (k, val) in string_map(v.get("ProductFields"), &format!("{at}: ProductFields"))? {
        b = b.product_fields(k, val);
    }
    let resources = v
        .get("Resources")
        .and_then(Value::as_array)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| bad(format!("{at}: Resources must be a non-empty list")))?;
    for r in resources {
        let rat = format!("{at}: resource");
        let mut rb = t::Resource::builder()
            .r#type(string(r, "Type", &rat)?)
            .id(string(r, "Id", &rat)?)
            .set_region(opt_string(r, "Region"));
        if let Some(p) = opt_string(r, "Partition") {
            rb = rb.partition(t::Partition::from(p.as_str()));
        }
        if let Some(d) = r.get("Details") {
            let mut db = t::ResourceDetails::builder();
            for (k, val) in string_map(d.get("Other"), &format!("{rat} Details.Other"))? {
                db = db.other(k, val);
            }
            rb = rb.details(db.build());
        }
        b = b.resources(rb.build());
    }
    if let Some(s) = opt_string(v, "RecordState") {
        b = b.record_state(t::RecordState::from(s.as_str()));
    }
    if let Some(s) = v.pointer("/Workflow/Status").and_then(Value::as_str) {
        b = b.workflow(
            t::Workflow::builder()
                .status(t::WorkflowStatus::from(s))
                .build(),
        );
    }
    if let Some(fpf) = v.get("FindingProviderFields") {
        let mut fb = t::FindingProviderFields::builder();
        if let Some(sev) = fpf.get("Severity") {
            let (l, o) = severity_label(sev, &format!("{at}: FindingProviderFields.Severity"))?;
            fb = fb.severity(
                t::FindingProviderSeverity::builder()
                    .label(l)
                    .set_original(o)
                    .build(),
            );
        }
        if fpf.get("Types").is_some() {
            for ty in strings(
                fpf.get("Types"),
                &format!("{at}: FindingProviderFields.Types"),
            )? {
                fb = fb.types(ty);
            }
        }
        fb = fb.set_confidence(confidence(fpf.get("Confidence"), &at)?);
        b = b.finding_provider_fields(fb.build());
    }
    if let Some(text) = v
        .pointer("/Remediation/Recommendation/Text")
        .and_then(Value::as_str)
    {
        b = b.remediation(
            t::Remediation::builder()
                .recommendation(t::Recommendation::builder().text(text).build())
                .build(),
        );
    }
    Ok(b.build())
}

/// Import `findings` (ASFF JSON) into the caller's Security Hub.
pub async fn import_findings(
    session: &Session,
    findings: &[Value],
) -> Result<ImportSummary, LiveError> {
    Box::pin(import(session, findings)).await
}

async fn import(session: &Session, findings: &[Value]) -> Result<ImportSummary, LiveError> {
    let me = session.clone().whoami().await?;
    for f in findings {
        let acct = f.get("AwsAccountId").and_then(Value::as_str).unwrap_or("");
        if acct != me.account {
            return Err(LiveError::new(
                "securityhub:BatchImportFindings",
                format!(
                    "finding {} is for account {acct}, but the credentials belong to account {}",
                    f.get("Id").and_then(Value::as_str).unwrap_or("?"),
                    me.account
                ),
            )
            .with_hint("render the findings with the caller's account (live mode does this), or use credentials of the account they belong to"));
        }
    }
    // The SDK's finding type is large; in unoptimised builds a chain of its
    // builders needs more than a default thread stack, so convert on a
    // thread with room to spare.
    let owned = findings.to_vec();
    let converted = std::thread::Builder::new()
        .name("asff-convert".into())
        .stack_size(64 << 20)
        .spawn(move || owned.iter().map(to_sdk).collect::<Result<Vec<_>, _>>())
        .map_err(|e| {
            LiveError::new(
                "securityhub:BatchImportFindings",
                format!("cannot start a thread: {e}"),
            )
        })?
        .join()
        .map_err(|_| {
            LiveError::new(
                "securityhub:BatchImportFindings",
                "converting the findings failed",
            )
        })??;
    let client = session.security_hub();
    let mut bucket = TokenBucket::new(RATE_PER_SECOND, BURST);
    let mut summary = ImportSummary::default();
    let total = converted.len().div_ceil(BATCH);
    for (i, chunk) in converted.chunks(BATCH).enumerate() {
        bucket.take().await;
        let out = Box::pin(
            client
                .batch_import_findings()
                .set_findings(Some(chunk.to_vec()))
                .send(),
        )
        .await
            .map_err(|e| {
                let mut e = LiveError::from_sdk(
                    format!("securityhub:BatchImportFindings (batch {}/{total})", i + 1),
                    e,
                );
                if i > 0 {
                    let done = format!(
                        "the first {} batch{} ({} findings) were imported; re-running imports them again as updates, not duplicates",
                        i,
                        if i == 1 { "" } else { "es" },
                        summary.succeeded
                    );
                    e.hint = Some(match e.hint.take() {
                        Some(h) => format!("{h}; {done}"),
                        None => done,
                    });
                }
                e
            })?;
        summary.batches += 1;
        summary.succeeded += out.success_count().unwrap_or(0).max(0) as usize;
        summary.failed += out.failed_count().unwrap_or(0).max(0) as usize;
        for f in out.failed_findings() {
            summary.failures.push((
                f.id().unwrap_or_default().to_string(),
                f.error_code().unwrap_or_default().to_string(),
                f.error_message().unwrap_or_default().to_string(),
            ));
        }
    }
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bucket_allows_the_burst_then_paces_at_the_rate() {
        let start = Instant::now();
        let mut b = TokenBucket::new(10.0, 30.0);
        b.last = start;
        for _ in 0..30 {
            assert_eq!(b.reserve(start), Duration::ZERO);
        }
        let w = b.reserve(start);
        assert!((w.as_secs_f64() - 0.1).abs() < 1e-9, "{w:?}");
        // A second later ten more tokens are back (minus the one owed).
        let later = start + Duration::from_secs(1);
        let mut free = 0;
        while b.reserve(later).is_zero() {
            free += 1;
        }
        assert_eq!(free, 9);
    }
}
