//! The app in headless Chromium (Debian's `chromium`), driven by
//! playwright-core from npm (`.ci/run` installs both). Each test starts the
//! app on an ephemeral loopback port over its own database, runs one script
//! from `tests/browser/` that clicks and types as a person would, takes a
//! screenshot of every page it visits, and then checks what reached the
//! database.
//!
//! Screenshots go to a temporary directory; with
//! `BARRAISER_SCREENSHOTS=docs/screenshots` they refresh the ones in the
//! repository.

mod common;

use common::vulnerable_project;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The app running on a loopback port; stopped (gracefully) on drop.
struct Served {
    base: String,
    rt: tokio::runtime::Runtime,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Served {
    fn start(db: &Path, today: time::Date) -> Served {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = rt.spawn(web::serve(
            listener,
            web::Config {
                db: db.to_path_buf(),
                token: None,
                today: Some(today),
            },
            async {
                let _ = stopped.await;
            },
        ));
        Served {
            base: format!("http://{addr}"),
            rt,
            stop: Some(stop),
            server: Some(server),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = self.rt.block_on(server);
        }
    }
}

/// Where screenshots go: `BARRAISER_SCREENSHOTS` (relative to the
/// repository) or a directory under `tmp`.
fn shots_dir(tmp: &Path) -> PathBuf {
    std::env::var("BARRAISER_SCREENSHOTS")
        .map(|p| Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p))
        .unwrap_or_else(|_| tmp.join("shots"))
}

/// Run `tests/browser/<script>` with `base`, the screenshot directory and
/// `args`; fails the test with the script's output unless every check in
/// it passed. Then every `shots` name must be a PNG on disk.
fn browse(script: &str, base: &str, shots: &Path, args: &[String], expect_shots: &[&str]) {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        here.join("node_modules/playwright-core").is_dir(),
        "playwright-core is not installed: run `npm ci --prefix crates/web/tests/browser` (.ci/run does)"
    );
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {chromium}: install Debian's `chromium` package (.ci/run does) or set CHROMIUM"
    );
    let out = Command::new("node")
        .arg(here.join(script))
        .arg(base)
        .arg(shots)
        .args(args)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser script {script} failed\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all checks passed"), "{stdout}");
    for f in expect_shots {
        let p = shots.join(format!("{f}.png"));
        let bytes = std::fs::read(&p).unwrap_or_else(|_| panic!("no screenshot {}", p.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{f}.png is a PNG");
    }
}

/// A database with a profile and a one-day plan, so the dashboard has days
/// left and a today.
fn planned_db(dir: &Path, today: time::Date) -> PathBuf {
    let db = dir.join("p.db");
    let mut s = store::Store::open(&db).unwrap();
    let interview = today + time::Duration::days(20);
    s.set_profile(&store::Profile {
        interview_date: interview.to_string(),
        role: "appsec".into(),
        hours_per_day: 2.0,
        created_at: store::now_rfc3339(),
    })
    .unwrap();
    s.replace_plan(&[store::NewPlanDay {
        date: today.to_string(),
        focus: "technical".into(),
        items: vec![store::NewPlanItem {
            kind: "code-review-drill".into(),
            ref_id: None,
            minutes: 10,
            title: "Review a snippet".into(),
        }],
    }])
    .unwrap();
    db
}

#[test]
fn drills_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let db = planned_db(dir.path(), today);
    let app = Served::start(&db, today);

    let sn = &review_drill::Catalog::embedded().snippets[0];
    let key = serde_json::json!({
        "snippet": sn.id(),
        "vulns": sn.key.vulns.iter().map(|v| serde_json::json!({"line": v.line, "category": v.category, "fix": v.fix})).collect::<Vec<_>>(),
    });
    let shots = shots_dir(dir.path());
    browse(
        "drills.mjs",
        &app.base,
        &shots,
        &[key.to_string()],
        &[
            "dashboard",
            "review-list",
            "review-drill",
            "review-graded",
            "star-editor",
            "questions",
            "dashboard-after",
        ],
    );
    drop(app);
    // what the browser did is in the database
    let s = store::Store::open(&db).unwrap();
    assert_eq!(s.stories().unwrap().len(), 1);
    assert_eq!(s.reviews(None).unwrap().len(), 1);
    assert_eq!(s.attempts(Some("code-review")).unwrap().len(), 1);
}

#[test]
fn threat_model_drill_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let db = planned_db(dir.path(), today);
    let app = Served::start(&db, today);
    let reference = threat_model::content::Content::embedded()
        .unwrap()
        .scenario("payment-fraud")
        .unwrap()
        .yaml;
    let shots = shots_dir(dir.path());
    browse(
        "tm.mjs",
        &app.base,
        &shots,
        &[serde_json::Value::from(reference).to_string()],
        &["tm-list", "tm-error", "tm-studio", "tm-graded", "tm-canvas"],
    );
    drop(app);
    // One graded threat-model attempt, recorded as the CLI records it.
    let s = store::Store::open(&db).unwrap();
    let all = s.attempts(Some("threat-model")).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].item_id, "payment-fraud");
    assert!(all[0].score.is_some_and(|x| x >= 90), "{:?}", all[0].score);
}

