//! `idor`: a BOLA/IDOR tester for HTTP APIs.
//!
//! Given a target, a scope allow-list, the operations (OpenAPI 3, HAR, or a
//! plain list) and two or more identities, it harvests the object ids each
//! identity owns, replays every object-referencing request as every other
//! identity and with no credentials, and compares the responses with the
//! owner's ([`compare`]). Verdicts are Autorize's: enforced, bypassed (a
//! confirmed IDOR), or needs review. The checks become report findings
//! ([`rules`]) mapped to the OWASP API Security Top 10 (2023) and CWE, with
//! the evidence pair redacted and trimmed, money at stake from the
//! `impact` crate, and chains (enumerable ids + BOLA = bulk leak) ranked
//! first.
//!
//! The network goes through [`http::Transport`]; [`http::Http`] is the real
//! one, with scope checks on every hop, a rate limit, concurrency, time-out,
//! body and redirect caps.

pub mod compare;
pub mod endpoint;
pub mod engine;
pub mod http;
pub mod identity;
pub mod import;
pub mod redact;
pub mod rules;
pub mod scope;
pub mod state;

pub use compare::{Detectors, Verdict};
pub use endpoint::Endpoint;
pub use engine::{run, Check, CheckKind, Options, Outcome, RunError, Session};
pub use http::{Http, HttpConfig, Transport};
pub use identity::Identity;
pub use scope::Scope;
pub use state::State;

/// The findings of a run, worst first.
pub fn findings(
    outcome: &Outcome,
    costs: &impact::CostModel,
    records: &std::collections::BTreeMap<String, u64>,
) -> Vec<report::Finding> {
    rules::findings(&rules::Ctx {
        outcome,
        costs,
        records,
    })
}

/// Rule metadata for SARIF.
pub fn rule_meta() -> Vec<report::sarif::RuleMeta> {
    rules::all()
        .iter()
        .map(|r| report::sarif::RuleMeta {
            id: r.id.into(),
            name: r.id.into(),
            short_description: r.title.into(),
            full_description: r.why.into(),
            help_markdown: format!("**{}**\n\n{}\n\nFix: {}", r.title, r.why, r.fix),
            default_severity: r.severity,
            tags: vec![
                format!("owasp-api/{}", r.owasp.to_ascii_lowercase()),
                "security".into(),
            ],
            cwe: vec![r.cwe],
        })
        .collect()
}
