//! The calculators: `barraiser impact` (what a risk costs, from the
//! `impact` crate every engine quotes) and `barraiser offer` (an offer's
//! pay by year, from the `offer` crate). Thin shells: parse flags or a
//! TOML file, call the library, print Markdown or JSON.

use crate::cli::Global;
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// Records read by someone who should not (cost per record).
    Breach,
    /// Records changed or forged (cost per record).
    Tamper,
    /// The service is down (cost per hour).
    Downtime,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    barraiser impact --records 2000000 --personal-data --likelihood 3\n  \
    barraiser impact --records 50000 --cost-per-record 250 --control 0.9 --control 0.5\n  \
    barraiser impact --kind downtime --hours 4 --cost-per-hour 250000 --likelihood 2 --json\n\n\
    Single loss = records x cost per record (or hours x cost per hour). Expected annual loss is\n\
    a range: likelihood band low x single loss up to band high x (single loss + maximum GDPR fine).\n\
    Controls in place (effectiveness 0-1 each, independent) scale it down to the residual loss.")]
pub struct ImpactArgs {
    #[arg(long, value_enum, default_value = "breach")]
    pub kind: KindArg,
    /// Records one occurrence reaches (breach, tamper).
    #[arg(long, default_value_t = 0)]
    pub records: u64,
    /// Cost of one exposed record in USD.
    #[arg(long, value_name = "USD", default_value_t = impact::DEFAULT_COST_PER_RECORD_USD)]
    pub cost_per_record: f64,
    /// Hours of outage one occurrence causes (downtime).
    #[arg(long, default_value_t = 0.0)]
    pub hours: f64,
    /// Cost of one hour of downtime in USD.
    #[arg(long, value_name = "USD", default_value_t = impact::DEFAULT_DOWNTIME_COST_PER_HOUR_USD)]
    pub cost_per_hour: u64,
    /// Personal data of EU residents: add the maximum GDPR fine to the tail.
    #[arg(long)]
    pub personal_data: bool,
    /// Annual worldwide turnover in EUR (the fine is max(EUR 20M, 4%)).
    #[arg(long, value_name = "EUR")]
    pub turnover_eur: Option<u64>,
    /// 1 rare, 2 unlikely, 3 possible, 4 likely, 5 almost certain.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub likelihood: u8,
    /// Effectiveness (0-1) of a control already in place; repeat for several.
    #[arg(long = "control", value_name = "E")]
    pub controls: Vec<f64>,
    /// JSON for scripts.
    #[arg(long)]
    pub json: bool,
}

pub fn impact(_g: &Global, a: &ImpactArgs) -> Result<Outcome, Fail> {
    let positive = |flag: &str, x: f64| {
        if x.is_finite() && x >= 0.0 {
            Ok(())
        } else {
            Err(Fail(format!("{flag} must be a number of zero or more")))
        }
    };
    positive("--cost-per-record", a.cost_per_record)?;
    positive("--hours", a.hours)?;
    for c in &a.controls {
        if !(c.is_finite() && (0.0..=1.0).contains(c)) {
            return Err(Fail(format!(
                "--control {c}: an effectiveness is between 0 and 1 (0.9 stops nine attacks in ten)"
            )));
        }
    }
    let kind = match a.kind {
        KindArg::Breach => impact::ImpactKind::Breach,
        KindArg::Tamper => impact::ImpactKind::Tamper,
        KindArg::Downtime => impact::ImpactKind::Downtime,
    };
    if kind == impact::ImpactKind::Downtime && a.hours == 0.0 {
        return Err(Fail(
            "--kind downtime needs --hours (the outage one occurrence causes)".into(),
        ));
    }
    if kind != impact::ImpactKind::Downtime && a.records == 0 {
        return Err(Fail(format!(
            "--kind {} needs --records (the records one occurrence reaches)",
            format!("{:?}", a.kind).to_lowercase()
        )));
    }
    let costs = impact::CostModel {
        cost_per_record_usd: a.cost_per_record,
        downtime_cost_per_hour_usd: a.cost_per_hour,
        annual_turnover_eur: a.turnover_eur,
        ..impact::CostModel::default()
    };
    let exposure = impact::Exposure {
        kind,
        records: a.records,
        downtime_hours: a.hours,
        personal_data: a.personal_data,
        likelihood: impact::Likelihood::from_level(a.likelihood),
        mitigation_effectiveness: impact::combine_effectiveness(a.controls.iter().copied()),
    };
    let e = impact::Estimate::compute(&exposure, &costs);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&e)?);
        return Ok(Outcome::Clean);
    }
    let usd = impact::format_usd;
    match kind {
        impact::ImpactKind::Downtime => println!(
            "Single loss: {} ({} h x {}/h)",
            usd(e.single_loss_usd),
            e.downtime_hours,
            usd(a.cost_per_hour)
        ),
        _ => println!(
            "Single loss: {} ({} records x ${}/record)",
            usd(e.single_loss_usd),
            impact::format_count(e.records),
            e.cost_per_record_usd
        ),
    }
    if let Some(f) = e.gdpr_exposure_eur {
        println!(
            "GDPR exposure: up to {} (max of EUR 20M and 4% of turnover)",
            impact::format_eur(f)
        );
    }
    println!(
        "Likelihood: {} ({}), {:.0}-{:.0}% a year",
        e.likelihood.level,
        e.likelihood.label(),
        e.likelihood.low * 100.0,
        e.likelihood.high * 100.0
    );
    println!(
        "Expected annual loss: {} to {}",
        usd(e.expected_loss_usd.low),
        usd(e.expected_loss_usd.high)
    );
    if !a.controls.is_empty() {
        println!(
            "With controls in place ({:.1}% combined): {} to {}",
            e.mitigation_effectiveness * 100.0,
            usd(e.residual_loss_usd.low),
            usd(e.residual_loss_usd.high)
        );
    }
    Ok(Outcome::Clean)
}

