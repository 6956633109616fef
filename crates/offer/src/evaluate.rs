//! Compensation per year.

use crate::input::Offer;
use crate::money::Cents;
use crate::schedule::vest_events;

/// One year of an offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Year {
    /// 1-based.
    pub year: u32,
    pub base: Cents,
    pub sign_on: Cents,
    /// Shares vesting in this year.
    pub shares: u64,
    /// Their value at the grant price.
    pub stock: Cents,
    pub total: Cents,
}

/// The offer year by year: four years, or the vesting schedule's length if
/// it is longer.
///
/// * Base: the offered base in year 1, then raised each year by
///   `raise_percent`, compounding, rounded to the cent each year.
/// * Sign-on: `year1` in year 1, `year2` in year 2, nothing after.
/// * Stock: the shares that vest in the year (see
///   [`vest_events`](crate::vest_events)) at the grant price.
pub fn evaluate(offer: &Offer) -> Vec<Year> {
    let n = offer.years();
    let vests = offer
        .rsu
        .as_ref()
        .map(|r| vest_events(&r.schedule, r.shares, r.price))
        .unwrap_or_default();
    let mut base = offer.base;
    let mut out = Vec::with_capacity(n);
    for y in 1..=n as u32 {
        if y > 1 {
            base = raise(base, offer.raise_bp);
        }
        let sign_on = match y {
            1 => offer.sign_on.year1,
            2 => offer.sign_on.year2,
            _ => Cents::ZERO,
        };
        let this_year = vests.iter().filter(|v| v.year == y);
        let shares = this_year.clone().map(|v| v.shares).sum();
        let stock = this_year.map(|v| v.value).sum();
        out.push(Year {
            year: y,
            base,
            sign_on,
            shares,
            stock,
            total: base + sign_on + stock,
        });
    }
    out
}

/// The sum of all the years' totals (four years unless the schedule is
/// longer).
pub fn total(years: &[Year]) -> Cents {
    years.iter().map(|y| y.total).sum()
}

/// The sum of the first four years' totals.
pub fn four_year_total(years: &[Year]) -> Cents {
    years.iter().take(4).map(|y| y.total).sum()
}

/// A Markdown table of the years: base, sign-on, vested shares and their
/// value, total, then the four-year total (and the whole period's total
/// when the schedule is longer than four years).
pub fn years_markdown(years: &[Year]) -> String {
    use std::fmt::Write;
    let mut s = String::from("| Year | Base | Sign-on | Shares | Stock | Total |\n");
    s.push_str("|---:|---:|---:|---:|---:|---:|\n");
    for y in years {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            y.year, y.base, y.sign_on, y.shares, y.stock, y.total
        );
    }
    let _ = writeln!(
        s,
        "| **4 years** | | | | | **{}** |",
        four_year_total(years)
    );
    if years.len() > 4 {
        let _ = writeln!(
            s,
            "| **{} years** | | | | | **{}** |",
            years.len(),
            total(years)
        );
    }
    s
}

