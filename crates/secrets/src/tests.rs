//! Engine-level tests: prefilter, line numbers and columns, redaction of
//! excerpts, suppression, bad input, and the invariants (proptest).
use super::*;
use proptest::prelude::*;

const GH: &str = "ghp_R7kP2mQ9xL4vN8wB3cT6yH1jF5gD0sA2zE9u";

fn engine() -> Engine {
    Engine::new(&Config::default()).unwrap()
}

#[test]
fn columns_are_characters_and_excerpts_are_redacted() {
    let src = format!("# héllo\nlet café = \"{GH}\"; // token\n");
    let r = engine().scan_bytes("a.rs", src.as_bytes());
    assert_eq!(r.lines, 2);
    assert_eq!(r.hits.len(), 1, "{:?}", r.hits);
    let h = &r.hits[0];
    assert_eq!(
        (h.rule.id, h.line, h.column, h.end_column),
        ("github-token", 2, 13, 53)
    );
    assert!(!h.excerpt.contains(GH), "{}", h.excerpt);
    assert!(h.excerpt.contains("ghp_…(40)"), "{}", h.excerpt);
    let f = h.to_finding("a.rs", None);
    assert_eq!(f.id, "github-token@a.rs:2");
    assert!(!serde_json::to_string(&f).unwrap().contains(GH));
}

#[test]
fn a_value_repeated_on_its_line_is_redacted_everywhere() {
    // The keyword rule flags the value; the copy in the comment is not an
    // assignment but must not show either.
    let src = "db_password = \"Winter2024!x\"  # old: Winter2024!x\n";
    let r = engine().scan_bytes("a.py", src.as_bytes());
    assert_eq!(r.hits.len(), 1);
    assert_eq!(
        r.hits[0].excerpt,
        "db_password = \"Wi…(12)\"  # old: Wi…(12)"
    );
}

#[test]
fn specific_rules_win_over_keyword_and_entropy() {
    let src = format!("github_token = \"{GH}\"\n");
    let r = engine().scan_bytes("cfg.yaml", src.as_bytes());
    let ids: Vec<&str> = r.hits.iter().map(|h| h.rule.id).collect();
    assert_eq!(ids, vec!["github-token"]);
}

#[test]
fn allow_comment_on_the_line_or_above() {
    let src = format!(
        "a = \"{GH}\"  # barraiser: allow-secret\n# barraiser: allow-secret test fixture\nb = \"{GH}\"\nc = \"{GH}\"\n  // barraiser: allow-secret\nd = \"{GH}\"\n"
    );
    let r = engine().scan_bytes("t.py", src.as_bytes());
    assert_eq!(r.suppressed, 3);
    assert_eq!(r.hits.iter().map(|h| h.line).collect::<Vec<_>>(), vec![4]);
}

#[test]
fn binary_like_and_non_utf8_bytes_do_not_panic() {
    let mut src = b"token = \"\xff\xfe".to_vec();
    src.extend_from_slice(GH.as_bytes());
    src.extend_from_slice(b"\"\n\xc3\x28 password = \"Sx\xe9cret99\"\n");
    let r = engine().scan_bytes("x.cfg", &src);
    assert!(r.lossy);
    assert!(r.hits.iter().any(|h| h.rule.id == "github-token"));
    for h in &r.hits {
        let f = h.to_finding("x.cfg", None);
        assert!(!report::to_json_pretty(&f).contains(GH));
    }
}

#[test]
fn very_long_lines_are_windowed() {
    let mut src = "x".repeat(300_000);
    src.push_str(&format!(" t = \"{GH}\" "));
    src.push_str(&"y".repeat(300_000));
    src.push('\n');
    let r = engine().scan_bytes("min.js", src.as_bytes());
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].column, 300_007);
    assert!(r.hits[0].excerpt.len() < 400);
}

#[test]
fn crlf_and_no_trailing_newline() {
    let src = format!("a = 1\r\nk = {GH}\r\nlast = {GH}");
    let r = engine().scan_bytes("a.env", src.as_bytes());
    assert_eq!(r.lines, 3);
    assert_eq!(
        r.hits.iter().map(|h| h.line).collect::<Vec<_>>(),
        vec![2, 3]
    );
}

#[test]
fn unknown_rule_and_bad_keyword_are_errors() {
    assert!(matches!(
        Engine::new(&Config {
            only_rules: vec!["nope".into()],
            ..Config::default()
        }),
        Err(Error::UnknownRule(_))
    ));
    assert!(matches!(
        Engine::new(&Config {
            keywords: vec!["two words".into()],
            ..Config::default()
        }),
        Err(Error::BadKeyword(_))
    ));
}

