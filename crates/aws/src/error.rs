//! One error type for live mode, worded for the person at the terminal.

use aws_sdk_sts::error::{DisplayErrorContext, ProvideErrorMetadata};

/// A live-mode failure: which call failed, against what, and why, with a
/// hint on what to do. The CLI maps it to exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{operation}: {message}{}", hint.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
pub struct LiveError {
    /// The AWS operation, e.g. `s3:GetBucketPolicy on bucket logs-prod`.
    pub operation: String,
    /// The service's error code, when it sent one (`AccessDenied`, `Throttling`).
    pub code: Option<String>,
    pub message: String,
    pub hint: Option<String>,
}

impl LiveError {
    pub fn new(operation: impl Into<String>, message: impl Into<String>) -> Self {
        LiveError {
            operation: operation.into(),
            code: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Wrap an SDK error from `operation`. The SDK has already retried
    /// throttling and 5xx with backoff by the time this is called, so a
    /// throttling error here means the retries ran out.
    pub fn from_sdk<E, R>(
        operation: impl Into<String>,
        err: aws_sdk_sts::error::SdkError<E, R>,
    ) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: std::fmt::Debug + Send + Sync + 'static,
    {
        let code = err.code().map(str::to_string);
        // An answer that arrived but that the SDK could not read (an
        // emulator's wrong XML root, a proxy's HTML page) has no code:
        // report the innermost cause, not the whole raw response.
        let unreadable =
            code.is_none() && matches!(err, aws_sdk_sts::error::SdkError::ServiceError(_));
        let message = match err.message() {
            Some(m) => format!("{}: {m}", code.as_deref().unwrap_or("error")),
            None if unreadable => {
                let mut cause: &dyn std::error::Error = &err;
                while let Some(next) = cause.source() {
                    cause = next;
                }
                let text = cause.to_string();
                let text =
                    match text.find(" but got StartEl { name: Name { prefix: \"\", local: \"") {
                        Some(i) => {
                            let rest = &text[i + 52..];
                            let got = rest.split('"').next().unwrap_or("");
                            format!("{} but got {got}", &text[..i])
                        }
                        None => text.chars().take(300).collect(),
                    };
                format!("the answer could not be read: {text}")
            }
            None => DisplayErrorContext(&err).to_string(),
        };
        let hint = match code.as_deref() {
            Some("AccessDenied" | "AccessDeniedException" | "UnauthorizedOperation") => Some(
                "the credentials in use lack this permission; check --profile and the role's policy".to_string(),
            ),
            Some("Throttling" | "ThrottlingException" | "TooManyRequestsException" | "SlowDown") => Some(
                "AWS kept throttling after the retries with backoff; run again later or raise --max-attempts".to_string(),
            ),
            Some("ExpiredToken" | "ExpiredTokenException" | "InvalidClientTokenId") => {
                Some("the credentials are expired or unknown; refresh them (aws sso login) and retry".to_string())
            }
            None if unreadable => Some(
                "the endpoint answered in a shape the AWS SDK rejects (an emulator's bug, or a proxy in the way)".to_string(),
            ),
            None => Some("no answer from the service; check --region, --endpoint-url and the network".to_string()),
            _ => None,
        };
        LiveError {
            operation: operation.into(),
            code,
            message,
            hint,
        }
    }
}
