//! `review-drill`: the timed secure-code-review drill.
//!
//! The knowledge lives in `content/drills/code-review/`: one source file per
//! snippet (Java, Python, JavaScript) with one to three planted
//! vulnerabilities and at least one safe decoy, a sibling answer key
//! `<name>.key.toml`, and `categories.toml`, the fixed vocabulary answers
//! and keys use. Everything is embedded at build time and validated when
//! loaded ([`catalog`]).
//!
//! [`grade()`] compares a candidate's answers (line, category, fix) with a
//! key: precision and recall with a line tolerance, decoys wrongly flagged,
//! fix quality from the key's remediation concepts, time against the 5 to 10
//! minute bar, and a 0-100 score. [`agree`] runs the `code-scan` engine on a
//! snippet and reports where it disagrees with the key, so the drill and the
//! scanner cannot drift apart.

pub mod agree;
pub mod catalog;
pub mod category;
pub mod error;
pub mod grade;

pub use catalog::{Catalog, Decoy, Key, Language, Snippet, Vuln};
pub use category::{Categories, Category};
pub use error::Error;
pub use grade::{grade, grade_with, Answer, Grade, GradeOptions, Pace, VulnResult};
