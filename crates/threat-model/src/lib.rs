//! `threat-model`: STRIDE-per-element and STRIDE-per-interaction threat
//! modeling with Zero-Trust checks, an AWS mitigation catalog, money impact,
//! prioritisation, a walkthrough script and a one-page canvas.
//!
//! Data flow: `parse` (YAML with spans, errors at file:line:col) ->
//! [`model::Model`] -> [`engine::analyze`] -> [`Analysis`] -> writers in
//! [`output`].

pub mod catalog;
pub mod content;
pub mod engine;
pub mod kinds;
pub mod model;
pub mod parse;
mod raw;
pub mod rules;

pub use engine::{analyze, Analysis, CriticalFlow, Threat};
pub use parse::{parse_bytes, parse_bytes_with, parse_str, parse_str_with};
pub mod diff;
pub mod lint;
pub mod output;
