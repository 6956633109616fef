//! OpenSSH authentication messages in syslog (`/var/log/auth.log`,
//! `/var/log/secure`, or `journalctl -o short-iso`):
//!
//! ```text
//! Mar  3 10:15:01 web1 sshd[4121]: Failed password for invalid user admin from 203.0.113.5 port 52314 ssh2
//! Mar  3 10:15:09 web1 sshd[4121]: Accepted publickey for deploy from 198.51.100.4 port 40022 ssh2: ED25519 SHA256:...
//! 2024-03-03T10:15:01.123456+00:00 web1 sshd-session[88]: Invalid user oracle from 203.0.113.5 port 40100
//! Mar  3 10:15:30 web1 sshd[4121]: message repeated 5 times: [ Failed password for root from 203.0.113.5 port 52314 ssh2]
//! ```
//!
//! Other programs' lines (cron, sudo, systemd) and other sshd messages are
//! valid lines without an event. The address is taken from the *last*
//! ` from ` of the message: sshd appends it after the user name, and a user
//! name can itself contain ` from 6.6.6.6` (the log-injection trick that
//! once made fail2ban ban arbitrary addresses).

use super::Ctx;
use crate::event::{Auth, Event, Malformed};
use memchr::memmem;

pub fn parse<'a>(line: &'a [u8], ctx: &mut Ctx) -> Result<Option<Event<'a>>, Malformed> {
    let (ts, rest) = if line.first().is_some_and(u8::is_ascii_digit) {
        let sp = memchr::memchr(b' ', line).ok_or(Malformed("no space after the timestamp"))?;
        let ts = ctx
            .iso_time(&line[..sp])
            .ok_or(Malformed("bad ISO 8601 timestamp"))?;
        (ts, &line[sp + 1..])
    } else {
        let tsb = line
            .get(..15)
            .ok_or(Malformed("line too short for a syslog timestamp"))?;
        let ts = ctx.syslog_time(tsb).ok_or(Malformed(
            "not a syslog line (Mon dd HH:MM:SS host program: message)",
        ))?;
        (ts, line.get(16..).unwrap_or(b""))
    };
    // host, then `program[pid]:`
    let sp = memchr::memchr(b' ', rest).ok_or(Malformed("no program after the host"))?;
    let rest = &rest[sp + 1..];
    let colon = memmem::find(rest, b": ").ok_or(Malformed("no `program: message` part"))?;
    let program = &rest[..colon];
    let program = match memchr::memchr(b'[', program) {
        Some(i) => &program[..i],
        None => program,
    };
    if !(program == b"sshd" || program == b"sshd-session" || program.ends_with(b"/sshd")) {
        return Ok(None);
    }
    let mut msg = &rest[colon + 2..];
    let mut weight = 1;
    if let Some(r) = msg.strip_prefix(b"message repeated ") {
        // message repeated N times: [ inner]
        let sp = memchr::memchr(b' ', r).unwrap_or(r.len());
        let n = std::str::from_utf8(&r[..sp])
            .ok()
            .and_then(|s| s.parse::<u32>().ok());
        let open = memmem::find(r, b": [ ");
        match (n, open) {
            (Some(n), Some(o)) if n > 0 => {
                weight = n;
                msg = &r[o + 4..];
                msg = msg.strip_suffix(b"]").unwrap_or(msg);
            }
            _ => return Err(Malformed("bad `message repeated` line")),
        }
    }
    let (auth, after) = if let Some(r) = msg.strip_prefix(b"Failed ") {
        (Auth::Failure, r)
    } else if let Some(r) = msg.strip_prefix(b"Accepted ") {
        (Auth::Success, r)
    } else if let Some(r) = msg.strip_prefix(b"Invalid user ") {
        // `Invalid user NAME from IP port N`
        let (user, source) =
            user_and_source(r).ok_or(Malformed("`Invalid user` without ` from ADDRESS`"))?;
        return Ok(Some(event(ts, user, source, Auth::InvalidUser, weight)));
    } else {
        return Ok(None);
    };
    // `METHOD for [invalid user ]NAME from IP port N ssh2`
    let for_at = memmem::find(after, b" for ").ok_or(Malformed("no ` for USER`"))?;
    let mut who = &after[for_at + 5..];
    if let Some(w) = who.strip_prefix(b"invalid user ") {
        who = w;
    }
    let (user, source) = user_and_source(who).ok_or(Malformed("no ` from ADDRESS`"))?;
    Ok(Some(event(ts, user, source, auth, weight)))
}

