//! The app over HTTP, without a browser: security headers, CSRF, the token
//! rule, body caps, escaping of hostile text in every displayed field, a
//! code-review drill and a question review, and concurrent writes.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

struct Resp {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Resp {
    let r = app.clone().oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes();
    Resp {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    }
}

const TOKEN: &str = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

fn app(dir: &tempfile::TempDir, token: Option<&str>) -> axum::Router {
    web::router(web::Config {
        db: dir.path().join("p.db"),
        token: token.map(str::to_string),
        today: None,
    })
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri)
        .header(header::COOKIE, format!("br_csrf={TOKEN}"))
        .body(Body::empty())
        .unwrap()
}

fn post_form(uri: &str, form: &str) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, format!("br_csrf={TOKEN}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!("csrf={TOKEN}&{form}")))
        .unwrap()
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn every_page_has_the_security_headers_and_a_csrf_cookie() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    for uri in ["/", "/questions", "/review", "/star", "/nope"] {
        let r = send(&app, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert!(
            r.status == StatusCode::OK || (uri == "/nope" && r.status == StatusCode::NOT_FOUND),
            "{uri}: {}",
            r.status
        );
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        let cookie = r.headers[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("br_csrf=")
                && cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Strict")
        );
    }
    let r = send(
        &app,
        Request::get("/static/app.js").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("textContent"));
}

#[tokio::test]
async fn posts_without_the_csrf_token_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    // no cookie at all
    let r = send(
        &app,
        Request::post("/star/save")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("title=x&date=2025-01"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // cookie but a wrong field
    let r = send(
        &app,
        Request::post("/star/save")
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!(
                "csrf={}&title=x&date=2025-01",
                "f".repeat(64)
            )))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // a cross-site request even with the right token
    let mut req = post_form("/star/save", "title=x&date=2025-01");
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    // the JSON API needs the header
    let r = send(
        &app,
        Request::post("/api/star/lint")
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{}"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // nothing was written
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    assert!(s.stories().unwrap().is_empty());
    // and the right token works
    let r = send(&app, post_form("/star/save", "title=ok&date=2025-01")).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
}

#[tokio::test]
async fn beyond_loopback_every_request_needs_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, Some(TOKEN));
    let r = send(&app, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(
        &app,
        Request::get(format!("/?token={}", "0".repeat(64)))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(
        &app,
        Request::get(format!("/?token={TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let cookies: Vec<_> = r.headers.get_all(header::SET_COOKIE).iter().collect();
    assert!(cookies
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("br_token=")));
    let r = send(
        &app,
        Request::get("/")
            .header(header::COOKIE, format!("br_token={TOKEN}"))
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn a_huge_body_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let big = "a".repeat(2 << 20);
    let r = send(&app, post_form("/star/save", &format!("title={big}"))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

const PAYLOADS: [&str; 4] = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(2)>",
    "'><svg onload=alert(3)>",
    "</textarea><script>alert(4)</script>",
];

#[tokio::test]
async fn hostile_text_is_escaped_in_every_field_shown() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    for (i, p) in PAYLOADS.iter().enumerate() {
        let form = format!(
            "title={}&date=2025-0{}&principle={}&situation={}&task={}&action={}&result={}",
            enc(&format!("{p} {i}")),
            i + 1,
            enc(p),
            enc(p),
            enc(p),
            enc(p),
            enc(p)
        );
        let r = send(&app, post_form("/star/save", &form)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    for id in 1..=PAYLOADS.len() {
        let r = send(&app, get(&format!("/star?id={id}"))).await;
        assert_eq!(r.status, StatusCode::OK);
        for p in PAYLOADS {
            assert!(!r.body.contains(p), "raw payload `{p}` in /star?id={id}");
        }
        // askama writes `<` as `&#60;`: the title's payload is there, escaped
        assert!(
            r.body.contains(&format!(
                "{} {}",
                PAYLOADS[id - 1]
                    .replace('<', "&#60;")
                    .replace('>', "&#62;")
                    .replace('"', "&#34;")
                    .replace('\'', "&#39;"),
                id - 1
            )),
            "escaped title missing"
        );
    }
    // the JSON lint API returns data, never markup to inject
    let r = send(
        &app,
        Request::post("/api/star/lint")
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header("x-csrf-token", TOKEN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                serde_json::json!({"title": PAYLOADS[0], "date": "bad<b>", "action": PAYLOADS[1]})
                    .to_string(),
            ))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["issues"][0]["check"], "date");
    // a hostile query value in the questions page and an error page
    let r = send(&app, get(&format!("/questions?kind={}", enc(PAYLOADS[0])))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.body.contains(PAYLOADS[0]) && r.body.contains("&#60;script&#62;"));
    let r = send(&app, get(&format!("/questions?rated={}", enc(PAYLOADS[1])))).await;
    assert!(!r.body.contains(PAYLOADS[1]));
}

#[tokio::test]
async fn a_code_review_drill_from_start_to_grade() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let cat = review_drill::Catalog::embedded();
    let sn = &cat.snippets[0];
    let r = send(
        &app,
        post_form("/review/start", &format!("snippet={}", sn.id())),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let loc = r.headers[header::LOCATION].to_str().unwrap().to_string();
    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"data-line="1""#) && r.body.contains(r#"id="timer""#));
    let mut form = String::new();
    for (i, v) in sn.key.vulns.iter().enumerate() {
        form.push_str(&format!(
            "&line_{i}={}&category_{i}={}&fix_{i}={}",
            v.line,
            v.category,
            enc(&v.fix)
        ));
    }
    let r = send(&app, post_form(&loc, form.trim_start_matches('&'))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body.contains(r#"id="grade""#) && r.body.contains("Recall 100%"),
        "{}",
        r.body
    );
    assert!(!r.body.contains("<strong>Missed</strong>"));
    // graded once only
    let r = send(&app, post_form(&loc, "line_0=1&category_0=xss&fix_0=x")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // the dashboard counts it
    let r = send(&app, get("/")).await;
    assert!(r.body.contains(r#"<tr data-drill="code-review""#));
    assert!(r.body.contains("<circle"), "the chart has the point");
    // a bad line number is an input error
    let r = send(
        &app,
        post_form("/review/start", &format!("snippet={}", sn.id())),
    )
    .await;
    let loc = r.headers[header::LOCATION].to_str().unwrap().to_string();
    let r = send(&app, post_form(&loc, "line_0=twelve&category_0=xss")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("not a line number"));
}

#[tokio::test]
async fn concurrent_tabs_rating_questions_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let bank = questions::embedded().unwrap();
    let ids: Vec<String> = bank
        .technical
        .iter()
        .take(24)
        .map(|q| q.id.clone())
        .collect();
    let mut tasks = Vec::new();
    for id in ids.clone() {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            send(
                &app,
                post_form("/questions/rate", &format!("id={id}&rating=good&kind=any")),
            )
            .await
            .status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::SEE_OTHER);
    }
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    assert_eq!(s.reviews(None).unwrap().len(), ids.len());
    assert_eq!(s.attempts(Some("questions")).unwrap().len(), ids.len());
    assert!(s.integrity_check().unwrap().iter().all(|x| x == "ok"));
}

// ---- Tools: scans and audits with one findings table ----

/// A small vulnerable project: a Flask SQL injection and an MD5 password
/// digest, an Express XSS, a hard-coded key, and an access log with a
/// brute-force burst.
fn vulnerable_project(dir: &std::path::Path) {
    std::fs::write(
        dir.join("app.py"),
        "import sqlite3\nfrom flask import Flask, request\n\napp = Flask(__name__)\n\n\n@app.route(\"/user\")\ndef user():\n    name = request.args.get(\"name\")\n    db = sqlite3.connect(\"app.db\")\n    return str(db.execute(\"SELECT * FROM users WHERE name = '\" + name + \"'\").fetchall())\n\n\nimport hashlib\n\n\ndef legacy_digest(password: str) -> str:\n    return hashlib.md5(password.encode(\"utf-8\")).hexdigest()\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("web.js"),
        "const express = require('express');\nconst app = express();\nconst AWS_KEY = 'AKIAQ7RZ2X4MB6TPLW3N';\n\napp.get('/hello', (req, res) => {\n  res.send(`<h1>Hello ${req.query.name}</h1>`);\n});\n",
    )
    .unwrap();
    let mut log = String::new();
    for i in 0..15 {
        log.push_str(&format!(
            "203.0.113.7 - - [10/Oct/2025:13:55:{:02} +0000] \"POST /login HTTP/1.1\" 401 512 \"-\" \"curl/8.0\"\n",
            i * 2
        ));
    }
    log.push_str("198.51.100.2 - - [10/Oct/2025:13:56:00 +0000] \"GET / HTTP/1.1\" 200 1024 \"-\" \"Mozilla/5.0\"\n");
    std::fs::write(dir.join("access.log"), log).unwrap();
}

fn tool_form(tool: &str, path: &std::path::Path, extra: &str) -> String {
    format!("tool={tool}&path={}{extra}", enc(&path.to_string_lossy()))
}

fn tool_runs(dir: &tempfile::TempDir) -> usize {
    store::Store::open(dir.path().join("p.db"))
        .unwrap()
        .tool_runs(100)
        .unwrap()
        .len()
}

#[tokio::test]
async fn tools_scan_a_project_then_filter_sort_open_and_download() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let proj = tempfile::tempdir().unwrap();
    vulnerable_project(proj.path());

    let r = send(&app, get("/tools")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="form-scan""#) && r.body.contains(r#"id="no-runs""#));
    assert!(r
        .body
        .contains(r#"<script src="/static/tools.js" defer></script>"#));

    let r = send(
        &app,
        post_form(
            "/tools/run",
            &tool_form("scan", proj.path(), "&code=on&secrets=on"),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let loc = r.headers[header::LOCATION].to_str().unwrap().to_string();
    assert_eq!(loc, "/tools/run/1");

    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    let b = &r.body;
    assert!(b.contains(r#"id="findings-table""#));
    for rule in ["sqli", "xss"] {
        assert!(
            b.contains(&format!(r#"data-rule="{rule}""#)),
            "{rule} missing: {b}"
        );
    }
    assert!(b.contains(r#"data-engine="secrets""#), "the key is found");
    assert!(b.contains(r#"data-engine="code-scan""#));
    assert!(b.contains("app.py:11"), "file:line location");
    let rows = b.matches(r#"class="finding-row""#).count();
    assert!(rows >= 3, "{rows} rows");
    assert!(
        !b.contains(r#"class="finding-row" hidden"#),
        "nothing filtered"
    );
    // the secret is redacted in the table and the page
    assert!(!b.contains("AKIAQ7RZ2X4MB6TPLW3N"));

    // server-side filters: by engine, by severity, by text
    let r = send(&app, get(&format!("{loc}?engine=secrets"))).await;
    let shown = r.body.matches(r#"class="finding-row">"#).count();
    assert!(
        shown >= 1 && shown < rows,
        "engine filter: {shown} of {rows}"
    );
    let r = send(&app, get(&format!("{loc}?severity=critical"))).await;
    let crit = r.body.matches(r#"class="finding-row">"#).count();
    let r = send(&app, get(&format!("{loc}?severity=info"))).await;
    assert_eq!(r.body.matches(r#"class="finding-row">"#).count(), rows);
    assert!(crit < rows);
    let r = send(&app, get(&format!("{loc}?q=APP.PY"))).await;
    let hay = r.body.matches(r#"class="finding-row">"#).count();
    assert!(hay >= 1 && hay < rows, "text filter {hay}");

    // server-side sort: by location ascending puts app.py before web.js
    let r = send(&app, get(&format!("{loc}?sort=location&dir=asc"))).await;
    let (a, w) = (
        r.body.find("app.py:").unwrap(),
        r.body.find("web.js:").unwrap(),
    );
    assert!(a < w);
    assert!(
        r.body
            .contains(r#"<th aria-sort="ascending"><a href="?sort=location&#38;dir=desc""#),
        "{}",
        r.body
    );
    let r = send(&app, get(&format!("{loc}?sort=location&dir=desc"))).await;
    let (a, w) = (
        r.body.find("app.py:").unwrap(),
        r.body.find("web.js:").unwrap(),
    );
    assert!(w < a);
    // bad parameters are input errors
    for q in ["severity=urgent", "sort=colour", "dir=up"] {
        let r = send(&app, get(&format!("{loc}?{q}"))).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
    }

    // a finding: message, evidence with the code line, remediation, categories
    let sqli_n = {
        let i = b.find(r#"data-rule="sqli""#).unwrap();
        let start = b[..i].rfind("data-n=\"").unwrap() + 8;
        b[start..].split('"').next().unwrap().to_string()
    };
    let r = send(&app, get(&format!("{loc}/finding/{sqli_n}"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="evidence-lines""#), "{}", r.body);
    assert!(r.body.contains("SELECT * FROM users WHERE name = "));
    assert!(r.body.contains(r#"id="remediation""#) && r.body.contains(r#"class="fix""#));
    assert!(r.body.contains("CWE-89"));
    let r = send(&app, get(&format!("{loc}/finding/0"))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send(&app, get(&format!("{loc}/finding/{}", rows + 1))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // downloads: JSON with every finding, SARIF 2.1.0 with relative paths
    let r = send(&app, get("/tools/run/1.json")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), rows);
    assert_eq!(v["run"]["tool"], "scan");
    assert!(v["findings"][0]["engine"].is_string() && v["findings"][0]["rule_id"].is_string());
    let r = send(&app, get("/tools/run/1.sarif")).await;
    assert_eq!(r.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), rows);
    let uris: Vec<&str> = results
        .iter()
        .map(|x| {
            x["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"app.py") && uris.contains(&"web.js"),
        "{uris:?}"
    );
    assert!(v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["id"] == "sqli"));
    assert_eq!(
        send(&app, get("/tools/run/1.exe")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        send(&app, get("/tools/run/7")).await.status,
        StatusCode::NOT_FOUND
    );

    // the log audit finds the brute force; both runs are listed
    let r = send(
        &app,
        post_form(
            "/tools/run",
            &tool_form("logs", &proj.path().join("access.log"), ""),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(&app, get("/tools/run/2")).await;
    assert!(
        r.body.contains(r#"data-rule="logs/brute-force""#),
        "{}",
        r.body
    );
    assert!(r.body.contains("203.0.113.7"));
    let r = send(&app, get("/tools/run/2/finding/1")).await;
    assert!(r.body.contains(r#"id="evidence-facts""#) && r.body.contains("failures: 15"));
    let r = send(&app, get("/tools")).await;
    assert!(r.body.contains(r#"<tr data-run="1">"#) && r.body.contains(r#"<tr data-run="2">"#));
}

#[tokio::test]
async fn tools_threat_model_and_iam_audits_run() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let proj = tempfile::tempdir().unwrap();
    let content = threat_model::content::Content::embedded().unwrap();
    let model = proj.path().join("model.yaml");
    std::fs::write(&model, content.scenarios[0].yaml).unwrap();
    let r = send(
        &app,
        post_form("/tools/run", &tool_form("threat-model", &model, "")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(&app, get("/tools/run/1")).await;
    assert!(
        r.body.contains(r#"data-engine="threat-model""#),
        "{}",
        r.body
    );
    let r = send(&app, get("/tools/run/1/finding/1")).await;
    assert!(r.body.contains("STRIDE: "), "{}", r.body);
    assert!(
        r.body.contains(r#"id="impact""#),
        "threats carry an impact estimate"
    );

    let policy = proj.path().join("admin.json");
    std::fs::write(
        &policy,
        r#"{"Version":"2012-10-17","Statement":[{"Sid":"All","Effect":"Allow","Action":"*","Resource":"*"}]}"#,
    )
    .unwrap();
    let r = send(
        &app,
        post_form("/tools/run", &tool_form("iam", &policy, "")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(&app, get("/tools/run/2")).await;
    assert!(r.body.contains(r#"data-engine="iam""#) && r.body.contains("critical"));
}

#[tokio::test]
async fn tools_bad_input_shows_the_engines_own_error() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let d = tempfile::tempdir().unwrap();
    let p = d.path();
    std::fs::write(
        p.join("bin.log"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00",
    )
    .unwrap();
    std::fs::write(
        p.join("latin1.log"),
        b"caf\xe9 \xe0 la cr\xe8me\n\xff\xfe\xfd\n",
    )
    .unwrap();
    std::fs::write(
        p.join("bad.yaml"),
        "name: shop\nelements:\n  - id: [unclosed\n",
    )
    .unwrap();
    std::fs::write(
        p.join("bad.json"),
        "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n}\n",
    )
    .unwrap();
    let missing = p.join("nowhere");
    let cases: Vec<(String, String)> = vec![
        (
            tool_form("scan", &missing, "&code=on"),
            format!("{}: no such file or directory", missing.display()),
        ),
        (
            "tool=scan&path=relative/dir&code=on".into(),
            "give an absolute path".into(),
        ),
        (tool_form("scan", p, ""), "tick at least one engine".into()),
        (
            tool_form("logs", p, ""),
            format!("{}:1:1: error: is a directory", p.display()),
        ),
        (
            tool_form("logs", &p.join("bin.log"), ""),
            "bin.log:1:5: error: this looks like a binary file".into(),
        ),
        (
            tool_form("logs", &p.join("latin1.log"), ""),
            "latin1.log:1:1: error: cannot tell the log format".into(),
        ),
        (
            tool_form("threat-model", &p.join("bad.yaml"), ""),
            "bad.yaml:4:1: error: YAML syntax error".into(),
        ),
        (
            tool_form("threat-model", p, ""),
            "is a directory; pass the model's YAML file".into(),
        ),
        (
            tool_form("iam", &p.join("bad.json"), ""),
            "bad.json:4:1: error".into(),
        ),
    ];
    for (form, want) in cases {
        let r = send(&app, post_form("/tools/run", &form)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{form}: {}", r.body);
        assert!(r.body.contains(r#"class="tool-error""#), "{form}");
        assert!(
            r.body.contains(&want.replace('\'', "&#39;")),
            "{form}: want {want:?} in\n{}",
            r.body
        );
    }
    // the failed form keeps what was typed
    let r = send(
        &app,
        post_form("/tools/run", &tool_form("iam", &p.join("bad.json"), "")),
    )
    .await;
    assert!(r
        .body
        .contains(&format!(r#"value="{}""#, p.join("bad.json").display())));
    assert!(r.body.contains(r#"id="error-iam""#) && !r.body.contains(r#"id="error-scan""#));
    let r = send(&app, post_form("/tools/run", "tool=nmap&path=/")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(tool_runs(&dir), 0, "failed runs are not stored");
}

#[tokio::test]
async fn tools_posts_without_the_csrf_token_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let proj = tempfile::tempdir().unwrap();
    vulnerable_project(proj.path());
    let form = tool_form("scan", proj.path(), "&code=on");
    let r = send(
        &app,
        Request::post("/tools/run")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.clone()))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = send(
        &app,
        Request::post("/tools/run")
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={}&{form}", "e".repeat(64))))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let mut req = post_form("/tools/run", &form);
    req.headers_mut()
        .insert("sec-fetch-site", "cross-site".parse().unwrap());
    assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    assert_eq!(tool_runs(&dir), 0);
    assert_eq!(
        send(&app, post_form("/tools/run", &form)).await.status,
        StatusCode::SEE_OTHER
    );
    assert_eq!(tool_runs(&dir), 1);
}

#[tokio::test]
async fn tools_hostile_text_from_files_paths_and_queries_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let proj = tempfile::tempdir().unwrap();
    let p = proj.path();
    // a tainted line carrying markup, in the code and the file name
    std::fs::write(
        p.join("xss.py"),
        "import os\nfrom flask import request\n\n\ndef run():\n    os.system(request.args['c'] + \"<script>alert(1)</script>\")\n",
    )
    .unwrap();
    // log lines whose user names are markup
    let mut log = String::new();
    for i in 0..12 {
        log.push_str(&format!(
            "Oct 10 13:55:{:02} host sshd[42]: Failed password for invalid user {} from 198.51.100.4 port 5000{i} ssh2\n",
            i * 3,
            ["<script>alert(1)</script>", "\"><img/src=x/onerror=alert(2)>"][i % 2]
        ));
    }
    std::fs::write(p.join("auth.log"), log).unwrap();

    let r = send(
        &app,
        post_form("/tools/run", &tool_form("scan", p, "&code=on")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(
        &app,
        post_form("/tools/run", &tool_form("logs", &p.join("auth.log"), "")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let mut pages = vec![
        send(&app, get("/tools/run/1")).await,
        send(&app, get("/tools/run/1/finding/1")).await,
        send(&app, get("/tools/run/2")).await,
        send(&app, get("/tools/run/2/finding/1")).await,
    ];
    assert!(
        pages[1]
            .body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{}",
        pages[1].body
    );
    assert!(
        pages[3]
            .body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{}",
        pages[3].body
    );
    // a hostile path (shown back in the form and the error) and query
    let evil = format!("/{}", PAYLOADS[1]);
    let r = send(
        &app,
        post_form("/tools/run", &format!("tool=iam&path={}", enc(&evil))),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r
        .body
        .contains("&#34;&#62;&#60;img src=x onerror=alert(2)&#62;"));
    pages.push(r);
    for p in PAYLOADS {
        pages.push(send(&app, get(&format!("/tools/run/1?q={}", enc(p)))).await);
    }
    pages.push(send(&app, get("/tools")).await);
    for (i, r) in pages.iter().enumerate() {
        for p in PAYLOADS {
            assert!(!r.body.contains(p), "page {i}: raw `{p}`");
        }
        assert!(!r.body.contains("<img/src"), "page {i}");
        assert!(!r.body.contains("<script>alert"), "page {i}");
    }
}
