//! Amazon CloudFront standard access logs: tab-separated, with
//! `#Version:` and `#Fields:` header lines naming the columns.
//!
//! ```text
//! #Version: 1.0
//! #Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) ...
//! 2019-12-04<TAB>21:02:31<TAB>LAX1<TAB>392<TAB>192.0.2.100<TAB>GET<TAB>d111111abcdef8.cloudfront.net<TAB>/index.html<TAB>200<TAB>-<TAB>Mozilla/5.0%20(Windows)<TAB>...
//! ```
//!
//! The columns are found through the `#Fields:` header when the file has
//! one (the engine reads it from the top of the file before splitting into
//! chunks), else the documented default order is used.

use super::Ctx;
use crate::event::{Event, Malformed};

/// Column positions of the fields barraiser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    date: usize,
    time: usize,
    ip: usize,
    method: usize,
    path: usize,
    status: usize,
    user_agent: usize,
    max: usize,
}

impl Default for Columns {
    /// The order AWS documents for standard logs.
    fn default() -> Self {
        Columns {
            date: 0,
            time: 1,
            ip: 4,
            method: 5,
            path: 7,
            status: 8,
            user_agent: 10,
            max: 10,
        }
    }
}

impl Columns {
    /// From a `#Fields: date time ...` line; `None` if a needed column is
    /// missing.
    pub fn from_header(line: &[u8]) -> Option<Columns> {
        let rest = line.strip_prefix(b"#Fields:")?;
        let names: Vec<&[u8]> = rest
            .split(|c| *c == b' ' || *c == b'\t')
            .filter(|t| !t.is_empty())
            .collect();
        let at = |n: &[u8]| names.iter().position(|x| x.eq_ignore_ascii_case(n));
        let c = Columns {
            date: at(b"date")?,
            time: at(b"time")?,
            ip: at(b"c-ip")?,
            method: at(b"cs-method").unwrap_or(usize::MAX),
            path: at(b"cs-uri-stem").unwrap_or(usize::MAX),
            status: at(b"sc-status")?,
            user_agent: at(b"cs(User-Agent)").unwrap_or(usize::MAX),
            max: 0,
        };
        let max = [c.date, c.time, c.ip, c.status]
            .into_iter()
            .max()
            .unwrap_or(0);
        Some(Columns { max, ..c })
    }
}

pub fn parse<'a>(line: &'a [u8], ctx: &mut Ctx) -> Result<Option<Event<'a>>, Malformed> {
    if line.first() == Some(&b'#') {
        if let Some(c) = Columns::from_header(line) {
            ctx.cloudfront = c;
        }
        return Ok(None);
    }
    let c = ctx.cloudfront;
    let mut f: [&[u8]; 32] = [b""; 32];
    let mut n = 0;
    for (i, field) in line.split(|&b| b == b'\t').enumerate() {
        if i < 32 {
            f[i] = field;
        }
        n = i + 1;
    }
    if n <= c.max || n < 2 {
        return Err(Malformed(
            "too few tab-separated fields for the #Fields header",
        ));
    }
    let get = |i: usize| -> &'a [u8] {
        if i < 32 && i < n {
            let v = f[i];
            if v == b"-" {
                b""
            } else {
                v
            }
        } else {
            b""
        }
    };
    let ts = crate::time::parse_date_time(get(c.date), get(c.time))
        .ok_or(Malformed("bad date/time fields"))?;
    let source = get(c.ip);
    if source.is_empty() {
        return Err(Malformed("empty c-ip"));
    }
    let status = super::combined::status3(get(c.status)).unwrap_or(0);
    if status == 0 && get(c.status) != b"000" {
        return Err(Malformed("sc-status is not a number"));
    }
    Ok(Some(Event {
        ts,
        source,
        user: b"",
        method: get(c.method),
        path: get(c.path),
        status,
        user_agent: get(c.user_agent),
        auth: crate::Auth::None,
        weight: 1,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end";
    const LINE: &str = "2019-12-04\t21:02:31\tLAX1\t392\t192.0.2.100\tGET\td111111abcdef8.cloudfront.net\t/index.html\t200\t-\tMozilla/5.0%20(Windows%20NT%2010.0)\t-\t-\tHit\tSOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==\td111111abcdef8.cloudfront.net\thttps\t23\t0.001\t-\tTLSv1.2\tECDHE-RSA-AES128-GCM-SHA256\tHit\tHTTP/2.0\t-\t-\t11040\t0.001\tHit\ttext/html\t78\t-\t-";

    #[test]
    fn header_then_line() {
        let mut ctx = Ctx::new(2024);
        assert_eq!(parse(b"#Version: 1.0", &mut ctx).unwrap(), None);
        assert_eq!(parse(HEADER.as_bytes(), &mut ctx).unwrap(), None);
        let e = parse(LINE.as_bytes(), &mut ctx).unwrap().unwrap();
        assert_eq!(e.source, b"192.0.2.100");
        assert_eq!(
            (e.method, e.path, e.status),
            (&b"GET"[..], &b"/index.html"[..], 200)
        );
        assert_eq!(
            e.ts,
            crate::time::parse_iso(b"2019-12-04T21:02:31Z").unwrap()
        );
        assert_eq!(e.user_agent, b"Mozilla/5.0%20(Windows%20NT%2010.0)");
    }

    #[test]
    fn reordered_header() {
        let mut ctx = Ctx::new(2024);
        parse(b"#Fields: c-ip sc-status date time", &mut ctx).unwrap();
        let e = parse(b"10.0.0.1\t403\t2020-01-01\t00:00:00", &mut ctx)
            .unwrap()
            .unwrap();
        assert_eq!((e.source, e.status), (&b"10.0.0.1"[..], 403));
        assert!(parse(b"10.0.0.1\t403", &mut ctx).is_err());
    }

    #[test]
    fn malformed() {
        let mut ctx = Ctx::new(2024);
        assert!(parse(b"a b c", &mut ctx).is_err());
        assert!(parse(LINE.replace("21:02:31", "x").as_bytes(), &mut ctx).is_err());
    }
}
