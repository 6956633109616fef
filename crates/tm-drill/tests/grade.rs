use std::time::Duration;
use threat_model::content::Content;
use tm_drill::{grade, CriticalStatus, GradeError, MatchedBy, Pace, StrideSource};

const ON_BAR: Duration = Duration::from_secs(15 * 60);

fn reference(name: &str) -> &'static str {
    Content::embedded().unwrap().scenario(name).unwrap().yaml
}

#[test]
fn every_scenario_reference_grades_at_least_90_against_itself() {
    let names = tm_drill::scenarios().unwrap();
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        let minutes = Content::embedded().unwrap().scenario(name).unwrap().minutes;
        let elapsed = Duration::from_secs(u64::from(minutes) * 60);
        let g = grade(name, reference(name), elapsed).unwrap();
        let missing: Vec<&str> = g.missing().map(|k| k.reference_id.as_str()).collect();
        assert!(missing.is_empty(), "{name}: missing {missing:?}");
        assert!(
            g.key_items.len() >= 6,
            "{name}: {} key items",
            g.key_items.len()
        );
        assert!(
            g.key_items
                .iter()
                .all(|k| k.matched_by == Some(MatchedBy::Id)
                    || k.matched_by == Some(MatchedBy::Endpoints)),
            "{name}: a reference matches itself exactly"
        );
        assert!(g.missing_stride().is_empty(), "{name}");
        assert!(
            g.critical_flow.status.identified(),
            "{name}: {:?}",
            g.critical_flow
        );
        assert_eq!(g.stride_source, StrideSource::Engine);
        assert!(g.score >= 90, "{name}: {} {:?}", g.score, g.components);
    }
}

/// Two elements, one flow that is not the critical one, one threat with a
/// vague mitigation and no priority, no `critical_flow`.
const THIN: &str = "name: Quick answer
actors:
  - {id: shopper, kind: browser}
services:
  - {id: checkout, kind: lambda}
flows:
  - {id: buy, from: shopper, to: checkout}
threats:
  - id: t1
    title: Someone steals card data
    stride: [I]
    target: buy
    mitigations:
      - Use encryption
";

#[test]
fn a_thin_model_scores_low_with_the_right_missing_items() {
    let g = grade("payment-fraud", THIN, Duration::from_secs(9 * 60)).unwrap();
    assert!(g.score <= 25, "score {} {:?}", g.score, g.components);

    let found: Vec<&str> = g.found().map(|k| k.reference_id.as_str()).collect();
    assert_eq!(found, ["shopper", "checkout"]);
    let missing: Vec<&str> = g.missing().map(|k| k.reference_id.as_str()).collect();
    for id in ["edge", "payments", "fraud", "pay", "store-token", "score"] {
        assert!(
            missing.contains(&id),
            "{id} not reported missing: {missing:?}"
        );
    }

    assert_eq!(g.stride_source, StrideSource::UserThreats);
    let letters: String = g.missing_stride().iter().map(|c| c.letter()).collect();
    assert_eq!(letters, "STRDE");

    assert_eq!(
        g.critical_flow.status,
        CriticalStatus::Missing { your_choice: None }
    );
    assert_eq!(g.critical_flow.engine_flow, "pay");
    assert_eq!(g.critical_flow.author_flow.as_deref(), Some("store-token"));

    assert_eq!(g.mitigations.total, 1);
    assert_eq!(g.mitigations.specific, 0);
    assert_eq!(g.mitigations.vague.len(), 1);
    let v = &g.mitigations.vague[0];
    assert_eq!(
        (v.threat.as_str(), v.text.as_str()),
        ("t1", "Use encryption")
    );
    assert_eq!((v.line, v.column), (14, 9));

    let rules: Vec<&str> = g.red_flags.iter().map(|f| f.rule_id.as_str()).collect();
    for r in [
        "lint/missing-critical-flow",
        "lint/missing-priority",
        "lint/vague-mitigation",
    ] {
        assert!(rules.contains(&r), "{r} not in {rules:?}");
    }
    let scored: Vec<&str> = g
        .red_flags
        .iter()
        .filter(|f| f.scored)
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(scored, ["lint/missing-priority"]);
    assert_eq!(g.pace, Pace::Fast);
}

#[test]
fn malformed_yaml_gives_a_positioned_error() {
    let bad = "name: broken\nactors:\n  - {id: a, kind: browser\nflows: []\n";
    let err = grade("payment-fraud", bad, ON_BAR).unwrap_err();
    let GradeError::Parse(d) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(d[0].path, tm_drill::ANSWER_PATH);
    assert!(d[0].line >= 3, "{:?}", d[0]);
    assert!(err.to_string().starts_with("answer.yaml:"), "{err}");

    let unknown_ref =
        "name: x\nactors:\n  - {id: a, kind: browser}\nflows:\n  - {id: f, from: a, to: nowhere}\n";
    let err = tm_drill::grade_at("mine.yaml", "payment-fraud", unknown_ref, ON_BAR).unwrap_err();
    let d = err.diagnostics();
    assert_eq!(
        (d[0].path.as_str(), d[0].line, d[0].column),
        ("mine.yaml", 5, 26)
    );
    assert!(d[0].message.contains("nowhere"), "{}", d[0].message);

    let err = grade("payment-fraud", "   \n", ON_BAR).unwrap_err();
    assert_eq!(err.diagnostics().len(), 1);
}

#[test]
fn unknown_scenario_lists_the_known_ones() {
    let err = grade("no-such-thing", THIN, ON_BAR).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("no-such-thing") && msg.contains("payment-fraud"),
        "{msg}"
    );
}

