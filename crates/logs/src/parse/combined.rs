//! Apache/Nginx Common and Combined Log Format:
//!
//! ```text
//! 203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08"
//! ```
//!
//! Common stops after the size; Combined adds the quoted referer and user
//! agent; anything after them (Nginx custom fields) is ignored. Quotes
//! inside the request are backslash-escaped by both servers.

use super::{split_target, Ctx};
use crate::event::{Event, Malformed};
use memchr::memchr;

pub fn parse<'a>(line: &'a [u8], ctx: &mut Ctx) -> Result<Event<'a>, Malformed> {
    let sp = memchr(b' ', line).ok_or(Malformed("no space after the client address"))?;
    let source = &line[..sp];
    if source.is_empty() {
        return Err(Malformed("empty client address"));
    }
    let rest = &line[sp + 1..];
    let lb = memchr(b'[', rest).ok_or(Malformed("no [timestamp]"))?;
    // ident and user between the address and the timestamp
    let mut ids = rest[..lb].split(|&c| c == b' ').filter(|t| !t.is_empty());
    let _ident = ids.next();
    let user = dash(ids.next().unwrap_or(b""));
    let tsb = rest
        .get(lb + 1..lb + 27)
        .ok_or(Malformed("truncated timestamp"))?;
    if rest.get(lb + 27) != Some(&b']') {
        return Err(Malformed("timestamp is not [dd/Mon/yyyy:HH:MM:SS +zzzz]"));
    }
    let ts = ctx.clf_time(tsb).ok_or(Malformed("bad timestamp"))?;
    let rest = &rest[lb + 28..];
    if !rest.starts_with(b" \"") {
        return Err(Malformed("no quoted request after the timestamp"));
    }
    let (request, rest) = quoted(&rest[1..]).ok_or(Malformed("unterminated request quote"))?;
    let (method, path) = if request == b"-" || request.is_empty() {
        (&b""[..], &b""[..])
    } else {
        let m_end = memchr(b' ', request).unwrap_or(request.len());
        let target = &request[(m_end + 1).min(request.len())..];
        let t_end = memchr(b' ', target).unwrap_or(target.len());
        let path = if ctx.need_path {
            split_target(&target[..t_end])
        } else {
            b""
        };
        (&request[..m_end], path)
    };
    let rest = rest
        .strip_prefix(b" ")
        .ok_or(Malformed("no status after the request"))?;
    let status = status3(rest).ok_or(Malformed("status is not a 3-digit number"))?;
    let rest = &rest[3..];
    let mut user_agent: &[u8] = b"";
    // size, then optional "referer" "user agent"
    if !ctx.need_user_agent {
        // the plan does not read it; nothing after the status can make
        // the line malformed
    } else if let Some(q) = memchr(b'"', rest) {
        if let Some((_referer, after)) = quoted(&rest[q..]) {
            if let Some(q2) = memchr(b'"', after) {
                if let Some((ua, _)) = quoted(&after[q2..]) {
                    user_agent = dash(ua);
                }
            }
        }
    }
    Ok(Event {
        ts,
        source,
        user,
        method,
        path,
        status,
        user_agent,
        auth: crate::Auth::None,
        weight: 1,
    })
}

/// The common shape of a line (`SOURCE - - [TIME] "REQUEST" STATUS ...`),
/// read in one forward pass straight from the chunk: `pos` is where the
/// line starts in `data`, and the answer is the event and where the line
/// ends (its newline, or the end of `data`).
///
/// Why a second parser: [`parse`] needs the line cut out first, and finding
/// the newline, then the space, the bracket and the quotes are seven short
/// `memchr` calls whose set-up costs more than the bytes they scan. Here
/// the fields are found with eight-bytes-at-a-time word scans and only the
/// tail after the status is searched for the newline, which took `top` on
/// the 2 GB benchmark log from about 70 to about 40 ns a line.
///
/// It handles only what it can prove equal to [`parse`]: `None` for
/// anything else (a named ident or user, a backslash or newline inside the
/// request, a status not followed by a space, a plan that reads the user
/// agent), and the caller then runs [`parse`] on the line. A proptest and
/// the `logs_parse` fuzz target check that the two agree.
#[inline]
pub fn parse_fast<'a>(data: &'a [u8], pos: usize, ctx: &mut Ctx) -> Option<(Event<'a>, usize)> {
    if ctx.need_user_agent {
        return None;
    }
    let b = &data[pos..];
    let (sp, c) = find3(b, 0, b' ', b'\n', b' ')?;
    if c != b' ' || sp == 0 {
        return None;
    }
    let rest = b.get(sp + 1..sp + 35)?;
    if &rest[..5] != b"- - [" || rest[31] != b']' || &rest[32..34] != b" \"" {
        return None;
    }
    let ts = ctx.clf_time(&rest[5..31])?;
    let q0 = sp + 35;
    let (q, c) = find3(b, q0, b'"', b'\\', b'\n')?;
    if c != b'"' || b.get(q + 1) != Some(&b' ') || b.get(q + 5) != Some(&b' ') {
        return None;
    }
    let status = status3(&b[q + 2..q + 6])?;
    let request = &b[q0..q];
    let (method, path) = if request == b"-" || request.is_empty() {
        (&b""[..], &b""[..])
    } else {
        let m_end = request
            .iter()
            .position(|&c| c == b' ')
            .unwrap_or(request.len());
        let path = if ctx.need_path {
            let target = &request[(m_end + 1).min(request.len())..];
            let t_end = memchr(b' ', target).unwrap_or(target.len());
            split_target(&target[..t_end])
        } else {
            b""
        };
        (&request[..m_end], path)
    };
    let tail = pos + q + 6;
    let end = memchr(b'\n', &data[tail..]).map_or(data.len(), |i| tail + i);
    Some((
        Event {
            ts,
            source: &b[..sp],
            user: b"",
            method,
            path,
            status,
            user_agent: b"",
            auth: crate::Auth::None,
            weight: 1,
        },
        end,
    ))
}

