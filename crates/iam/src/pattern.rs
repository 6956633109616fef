//! IAM wildcard matching: `*` matches any run of characters (including
//! none), `?` exactly one. Action names compare case-insensitively, as IAM
//! does; resource ARNs case-sensitively.
//!
//! The matcher is the linear two-pointer algorithm with one backtrack point,
//! so a hostile pattern such as `a*a*a*a*b` costs O(pattern x text) at
//! worst, never exponential time.

/// Does `pattern` (with `*` and `?`) match all of `text`?
pub fn glob_match(pattern: &str, text: &str, ignore_case: bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        // IAM names and ARNs are ASCII: compare bytes, no allocation.
        return glob(pattern.as_bytes(), text.as_bytes(), |a: u8, b: u8| {
            if ignore_case {
                a.eq_ignore_ascii_case(&b)
            } else {
                a == b
            }
        });
    }
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    glob(&p, &t, |a: char, b: char| {
        if ignore_case {
            a.to_lowercase().eq(b.to_lowercase())
        } else {
            a == b
        }
    })
}

trait Wild: Copy + PartialEq {
    const STAR: Self;
    const ONE: Self;
}
impl Wild for u8 {
    const STAR: u8 = b'*';
    const ONE: u8 = b'?';
}
impl Wild for char {
    const STAR: char = '*';
    const ONE: char = '?';
}

fn glob<T: Wild>(p: &[T], t: &[T], eq: impl Fn(T, T) -> bool) -> bool {
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == T::ONE || (p[pi] != T::STAR && eq(p[pi], t[ti]))) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == T::STAR {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == T::STAR {
        pi += 1;
    }
    pi == p.len()
}

/// Does the action pattern (e.g. `iam:Attach*`, `*`) grant `action`?
pub fn action_matches(pattern: &str, action: &str) -> bool {
    glob_match(pattern.trim(), action, true)
}

/// True for an action pattern that matches every action: `*`, `*:*`.
pub fn is_all_actions(pattern: &str) -> bool {
    let p = pattern.trim();
    !p.is_empty() && p.chars().all(|c| c == '*' || c == ':') && p.contains('*')
}

/// The service prefix of an action or action pattern (`s3` of `s3:Get*`),
/// lower-cased; `None` for `*`.
pub fn service_of(pattern: &str) -> Option<String> {
    let (svc, _) = pattern.trim().split_once(':')?;
    if svc.contains('*') || svc.contains('?') || svc.is_empty() {
        None
    } else {
        Some(svc.to_ascii_lowercase())
    }
}

/// True for a resource that names no particular resource: `*`, or an ARN
/// whose resource part is only a wildcard (`arn:aws:s3:::*`,
/// `arn:aws:s3:::*/*`, `arn:aws:secretsmanager:*:*:secret:*`,
/// `arn:aws:dynamodb:*:*:table/*`).
pub fn is_broad_resource(resource: &str) -> bool {
    let r = resource.trim();
    if r == "*" {
        return true;
    }
    let mut parts = r.splitn(6, ':');
    let (Some(arn), Some(_part), Some(svc), Some(_region), Some(_acct), Some(rest)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return false;
    };
    if arn != "arn" && arn != "*" {
        return false;
    }
    // Strip one resource-type prefix (`secret:`, `table/`, `role/`); S3
    // ARNs have none (the first segment is the bucket).
    let rest = match rest.find([':', '/']) {
        Some(i) if svc != "s3" && !rest[..i].contains('*') && !rest[..i].is_empty() => {
            &rest[i + 1..]
        }
        _ => rest,
    };
    matches!(rest, "*" | "*/*" | "*:*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wildcards() {
        assert!(action_matches("iam:Attach*", "iam:AttachUserPolicy"));
        assert!(action_matches("IAM:attach*", "iam:AttachUserPolicy"));
        assert!(!action_matches("iam:Attach*", "iam:DetachUserPolicy"));
        assert!(action_matches("*", "s3:GetObject"));
        assert!(action_matches("*:*", "s3:GetObject"));
        assert!(action_matches("s3:Get?bject", "s3:GetObject"));
        assert!(!action_matches("s3:Get", "s3:GetObject"));
        assert!(glob_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", false));
        assert!(!glob_match("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false));
        assert!(is_all_actions("*:*") && is_all_actions("*") && !is_all_actions("s3:*"));
        assert_eq!(service_of("S3:Get*").as_deref(), Some("s3"));
        assert_eq!(service_of("*"), None);
    }

    #[test]
    fn broad_resources() {
        for r in [
            "*",
            "arn:aws:s3:::*",
            "arn:aws:s3:::*/*",
            "arn:aws:secretsmanager:*:*:secret:*",
            "arn:aws:dynamodb:*:*:table/*",
            "arn:*:iam::*:role/*",
        ] {
            assert!(is_broad_resource(r), "{r}");
        }
        for r in [
            "arn:aws:s3:::my-bucket/*",
            "arn:aws:iam::123456789012:role/app-*",
            "arn:aws:secretsmanager:*:*:secret:prod/db-*",
            "not-an-arn",
        ] {
            assert!(!is_broad_resource(r), "{r}");
        }
    }

    /// The reference: a plain recursive matcher, exponential but obviously
    /// right on the small inputs proptest draws.
    fn reference(p: &[char], t: &[char]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (None, Some(_)) => false,
            (Some('*'), _) => reference(&p[1..], t) || (!t.is_empty() && reference(p, &t[1..])),
            (Some('?'), Some(_)) => reference(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a == b => reference(&p[1..], &t[1..]),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_reference(p in "[ab*?:é]{0,8}", t in "[ab:é]{0,10}") {
            let pc: Vec<char> = p.chars().collect();
            let tc: Vec<char> = t.chars().collect();
            prop_assert_eq!(glob_match(&p, &t, false), reference(&pc, &tc));
        }
    }

    #[test]
    fn hostile_pattern_is_fast() {
        let p = "a*".repeat(300) + "b";
        let t = "a".repeat(5000);
        assert!(!glob_match(&p, &t, false));
    }
}
