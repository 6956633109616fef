//! Vesting: the share of the grant released in each year and how often.

use crate::money::Cents;

/// How often shares vest within a year after the cliff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Annual,
    /// Every six months: Amazon's practice after the first year.
    #[default]
    SemiAnnual,
    Quarterly,
}

impl Frequency {
    /// Vest events per year.
    pub fn per_year(self) -> u32 {
        match self {
            Frequency::Annual => 1,
            Frequency::SemiAnnual => 2,
            Frequency::Quarterly => 4,
        }
    }
}

/// A vesting schedule: percentage of the grant per year, in basis points
/// (1% = 100) so that decimal percentages such as 7.5 stay exact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VestingSchedule {
    /// One entry per year; they add up to 10 000.
    pub yearly_bp: Vec<u32>,
    pub frequency: Frequency,
    /// The whole first-year share vests at month 12 rather than spread
    /// over the year.
    pub first_year_cliff: bool,
}

impl VestingSchedule {
    /// Amazon's 5/15/40/40 over four years, vesting every six months after
    /// a one-year cliff.
    pub fn amazon() -> VestingSchedule {
        VestingSchedule {
            yearly_bp: vec![500, 1500, 4000, 4000],
            frequency: Frequency::SemiAnnual,
            first_year_cliff: true,
        }
    }

    /// Years covered.
    pub fn years(&self) -> usize {
        self.yearly_bp.len()
    }

    /// Every vest moment as (month, cumulative basis points vested by then),
    /// in time order. A year's share is split evenly across its events;
    /// uneven splits are carried to the year's last event.
    fn cumulative(&self) -> Vec<(u32, u64)> {
        let mut out = Vec::new();
        let mut cum = 0u64;
        for (i, &bp) in self.yearly_bp.iter().enumerate() {
            let n = if i == 0 && self.first_year_cliff {
                1
            } else {
                self.frequency.per_year()
            };
            let start = i as u32 * 12;
            // Scale by n so the split is exact, then come back down.
            let year_start = cum * u64::from(n);
            for k in 1..=n {
                let at = year_start + u64::from(bp) * u64::from(k);
                out.push((start + 12 * k / n, at / u64::from(n)));
            }
            cum += u64::from(bp);
        }
        out
    }
}

/// One vest event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Vest {
    /// Months after the start date.
    pub month: u32,
    /// Year of the offer it falls in (1-based; month 12 is the end of year 1).
    pub year: u32,
    pub shares: u64,
    /// Value at the grant price.
    pub value: Cents,
}

/// The vest events of a grant of `shares` at `price` per share.
///
/// Shares vest whole: the number vested by each event is the floor of the
/// cumulative percentage of the grant, so rounding never loses or invents a
/// share and the last event brings the total to the full grant.
pub fn vest_events(schedule: &VestingSchedule, shares: u64, price: Cents) -> Vec<Vest> {
    let mut out = Vec::new();
    let mut vested = 0u64;
    for (month, cum_bp) in schedule.cumulative() {
        let by_now = (u128::from(shares) * u128::from(cum_bp) / 10_000) as u64;
        let n = by_now - vested;
        vested = by_now;
        out.push(Vest {
            month,
            year: month.div_ceil(12).max(1),
            shares: n,
            value: Cents(price.0 * n as i64),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amazon_schedule_vests_at_the_cliff_then_every_six_months() {
        let v = vest_events(&VestingSchedule::amazon(), 1000, Cents(100));
        let got: Vec<(u32, u64)> = v.iter().map(|v| (v.month, v.shares)).collect();
        // 5% at 12; 7.5% at 18 and 24; 20% at 30, 36, 42, 48.
        assert_eq!(
            got,
            vec![
                (12, 50),
                (18, 75),
                (24, 75),
                (30, 200),
                (36, 200),
                (42, 200),
                (48, 200)
            ]
        );
        assert_eq!(v.iter().map(|v| v.shares).sum::<u64>(), 1000);
        assert_eq!(v[2].year, 2);
        assert_eq!(v[3].year, 3);
    }

    #[test]
    fn odd_share_counts_round_down_and_the_last_event_completes_the_grant() {
        // 15% of 333 = 49.95 spread over two events: 7.5% = 24.975 each.
        let v = vest_events(&VestingSchedule::amazon(), 333, Cents(1));
        let got: Vec<u64> = v.iter().map(|v| v.shares).collect();
        // cumulative floors: 16, 41, 66, 133, 199, 266, 333
        assert_eq!(got, vec![16, 25, 25, 67, 66, 67, 67]);
        assert_eq!(got.iter().sum::<u64>(), 333);
    }

    #[test]
    fn quarterly_without_cliff_spreads_the_first_year() {
        let s = VestingSchedule {
            yearly_bp: vec![2500; 4],
            frequency: Frequency::Quarterly,
            first_year_cliff: false,
        };
        let v = vest_events(&s, 160, Cents(1));
        assert_eq!(v.len(), 16);
        assert_eq!(v[0].month, 3);
        assert_eq!(v[0].year, 1);
        assert!(v.iter().all(|e| e.shares == 10));
    }

    #[test]
    fn annual_vesting_has_one_event_per_year() {
        let s = VestingSchedule {
            yearly_bp: vec![500, 1500, 4000, 4000],
            frequency: Frequency::Annual,
            first_year_cliff: true,
        };
        let v = vest_events(&s, 200, Cents(1000));
        let got: Vec<(u32, u64, i64)> = v.iter().map(|v| (v.month, v.shares, v.value.0)).collect();
        assert_eq!(
            got,
            vec![
                (12, 10, 10_000),
                (24, 30, 30_000),
                (36, 80, 80_000),
                (48, 80, 80_000)
            ]
        );
    }
}
