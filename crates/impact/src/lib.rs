//! `impact`: what a security risk costs, in money.
//!
//! The figures an interview panel expects a security engineer to quote are
//! simple products, and this crate keeps them in one place so every engine
//! quotes them the same way:
//!
//! * a breach costs *records exposed x cost per record* (default 165 USD, the
//!   widely quoted per-record breach cost);
//! * an outage costs *hours down x cost per hour*;
//! * a GDPR fine can reach *max(EUR 20M, 4% of annual worldwide turnover)*;
//! * an expected loss is *likelihood x impact*, given as a range because the
//!   likelihood is an estimate, and the residual loss is what remains once
//!   the controls in place are counted.
//!
//! Amounts are whole US dollars (or euros for GDPR) in `u64`: at these
//! magnitudes cents are noise, and integers keep output byte-identical across
//! platforms.

use serde::{Deserialize, Serialize};

/// Default cost of one exposed record, in USD.
pub const DEFAULT_COST_PER_RECORD_USD: f64 = 165.0;
/// Default cost of one hour of downtime, in USD (the figure quoted for a
/// Prime-scale consumer service).
pub const DEFAULT_DOWNTIME_COST_PER_HOUR_USD: u64 = 10_000_000;
/// The GDPR Article 83(5) floor, in EUR.
pub const GDPR_FLOOR_EUR: u64 = 20_000_000;
/// Default EUR to USD rate used only to add GDPR exposure into a USD range.
pub const DEFAULT_EUR_TO_USD: f64 = 1.08;

/// The money figures of a business, each overridable by a model, a config
/// file or a flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CostModel {
    pub cost_per_record_usd: f64,
    pub downtime_cost_per_hour_usd: u64,
    /// Annual worldwide turnover in EUR; `None` means only the EUR 20M floor
    /// is known.
    pub annual_turnover_eur: Option<u64>,
    pub eur_to_usd: f64,
}

impl Default for CostModel {
    fn default() -> Self {
        CostModel {
            cost_per_record_usd: DEFAULT_COST_PER_RECORD_USD,
            downtime_cost_per_hour_usd: DEFAULT_DOWNTIME_COST_PER_HOUR_USD,
            annual_turnover_eur: None,
            eur_to_usd: DEFAULT_EUR_TO_USD,
        }
    }
}

impl CostModel {
    /// Cost of exposing `records` records.
    pub fn breach_cost(&self, records: u64) -> u64 {
        round_money(records as f64 * self.cost_per_record_usd)
    }

    /// Cost of `hours` hours of downtime.
    pub fn downtime_cost(&self, hours: f64) -> u64 {
        round_money(hours * self.downtime_cost_per_hour_usd as f64)
    }

    /// The maximum GDPR fine: the greater of EUR 20M and 4% of turnover.
    pub fn gdpr_exposure_eur(&self) -> u64 {
        gdpr_max_fine_eur(self.annual_turnover_eur)
    }
}

/// The greater of EUR 20M and 4% of annual turnover (GDPR Art. 83(5)).
pub fn gdpr_max_fine_eur(annual_turnover_eur: Option<u64>) -> u64 {
    let pct = annual_turnover_eur.map(|t| t / 25).unwrap_or(0); // 4% = 1/25
    pct.max(GDPR_FLOOR_EUR)
}

fn round_money(x: f64) -> u64 {
    if !x.is_finite() || x <= 0.0 {
        0
    } else if x >= u64::MAX as f64 {
        u64::MAX
    } else {
        x.round() as u64
    }
}

/// A likelihood level from 1 (rare) to 5 (almost certain), with the annual
/// probability band it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Likelihood {
    pub level: u8,
    /// Lower bound of the annual probability of at least one occurrence.
    pub low: f64,
    /// Upper bound of the same.
    pub high: f64,
}

impl Likelihood {
    /// The band for `level`, clamped into 1..=5.
    ///
    /// The bands are deliberately wide and do not overlap, so two people
    /// rating the same threat one level apart still get comparable ranges.
    pub fn from_level(level: u8) -> Likelihood {
        let level = level.clamp(1, 5);
        let (low, high) = match level {
            1 => (0.01, 0.05),
            2 => (0.05, 0.15),
            3 => (0.15, 0.35),
            4 => (0.35, 0.60),
            _ => (0.60, 0.90),
        };
        Likelihood { level, low, high }
    }

