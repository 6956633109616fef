//! AWS Security Finding Format (ASFF) for AWS Security Hub.
//!
//! [`render`] returns a JSON array of findings, the shape that
//! `aws securityhub batch-import-findings --findings file://out.json`
//! takes (the API accepts at most 100 per call; split larger files).
//! Every engine shares this writer, so a threat model, a code scan and an
//! IAM audit land in Security Hub the same way.
//!
//! Field choices:
//! - `ProductArn` is the account's default custom-integration product,
//!   `arn:aws:securityhub:<region>:<account>:product/<account>/default`,
//!   which every account may import into without registering a product.
//! - `Id` is `barraiser/<finding id>`, the same stable `rule@location` key
//!   the baselines use, so a re-import updates a finding instead of
//!   duplicating it; `GeneratorId` is `barraiser/<rule id>`.
//! - `Types` use the `Software and Configuration Checks` namespace:
//!   `Vulnerabilities/CWE-<n>` when the finding has a CWE, otherwise
//!   `AWS Security Best Practices`.
//! - Lengths are cut to the documented limits (Title 256, Description
//!   1024, Recommendation text 512, Id 512, ProductFields values 2048) on a
//!   character boundary, so an import never fails on a long message.
//! - Times are passed in: output is deterministic for a given time.

use crate::{Confidence, Finding, Location};
use serde_json::{json, Map, Value};

/// Where and when the findings are imported.
#[derive(Debug, Clone)]
pub struct Context {
    /// Twelve digits.
    pub account_id: String,
    /// e.g. `us-east-1`.
    pub region: String,
    /// RFC 3339 UTC time (`2026-11-23T10:00:00Z`) for CreatedAt/UpdatedAt.
    pub now: String,
}

/// Why a [`Context`] cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ContextError {
    #[error("AWS account id `{0}` is not 12 digits")]
    Account(String),
    #[error("AWS region `{0}` does not look like a region (e.g. us-east-1)")]
    Region(String),
}

impl Context {
    /// Check the account id and region before rendering.
    pub fn new(account_id: &str, region: &str, now: String) -> Result<Context, ContextError> {
        if account_id.len() != 12 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ContextError::Account(account_id.to_string()));
        }
        let parts: Vec<&str> = region.split('-').collect();
        if parts.len() < 3
            || !parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
            || !parts
                .last()
                .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(ContextError::Region(region.to_string()));
        }
        Ok(Context {
            account_id: account_id.to_string(),
            region: region.to_string(),
            now,
        })
    }

    fn partition(&self) -> &'static str {
        if self.region.starts_with("cn-") {
            "aws-cn"
        } else if self.region.starts_with("us-gov-") {
            "aws-us-gov"
        } else {
            "aws"
        }
    }
}

/// Cut `s` to at most `max` characters, marking the cut with `…`.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// `s`, or `fallback` when `s` is blank (ASFF rejects empty strings).
fn or<'a>(s: &'a str, fallback: &'a str) -> &'a str {
    if s.trim().is_empty() {
        if fallback.trim().is_empty() {
            "barraiser finding"
        } else {
            fallback
        }
    } else {
        s
    }
}

fn confidence(c: Confidence) -> u8 {
    match c {
        Confidence::High => 90,
        Confidence::Medium => 60,
        Confidence::Low => 30,
    }
}

fn types(f: &Finding) -> Vec<String> {
    match f.cwes().next() {
        Some(n) => vec![format!(
            "Software and Configuration Checks/Vulnerabilities/CWE-{n}"
        )],
        None => vec!["Software and Configuration Checks/AWS Security Best Practices".into()],
    }
}

fn resource(ctx: &Context, f: &Finding) -> Value {
    let mut details = Map::new();
    let id = match &f.location {
        Location::File(s) => {
            details.insert("path".into(), json!(cut(&s.path, 1024)));
            details.insert("line".into(), json!(s.start_line.to_string()));
            details.insert("column".into(), json!(s.start_column.to_string()));
            s.path.clone()
        }
        Location::Element {
            element,
            element_type,
            span,
        } => {
            details.insert("element".into(), json!(cut(element, 1024)));
            details.insert("elementType".into(), json!(element_type));
            if let Some(s) = span {
                details.insert("path".into(), json!(cut(&s.path, 1024)));
                details.insert("line".into(), json!(s.start_line.to_string()));
            }
            format!("{element_type}/{element}")
        }
    };
    json!({
        "Type": "Other",
        "Id": cut(&id, 512),
        "Partition": ctx.partition(),
        "Region": ctx.region,
        "Details": { "Other": details },
    })
}