/// The first byte at or after `from` equal to `x`, `y` or `z`, and which
/// one it is. Eight bytes a step: in a word XORed with the byte repeated,
/// a matching byte becomes zero, and `(w - 0x01..) & !w & 0x80..` sets the
/// top bit of the lowest zero byte exactly (borrows only reach bytes above
/// it), so the lowest set bit of the OR of the three masks is the first
/// match in memory order.
#[inline(always)]
fn find3(b: &[u8], from: usize, x: u8, y: u8, z: u8) -> Option<(usize, u8)> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |w: u64| w.wrapping_sub(LO) & !w & HI;
    let (sx, sy, sz) = (LO * x as u64, LO * y as u64, LO * z as u64);
    let mut i = from;
    while let Some(word) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        let m = zero(w ^ sx) | zero(w ^ sy) | zero(w ^ sz);
        if m != 0 {
            let at = i + (m.trailing_zeros() / 8) as usize;
            return Some((at, b[at]));
        }
        i += 8;
    }
    let at = i + b
        .get(i..)?
        .iter()
        .position(|&c| c == x || c == y || c == z)?;
    Some((at, b[at]))
}

/// `-` means absent in web logs.
fn dash(b: &[u8]) -> &[u8] {
    if b == b"-" {
        b""
    } else {
        b
    }
}

/// A three-digit status at the start of `b`, followed by a space or the end.
#[inline(always)]
pub(super) fn status3(b: &[u8]) -> Option<u16> {
    let d = b.get(..3)?;
    if !d.iter().all(u8::is_ascii_digit) || !matches!(b.get(3), None | Some(b' ')) {
        return None;
    }
    Some((d[0] - b'0') as u16 * 100 + (d[1] - b'0') as u16 * 10 + (d[2] - b'0') as u16)
}

/// `b` starts with `"`: the content up to the closing unescaped quote, and
/// what follows it.
pub(super) fn quoted(b: &[u8]) -> Option<(&[u8], &[u8])> {
    debug_assert_eq!(b.first(), Some(&b'"'));
    let mut i = 1;
    loop {
        let q = i + memchr(b'"', &b[i..])?;
        // count the backslashes before the quote: an odd number escapes it
        let bs = b[i..q].iter().rev().take_while(|&&c| c == b'\\').count();
        if bs % 2 == 0 {
            return Some((&b[1..q], &b[q + 1..]));
        }
        i = q + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Result<Event<'_>, Malformed> {
        parse(line.as_bytes(), &mut Ctx::new(2024))
    }

    #[test]
    fn combined_line() {
        let e = p(r#"203.0.113.7 - alice [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.0" 200 2326 "http://ref/" "Mozilla/4.08 [en]""#).unwrap();
        assert_eq!(e.source, b"203.0.113.7");
        assert_eq!(e.user, b"alice");
        assert_eq!(e.ts, 971_211_336);
        assert_eq!(
            (e.method, e.path, e.status),
            (&b"GET"[..], &b"/a.gif"[..], 200)
        );
        assert_eq!(e.user_agent, b"Mozilla/4.08 [en]");
    }

    #[test]
    fn common_line_and_dashes() {
        let e = p(r#"::1 - - [10/Oct/2000:13:55:36 -0700] "POST /login HTTP/1.1" 401 -"#).unwrap();
        assert_eq!((e.source, e.user, e.status), (&b"::1"[..], &b""[..], 401));
        assert_eq!(e.user_agent, b"");
        let e = p(r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "-" 408 0 "-" "-""#).unwrap();
        assert_eq!((e.method, e.path, e.status), (&b""[..], &b""[..], 408));
    }

    #[test]
    fn escaped_quotes_in_the_request() {
        let e = p(r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /x\"y HTTP/1.1" 404 1 "-" "sqlmap/1.0""#).unwrap();
        assert_eq!(e.path, br#"/x\"y"#);
        assert_eq!(e.status, 404);
        assert_eq!(e.user_agent, b"sqlmap/1.0");
    }

    #[test]
    fn skipping_path_and_agent_validates_the_same() {
        let lines = [
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET /a?b HTTP/1.1" 404 1 "-" "ua""#,
            r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2x0 1"#,
            r#"1.2.3.4 - bob [10/Oct/2000:13:55:36 -0700] "-" 401 1 "x"#,
            "garbage",
        ];
        for l in lines {
            let mut lazy = Ctx::new(2024);
            lazy.need_path = false;
            lazy.need_user_agent = false;
            let full = parse(l.as_bytes(), &mut Ctx::new(2024));
            let fast = parse(l.as_bytes(), &mut lazy);
            match (full, fast) {
                (Ok(a), Ok(b)) => assert_eq!(
                    (a.ts, a.source, a.user, a.method, a.status),
                    (b.ts, b.source, b.user, b.method, b.status)
                ),
                (Err(a), Err(b)) => assert_eq!(a, b),
                (a, b) => panic!("{l}: {a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn malformed_lines_say_why() {
        assert_eq!(
            p("garbage").unwrap_err().0,
            "no space after the client address"
        );
        assert_eq!(
            p("1.2.3.4 - - [10/Oct/2000:13:55:36 -0700]").unwrap_err().0,
            "no quoted request after the timestamp"
        );
        assert!(p(r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2x0 1"#).is_err());
        assert!(p(r#"1.2.3.4 - - [99/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1"#).is_err());
        assert!(p(r#"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1"#).is_err());
    }
}
