//! Invariants over the whole seed range and arbitrary valid results.

use mock::{debrief, loop_, phone_screen, practice_plan, Mock, RoundResult};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// Valid results for `m` built from a stream of numbers.
fn results_for(m: &Mock, raw: &[u64]) -> Vec<RoundResult> {
    let mut it = raw.iter().copied().cycle();
    m.rounds
        .iter()
        .map(|r| {
            let mut res = RoundResult {
                technical: r.has_technical().then(|| (it.next().unwrap() % 101) as u8),
                elapsed_secs: it.next().unwrap() % (u64::from(r.minutes) * 60 * 3),
                ..Default::default()
            };
            for a in &r.principles {
                res = res.rate(&a.principle, (it.next().unwrap() % 4 + 1) as u8);
            }
            res
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_loop_keeps_its_invariants(seed in any::<u64>()) {
        let m = loop_(seed).unwrap();
        prop_assert_eq!(m.rounds.len(), 5);
        let all: Vec<&str> = m.principles().map(|a| a.principle.as_str()).collect();
        let distinct: BTreeSet<&str> = all.iter().copied().collect();
        prop_assert_eq!(distinct.len(), all.len());
        prop_assert!(distinct.len() >= 10);
        prop_assert_eq!(m.rounds.iter().filter(|r| r.bar_raiser).count(), 1);
    }

    #[test]
    fn any_valid_results_debrief(seed in any::<u64>(), raw in prop::collection::vec(any::<u64>(), 1..40)) {
        for m in [phone_screen(seed).unwrap(), loop_(seed).unwrap()] {
            let r = results_for(&m, &raw);
            let md = debrief(&m, &r).unwrap();
            let next = md.split("## Next three things to practise\n\n").nth(1).unwrap();
            prop_assert_eq!(next.lines().count(), 3);
            let plan = practice_plan(&m, &r).unwrap();
            prop_assert!(plan.windows(2).all(|w| w[0].gap >= w[1].gap));
        }
    }
}