/// One ASFF finding.
pub fn finding(ctx: &Context, f: &Finding) -> Value {
    let severity = json!({
        "Label": f.severity.asff_label(),
        "Original": f.severity.as_str(),
    });
    let types = types(f);
    let conf = confidence(f.confidence);
    let mut product_fields = Map::new();
    product_fields.insert("barraiser/RuleId".into(), json!(cut(&f.rule_id, 2048)));
    product_fields.insert(
        "barraiser/Location".into(),
        json!(cut(&f.location.key(), 2048)),
    );
    product_fields.insert("barraiser/Confidence".into(), json!(f.confidence.as_str()));
    if let Some(x) = f.excerpt() {
        product_fields.insert("barraiser/Excerpt".into(), json!(cut(x.trim(), 2048)));
    }
    let mut v = json!({
        "SchemaVersion": "2018-10-08",
        "Id": cut(&format!("barraiser/{}", f.id), 512),
        "ProductArn": format!(
            "arn:{}:securityhub:{}:{}:product/{}/default",
            ctx.partition(), ctx.region, ctx.account_id, ctx.account_id
        ),
        "ProductName": "barraiser",
        "CompanyName": "barraiser",
        "GeneratorId": cut(&format!("barraiser/{}", f.rule_id), 512),
        "AwsAccountId": ctx.account_id,
        "Types": types,
        "CreatedAt": ctx.now,
        "UpdatedAt": ctx.now,
        "Severity": severity,
        "Confidence": conf,
        "Title": cut(or(&f.title, &f.rule_id), 256),
        "Description": cut(or(&f.message, or(&f.title, &f.rule_id)), 1024),
        "ProductFields": product_fields,
        "Resources": [resource(ctx, f)],
        "RecordState": "ACTIVE",
        "Workflow": { "Status": "NEW" },
        "FindingProviderFields": {
            "Severity": severity,
            "Types": types,
            "Confidence": conf,
        },
    });
    if let Some(r) = f.remediation.first() {
        let text = if r.parameter.is_empty() {
            r.title.to_string()
        } else {
            format!("{}\n{}", r.title, r.parameter)
        };
        v["Remediation"] = json!({ "Recommendation": { "Text": cut(&text, 512) } });
    }
    v
}

/// All findings as a JSON array (with a trailing newline).
pub fn render(ctx: &Context, findings: &[Finding]) -> String {
    let all: Vec<Value> = findings.iter().map(|f| finding(ctx, f)).collect();
    crate::to_json_pretty(&all)
}

