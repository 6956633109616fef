//! AWS CloudTrail records, either as the `{"Records":[...]}` files CloudTrail
//! delivers to S3 (one per line, or pretty-printed over many lines) or as
//! JSON Lines with one record per line (CloudWatch Logs exports, Lake).
//!
//! Mapping to [`Event`]:
//! - `source` = `sourceIPAddress`, `user` = `userIdentity.userName`, else its
//!   `arn`, else `principalId`; `method` = `eventSource`, `path` = `eventName`.
//! - Authentication: `ConsoleLogin` with `responseElements.ConsoleLogin`
//!   `Failure`/`Success`; credential calls (`AssumeRole*`, `GetSessionToken`,
//!   `GetFederationToken`) fail when they carry an `errorCode`; any call with
//!   an access error code (`AccessDenied`, `UnauthorizedOperation`,
//!   `InvalidClientTokenId`, `SignatureDoesNotMatch`, ...) is a failure.
//! - `status`: 200 without `errorCode`, 403 for access errors, 400 for any
//!   other error.

use crate::event::{Auth, Event, Malformed};
use serde::Deserialize;
use std::borrow::Cow;

#[derive(Deserialize)]
pub struct Record<'a> {
    #[serde(rename = "eventTime", borrow, default)]
    event_time: Option<Cow<'a, str>>,
    #[serde(rename = "eventSource", borrow, default)]
    event_source: Option<Cow<'a, str>>,
    #[serde(rename = "eventName", borrow, default)]
    event_name: Option<Cow<'a, str>>,
    #[serde(rename = "sourceIPAddress", borrow, default)]
    source_ip: Option<Cow<'a, str>>,
    #[serde(rename = "userAgent", borrow, default)]
    user_agent: Option<Cow<'a, str>>,
    #[serde(rename = "errorCode", borrow, default)]
    error_code: Option<Cow<'a, str>>,
    #[serde(rename = "userIdentity", borrow, default)]
    identity: Option<Identity<'a>>,
    #[serde(rename = "responseElements", borrow, default)]
    response: Option<&'a serde_json::value::RawValue>,
}

#[derive(Deserialize)]
struct Identity<'a> {
    #[serde(rename = "userName", borrow, default)]
    user_name: Option<Cow<'a, str>>,
    #[serde(borrow, default)]
    arn: Option<Cow<'a, str>>,
    #[serde(rename = "principalId", borrow, default)]
    principal_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct ConsoleLogin<'a> {
    #[serde(rename = "ConsoleLogin", borrow, default)]
    result: Option<Cow<'a, str>>,
}

/// A CloudTrail delivery file: `{"Records": [...]}`.
#[derive(Deserialize)]
pub struct RecordsFile<'a> {
    #[serde(rename = "Records", borrow)]
    pub records: Vec<Record<'a>>,
}

fn is_access_error(code: &str) -> bool {
    const CODES: &[&str] = &[
        "AuthFailure",
        "InvalidClientTokenId",
        "SignatureDoesNotMatch",
        "IncompleteSignature",
        "InvalidAccessKeyId",
        "MissingAuthenticationToken",
        "ExpiredToken",
        "ExpiredTokenException",
        "NotAuthorized",
        "NotAuthorizedException",
        "Forbidden",
        "ForbiddenException",
        "InvalidIdentityToken",
        "AccountProblem",
    ];
    code.contains("AccessDenied") || code.contains("Unauthorized") || CODES.contains(&code)
}

fn is_credential_call(name: &str) -> bool {
    name.starts_with("AssumeRole")
        || matches!(
            name,
            "GetSessionToken" | "GetFederationToken" | "ConsoleLogin" | "GetSigninToken"
        )
}

/// Turn one record into an event and hand it to `emit`; records without a
/// time or a source address are malformed.
pub fn emit_record(r: &Record<'_>, emit: &mut dyn FnMut(&Event<'_>)) -> Result<(), Malformed> {
    let time = r
        .event_time
        .as_deref()
        .ok_or(Malformed("record has no eventTime"))?;
    let ts = crate::time::parse_iso(time.as_bytes()).ok_or(Malformed("bad eventTime"))?;
    let source = r
        .source_ip
        .as_deref()
        .ok_or(Malformed("record has no sourceIPAddress"))?;
    let name = r.event_name.as_deref().unwrap_or("");
    let error = r.error_code.as_deref();
    let mut auth = match error {
        Some(code) if is_access_error(code) => Auth::Failure,
        Some(_) if is_credential_call(name) => Auth::Failure,
        None if is_credential_call(name) => Auth::Success,
        _ => Auth::None,
    };
    if name == "ConsoleLogin" {
        if let Some(raw) = r.response {
            if let Ok(c) = serde_json::from_str::<ConsoleLogin<'_>>(raw.get()) {
                match c.result.as_deref() {
                    Some("Failure") => auth = Auth::Failure,
                    Some("Success") if error.is_none() => auth = Auth::Success,
                    _ => {}
                }
            }
        }
    }
    let status = match error {
        None => 200,
        Some(code) if is_access_error(code) => 403,
        Some(_) => 400,
    };
    let user = r
        .identity
        .as_ref()
        .and_then(|i| {
            i.user_name
                .as_deref()
                .or(i.arn.as_deref())
                .or(i.principal_id.as_deref())
        })
        .unwrap_or("");
    emit(&Event {
        ts,
        source: source.as_bytes(),
        user: user.as_bytes(),
        method: r.event_source.as_deref().unwrap_or("").as_bytes(),
        path: name.as_bytes(),
        status,
        user_agent: r.user_agent.as_deref().unwrap_or("").as_bytes(),
        auth,
        weight: 1,
    });
    Ok(())
}

