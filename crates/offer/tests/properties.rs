//! Invariants of the evaluation for arbitrary offers.

use offer::{evaluate, parse, total, Cents};
use proptest::prelude::*;

fn schedule() -> impl Strategy<Value = Vec<u32>> {
    // Cut 100 into 1 to 5 whole-percent years.
    prop::collection::vec(0u32..=100, 0..5).prop_map(|mut cuts| {
        cuts.sort_unstable();
        let mut last = 0;
        let mut out = Vec::new();
        for c in cuts.into_iter().chain([100]) {
            out.push(c - last);
            last = c;
        }
        out
    })
}

proptest! {
    #[test]
    fn years_add_up_and_every_share_vests(
        base in 0u32..1_000_000,
        raise in 0u32..20,
        y1 in 0u32..100_000,
        y2 in 0u32..100_000,
        shares in 0u32..100_000,
        price_cents in 1u32..100_000,
        sched in schedule(),
        freq in prop::sample::select(vec!["annual", "semi-annual", "quarterly"]),
        cliff in any::<bool>(),
    ) {
        let sched_s = sched.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
        let text = format!(
            "base = {base}\nraise_percent = {raise}\n[sign_on]\nyear1 = {y1}\nyear2 = {y2}\n\
             [rsu]\nshares = {shares}\nprice = {}.{:02}\nschedule = [{sched_s}]\n\
             frequency = \"{freq}\"\nfirst_year_cliff = {cliff}\n",
            price_cents / 100,
            price_cents % 100
        );
        let o = parse(&text).unwrap();
        let years = evaluate(&o);
        prop_assert_eq!(years.len(), sched.len().max(4));
        let vested: u64 = years.iter().map(|y| y.shares).sum();
        prop_assert_eq!(vested, u64::from(shares));
        for y in &years {
            prop_assert_eq!(y.total, y.base + y.sign_on + y.stock);
            prop_assert_eq!(y.stock, Cents(i64::from(price_cents) * y.shares as i64));
        }
        let sign_on: Cents = years.iter().map(|y| y.sign_on).sum();
        let want = u64::from(y1) + u64::from(y2);
        prop_assert_eq!(sign_on, Cents(want as i64 * 100));
        prop_assert_eq!(
            total(&years),
            years.iter().map(|y| y.base).sum::<Cents>() + sign_on
                + Cents(i64::from(price_cents) * i64::from(shares))
        );
        // Bases never fall.
        prop_assert!(years.windows(2).all(|w| w[1].base >= w[0].base));
    }

    #[test]
    fn parse_never_panics(text in "\\PC{0,200}") {
        let _ = parse(&text);
    }
}
