//! The mocks drawn from the embedded content.

use mock::{loop_, phone_screen, Item, MockKind, RoundKind, BAR_RAISER_PRINCIPLES};
use questions::Area;
use std::collections::BTreeSet;

fn item_exists(item: &Item) -> bool {
    let bank = questions::embedded().unwrap();
    match item {
        Item::Scenario(id) => threat_model::content::Content::embedded()
            .unwrap()
            .scenario(id)
            .is_some(),
        Item::Snippet(id) => review_drill::Catalog::embedded().get(id).is_some(),
        Item::Exercise(id) => script_drill::exercise(id).is_ok(),
        Item::Question(id) => bank.technical_by_id(id).is_some(),
        Item::Prompt(id) => bank.prompt_by_id(id).is_some(),
    }
}

#[test]
fn phone_screen_has_the_four_parts_in_order() {
    for seed in 0..50 {
        let m = phone_screen(seed).unwrap();
        assert_eq!(m.kind, MockKind::PhoneScreen);
        let kinds: Vec<RoundKind> = m.rounds.iter().map(|r| r.kind).collect();
        assert_eq!(
            kinds,
            vec![
                RoundKind::ThreatModel,
                RoundKind::CodeReview,
                RoundKind::Scripting,
                RoundKind::Behavioural
            ]
        );
        let minutes: Vec<u32> = m.rounds.iter().map(|r| r.minutes).collect();
        assert_eq!(minutes, vec![15, 10, 5, 30]);
        assert_eq!(m.minutes(), 60);
        assert!(matches!(m.rounds[0].items[..], [Item::Scenario(_)]));
        assert!(matches!(m.rounds[1].items[..], [Item::Snippet(_)]));
        assert!(matches!(m.rounds[2].items[..], [Item::Exercise(_)]));
        let tm = threat_model::content::Content::embedded().unwrap();
        assert!(tm.scenario(m.rounds[0].items[0].id()).unwrap().minutes <= 15);
        let ex = script_drill::exercise(m.rounds[2].items[0].id()).unwrap();
        assert!(ex.time_bar_minutes <= 5, "{}", ex.id);
        let b = &m.rounds[3];
        assert!((2..=3).contains(&b.principles.len()));
        assert!(b.items.iter().all(|i| matches!(i, Item::Prompt(_))));
        let distinct: BTreeSet<&str> = b.principles.iter().map(|a| a.principle.as_str()).collect();
        assert_eq!(distinct.len(), b.principles.len());
        for r in &m.rounds {
            assert!(r.items.iter().all(item_exists), "{r:?}");
            assert!(!r.title.is_empty());
        }
    }
}

#[test]
fn every_prompt_probes_the_principle_it_is_listed_under() {
    let bank = questions::embedded().unwrap();
    for seed in 0..50 {
        for m in [phone_screen(seed).unwrap(), loop_(seed).unwrap()] {
            for r in &m.rounds {
                for a in &r.principles {
                    let p = bank.prompt_by_id(&a.prompt).unwrap();
                    assert_eq!(p.principle, a.principle);
                    assert_eq!(bank.principle_by_id(&a.principle).unwrap().name, a.name);
                    assert!(r.items.contains(&Item::Prompt(a.prompt.clone())));
                }
            }
        }
    }
}

#[test]
fn loop_has_five_hour_rounds_and_one_bar_raiser() {
    let bank = questions::embedded().unwrap();
    for seed in 0..100 {
        let m = loop_(seed).unwrap();
        assert_eq!(m.kind, MockKind::Loop);
        assert_eq!(m.rounds.len(), 5);
        assert!(m.rounds.iter().all(|r| r.minutes == 60));
        let bars: Vec<_> = m.rounds.iter().filter(|r| r.bar_raiser).collect();
        assert_eq!(bars.len(), 1);
        assert_eq!(bars[0].principles.len(), 3);
        assert!(bars[0].title.contains("Bar Raiser"));
        for a in &bars[0].principles {
            assert!(
                BAR_RAISER_PRINCIPLES.contains(&a.principle.as_str()),
                "{}",
                a.principle
            );
        }
        let mut areas = BTreeSet::new();
        for r in &m.rounds {
            let RoundKind::Loop(area) = r.kind else {
                panic!("{:?}", r.kind)
            };
            assert!(areas.insert(area), "area {area} twice");
            assert!((2..=3).contains(&r.principles.len()));
            let qs: Vec<&str> = r
                .items
                .iter()
                .filter_map(|i| match i {
                    Item::Question(q) => Some(q.as_str()),
                    _ => None,
                })
                .collect();
            assert_eq!(qs.len(), 2);
            assert_ne!(qs[0], qs[1]);
            for q in qs {
                assert_eq!(bank.technical_by_id(q).unwrap().area, area);
            }
            let hands_on = r
                .items
                .iter()
                .find(|i| matches!(i, Item::Snippet(_) | Item::Scenario(_) | Item::Exercise(_)));
            match area {
                Area::Appsec => assert!(matches!(hands_on, Some(Item::Snippet(_)))),
                Area::SystemDesign => assert!(matches!(hands_on, Some(Item::Scenario(_)))),
                Area::IncidentResponse => assert!(matches!(hands_on, Some(Item::Exercise(_)))),
                _ => assert!(hands_on.is_none()),
            }
            assert!(r.items.iter().all(item_exists), "{r:?}");
        }
    }
}

#[test]
fn loop_principles_never_repeat_and_cover_at_least_ten() {
    let mut bar_positions = BTreeSet::new();
    for seed in 0..500 {
        let m = loop_(seed).unwrap();
        let all: Vec<&str> = m.principles().map(|a| a.principle.as_str()).collect();
        let distinct: BTreeSet<&str> = all.iter().copied().collect();
        assert_eq!(distinct.len(), all.len(), "seed {seed} repeats a principle");
        assert!(distinct.len() >= 10, "seed {seed}: {}", distinct.len());
        bar_positions.insert(m.rounds.iter().position(|r| r.bar_raiser).unwrap());
    }
    // The Bar Raiser is not always in the same seat.
    assert_eq!(bar_positions.len(), 5);
}

#[test]
fn same_seed_same_mock_and_seeds_vary() {
    for seed in [0, 1, 42, u64::MAX] {
        assert_eq!(phone_screen(seed).unwrap(), phone_screen(seed).unwrap());
        assert_eq!(loop_(seed).unwrap(), loop_(seed).unwrap());
    }
    let phones: BTreeSet<String> = (0..40)
        .map(|s| format!("{:?}", phone_screen(s).unwrap().rounds))
        .collect();
    assert!(
        phones.len() > 30,
        "only {} distinct phone screens",
        phones.len()
    );
    let loops: BTreeSet<String> = (0..40)
        .map(|s| format!("{:?}", loop_(s).unwrap().rounds))
        .collect();
    assert_eq!(loops.len(), 40);
}

#[test]
fn mocks_serialise_for_storage() {
    let m = loop_(9).unwrap();
    let json = serde_json::to_string(&m).unwrap();
    let back: mock::Mock = serde_json::from_str(&json).unwrap();
    assert_eq!(back, m);
    assert!(json.contains("\"bar_raiser\":true"));
}
