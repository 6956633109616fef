//! Which buckets hold data that must survive deletion and overwrite.
//!
//! The defaults are data in `content/s3/sensitivity.toml`; callers add tag
//! pairs and name globs of their own.

use crate::model::BucketSnapshot;
use serde::Deserialize;

const DEFAULTS: &str = include_str!("../../../content/s3/sensitivity.toml");

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct TagRule {
    keys: Vec<String>,
    values: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Names {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    globs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    tags: Vec<TagRule>,
    #[serde(default)]
    names: Names,
}

/// The sensitivity rules in force.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sensitivity {
    tags: Vec<TagRule>,
    words: Vec<String>,
    globs: Vec<String>,
}

impl Default for Sensitivity {
    /// The shipped defaults.
    fn default() -> Self {
        let f: File =
            toml::from_str(DEFAULTS).expect("content/s3/sensitivity.toml is valid (tested)");
        Sensitivity {
            tags: f.tags,
            words: f
                .names
                .words
                .iter()
                .map(|w| w.to_ascii_lowercase())
                .collect(),
            globs: f
                .names
                .globs
                .iter()
                .map(|g| g.to_ascii_lowercase())
                .collect(),
        }
    }
}

impl Sensitivity {
    /// No rule at all: nothing is sensitive.
    pub fn none() -> Self {
        Sensitivity {
            tags: Vec::new(),
            words: Vec::new(),
            globs: Vec::new(),
        }
    }

    /// Treat buckets tagged `key=value` as sensitive (`value` `*`: any value).
    pub fn add_tag(&mut self, key: &str, value: &str) {
        self.tags.push(TagRule {
            keys: vec![key.to_string()],
            values: vec![value.to_string()],
        });
    }

    /// Treat buckets whose name matches `glob` as sensitive.
    pub fn add_name_glob(&mut self, glob: &str) {
        self.globs.push(glob.to_ascii_lowercase());
    }

    /// Why `bucket` is sensitive, or `None`.
    pub fn reason(&self, bucket: &BucketSnapshot) -> Option<String> {
        if let Some(tags) = bucket.tags.configured() {
            for (k, v) in tags {
                for r in &self.tags {
                    let key = r.keys.iter().any(|x| x.eq_ignore_ascii_case(k));
                    let val = r
                        .values
                        .iter()
                        .any(|x| x == "*" || x.eq_ignore_ascii_case(v.trim()));
                    if key && val {
                        return Some(format!("tagged {k}={v}"));
                    }
                }
            }
        }
        let name = bucket.name.to_ascii_lowercase();
        for w in name.split(['-', '.', '_']) {
            if self.words.iter().any(|x| x == w) {
                return Some(format!("its name contains the word `{w}`"));
            }
        }
        for g in &self.globs {
            if glob(g, &name) {
                return Some(format!("its name matches `{g}`"));
            }
        }
        None
    }
}

/// `*` matches any run of characters; everything else matches itself.
/// Iterative with backtracking to the last star: linear in practice, no
/// exponential blow-up on many stars.
pub fn glob(pattern: &str, text: &str) -> bool {
    let p = pattern.as_bytes();
    let t = text.as_bytes();
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Setting;

    #[test]
    fn shipped_defaults_parse_and_are_not_empty() {
        let s = Sensitivity::default();
        assert!(!s.tags.is_empty() && !s.words.is_empty() && !s.globs.is_empty());
    }

    #[test]
    fn tags_words_and_globs() {
        let s = Sensitivity::default();
        let mut b = BucketSnapshot::new("assets");
        assert_eq!(s.reason(&b), None);
        b.tags = Setting::Configured([("Data-Classification".into(), "PII".into())].into());
        assert_eq!(
            s.reason(&b).as_deref(),
            Some("tagged Data-Classification=PII")
        );
        assert!(s.reason(&BucketSnapshot::new("acme-pii-prod")).is_some());
        assert!(s.reason(&BucketSnapshot::new("graphics-assets")).is_none());
        assert!(s
            .reason(&BucketSnapshot::new("acme-customer-data-eu"))
            .is_some());
        let mut s2 = Sensitivity::none();
        s2.add_tag("team", "*");
        s2.add_name_glob("prod-*");
        assert!(s2.reason(&BucketSnapshot::new("prod-x")).is_some());
        assert!(s2.reason(&BucketSnapshot::new("acme-pii-prod")).is_none());
    }

    #[test]
    fn glob_matches() {
        assert!(glob("*", ""));
        assert!(glob("a*c", "abbbc"));
        assert!(!glob("a*c", "abbb"));
        assert!(glob("*a*a*a*a*a*b", &format!("{}b", "a".repeat(30))));
        assert!(!glob("*a*a*a*a*a*a*a*b", &"a".repeat(5000)));
    }
}
