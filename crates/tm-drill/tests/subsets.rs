//! Answers made of part of a reference: whatever is kept is found, whatever
//! is dropped is reported missing, and the score never beats the full
//! reference.

use proptest::prelude::*;
use std::fmt::Write;
use std::time::Duration;
use threat_model::content::Content;
use threat_model::model::{ElementKind, Model};

const ON_BAR: Duration = Duration::from_secs(15 * 60);

fn reference(name: &str) -> Model {
    let c = Content::embedded().unwrap();
    let s = c.scenario(name).unwrap();
    threat_model::parse_str(&s.file, s.yaml, c).unwrap()
}

/// A minimal answer: the reference's boundaries, the elements in `keep`
/// (kind and boundary only) and the flows between kept elements.
fn subset_yaml(m: &Model, keep: &[bool], critical: Option<&str>) -> String {
    let mut y = String::from("name: partial answer\nboundaries:\n");
    for b in &m.boundaries {
        let parent = b
            .parent
            .map(|p| format!(", parent: {}", m.boundaries[p].id))
            .unwrap_or_default();
        let _ = writeln!(y, "  - {{id: {}, kind: {}{parent}}}", b.id, b.kind.as_str());
    }
    for (section, want) in [("actors", 0), ("services", 1), ("data_stores", 2)] {
        let _ = writeln!(y, "{section}:");
        let mut any = false;
        for (i, e) in m.elements.iter().enumerate() {
            let which = match e.kind {
                ElementKind::Actor(_) => 0,
                ElementKind::Service(_) => 1,
                ElementKind::Store(_) => 2,
            };
            if which != want || !keep[i] {
                continue;
            }
            any = true;
            let boundary = e
                .boundary
                .map(|b| format!(", boundary: {}", m.boundaries[b].id))
                .unwrap_or_default();
            let _ = writeln!(
                y,
                "  - {{id: {}, kind: {}{boundary}}}",
                e.id,
                e.kind.as_str()
            );
        }
        if !any {
            y.truncate(y.len() - section.len() - 2);
            let _ = writeln!(y, "{section}: []");
        }
    }
    y.push_str("flows:\n");
    let mut any = false;
    for f in &m.flows {
        if keep[f.from] && keep[f.to] {
            any = true;
            let _ = writeln!(
                y,
                "  - {{id: {}, from: {}, to: {}}}",
                f.id, m.elements[f.from].id, m.elements[f.to].id
            );
        }
    }
    if !any {
        y.truncate(y.len() - "flows:\n".len());
        y.push_str("flows: []\n");
    }
    if let Some(c) = critical {
        let _ = writeln!(y, "critical_flow: {c}");
    }
    y
}

#[test]
fn the_whole_subset_finds_everything() {
    let m = reference("iot-smart-home");
    let yaml = subset_yaml(&m, &vec![true; m.elements.len()], None);
    let g = tm_drill::grade("iot-smart-home", &yaml, ON_BAR).unwrap();
    assert_eq!(g.missing().count(), 0, "{yaml}");
}

#[test]
fn a_defensible_own_choice_earns_partial_credit() {
    // Drop the engine's and the author's critical flow from payment-fraud;
    // whatever the engine then ranks first on the answer is the candidate's
    // own defensible choice, if it crosses a boundary.
    let name = "payment-fraud";
    let m = reference(name);
    let c = Content::embedded().unwrap();
    let drop = |fid: &str| {
        let f = &m.flows[m.flow_by_id(fid).unwrap()];
        (m.elements[f.from].id.clone(), m.elements[f.to].id.clone())
    };
    let gone = [drop("pay"), drop("store-token")];
    let full = subset_yaml(&m, &vec![true; m.elements.len()], None);
    let kept: String = full
        .lines()
        .filter(|l| {
            !gone
                .iter()
                .any(|(a, b)| l.contains(&format!("from: {a}, to: {b}}}")))
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let answer = threat_model::parse_str("a.yaml", &kept, c).unwrap();
    let top = threat_model::analyze(answer, c).critical_flow.unwrap().flow;
    let yaml = format!("{kept}critical_flow: {top}\n");
    let g = tm_drill::grade(name, &yaml, ON_BAR).unwrap();
    assert_eq!(
        g.critical_flow.status,
        tm_drill::CriticalStatus::OwnChoice { your_flow: top }
    );
    assert!(g.critical_flow.status.identified());
    let missing: Vec<&str> = g.missing().map(|k| k.reference_id.as_str()).collect();
    assert_eq!(missing, ["pay", "store-token"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn kept_items_are_found_and_dropped_ones_missing(
        scenario in 0usize..7,
        mask in proptest::collection::vec(any::<bool>(), 32),
    ) {
        let names = tm_drill::scenarios().unwrap();
        let name = names[scenario % names.len()];
        let m = reference(name);
        let keep: Vec<bool> = (0..m.elements.len()).map(|i| mask[i % mask.len()]).collect();
        let yaml = subset_yaml(&m, &keep, None);
        let g = tm_drill::grade(name, &yaml, ON_BAR).unwrap();
        for k in &g.key_items {
            let kept = match m.element_by_id(&k.reference_id) {
                Some(i) if k.kind != tm_drill::ItemKind::Flow => keep[i],
                _ => {
                    let f = &m.flows[m.flow_by_id(&k.reference_id).unwrap()];
                    keep[f.from] && keep[f.to]
                }
            };
            prop_assert_eq!(k.found(), kept, "{} in {}", k.reference_id, yaml);
            if kept {
                prop_assert_eq!(k.found_as.as_deref(), Some(k.reference_id.as_str()));
            }
        }
        let full = tm_drill::grade(name, Content::embedded().unwrap().scenario(name).unwrap().yaml, ON_BAR).unwrap();
        prop_assert!(g.score <= full.score);
        prop_assert!(g.score <= 100);
        let found = g.found().count() as f64 / g.key_items.len() as f64;
        prop_assert!((g.element_coverage - found).abs() < 1e-9);
    }
}