    pub fn label(self) -> &'static str {
        match self.level {
            1 => "rare",
            2 => "unlikely",
            3 => "possible",
            4 => "likely",
            _ => "almost certain",
        }
    }
}

/// A money range in USD, `low <= high`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub low: u64,
    pub high: u64,
}

impl Range {
    pub fn midpoint(self) -> u64 {
        self.low / 2 + self.high / 2 + (self.low % 2 + self.high % 2) / 2
    }

    fn scale(self, factor: f64) -> Range {
        Range {
            low: round_money(self.low as f64 * factor),
            high: round_money(self.high as f64 * factor),
        }
    }
}

/// What sort of loss a threat causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImpactKind {
    /// Records are read by someone who should not read them.
    Breach,
    /// Records are changed or forged (fraud, corrupted ledgers).
    Tamper,
    /// The service is unavailable.
    Downtime,
}

/// The facts a threat's impact is computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure {
    pub kind: ImpactKind,
    /// Records the threat can reach (already multiplied by the share of the
    /// data set one occurrence exposes).
    pub records: u64,
    /// Hours of outage one occurrence causes (downtime threats).
    pub downtime_hours: f64,
    /// Whether personal data of EU residents may be involved, so that a GDPR
    /// fine is part of the exposure.
    pub personal_data: bool,
    pub likelihood: Likelihood,
    /// Combined effectiveness in `[0, 1]` of the controls already in place.
    pub mitigation_effectiveness: f64,
}

/// A quantified impact, ready to print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    pub kind: ImpactKind,
    pub records: u64,
    pub cost_per_record_usd: f64,
    #[serde(skip_serializing_if = "is_zero_f64", default)]
    pub downtime_hours: f64,
    /// Loss from one occurrence, before any fine.
    pub single_loss_usd: u64,
    /// Maximum GDPR fine, when personal data is involved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gdpr_exposure_eur: Option<u64>,
    pub likelihood: Likelihood,
    /// Annualised expected loss with no controls counted.
    pub expected_loss_usd: Range,
    /// Combined effectiveness of the controls in place, `0.0..=1.0`.
    pub mitigation_effectiveness: f64,
    /// Annualised expected loss with the controls in place.
    pub residual_loss_usd: Range,
}

fn is_zero_f64(x: &f64) -> bool {
    *x == 0.0
}

impl Estimate {
    /// Quantify `exposure` under `costs`.
    ///
    /// The single loss is the breach or tamper cost of the records, or the
    /// downtime cost. The expected range runs from `likelihood.low x single
    /// loss` to `likelihood.high x (single loss + GDPR exposure in USD)`: the
    /// fine is the tail, not the typical case. The residual range scales both
    /// ends by `1 - effectiveness`.
    pub fn compute(exposure: &Exposure, costs: &CostModel) -> Estimate {
        let single_loss_usd = match exposure.kind {
            ImpactKind::Breach | ImpactKind::Tamper => costs.breach_cost(exposure.records),
            ImpactKind::Downtime => costs.downtime_cost(exposure.downtime_hours),
        };
        let gdpr = (exposure.personal_data && exposure.kind == ImpactKind::Breach)
            .then(|| costs.gdpr_exposure_eur());
        let gdpr_usd = gdpr
            .map(|e| round_money(e as f64 * costs.eur_to_usd))
            .unwrap_or(0);
        let l = exposure.likelihood;
        let expected = Range {
            low: round_money(single_loss_usd as f64 * l.low),
            high: round_money(single_loss_usd.saturating_add(gdpr_usd) as f64 * l.high),
        };
        let eff = if exposure.mitigation_effectiveness.is_finite() {
            exposure.mitigation_effectiveness.clamp(0.0, 1.0)
        } else {
            0.0
        };
        Estimate {
            kind: exposure.kind,
            records: exposure.records,
            cost_per_record_usd: costs.cost_per_record_usd,
            downtime_hours: exposure.downtime_hours,
            single_loss_usd,
            gdpr_exposure_eur: gdpr,
            likelihood: l,
            expected_loss_usd: expected,
            mitigation_effectiveness: (eff * 1000.0).round() / 1000.0,
            residual_loss_usd: expected.scale(1.0 - eff),
        }
    }
}

