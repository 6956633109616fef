//! The real transport ([`idor::Http`]) against servers that misbehave on
//! purpose: a 100 MB body, a body dripped a byte at a time, invalid JSON
//! under a JSON content type, a redirect loop, a redirect off the scope,
//! and 429 before the answer. Each server is a raw TCP listener on
//! 127.0.0.1:0 writing HTTP/1.1 by hand, so nothing in between smooths the
//! misbehaviour over. Every test runs under a time-out of a few seconds, so
//! a hang fails the test instead of holding CI.

use idor::http::{HttpError, Request, Response};
use idor::{Http, HttpConfig, Options, Scope, Session, Transport};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use url::Url;

/// What the server does with one request.
#[derive(Clone)]
enum Reply {
    /// Write these bytes and close.
    Raw(Vec<u8>),
    /// A 200 announcing `len` bytes, then as many as the client takes.
    Huge { len: u64 },
    /// A 200 announcing a large body, then one byte per `every`, forever.
    Drip { every: Duration },
}

/// A hostile server: `reply(n, path)` picks the answer to the `n`th request
/// (counting from 0).
struct Server {
    addr: SocketAddr,
    /// Request heads read, over all connections.
    requests: Arc<AtomicUsize>,
    /// Body bytes written by [`Reply::Huge`].
    sent: Arc<AtomicU64>,
    /// Connections whose reply has been written out (or broken off).
    done: Arc<AtomicUsize>,
}

