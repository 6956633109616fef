//! Settings from `barraiser.toml` (project) or
//! `$XDG_CONFIG_HOME/barraiser/config.toml` (user), or `--config FILE`.
//!
//! ```toml
//! [impact]
//! cost_per_record_usd = 165
//! downtime_cost_per_hour_usd = 10000000
//! annual_turnover_eur = 500000000000
//! ```

use crate::Fail;
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub impact: Option<ImpactConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImpactConfig {
    pub cost_per_record_usd: Option<f64>,
    pub downtime_cost_per_hour_usd: Option<u64>,
    pub annual_turnover_eur: Option<u64>,
}

/// Load the explicit file, else the first of the project and user files
/// that exists, else defaults.
pub fn load(explicit: Option<&Path>) -> Result<Config, Fail> {
    let candidates: Vec<PathBuf> = match explicit {
        Some(p) => vec![p.to_path_buf()],
        None => {
            let mut v = vec![PathBuf::from("barraiser.toml")];
            let xdg = std::env::var_os("XDG_CONFIG_HOME")
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")));
            if let Some(x) = xdg {
                v.push(x.join("barraiser").join("config.toml"));
            }
            v
        }
    };
    for path in candidates {
        if explicit.is_none() && !path.is_file() {
            continue;
        }
        let bytes = crate::io::read_input(&path, 1024 * 1024)?;
        let text = report::Diagnostic::check_text(&path.display().to_string(), &bytes)
            .map_err(|d| Fail(d.to_string()))?;
        return toml::from_str(text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| line_col(text, s.start))
                .unwrap_or((1, 1));
            Fail(format!(
                "{}:{line}:{col}: error: {}\n  help: see the [impact] example in `barraiser --help`",
                path.display(),
                e.message()
            ))
        });
    }
    Ok(Config::default())
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

impl Config {
    /// Cost figures: config values over the built-in defaults.
    pub fn costs(&self) -> impact::CostModel {
        let mut c = impact::CostModel::default();
        if let Some(i) = &self.impact {
            if let Some(v) = i.cost_per_record_usd {
                c.cost_per_record_usd = v;
            }
            if let Some(v) = i.downtime_cost_per_hour_usd {
                c.downtime_cost_per_hour_usd = v;
            }
            if i.annual_turnover_eur.is_some() {
                c.annual_turnover_eur = i.annual_turnover_eur;
            }
        }
        c
    }
}
