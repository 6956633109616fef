//! Two offers side by side.

use crate::evaluate::{evaluate, total, Year};
use crate::input::Offer;
use crate::money::Cents;
use std::fmt::Write;

/// One year of the comparison. A year one offer does not reach counts as
/// zero for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct YearDelta {
    pub year: u32,
    pub a: Cents,
    pub b: Cents,
    /// `b - a`: positive when the second offer pays more.
    pub delta: Cents,
}

/// The result of [`compare`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Comparison {
    pub a_name: String,
    pub b_name: String,
    pub a_years: Vec<Year>,
    pub b_years: Vec<Year>,
    pub years: Vec<YearDelta>,
    pub a_total: Cents,
    pub b_total: Cents,
    /// Year in which the second offer's running total first overtakes the
    /// first's, if it was behind at some point and ends ahead (or the
    /// other way round): where a larger grant catches up with a larger
    /// sign-on.
    pub crossover: Option<u32>,
}

impl Comparison {
    /// `b_total - a_total`.
    pub fn delta(&self) -> Cents {
        self.b_total - self.a_total
    }

    /// A Markdown table: one row per year with both totals and the
    /// difference, then the overall totals and which offer pays more.
    pub fn to_markdown(&self) -> String {
        let a = md_escape(&self.a_name);
        let b = md_escape(&self.b_name);
        let mut s = String::new();
        let _ = writeln!(s, "| Year | {a} | {b} | Difference |");
        let _ = writeln!(s, "|---:|---:|---:|---:|");
        for y in &self.years {
            let _ = writeln!(s, "| {} | {} | {} | {} |", y.year, y.a, y.b, y.delta);
        }
        let _ = writeln!(
            s,
            "| **Total** | **{}** | **{}** | **{}** |",
            self.a_total,
            self.b_total,
            self.delta()
        );
        s.push('\n');
        match self.delta().0.cmp(&0) {
            std::cmp::Ordering::Greater => {
                let _ = writeln!(s, "{b} pays {} more over the period.", self.delta());
            }
            std::cmp::Ordering::Less => {
                let _ = writeln!(
                    s,
                    "{a} pays {} more over the period.",
                    Cents(-self.delta().0)
                );
            }
            std::cmp::Ordering::Equal => {
                let _ = writeln!(s, "Both offers pay the same over the period.");
            }
        }
        if let Some(y) = self.crossover {
            let _ = writeln!(s, "The lead changes hands in year {y}.");
        }
        s
    }
}

fn md_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '|' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '\\') {
            o.push('\\');
        }
        if c != '\n' && c != '\r' {
            o.push(c);
        }
    }
    o
}

/// Compare offer `a` with offer `b` year by year over the longer of the two
/// periods.
pub fn compare(a: &Offer, b: &Offer) -> Comparison {
    let ay = evaluate(a);
    let by = evaluate(b);
    let n = ay.len().max(by.len());
    let get = |ys: &[Year], i: usize| ys.get(i).map_or(Cents::ZERO, |y| y.total);
    let years: Vec<YearDelta> = (0..n)
        .map(|i| YearDelta {
            year: i as u32 + 1,
            a: get(&ay, i),
            b: get(&by, i),
            delta: get(&by, i) - get(&ay, i),
        })
        .collect();
    let mut crossover = None;
    let mut run = Cents::ZERO;
    let mut prev_sign = 0i64;
    for y in &years {
        run += y.delta;
        let sign = run.0.signum();
        if sign != 0 && prev_sign != 0 && sign != prev_sign {
            crossover = Some(y.year);
        }
        if sign != 0 {
            prev_sign = sign;
        }
    }
    Comparison {
        a_name: a.name.clone().unwrap_or_else(|| "Offer A".into()),
        b_name: b.name.clone().unwrap_or_else(|| "Offer B".into()),
        a_total: total(&ay),
        b_total: total(&by),
        a_years: ay,
        b_years: by,
        years,
        crossover,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::parse;

    #[test]
    fn big_sign_on_against_big_grant() {
        // A: 180k base, 60k + 40k sign-on, no stock: 240k, 220k, 180k, 180k = 820k.
        // B: 165k base, 1000 sh at $100 on 5/15/40/40: 170k, 180k, 205k, 205k = 760k.
        // Running b - a: -70k, -110k, -85k, -60k: B never catches up.
        let a = parse("name = \"Cash\"\nbase = 180000\n[sign_on]\nyear1 = 60000\nyear2 = 40000\n")
            .unwrap();
        let b =
            parse("name = \"Stock\"\nbase = 165000\n[rsu]\nshares = 1000\nprice = 100\n").unwrap();
        let c = compare(&a, &b);
        let d: Vec<i64> = c.years.iter().map(|y| y.delta.dollars()).collect();
        assert_eq!(d, vec![-70_000, -40_000, 25_000, 25_000]);
        assert_eq!(c.a_total.dollars(), 820_000);
        assert_eq!(c.b_total.dollars(), 760_000);
        assert_eq!(c.crossover, None);
        let md = c.to_markdown();
        assert!(
            md.contains("| 1 | $240,000.00 | $170,000.00 | -$70,000.00 |"),
            "{md}"
        );
        assert!(
            md.contains("Cash pays $60,000.00 more over the period."),
            "{md}"
        );
    }

    #[test]
    fn crossover_is_found_when_the_grant_catches_up() {
        // A: 150k base, 30k sign-on in year 1: 180k, 150k, 150k, 150k.
        // B: 140k base, 2000 sh at $50 on 5/15/40/40 = 5k, 15k, 40k, 40k:
        //    145k, 155k, 180k, 180k. Running b - a: -35k, -30k, 0, +30k.
        let a = parse("base = 150000\n[sign_on]\nyear1 = 30000\n").unwrap();
        let b = parse("base = 140000\n[rsu]\nshares = 2000\nprice = 50\n").unwrap();
        let c = compare(&a, &b);
        assert_eq!(c.crossover, Some(4));
        assert_eq!(c.delta().dollars(), 30_000);
        let md = c.to_markdown();
        assert!(md.contains("Offer B pays $30,000.00 more"), "{md}");
        assert!(md.contains("year 4"), "{md}");
    }

    #[test]
    fn names_are_escaped_in_markdown() {
        let a = parse("name = \"a|b\"\nbase = 1\n").unwrap();
        let c = compare(&a, &a);
        assert!(c.to_markdown().contains("a\\|b"));
        assert!(c.to_markdown().contains("Both offers pay the same"));
    }

    #[test]
    fn periods_of_different_length() {
        let a =
            parse("base = 100\n[rsu]\nshares = 10\nprice = 1\nschedule = [20, 20, 20, 20, 20]\n")
                .unwrap();
        let b = parse("base = 100\n").unwrap();
        let c = compare(&a, &b);
        assert_eq!(c.years.len(), 5);
        assert_eq!(c.years[4].a.dollars(), 102);
        assert_eq!(c.years[4].b, Cents::ZERO);
    }
}
