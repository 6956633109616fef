//! The scope allow-list. The tester sends nothing to a host that is not on
//! it: not the target (checked before any request), not a redirect, not a
//! login URL.

use url::Url;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// Lowercase host; a leading `*.` allows every subdomain.
    host: String,
    port: Option<u16>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    entries: Vec<Entry>,
}

impl Scope {
    /// Entries like `127.0.0.1:8080`, `api.example.com`, `*.example.com`,
    /// `[::1]:8080`, or full URLs (only host and port are kept).
    pub fn parse(items: &[String]) -> Result<Scope, String> {
        let mut entries = Vec::new();
        for raw in items
            .iter()
            .flat_map(|s| s.split(','))
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let with_scheme = if raw.contains("://") {
                raw.to_string()
            } else {
                format!("http://{raw}")
            };
            let wildcard = raw
                .trim_start_matches("http://")
                .trim_start_matches("https://")
                .starts_with("*.");
            let parsed = Url::parse(&with_scheme.replacen("*.", "wildcard.", 1))
                .map_err(|e| format!("scope entry `{raw}` is not a host[:port]: {e}"))?;
            let host = parsed
                .host_str()
                .ok_or_else(|| format!("scope entry `{raw}` has no host"))?
                .to_ascii_lowercase();
            let host = if wildcard {
                host.replacen("wildcard.", "*.", 1)
            } else {
                host
            };
            let port = if raw.contains("://") {
                parsed.port_or_known_default()
            } else {
                parsed.port()
            };
            entries.push(Entry { host, port });
        }
        if entries.is_empty() {
            return Err(
                "the scope is empty: name the hosts the tester may send requests to with --scope"
                    .into(),
            );
        }
        Ok(Scope { entries })
    }

    /// Whether `u` may be requested.
    pub fn allows(&self, u: &Url) -> bool {
        if !matches!(u.scheme(), "http" | "https") {
            return false;
        }
        let Some(host) = u.host_str().map(str::to_ascii_lowercase) else {
            return false;
        };
        let port = u.port_or_known_default();
        self.entries.iter().any(|e| {
            let host_ok = match e.host.strip_prefix("*.") {
                Some(domain) => host.ends_with(&format!(".{domain}")),
                None => e.host == host,
            };
            host_ok && e.port.is_none_or(|p| Some(p) == port)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_ports_wildcards() {
        let s = Scope::parse(&[
            "127.0.0.1:8080, *.example.com".into(),
            "https://api.test".into(),
        ])
        .unwrap();
        let ok = |u: &str| s.allows(&Url::parse(u).unwrap());
        assert!(ok("http://127.0.0.1:8080/api"));
        assert!(!ok("http://127.0.0.1:8081/api"));
        assert!(ok("https://a.example.com/x") && ok("http://b.c.example.com:9/"));
        assert!(!ok("https://example.com.evil.net/") && !ok("https://notexample.com/"));
        assert!(ok("https://api.test/") && !ok("http://api.test/"));
        assert!(!ok("file:///etc/passwd"));
        assert!(Scope::parse(&[]).is_err());
        assert!(Scope::parse(&["http://".into()]).is_err());
    }
}