fn event<'a>(ts: i64, user: &'a [u8], source: &'a [u8], auth: Auth, weight: u32) -> Event<'a> {
    Event {
        ts,
        source,
        user,
        method: b"ssh",
        auth,
        weight,
        ..Event::default()
    }
}

/// `NAME from ADDRESS[ port N ...]`, splitting at the last ` from `.
fn user_and_source(b: &[u8]) -> Option<(&[u8], &[u8])> {
    let at =
        memmem::rfind(b, b" from ").or_else(|| b.starts_with(b"from ").then_some(usize::MAX))?;
    let (user, rest) = if at == usize::MAX {
        (&b""[..], &b[5..])
    } else {
        (&b[..at], &b[at + 6..])
    };
    let end = memchr::memchr(b' ', rest).unwrap_or(rest.len());
    let source = &rest[..end];
    if source.is_empty() {
        return None;
    }
    Some((user, source))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Option<(String, String, Auth, u32)> {
        parse(line.as_bytes(), &mut Ctx::new(2024))
            .unwrap()
            .map(|e| {
                (
                    String::from_utf8_lossy(e.source).into(),
                    String::from_utf8_lossy(e.user).into(),
                    e.auth,
                    e.weight,
                )
            })
    }

    #[test]
    fn failed_accepted_invalid() {
        assert_eq!(
            p("Mar  3 10:15:01 web1 sshd[4121]: Failed password for invalid user admin from 203.0.113.5 port 52314 ssh2"),
            Some(("203.0.113.5".into(), "admin".into(), Auth::Failure, 1))
        );
        assert_eq!(
            p("Mar 13 10:15:01 web1 sshd[4121]: Failed password for root from 203.0.113.5 port 52314 ssh2"),
            Some(("203.0.113.5".into(), "root".into(), Auth::Failure, 1))
        );
        assert_eq!(
            p("Mar  3 10:15:09 web1 sshd[4121]: Accepted publickey for deploy from 198.51.100.4 port 40022 ssh2: ED25519 SHA256:abc"),
            Some(("198.51.100.4".into(), "deploy".into(), Auth::Success, 1))
        );
        assert_eq!(
            p("2024-03-03T10:15:01.123456+00:00 web1 sshd-session[88]: Invalid user oracle from 203.0.113.5 port 40100"),
            Some(("203.0.113.5".into(), "oracle".into(), Auth::InvalidUser, 1))
        );
    }

    #[test]
    fn repeated_messages_carry_a_weight() {
        assert_eq!(
            p("Mar  3 10:15:30 web1 sshd[4121]: message repeated 5 times: [ Failed password for root from 203.0.113.5 port 52314 ssh2]"),
            Some(("203.0.113.5".into(), "root".into(), Auth::Failure, 5))
        );
    }

    #[test]
    fn injected_from_in_the_user_name_is_not_the_source() {
        let l = "Mar  3 10:15:01 web1 sshd[1]: Failed password for invalid user x from 6.6.6.6 port 1 ssh2 from 203.0.113.5 port 22 ssh2";
        assert_eq!(p(l).unwrap().0, "203.0.113.5");
    }

    #[test]
    fn other_programs_and_messages_are_not_events() {
        assert_eq!(p("Mar  3 10:17:01 web1 CRON[5]: pam_unix(cron:session): session opened for user root"), None);
        assert_eq!(
            p("Mar  3 10:17:01 web1 sshd[5]: Connection closed by 1.2.3.4 port 5 [preauth]"),
            None
        );
    }

    #[test]
    fn malformed() {
        let mut c = Ctx::new(2024);
        assert!(parse(b"hello world", &mut c).is_err());
        assert!(parse(b"Mar  3 10:15:01 web1", &mut c).is_err());
        assert!(parse(
            b"Mar  3 10:15:01 web1 sshd[1]: Failed password for root",
            &mut c
        )
        .is_err());
    }
}
