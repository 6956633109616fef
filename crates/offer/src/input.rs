//! Reading an offer from TOML.
//!
//! ```toml
//! name = "AppSec engineer, L5"     # optional label used in comparisons
//! base = 172000                    # dollars per year
//! raise_percent = 3                # optional: base grows by this much each year after the first
//!
//! [sign_on]                        # optional
//! year1 = 35000
//! year2 = 20000
//!
//! [rsu]                            # optional
//! shares = 400                     # or: value = 74200 (dollars, converted at `price`)
//! price = 185.50                   # dollars per share, used to value every vest
//! schedule = [5, 15, 40, 40]       # optional: percent per year, must add up to 100
//! frequency = "semi-annual"        # optional: annual | semi-annual | quarterly
//! first_year_cliff = true          # optional: year 1 vests in one piece at month 12
//! ```

use crate::error::{line_col, OfferError};
use crate::money::Cents;
use crate::schedule::{Frequency, VestingSchedule};
use serde::Deserialize;
use std::ops::Range;
use toml::Spanned;

/// The sign-on bonus: paid with the first and second year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SignOn {
    pub year1: Cents,
    pub year2: Cents,
}

/// An RSU grant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rsu {
    pub shares: u64,
    /// Price per share used to value the grant.
    pub price: Cents,
    pub schedule: VestingSchedule,
}

/// A validated offer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub name: Option<String>,
    pub base: Cents,
    /// Annual raise in basis points (3% = 300), applied from year 2.
    pub raise_bp: u32,
    pub sign_on: SignOn,
    pub rsu: Option<Rsu>,
}

impl Offer {
    /// Years the evaluation covers: four, or the vesting schedule's length
    /// if it is longer, so the four-year total always exists and a short
    /// schedule still shows the years after its last vest.
    pub fn years(&self) -> usize {
        self.rsu.as_ref().map_or(4, |r| r.schedule.years()).max(4)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOffer {
    name: Option<String>,
    base: Spanned<f64>,
    raise_percent: Option<Spanned<f64>>,
    sign_on: Option<RawSignOn>,
    rsu: Option<Spanned<RawRsu>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSignOn {
    year1: Option<Spanned<f64>>,
    year2: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRsu {
    shares: Option<Spanned<f64>>,
    value: Option<Spanned<f64>>,
    price: Spanned<f64>,
    schedule: Option<Spanned<Vec<f64>>>,
    #[serde(default)]
    frequency: Frequency,
    first_year_cliff: Option<bool>,
}

const MAX_DOLLARS: f64 = 1e12;

/// Parse and validate an offer. Errors carry the line and column.
pub fn parse(text: &str) -> Result<Offer, OfferError> {
    let raw: RawOffer = toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        OfferError::Syntax {
            line,
            column,
            message: e.message().to_string(),
        }
    })?;
    let invalid = |field: &'static str, span: Range<usize>, message: String| {
        let (line, column) = line_col(text, span.start);
        OfferError::Invalid {
            field,
            line,
            column,
            message,
        }
    };
    let money = |field: &'static str, v: &Spanned<f64>| -> Result<Cents, OfferError> {
        let d = *v.get_ref();
        if !d.is_finite() || !(0.0..=MAX_DOLLARS).contains(&d) {
            return Err(invalid(
                field,
                v.span(),
                format!("must be a dollar amount from 0 to {MAX_DOLLARS:e}, got {d}"),
            ));
        }
        Ok(Cents::from_dollars_f64(d))
    };

    let base = money("base", &raw.base)?;
    let raise_bp = match &raw.raise_percent {
        None => 0,
        Some(r) => {
            let p = *r.get_ref();
            if !(0.0..=100.0).contains(&p) {
                return Err(invalid(
                    "raise_percent",
                    r.span(),
                    format!("must be 0 to 100, got {p}"),
                ));
            }
            basis_points(p).ok_or_else(|| {
                invalid(
                    "raise_percent",
                    r.span(),
                    "use at most two decimal places".into(),
                )
            })?
        }
    };
    let sign_on = match &raw.sign_on {
        None => SignOn::default(),
        Some(s) => SignOn {
            year1: s
                .year1
                .as_ref()
                .map(|v| money("sign_on.year1", v))
                .transpose()?
                .unwrap_or_default(),
            year2: s
                .year2
                .as_ref()
                .map(|v| money("sign_on.year2", v))
                .transpose()?
                .unwrap_or_default(),
        },
    };
    let rsu = match &raw.rsu {
        None => None,
        Some(spanned) => {
            let r = spanned.get_ref();
            let price = money("rsu.price", &r.price)?;
            if price == Cents::ZERO {
                return Err(invalid(
                    "rsu.price",
                    r.price.span(),
                    "the share price must be above zero".into(),
                ));
            }
            let shares = match (&r.shares, &r.value) {
                (Some(s), None) => {
                    let n = *s.get_ref();
                    if !(n.is_finite() && n >= 0.0 && n.fract() == 0.0 && n <= 1e12) {
                        return Err(invalid(
                            "rsu.shares",
                            s.span(),
                            format!("must be a whole number of shares, got {n}"),
                        ));
                    }
                    n as u64
                }
                (None, Some(v)) => {
                    // A dollar grant buys whole shares at the grant price.
                    let value = money("rsu.value", v)?;
                    (value.0 / price.0) as u64
                }
                _ => {
                    return Err(invalid(
                        "rsu",
                        spanned.span(),
                        "give exactly one of `shares` or `value`".into(),
                    ))
                }
            };
            let mut schedule = VestingSchedule::amazon();
            schedule.frequency = r.frequency;
            if let Some(c) = r.first_year_cliff {
                schedule.first_year_cliff = c;
            }
            if let Some(s) = &r.schedule {
                let years = s.get_ref();
                if years.is_empty() || years.len() > 10 {
                    return Err(invalid(
                        "rsu.schedule",
                        s.span(),
                        format!("needs 1 to 10 yearly percentages, got {}", years.len()),
                    ));
                }
                let mut bp = Vec::with_capacity(years.len());
                for &p in years {
                    let b = (0.0..=100.0)
                        .contains(&p)
                        .then(|| basis_points(p))
                        .flatten()
                        .ok_or_else(|| {
                            invalid(
                                "rsu.schedule",
                                s.span(),
                                format!("{p} is not a percentage from 0 to 100 with at most two decimals"),
                            )
                        })?;
                    bp.push(b);
                }
                let sum: u32 = bp.iter().sum();
                if sum != 10_000 {
                    return Err(invalid(
                        "rsu.schedule",
                        s.span(),
                        format!(
                            "the yearly percentages add up to {}%, not 100%",
                            f64::from(sum) / 100.0
                        ),
                    ));
                }
                schedule.yearly_bp = bp;
            }
            Some(Rsu {
                shares,
                price,
                schedule,
            })
        }
    };
    Ok(Offer {
        name: raw.name,
        base,
        raise_bp,
        sign_on,
        rsu,
    })
}

