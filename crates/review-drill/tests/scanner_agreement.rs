//! The code-scan engine agrees with every answer key: each planted issue it
//! has a rule for is reported within the line tolerance, and no decoy line
//! is reported.

use review_drill::agree::{self, Disagreement};
use review_drill::Catalog;

const TOLERANCE: u32 = 2;

#[test]
fn scanner_agrees_with_every_key() {
    let c = Catalog::embedded();
    let mut problems = Vec::new();
    for s in &c.snippets {
        for d in agree::check(s, &c.categories, TOLERANCE) {
            problems.push(format!("{}: {d}", s.path));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_moved_key_line_is_caught() {
    let c = Catalog::embedded();
    let mut s = c
        .snippets
        .iter()
        .find(|s| s.key.vulns.iter().any(|v| v.scanner))
        .unwrap()
        .clone();
    let v = s.key.vulns.iter_mut().find(|v| v.scanner).unwrap();
    let real = v.line;
    v.line = if real > 10 { real - 8 } else { real + 8 };
    let moved = v.line;
    let out = agree::check(&s, &c.categories, TOLERANCE);
    assert!(
        out.iter()
            .any(|d| matches!(d, Disagreement::Missed { line, .. } if *line == moved)),
        "{out:?}"
    );
}

#[test]
fn a_decoy_on_a_reported_line_is_caught() {
    let c = Catalog::embedded();
    let mut s = c.snippets[0].clone();
    let line = s.key.vulns.iter().find(|v| v.scanner).unwrap().line;
    s.key.decoys[0].line = line;
    let out = agree::check(&s, &c.categories, TOLERANCE);
    assert!(
        out.iter()
            .any(|d| matches!(d, Disagreement::DecoyFlagged { line: l, .. } if *l == line)),
        "{out:?}"
    );
}
