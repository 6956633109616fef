//! The side-by-side view and the starting file.

use std::time::Duration;
use threat_model::content::Content;
use tm_drill::{compare, grade, starter, MatchedBy, StrideSource};

const ON_BAR: Duration = Duration::from_secs(15 * 60);

#[test]
fn every_starter_parses_and_scores_nothing() {
    for s in &Content::embedded().unwrap().scenarios {
        let text = starter(s);
        assert!(text.contains(&s.title) && text.contains("threats: []"));
        let g = grade(&s.name, &text, ON_BAR)
            .unwrap_or_else(|e| panic!("{}: the starter does not parse: {e}", s.name));
        assert_eq!(g.score, 0, "{}: {:?}", s.name, g.components);
        assert!(g.found().next().is_none(), "{}", s.name);
    }
}

#[test]
fn the_reference_against_itself_matches_everything() {
    let s = Content::embedded()
        .unwrap()
        .scenario("payment-fraud")
        .unwrap();
    let g = grade(&s.name, s.yaml, ON_BAR).unwrap();
    let c = compare(&g, s.yaml).unwrap();
    assert_eq!(c.your_threats_source, StrideSource::Engine);
    assert_eq!(c.reference.len(), c.yours.len());
    for (r, y) in c.reference.iter().zip(&c.yours) {
        assert_eq!(r.counterpart.as_deref(), Some(y.id.as_str()));
        assert_eq!(y.counterpart.as_deref(), Some(r.id.as_str()));
        assert_eq!(r.key, y.key);
    }
    assert!(c.reference.iter().any(|r| r.key));
    let (hit, all) = c.threats_matched();
    assert!(all > 10 && hit == all, "{hit}/{all}");
    assert!(c.your_threats.iter().all(|t| t.matched));
    assert!(c
        .reference_threats
        .iter()
        .all(|t| !t.mitigations.is_empty() && t.mitigations.iter().all(|m| m.specific)));
}

/// Two elements, one flow drawn the other way round, two threats: one on
/// the paired flow in a category the engine finds there, one on an element
/// the reference does not have; one vague mitigation, one missing.
const PARTIAL: &str = r#"name: Partial answer
actors:
  - {id: customer, name: Shopper, kind: browser}
services:
  - {id: gateway, name: API Gateway (checkout API), kind: api-gateway}
  - {id: mailer, kind: generic}
flows:
  - {id: reply, from: gateway, to: customer, protocol: https}
threats:
  - id: t1
    title: Forged checkout request with a stolen session
    stride: [S]
    target: reply
    priority: high
    mitigations:
      - Use strong security
  - id: t2
    title: Mail server relays spam
    stride: [D]
    target: mailer
    priority: low
"#;

#[test]
fn a_partial_answer_shows_what_matched_and_what_did_not() {
    let g = grade("payment-fraud", PARTIAL, ON_BAR).unwrap();
    let c = compare(&g, PARTIAL).unwrap();
    assert_eq!(c.your_threats_source, StrideSource::UserThreats);

    let yours = |id: &str| c.yours.iter().find(|r| r.id == id).unwrap();
    let refs = |id: &str| c.reference.iter().find(|r| r.id == id).unwrap();
    assert_eq!(yours("customer").counterpart.as_deref(), Some("shopper"));
    assert_eq!(yours("gateway").matched_by, Some(MatchedBy::Name));
    assert_eq!(yours("reply").counterpart.as_deref(), Some("pay"));
    assert_eq!(
        yours("reply").matched_by,
        Some(MatchedBy::ReversedEndpoints)
    );
    assert!(yours("reply").key, "`pay` crosses a boundary");
    assert_eq!(yours("mailer").counterpart, None);
    assert_eq!(refs("payments").counterpart, None);
    assert_eq!(refs("shopper").counterpart.as_deref(), Some("customer"));

    let t1 = c
        .your_threats
        .iter()
        .find(|t| t.title.starts_with("Forged"))
        .unwrap();
    let t2 = c
        .your_threats
        .iter()
        .find(|t| t.title.starts_with("Mail"))
        .unwrap();
    assert_eq!(t1.target_id, "reply");
    assert_eq!(t1.mitigations.len(), 1);
    assert!(
        !t1.mitigations[0].specific,
        "vague: {:?}",
        g.mitigations.vague
    );
    assert_eq!(t2.mitigations.len(), 1);
    assert!(!t2.mitigations[0].specific && t2.mitigations[0].text.is_empty());
    assert!(!t2.matched, "the reference has no mailer");

    let spoof_on_pay = c
        .reference_threats
        .iter()
        .filter(|t| t.target_id == "pay" && t.stride == [report::Stride::Spoofing])
        .collect::<Vec<_>>();
    assert_eq!(t1.matched, !spoof_on_pay.is_empty());
    assert!(spoof_on_pay.iter().all(|t| t.matched));
    let (hit, all) = c.threats_matched();
    assert!(hit < all / 2, "{hit}/{all}");
    assert!(c
        .reference_threats
        .iter()
        .filter(|t| t.target_id == "payments")
        .all(|t| !t.matched));
}

#[test]
fn a_broken_answer_is_a_positioned_parse_error() {
    let g = grade(
        "payment-fraud",
        Content::embedded()
            .unwrap()
            .scenario("payment-fraud")
            .unwrap()
            .yaml,
        ON_BAR,
    )
    .unwrap();
    let e = compare(&g, "name: x\nactors: [\n").unwrap_err();
    assert!(!e.diagnostics().is_empty());
    assert!(e.diagnostics()[0].line >= 2, "{e}");
}
