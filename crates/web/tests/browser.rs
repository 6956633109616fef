//! The app in headless Chromium (Debian's `chromium`), driven by
//! playwright-core from npm (`.ci/run` installs both): a code-review drill,
//! a STAR story with live lint, a question review and the dashboard, each
//! clicked and typed as a person would, with a screenshot of every page.
//!
//! Screenshots go to a temporary directory; with
//! `BARRAISER_SCREENSHOTS=docs/screenshots` they refresh the ones in the
//! repository.

use std::path::Path;
use std::process::Command;

#[test]
fn drills_in_a_real_browser() {
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

    // a database with a plan, so the dashboard has days left and a today
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.db");
    let today = time::OffsetDateTime::now_utc().date();
    {
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
    }

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
            db: db.clone(),
            token: None,
            today: Some(today),
        },
        async {
            let _ = stopped.await;
        },
    ));

    let sn = &review_drill::Catalog::embedded().snippets[0];
    let key = serde_json::json!({
        "snippet": sn.id(),
        "vulns": sn.key.vulns.iter().map(|v| serde_json::json!({"line": v.line, "category": v.category, "fix": v.fix})).collect::<Vec<_>>(),
    });
    let shots_tmp = dir.path().join("shots");
    let shots = std::env::var("BARRAISER_SCREENSHOTS")
        .map(|p| Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p))
        .unwrap_or(shots_tmp.clone());
    let out = Command::new("node")
        .arg(here.join("drills.mjs"))
        .arg(format!("http://{addr}"))
        .arg(&shots)
        .arg(key.to_string())
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let _ = stop.send(());
    rt.block_on(server).unwrap().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser test failed\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("all checks passed"), "{stdout}");
    for f in [
        "dashboard",
        "review-list",
        "review-drill",
        "review-graded",
        "star-editor",
        "questions",
        "dashboard-after",
    ] {
        let p = shots.join(format!("{f}.png"));
        let bytes = std::fs::read(&p).unwrap_or_else(|_| panic!("no screenshot {}", p.display()));
        assert!(bytes.starts_with(b"\x89PNG"), "{f}.png is a PNG");
    }
    // what the browser did is in the database
    let s = store::Store::open(&db).unwrap();
    assert_eq!(s.stories().unwrap().len(), 1);
    assert_eq!(s.reviews(None).unwrap().len(), 1);
    assert_eq!(s.attempts(Some("code-review")).unwrap().len(), 1);
}
