//! The rest of the preparation system through the binary: the STAR coach,
//! behavioural prompts in the questions drill, a whole mock phone screen
//! with its debrief and thank-you note, the calculators, and a drill killed
//! mid-run.

mod common;

use common::bin;
use serde_json::Value;
use std::path::{Path, PathBuf};

const TODAY: &str = "2026-11-23";

fn run(db: &str, args: &[&str]) -> (i32, String, String) {
    let out = bin()
        .args(args)
        .args(["--db", db, "--today", TODAY])
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn attempt_id(out: &str) -> String {
    out.split("attempt ")
        .nth(1)
        .unwrap()
        .split(':')
        .next()
        .unwrap()
        .trim()
        .to_string()
}

const BANK: &str = r#"
[[story]]
title = "Leaked deploy key"
principles = ["ownership", "bias-for-action"]
date = "2025-06"
situation = "On a Friday evening our secret scanner flagged an AWS access key for the deploy role in a public fork of an internal repository. A contractor had forked the repository to work from home and pushed a configuration file with the key in it. The key could push container images to the production registries in three regions, and it had been public for nine days before anyone noticed. The platform team had already left for the weekend, and the pipeline that used the key ran every release for forty services."
task = "I was the on-call security engineer that week, so containing the key and proving whether anyone had used it was mine to own until the incident closed. I also had to keep the releases planned for Saturday morning working, because two customer fixes were waiting on them."
action = "I disabled the key within eight minutes of the alert and asked the fork owner to delete the repository, which he did within the hour. I created a replacement key scoped to the registries the pipeline actually pushed to, stored it in Secrets Manager, and updated the pipeline myself so the Saturday releases would not break. I then pulled ninety days of CloudTrail events for the old key id and wrote an Athena query that compared every call against the known source addresses of our build runners. I found two calls from an unknown address in another country. Both were ListRepositories calls, and I checked every image digest in the three registries against our build records to prove nothing had been pushed or replaced. I added a pre-receive hook that blocks access key patterns before a push is accepted, and I wrote a runbook with the exact queries so the next on-call engineer could repeat the investigation in under an hour. I briefed the platform lead that night and the director on Monday morning with the timeline, the evidence and the two changes I wanted approved: moving the pipeline to an IAM role with short-lived credentials, and alerting on any long-lived key older than ninety days."
result = "No image was pushed and no data left the account, and both Saturday releases shipped on time. The pipeline moved to role credentials within two weeks, which removed the last long-lived key from our build system. In the two leaks since, the time from exposure to revocation dropped from nine days to 40 minutes end to end, and the hook has blocked 14 keys in six months before they ever reached a remote. The runbook is now part of on-call training for all six security engineers. What I would do differently is ask for the role migration before an incident forced it: the risk of long-lived keys was known for a year, and I now raise that kind of debt in the quarterly review with a cost attached, which is how the last two items got funded."

[[story]]
title = "Vague one"
principles = ["dive-deep", "earn-trust", "frugality", "think-big"]
date = "2019-01"
situation = "We basically had some issues."
task = "We needed to fix things."
action = "We kind of looked into it and we sort of fixed it."
result = "It went well."
"#;

#[test]
fn star_coach_bank_lint_coverage_and_timed_practice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let bank = dir.path().join("bank.toml");
    std::fs::write(&bank, BANK).unwrap();

    let (c, out, err) = run(db, &["star", "import", bank.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("2 stories added, 0 updated"), "{out}");
    // importing again updates in place
    let (c, out, _) = run(db, &["star", "import", bank.to_str().unwrap()]);
    assert_eq!(c, 0);
    assert!(out.contains("0 stories added, 2 updated"), "{out}");

    let (c, out, _) = run(db, &["star", "list", "--json"]);
    assert_eq!(c, 0);
    let list: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);

    // the vague story fails bars: exit 1, and the JSON names the checks
    let (c, out, _) = run(db, &["star", "lint", "--json"]);
    assert_eq!(c, 1, "{out}");
    let lint: Value = serde_json::from_str(&out).unwrap();
    let vague = lint
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["title"] == "Vague one")
        .unwrap();
    let checks: Vec<&str> = vague["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["check"].as_str().unwrap())
        .collect();
    for want in ["result-metric", "ownership", "length", "recency", "filler"] {
        assert!(checks.contains(&want), "{want} missing from {checks:?}");
    }
    // the good story alone has no error
    let (c, out, _) = run(db, &["star", "lint", "--title", "Leaked deploy key"]);
    assert_eq!(c, 0, "{out}");
    assert!(!out.contains("error["), "{out}");

    let (c, out, _) = run(db, &["star", "coverage", "--json"]);
    assert_eq!(c, 0);
    let cov: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(cov["rows"].as_array().unwrap().len(), 16);
    assert_eq!(cov["gaps"].as_array().unwrap().len(), 16 - 6);
    assert_eq!(cov["over_reused"][0]["title"], "Vague one");

    // timed practice, stopped later (not a terminal): scored and stored
    let (c, out, err) = run(
        db,
        &[
            "star",
            "practice",
            "--principle",
            "ownership",
            "--no-wait",
            "--seed",
            "3",
        ],
    );
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("Ownership"), "{out}");
    let a = attempt_id(&out);
    let (c, out, err) = run(db, &["star", "told", &a, "--story", "Leaked deploy key"]);
    assert_eq!(c, 0, "{err}");
    // told in a second or two: far below the 3-minute bar
    assert!(
        out.contains("short") && out.contains("Score 0/100"),
        "{out}"
    );
    let (c, _, err) = run(db, &["star", "told", &a]);
    assert_eq!(c, 2);
    assert!(err.contains("not an open STAR practice"), "{err}");

    // a behavioural prompt in the questions drill, with the user's stories
    let (c, out, _) = run(db, &["drill", "questions", "next", "--kind", "behavioural"]);
    assert_eq!(c, 0);
    let id = out.split('[').nth(1).unwrap().split(']').next().unwrap();
    let (c, out, _) = run(db, &["drill", "questions", "reveal", id]);
    assert_eq!(c, 0);
    assert!(out.contains("listens for"), "{out}");
    let (c, _, err) = run(db, &["drill", "questions", "rate", id, "good"]);
    assert_eq!(c, 0, "{err}");

    let (c, out, _) = run(db, &["status", "--json"]);
    assert_eq!(c, 0);
    let s: Value = serde_json::from_str(&out).unwrap();
    let comp = s["competencies"].as_array().unwrap();
    let star = comp.iter().find(|r| r["drill"] == "star").unwrap();
    assert_eq!(star["attempts"], 1);
    assert_eq!(star["latest_score"], 0);
    let beh = comp.iter().find(|r| r["drill"] == "behavioural").unwrap();
    assert_eq!(beh["latest_score"], 80);
    assert_eq!(s["stories"]["principles_covered"], 6);

    // export the bank, then a broken bank is refused with its line
    let (c, out, _) = run(db, &["star", "export"]);
    assert_eq!(c, 0);
    assert!(
        out.contains("[[story]]") && out.contains("date = \"2025-06\""),
        "{out}"
    );
    std::fs::write(&bank, "[[story]]\ntitle = \"x\"\ndate = \"2025-13\"\n").unwrap();
    let (c, _, err) = run(db, &["star", "import", bank.to_str().unwrap()]);
    assert_eq!(c, 2);
    assert!(err.contains("bank.toml") && err.contains("line 3"), "{err}");
    std::fs::write(&bank, b"\xff\xfe binary").unwrap();
    let (c, _, err) = run(db, &["star", "import", bank.to_str().unwrap()]);
    assert_eq!(c, 2, "{err}");
}