/// Combine independent control effectiveness values: the chance an attack
/// gets through all of them is the product of the chances it gets through
/// each, so the combined value is `1 - prod(1 - e_i)`.
pub fn combine_effectiveness(values: impl IntoIterator<Item = f64>) -> f64 {
    let pass: f64 = values
        .into_iter()
        .map(|e| 1.0 - e.clamp(0.0, 1.0))
        .product();
    1.0 - pass
}

/// Format a USD amount for people: `$850`, `$12.4K`, `$3.3M`, `$33.0B`.
pub fn format_usd(amount: u64) -> String {
    format!("${}", format_short(amount))
}

/// Format a EUR amount for people: `EUR 20.0M`.
pub fn format_eur(amount: u64) -> String {
    format!("EUR {}", format_short(amount))
}

fn format_short(amount: u64) -> String {
    const UNITS: [(u64, &str); 4] = [
        (1_000_000_000_000, "T"),
        (1_000_000_000, "B"),
        (1_000_000, "M"),
        (1_000, "K"),
    ];
    for (div, unit) in UNITS {
        if amount >= div {
            // one decimal, rounded half up, computed in integers
            let tenths = (amount as u128 * 10 + div as u128 / 2) / div as u128;
            return format!("{}.{}{unit}", tenths / 10, tenths % 10);
        }
    }
    amount.to_string()
}

/// Format a count with thousands separators: `200,000,000`.
pub fn format_count(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn seed_figures() {
        let c = CostModel::default();
        // 200M Prime members at $165 a record is a $33B exposure.
        assert_eq!(c.breach_cost(200_000_000), 33_000_000_000);
        assert_eq!(format_usd(c.breach_cost(200_000_000)), "$33.0B");
        assert_eq!(c.downtime_cost(1.0), 10_000_000);
        assert_eq!(gdpr_max_fine_eur(None), 20_000_000);
        assert_eq!(gdpr_max_fine_eur(Some(100_000_000)), 20_000_000);
        assert_eq!(gdpr_max_fine_eur(Some(1_000_000_000)), 40_000_000);
    }

    #[test]
    fn estimate_range_and_residual() {
        let c = CostModel::default();
        let e = Estimate::compute(
            &Exposure {
                kind: ImpactKind::Breach,
                records: 1_000_000,
                downtime_hours: 0.0,
                personal_data: true,
                likelihood: Likelihood::from_level(3),
                mitigation_effectiveness: 0.75,
            },
            &c,
        );
        assert_eq!(e.single_loss_usd, 165_000_000);
        assert_eq!(e.expected_loss_usd.low, 24_750_000); // 15% of 165M
                                                         // 35% of (165M + 20M EUR * 1.08)
        assert_eq!(e.expected_loss_usd.high, 65_310_000);
        assert_eq!(e.residual_loss_usd.low, 6_187_500);
        assert_eq!(e.gdpr_exposure_eur, Some(20_000_000));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_usd(850), "$850");
        assert_eq!(format_usd(12_449), "$12.4K");
        assert_eq!(format_usd(12_450), "$12.5K");
        assert_eq!(format_eur(20_000_000), "EUR 20.0M");
        assert_eq!(format_count(200_000_000), "200,000,000");
        assert_eq!(format_count(999), "999");
    }

    proptest! {
        #[test]
        fn ranges_are_ordered_and_residual_never_exceeds(records in 0u64..10_000_000_000, level in 0u8..9,
                                                        eff in -1.0f64..2.0, pii: bool, hours in 0.0f64..1000.0) {
            for kind in [ImpactKind::Breach, ImpactKind::Tamper, ImpactKind::Downtime] {
                let e = Estimate::compute(&Exposure { kind, records, downtime_hours: hours, personal_data: pii,
                    likelihood: Likelihood::from_level(level), mitigation_effectiveness: eff }, &CostModel::default());
                prop_assert!(e.expected_loss_usd.low <= e.expected_loss_usd.high);
                prop_assert!(e.residual_loss_usd.low <= e.residual_loss_usd.high);
                prop_assert!(e.residual_loss_usd.high <= e.expected_loss_usd.high);
                prop_assert!((0.0..=1.0).contains(&e.mitigation_effectiveness));
            }
        }

        #[test]
        fn combined_effectiveness_is_monotone(a in 0.0f64..1.0, b in 0.0f64..1.0) {
            let both = combine_effectiveness([a, b]);
            prop_assert!(both >= a.max(b) - 1e-12);
            prop_assert!(both <= 1.0);
        }
    }
}
