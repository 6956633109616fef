//! `aws`: barraiser's live mode. The official AWS SDK for Rust behind the
//! pure engines.
//!
//! The engines (`iam`, `s3`, `identity`) never call AWS. They take data
//! (policy documents, bucket snapshots, identity inventories) and return
//! findings or plans. This crate is the only place that talks to AWS:
//! - it collects the data the engines read;
//! - it executes the plans they write, and only when the caller passes
//!   `--apply`;
//! - it sends findings to Security Hub.
//!
//! Every call goes through [`connect::Session`], which applies the standard
//! credential chain, `--profile`, `--region` and `--endpoint-url`. It also
//! sets the SDK's standard retry mode (exponential backoff with jitter on
//! throttling and 5xx) and assumes a role into each target account.

pub mod connect;
pub mod error;
pub mod iam;
pub mod identity;
pub mod s3;
pub mod securityhub;
pub mod testing;

pub use connect::{ConnectOptions, Session};
pub use error::LiveError;
