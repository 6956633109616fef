//! Identities: who the tester acts as. Each has static headers and cookies,
//! or a login recipe that fetches a token (and fetches it again when it
//! expires or the API answers 401).
//!
//! ```toml
//! [[identity]]
//! name = "alice"
//! [identity.login]
//! path = "/api/login"                 # POST by default
//! json = { username = "alice", password = "alice-lab-pass" }
//! token = "/token"                    # JSON pointer in the response
//! expires_in = "/expires_in"          # optional, seconds
//!
//! [[identity]]
//! name = "admin"
//! admin = true
//! headers = { Authorization = "Bearer eyJ..." }
//! cookies = { session = "..." }
//! ```

use report::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LoginRecipe {
    #[serde(default = "post")]
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub json: Option<serde_json::Value>,
    /// JSON pointer to the token in the login response.
    #[serde(default = "token_ptr")]
    pub token: String,
    /// JSON pointer to the lifetime in seconds, if the API says it.
    #[serde(default)]
    pub expires_in: Option<String>,
    #[serde(default = "auth_header")]
    pub header: String,
    #[serde(default = "bearer")]
    pub prefix: String,
}

fn post() -> String {
    "POST".into()
}
fn token_ptr() -> String {
    "/token".into()
}
fn auth_header() -> String {
    "Authorization".into()
}
fn bearer() -> String {
    "Bearer ".into()
}

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Identity {
    pub name: String,
    /// A privileged identity: the baseline for admin-only operations.
    #[serde(default)]
    pub admin: bool,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub cookies: BTreeMap<String, String>,
    #[serde(default)]
    pub login: Option<LoginRecipe>,
}

impl Identity {
    /// The secret values this identity carries (for redaction).
    pub fn secrets(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .headers
            .values()
            .chain(self.cookies.values())
            .cloned()
            .collect();
        if let Some(j) = self.login.as_ref().and_then(|l| l.json.as_ref()) {
            collect_secret_strings(j, &mut v);
        }
        v
    }
}

fn collect_secret_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    if let Some(o) = v.as_object() {
        for (k, x) in o {
            match x {
                serde_json::Value::String(s) if crate::redact::is_secret_field(k) => {
                    out.push(s.clone())
                }
                _ => collect_secret_strings(x, out),
            }
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    identity: Vec<Identity>,
}

/// Read an identities file (TOML).
pub fn parse(name: &str, text: &str) -> Result<Vec<Identity>, Diagnostic> {
    let f: File = toml::from_str(text).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
        Diagnostic::new(
            name,
            line,
            col,
            format!("not a valid identities file: {}", e.message()),
        )
        .with_help(
            "each [[identity]] needs a name, and headers, cookies or a [identity.login] recipe",
        )
    })?;
    check(name, f.identity)
}

fn check(name: &str, ids: Vec<Identity>) -> Result<Vec<Identity>, Diagnostic> {
    if ids.len() < 2 {
        return Err(Diagnostic::new(
            name,
            1,
            1,
            format!(
                "{} identit{} given; IDOR testing needs two or more",
                ids.len(),
                if ids.len() == 1 { "y" } else { "ies" }
            ),
        )
        .with_help("add a second user: the tester replays one user's requests as another"));
    }
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].iter().any(|o| o.name == id.name) {
            return Err(Diagnostic::new(
                name,
                1,
                1,
                format!("identity `{}` is defined twice", id.name),
            ));
        }
        if id.name == "anonymous" {
            return Err(Diagnostic::new(
                name,
                1,
                1,
                "`anonymous` is reserved for the no-credentials replay",
            ));
        }
        if let Some(l) = &id.login {
            if !l.path.starts_with('/') {
                return Err(Diagnostic::new(
                    name,
                    1,
                    1,
                    format!("identity `{}`: the login path must start with `/`", id.name),
                ));
            }
        }
    }
    Ok(ids)
}

/// `NAME=Header: value` from the command line (repeatable: two flags with
/// one name add two headers).
pub fn from_flags(flags: &[String]) -> Result<Vec<Identity>, String> {
    let mut out: Vec<Identity> = Vec::new();
    for f in flags {
        let (name, header) = f.split_once('=').ok_or_else(|| {
            format!(
                "--identity `{}`: expected NAME=Header: value",
                crate::redact::cut(f, 20)
            )
        })?;
        let (k, v) = header.split_once(':').ok_or_else(|| {
            format!("--identity for `{name}`: expected a header `Name: value` after the =")
        })?;
        let id = match out.iter_mut().find(|i| i.name == name) {
            Some(i) => i,
            None => {
                out.push(Identity {
                    name: name.to_string(),
                    admin: name.eq_ignore_ascii_case("admin"),
                    headers: BTreeMap::new(),
                    cookies: BTreeMap::new(),
                    login: None,
                });
                out.last_mut().expect("just pushed")
            }
        };
        id.headers
            .insert(k.trim().to_string(), v.trim().to_string());
    }
    check("--identity", out).map_err(|d| d.message)
}

fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_and_flags() {
        let ids = parse(
            "ids.toml",
            r#"
[[identity]]
name = "alice"
[identity.login]
path = "/api/login"
json = { username = "alice", password = "alice-lab-pass" }

[[identity]]
name = "root"
admin = true
headers = { Authorization = "Bearer abcdef" }
"#,
        )
        .unwrap();
        assert_eq!(ids[0].login.as_ref().unwrap().method, "POST");
        assert_eq!(ids[0].secrets(), ["alice-lab-pass"]);
        assert!(ids[1].admin);
        let e = parse("ids.toml", "[[identity]]\nname = \"a\"\nbogus = 1\n").unwrap_err();
        assert_eq!(e.line, 3);
        let e = parse("ids.toml", "[[identity]]\nname = \"a\"\n").unwrap_err();
        assert!(e.message.contains("two or more"));
        let f = from_flags(&["a=Authorization: Bearer x".into(), "b=Cookie: s=1".into()]).unwrap();
        assert_eq!(f[1].headers["Cookie"], "s=1");
        assert!(from_flags(&["a".into()]).is_err());
    }
}