/// Check one rendered finding against the ASFF rules Security Hub
/// enforces on import: required fields, formats and length limits.
/// Returns every problem found.
pub fn validate(v: &Value) -> Vec<String> {
    let mut errs = Vec::new();
    let s = |k: &str| v.get(k).and_then(Value::as_str);
    for k in [
        "SchemaVersion",
        "Id",
        "ProductArn",
        "GeneratorId",
        "AwsAccountId",
        "CreatedAt",
        "UpdatedAt",
        "Title",
        "Description",
    ] {
        match s(k) {
            None => errs.push(format!("{k} is missing or not a string")),
            Some("") => errs.push(format!("{k} is empty")),
            Some(_) => {}
        }
    }
    if s("SchemaVersion") != Some("2018-10-08") {
        errs.push("SchemaVersion must be 2018-10-08".into());
    }
    let len = |k: &str, max: usize, errs: &mut Vec<String>| {
        if s(k).is_some_and(|x| x.chars().count() > max) {
            errs.push(format!("{k} is longer than {max} characters"));
        }
    };
    len("Title", 256, &mut errs);
    len("Description", 1024, &mut errs);
    len("Id", 512, &mut errs);
    len("GeneratorId", 512, &mut errs);
    if !s("AwsAccountId").is_some_and(|a| a.len() == 12 && a.bytes().all(|b| b.is_ascii_digit())) {
        errs.push("AwsAccountId must be 12 digits".into());
    }
    if !s("ProductArn").is_some_and(|a| {
        a.starts_with("arn:aws") && a.contains(":securityhub:") && a.contains(":product/")
    }) {
        errs.push("ProductArn is not a Security Hub product ARN".into());
    }
    for k in ["CreatedAt", "UpdatedAt"] {
        if !s(k).is_some_and(rfc3339_utc) {
            errs.push(format!("{k} is not an RFC 3339 UTC time"));
        }
    }
    const NAMESPACES: [&str; 5] = [
        "Software and Configuration Checks",
        "TTPs",
        "Effects",
        "Unusual Behaviors",
        "Sensitive Data Identifications",
    ];
    match v.get("Types").and_then(Value::as_array) {
        Some(ts) if !ts.is_empty() && ts.len() <= 50 => {
            for t in ts {
                let t = t.as_str().unwrap_or("");
                let parts: Vec<&str> = t.split('/').collect();
                if parts.len() > 3 || !NAMESPACES.contains(&parts[0]) {
                    errs.push(format!("Type `{t}` is not namespace/category/classifier"));
                }
            }
        }
        _ => errs.push("Types must hold 1 to 50 entries".into()),
    }
    let label = v.pointer("/Severity/Label").and_then(Value::as_str);
    if !matches!(
        label,
        Some("INFORMATIONAL" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL")
    ) {
        errs.push("Severity.Label is missing or unknown".into());
    }
    if let Some(c) = v.get("Confidence") {
        if c.as_u64().is_none_or(|c| c > 100) {
            errs.push("Confidence must be 0..=100".into());
        }
    }
    if v.pointer("/Remediation/Recommendation/Text")
        .and_then(Value::as_str)
        .is_some_and(|t| t.chars().count() > 512)
    {
        errs.push("Remediation.Recommendation.Text is longer than 512 characters".into());
    }
    if let Some(pf) = v.get("ProductFields").and_then(Value::as_object) {
        if pf.len() > 50 {
            errs.push("ProductFields has more than 50 entries".into());
        }
        for (k, val) in pf {
            if k.chars().count() > 128 || val.as_str().is_none_or(|x| x.chars().count() > 2048) {
                errs.push(format!("ProductFields `{k}` breaks the key/value limits"));
            }
        }
    }
    match v.get("Resources").and_then(Value::as_array) {
        Some(rs) if !rs.is_empty() && rs.len() <= 32 => {
            for r in rs {
                if r.get("Type")
                    .and_then(Value::as_str)
                    .is_none_or(str::is_empty)
                    || r.get("Id")
                        .and_then(Value::as_str)
                        .is_none_or(str::is_empty)
                {
                    errs.push("every resource needs a Type and an Id".into());
                }
            }
        }
        _ => errs.push("Resources must hold 1 to 32 entries".into()),
    }
    errs
}

/// `YYYY-MM-DDTHH:MM:SS[.fff]Z`
fn rfc3339_utc(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19)
        && s.ends_with('Z')
}

/// Format Unix seconds as an RFC 3339 UTC time (days-from-civil inverse,
/// H. Hinnant's algorithm), so callers need no date crate.
pub fn rfc3339_from_unix(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_times_format_as_rfc3339() {
        assert_eq!(rfc3339_from_unix(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_from_unix(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339_from_unix(1_795_435_200), "2026-11-23T12:00:00Z");
        assert!(rfc3339_utc(&rfc3339_from_unix(4_102_444_799)));
    }

    #[test]
    fn context_rejects_bad_accounts_and_regions() {
        let now = "2026-11-23T00:00:00Z".to_string();
        assert!(Context::new("123456789012", "eu-west-1", now.clone()).is_ok());
        assert!(Context::new("1234567890123", "eu-west-1", now.clone()).is_err());
        assert_eq!(
            Context::new("12345", "eu-west-1", now.clone()).unwrap_err(),
            ContextError::Account("12345".into())
        );
        assert!(Context::new("123456789012", "mars", now.clone()).is_err());
        assert!(Context::new("123456789012", "us-gov-west-1", now).is_ok());
    }

    #[test]
    fn cut_respects_characters() {
        assert_eq!(cut("ééé", 3), "ééé");
        assert_eq!(cut("éééé", 3), "éé…");
        assert_eq!(cut("éééé", 3).chars().count(), 3);
    }
}
