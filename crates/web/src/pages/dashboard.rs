//! The dashboard: days left, today's plan, readiness per competency and
//! the score chart.

use super::{blocking, render, PageError};
use crate::Shared;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

/// The chart shows each competency's most recent graded attempts. After a
/// year of practice a competency has well over a thousand, and drawing them
/// all made the dashboard's SVG large and its render slow for a chart whose
/// job is the recent trend.
const CHART_POINTS: usize = 40;

pub struct PlanRow {
    pub minutes: u32,
    pub title: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct Dashboard {
    pub today: String,
    pub interview: Option<String>,
    pub days_left: Option<i64>,
    pub plan: Vec<PlanRow>,
    pub plan_minutes: u32,
    pub rows: Vec<progress::Row>,
    pub chart: String,
}

impl Dashboard {
    fn score(&self, r: &progress::Row) -> String {
        r.latest_score.map_or("-".into(), |s| format!("{s}/100"))
    }
    fn minutes(&self, r: &progress::Row) -> String {
        r.latest_minutes.map_or("-".into(), |m| format!("{m}"))
    }
}

pub async fn page(State(app): State<Shared>) -> Result<Response, PageError> {
    let d = blocking(move || {
        let s = app.open()?;
        let today = app.today();
        let profile = s.profile().map_err(PageError::store)?;
        let day = s.plan_day(&today.to_string()).map_err(PageError::store)?;
        let rows = app.readiness(&s)?;
        let days_left = profile.as_ref().and_then(|p| {
            let fmt = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(&p.interview_date, &fmt)
                .ok()
                .map(|d| (d - today).whole_days())
        });
        let plan: Vec<PlanRow> = day
            .map(|d| {
                d.items
                    .into_iter()
                    .map(|i| PlanRow {
                        minutes: i.minutes,
                        title: i.title,
                        done: i.done_at.is_some(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let series: Vec<(&str, Vec<u8>)> = rows
            .iter()
            .map(|r| {
                let recent = &r.history[r.history.len().saturating_sub(CHART_POINTS)..];
                (r.competency, recent.iter().map(|p| p.score).collect())
            })
            .collect();
        Ok(Dashboard {
            today: today.to_string(),
            interview: profile.map(|p| p.interview_date),
            days_left,
            plan_minutes: plan.iter().map(|p| p.minutes).sum(),
            plan,
            chart: crate::chart::trend_svg(&series),
            rows,
        })
    })
    .await?;
    Ok(render(&d))
}
