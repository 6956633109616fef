//! Line parsers, one file per format, and format detection.
//!
//! Every parser turns one line into zero or more [`Event`]s (a CloudTrail
//! `Records` line holds many; an unrelated syslog line holds none) or a
//! [`Malformed`] reason. Parsers never allocate on the hot path and never
//! panic on any input (fuzzed: `fuzz/fuzz_targets/logs_parse.rs`).

pub mod alb;
pub mod cloudfront;
pub mod cloudtrail;
pub mod combined;
pub mod ssh;

use crate::event::{Event, Format, Malformed};

/// Per-chunk parser state: the syslog year, the CloudFront columns, and the
/// last timestamp parsed (consecutive lines usually share their second, so
/// the cache turns most timestamp parses into one comparison).
#[derive(Debug, Clone)]
pub struct Ctx {
    /// Year for syslog timestamps, which have none.
    pub year: i32,
    pub cloudfront: cloudfront::Columns,
    /// Whether the plan reads request paths / user agents. When it does
    /// not, the Combined parser leaves them empty instead of cutting them
    /// out (the line is validated the same way either way).
    pub need_path: bool,
    pub need_user_agent: bool,
    clf_key: [u8; 26],
    clf_val: Option<i64>,
    iso_key: [u8; 19],
    iso_val: Option<i64>,
    sys_key: [u8; 15],
    sys_val: Option<i64>,
}

impl Ctx {
    pub fn new(year: i32) -> Ctx {
        Ctx {
            year,
            cloudfront: cloudfront::Columns::default(),
            need_path: true,
            need_user_agent: true,
            clf_key: [0; 26],
            clf_val: None,
            iso_key: [0; 19],
            iso_val: None,
            sys_key: [0; 15],
            sys_val: None,
        }
    }

    #[inline(always)]
    pub(crate) fn clf_time(&mut self, b: &[u8]) -> Option<i64> {
        // a fixed-size comparison compiles to four loads, not a memcmp call
        if let Ok(k) = <&[u8; 26]>::try_from(b) {
            if self.clf_val.is_some() && *k == self.clf_key {
                return self.clf_val;
            }
        }
        self.clf_time_slow(b)
    }

    #[inline(never)]
    fn clf_time_slow(&mut self, b: &[u8]) -> Option<i64> {
        let v = crate::time::parse_clf(b)?;
        self.clf_key.copy_from_slice(b);
        self.clf_val = Some(v);
        Some(v)
    }

    pub(crate) fn iso_time(&mut self, b: &[u8]) -> Option<i64> {
        let head = b.get(..19)?;
        let base = if self.iso_val.is_some() && head == self.iso_key {
            self.iso_val?
        } else {
            let v = crate::time::iso_date_time(head)?;
            self.iso_key.copy_from_slice(head);
            self.iso_val = Some(v);
            v
        };
        Some(base - crate::time::iso_suffix(&b[19..])?)
    }

    pub(crate) fn syslog_time(&mut self, b: &[u8]) -> Option<i64> {
        if self.sys_val.is_some() && b == self.sys_key {
            return self.sys_val;
        }
        let v = crate::time::parse_syslog(b, self.year)?;
        self.sys_key.copy_from_slice(b);
        self.sys_val = Some(v);
        Some(v)
    }
}

