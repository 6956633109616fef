//! Checks on values before they reach SQLite, so a bad value gets a message naming the field
//! instead of a bare CHECK-constraint failure. The schema holds the same rules as a backstop.

/// A calendar date `YYYY-MM-DD` that exists (leap years included), in the years 1900 to 9000
/// (far enough from SQLite's limits that a time-zone offset cannot push a timestamp past them).
pub(crate) fn date(value: &str) -> Result<(), String> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(format!(
            "{value:?} is not a date; expected YYYY-MM-DD, e.g. 2026-03-14"
        ));
    }
    let year = digits(&b[0..4]);
    let month = digits(&b[5..7]);
    let day = digits(&b[8..10]);
    let (Some(year), Some(month), Some(day)) = (year, month, day) else {
        return Err(format!(
            "{value:?} is not a date; expected YYYY-MM-DD, e.g. 2026-03-14"
        ));
    };
    if !(1900..=9000).contains(&year) {
        return Err(format!("{value:?} has a year outside 1900-9000"));
    }
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(format!("{value:?} is not a day of the calendar"));
    }
    Ok(())
}

/// An RFC 3339 timestamp: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `+HH:MM`/`-HH:MM`.
/// Restricted to what SQLite's date functions read (upper-case `T`, no leap second), so the
/// schema's `julianday(..) IS NOT NULL` checks agree with this one.
pub(crate) fn timestamp(value: &str) -> Result<(), String> {
    let bad = || {
        format!(
            "{value:?} is not an RFC 3339 timestamp; expected e.g. 2026-03-14T09:30:00Z \
             or 2026-03-14T09:30:00.250+01:00"
        )
    };
    if value.len() < 20 || !value.is_char_boundary(10) {
        return Err(bad());
    }
    date(&value[..10]).map_err(|_| bad())?;
    let b = value.as_bytes();
    if b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    let (Some(h), Some(m), Some(s)) = (digits(&b[11..13]), digits(&b[14..16]), digits(&b[17..19]))
    else {
        return Err(bad());
    };
    if h > 23 || m > 59 || s > 59 {
        return Err(bad());
    }
    let mut rest = &b[19..];
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 || n > 9 {
            return Err(bad());
        }
        rest = &rest[1 + n..];
    }
    match rest {
        [b'Z' | b'z'] => Ok(()),
        [b'+' | b'-', h1, h2, b':', m1, m2] => match (digits(&[*h1, *h2]), digits(&[*m1, *m2])) {
            // Real offsets run from -12:00 to +14:00; SQLite refuses hours above 14.
            (Some(oh), Some(om)) if oh <= 14 && om <= 59 => Ok(()),
            _ => Err(bad()),
        },
        _ => Err(bad()),
    }
}

/// A non-empty text without leading or trailing blanks.
pub(crate) fn label(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        Err("must not be empty".into())
    } else if value.trim() != value {
        Err(format!("{value:?} has leading or trailing blanks"))
    } else {
        Ok(())
    }
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert!(date("2026-03-14").is_ok());
        assert!(date("2024-02-29").is_ok());
        assert!(date("2000-02-29").is_ok());
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "0000-01-01",
            "9999-12-31",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-4-1",
            "2026/04/01",
            "",
            "2026-04-01T",
            "２０２６-04-01",
        ] {
            assert!(date(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn timestamps() {
        for good in [
            "2026-03-14T09:30:00Z",
            "2026-03-14T09:30:00.250Z",
            "2026-03-14T23:59:59.123456789+01:00",
            "2026-03-14T09:30:00-05:30",
        ] {
            assert!(timestamp(good).is_ok(), "{good} rejected");
        }
        for bad in [
            "2026-03-14",
            "2026-03-14 09:30:00Z",
            "2026-03-14T24:00:00Z",
            "2026-03-14T09:60:00Z",
            "2026-03-14T09:30:00",
            "2026-03-14T09:30:00.Z",
            "2026-03-14T09:30:00+0100",
            "2026-02-30T09:30:00Z",
            "2026-03-14T09:30:00Zjunk",
            "2026-03-14T09:30:00+24:00",
            "2026-03-14T09:30:00+15:00",
            "é026-03-14T09:30:00Z",
            // SQLite's date functions read neither of these, so the CHECK constraints would fail.
            "2026-03-14t09:30:00Z",
            "2026-12-31T23:59:60Z",
        ] {
            assert!(timestamp(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn labels() {
        assert!(label("code-review").is_ok());
        assert!(label("").is_err());
        assert!(label("  ").is_err());
        assert!(label(" x").is_err());
    }

    proptest::proptest! {
        /// Whatever passes here also passes the schema's CHECK constraints.
        #[test]
        fn accepted_values_satisfy_sqlite(
            ts in "[0-9]{4}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-6][0-9]:[0-6][0-9](\\.[0-9]{1,9})?(Z|[+-][0-2][0-9]:[0-6][0-9])",
            d in "[0-9]{4}-[01][0-9]-[0-3][0-9]",
        ) {
            let c = rusqlite::Connection::open_in_memory().unwrap();
            if timestamp(&ts).is_ok() {
                let jd: Option<f64> = c.query_row("SELECT julianday(?1)", [&ts], |r| r.get(0)).unwrap();
                proptest::prop_assert!(jd.is_some(), "{} accepted here, refused by SQLite", ts);
            }
            if date(&d).is_ok() {
                let back: Option<String> = c.query_row("SELECT date(?1)", [&d], |r| r.get(0)).unwrap();
                proptest::prop_assert_eq!(back.as_deref(), Some(d.as_str()));
            }
        }
    }
}
