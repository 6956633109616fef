//! `report`: the shape every barraiser engine returns, and the writers that
//! render it.
//!
//! Every engine (threat model, code scan, automation, IDOR) produces
//! [`Finding`]s. Keeping one shape means every output format, the CI exit
//! code (`--fail-on`), Security Hub export and the web views work for all
//! engines at once.
//!
//! Writers never do terminal I/O: they return `String`s, and the CLI decides
//! where the bytes go. Output is deterministic: the same findings give
//! byte-identical output.

pub mod asff;
mod diagnostic;
mod finding;
pub mod markdown;
pub mod sarif;
mod severity;
pub mod text;

pub use diagnostic::Diagnostic;
pub use finding::{Category, Evidence, Finding, Location, Remediation, Span, Stride};
pub use severity::{Confidence, ParseLevelError, Severity};

/// Serialise any serde value as pretty JSON with a trailing newline.
///
/// All JSON written by barraiser goes through here so the formatting (two
/// spaces, key order as declared, final newline) is the same everywhere.
pub fn to_json_pretty<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string_pretty(value).expect("serialising plain data cannot fail");
    s.push('\n');
    s
}

/// The highest severity among `findings`, if any.
pub fn max_severity<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Option<Severity> {
    findings.into_iter().map(|f| f.severity).max()
}

/// True when any finding is at or above `threshold`: the `--fail-on` rule
/// behind exit code 1.
pub fn fails_on<'a>(findings: impl IntoIterator<Item = &'a Finding>, threshold: Severity) -> bool {
    findings.into_iter().any(|f| f.severity >= threshold)
}
