//! `code-scan`: taint-tracking secure code review for Java, Python and
//! JavaScript/TypeScript.
//!
//! Pipeline per file: tree-sitter parse (error-tolerant) -> lower to the
//! [`ir`] -> [`taint`] engine over the framework [`model`]s -> [`rules`]
//! -> inline suppressions -> [`report::Finding`]s. [`walk`] finds the files
//! of a tree and [`tree::scan_tree`] scans it in parallel; the CLI and
//! the web app render the results.

pub mod highlight;
pub mod ir;
pub mod lang;
pub mod lower;
pub mod model;
mod redact;
pub mod rules;
pub mod scan;
pub mod taint;
pub mod tree;
pub mod visit;
pub mod walk;

pub use lang::{Family, Lang};

/// Stack size for threads that call [`scan_source`]. Lowering and the
/// engine recurse once per syntax level, capped at
/// [`lower::MAX_DEPTH`] levels; unoptimised builds use several KiB per
/// level, so scanning threads get 16 MiB rather than the 2 MiB default.
pub const STACK_SIZE: usize = 16 << 20;
pub use scan::{scan_source, FileResult};
