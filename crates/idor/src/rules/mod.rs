//! The findings, one rule a file. Each rule reads the checks of a run
//! through a [`Ctx`] and reports one finding per operation, located at the
//! operation (`GET /api/orders/{order_id}`), with the evidence pair, the
//! OWASP API Security Top 10 (2023) risk and CWE, the fix, and the money
//! at stake.

use crate::compare::Verdict;
use crate::endpoint::IdKind;
use crate::engine::{Check, CheckKind, Outcome};
use report::{Category, Confidence, Evidence, Finding, Location, Remediation, Severity};
use std::collections::BTreeMap;
use std::sync::Arc;

pub mod anonymous_access;
pub mod bfla;
pub mod bola_read;
pub mod bola_write;
pub mod chain_account_takeover;
pub mod chain_bulk_leak;
pub mod excessive_exposure;
pub mod mass_assignment;
pub mod needs_review;

/// A rule: metadata and check.
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// `API1:2023` ...
    pub owasp: &'static str,
    pub cwe: u32,
    pub why: &'static str,
    pub fix: &'static str,
    pub check: fn(&Ctx<'_>) -> Vec<Finding>,
}

/// Every rule, chains last (they read the others' findings).
pub fn all() -> &'static [Rule] {
    &[
        bola_read::RULE,
        bola_write::RULE,
        anonymous_access::RULE,
        bfla::RULE,
        mass_assignment::RULE,
        excessive_exposure::RULE,
        needs_review::RULE,
        chain_bulk_leak::RULE,
        chain_account_takeover::RULE,
    ]
}

/// What rules read.
pub struct Ctx<'a> {
    pub outcome: &'a Outcome,
    pub costs: &'a impact::CostModel,
    /// Records of each resource the API holds, when the user knows
    /// (`--records order=2000000`); otherwise the reach is estimated from
    /// the ids seen.
    pub records: &'a BTreeMap<String, u64>,
}

impl Ctx<'_> {
    /// Bypassed checks of `kind`, by operation.
    pub fn bypassed(&self, kind: CheckKind) -> BTreeMap<&str, Vec<&Check>> {
        let mut m: BTreeMap<&str, Vec<&Check>> = BTreeMap::new();
        for c in self
            .outcome
            .checks
            .iter()
            .filter(|c| c.kind == kind && c.verdict == Verdict::Bypassed)
        {
            m.entry(c.endpoint.as_str()).or_default().push(c);
        }
        m
    }

    /// How many records of `resource` one attacker can reach, and how that
    /// was worked out. Sequential integer ids put the whole range in
    /// reach; other ids only those an attacker can learn (the ones seen).
    pub fn reach(&self, resource: &str, kind: Option<IdKind>) -> (u64, String) {
        if let Some(&n) = self.records.get(resource) {
            return (n, format!("{n} {resource} records (given with --records)"));
        }
        let ids = self
            .outcome
            .seen_ids
            .get(resource)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let nums: Vec<i64> = ids.iter().filter_map(|s| s.parse().ok()).collect();
        if kind.is_none_or(|k| k == IdKind::Integer) && !nums.is_empty() && nums.len() == ids.len()
        {
            let (lo, hi) = (
                *nums.iter().min().expect("non-empty"),
                *nums.iter().max().expect("non-empty"),
            );
            let n = (hi - lo + 1).max(1) as u64;
            (n, format!("at least {n} {resource} records (ids {lo}-{hi} seen; sequential ids can be walked, pass --records {resource}=N for the real count)"))
        } else {
            let n = ids.len().max(1) as u64;
            (n, format!("{n} {resource} records whose ids were seen (ids are not sequential; pass --records {resource}=N)"))
        }
    }

    pub fn personal(&self, endpoint: &str, resource: &str) -> bool {
        resource == "user"
            || self
                .outcome
                .exposure
                .get(endpoint)
                .is_some_and(|x| !x.personal_fields.is_empty() || !x.secret_fields.is_empty())
    }
}

