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