#[test]
fn a_mock_phone_screen_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let plan = mock::phone_screen(7).unwrap();
    let (c, out, err) = run(db, &["mock", "phone-screen", "--seed", "7"]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("4 rounds, 60 minutes"), "{out}");
    assert!(out.contains("## Threat model"), "{out}");

    // round 1: the scenario's reference model
    let mock::Item::Scenario(name) = &plan.rounds[0].items[0] else {
        panic!("round 1 is a threat model")
    };
    let model = root().join(format!("content/threat-model/scenarios/{name}.yaml"));
    let (c, _, err) = run(db, &["mock", "answer", model.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    let (c, out, err) = run(db, &["mock", "next"]);
    assert_eq!(c, 0, "{err}");
    assert!(
        out.contains("Round 1 closed") && out.contains("## Code review"),
        "{out}"
    );

    // round 2: the answer key itself
    let mock::Item::Snippet(sid) = &plan.rounds[1].items[0] else {
        panic!("round 2 is a code review")
    };
    let cat = review_drill::Catalog::embedded();
    let sn = cat.snippets.iter().find(|x| x.id() == sid).unwrap();
    let mut answers = String::new();
    for v in &sn.key.vulns {
        answers.push_str(&format!(
            "[[answer]]\nline = {}\ncategory = \"{}\"\nfix = \"\"\"{}\"\"\"\n",
            v.line, v.category, v.fix
        ));
    }
    let file = dir.path().join("answers.toml");
    std::fs::write(&file, answers).unwrap();
    let (c, out, err) = run(db, &["mock", "answer", file.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("recall 100%"), "{out}");
    run(db, &["mock", "next"]);

    // round 3: the exercise's reference solution
    let mock::Item::Exercise(eid) = &plan.rounds[2].items[0] else {
        panic!("round 3 is scripting")
    };
    let solution = root().join(format!("content/drills/scripting/{eid}/reference.py"));
    let (c, out, err) = run(db, &["mock", "answer", solution.to_str().unwrap()]);
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("20/20") || out.contains("passed"), "{out}");
    let (c, out, _) = run(db, &["mock", "next"]);
    assert_eq!(c, 0);
    // round 4 shows each principle's prompt text, not its id
    let bank = questions::embedded().unwrap();
    for p in &plan.rounds[3].principles {
        let text = &bank.prompt_by_id(&p.prompt).unwrap().prompt;
        assert!(out.contains(text.as_str()), "{text} not in {out}");
    }

    // round 4: principles; closing before rating them is refused
    let (c, _, err) = run(db, &["mock", "next"]);
    assert_eq!(c, 2);
    assert!(
        err.contains("unanswered") && err.contains("mock rate"),
        "{err}"
    );
    let (c, _, err) = run(db, &["mock", "rate", "not-a-principle", "3"]);
    assert_eq!(c, 2);
    assert!(err.contains("not asked in this round"), "{err}");
    for p in &plan.rounds[3].principles {
        let (c, _, err) = run(db, &["mock", "rate", &p.principle, "3"]);
        assert_eq!(c, 0, "{err}");
    }
    let (c, out, err) = run(db, &["mock", "next"]);
    assert_eq!(c, 0, "{err}");
    assert!(
        out.contains("debrief") && out.contains("Overall **"),
        "{out}"
    );
    let (c, _, err) = run(db, &["mock", "next"]);
    assert_eq!(c, 2, "no mock is running any more: {err}");

    let (c, out, _) = run(db, &["mock", "debrief", "1"]);
    assert_eq!(c, 0);
    assert!(out.contains("Overall **"), "{out}");
    let (c, out, _) = run(db, &["status", "--json"]);
    assert_eq!(c, 0);
    let s: Value = serde_json::from_str(&out).unwrap();
    let score = s["latest_mock"]["score"].as_u64().unwrap();
    assert!(score >= 75, "reference answers and 3/4 ratings: {score}");
    // the graded rounds count as drill attempts too
    let comp = s["competencies"].as_array().unwrap();
    let tm = comp.iter().find(|r| r["drill"] == "threat-model").unwrap();
    assert_eq!(tm["attempts"], 1);

    // the thank-you note names the mock's topics
    let (c, out, _) = run(
        db,
        &["checklist", "post-interview", "--interviewer", "Priya"],
    );
    assert_eq!(c, 0);
    assert!(out.contains("Dear Priya,"), "{out}");
    assert!(out.contains("threat modeling"), "{out}");
    assert!(out.contains("[ ] "), "{out}");
    let (c, _, err) = run(db, &["checklist", "week-after"]);
    assert_eq!(c, 2);
    assert!(err.contains("pre-interview"), "{err}");
}

#[test]
fn calculators() {
    let out = bin()
        .args(["impact", "--records", "1000", "--likelihood", "3", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let e: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(e["single_loss_usd"], 165_000);
    // 15% and 35% of 165,000
    assert_eq!(e["expected_loss_usd"]["low"], 24_750);
    assert_eq!(e["expected_loss_usd"]["high"], 57_750);

    let out = bin()
        .args(["impact", "--records", "10", "--control", "1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin()
        .args(["impact", "--kind", "downtime"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--hours"));

    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.toml");
    let b = dir.path().join("b.toml");
    std::fs::write(
        &a,
        "base = 170000\n[sign_on]\nyear1 = 30000\nyear2 = 20000\n[rsu]\nshares = 400\nprice = 200\n",
    )
    .unwrap();
    std::fs::write(&b, "base = 200000\n").unwrap();
    let out = bin()
        .args(["offer", "evaluate", a.to_str().unwrap(), "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // 4 x 170,000 + 50,000 + 400 x 200
    assert_eq!(v["four_year_total"], 810_000.0);
    assert_eq!(v["years"][0]["shares"], 20);
    let out = bin()
        .args(["offer", "compare", a.to_str().unwrap(), b.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("b.toml"));

    std::fs::write(
        &b,
        "base = 200000\n[rsu]\nshares = 10\nprice = 1\nschedule = [50, 40]\n",
    )
    .unwrap();
    let out = bin()
        .args(["offer", "evaluate", b.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("b.toml:5:"), "{err}");
}

/// Kill the tool while a scripting drill runs the user's endless script:
/// what was saved before survives, the database opens cleanly, the script
/// does not outlive the tool, and the attempt can still be submitted.
#[test]
fn killing_the_tool_mid_drill_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let db = db.to_str().unwrap();
    let (c, _, err) = run(db, &["prep", "start", "--interview-date", "2026-12-21"]);
    assert_eq!(c, 0, "{err}");
    let (_, out, _) = run(db, &["drill", "questions", "next", "--kind", "technical"]);
    let qid = out.split('[').nth(1).unwrap().split(']').next().unwrap();
    let (c, _, _) = run(db, &["drill", "questions", "rate", qid, "easy"]);
    assert_eq!(c, 0);
    let (_, before, _) = run(db, &["prep", "export"]);

    let (c, out, _) = run(db, &["drill", "script", "start", "--id", "ipv4-validate"]);
    assert_eq!(c, 0);
    let a = attempt_id(&out);
    let marker = format!("endless_{}.py", std::process::id());
    let script = dir.path().join(&marker);
    std::fs::write(&script, "while True:\n    pass\n").unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_barraiser"))
        .args(["drill", "script", "submit", &a])
        .arg(&script)
        .args(["--db", db, "--today", TODAY])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // wait until the user's script is running
    let running = || {
        std::fs::read_dir("/proc").unwrap().flatten().any(|e| {
            std::fs::read(e.path().join("cmdline"))
                .map(|c| String::from_utf8_lossy(&c).contains(&marker))
                .unwrap_or(false)
        })
    };
    let t0 = std::time::Instant::now();
    while !running() && t0.elapsed().as_secs() < 20 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(running(), "the script never started");
    // SAFETY: sending SIGKILL to our own child.
    unsafe {
        libc::kill(child.id() as i32, libc::SIGKILL);
    }
    child.wait().unwrap();
    let t0 = std::time::Instant::now();
    while running() && t0.elapsed().as_secs() < 5 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(!running(), "the user's script outlived the tool");

    // nothing saved before is lost: the export differs only by the open attempt
    let (c, after, err) = run(db, &["prep", "export"]);
    assert_eq!(c, 0, "{err}");
    let before: Value = serde_json::from_str(&before).unwrap();
    let after: Value = serde_json::from_str(&after).unwrap();
    for table in ["profile", "plan_days", "reviews", "cards"] {
        assert_eq!(before[table], after[table], "{table} changed");
    }
    let open: Vec<&Value> = after["attempts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["finished_at"].is_null())
        .collect();
    assert_eq!(open.len(), 1, "the killed attempt stays open");
    // and it can be submitted again
    let good = root().join("content/drills/scripting/ipv4-validate/reference.py");
    let (c, out, err) = run(
        db,
        &[
            "drill",
            "script",
            "submit",
            &a,
            good.to_str().unwrap(),
            "--tests",
            "3",
        ],
    );
    assert_eq!(c, 0, "{err}");
    assert!(out.contains("Score 100/100"), "{out}");
}
