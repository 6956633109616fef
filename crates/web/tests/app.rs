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
