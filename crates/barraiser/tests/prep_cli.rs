//! The preparation path a new user takes, through the binary: start a
//! plan, see today, do a code-review drill and a question review, and see
//! both in `status`; progress survives export and import.

mod common;

use common::bin;
use serde_json::Value;

fn run(db: &str, args: &[&str]) -> (i32, String, String) {
    let out = bin()
        .args(args)
        .args(["--db", db, "--today", "2026-11-23"])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn start_today_drills_and_status() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let (c, out, err) = run(
        db,
        &[
            "prep",
            "start",
            "--interview-date",
            "2026-12-21",
            "--role",
            "appsec",
            "--hours-per-day",
            "2",
        ],
    );
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("28 days"), "{out}");
    let (c, out, _) = run(db, &["today"]);
    assert_eq!(c, 0);
    assert!(out.contains("2026-11-23") && out.contains("min"), "{out}");

    // a code review: start, then a poor answer
    let (c, out, err) = run(db, &["drill", "review", "start", "--lang", "python"]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("  1 | "), "the numbered listing: {out}");
    let attempt = out
        .split("attempt ")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string();
    let answers = dir.path().join("answers.toml");
    // wrong on purpose: one made-up finding
    std::fs::write(
        &answers,
        "[[answer]]\nline = 1\ncategory = \"xss\"\nfix = \"escape output\"\n",
    )
    .unwrap();
    let (c, out, err) = run(
        db,
        &[
            "drill",
            "review",
            "submit",
            &attempt,
            answers.to_str().unwrap(),
        ],
    );
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("Score") && out.contains("MISSED"), "{out}");
    let (c, _, err) = run(
        db,
        &[
            "drill",
            "review",
            "submit",
            &attempt,
            answers.to_str().unwrap(),
        ],
    );
    assert_eq!(c, 2);
    assert!(err.contains("already graded"), "{err}");

    // a question: next, reveal, rate
    let (c, out, _) = run(db, &["drill", "questions", "next"]);
    assert_eq!(c, 0);
    let id = out
        .split('[')
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap()
        .to_string();
    let (c, out, _) = run(db, &["drill", "questions", "reveal", &id]);
    assert_eq!(c, 0);
    assert!(out.contains("  - "), "{out}");
    let (c, out, err) = run(db, &["drill", "questions", "rate", &id, "good"]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("Next review"), "{out}");

    // a threat model: the scenario's own reference model scores high
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (c, out, err) = run(
        db,
        &[
            "drill",
            "threat-model",
            "start",
            "--scenario",
            "payment-fraud",
        ],
    );
    assert_eq!(c, 0, "{err}");
    let tm_attempt = out
        .split("attempt ")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string();
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "name: x\nactors: [\n").unwrap();
    let (c, _, err) = run(
        db,
        &[
            "drill",
            "threat-model",
            "submit",
            &tm_attempt,
            broken.to_str().unwrap(),
        ],
    );
    assert_eq!(c, 2, "a model that does not parse is an input error");
    assert!(err.contains("broken.yaml:"), "{err}");
    let reference = root.join("content/threat-model/scenarios/payment-fraud.yaml");
    let (c, out, err) = run(
        db,
        &[
            "drill",
            "threat-model",
            "submit",
            &tm_attempt,
            reference.to_str().unwrap(),
        ],
    );
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("Score") || out.contains("score"), "{out}");

    // a script: the exercise's reference solution passes its hidden tests
    let (c, out, err) = run(db, &["drill", "script", "start", "--id", "top-404-ips"]);
    assert_eq!(c, 0, "{err}");
    let sc_attempt = out
        .split("attempt ")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string();
    let solution = root.join("content/drills/scripting/top-404-ips/reference.py");
    let (c, out, err) = run(
        db,
        &[
            "drill",
            "script",
            "submit",
            &sc_attempt,
            solution.to_str().unwrap(),
            "--tests",
            "5",
        ],
    );
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("Score 100/100"), "{out}");

    let (c, out, _) = run(db, &["status", "--json"]);
    assert_eq!(c, 0);
    let s: Value = serde_json::from_str(&out).unwrap();
    let comp = s["competencies"].as_array().unwrap();
    let review = comp.iter().find(|r| r["drill"] == "code-review").unwrap();
    assert_eq!(review["attempts"], 1);
    assert!(review["latest_score"].as_u64().unwrap() < 50);
    let q = comp.iter().find(|r| r["drill"] == "questions").unwrap();
    assert_eq!(q["latest_score"], 80);
    assert_eq!(s["questions"]["reviews"], 1);
    let tm = comp.iter().find(|r| r["drill"] == "threat-model").unwrap();
    assert!(tm["latest_score"].as_u64().unwrap() >= 90, "{tm}");
    let sc = comp.iter().find(|r| r["drill"] == "scripting").unwrap();
    assert_eq!(sc["latest_score"], 100);

    // export, import into a fresh database, export again: identical
    let (c, first, _) = run(db, &["prep", "export"]);
    assert_eq!(c, 0);
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let db2 = dir.path().join("q.db");
    let db2 = db2.to_str().unwrap();
    let (c, _, err) = run(db2, &["prep", "import", file.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    let (_, second, _) = run(db2, &["prep", "export"]);
    assert_eq!(first, second);
    // importing into a database that has data needs --replace
    let (c, _, _) = run(db2, &["prep", "import", file.to_str().unwrap()]);
    assert_eq!(c, 2);
}

#[test]
fn bad_input_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let (c, _, err) = run(db, &["prep", "start", "--interview-date", "next friday"]);
    assert_eq!(c, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
    let (c, _, err) = run(db, &["prep", "start", "--interview-date", "2026-11-01"]);
    assert_eq!(c, 2, "{err}");
    let (c, _, err) = run(db, &["today"]);
    assert_eq!(c, 2);
    assert!(err.contains("prep start"), "{err}");
    let notdb = dir.path().join("x.db");
    std::fs::write(
        &notdb,
        b"this is not sqlite at all, just text that fills a page........",
    )
    .unwrap();
    let (c, _, err) = run(notdb.to_str().unwrap(), &["status"]);
    assert_eq!(c, 2, "{err}");
}