impl Server {
    async fn start(reply: impl Fn(usize, &str) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(AtomicUsize::new(0));
        let sent = Arc::new(AtomicU64::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let reply = Arc::new(reply);
        let (rq, st, dn) = (requests.clone(), sent.clone(), done.clone());
        tokio::spawn(async move {
            loop {
                let Ok((sock, _)) = listener.accept().await else {
                    return;
                };
                let (reply, rq, st, dn) = (reply.clone(), rq.clone(), st.clone(), dn.clone());
                tokio::spawn(async move {
                    serve(sock, &*reply, &rq, &st).await;
                    dn.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        Server {
            addr,
            requests,
            sent,
            done,
        }
    }

    fn url(&self, path: &str) -> Url {
        Url::parse(&format!("http://{}{path}", self.addr)).unwrap()
    }

    fn scope(&self) -> Scope {
        Scope::parse(&[self.addr.to_string()]).unwrap()
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Read one request head (and any Content-Length body), answer, close.
async fn serve(
    mut sock: TcpStream,
    reply: &(dyn Fn(usize, &str) -> Reply + Send + Sync),
    requests: &AtomicUsize,
    sent: &AtomicU64,
) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let body_len: usize = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + body_len {
        match sock.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let path = head
        .lines()
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
        .to_string();
    let n = requests.fetch_add(1, Ordering::SeqCst);
    match reply(n, &path) {
        Reply::Raw(bytes) => {
            let _ = sock.write_all(&bytes).await;
            let _ = sock.shutdown().await;
        }
        Reply::Huge { len } => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n\
                 Content-Length: {len}\r\nConnection: close\r\n\r\n"
            );
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let block = vec![b'A'; 1 << 20];
            let mut left = len;
            while left > 0 {
                let n = left.min(block.len() as u64) as usize;
                match sock.write(&block[..n]).await {
                    Ok(0) | Err(_) => return,
                    Ok(w) => {
                        sent.fetch_add(w as u64, Ordering::SeqCst);
                        left -= w as u64;
                    }
                }
            }
        }
        Reply::Drip { every } => {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                        Content-Length: 1000000\r\nConnection: close\r\n\r\n";
            if sock.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            loop {
                if sock.write_all(b" ").await.is_err() || sock.flush().await.is_err() {
                    return;
                }
                tokio::time::sleep(every).await;
            }
        }
    }
}

/// A complete response with a body and `Connection: close`.
fn raw(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut s = format!("HTTP/1.1 {status}\r\n");
    for (k, v) in headers {
        s.push_str(&format!("{k}: {v}\r\n"));
    }
    s.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut out = s.into_bytes();
    out.extend_from_slice(body);
    Reply::Raw(out)
}

fn config() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(2),
        max_body: 64 * 1024,
        retries: 0,
        rps: 1000.0,
        concurrency: 4,
        max_redirects: 5,
    }
}

fn get(url: Url) -> Request {
    Request {
        method: "GET".into(),
        url,
        headers: Vec::new(),
        json: None,
    }
}

/// Run `f`, failing the test if it takes longer than `secs`.
async fn within<T>(secs: u64, f: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), f)
        .await
        .unwrap_or_else(|_| panic!("hung: no result within {secs} s"))
}

async fn send(http: &Http, url: Url) -> Result<Response, HttpError> {
    http.send(get(url)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hundred_megabyte_body_is_cut_at_the_cap() {
    const LEN: u64 = 100 * 1024 * 1024;
    let srv = Server::start(|_, _| Reply::Huge { len: LEN }).await;
    let cfg = config();
    let max = cfg.max_body;
    let http = Http::new(cfg, srv.scope()).unwrap();
    let r = within(10, send(&http, srv.url("/big"))).await.unwrap();
    assert_eq!(r.status, 200);
    assert!(r.truncated, "a body over the cap must be marked truncated");
    assert_eq!(r.body.len(), max);
    assert!(r.body.iter().all(|&b| b == b'A'));
    assert_eq!(srv.requests(), 1);
    // the client hung up: the server's writes fail long before 100 MB
    within(5, async {
        while srv.done.load(Ordering::SeqCst) == 0 {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    let sent = srv.sent.load(Ordering::SeqCst);
    assert!(
        sent < LEN,
        "the whole body was read ({sent} bytes) instead of dropped at the cap"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_drip_times_out_with_and_without_a_retry() {
    let srv = Server::start(|_, _| Reply::Drip {
        every: Duration::from_millis(300),
    })
    .await;
    let mut cfg = config();
    cfg.timeout = Duration::from_secs(1);

    let http = Http::new(cfg.clone(), srv.scope()).unwrap();
    let t = Instant::now();
    let e = within(5, send(&http, srv.url("/drip"))).await.unwrap_err();
    let took = t.elapsed();
    assert!(matches!(&e, HttpError::Timeout { secs: 1, .. }), "{e:?}");
    assert!(took >= Duration::from_millis(950), "{took:?}");
    assert_eq!(srv.requests(), 1);

    cfg.retries = 1;
    let http = Http::new(cfg, srv.scope()).unwrap();
    let t = Instant::now();
    let e = within(6, send(&http, srv.url("/drip"))).await.unwrap_err();
    let took = t.elapsed();
    assert!(matches!(&e, HttpError::Timeout { secs: 1, .. }), "{e:?}");
    // two full time-outs: the retry happened and was cut off too
    assert!(took >= Duration::from_millis(1900), "{took:?}");
    assert_eq!(srv.requests(), 3);
}

const BROKEN_JSON: &[u8] = b"{\"items\": [{\"id\": 1, \"owner\": \"alice\"}, {\"id\": 2,";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_json_is_kept_as_bytes() {
    let srv = Server::start(|_, _| {
        raw(
            "200 OK",
            &[("Content-Type", "application/json")],
            BROKEN_JSON,
        )
    })
    .await;
    let http = Http::new(config(), srv.scope()).unwrap();
    let r = within(5, send(&http, srv.url("/api/things")))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body, BROKEN_JSON);
    assert!(!r.truncated);
    assert_eq!(r.header("content-type"), Some("application/json"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn engine_survives_invalid_json_everywhere() {
    let srv = Server::start(|_, _| {
        raw(
            "200 OK",
            &[("Content-Type", "application/json")],
            BROKEN_JSON,
        )
    })
    .await;
    let http = Http::new(config(), srv.scope()).unwrap();
    let ids = idor::identity::from_flags(&[
        "alice=Authorization: Bearer alice-token".into(),
        "bob=Authorization: Bearer bob-token".into(),
    ])
    .unwrap();
    let endpoints = idor::import::list::parse(
        "endpoints.txt",
        "GET /api/things\nGET /api/things/{thing_id}\n",
    )
    .unwrap();
    let session = Arc::new(Session::new(srv.url("/"), http, ids, Options::default()));
    let out = within(10, idor::run(session, &endpoints)).await.unwrap();
    assert!(out.checks.is_empty(), "{:?}", out.checks);
    assert!(out.owned.is_empty() && out.seen_ids.is_empty());
    assert!(out.errors.is_empty(), "{:?}", out.errors);
    // the harvest did reach the server: one list read per identity
    assert_eq!(out.stats.requests, 2);
    assert_eq!(srv.requests(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redirect_loop_is_an_error() {
    let srv = Server::start(|_, path| raw("302 Found", &[("Location", path)], b"")).await;
    let cfg = config();
    let hops = cfg.max_redirects;
    let http = Http::new(cfg, srv.scope()).unwrap();
    let e = within(5, send(&http, srv.url("/loop"))).await.unwrap_err();
    assert_eq!(
        e,
        HttpError::RedirectLoop {
            url: srv.url("/loop").to_string(),
            hops
        }
    );
    // the first request and one per allowed hop, then it stops
    assert_eq!(srv.requests(), hops as usize + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_scope_redirect_is_not_followed() {
    let srv = Server::start(|_, _| {
        raw(
            "302 Found",
            &[("Location", "http://evil.example/x")],
            b"moved",
        )
    })
    .await;
    let http = Http::new(config(), srv.scope()).unwrap();
    let r = within(5, send(&http, srv.url("/go"))).await.unwrap();
    assert_eq!(r.status, 302);
    let note = r.note.expect("a note saying why it stopped");
    assert!(note.contains("outside the scope"), "{note}");
    assert!(note.contains("http://evil.example/x"), "{note}");
    assert!(r.redirects.is_empty());
    assert_eq!(srv.requests(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_scope_request_opens_no_connection() {
    let allowed = Server::start(|_, _| raw("200 OK", &[], b"ok")).await;
    // a listener that is up but not in the scope
    let outside = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = Url::parse(&format!(
        "http://{}/api/things/1",
        outside.local_addr().unwrap()
    ))
    .unwrap();
    let http = Http::new(config(), allowed.scope()).unwrap();
    let e = within(5, send(&http, url.clone())).await.unwrap_err();
    assert_eq!(
        e,
        HttpError::OffScope {
            url: url.to_string()
        }
    );
    let e = within(5, send(&http, Url::parse("http://evil.example/x").unwrap()))
        .await
        .unwrap_err();
    assert!(matches!(e, HttpError::OffScope { .. }), "{e:?}");
    assert!(
        tokio::time::timeout(Duration::from_millis(300), outside.accept())
            .await
            .is_err(),
        "the off-scope listener was connected to"
    );
    assert_eq!(allowed.requests(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_requests_then_ok_is_retried() {
    let srv = Server::start(|n, _| {
        if n == 0 {
            raw(
                "429 Too Many Requests",
                &[("Retry-After", "0")],
                b"slow down",
            )
        } else {
            raw("200 OK", &[("Content-Type", "application/json")], b"{}")
        }
    })
    .await;
    let mut cfg = config();
    cfg.retries = 2;
    let http = Http::new(cfg, srv.scope()).unwrap();
    let r = within(5, send(&http, srv.url("/api/things")))
        .await
        .unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"{}");
    assert_eq!(srv.requests(), 2);
}
