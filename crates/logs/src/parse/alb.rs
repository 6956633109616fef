//! AWS Application Load Balancer access logs: space-separated fields, some
//! quoted.
//!
//! ```text
//! https 2018-07-02T22:23:00.186641Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 200 200 0 57 "GET https://www.example.com:443/p?q=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:... "Root=1-58337281-1d84f3d73c47ec4e58577259" ...
//! ```
//!
//! Read: the time (field 2), the client address without its port (4), the
//! ELB status code (9), the request (13) and the user agent (14). Later
//! fields vary with the ALB version and are ignored.

use super::{split_target, Ctx};
use crate::event::{Event, Malformed};
use memchr::{memchr, memrchr};

pub fn parse<'a>(line: &'a [u8], ctx: &mut Ctx) -> Result<Event<'a>, Malformed> {
    let mut f = Fields { rest: line };
    let kind = f.next().ok_or(Malformed("empty line"))?;
    if !matches!(kind, b"http" | b"https" | b"h2" | b"grpcs" | b"ws" | b"wss") {
        return Err(Malformed(
            "first field is not an ALB request type (http, https, h2, ws, wss, grpcs)",
        ));
    }
    let time = f.next().ok_or(Malformed("no time field"))?;
    let ts = ctx.iso_time(time).ok_or(Malformed("bad ISO 8601 time"))?;
    let _elb = f.next().ok_or(Malformed("no load balancer field"))?;
    let client = f.next().ok_or(Malformed("no client:port field"))?;
    let source = match memrchr(b':', client) {
        Some(i) => &client[..i],
        None => client,
    };
    let source = source
        .strip_prefix(b"[")
        .and_then(|s| s.strip_suffix(b"]"))
        .unwrap_or(source);
    if source.is_empty() || source == b"-" {
        return Err(Malformed("empty client address"));
    }
    for _ in 0..4 {
        f.next().ok_or(Malformed("too few fields"))?;
    }
    let status_f = f.next().ok_or(Malformed("no elb_status_code field"))?;
    let status = if status_f == b"-" {
        0
    } else {
        super::combined::status3(status_f).ok_or(Malformed("elb_status_code is not a number"))?
    };
    for _ in 0..3 {
        f.next().ok_or(Malformed("too few fields"))?;
    }
    let request = f.next().ok_or(Malformed("no request field"))?;
    let user_agent = f.next().unwrap_or(b"");
    let user_agent = if user_agent == b"-" {
        &b""[..]
    } else {
        user_agent
    };
    let m_end = memchr(b' ', request).unwrap_or(request.len());
    let target = &request[(m_end + 1).min(request.len())..];
    let t_end = memchr(b' ', target).unwrap_or(target.len());
    let method = &request[..m_end];
    let method = if method == b"-" { &b""[..] } else { method };
    Ok(Event {
        ts,
        source,
        user: b"",
        method,
        path: split_target(&target[..t_end]),
        status,
        user_agent,
        auth: crate::Auth::None,
        weight: 1,
    })
}

/// Space-separated fields where a field may be `"quoted with spaces"`.
struct Fields<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        let b = self.rest;
        let start = b.iter().position(|&c| c != b' ')?;
        let b = &b[start..];
        if b[0] == b'"' {
            let (inner, after) = super::combined::quoted(b)?;
            self.rest = after;
            Some(inner)
        } else {
            let end = memchr(b' ', b).unwrap_or(b.len());
            self.rest = &b[end..];
            Some(&b[..end])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINE: &str = r#"https 2018-07-02T22:23:00.186641Z app/my-loadbalancer/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 0.086 0.048 0.037 404 404 0 57 "GET https://www.example.com:443/admin/.env?x=1 HTTP/1.1" "curl/7.46.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337281-1d84f3d73c47ec4e58577259" "www.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678-1234-1234-1234-123456789012" 1 2018-07-02T22:22:48.364000Z "authenticate,forward" "-" "-" "10.0.0.1:80" "200" "-" "-""#;

    #[test]
    fn documented_example() {
        let e = parse(LINE.as_bytes(), &mut Ctx::new(2024)).unwrap();
        assert_eq!(e.source, b"192.168.131.39");
        assert_eq!(
            e.ts,
            crate::time::parse_iso(b"2018-07-02T22:23:00Z").unwrap()
        );
        assert_eq!(
            (e.method, e.path, e.status),
            (&b"GET"[..], &b"/admin/.env"[..], 404)
        );
        assert_eq!(e.user_agent, b"curl/7.46.0");
    }

    #[test]
    fn dashes_and_ipv6() {
        let l = r#"http 2018-07-02T22:23:00.186641Z app/lb/1 [2001:db8::1]:2817 - -1 -1 -1 - - 0 0 "- - - " "-" - -"#;
        let e = parse(l.as_bytes(), &mut Ctx::new(2024)).unwrap();
        assert_eq!(
            (e.source, e.status, e.method),
            (&b"2001:db8::1"[..], 0, &b""[..])
        );
    }

    #[test]
    fn malformed() {
        let mut c = Ctx::new(2024);
        assert!(parse(b"ftp 2018-07-02T22:23:00Z a b", &mut c).is_err());
        assert!(parse(b"http 2018-07-02T22:23:00Z app/x 1.2.3.4:1", &mut c).is_err());
        assert!(parse(
            b"http yesterday app/x 1.2.3.4:1 - 0 0 0 200 200 0 0 \"GET / HTTP/1.1\"",
            &mut c
        )
        .is_err());
    }
}
