//! The study plan: one row per day, with its items in order.

use std::collections::BTreeMap;

use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::{validate, Store};

/// A day of the plan as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDay {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// What the day is about (e.g. "week 1: threat modeling").
    pub focus: String,
    /// Its items, in the order they are done.
    pub items: Vec<PlanItem>,
}

/// One thing to do on a plan day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanItem {
    /// Row id, stable across exports.
    pub id: i64,
    /// Rank within the day, from 0.
    pub position: u32,
    /// Drill or checklist kind, e.g. `threat-model`, `code-review`, `checklist`.
    pub kind: String,
    /// The content item it points at (a snippet or question id), if any.
    pub ref_id: Option<String>,
    /// Time it takes, in minutes.
    pub minutes: u32,
    /// What to show the user.
    pub title: String,
    /// When it was ticked off (RFC 3339), `None` while open.
    pub done_at: Option<String>,
}

/// A day handed to [`Store::replace_plan`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlanDay {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// What the day is about.
    pub focus: String,
    /// Its items, in order.
    pub items: Vec<NewPlanItem>,
}

/// An item handed to [`Store::replace_plan`].
#[derive(Debug, Clone, PartialEq)]
pub struct NewPlanItem {
    /// Drill or checklist kind.
    pub kind: String,
    /// The content item it points at, if any.
    pub ref_id: Option<String>,
    /// Time it takes, in minutes.
    pub minutes: u32,
    /// What to show the user.
    pub title: String,
}

impl Store {
    /// Replace the whole plan with `days` in one transaction (a new `prep start`).
    pub fn replace_plan(&mut self, days: &[NewPlanDay]) -> Result<()> {
        let mut seen = std::collections::BTreeSet::new();
        for d in days {
            self.check("plan day date", validate::date(&d.date))?;
            if !seen.insert(d.date.as_str()) {
                return Err(self.invalid("plan day date", format!("{} appears twice", d.date)));
            }
            for i in &d.items {
                self.check("plan item kind", validate::label(&i.kind))?;
            }
        }
        self.write(|tx, path| {
            let e = |e| StoreError::sqlite(path, e);
            tx.execute("DELETE FROM plan_days", []).map_err(e)?;
            for d in days {
                tx.execute(
                    "INSERT INTO plan_days (date, focus) VALUES (?1, ?2)",
                    params![d.date, d.focus],
                )
                .map_err(e)?;
                for (pos, i) in d.items.iter().enumerate() {
                    tx.execute(
                        "INSERT INTO plan_items (date, position, kind, ref_id, minutes, title)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                        params![d.date, pos as i64, i.kind, i.ref_id, i.minutes, i.title],
                    )
                    .map_err(e)?;
                }
            }
            Ok(())
        })
    }

    /// Tick an item off (`Some(time)`) or reopen it (`None`).
    pub fn set_plan_item_done(&mut self, item_id: i64, done_at: Option<&str>) -> Result<()> {
        if let Some(t) = done_at {
            self.check("done_at", validate::timestamp(t))?;
        }
        let changed = self.write(|tx, path| {
            tx.execute(
                "UPDATE plan_items SET done_at = ?2 WHERE id = ?1",
                params![item_id, done_at],
            )
            .map_err(|e| StoreError::sqlite(path, e))
        })?;
        if changed == 0 {
            return Err(self.not_found("plan item", item_id));
        }
        Ok(())
    }

    /// The whole plan, days in date order.
    pub fn plan(&self) -> Result<Vec<PlanDay>> {
        self.read(|c| load_plan(c, None).map_err(|e| self.err(e)))
    }

    /// One day of the plan, if the plan covers it.
    pub fn plan_day(&self, date: &str) -> Result<Option<PlanDay>> {
        self.check("date", validate::date(date))?;
        self.read(|c| {
            load_plan(c, Some(date))
                .map(|mut days| days.pop())
                .map_err(|e| self.err(e))
        })
    }
}

