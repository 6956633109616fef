//! `threat-model`: STRIDE-per-element and STRIDE-per-interaction threat
//! modeling with Zero-Trust checks, an AWS mitigation catalog, money impact,
//! prioritisation, a walkthrough script and a one-page canvas.
//!
//! Data flow: `parse` (YAML with spans, errors at file:line:col) ->
//! [`model::Model`] -> [`engine::analyze`] -> [`Analysis`] -> writers in
//! [`output`].

pub mod catalog;
pub mod content;
pub mod kinds;
pub mod model;
mod raw;
pub mod rules;
pub mod engine;
pub mod parse;

pub use engine::{analyze, Analysis, CriticalFlow, Threat};
pub use parse::{parse_bytes, parse_bytes_with, parse_str, parse_str_with};
pub mod output;
pub mod lint;
pub mod diff;