/// One line: a record, or a whole `{"Records":[...]}` file on one line.
/// Returns the number of records that were malformed inside a Records
/// line (the line itself parsed).
pub fn parse_line(line: &[u8], emit: &mut dyn FnMut(&Event<'_>)) -> Result<u32, Malformed> {
    let trimmed = line.trim_ascii();
    if trimmed.first() != Some(&b'{') {
        return Err(Malformed("not a JSON object"));
    }
    // A Records file has the key near the start; a record never has it.
    let head = &trimmed[..trimmed.len().min(64)];
    if memchr::memmem::find(head, b"\"Records\"").is_some() {
        let f: RecordsFile<'_> =
            serde_json::from_slice(trimmed).map_err(|_| Malformed("invalid JSON"))?;
        let mut bad = 0;
        for r in &f.records {
            if emit_record(r, emit).is_err() {
                bad += 1;
            }
        }
        return Ok(bad);
    }
    let r: Record<'_> = serde_json::from_slice(trimmed).map_err(|_| Malformed("invalid JSON"))?;
    emit_record(&r, emit)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(line: &str) -> Vec<(String, String, String, u16, Auth)> {
        let mut v = Vec::new();
        parse_line(line.as_bytes(), &mut |e| {
            v.push((
                String::from_utf8_lossy(e.source).into(),
                String::from_utf8_lossy(e.user).into(),
                String::from_utf8_lossy(e.path).into(),
                e.status,
                e.auth,
            ))
        })
        .unwrap();
        v
    }

    #[test]
    fn console_login_failure_and_success() {
        let fail = r#"{"eventTime":"2024-03-03T10:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","sourceIPAddress":"198.51.100.9","userAgent":"Mozilla","errorMessage":"Failed authentication","userIdentity":{"type":"IAMUser","userName":"alice","arn":"arn:aws:iam::111122223333:user/alice"},"responseElements":{"ConsoleLogin":"Failure"}}"#;
        assert_eq!(
            events(fail),
            vec![(
                "198.51.100.9".into(),
                "alice".into(),
                "ConsoleLogin".into(),
                200,
                Auth::Failure
            )]
        );
        let ok = fail.replace("Failure", "Success");
        assert_eq!(events(&ok)[0].4, Auth::Success);
    }

    #[test]
    fn access_denied_and_assume_role() {
        let denied = r#"{"eventTime":"2024-03-03T10:00:00Z","eventSource":"s3.amazonaws.com","eventName":"ListBuckets","sourceIPAddress":"203.0.113.5","errorCode":"AccessDenied","userIdentity":{"arn":"arn:aws:iam::111122223333:user/bob"}}"#;
        let e = &events(denied)[0];
        assert_eq!(
            (e.1.as_str(), e.3, e.4),
            ("arn:aws:iam::111122223333:user/bob", 403, Auth::Failure)
        );
        let assume = r#"{"eventTime":"2024-03-03T10:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole","sourceIPAddress":"203.0.113.5","errorCode":"ValidationError","userIdentity":{"principalId":"AIDAEXAMPLE"}}"#;
        assert_eq!(events(assume)[0].4, Auth::Failure);
        assert_eq!(events(assume)[0].3, 400);
        let other = r#"{"eventTime":"2024-03-03T10:00:00Z","eventName":"DescribeInstances","sourceIPAddress":"ec2.amazonaws.com"}"#;
        assert_eq!(events(other)[0].4, Auth::None);
    }

    #[test]
    fn records_file_on_one_line() {
        let f = r#"{"Records":[{"eventTime":"2024-03-03T10:00:00Z","eventName":"GetSessionToken","sourceIPAddress":"1.1.1.1"},{"eventTime":"2024-03-03T10:00:01Z","eventName":"X","sourceIPAddress":"2.2.2.2"},{"eventName":"NoTime"}]}"#;
        let mut n = 0;
        let bad = parse_line(f.as_bytes(), &mut |_| n += 1).unwrap();
        assert_eq!((n, bad), (2, 1));
    }

    #[test]
    fn malformed() {
        assert!(parse_line(b"{\"eventTime\": ", &mut |_| {}).is_err());
        assert!(parse_line(b"[1,2]", &mut |_| {}).is_err());
        assert_eq!(
            parse_line(
                br#"{"eventName":"X","sourceIPAddress":"1.1.1.1"}"#,
                &mut |_| {}
            )
            .unwrap_err()
            .0,
            "record has no eventTime"
        );
    }
}