#[derive(Debug, Args)]
pub struct OfferArgs {
    #[command(subcommand)]
    pub command: OfferCmd,
}

#[derive(Debug, Subcommand)]
pub enum OfferCmd {
    /// Pay by year for one offer: base, sign-on, vested shares and their value.
    #[command(after_help = "Examples:\n  \
        barraiser offer evaluate offer.toml\n  \
        barraiser offer evaluate offer.toml --json\n\n\
        offer.toml:\n  \
        base = 170000\n  \
        raise_percent = 3          # optional, compounding each year\n  \
        [sign_on]\n  year1 = 30000\n  year2 = 20000\n  \
        [rsu]\n  shares = 400          # or value = 80000 with price\n  price = 200\n  \
        schedule = [5, 15, 40, 40]  # percent per year (the default)\n\n\
        The full format: docs/prep.md.")]
    Evaluate {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Two offers side by side, year by year, with the year one overtakes the other.
    #[command(after_help = "Examples:\n  barraiser offer compare amazon.toml other.toml")]
    Compare {
        a: PathBuf,
        b: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn read_offer(path: &Path) -> Result<offer::Offer, Fail> {
    let shown = path.display().to_string();
    let bytes = io::read_input(path, 1 << 20)?;
    let text = report::Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
    offer::parse(text).map_err(|e| {
        Fail(format!(
            "{shown}:{e}\n  help: see `barraiser offer evaluate --help` for the format"
        ))
    })
}

pub fn offer(_g: &Global, a: &OfferArgs) -> Result<Outcome, Fail> {
    match &a.command {
        OfferCmd::Evaluate { file, json } => {
            let o = read_offer(file)?;
            let years = offer::evaluate(&o);
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json!({
                        "years": years,
                        "four_year_total": offer::four_year_total(&years),
                        "total": offer::total(&years),
                    }))?
                );
            } else {
                print!("{}", offer::years_markdown(&years));
            }
        }
        OfferCmd::Compare { a: fa, b: fb, json } => {
            let (oa, ob) = (read_offer(fa)?, read_offer(fb)?);
            let mut c = offer::compare(&oa, &ob);
            // the offers' own names when they have one, else the file names
            let label = |name: &Option<String>, path: &Path| {
                name.clone().unwrap_or_else(|| path.display().to_string())
            };
            c.a_name = label(&oa.name, fa);
            c.b_name = label(&ob.name, fb);
            if *json {
                println!("{}", serde_json::to_string_pretty(&c)?);
            } else {
                // a `|` in a name would split the Markdown table's cells
                c.a_name = c.a_name.replace('|', "\\|");
                c.b_name = c.b_name.replace('|', "\\|");
                print!("{}", c.to_markdown());
            }
        }
    }
    Ok(Outcome::Clean)
}
