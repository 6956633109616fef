//! Typed errors. Every content error names the file it comes from.

use thiserror::Error;

#[derive(Debug, Error, PartialEq, Eq)]
pub enum Error {
    /// A content file could not be parsed.
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    /// A content file parsed but breaks a rule of the drill.
    #[error("{file}: {message}")]
    Invalid { file: String, message: String },
}

impl Error {
    pub(crate) fn invalid(file: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            file: file.into(),
            message: message.into(),
        }
    }
}
