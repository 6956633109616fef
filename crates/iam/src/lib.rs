//! `iam`: the IAM policy audit engine behind `barraiser iam audit`.
//!
//! Input is a policy document or the output of
//! `aws iam get-account-authorization-details` (see [`model`]); output is
//! [`report::Finding`]s. The engine is pure: no I/O, no process exit.

pub mod model;

pub use model::{AuthorizationDetails, PolicyDocument, Statement};

// The entry points, added with the rules:
//   pub fn audit(details: &AuthorizationDetails) -> Vec<report::Finding>
//   pub fn audit_policy(doc: &PolicyDocument, source: &PolicySource) -> Vec<report::Finding>
