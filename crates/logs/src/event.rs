//! The one event shape every parser produces and every detector reads.

use serde::Serialize;

/// What an event says about authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// Not an authentication event (for HTTP logs the status decides, see
    /// [`crate::Plan::auth_of`]).
    #[default]
    None,
    /// A failed login, a denied call, a rejected key.
    Failure,
    /// A successful login or credential exchange.
    Success,
    /// A probe for an account that does not exist (OpenSSH `Invalid user`):
    /// counts as a user tried, not as a failed password.
    InvalidUser,
}

/// One parsed log record. Fields borrow from the input line; text is kept
/// as bytes because logs are not always UTF-8 (a Latin-1 user agent must not
/// make a line malformed). Empty slices mean "not present" (`-` in web logs
/// is normalised to empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Event<'a> {
    /// Unix seconds, UTC.
    pub ts: i64,
    /// The client: IP address (web, ALB, CloudFront, SSH) or
    /// `sourceIPAddress` (CloudTrail, which may be a service name).
    pub source: &'a [u8],
    /// The account tried or used: HTTP basic-auth user, SSH user, CloudTrail
    /// identity.
    pub user: &'a [u8],
    pub method: &'a [u8],
    /// Request path without the query string (CloudTrail: `service:Action`).
    pub path: &'a [u8],
    /// HTTP status; CloudTrail maps success to 200, access errors to 403,
    /// other errors to 400; SSH has 0.
    pub status: u16,
    pub user_agent: &'a [u8],
    pub auth: Auth,
    /// How many identical events this record stands for (syslog's
    /// `message repeated N times`); 1 otherwise.
    pub weight: u32,
}

impl<'a> Event<'a> {
    /// An event with a time and a source; set the other fields directly.
    /// For scripts and tests: `Event::new(ts, "203.0.113.7").failure("root")`.
    pub fn new(ts: i64, source: &'a str) -> Event<'a> {
        Event {
            ts,
            source: source.as_bytes(),
            weight: 1,
            ..Event::default()
        }
    }

    /// This event as a failed login of `user`.
    pub fn failure(mut self, user: &'a str) -> Self {
        self.auth = Auth::Failure;
        self.user = user.as_bytes();
        self
    }

    /// This event as a successful login of `user`.
    pub fn success(mut self, user: &'a str) -> Self {
        self.auth = Auth::Success;
        self.user = user.as_bytes();
        self
    }

    /// This event as an HTTP request.
    pub fn http(mut self, method: &'a str, path: &'a str, status: u16) -> Self {
        self.method = method.as_bytes();
        self.path = path.as_bytes();
        self.status = status;
        self
    }
}

/// The log formats barraiser reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Apache/Nginx Common or Combined Log Format (combined adds referer
    /// and user agent; both parse with one parser).
    Combined,
    /// AWS Application Load Balancer access logs.
    Alb,
    /// Amazon CloudFront standard access logs (tab-separated, `#Fields:`).
    Cloudfront,
    /// AWS CloudTrail: `{"Records":[...]}` files or one record per line.
    Cloudtrail,
    /// OpenSSH messages in syslog (`/var/log/auth.log`, `/var/log/secure`).
    Ssh,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Combined,
        Format::Alb,
        Format::Cloudfront,
        Format::Cloudtrail,
        Format::Ssh,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Combined => "combined",
            Format::Alb => "alb",
            Format::Cloudfront => "cloudfront",
            Format::Cloudtrail => "cloudtrail",
            Format::Ssh => "ssh",
        }
    }

    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "combined" | "common" | "clf" | "apache" | "nginx" => Some(Format::Combined),
            "alb" | "elb" => Some(Format::Alb),
            "cloudfront" | "cf" => Some(Format::Cloudfront),
            "cloudtrail" | "ct" => Some(Format::Cloudtrail),
            "ssh" | "sshd" | "auth.log" | "auth" | "secure" => Some(Format::Ssh),
            _ => None,
        }
    }
}

/// Why a line did not parse. Static text: the hot loop never allocates for
/// a bad line; the sampler adds the place and an excerpt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Malformed(pub &'static str);

/// Lossy UTF-8 with control characters escaped, for showing log text to a
/// person: a log line can carry terminal escape sequences (`\x1b[2J`), and
/// printing them raw lets an attacker rewrite the analyst's screen.
pub fn show(bytes: &[u8]) -> String {
    let s = String::from_utf8_lossy(bytes);
    if !s.chars().any(|c| c.is_control()) {
        return s.into_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\x{:02x}", c as u32 & 0xff));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text for people: [`show`] cut to at most `max` characters with `...`.
pub fn show_cut(bytes: &[u8], max: usize) -> String {
    let cut = &bytes[..bytes.len().min(max * 4)];
    let s = show(cut);
    if s.chars().count() > max || cut.len() < bytes.len() {
        let mut t: String = s.chars().take(max).collect();
        t.push_str("...");
        t
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn show_escapes_control_characters() {
        assert_eq!(show(b"ok"), "ok");
        assert_eq!(show(b"a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(show_cut(b"abcdef", 3), "abc...");
        assert_eq!(show_cut(b"abc", 3), "abc");
    }

    #[test]
    fn formats_round_trip() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.as_str()), Some(f));
        }
        assert_eq!(Format::parse("nginx"), Some(Format::Combined));
        assert_eq!(Format::parse("xml"), None);
    }
}