#[test]
fn every_rule_is_documented() {
    let mut ids = std::collections::BTreeSet::new();
    for r in rules::all() {
        let i = r.info();
        assert!(ids.insert(i.id), "duplicate id {}", i.id);
        for (name, text) in [
            ("title", i.title),
            ("finds", i.finds),
            ("why", i.why),
            ("fix", i.fix),
            ("parameter", i.parameter),
            ("metric", i.metric),
        ] {
            assert!(text.len() > 3, "{} has no {name}", i.id);
        }
        assert!(!i.cwe.is_empty());
    }
}

fn summary(r: &FileScan) -> Vec<(u32, u32, &'static str, String)> {
    r.hits
        .iter()
        .map(|h| (h.line, h.column, h.rule.id, h.secret.hash(h.rule.id)))
        .collect()
}

/// Lines made of fragments that trip the rules, and noise.
fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(format!("token = \"{GH}\"")),
        Just("aws_access_key_id = AKIAQYLPMN5HHHFPZAM2".to_string()),
        Just("aws_secret_access_key = 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".to_string()),
        Just("url = postgres://app:S3cure-Horse-77@db.internal/app".to_string()),
        Just("password = \"Winter2024!x\"".to_string()),
        Just("KEY = \"q8Zr2Vn7Lk0Tp4XwYb9Hc3Jd6Mf1\"".to_string()),
        Just("-----BEGIN RSA PRIVATE KEY-----".to_string()),
        Just("MIIEowIBAAKCAQEAx3k9Qp2Lm7Vd4Hs8Tn1Rb6Wc0Yf5Zg3Kj2Pq9Xe7Ua4Io1Ly8Tz6Bh3".to_string()),
        Just("-----END RSA PRIVATE KEY-----".to_string()),
        "[ -~]{0,80}",
        "[a-zA-Z0-9+/=_:. -]{0,60}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Scanning never panics on arbitrary bytes, and is deterministic.
    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let e = engine();
        let a = e.scan_bytes("f.env", &bytes);
        let b = e.scan_bytes("f.env", &bytes);
        prop_assert_eq!(summary(&a), summary(&b));
    }

    /// Results do not depend on what precedes a block: prepending lines
    /// shifts line numbers and nothing else (the baseline fingerprint,
    /// which has no line number, is unchanged).
    #[test]
    fn shift_invariant(lines in proptest::collection::vec(line_strategy(), 1..25), pad in 1usize..20) {
        let e = engine();
        let text = lines.join("\n") + "\n";
        let padded = format!("{}{}", "# nothing here\n\n".repeat(pad), text);
        let a = e.scan_bytes("s.cfg", text.as_bytes());
        let b = e.scan_bytes("s.cfg", padded.as_bytes());
        let shifted: Vec<_> = summary(&a).into_iter().map(|(l, c, r, h)| (l + 2 * pad as u32, c, r, h)).collect();
        prop_assert_eq!(shifted, summary(&b));
        let fa: Vec<String> = a.hits.iter().map(|h| h.fingerprint("s.cfg")).collect();
        let fb: Vec<String> = b.hits.iter().map(|h| h.fingerprint("s.cfg")).collect();
        prop_assert_eq!(fa, fb);
    }

    /// No excerpt or finding ever contains a flagged value.
    #[test]
    fn findings_never_carry_values(lines in proptest::collection::vec(line_strategy(), 1..25)) {
        let text = lines.join("\n");
        let r = engine().scan_bytes("s.cfg", text.as_bytes());
        for h in &r.hits {
            let f = report::to_json_pretty(&h.to_finding("s.cfg", None));
            if h.secret.len() >= 6 {
                prop_assert!(!f.contains(h.secret.expose()), "{} leaked: {}", h.rule.id, f);
            }
        }
    }
}

proptest! {
    /// The skipping run finder reports exactly the maximal runs a plain
    /// byte-by-byte scan finds.
    #[test]
    fn run_finder_matches_naive(bytes in proptest::collection::vec(prop_oneof![Just(b'a'), Just(b' '), Just(b'Z'), Just(b'.')], 0..300), min in 1usize..30) {
        let class = |b: u8| b.is_ascii_alphabetic();
        let mut fast = Vec::new();
        for_each_run(&bytes, min, class, |s, e| fast.push((s, e)));
        let mut naive = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if class(bytes[i]) {
                let s = i;
                while i < bytes.len() && class(bytes[i]) { i += 1; }
                if i - s >= min { naive.push((s, i)); }
            } else {
                i += 1;
            }
        }
        prop_assert_eq!(fast, naive);
    }
}

#[test]
fn every_rule_has_a_sarif_descriptor_with_its_fix() {
    for r in engine().rules() {
        let m = r.sarif_meta();
        assert_eq!((m.id.as_str(), m.default_severity), (r.id, r.severity));
        assert_eq!(m.cwe, r.cwe);
        assert!(m.help_markdown.contains(r.parameter), "{}", r.id);
    }
}