/// A percentage as basis points, if it has at most two decimals.
fn basis_points(p: f64) -> Option<u32> {
    let bp = (p * 100.0).round();
    ((p * 100.0 - bp).abs() < 1e-6).then_some(bp as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> OfferError {
        parse(text).unwrap_err()
    }

    #[test]
    fn minimal_offer_uses_the_defaults() {
        let o = parse("base = 150000\n").unwrap();
        assert_eq!(o.base, Cents(15_000_000));
        assert_eq!(o.raise_bp, 0);
        assert_eq!(o.sign_on, SignOn::default());
        assert!(o.rsu.is_none());
        assert_eq!(o.years(), 4);
    }

    #[test]
    fn dollar_grant_is_converted_to_whole_shares() {
        let o = parse("base = 1\n[rsu]\nvalue = 100000\nprice = 185.50\n").unwrap();
        let r = o.rsu.unwrap();
        // 100000 / 185.50 = 539.08...
        assert_eq!(r.shares, 539);
        assert_eq!(r.price, Cents(18_550));
        assert_eq!(r.schedule, VestingSchedule::amazon());
    }

    #[test]
    fn custom_schedule_and_frequency() {
        let o = parse(
            "base = 1\n[rsu]\nshares = 100\nprice = 10\nschedule = [33.33, 33.33, 33.34]\nfrequency = \"quarterly\"\nfirst_year_cliff = false\n",
        )
        .unwrap();
        let s = o.rsu.clone().unwrap().schedule;
        assert_eq!(s.yearly_bp, vec![3333, 3333, 3334]);
        assert_eq!(s.frequency, Frequency::Quarterly);
        assert!(!s.first_year_cliff);
        assert_eq!(o.years(), 4);
    }

    #[test]
    fn syntax_errors_name_line_and_column() {
        match err("base = 1\n[sign_on]\nyear1 = = 3\n") {
            OfferError::Syntax { line, column, .. } => assert_eq!((line, column), (3, 9)),
            e => panic!("{e:?}"),
        }
        match err("base = \"lots\"\n") {
            OfferError::Syntax { line, column, .. } => assert_eq!((line, column), (1, 8)),
            e => panic!("{e:?}"),
        }
        match err("base = 1\nbonus = 5\n") {
            OfferError::Syntax { line, message, .. } => {
                assert_eq!(line, 2);
                assert!(message.contains("bonus"), "{message}");
            }
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn schedule_must_add_up_to_100() {
        let e = err("base = 1\n[rsu]\nshares = 1\nprice = 1\nschedule = [5, 15, 40, 30]\n");
        assert_eq!(
            e.to_string(),
            "5:12: `rsu.schedule`: the yearly percentages add up to 90%, not 100%"
        );
    }

    #[test]
    fn bad_values_are_rejected_with_their_position() {
        let e = err("base = -5\n");
        assert!(
            matches!(
                e,
                OfferError::Invalid {
                    field: "base",
                    line: 1,
                    column: 8,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = err("base = 1\n[rsu]\nshares = 10.5\nprice = 1\n");
        assert!(
            matches!(
                e,
                OfferError::Invalid {
                    field: "rsu.shares",
                    line: 3,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = err("base = 1\n[rsu]\nshares = 10\nvalue = 5\nprice = 1\n");
        assert!(
            matches!(e, OfferError::Invalid { field: "rsu", .. }),
            "{e:?}"
        );
        let e = err("base = 1\n[rsu]\nshares = 10\nprice = 0\n");
        assert!(
            matches!(
                e,
                OfferError::Invalid {
                    field: "rsu.price",
                    line: 4,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = err("base = 1\nraise_percent = 2.555\n");
        assert!(
            matches!(
                e,
                OfferError::Invalid {
                    field: "raise_percent",
                    line: 2,
                    ..
                }
            ),
            "{e:?}"
        );
        let e = err("base = 1\n[rsu]\nshares = 1\nprice = 1\nschedule = []\n");
        assert!(
            matches!(
                e,
                OfferError::Invalid {
                    field: "rsu.schedule",
                    ..
                }
            ),
            "{e:?}"
        );
        let e = err("base = nan\n");
        assert!(
            matches!(e, OfferError::Invalid { field: "base", .. }),
            "{e:?}"
        );
    }
}