#[test]
fn own_threats_replace_the_engine_categories() {
    let yaml = format!(
        "{}\nthreats:\n  - id: t1\n    title: Forged shopper session\n    stride: [S, E]\n    target: pay\n    priority: high\n    mitigations:\n      - \"Cognito user pool with MFA; access tokens expire after 15 minutes\"\n",
        reference("payment-fraud")
    );
    let g = grade("payment-fraud", &yaml, ON_BAR).unwrap();
    assert_eq!(g.stride_source, StrideSource::UserThreats);
    let letters: String = g.missing_stride().iter().map(|c| c.letter()).collect();
    assert_eq!(letters, "TRID");
    assert!(g.mitigations.vague.is_empty(), "{:?}", g.mitigations.vague);
    // Listing threats makes uncovered flows count: the other seven crossing
    // flows have no threat.
    let uncovered = g
        .red_flags
        .iter()
        .filter(|f| f.rule_id == "lint/uncovered-flow" && f.scored)
        .count();
    assert_eq!(uncovered, 7);
    assert_eq!(g.red_flag_factor, 0.0);
    let full = grade("payment-fraud", reference("payment-fraud"), ON_BAR).unwrap();
    assert!(g.score < full.score, "{} vs {}", g.score, full.score);
}

#[test]
fn renamed_elements_match_by_name_and_kind() {
    // The reference with every element id changed: matching falls back to
    // names, and the flows follow their endpoints.
    let mut yaml = reference("payment-fraud").to_string();
    for (from, to) in [
        ("shopper", "customer-x"),
        ("checkout", "checkout-fn"),
        ("payments", "ledger"),
    ] {
        yaml = yaml.replace(from, to);
    }
    let g = grade("payment-fraud", &yaml, ON_BAR).unwrap();
    let by = |id: &str| {
        g.key_items
            .iter()
            .find(|k| k.reference_id == id)
            .and_then(|k| k.matched_by)
    };
    assert_eq!(g.missing().count(), 0);
    assert!(matches!(
        by("shopper"),
        Some(MatchedBy::Name | MatchedBy::Kind)
    ));
    assert!(matches!(
        by("checkout"),
        Some(MatchedBy::Name | MatchedBy::Kind)
    ));
    assert_eq!(by("store-token"), Some(MatchedBy::Endpoints));
}

#[test]
fn critical_flow_outcomes() {
    let base = reference("payment-fraud");
    let with_choice = |flow: &str| {
        base.replace(
            "critical_flow: store-token",
            &format!("critical_flow: {flow}"),
        )
    };

    let engine = grade("payment-fraud", &with_choice("pay"), ON_BAR).unwrap();
    assert_eq!(
        engine.critical_flow.status,
        CriticalStatus::Prioritised {
            your_flow: "pay".into()
        }
    );

    let other = grade("payment-fraud", &with_choice("dequeue"), ON_BAR).unwrap();
    assert!(
        matches!(&other.critical_flow.status, CriticalStatus::Modelled { your_choice: Some(c), .. } if c == "dequeue"),
        "{:?}",
        other.critical_flow.status
    );
    assert!(other.score < engine.score);

    let none = grade(
        "payment-fraud",
        &base.replace("critical_flow: store-token", ""),
        ON_BAR,
    )
    .unwrap();
    assert!(matches!(
        none.critical_flow.status,
        CriticalStatus::Modelled {
            your_choice: None,
            ..
        }
    ));
}

#[test]
fn slow_answers_lose_time_credit() {
    let yaml = reference("prime-file-upload");
    let on = grade("prime-file-upload", yaml, Duration::from_secs(14 * 60)).unwrap();
    let slow = grade("prime-file-upload", yaml, Duration::from_secs(40 * 60)).unwrap();
    assert_eq!(on.pace, Pace::OnBar);
    assert_eq!(slow.pace, Pace::Slow);
    assert_eq!(slow.time_factor, 0.0);
    assert_eq!(on.score - slow.score, 5);
}

#[test]
fn an_empty_model_scores_zero() {
    let g = grade(
        "payment-fraud",
        "name: nothing\nservices:\n  - {id: thing, kind: generic}\n",
        Duration::from_secs(60),
    )
    .unwrap();
    assert_eq!(g.score, 0, "{:?}", g.components);
}

#[test]
fn markdown_report_escapes_the_answer() {
    let yaml = THIN.replace("Use encryption", "\"<script>alert(1)</script> | *x*\"");
    let g = grade("payment-fraud", &yaml, ON_BAR).unwrap();
    let md = g.to_markdown();
    assert!(md.contains("**Score: "), "{md}");
    assert!(!md.contains("<script>"), "{md}");
    assert!(md.contains("&lt;script&gt;"), "{md}");
    for section in [
        "## Key elements",
        "## STRIDE",
        "## Critical flow",
        "## Mitigations",
        "## Red flags",
        "## Next",
    ] {
        assert!(md.contains(section), "{section} missing:\n{md}");
    }
    assert!(md.contains("| `edge` |") || md.contains("(`edge`)"), "{md}");
}

#[test]
fn grade_serialises_to_json() {
    let g = grade("payment-fraud", THIN, ON_BAR).unwrap();
    let v = serde_json::to_value(&g).unwrap();
    assert_eq!(v["critical_flow"]["status"]["status"], "missing");
    assert_eq!(v["pace"], "on-bar");
    assert_eq!(v["score"], g.score);
}
