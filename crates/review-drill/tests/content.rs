//! The embedded code-review content is complete and well formed.

use review_drill::{grade, Answer, Catalog, Language};
use std::collections::BTreeSet;
use std::time::Duration;

#[test]
fn embedded_content_loads() {
    let c = Catalog::embedded();
    assert!(!c.snippets.is_empty());
}

#[test]
fn at_least_twelve_snippets_per_language() {
    let c = Catalog::embedded();
    for l in Language::ALL {
        let n = c.by_language(l).count();
        assert!(n >= 12, "{}: {n} snippets, the drill needs 12", l.name());
    }
}

#[test]
fn ids_are_unique_and_paths_match() {
    let c = Catalog::embedded();
    let mut ids = BTreeSet::new();
    for s in &c.snippets {
        assert!(ids.insert(s.id()), "duplicate id {}", s.id());
        assert_eq!(
            s.path,
            format!(
                "content/drills/code-review/{}/{}.{}",
                s.language().name(),
                s.id(),
                s.language().extension()
            )
        );
    }
}

#[test]
fn every_key_line_exists_and_is_not_blank() {
    for s in &Catalog::embedded().snippets {
        let lines = s.key.vulns.iter().map(|v| v.line);
        for n in lines.chain(s.key.decoys.iter().map(|d| d.line)) {
            let text = s
                .line(n)
                .unwrap_or_else(|| panic!("{}: line {n} missing", s.path));
            assert!(!text.trim().is_empty(), "{}: line {n} is blank", s.path);
        }
    }
}

#[test]
fn every_snippet_plants_one_to_three_and_has_a_decoy() {
    for s in &Catalog::embedded().snippets {
        assert!((1..=3).contains(&s.key.vulns.len()), "{}", s.path);
        assert!(!s.key.decoys.is_empty(), "{}", s.path);
        assert!((20..=60).contains(&s.line_count()), "{}", s.path);
    }
}

#[test]
fn categories_are_known_and_scanner_rules_exist() {
    let c = Catalog::embedded();
    for cat in c.categories.all() {
        for r in &cat.scanner_rules {
            assert!(
                code_scan::rules::get(r).is_some(),
                "category `{}` names scanner rule `{r}`, which code-scan does not have",
                cat.id
            );
        }
    }
    for s in &c.snippets {
        for v in &s.key.vulns {
            let cat = c.categories.get(&v.category).unwrap();
            assert!(cat.cwe.contains(&v.cwe), "{}: {}", s.path, v.line);
        }
    }
}

#[test]
fn scanner_blind_spots_are_a_minority() {
    let c = Catalog::embedded();
    let all: Vec<_> = c.snippets.iter().flat_map(|s| &s.key.vulns).collect();
    let blind = all.iter().filter(|v| !v.scanner).count();
    assert!(
        blind * 4 < all.len(),
        "{blind} of {} vulns are marked scanner = false; keep them under a quarter",
        all.len()
    );
}

#[test]
fn the_key_itself_scores_100_and_an_empty_answer_0() {
    let c = Catalog::embedded();
    for s in &c.snippets {
        let answers: Vec<Answer> = s
            .key
            .vulns
            .iter()
            .map(|v| Answer::new(v.line, &v.category, &v.fix))
            .collect();
        let g = grade(&s.key, &answers, Duration::from_secs(420));
        assert_eq!(
            g.score, 100,
            "{}: the key's own fix text should mention every concept: {:?}",
            s.path, g.vulns
        );
        let g = grade(&s.key, &[], Duration::from_secs(420));
        assert_eq!(g.score, 0);
    }
}

#[test]
fn flagging_every_decoy_costs_precision_everywhere() {
    let c = Catalog::embedded();
    for s in &c.snippets {
        let mut answers: Vec<Answer> = s
            .key
            .vulns
            .iter()
            .map(|v| Answer::new(v.line, &v.category, &v.fix))
            .collect();
        for d in &s.key.decoys {
            // Flag the decoy as the category of the first vuln, the likeliest confusion.
            answers.push(Answer::new(d.line, &s.key.vulns[0].category, ""));
        }
        let g = grade(&s.key, &answers, Duration::from_secs(420));
        assert_eq!(g.recall, 1.0, "{}", s.path);
        assert!(g.precision < 1.0, "{}", s.path);
        assert_eq!(g.decoys_flagged.len(), s.key.decoys.len(), "{}", s.path);
    }
}

#[test]
fn snippets_do_not_give_the_answer_away() {
    // Words that would tell the candidate where to look, and inline
    // suppressions that would hide a finding from the scanner.
    const TELLS: [&str; 7] = [
        "vuln",
        "insecure",
        "exploit",
        "injection",
        "unsafe",
        "barraiser:",
        "fixme",
    ];
    for s in &Catalog::embedded().snippets {
        for (i, line) in s.source.lines().enumerate() {
            let l = line.to_ascii_lowercase();
            for t in TELLS {
                assert!(!l.contains(t), "{}:{}: contains `{t}`", s.path, i + 1);
            }
        }
    }
}

#[test]
fn every_category_in_the_vocabulary_is_drilled() {
    let c = Catalog::embedded();
    let used: BTreeSet<&str> = c
        .snippets
        .iter()
        .flat_map(|s| s.key.vulns.iter().map(|v| v.category.as_str()))
        .collect();
    for cat in c.categories.all() {
        assert!(
            used.contains(cat.id.as_str()),
            "category `{}` has no snippet",
            cat.id
        );
    }
}
