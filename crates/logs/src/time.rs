//! Timestamp parsing for the log formats, to Unix seconds (UTC).
//!
//! Hand-written because it runs once per line: no allocation, no locale,
//! and the callers cache the last result (consecutive lines usually share
//! their second).

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// RFC 3339 UTC form of Unix seconds: `2024-03-03T10:15:01Z`.
pub fn format_rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() {
        return None;
    }
    let mut n: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + (c - b'0') as u32;
    }
    Some(n)
}

/// Month number from its English three-letter abbreviation.
pub fn month(b: &[u8]) -> Option<u32> {
    const M: [&[u8; 3]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    if b.len() != 3 {
        return None;
    }
    M.iter().position(|m| m[..] == *b).map(|i| i as u32 + 1)
}

fn hms(b: &[u8]) -> Option<i64> {
    // HH:MM:SS
    if b.len() != 8 || b[2] != b':' || b[5] != b':' {
        return None;
    }
    let h = digits(&b[0..2])?;
    let mi = digits(&b[3..5])?;
    let s = digits(&b[6..8])?;
    if h > 23 || mi > 59 || s > 60 {
        return None;
    }
    Some(h as i64 * 3600 + mi as i64 * 60 + s as i64)
}

fn date_ok(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && (1..=31).contains(&d) && (1970..=9999).contains(&y)
}

/// Common Log Format time: `10/Oct/2000:13:55:36 -0700`.
pub fn parse_clf(b: &[u8]) -> Option<i64> {
    if b.len() != 26 || b[2] != b'/' || b[6] != b'/' || b[11] != b':' || b[20] != b' ' {
        return None;
    }
    let d = digits(&b[0..2])?;
    let m = month(&b[3..6])?;
    let y = digits(&b[7..11])? as i64;
    if !date_ok(y, m, d) {
        return None;
    }
    let t = hms(&b[12..20])?;
    let off = offset(&b[21..26])?;
    Some(days_from_civil(y, m, d) * 86_400 + t - off)
}

/// `+hhmm` / `-hhmm` / `+hh:mm` in seconds east of UTC.
fn offset(b: &[u8]) -> Option<i64> {
    let sign = match b.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = match b.len() {
        5 => (digits(&b[1..3])?, digits(&b[3..5])?),
        6 if b[3] == b':' => (digits(&b[1..3])?, digits(&b[4..6])?),
        _ => return None,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some(sign * (h as i64 * 3600 + m as i64 * 60))
}

/// ISO 8601 / RFC 3339: `2018-07-02T22:23:00.186641Z`,
/// `2024-03-03T10:15:01+01:00`, `2024-03-03 10:15:01` (UTC assumed).
/// Fractions of a second are dropped.
pub fn parse_iso(b: &[u8]) -> Option<i64> {
    Some(iso_date_time(b.get(..19)?)? - iso_suffix(&b[19..])?)
}

/// The `YYYY-MM-DDTHH:MM:SS` part of an ISO time, as local seconds.
pub fn iso_date_time(b: &[u8]) -> Option<i64> {
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || !(b[10] == b'T' || b[10] == b' ') {
        return None;
    }
    let y = digits(&b[0..4])? as i64;
    let m = digits(&b[5..7])?;
    let d = digits(&b[8..10])?;
    if !date_ok(y, m, d) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hms(&b[11..19])?)
}

/// What follows the seconds of an ISO time: an optional fraction, then
/// `Z`, nothing, or an offset. Returns the offset in seconds east of UTC.
pub fn iso_suffix(mut rest: &[u8]) -> Option<i64> {
    if rest.first() == Some(&b'.') {
        let n = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        rest = &rest[1 + n..];
    }
    match rest {
        b"" | b"Z" | b"z" => Some(0),
        r => offset(r),
    }
}

/// CloudFront's separate `date` and `time` fields (UTC).
pub fn parse_date_time(date: &[u8], time: &[u8]) -> Option<i64> {
    if date.len() != 10 || date[4] != b'-' || date[7] != b'-' {
        return None;
    }
    let y = digits(&date[0..4])? as i64;
    let m = digits(&date[5..7])?;
    let d = digits(&date[8..10])?;
    if !date_ok(y, m, d) {
        return None;
    }
    Some(days_from_civil(y, m, d) * 86_400 + hms(time)?)
}

/// Classic syslog time `Mar  3 10:15:01` (15 bytes), which has no year or
/// zone: the caller supplies the year and UTC is assumed.
pub fn parse_syslog(b: &[u8], year: i32) -> Option<i64> {
    if b.len() != 15 || b[3] != b' ' || b[6] != b' ' {
        return None;
    }
    let m = month(&b[0..3])?;
    let d = if b[4] == b' ' {
        digits(&b[5..6])?
    } else {
        digits(&b[4..6])?
    };
    if !date_ok(year as i64, m, d) {
        return None;
    }
    Some(days_from_civil(year as i64, m, d) * 86_400 + hms(&b[7..15])?)
}

/// Parse a window or duration: `90`, `90s`, `5m`, `1h`, `2d`.
pub fn parse_duration(s: &str) -> Option<i64> {
    let s = s.trim();
    let (num, mult) = match s.as_bytes().last()? {
        b's' => (&s[..s.len() - 1], 1),
        b'm' => (&s[..s.len() - 1], 60),
        b'h' => (&s[..s.len() - 1], 3600),
        b'd' => (&s[..s.len() - 1], 86_400),
        c if c.is_ascii_digit() => (s, 1),
        _ => return None,
    };
    let n: i64 = num.parse().ok()?;
    if n <= 0 {
        return None;
    }
    n.checked_mul(mult)
}

/// A duration the way people write it: `5m`, `1h30m` is printed `5400s`.
pub fn format_duration(secs: i64) -> String {
    if secs % 86_400 == 0 {
        format!("{}d", secs / 86_400)
    } else if secs % 3600 == 0 {
        format!("{}h", secs / 3600)
    } else if secs % 60 == 0 {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

/// This year in UTC, from the system clock: the default year of syslog
/// timestamps (auth.log writes none) for the CLI and the web app alike.
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    civil_from_days(secs.div_euclid(86_400)).0 as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn current_year_is_after_this_code_was_written() {
        let y = current_year();
        assert!((2025..3000).contains(&y), "{y}");
    }

    #[test]
    fn clf_with_zone() {
        // 2000-10-10 20:55:36 UTC
        assert_eq!(parse_clf(b"10/Oct/2000:13:55:36 -0700"), Some(971_211_336));
        assert_eq!(parse_clf(b"10/Oct/2000:20:55:36 +0000"), Some(971_211_336));
        assert_eq!(parse_clf(b"10/Foo/2000:20:55:36 +0000"), None);
        assert_eq!(parse_clf(b"10/Oct/2000:25:55:36 +0000"), None);
    }

    #[test]
    fn iso_forms() {
        assert_eq!(parse_iso(b"2000-10-10T20:55:36Z"), Some(971_211_336));
        assert_eq!(parse_iso(b"2000-10-10T20:55:36.123456Z"), Some(971_211_336));
        assert_eq!(parse_iso(b"2000-10-10T21:55:36+01:00"), Some(971_211_336));
        assert_eq!(parse_iso(b"2000-10-10 20:55:36"), Some(971_211_336));
        assert_eq!(parse_iso(b"2000-13-10T20:55:36Z"), None);
        assert_eq!(parse_iso(b"2000-10-10T20:55:36."), None);
    }

    #[test]
    fn syslog_and_cloudfront() {
        assert_eq!(parse_syslog(b"Oct 10 20:55:36", 2000), Some(971_211_336));
        assert_eq!(
            parse_syslog(b"Mar  3 00:00:00", 2024),
            Some(days_from_civil(2024, 3, 3) * 86_400)
        );
        assert_eq!(
            parse_date_time(b"2000-10-10", b"20:55:36"),
            Some(971_211_336)
        );
    }

    #[test]
    fn civil_round_trip() {
        for days in [-1000, 0, 1, 59, 365, 11_016, 19_723, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_rfc3339(971_211_336), "2000-10-10T20:55:36Z");
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("90"), Some(90));
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("0s"), None);
        assert_eq!(parse_duration("5x"), None);
        assert_eq!(format_duration(300), "5m");
        assert_eq!(format_duration(90), "90s");
    }
}
