//! The candidate's profile: one row.

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Result, StoreError};
use crate::{validate, Store};

/// Who is preparing, for what, and how much time they have.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Day of the interview, `YYYY-MM-DD`.
    pub interview_date: String,
    /// Target role, e.g. `appsec` or `cloud`.
    pub role: String,
    /// Study time per day, in hours (above 0, at most 24).
    pub hours_per_day: f64,
    /// When the profile was first created (RFC 3339).
    pub created_at: String,
}

impl Store {
    pub(crate) fn check_profile(&self, p: &Profile) -> Result<()> {
        self.check("interview_date", validate::date(&p.interview_date))?;
        self.check("role", validate::label(&p.role))?;
        self.check("created_at", validate::timestamp(&p.created_at))?;
        if !(p.hours_per_day > 0.0 && p.hours_per_day <= 24.0) {
            return Err(self.invalid(
                "hours_per_day",
                format!("{} is outside (0, 24]", p.hours_per_day),
            ));
        }
        Ok(())
    }

    /// Create or replace the profile.
    pub fn set_profile(&mut self, p: &Profile) -> Result<()> {
        self.check_profile(p)?;
        self.write(|tx, path| insert_profile(tx, p).map_err(|e| StoreError::sqlite(path, e)))
    }

    /// The profile, if `prep start` has been run.
    pub fn profile(&self) -> Result<Option<Profile>> {
        load_profile(&self.conn).map_err(|e| self.err(e))
    }
}

pub(crate) fn load_profile(c: &rusqlite::Connection) -> rusqlite::Result<Option<Profile>> {
    c.query_row(
        "SELECT interview_date, role, hours_per_day, created_at FROM profile WHERE id = 1",
        [],
        |r| {
            Ok(Profile {
                interview_date: r.get(0)?,
                role: r.get(1)?,
                hours_per_day: r.get(2)?,
                created_at: r.get(3)?,
            })
        },
    )
    .optional()
}

pub(crate) fn insert_profile(tx: &rusqlite::Connection, p: &Profile) -> rusqlite::Result<()> {
    tx.execute(
        "INSERT INTO profile (id, interview_date, role, hours_per_day, created_at)
         VALUES (1, ?1, ?2, ?3, ?4)
         ON CONFLICT (id) DO UPDATE SET interview_date = excluded.interview_date,
             role = excluded.role, hours_per_day = excluded.hours_per_day,
             created_at = excluded.created_at",
        params![p.interview_date, p.role, p.hours_per_day, p.created_at],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        Profile {
            interview_date: "2026-12-21".into(),
            role: "appsec".into(),
            hours_per_day: 2.5,
            created_at: "2026-11-23T08:00:00Z".into(),
        }
    }

    #[test]
    fn set_then_replace() {
        let mut s = Store::open_in_memory().unwrap();
        assert_eq!(s.profile().unwrap(), None);
        s.set_profile(&profile()).unwrap();
        assert_eq!(s.profile().unwrap(), Some(profile()));
        let mut p = profile();
        p.role = "cloud".into();
        p.hours_per_day = 4.0;
        s.set_profile(&p).unwrap();
        assert_eq!(s.profile().unwrap(), Some(p));
    }

    #[test]
    fn bad_values_are_refused_and_nothing_written() {
        let mut s = Store::open_in_memory().unwrap();
        for (field, p) in [
            (
                "interview_date",
                Profile {
                    interview_date: "21/12/2026".into(),
                    ..profile()
                },
            ),
            (
                "role",
                Profile {
                    role: " ".into(),
                    ..profile()
                },
            ),
            (
                "hours_per_day",
                Profile {
                    hours_per_day: 0.0,
                    ..profile()
                },
            ),
            (
                "hours_per_day",
                Profile {
                    hours_per_day: f64::NAN,
                    ..profile()
                },
            ),
            (
                "hours_per_day",
                Profile {
                    hours_per_day: 25.0,
                    ..profile()
                },
            ),
            (
                "created_at",
                Profile {
                    created_at: "yesterday".into(),
                    ..profile()
                },
            ),
        ] {
            let err = s.set_profile(&p).unwrap_err();
            assert!(
                matches!(err, StoreError::Invalid { field: f, .. } if f == field),
                "{field}: {err}"
            );
        }
        assert_eq!(s.profile().unwrap(), None);
    }
}