#[test]
fn scripting_drill_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let db = planned_db(dir.path(), today);
    let app = Served::start(&db, today);
    let ex = script_drill::exercise("top-404-ips").unwrap();
    let arg = serde_json::json!({
        "id": ex.id,
        "sample": ex.sample_input.trim_start_matches('\n'),
        "reference": ex.reference,
        "tests": script_drill::DEFAULT_TESTS,
    });
    let shots = shots_dir(dir.path());
    browse(
        "script.mjs",
        &app.base,
        &shots,
        &[arg.to_string()],
        &[
            "script-list",
            "script-drill",
            "script-failed",
            "script-passed",
        ],
    );
    drop(app);
    // two attempts from the browser: the wrong script, then the reference
    let s = store::Store::open(&db).unwrap();
    let mut scores: Vec<Option<u8>> = s
        .attempts(Some("scripting"))
        .unwrap()
        .iter()
        .map(|a| a.score)
        .collect();
    scores.sort();
    assert_eq!(scores.len(), 2);
    assert!(
        scores[0].unwrap() < 100 && scores[1] == Some(100),
        "{scores:?}"
    );
}

#[test]
fn mock_interview_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let db = planned_db(dir.path(), today);
    let story = "Leaked deploy key";
    store::Store::open(&db)
        .unwrap()
        .insert_story(&store::NewStory {
            title: story.into(),
            principles: vec!["ownership".into()],
            date: Some(format!("{}-{:02}-01", today.year(), today.month() as u8)),
            situation: "A deploy key was pushed to a public repository.".into(),
            task: "I owned the response before the next release.".into(),
            action: "I rotated the key and added secret scanning to CI.".into(),
            result: "Exposure fell from 9 days to 40 minutes.".into(),
            updated_at: store::now_rfc3339(),
        })
        .unwrap();
    let app = Served::start(&db, today);

    // the reference answer of everything a phone screen can draw
    let tm = threat_model::content::Content::embedded().unwrap();
    let answers = serde_json::json!({
        "scenarios": tm.scenarios.iter().map(|s| (s.name.clone(), serde_json::json!(s.yaml))).collect::<serde_json::Map<_, _>>(),
        "snippets": review_drill::Catalog::embedded().snippets.iter().map(|sn| (
            sn.id().to_string(),
            serde_json::json!(sn.key.vulns.iter().map(|v| serde_json::json!({"line": v.line, "category": v.category, "fix": v.fix})).collect::<Vec<_>>()),
        )).collect::<serde_json::Map<_, _>>(),
        "exercises": script_drill::all_exercises().iter().map(|e| (e.id.clone(), serde_json::json!(e.reference))).collect::<serde_json::Map<_, _>>(),
        "story": story,
    });
    let file = dir.path().join("answers.json");
    std::fs::write(&file, answers.to_string()).unwrap();
    let shots = shots_dir(dir.path());
    browse(
        "mock.mjs",
        &app.base,
        &shots,
        &[file.display().to_string()],
        &["mock-round", "mock-debrief", "mock-list", "star-practice"],
    );
    drop(app);
    // what the browser did is in the database, as the CLI reads it
    let s = store::Store::open(&db).unwrap();
    let mocks = s.mocks().unwrap();
    assert_eq!(mocks.len(), 1);
    assert_eq!(mocks[0].kind, "phone-screen");
    assert!(mocks[0].debrief.is_some());
    assert!(progress::mocks::row_score(&mocks[0]).unwrap() >= 75);
    let told = s.attempts(Some("star")).unwrap();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0].details["story"], story);
    assert!(told[0].score.is_some());
}

#[test]
fn scan_result_page_in_a_real_browser() {
    let dir = tempfile::tempdir().unwrap();
    let today = time::OffsetDateTime::now_utc().date();
    let db = planned_db(dir.path(), today);
    let project = dir.path().join("project");
    std::fs::create_dir(&project).unwrap();
    vulnerable_project(&project);
    let app = Served::start(&db, today);
    let shots = shots_dir(dir.path());
    browse(
        "tools.mjs",
        &app.base,
        &shots,
        &[project.to_string_lossy().into_owned()],
        &["tools", "tools-results", "tools-finding"],
    );
    drop(app);
    // the two runs the browser started are stored, with their findings
    let s = store::Store::open(&db).unwrap();
    let runs = s.tool_runs(10).unwrap();
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.findings > 0));
}