pub(crate) fn load_plan(c: &Connection, only: Option<&str>) -> rusqlite::Result<Vec<PlanDay>> {
    let mut days: BTreeMap<String, PlanDay> = BTreeMap::new();
    let mut stmt =
        c.prepare("SELECT date, focus FROM plan_days WHERE ?1 IS NULL OR date = ?1 ORDER BY date")?;
    let rows = stmt.query_map([only], |r| {
        Ok(PlanDay {
            date: r.get(0)?,
            focus: r.get(1)?,
            items: Vec::new(),
        })
    })?;
    for d in rows {
        let d = d?;
        days.insert(d.date.clone(), d);
    }
    let mut stmt = c.prepare(
        "SELECT id, date, position, kind, ref_id, minutes, title, done_at FROM plan_items
         WHERE ?1 IS NULL OR date = ?1 ORDER BY date, position",
    )?;
    let rows = stmt.query_map([only], |r| {
        Ok((
            r.get::<_, String>(1)?,
            PlanItem {
                id: r.get(0)?,
                position: r.get(2)?,
                kind: r.get(3)?,
                ref_id: r.get(4)?,
                minutes: r.get(5)?,
                title: r.get(6)?,
                done_at: r.get(7)?,
            },
        ))
    })?;
    for row in rows {
        let (date, item) = row?;
        if let Some(day) = days.get_mut(&date) {
            day.items.push(item);
        }
    }
    Ok(days.into_values().collect())
}

pub(crate) fn insert_plan_day(tx: &Connection, d: &PlanDay) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO plan_days (date, focus) VALUES (?1, ?2)",
        params![d.date, d.focus],
    )?;
    for i in &d.items {
        tx.execute(
            "INSERT INTO plan_items (id, date, position, kind, ref_id, minutes, title, done_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![i.id, d.date, i.position, i.kind, i.ref_id, i.minutes, i.title, i.done_at],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: &str, minutes: u32, title: &str) -> NewPlanItem {
        NewPlanItem {
            kind: kind.into(),
            ref_id: None,
            minutes,
            title: title.into(),
        }
    }

    fn two_days() -> Vec<NewPlanDay> {
        vec![
            NewPlanDay {
                date: "2026-11-25".into(),
                focus: "code review".into(),
                items: vec![item("code-review", 10, "Review a Java snippet")],
            },
            NewPlanDay {
                date: "2026-11-24".into(),
                focus: "threat modeling".into(),
                items: vec![
                    item("threat-model", 20, "Model a file upload service"),
                    NewPlanItem {
                        ref_id: Some("tls-handshake".into()),
                        ..item("questions", 15, "Review due questions")
                    },
                ],
            },
        ]
    }

    #[test]
    fn replace_orders_and_ticks() {
        let mut s = Store::open_in_memory().unwrap();
        s.replace_plan(&two_days()).unwrap();
        let plan = s.plan().unwrap();
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].date, "2026-11-24");
        assert_eq!(plan[0].items.len(), 2);
        assert_eq!(plan[0].items[1].position, 1);
        assert_eq!(plan[0].items[1].ref_id.as_deref(), Some("tls-handshake"));
        let id = plan[0].items[0].id;
        s.set_plan_item_done(id, Some("2026-11-24T10:00:00Z"))
            .unwrap();
        let day = s.plan_day("2026-11-24").unwrap().unwrap();
        assert_eq!(
            day.items[0].done_at.as_deref(),
            Some("2026-11-24T10:00:00Z")
        );
        s.set_plan_item_done(id, None).unwrap();
        assert_eq!(
            s.plan_day("2026-11-24").unwrap().unwrap().items[0].done_at,
            None
        );
        assert!(s.plan_day("2026-12-01").unwrap().is_none());
        assert!(matches!(
            s.set_plan_item_done(9999, None),
            Err(StoreError::NotFound { .. })
        ));
        // A new plan replaces the old one entirely (items cascade away).
        s.replace_plan(&two_days()[..1]).unwrap();
        let plan = s.plan().unwrap();
        assert_eq!(plan.len(), 1);
        assert_eq!(plan[0].date, "2026-11-25");
    }

    #[test]
    fn duplicate_or_bad_dates_are_refused_and_old_plan_kept() {
        let mut s = Store::open_in_memory().unwrap();
        s.replace_plan(&two_days()).unwrap();
        let mut dup = two_days();
        dup[1].date = dup[0].date.clone();
        assert!(matches!(
            s.replace_plan(&dup),
            Err(StoreError::Invalid { .. })
        ));
        let mut bad = two_days();
        bad[0].date = "2026-11-31".into();
        assert!(matches!(
            s.replace_plan(&bad),
            Err(StoreError::Invalid { .. })
        ));
        assert_eq!(s.plan().unwrap().len(), 2);
    }
}
