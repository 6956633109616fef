//! Fitting a day's candidate items into the daily budget.

use crate::types::Item;

/// Take `candidates` in priority order, keeping each that still fits in
/// `budget` minutes. A candidate that does not fit is skipped, so a later,
/// shorter one can still use the remaining time. The result never exceeds
/// the budget.
pub fn fit(candidates: impl IntoIterator<Item = Item>, budget: u32) -> Vec<Item> {
    let mut used = 0u32;
    let mut out = Vec::new();
    for item in candidates {
        if used + item.minutes <= budget {
            used += item.minutes;
            out.push(item);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::ItemKind;

    #[test]
    fn keeps_priority_and_skips_what_does_not_fit() {
        let c = [
            Item::new(ItemKind::MockPhone, 60, "a"),
            Item::new(ItemKind::Questions, 30, "b"),
            Item::new(ItemKind::CodeReviewDrill, 10, "c"),
        ];
        let got = fit(c.clone(), 75);
        assert_eq!(
            got.iter().map(|i| i.title.as_str()).collect::<Vec<_>>(),
            ["a", "c"]
        );
        assert_eq!(fit(c, 5), []);
    }
}
