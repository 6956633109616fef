//! Finding `key <op> value` on a line, shared by the keyword and entropy
//! rules: `key = "v"`, `key: v`, `"key": "v"`, `key := "v"`, `key => 'v'`,
//! `f(key="v")`, `KEY=v`. Comparisons (`==`, `!=`, `<=`, `>=`), paths
//! (`::`) and URLs (`://`) are not assignments.

/// One assignment: byte ranges of the key and the value within the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assign {
    pub key: (usize, usize),
    pub value: (usize, usize),
    /// The value was in quotes (a literal even in source code).
    pub quoted: bool,
}

fn key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

/// The assignment whose operator sits at `i`, if it is one.
pub fn at_operator(t: &[u8], i: usize) -> Option<Assign> {
    let b = t[i];
    let next = t.get(i + 1).copied().unwrap_or(b' ');
    let prev = if i > 0 { t[i - 1] } else { b' ' };
    let op_len = match b {
        b'=' => {
            if next == b'='
                || matches!(
                    prev,
                    b'=' | b'!'
                        | b'<'
                        | b'>'
                        | b':'
                        | b'+'
                        | b'-'
                        | b'*'
                        | b'/'
                        | b'|'
                        | b'&'
                        | b'%'
                        | b'^'
                )
            {
                return None;
            }
            if next == b'>' {
                2
            } else {
                1
            }
        }
        b':' => {
            if next == b':' || next == b'/' || prev == b':' {
                return None;
            }
            if next == b'=' {
                2
            } else {
                1
            }
        }
        _ => return None,
    };
    // The key: identifier characters just before, after optional spaces
    // and one closing quote.
    let mut j = i;
    while j > 0 && (t[j - 1] == b' ' || t[j - 1] == b'\t') {
        j -= 1;
    }
    if j > 0 && matches!(t[j - 1], b'"' | b'\'' | b'`') {
        j -= 1;
    }
    let ke = j;
    while j > 0 && key_byte(t[j - 1]) {
        j -= 1;
    }
    if j == ke {
        return None;
    }
    let ks = j;
    // The value.
    let mut k = i + op_len;
    while k < t.len() && (t[k] == b' ' || t[k] == b'\t') {
        k += 1;
    }
    if k >= t.len() {
        return None;
    }
    let (vs, ve, quoted) = if matches!(t[k], b'"' | b'\'' | b'`') {
        let q = t[k];
        let s = k + 1;
        let mut e = s;
        while e < t.len() && t[e] != q {
            if t[e] == b'\\' {
                e += 1;
            }
            e += 1;
        }
        if e > t.len() {
            e = t.len();
        }
        (s, e, true)
    } else {
        let s = k;
        let mut e = s;
        while e < t.len()
            && !matches!(
                t[e],
                b' ' | b'\t' | b',' | b';' | b')' | b'}' | b']' | b'"' | b'\''
            )
        {
            e += 1;
        }
        (s, e, false)
    };
    (ve > vs).then_some(Assign {
        key: (ks, ke),
        value: (vs, ve),
        quoted,
    })
}

/// Every assignment on the line. Operators inside a quoted value already
/// taken (`"id": "a:b=c"`) are part of that value, not new assignments.
pub fn all(t: &[u8]) -> Vec<Assign> {
    let mut out = Vec::new();
    let mut taken = 0;
    for i in memchr::memchr2_iter(b'=', b':', t) {
        if i < taken {
            continue;
        }
        if let Some(a) = at_operator(t, i) {
            if a.quoted {
                taken = a.value.1;
            }
            out.push(a);
        }
    }
    out
}

/// The key folded for comparison: lower case, separators removed
/// (`DB_PASSWORD`, `db-password` and `dbPassword` all give `dbpassword`).
pub fn fold(key: &[u8]) -> String {
    key.iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|b| b.to_ascii_lowercase() as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kv(line: &str) -> Vec<(String, String, bool)> {
        let t = line.as_bytes();
        all(t)
            .into_iter()
            .map(|a| {
                (
                    line[a.key.0..a.key.1].to_string(),
                    line[a.value.0..a.value.1].to_string(),
                    a.quoted,
                )
            })
            .collect()
    }

    #[test]
    fn shapes() {
        assert_eq!(
            kv("db_password = \"x1\""),
            vec![("db_password".into(), "x1".into(), true)]
        );
        assert_eq!(
            kv("\"token\": \"ab\","),
            vec![("token".into(), "ab".into(), true)]
        );
        assert_eq!(kv("KEY=v1 # c"), vec![("KEY".into(), "v1".into(), false)]);
        assert_eq!(
            kv("f(secret='s3')"),
            vec![("secret".into(), "s3".into(), true)]
        );
        assert_eq!(kv("x := \"y\""), vec![("x".into(), "y".into(), true)]);
        assert!(kv("if a == \"b\" {").is_empty());
        assert!(kv("see https://x.y/z").is_empty());
        assert!(kv("std::env::var").is_empty());
        assert_eq!(
            kv("\"fingerprint\": \"aws-secret-access-key:.env:77c0\", \"line\": 3"),
            vec![
                (
                    "fingerprint".into(),
                    "aws-secret-access-key:.env:77c0".into(),
                    true
                ),
                ("line".into(), "3".into(), false)
            ]
        );
    }
}
