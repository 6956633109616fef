//! The app over HTTP, without a browser: security headers, CSRF, the token
//! rule, body caps, escaping of hostile text in every displayed field, a
//! code-review drill and a question review, and concurrent writes.

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::vulnerable_project;
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

// ---- threat-model studio ----

fn post_json(uri: &str, body: &serde_json::Value) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, format!("br_csrf={TOKEN}"))
        .header("x-csrf-token", TOKEN)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

fn post_raw(uri: &str, bytes: Vec<u8>) -> Request<Body> {
    Request::post(uri)
        .header(header::COOKIE, format!("br_csrf={TOKEN}"))
        .header("x-csrf-token", TOKEN)
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap()
}

/// Start a threat-model attempt on `scenario`; its page's path.
async fn tm_start(app: &axum::Router, scenario: &str) -> String {
    let r = send(app, post_form("/tm/start", &format!("scenario={scenario}"))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// Line 3 has a kind the format does not know.
const BROKEN: &str = "name: Draft\nactors:\n  - {id: shopper, kind: browzer}\n";

#[tokio::test]
async fn a_threat_model_drill_from_start_to_grade() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let reference = threat_model::content::Content::embedded()
        .unwrap()
        .scenario("payment-fraud")
        .unwrap()
        .yaml;

    let r = send(&app, get("/tm")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"<tr data-id="payment-fraud">"#) && r.body.contains("not tried"));

    // Start: the studio shows the brief, the timer and the starter file.
    let loc = tm_start(&app, "payment-fraud").await;
    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="timer""#) && r.body.contains(r#"data-bar="1200""#));
    assert!(r
        .body
        .contains("# Threat-model drill: Payment microservice with fraud detection"));
    assert!(r.body.contains("The model parses."), "the starter parses");
    assert!(
        !r.body.contains("store-token"),
        "the starter is not the answer"
    );

    // A broken draft: errors with line and column, saved with the attempt.
    let check = format!("{loc}/check");
    let r = send(
        &app,
        post_json(&check, &serde_json::json!({ "yaml": BROKEN })),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["saved"], true);
    assert_eq!(v["problems"][0]["line"], 3);
    assert!(v["problems"][0]["column"].as_u64().unwrap() > 1);
    assert!(v["problems"][0]["message"]
        .as_str()
        .unwrap()
        .contains("browzer"));
    // A reload loses nothing: the draft is back, its line marked.
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains("kind: browzer}"), "draft restored");
    assert!(
        r.body.contains(r#"<span class="error">3</span>"#),
        "gutter mark"
    );
    assert!(r.body.contains(r#"data-line="3""#) && r.body.contains("does not parse"));
    // The live diagram of a broken draft says where it breaks.
    let r = send(&app, get(&format!("{loc}/diagram.svg"))).await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "image/svg+xml");
    assert!(r.body.starts_with("<svg") && r.body.contains("model.yaml:3:"));
    // The exports refuse it with the position, not a 500.
    let r = send(&app, get(&format!("{loc}/canvas.html"))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("model.yaml:3:"), "{}", r.body);

    // A fixed draft parses: lint findings and the canvas summary come back.
    let fixed = BROKEN.replace("browzer", "browser")
        + "services:\n  - {id: api, name: Checkout API, kind: api-gateway}\nflows:\n  - {id: pay, from: shopper, to: api, protocol: https}\n";
    let r = send(
        &app,
        post_json(&check, &serde_json::json!({ "yaml": fixed })),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["ok"], true, "{}", r.body);
    assert_eq!(
        v["elements"],
        serde_json::json!(["shopper", "Checkout API"])
    );
    assert!(v["threats"].as_u64().unwrap() > 0);
    assert!(v["problems"]
        .as_array()
        .unwrap()
        .iter()
        .any(|p| p["rule"] == "lint/missing-critical-flow"));
    let r = send(&app, get(&format!("{loc}/diagram.svg"))).await;
    assert!(r.body.contains("Checkout API") && r.body.contains("<style>"));

    // Submitting a model that does not parse keeps the attempt open.
    let r = send(&app, post_form(&loc, &format!("yaml={}", enc(BROKEN)))).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("<strong>3:") && r.body.contains(r#"id="tm-yaml""#));

    // Submit the reference: graded, then shown beside the reference.
    let r = send(&app, post_form(&loc, &format!("yaml={}", enc(reference)))).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    let score: u32 = r.body.split(r#"<span id="score">"#).nth(1).unwrap()[..3]
        .trim_end_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap();
    assert!(score >= 90, "the reference scores {score}");
    for part in [
        "key elements",
        "STRIDE categories",
        "critical flow",
        "specific mitigations",
        "no red flags",
        "time",
    ] {
        assert!(
            r.body.contains(&format!("<td>{part}</td>")),
            "{part} in the breakdown"
        );
    }
    assert!(
        r.body.contains(r#"id="side-by-side""#) && r.body.contains("Payments table (DynamoDB)")
    );
    assert!(!r.body.contains("<td>missing</td>"), "nothing missed");

    // Stored as the CLI stores it: kind, scenario, the grade, plus the model.
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let a = s.attempts(Some("threat-model")).unwrap().pop().unwrap();
    assert_eq!(a.item_id, "payment-fraud");
    assert_eq!(u32::from(a.score.unwrap()), score);
    assert_eq!(a.details["scenario"], "payment-fraud");
    assert_eq!(a.details["score"], score);
    assert_eq!(a.details["answer"], reference);
    let row = progress::readiness(&s)
        .unwrap()
        .into_iter()
        .find(|r| r.drill == "threat-model")
        .unwrap();
    assert_eq!((row.attempts, row.latest_score), (1, Some(score as u8)));
    // Graded once only; the draft can no longer change.
    let r = send(&app, post_form(&loc, &format!("yaml={}", enc(BROKEN)))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(
        &app,
        post_json(&check, &serde_json::json!({ "yaml": "name: x" })),
    )
    .await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Exports of the graded model.
    let r = send(&app, get(&format!("{loc}/canvas.html"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    assert!(r.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"payment-fraud-"));
    assert!(r.body.starts_with("<!DOCTYPE html>") && r.body.contains("<style>"));
    let r = send(&app, get(&format!("{loc}/tc.json"))).await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let tc: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert!(
        tc["threats"].as_array().is_some_and(|t| !t.is_empty()),
        "{tc}"
    );
    let r = send(&app, get(&format!("{loc}/canvas"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"href="/tm/canvas.css""#) && r.body.contains("<svg class=\"dfd\""));
    assert!(
        !r.body.contains("<style") && !r.body.contains("style=\""),
        "nothing the CSP refuses"
    );
    let r = send(&app, get("/tm/canvas.css")).await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/css; charset=utf-8");
    assert!(
        r.body.contains("@media print{.tm-toolbar{display:none}}") && r.body.contains(".f-crit{")
    );

    // The list shows the score and the attempt.
    let r = send(&app, get("/tm")).await;
    assert!(r
        .body
        .contains(&format!("best {score}, last {score} (1 graded)")));
    assert!(r.body.contains(&format!(r#"<a href="{loc}">"#)));
}

#[tokio::test]
async fn threat_model_bad_input_gets_a_clear_message_not_a_500() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = tm_start(&app, "prime-file-upload").await;
    let check = format!("{loc}/check");
    // A file that is not UTF-8: the position of the bad byte, nothing saved.
    let r = send(
        &app,
        post_raw(&check, b"name: ok\nactors: [\xff\xfe]\n".to_vec()),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["problems"][0]["line"], 2, "{v}");
    assert!(
        v["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("UTF-8"),
        "{v}"
    );
    assert_eq!(v["saved"], false);
    // A binary file.
    let r = send(&app, post_raw(&check, vec![0, 159, 146, 150, 0, 1])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    // A UTF-8 file comes back to the editor, checked and saved.
    let r = send(
        &app,
        post_raw(&check, b"name: From a file\nflows: {\n".to_vec()),
    )
    .await;
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["yaml"], "name: From a file\nflows: {\n");
    assert_eq!(v["ok"], false);
    assert!(v["problems"][0]["line"].as_u64().unwrap() >= 2, "{v}");
    assert_eq!(v["saved"], true);
    // Malformed JSON from a script: positioned, JSON, 400.
    let r = send(
        &app,
        Request::post(&check)
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header("x-csrf-token", TOKEN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{\"yaml\": 12"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("line 1, column"), "{}", r.body);
    // Over 1 MiB: refused by the guard with a message the studio shows.
    let big = serde_json::json!({ "yaml": format!("name: x\ndescription: \"{}\"\n", "a".repeat(1 << 20)) });
    let r = send(&app, post_json(&check, &big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.body.contains("larger than 1 MiB"));
    // Unknown scenario and attempt.
    let r = send(&app, post_form("/tm/start", "scenario=nope")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("scenario `nope`"));
    let r = send(&app, get("/tm/attempt/999")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = send(
        &app,
        post_json(
            "/tm/attempt/999/check",
            &serde_json::json!({"yaml": "name: x"}),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body.contains("no threat-model attempt 999"));
}

#[tokio::test]
async fn threat_model_posts_need_the_csrf_token() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = tm_start(&app, "payment-fraud").await;
    let no_token = |uri: &str, ty: &str, body: &str| {
        Request::post(uri)
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, ty)
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    for req in [
        no_token(
            "/tm/start",
            "application/x-www-form-urlencoded",
            "scenario=payment-fraud",
        ),
        no_token(&loc, "application/x-www-form-urlencoded", "yaml=name%3A+x"),
        no_token(
            &format!("{loc}/check"),
            "application/json",
            r#"{"yaml":"name: x"}"#,
        ),
    ] {
        assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN);
    }
    let mut wrong = post_json(
        &format!("{loc}/check"),
        &serde_json::json!({"yaml": "name: x"}),
    );
    wrong
        .headers_mut()
        .insert("x-csrf-token", "f".repeat(64).parse().unwrap());
    assert_eq!(send(&app, wrong).await.status, StatusCode::FORBIDDEN);
    // Nothing changed: one attempt, its draft the starter.
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let all = s.attempts(Some("threat-model")).unwrap();
    assert_eq!(all.len(), 1);
    assert!(all[0].details["draft"]
        .as_str()
        .unwrap()
        .starts_with("# Threat-model drill"));
}

/// Hostile names in every field of the model that the studio, the graded
/// view and the canvas show.
const HOSTILE_MODEL: &str = r#"name: "<script>alert(1)</script>"
description: "</textarea><script>alert(4)</script>"
actors:
  - {id: shopper, name: "<script>alert(1)</script>", kind: browser}
services:
  - {id: api, name: "\"><img src=x onerror=alert(2)>", kind: api-gateway}
flows:
  - {id: pay, name: "'><svg onload=alert(3)>", from: shopper, to: api, protocol: https}
critical_flow: pay
threats:
  - id: t1
    title: "<script>alert(1)</script>"
    stride: [S]
    target: pay
    priority: high
    mitigations: ["\"><img src=x onerror=alert(2)>"]
"#;

#[tokio::test]
async fn threat_model_hostile_names_come_back_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = tm_start(&app, "payment-fraud").await;
    let r = send(
        &app,
        post_json(
            &format!("{loc}/check"),
            &serde_json::json!({ "yaml": HOSTILE_MODEL }),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["ok"], true, "{v}");
    let no_raw = |what: &str, body: &str| {
        for p in PAYLOADS {
            assert!(!body.contains(p), "raw payload `{p}` in {what}");
        }
    };
    // The studio (the draft in the textarea, the element names).
    let r = send(&app, get(&loc)).await;
    no_raw("the studio", &r.body);
    assert!(r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(r.body.contains("&#60;/textarea&#62;"));
    // The canvas page, the downloaded canvas, the live diagram.
    for path in ["canvas", "canvas.html", "diagram.svg"] {
        let r = send(&app, get(&format!("{loc}/{path}"))).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        no_raw(path, &r.body);
        assert!(
            r.body.contains("&lt;img src=x onerror=alert(2)&gt;")
                || r.body.contains("&#60;img src=x onerror=alert(2)&#62;"),
            "{path}"
        );
    }
    // The graded view.
    let r = send(
        &app,
        post_form(&loc, &format!("yaml={}", enc(HOSTILE_MODEL))),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains(r#"id="side-by-side""#));
    no_raw("the graded view", &r.body);
    assert!(
        r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "threat title and element name"
    );
    assert!(
        r.body
            .contains("&#34;&#62;&#60;img src=x onerror=alert(2)&#62;"),
        "the mitigation"
    );
    assert!(
        r.body.contains("&#39;&#62;&#60;svg onload=alert(3)&#62;"),
        "the flow name"
    );
    // tc.json is JSON, served as such (never sniffed as HTML).
    let r = send(&app, get(&format!("{loc}/tc.json"))).await;
    assert_eq!(r.headers[header::CONTENT_TYPE], "application/json");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    serde_json::from_str::<serde_json::Value>(&r.body).unwrap();
}

// ---- Scripting drill ----

/// Start a scripting attempt of `exercise` (optionally from a finished
/// one); returns the attempt's address.
async fn start_script(app: &axum::Router, exercise: &str, from: Option<&str>) -> String {
    let form = match from {
        Some(f) => format!("exercise={exercise}&from={}", f.rsplit('/').next().unwrap()),
        None => format!("exercise={exercise}"),
    };
    let r = send(app, post_form("/script/start", &form)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers[header::LOCATION].to_str().unwrap().to_string()
}

/// Submit `script` to the attempt at `loc` and return the result page.
async fn run_script(app: &axum::Router, loc: &str, script: &str) -> Resp {
    let r = send(
        app,
        post_form(loc, &format!("interpreter=python3&script={}", enc(script))),
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert_eq!(r.headers[header::LOCATION], loc);
    send(app, get(loc)).await
}

#[tokio::test]
async fn a_scripting_drill_with_a_wrong_then_the_reference_script() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let ex = script_drill::exercise("top-404-ips").unwrap();
    let r = send(&app, get("/script")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"<tr data-id="top-404-ips">"#) && r.body.contains(&ex.title));
    for e in script_drill::all_exercises() {
        assert!(
            r.body.contains(&format!(r#"data-id="{}""#, e.id)),
            "{}",
            e.id
        );
    }

    let loc = start_script(&app, "top-404-ips", None).await;
    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="timer""#) && r.body.contains(r#"data-bar="600""#));
    assert!(r.body.contains("the ten IP addresses with the most 404"));
    assert!(r.body.contains(r#"<option value="python3" selected>"#));

    // the sample input, as a download
    let r = send(&app, get(&format!("{loc}/sample"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/plain; charset=utf-8");
    assert_eq!(
        r.headers[header::CONTENT_DISPOSITION],
        r#"attachment; filename="top-404-ips-sample.txt""#
    );
    assert_eq!(r.body, ex.sample_input.trim_start_matches('\n'));
    assert!(r.body.starts_with("203.0.113.9 - - [12/Mar/2024"));
    // a stdin-only exercise has no tree to download
    let r = send(&app, get(&format!("{loc}/sample.tar"))).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);

    // counts every 404 but forgets the top-ten cut and the tie order
    let wrong = "import sys\nfrom collections import Counter\nc = Counter()\nfor l in sys.stdin:\n    p = l.split()\n    if len(p) > 8 and p[8] == '404':\n        c[p[0]] += 1\nfor ip, n in c.items():\n    print(ip, n)\n";
    let r = run_script(&app, &loc, wrong).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="failure""#), "{}", r.body);
    assert!(r.body.contains("First failure: test"));
    assert!(r.body.contains("Wrong output"));
    assert!(r.body.contains(r#"<span class="head">--- expected</span>"#));
    assert!(
        r.body.contains(r#"<span class="del">-"#) || r.body.contains(r#"<span class="add">+"#),
        "the diff marks lines"
    );
    assert!(r.body.contains(r#"class="test failed""#));
    assert!(
        !r.body.contains(r#"id="script-form""#),
        "no second submission form"
    );
    // the wrong script is shown back and the attempt is scored below 100
    assert!(r.body.contains("c[p[0]] += 1"));
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let a = s.attempts(Some("scripting")).unwrap();
    assert_eq!(a.len(), 1);
    assert!(a[0].score.unwrap() < 100);
    assert_eq!(a[0].details["tests"], script_drill::DEFAULT_TESTS);
    // the same attempt cannot be run twice
    let r = send(&app, post_form(&loc, "interpreter=python3&script=print(1)")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("already run"));

    // try again: a new attempt, its editor holding the wrong script
    let again = start_script(&app, "top-404-ips", Some(&loc)).await;
    assert_ne!(again, loc);
    let r = send(&app, get(&again)).await;
    assert!(r.body.contains(r#"id="script-form""#));
    assert!(
        r.body.contains("c[p[0]] += 1"),
        "the previous script is the draft"
    );
    let r = run_script(&app, &again, &ex.reference).await;
    assert!(
        r.body.contains(&format!(
            "{n}/{n} hidden tests passed",
            n = script_drill::DEFAULT_TESTS
        )),
        "{}",
        r.body
    );
    assert!(r.body.contains(r#"<span id="score">100</span>"#));
    assert!(!r.body.contains(r#"id="failure""#));
    assert!(r.body.contains("peak memory") && r.body.contains("MiB"));
    let a = s
        .attempt(again.rsplit('/').next().unwrap().parse().unwrap())
        .unwrap()
        .unwrap();
    assert_eq!((a.drill_kind.as_str(), a.score), ("scripting", Some(100)));
    assert_eq!(a.details["passed"], script_drill::DEFAULT_TESTS);
    // the list shows the best score, the dashboard counts the attempts
    let r = send(&app, get("/script")).await;
    assert!(
        r.body.contains(r#"<td class="best">100/100</td>"#),
        "{}",
        r.body
    );
    let r = send(&app, get("/")).await;
    assert!(r.body.contains(r#"<tr data-drill="scripting""#));
}

#[tokio::test]
async fn a_script_that_hangs_or_floods_comes_back_as_a_clean_result() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let started = std::time::Instant::now();
    let loc = start_script(&app, "ipv4-validate", None).await;
    let r = run_script(&app, &loc, "while True:\n    pass\n").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains("Timed out"), "{}", r.body);
    assert!(r.body.contains(r#"class="test timed-out""#));
    assert!(
        r.body.contains(r#"class="test not-run""#),
        "later tests skipped"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "one wall-time limit, not one per test"
    );
    // endless output: cut at the output limit and killed at the wall limit
    let loc = start_script(&app, "ipv4-validate", None).await;
    let r = run_script(&app, &loc, "while True:\n    print('x' * 4096)\n").await;
    assert!(r.body.contains("Timed out"), "{}", r.body);
    // a large but finite output: the output limit
    let loc = start_script(&app, "ipv4-validate", None).await;
    let r = run_script(
        &app,
        &loc,
        "import sys\nsys.stdout.write('x' * (3 << 20))\n",
    )
    .await;
    assert!(r.body.contains("Output limit"), "{}", r.body);
    assert!(r.body.contains("output cut at the 1048576 byte limit"));
    assert!(
        r.body.len() < 400 << 10,
        "the page shows a cut diff, not megabytes"
    );
    // a crash: the stderr tail is shown
    let loc = start_script(&app, "ipv4-validate", None).await;
    let r = run_script(&app, &loc, "raise SystemExit('gave up on line one')\n").await;
    assert!(r.body.contains(r#"id="failure-stderr""#) && r.body.contains("gave up on line one"));
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let a = s.attempts(Some("scripting")).unwrap();
    assert_eq!(a.len(), 4);
    assert!(a
        .iter()
        .all(|a| a.finished_at.is_some() && a.score == Some(0)));
}

#[tokio::test]
async fn scripting_posts_need_the_csrf_token() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = start_script(&app, "ipv4-validate", None).await;
    for (uri, form) in [
        ("/script/start", "exercise=ipv4-validate".to_string()),
        (
            loc.as_str(),
            "interpreter=python3&script=print(1)".to_string(),
        ),
    ] {
        // no token field
        let r = send(
            &app,
            Request::post(uri)
                .header(header::COOKIE, format!("br_csrf={TOKEN}"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.clone()))
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{uri}");
        // cross-site, even with the token
        let mut req = post_form(uri, &form);
        req.headers_mut()
            .insert("sec-fetch-site", "cross-site".parse().unwrap());
        assert_eq!(send(&app, req).await.status, StatusCode::FORBIDDEN, "{uri}");
    }
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let a = s.attempts(Some("scripting")).unwrap();
    assert_eq!(a.len(), 1, "no attempt started");
    assert!(a[0].finished_at.is_none(), "nothing ran");
}

#[tokio::test]
async fn hostile_script_output_and_fields_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = start_script(&app, "ipv4-validate", None).await;
    // prints every payload on stdout and stderr, and carries them in its text
    let script = format!(
        "import sys\npayloads = {:?}\nfor p in payloads:\n    print(p)\n    print(p, file=sys.stderr)\nsys.exit(3)\n",
        PAYLOADS
    );
    let r = run_script(&app, &loc, &script).await;
    assert!(r.body.contains(r#"id="failure-diff""#), "{}", r.body);
    for p in PAYLOADS {
        assert!(!r.body.contains(p), "raw payload `{p}` in the result");
    }
    let esc = |p: &str| {
        p.replace('<', "&#60;")
            .replace('>', "&#62;")
            .replace('"', "&#34;")
            .replace('\'', "&#39;")
    };
    // in the diff (stdout), the stderr tail and the script shown back
    assert!(r.body.contains(&format!(
        r#"<span class="add">+{}</span>"#,
        esc(PAYLOADS[0])
    )));
    assert!(r.body.contains(&esc(PAYLOADS[3])));
    assert!(r.body.contains("&#60;script&#62;alert(1)&#60;/script&#62;"));
    assert!(!r.body.contains("<script>alert"));
    // a draft carried over by "try again" lands escaped in the textarea
    let again = start_script(&app, "ipv4-validate", Some(&loc)).await;
    let r = send(&app, get(&again)).await;
    assert!(!r.body.contains("</textarea><script>"));
    assert!(r.body.contains(&esc(PAYLOADS[3])));
    // hostile form fields come back escaped in the error page
    let r = send(
        &app,
        post_form("/script/start", &format!("exercise={}", enc(PAYLOADS[0]))),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(!r.body.contains(PAYLOADS[0]) && r.body.contains("&#60;script&#62;"));
    let r = send(
        &app,
        post_form(
            "/script/start",
            &format!("exercise=ipv4-validate&from={}", enc(PAYLOADS[1])),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.body.contains(PAYLOADS[1]));
    let r = send(
        &app,
        post_form(
            &again,
            &format!("interpreter={}&script=print(1)", enc(PAYLOADS[2])),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.body.contains(PAYLOADS[2]) && r.body.contains("is not one this page runs"));
}

#[tokio::test]
async fn an_oversize_binary_or_empty_script_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = start_script(&app, "ipv4-validate", None).await;
    let big = format!("# {}\nprint(1)\n", "a".repeat(300 << 10));
    let r = send(&app, post_form(&loc, &format!("script={}", enc(&big)))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.body
            .contains("The script is 301 KiB; the limit is 256 KiB"),
        "{}",
        r.body
    );
    let r = send(&app, post_form(&loc, "script=%7FELF%00%00%01")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("NUL bytes"));
    let r = send(&app, post_form(&loc, "script=%20%0A")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("The script is empty"));
    // beyond the app's 1 MiB body cap the guard refuses before the page
    let huge = "a".repeat(1100 << 10);
    let r = send(&app, post_form(&loc, &format!("script={huge}"))).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    // the attempt is still open, and a script at the limit is accepted
    let ok = format!("{}\nprint('invalid')\n", "#".repeat((256 << 10) - 20));
    assert!(ok.len() <= 256 << 10);
    let r = run_script(&app, &loc, &ok).await;
    assert!(r.body.contains("hidden tests passed"), "{}", r.body);
}

// ---- Code review: highlighting and the graded explanations ----

fn esc_html(s: &str) -> String {
    s.replace('&', "&#38;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn review_listing_is_highlighted_and_the_grade_explains_every_planted_issue() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let cat = review_drill::Catalog::embedded();
    let mut scanner_notes = 0;
    for sn in &cat.snippets {
        let r = send(
            &app,
            post_form("/review/start", &format!("snippet={}", sn.id())),
        )
        .await;
        let loc = r.headers[header::LOCATION].to_str().unwrap().to_string();
        let r = send(&app, get(&loc)).await;
        assert!(
            r.body.contains(r#"<span class="tok-keyword">"#),
            "{}",
            sn.id()
        );
        assert!(
            r.body.contains(r#"<span class="tok-function">"#),
            "{}",
            sn.id()
        );
        let n_lines = r
            .body
            .matches(r#"<button type="button" class="line""#)
            .count();
        assert_eq!(
            n_lines,
            sn.source.lines().count(),
            "{}: one button per line",
            sn.id()
        );
        // answer nothing: every planted issue is missed and explained
        let r = send(&app, post_form(&loc, "line_0=")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let findings = review_drill::agree::scan(sn);
        for v in &sn.key.vulns {
            let li = format!(r#"<li class="missed" data-line="{}">"#, v.line);
            let at = r
                .body
                .find(&li)
                .unwrap_or_else(|| panic!("{} line {}", sn.id(), v.line));
            let item = &r.body[at..at + r.body[at..].find("</li>\n").unwrap()];
            assert!(item.contains(&esc_html(&v.explanation)), "{}", sn.id());
            assert!(
                item.contains(&esc_html(&v.fix)),
                "fixed pattern of {}",
                sn.id()
            );
            if v.scanner {
                let rules = &cat.categories.get(&v.category).unwrap().scanner_rules;
                let f = findings
                    .iter()
                    .find(|f| {
                        rules.contains(&f.rule_id)
                            && review_drill::agree::finding_line(f)
                                .is_some_and(|l| l.abs_diff(v.line) <= 2)
                    })
                    .unwrap();
                assert!(
                    item.contains(r#"<div class="scanner">"#),
                    "{}: {item}",
                    sn.id()
                );
                assert!(item.contains(&esc_html(&f.title)), "{}: {item}", sn.id());
                assert!(item.contains(&esc_html(&f.message)), "{}: {item}", sn.id());
                assert!(
                    item.contains(r#"<pre class="scan-pattern">"#),
                    "{}",
                    sn.id()
                );
                scanner_notes += 1;
            } else {
                let why = v.scanner_reason.clone().unwrap();
                assert!(item.contains(&esc_html(&why)), "{}: {item}", sn.id());
            }
        }
    }
    assert!(
        scanner_notes >= cat.snippets.len(),
        "most issues have a scanner note"
    );
}

// ---------------------------------------------------------------- mock

/// The location a POST redirected to.
fn location(r: &Resp) -> String {
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    r.headers[header::LOCATION].to_str().unwrap().to_string()
}

fn escaped(p: &str) -> String {
    p.replace('<', "&#60;")
        .replace('>', "&#62;")
        .replace('"', "&#34;")
        .replace('\'', "&#39;")
}

#[tokio::test]
async fn a_phone_screen_mock_through_the_routes_to_its_debrief() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let db = dir.path().join("p.db");
    let r = send(&app, get("/mock")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="no-mocks""#));
    let loc = location(&send(&app, post_form("/mock/start", "kind=phone-screen")).await);
    assert_eq!(loc, "/mock/1");
    let plan = {
        let s = store::Store::open(&db).unwrap();
        progress::mocks::load(&s, 1).unwrap().session
    };

    // round 1: a threat model against a 15-minute clock
    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="timer""#) && r.body.contains(r#"data-bar="900""#));
    assert!(r
        .body
        .contains(r#"<script src="/static/mock.js" defer></script>"#));
    // a hostile, broken answer: refused with a message, and the text kept escaped
    let bad = format!("components:\n  - name: {}\n    [", PAYLOADS[0]);
    let r = send(
        &app,
        post_form("/mock/1/answer", &format!("yaml={}", enc(&bad))),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.body);
    assert!(r.body.contains(r#"id="round-error""#) && r.body.contains("answer.yaml"));
    assert!(!r.body.contains(PAYLOADS[0]) && r.body.contains(&escaped(PAYLOADS[0])));
    let r = send(&app, post_form("/mock/1/answer", "yaml=")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("The answer is empty"));
    // the scenario's reference model scores
    let mock::Item::Scenario(name) = &plan.rounds[0].round.items[0] else {
        panic!("round 1 is a threat model")
    };
    let yaml = threat_model::content::Content::embedded()
        .unwrap()
        .scenario(name)
        .unwrap()
        .yaml;
    let r = send(
        &app,
        post_form("/mock/1/answer", &format!("yaml={}", enc(yaml))),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains(r#"id="feedback""#) && r.body.contains("Score"));
    // state survives a reload: the grade is read back from the store
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains(r#"id="hands-on-score""#), "{}", r.body);
    assert!(r.body.contains("Threat model") && r.body.contains("/100: elements"));
    assert_eq!(
        location(&send(&app, post_form("/mock/1/next", "")).await),
        loc
    );

    // round 2: the review's answer key
    let mock::Item::Snippet(sid) = &plan.rounds[1].round.items[0] else {
        panic!("round 2 is a code review")
    };
    let cat = review_drill::Catalog::embedded();
    let sn = cat.snippets.iter().find(|x| x.id() == sid).unwrap();
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains(r#"data-bar="600""#) && r.body.contains(r#"data-line="1""#));
    let mut form = String::new();
    for (i, v) in sn.key.vulns.iter().enumerate() {
        form.push_str(&format!(
            "&line_{i}={}&category_{i}={}&fix_{i}={}",
            v.line,
            v.category,
            enc(&v.fix)
        ));
    }
    let r = send(
        &app,
        post_form("/mock/1/answer", form.trim_start_matches('&')),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("recall 100%"), "{}", r.body);
    location(&send(&app, post_form("/mock/1/next", "")).await);

    // round 3: the exercise's reference solution, run in the sandbox
    let mock::Item::Exercise(eid) = &plan.rounds[2].round.items[0] else {
        panic!("round 3 is scripting")
    };
    let code = &script_drill::exercise(eid).unwrap().reference;
    let r = send(
        &app,
        post_form("/mock/1/answer", &format!("code={}", enc(code))),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(r.body.contains("20/20 tests passed"), "{}", r.body);
    location(&send(&app, post_form("/mock/1/next", "")).await);

    // round 4: principles; closing unrated is refused, then each is rated
    // with a hostile story title
    let r = send(&app, post_form("/mock/1/next", "")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("unanswered parts") && r.body.contains(r#"id="force""#));
    let r = send(
        &app,
        post_form("/mock/1/rate", "principle=not-asked&rating=3"),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("not asked in this round"));
    let r = send(&app, post_form("/mock/1/rate", "principle=x&rating=nine")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    for (i, p) in plan.rounds[3].round.principles.iter().enumerate() {
        let story = PAYLOADS[i % PAYLOADS.len()];
        let r = send(
            &app,
            post_form(
                "/mock/1/rate",
                &format!("principle={}&rating=3&story={}", p.principle, enc(story)),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    }
    let r = send(&app, get(&loc)).await;
    for p in PAYLOADS {
        assert!(!r.body.contains(p), "raw payload `{p}` on the round page");
    }
    assert!(r.body.contains(&escaped(PAYLOADS[0])));
    assert!(r.body.contains("rated 3/4"));
    assert_eq!(
        location(&send(&app, post_form("/mock/1/next", "")).await),
        "/mock/1/debrief"
    );

    // the debrief: scores, time against budget, strengths, next drills
    let r = send(&app, get("/mock/1/debrief")).await;
    assert_eq!(r.status, StatusCode::OK);
    for want in [
        "Overall <strong>",
        "Strongest",
        "Next drills",
        "<meter",
        "/ 15:00",
    ] {
        assert!(r.body.contains(want), "{want} missing: {}", r.body);
    }
    for p in PAYLOADS {
        assert!(!r.body.contains(p), "raw payload `{p}` on the debrief");
    }
    assert!(r.body.contains(&escaped(PAYLOADS[0])));
    // a finished mock's round page leads to its debrief
    assert_eq!(location(&send(&app, get(&loc)).await), "/mock/1/debrief");
    // stored as the CLI stores it: `barraiser mock list` and `status` read it
    let s = store::Store::open(&db).unwrap();
    let m = s.mock(1).unwrap().unwrap();
    assert_eq!(m.kind, "phone-screen");
    assert!(m.finished_at.is_some() && m.debrief.unwrap().contains("Overall **"));
    let score = progress::mocks::row_score(&s.mock(1).unwrap().unwrap()).unwrap();
    assert!(score >= 75, "reference answers and 3/4 ratings: {score}");
    assert_eq!(s.attempts(Some("threat-model")).unwrap().len(), 1);
    assert_eq!(s.attempts(Some("code-review")).unwrap().len(), 1);
    assert_eq!(s.attempts(Some("scripting")).unwrap().len(), 1);
    let r = send(&app, get("/mock")).await;
    assert!(r.body.contains(r#"<tr data-id="1">"#) && r.body.contains("/mock/1/debrief"));
    assert!(r.body.contains(&format!("<strong>{score}</strong>/100")));
    // an unknown mock is a 404, a finished one refuses more steps
    assert_eq!(
        send(&app, get("/mock/99")).await.status,
        StatusCode::NOT_FOUND
    );
    let r = send(&app, post_form("/mock/1/next", "force=1")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn mock_posts_without_the_csrf_token_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let r = send(
        &app,
        Request::post("/mock/start")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("kind=loop"))
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let bad = |uri: &str, form: &str| {
        Request::post(uri)
            .header(header::COOKIE, format!("br_csrf={TOKEN}"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("csrf={}&{form}", "e".repeat(64))))
            .unwrap()
    };
    assert_eq!(
        send(&app, bad("/mock/start", "kind=loop")).await.status,
        StatusCode::FORBIDDEN
    );
    assert!(store::Store::open(dir.path().join("p.db"))
        .unwrap()
        .mocks()
        .unwrap()
        .is_empty());
    location(&send(&app, post_form("/mock/start", "kind=loop")).await);
    for (uri, form) in [
        ("/mock/1/answer", "yaml=x"),
        ("/mock/1/recall", "question=x&rating=3"),
        ("/mock/1/rate", "principle=x&rating=3"),
        ("/mock/1/next", "force=1"),
        ("/star/practice", "principle=ownership"),
        ("/star/practice/1/told", ""),
    ] {
        assert_eq!(
            send(&app, bad(uri, form)).await.status,
            StatusCode::FORBIDDEN,
            "{uri}"
        );
    }
    // the loop is untouched: still on round 1 of 5
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let l = progress::mocks::load(&s, 1).unwrap();
    assert_eq!((l.current(), l.session.rounds.len()), (Some(0), 5));
    assert!(s.attempts(None).unwrap().is_empty());
    // an unknown kind is an input error
    let r = send(
        &app,
        post_form("/mock/start", &format!("kind={}", enc(PAYLOADS[0]))),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(!r.body.contains(PAYLOADS[0]));
}

#[tokio::test]
async fn a_loop_round_takes_recall_ratings_and_survives_a_reload() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let loc = location(&send(&app, post_form("/mock/start", "kind=loop")).await);
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let l = progress::mocks::load(&s, 1).unwrap();
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains(r#"data-bar="3600""#) && r.body.contains("Reveal the key points"));
    let q = l.session.rounds[0]
        .round
        .items
        .iter()
        .find_map(|i| match i {
            mock::Item::Question(q) => Some(q.clone()),
            _ => None,
        })
        .unwrap();
    let r = send(
        &app,
        post_form("/mock/1/recall", &format!("question={q}&rating=3")),
    )
    .await;
    location(&r);
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains("recall 80/100"), "{}", r.body);
    let r = send(&app, post_form("/mock/1/recall", "question=nope&rating=3")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // closed with parts open, the loop moves to round 2 and says so
    location(&send(&app, post_form("/mock/1/next", "force=1")).await);
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains("round 2 of 5"), "{}", r.body);
    let l = progress::mocks::load(&s, 1).unwrap();
    assert_eq!(l.current(), Some(1));
    assert_eq!(l.session.rounds[0].scores[&q], 80);
}

#[tokio::test]
async fn star_practice_records_a_telling() {
    let dir = tempfile::tempdir().unwrap();
    let app = app(&dir, None);
    let title = format!("{} key", PAYLOADS[0]);
    let form = format!(
        "title={}&date=2025-06&principle=ownership&situation=s&task=t&action={}&result={}",
        enc(&title),
        enc("I rotated the key."),
        enc("Exposure fell from 9 days to 40 minutes.")
    );
    location(&send(&app, post_form("/star/save", &form)).await);
    let r = send(&app, get("/star")).await;
    assert!(r.body.contains(r#"href="/star/practice""#));
    let r = send(&app, get("/star/practice?principle=ownership")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.contains(r#"<option value="ownership" selected>"#),
        "{}",
        r.body
    );
    let loc = location(&send(&app, post_form("/star/practice", "principle=ownership")).await);
    let r = send(&app, get(&loc)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.contains(r#"id="practice-prompt""#) && r.body.contains(r#"data-bar="240""#));
    assert!(
        r.body.contains(r#"id="mapped""#),
        "the ownership story maps"
    );
    assert!(!r.body.contains(PAYLOADS[0]) && r.body.contains(&escaped(PAYLOADS[0])));
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let r = send(
        &app,
        post_form(&format!("{loc}/told"), &format!("story={}", enc(&title))),
    )
    .await;
    assert_eq!(location(&r), loc);
    let s = store::Store::open(dir.path().join("p.db")).unwrap();
    let a = s.attempt(id).unwrap().unwrap();
    assert_eq!(a.drill_kind, "star");
    assert!(a.finished_at.is_some());
    assert!(a.elapsed_secs.unwrap() < 60);
    // told in seconds: far under the bar, the CLI's score for it
    assert_eq!(a.score, Some(0));
    assert_eq!(a.details["story"], title.as_str());
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains(r#"id="told-result""#) && r.body.contains("short"));
    assert!(!r.body.contains(PAYLOADS[0]));
    // told once only; a least-covered draw picks a principle without a story
    let r = send(&app, post_form(&format!("{loc}/told"), "")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("already told"));
    let loc = location(&send(&app, post_form("/star/practice", "principle=least")).await);
    let r = send(&app, get(&loc)).await;
    assert!(r.body.contains(r#"id="no-mapped""#) && !r.body.contains("Ownership</span>"));
    let r = send(&app, post_form("/star/practice", "principle=nope")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(&app, get("/star/practice")).await;
    assert!(r.body.contains(r#"id="tellings""#));
    assert_eq!(
        send(&app, get("/star/practice/999")).await.status,
        StatusCode::NOT_FOUND
    );
}

// ---- Tools: scans and audits with one findings table ----

/// A small vulnerable project: a Flask SQL injection and an MD5 password
/// digest, an Express XSS, a hard-coded key, and an access log with a
/// brute-force burst.
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
