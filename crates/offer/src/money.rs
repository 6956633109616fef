//! Whole cents, so per-year figures add up exactly to the totals.

use std::fmt;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money in US cents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cents(pub i64);

impl Cents {
    pub const ZERO: Cents = Cents(0);

    /// Whole dollars (for amounts that are exact whole dollars).
    pub fn from_dollars(d: i64) -> Cents {
        Cents(d * 100)
    }

    /// Dollars rounded to the nearest cent (half away from zero).
    pub fn from_dollars_f64(d: f64) -> Cents {
        Cents((d * 100.0).round() as i64)
    }

    /// Whole dollars, truncated toward zero.
    pub fn dollars(self) -> i64 {
        self.0 / 100
    }
}

/// In JSON an amount is a number of dollars with at most two decimals
/// (`110250.5`), which is what a script summing columns expects; the text
/// outputs use the `$110,250.50` display form.
impl serde::Serialize for Cents {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.0 as f64 / 100.0)
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, o: Cents) -> Cents {
        Cents(self.0 + o.0)
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, o: Cents) {
        self.0 += o.0;
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, o: Cents) -> Cents {
        Cents(self.0 - o.0)
    }
}

impl std::iter::Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(it: I) -> Cents {
        it.fold(Cents::ZERO, Add::add)
    }
}

/// `$1,234.50`, `-$20.00`.
impl fmt::Display for Cents {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let digits = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}${grouped}.{:02}", abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::Cents;

    #[test]
    fn displays_with_thousands_separators() {
        assert_eq!(Cents(0).to_string(), "$0.00");
        assert_eq!(Cents(5).to_string(), "$0.05");
        assert_eq!(Cents(123_456_789).to_string(), "$1,234,567.89");
        assert_eq!(Cents(-2_000).to_string(), "-$20.00");
        assert_eq!(Cents(100_000).to_string(), "$1,000.00");
        assert_eq!(Cents(99_999).to_string(), "$999.99");
    }

    #[test]
    fn rounds_to_the_nearest_cent() {
        assert_eq!(Cents::from_dollars_f64(185.5), Cents(18_550));
        assert_eq!(Cents::from_dollars_f64(0.126), Cents(13));
        assert_eq!(Cents::from_dollars_f64(0.004), Cents(0));
    }
}