/// Parse one line (without its newline) of `format`, calling `emit` for
/// each event. `Ok(n)` where `n` counts records inside the line that were
/// malformed (CloudTrail `Records` lines only).
pub fn parse_line(
    format: Format,
    line: &[u8],
    ctx: &mut Ctx,
    emit: &mut dyn FnMut(&Event<'_>),
) -> Result<u32, Malformed> {
    match format {
        Format::Combined => emit(&combined::parse(line, ctx)?),
        Format::Alb => emit(&alb::parse(line, ctx)?),
        Format::Cloudfront => {
            if let Some(e) = cloudfront::parse(line, ctx)? {
                emit(&e)
            }
        }
        Format::Ssh => {
            if let Some(e) = ssh::parse(line, ctx)? {
                emit(&e)
            }
        }
        Format::Cloudtrail => return cloudtrail::parse_line(line, emit),
    }
    Ok(0)
}

/// The path of a request target: `https://host:443/a/b?q#f` and `/a/b?q`
/// both give `/a/b`. Query strings are dropped: they carry tokens and
/// session ids that must not reach a report, and they would split one
/// endpoint into thousands of keys.
pub fn split_target(t: &[u8]) -> &[u8] {
    let t = match find_scheme_sep(t) {
        Some(i) => {
            let after = &t[i + 3..];
            match memchr::memchr(b'/', after) {
                Some(j) => &after[j..],
                None => b"/",
            }
        }
        None => t,
    };
    let end = memchr::memchr2(b'?', b'#', t).unwrap_or(t.len());
    &t[..end]
}

/// The first `://` in `t` (a scan for `:`; cheaper than building a
/// substring searcher for every request line).
fn find_scheme_sep(t: &[u8]) -> Option<usize> {
    memchr::memchr_iter(b':', t).find(|&i| t[i + 1..].starts_with(b"//"))
}

/// Guess the format from the first lines of a file. `None` when no parser
/// reads at least half of the sampled lines.
pub fn detect_format(head: &[u8], year: i32) -> Option<Format> {
    let first = head.iter().find(|c| !c.is_ascii_whitespace())?;
    if *first == b'{' {
        return Some(Format::Cloudtrail);
    }
    let lines: Vec<&[u8]> = head
        .split(|&c| c == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.trim_ascii().is_empty())
        .take(50)
        .collect();
    if lines
        .iter()
        .any(|l| l.starts_with(b"#Version:") || l.starts_with(b"#Fields:"))
    {
        return Some(Format::Cloudfront);
    }
    // The last sampled line may be cut by the sample size: drop it unless
    // it is the only one.
    let n = if lines.len() > 1 && !head.ends_with(b"\n") {
        lines.len() - 1
    } else {
        lines.len()
    };
    let lines = &lines[..n];
    let mut best: Option<(usize, Format)> = None;
    for f in [
        Format::Alb,
        Format::Combined,
        Format::Ssh,
        Format::Cloudfront,
    ] {
        let mut ctx = Ctx::new(year);
        let mut events = 0usize;
        let ok = lines
            .iter()
            .filter(|l| parse_line(f, l, &mut ctx, &mut |_| events += 1).is_ok())
            .count();
        // SSH accepts any syslog line: require at least one sshd event.
        if f == Format::Ssh && events == 0 {
            continue;
        }
        if ok * 2 >= lines.len() && ok > 0 && best.is_none_or(|(b, _)| ok > b) {
            best = Some((ok, f));
        }
    }
    best.map(|(_, f)| f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets() {
        assert_eq!(split_target(b"/a/b?token=s3cret"), b"/a/b");
        assert_eq!(split_target(b"https://h:443/x?y"), b"/x");
        assert_eq!(split_target(b"http://h"), b"/");
        assert_eq!(split_target(b"/p#frag"), b"/p");
    }

    #[test]
    fn detects_each_format() {
        let clf = b"1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.0\" 200 2326\n";
        assert_eq!(detect_format(clf, 2024), Some(Format::Combined));
        let alb = b"http 2018-07-02T22:23:00.186641Z app/lb/1 1.2.3.4:2817 10.0.0.1:80 0.0 0.0 0.0 200 200 34 366 \"GET http://x:80/ HTTP/1.1\" \"curl\" - -\n";
        assert_eq!(detect_format(alb, 2024), Some(Format::Alb));
        assert_eq!(
            detect_format(b"#Version: 1.0\n#Fields: date time\n", 2024),
            Some(Format::Cloudfront)
        );
        assert_eq!(
            detect_format(b"  {\"Records\": [\n", 2024),
            Some(Format::Cloudtrail)
        );
        let ssh = b"Mar  3 10:17:01 web1 CRON[5]: x\nMar  3 10:15:01 web1 sshd[1]: Failed password for root from 1.2.3.4 port 5 ssh2\n";
        assert_eq!(detect_format(ssh, 2024), Some(Format::Ssh));
        assert_eq!(detect_format(b"\x7fELF\x02\x01\x01\0\0\0\0", 2024), None);
        assert_eq!(detect_format(b"hello\nworld\n", 2024), None);
        assert_eq!(detect_format(b"", 2024), None);
    }
}