/// `base` raised by `bp` basis points, rounded half up to the cent.
fn raise(base: Cents, bp: u32) -> Cents {
    let scaled = i128::from(base.0) * i128::from(10_000 + bp);
    Cents(((scaled + 5_000) / 10_000) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse;

    #[test]
    fn amazon_style_offer_by_hand() {
        // Base 170,000; sign-on 30,000 then 20,000; 400 shares at $200 on
        // 5/15/40/40: 20, 60, 160, 160 shares = 4,000; 12,000; 32,000; 32,000.
        let o = parse(
            "base = 170000\n[sign_on]\nyear1 = 30000\nyear2 = 20000\n[rsu]\nshares = 400\nprice = 200\n",
        )
        .unwrap();
        let y = evaluate(&o);
        let row = |y: &Year| {
            (
                y.base.dollars(),
                y.sign_on.dollars(),
                y.shares,
                y.stock.dollars(),
                y.total.dollars(),
            )
        };
        assert_eq!(row(&y[0]), (170_000, 30_000, 20, 4_000, 204_000));
        assert_eq!(row(&y[1]), (170_000, 20_000, 60, 12_000, 202_000));
        assert_eq!(row(&y[2]), (170_000, 0, 160, 32_000, 202_000));
        assert_eq!(row(&y[3]), (170_000, 0, 160, 32_000, 202_000));
        assert_eq!(total(&y).dollars(), 810_000);
    }

    #[test]
    fn markdown_table_by_hand() {
        let o = parse("base = 100000\n[sign_on]\nyear1 = 10000\n[rsu]\nshares = 100\nprice = 50\n")
            .unwrap();
        let md = years_markdown(&evaluate(&o));
        // 100 shares on 5/15/40/40 at $50: 5, 15, 40, 40 shares.
        assert!(
            md.contains("| 1 | $100,000.00 | $10,000.00 | 5 | $250.00 | $110,250.00 |"),
            "{md}"
        );
        assert!(
            md.contains("| 4 | $100,000.00 | $0.00 | 40 | $2,000.00 | $102,000.00 |"),
            "{md}"
        );
        assert!(
            md.contains("| **4 years** | | | | | **$415,000.00** |"),
            "{md}"
        );
        assert!(!md.contains("5 years"), "{md}");
    }

    #[test]
    fn raises_compound_and_round_to_the_cent() {
        // 100,000 at 3%: 103,000.00; 106,090.00; 109,272.70.
        let o = parse("base = 100000\nraise_percent = 3\n").unwrap();
        let b: Vec<i64> = evaluate(&o).iter().map(|y| y.base.0).collect();
        assert_eq!(b, vec![10_000_000, 10_300_000, 10_609_000, 10_927_270]);
        assert_eq!(total(&evaluate(&o)), Cents(41_836_270));
    }

    #[test]
    fn dollar_grant_at_a_fractional_price() {
        // $100,000 at $185.50 = 539 shares. Amazon split with the cliff:
        // cumulative floors 26 (5%), 67 (12.5%), 107 (20%), 215, 323, 431, 539.
        // Year 1: 26 sh; year 2: 81 sh; year 3: 216 sh; year 4: 216 sh.
        let o = parse("base = 0\n[rsu]\nvalue = 100000\nprice = 185.50\n").unwrap();
        let y = evaluate(&o);
        let shares: Vec<u64> = y.iter().map(|y| y.shares).collect();
        assert_eq!(shares, vec![26, 81, 216, 216]);
        assert_eq!(y[0].stock, Cents(26 * 18_550));
        assert_eq!(y[2].total, Cents(216 * 18_550));
        assert_eq!(total(&y), Cents(539 * 18_550));
    }

    #[test]
    fn short_schedule_still_gives_four_years() {
        let o = parse(
            "base = 10\n[rsu]\nshares = 30\nprice = 1\nschedule = [33.34, 33.33, 33.33]\nfrequency = \"annual\"\n",
        )
        .unwrap();
        let y = evaluate(&o);
        assert_eq!(y.len(), 4);
        // floors of 30 x 33.34% = 10.002 -> 10; 66.67% -> 20; 100% -> 30.
        assert_eq!(
            y.iter().map(|y| y.shares).collect::<Vec<_>>(),
            vec![10, 10, 10, 0]
        );
        assert_eq!(total(&y), Cents(4 * 1_000 + 30 * 100));
        assert_eq!(four_year_total(&y), total(&y));
    }

    #[test]
    fn long_schedule_extends_the_years_but_not_the_four_year_total() {
        // 100 shares at $1 over five years of 20%: $20 a year.
        let o =
            parse("base = 1000\n[rsu]\nshares = 100\nprice = 1\nschedule = [20, 20, 20, 20, 20]\n")
                .unwrap();
        let y = evaluate(&o);
        assert_eq!(y.len(), 5);
        assert_eq!(four_year_total(&y).dollars(), 4 * 1_020);
        assert_eq!(total(&y).dollars(), 5 * 1_020);
    }
}