/// The evidence text of a group of checks: the first bypass in full, the
/// rest listed.
pub fn evidence(checks: &[&Check]) -> Evidence {
    let first = checks[0];
    let mut t = String::new();
    if let Some(o) = &first.owner_exchange {
        t.push_str(&format!(
            "as {} (owner): {} -> {}\n  {}\n",
            o.who, o.request, o.status, o.body
        ));
    }
    let a = &first.actor_exchange;
    t.push_str(&format!(
        "as {}: {} -> {}\n  {}\n",
        a.who, a.request, a.status, a.body
    ));
    t.push_str(&format!(
        "verdict: {} ({})",
        first.verdict.name(),
        first.reasons.join("; ")
    ));
    if checks.len() > 1 {
        let more: Vec<String> = checks[1..]
            .iter()
            .take(10)
            .map(|c| {
                format!(
                    "{} by {}",
                    if c.object.is_empty() {
                        "call"
                    } else {
                        &c.object
                    },
                    c.actor
                )
            })
            .collect();
        t.push_str(&format!(
            "\nalso {}: {}{}",
            first.verdict.name(),
            more.join(", "),
            if checks.len() > 11 { ", ..." } else { "" }
        ));
    }
    Evidence::Excerpt { text: t }
}

/// A finding of `rule` at operation `endpoint`.
#[allow(clippy::too_many_arguments)]
pub fn finding(
    rule: &Rule,
    endpoint: &str,
    message: String,
    severity: Severity,
    confidence: Confidence,
    evidence: Option<Evidence>,
    impact: Option<impact::Estimate>,
) -> Finding {
    let location = Location::Element {
        element: endpoint.to_string(),
        element_type: "endpoint".into(),
        span: None,
    };
    Finding {
        id: Finding::stable_id(rule.id, &location),
        rule_id: rule.id.into(),
        title: rule.title.into(),
        message,
        severity,
        confidence,
        categories: vec![Category::OwaspApi(rule.owasp.into()), Category::Cwe(rule.cwe)],
        location,
        evidence,
        remediation: vec![Remediation {
            id: Arc::from(rule.id),
            title: Arc::from(rule.title),
            service: Arc::from(""),
            parameter: Arc::from(rule.fix),
            metric: Arc::from("re-run `barraiser idor` with the same identities: every check of this operation is `enforced`"),
            in_place: false,
        }],
        impact,
    }
}

/// Money at stake for `records` records read (or changed).
pub fn estimate(
    ctx: &Ctx<'_>,
    records: u64,
    personal: bool,
    tamper: bool,
    level: u8,
) -> impact::Estimate {
    impact::Estimate::compute(
        &impact::Exposure {
            kind: if tamper {
                impact::ImpactKind::Tamper
            } else {
                impact::ImpactKind::Breach
            },
            records,
            downtime_hours: 0.0,
            personal_data: personal,
            likelihood: impact::Likelihood::from_level(level),
            mitigation_effectiveness: 0.0,
        },
        ctx.costs,
    )
}

/// Who could do it, for messages: "bob and anonymous".
pub fn actors(checks: &[&Check]) -> String {
    let mut v: Vec<&str> = checks.iter().map(|c| c.actor.as_str()).collect();
    v.sort();
    v.dedup();
    v.join(", ")
}

/// Run every rule.
pub fn findings(ctx: &Ctx<'_>) -> Vec<Finding> {
    let mut v: Vec<Finding> = all().iter().flat_map(|r| (r.check)(ctx)).collect();
    prioritise(&mut v);
    v
}

/// Worst first: severity, then money at stake, then id (stable output).
pub fn prioritise(v: &mut [Finding]) {
    v.sort_by(|a, b| {
        let money = |f: &Finding| f.impact.as_ref().map_or(0, |i| i.single_loss_usd);
        b.severity
            .cmp(&a.severity)
            .then(money(b).cmp(&money(a)))
            .then(a.id.cmp(&b.id))
    });
}
