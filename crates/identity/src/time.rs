//! Times as Unix seconds, written and read as RFC 3339 UTC text, so the
//! engine needs no date crate and its files stay readable.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A point in time, in whole Unix seconds (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

/// Seconds in a day, for `--grace-days` and `--max-age-days`.
pub const DAY: i64 = 86_400;

impl Timestamp {
    /// Parse `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; a bare date
    /// `YYYY-MM-DD` means midnight UTC. Fractions are dropped.
    pub fn parse(s: &str) -> Result<Timestamp, String> {
        let b = s.as_bytes();
        let bad = || format!("`{s}` is not an RFC 3339 time; write it like 2024-05-01T09:30:00Z");
        let num = |r: std::ops::Range<usize>| -> Result<i64, String> {
            let part = b.get(r).ok_or_else(bad)?;
            if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
                return Err(bad());
            }
            Ok(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
        };
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let (y, m, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&m) || d < 1 || d > days_in_month(y, m) {
            return Err(format!("`{s}`: there is no such date"));
        }
        let days = days_from_civil(y, m, d);
        if b.len() == 10 {
            return Ok(Timestamp(days * DAY));
        }
        if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return Err(bad());
        }
        let (hh, mm, ss) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if hh > 23 || mm > 59 || ss > 60 {
            return Err(format!("`{s}`: the time of day is out of range"));
        }
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            if i == start {
                return Err(bad());
            }
        }
        let offset = match &b[i..] {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), ..] if b.len() - i == 6 && b[i + 3] == b':' => {
                let oh = num(i + 1..i + 3)?;
                let om = num(i + 4..i + 6)?;
                if oh > 23 || om > 59 {
                    return Err(bad());
                }
                let o = oh * 3600 + om * 60;
                if *sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            _ => return Err(bad()),
        };
        Ok(Timestamp(
            days * DAY + hh * 3600 + mm * 60 + ss.min(59) - offset,
        ))
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Timestamp) -> i64 {
        (later.0 - self.0).div_euclid(DAY)
    }

    pub fn plus_days(self, days: u32) -> Timestamp {
        Timestamp(self.0.saturating_add(i64::from(days) * DAY))
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report::asff::rfc3339_from_unix(self.0))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_offsets() {
        for s in [
            "1970-01-01T00:00:00Z",
            "2024-02-29T23:59:59Z",
            "2031-12-31T00:00:01Z",
        ] {
            assert_eq!(Timestamp::parse(s).unwrap().to_string(), s);
        }
        assert_eq!(
            Timestamp::parse("2024-05-01T10:00:00+02:00").unwrap(),
            Timestamp::parse("2024-05-01T08:00:00Z").unwrap()
        );
        assert_eq!(
            Timestamp::parse("2024-05-01T08:00:00.123456Z").unwrap(),
            Timestamp::parse("2024-05-01T08:00:00Z").unwrap()
        );
        assert_eq!(
            Timestamp::parse("2024-05-01").unwrap().to_string(),
            "2024-05-01T00:00:00Z"
        );
    }

    #[test]
    fn rejects_impossible_dates_and_junk() {
        for s in [
            "2023-02-29T00:00:00Z",
            "2024-13-01",
            "2024-01-01T24:00:00Z",
            "yesterday",
            "2024-01-01T00:00:00",
            "",
            "2024-01-01T00:00:00.Z",
            "2024-01-01T00:00:00+0200",
        ] {
            assert!(Timestamp::parse(s).is_err(), "{s}");
        }
    }

    #[test]
    fn days_between() {
        let a = Timestamp::parse("2024-01-01T00:00:00Z").unwrap();
        assert_eq!(a.days_until(a.plus_days(90)), 90);
        assert_eq!(a.plus_days(1).days_until(a), -1);
    }
}
