//! Precision and recall of every rule on the annotated fixture corpus.
//!
//! Each fixture line that must produce a finding ends with a comment
//! `expect: <rule>`; its safe twin ends with `ok: <rule>`. A finding on an
//! `expect` line is a true positive, a missing one a false negative, and a
//! finding anywhere else (an `ok` line or an unannotated line) a false
//! positive. The figures are recorded in `tests/accuracy.toml`; the test
//! fails when any rule's precision or recall drops below its record, or
//! the corpus shrinks. Set `BARRAISER_RECORD_ACCURACY=1` to write new
//! records after an improvement.

use code_scan::{scan_source, Lang};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: u32,
    fp: u32,
    fn_: u32,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("fixture dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else if Lang::from_path(&p).is_some() {
            out.push(p);
        }
    }
}

fn annotations(line: &str, key: &str) -> Vec<String> {
    let Some(at) = line.find(&format!("{key}:")) else {
        return vec![];
    };
    let before = &line[..at];
    if !(before.trim_end().ends_with("//")
        || before.trim_end().ends_with('#')
        || before.contains("//")
        || before.contains('#')
        || before.contains("/*"))
    {
        return vec![];
    }
    line[at + key.len() + 1..]
        .split(',')
        .map(|s| s.split("*/").next().unwrap_or("").trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn accuracy_does_not_regress() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    let mut per_rule: BTreeMap<String, Counts> = BTreeMap::new();
    let mut cases = 0u32;
    let mut misses = Vec::new();
    let mut parser = tree_sitter::Parser::new();
    for path in &all {
        let src = std::fs::read(path).expect("read fixture");
        let text = String::from_utf8_lossy(&src).to_string();
        let lang = Lang::from_path(path).expect("known ext");
        let rel = path
            .strip_prefix(&root)
            .expect("under root")
            .to_string_lossy()
            .to_string();
        let res = scan_source(&mut parser, &rel, lang, &src);
        let found: BTreeSet<(u32, String)> = res
            .findings
            .iter()
            .map(|f| {
                (
                    f.location.span().expect("file span").start_line,
                    f.rule_id.clone(),
                )
            })
            .collect();
        let mut expected: BTreeSet<(u32, String)> = BTreeSet::new();
        for (i, line) in text.lines().enumerate() {
            for r in annotations(line, "expect") {
                expected.insert((i as u32 + 1, r));
                cases += 1;
            }
        }
        for (line, rule) in &expected {
            let c = per_rule.entry(rule.clone()).or_default();
            if found.contains(&(*line, rule.clone())) {
                c.tp += 1;
            } else {
                c.fn_ += 1;
                misses.push(format!("missed   {rel}:{line} {rule}"));
            }
        }
        for (line, rule) in &found {
            if !expected.contains(&(*line, rule.clone())) {
                per_rule.entry(rule.clone()).or_default().fp += 1;
                misses.push(format!("spurious {rel}:{line} {rule}"));
            }
        }
    }
    let ratio = |a: u32, b: u32| {
        if a + b == 0 {
            1.0
        } else {
            f64::from(a) / f64::from(a + b)
        }
    };
    let mut table = String::from("rule                 tp  fp  fn  precision recall\n");
    let mut record =
        String::from("# Recorded by tests/accuracy.rs; raise these, never lower them.\n");
    record.push_str(&format!("cases = {cases}\n\n"));
    for (rule, c) in &per_rule {
        let (p, r) = (ratio(c.tp, c.fp), ratio(c.tp, c.fn_));
        table.push_str(&format!(
            "{rule:<20} {:>3} {:>3} {:>3}  {p:>8.3} {r:>6.3}\n",
            c.tp, c.fp, c.fn_
        ));
        record.push_str(&format!(
            "[\"{rule}\"]\nprecision = {p:.3}\nrecall = {r:.3}\n\n"
        ));
    }
    println!("{table}");
    for m in &misses {
        println!("{m}");
    }
    let record_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/accuracy.toml");
    if std::env::var_os("BARRAISER_RECORD_ACCURACY").is_some() {
        std::fs::write(&record_path, record).expect("write record");
        return;
    }
    let recorded: toml::Value =
        toml::from_str(&std::fs::read_to_string(&record_path).expect("tests/accuracy.toml exists"))
            .expect("valid toml");
    let min_cases = recorded
        .get("cases")
        .and_then(toml::Value::as_integer)
        .unwrap_or(0);
    assert!(
        i64::from(cases) >= min_cases,
        "the corpus shrank: {cases} cases, recorded {min_cases}"
    );
    let mut regressions = Vec::new();
    for (rule, rec) in recorded.as_table().expect("table") {
        let Some(rec) = rec.as_table() else { continue };
        let c = per_rule.get(rule).copied().unwrap_or_default();
        let (p, r) = (ratio(c.tp, c.fp), ratio(c.tp, c.fn_));
        let rp = rec["precision"].as_float().expect("float");
        let rr = rec["recall"].as_float().expect("float");
        if p + 0.0005 < rp {
            regressions.push(format!("{rule}: precision {p:.3} < recorded {rp:.3}"));
        }
        if r + 0.0005 < rr {
            regressions.push(format!("{rule}: recall {r:.3} < recorded {rr:.3}"));
        }
    }
    assert!(
        regressions.is_empty(),
        "accuracy regressed:\n{}\n\n{table}",
        regressions.join("\n")
    );
}
