//! Sending requests with every cap a tester pointed at someone else's API
//! needs: a scope check on every URL (redirects included), a rate limit
//! shared by all tasks, a concurrency limit, a total time-out per exchange
//! (so a body dripped a byte a second cannot hold a task), a body size cap
//! (a 100 MB body is read up to the cap and the connection dropped),
//! redirects followed by hand with a hop limit, and capped retries with
//! backoff for connection errors, time-outs, 429 and 503.

use crate::scope::Scope;
use std::future::Future;
use std::time::{Duration, Instant};
use tokio::sync::{Mutex, Semaphore};
use url::Url;

#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// Whole exchange: connect, headers, body, redirects.
    pub timeout: Duration,
    pub max_body: usize,
    pub retries: u32,
    /// Requests per second, all tasks together.
    pub rps: f64,
    pub concurrency: usize,
    pub max_redirects: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        HttpConfig {
            timeout: Duration::from_secs(10),
            max_body: 1 << 20,
            retries: 2,
            rps: 20.0,
            concurrency: 4,
            max_redirects: 5,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub method: String,
    pub url: Url,
    pub headers: Vec<(String, String)>,
    pub json: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body was longer than the cap and was cut.
    pub truncated: bool,
    /// Redirects followed, in order.
    pub redirects: Vec<String>,
    /// Why the tester stopped early (an off-scope redirect it refused).
    pub note: Option<String>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum HttpError {
    #[error("{url}: no complete response within {secs} s (time-out; raise --timeout if the API is slow)")]
    Timeout { url: String, secs: u64 },
    #[error("{url}: {message}")]
    Connect { url: String, message: String },
    #[error("{url}: more than {hops} redirects (a redirect loop?)")]
    RedirectLoop { url: String, hops: u32 },
    #[error("{url} is outside the scope (--scope); not sent")]
    OffScope { url: String },
}

/// Sends requests. The real one is [`Http`]; tests may script one.
pub trait Transport: Send + Sync + 'static {
    fn send(&self, req: Request) -> impl Future<Output = Result<Response, HttpError>> + Send;
}

/// Paces requests to `rps` across all tasks: each takes the next slot.
#[derive(Debug)]
pub struct Pacer {
    gap: Duration,
    next: Mutex<Instant>,
}

impl Pacer {
    pub fn new(rps: f64) -> Pacer {
        let gap = if rps.is_finite() && rps > 0.0 {
            Duration::from_secs_f64(1.0 / rps)
        } else {
            Duration::ZERO
        };
        Pacer {
            gap,
            next: Mutex::new(Instant::now()),
        }
    }

    pub async fn wait(&self) {
        let slot = {
            let mut next = self.next.lock().await;
            let now = Instant::now();
            let slot = (*next).max(now);
            *next = slot + self.gap;
            slot
        };
        tokio::time::sleep_until(slot.into()).await;
    }
}

/// The real transport (reqwest, redirects off: they are followed here).
pub struct Http {
    client: reqwest::Client,
    cfg: HttpConfig,
    scope: Scope,
    pacer: Pacer,
    slots: Semaphore,
}

impl Http {
    pub fn new(cfg: HttpConfig, scope: Scope) -> Result<Http, String> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(cfg.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("barraiser-idor/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot build the HTTP client: {e}"))?;
        Ok(Http {
            client,
            pacer: Pacer::new(cfg.rps),
            slots: Semaphore::new(cfg.concurrency.max(1)),
            cfg,
            scope,
        })
    }

    async fn exchange(&self, req: &Request) -> Result<Response, HttpError> {
        let mut method = req.method.clone();
        let mut url = req.url.clone();
        let mut json = req.json.clone();
        let mut redirects = Vec::new();
        loop {
            if !self.scope.allows(&url) {
                return Err(HttpError::OffScope {
                    url: url.to_string(),
                });
            }
            let m =
                reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| HttpError::Connect {
                    url: url.to_string(),
                    message: e.to_string(),
                })?;
            let mut b = self.client.request(m, url.clone());
            for (k, v) in &req.headers {
                b = b.header(k, v);
            }
            if let Some(j) = &json {
                b = b
                    .header("content-type", "application/json")
                    .body(j.to_string());
            }
            let mut resp = b.send().await.map_err(|e| HttpError::Connect {
                url: url.to_string(),
                message: describe(&e),
            })?;
            let status = resp.status().as_u16();
            let headers: Vec<(String, String)> = resp
                .headers()
                .iter()
                .map(|(k, v)| {
                    (
                        k.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            if (300..400).contains(&status) {
                if let Some(loc) = resp.headers().get("location").and_then(|v| v.to_str().ok()) {
                    let next = url.join(loc).map_err(|e| HttpError::Connect {
                        url: url.to_string(),
                        message: format!("bad redirect Location `{loc}`: {e}"),
                    })?;
                    if !self.scope.allows(&next) {
                        return Ok(Response {
                            status,
                            headers,
                            body: Vec::new(),
                            truncated: false,
                            redirects,
                            note: Some(format!(
                                "redirect to {next} not followed: outside the scope"
                            )),
                        });
                    }
                    if redirects.len() as u32 >= self.cfg.max_redirects {
                        return Err(HttpError::RedirectLoop {
                            url: req.url.to_string(),
                            hops: self.cfg.max_redirects,
                        });
                    }
                    if status == 303 || ((status == 301 || status == 302) && method == "POST") {
                        method = "GET".into();
                        json = None;
                    }
                    redirects.push(next.to_string());
                    url = next;
                    continue;
                }
            }
            let mut body = Vec::new();
            let mut truncated = false;
            while let Some(chunk) = resp.chunk().await.map_err(|e| HttpError::Connect {
                url: url.to_string(),
                message: format!("the body broke off: {}", describe(&e)),
            })? {
                let room = self.cfg.max_body - body.len();
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    truncated = true;
                    break;
                }
                body.extend_from_slice(&chunk);
            }
            return Ok(Response {
                status,
                headers,
                body,
                truncated,
                redirects,
                note: None,
            });
        }
    }
}

fn describe(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(x) = src {
        s.push_str(": ");
        s.push_str(&x.to_string());
        src = x.source();
    }
    s
}

impl Transport for Http {
    async fn send(&self, req: Request) -> Result<Response, HttpError> {
        if !self.scope.allows(&req.url) {
            return Err(HttpError::OffScope {
                url: req.url.to_string(),
            });
        }
        let _slot = self.slots.acquire().await.expect("semaphore never closed");
        let mut attempt = 0;
        loop {
            self.pacer.wait().await;
            let r = match tokio::time::timeout(self.cfg.timeout, self.exchange(&req)).await {
                Ok(r) => r,
                Err(_) => Err(HttpError::Timeout {
                    url: req.url.to_string(),
                    secs: self.cfg.timeout.as_secs().max(1),
                }),
            };
            let retry_after = match &r {
                Ok(resp) if resp.status == 429 || resp.status == 503 => Some(
                    resp.header("retry-after")
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map(|s| Duration::from_secs(s.min(5))),
                ),
                Err(HttpError::Timeout { .. } | HttpError::Connect { .. }) => Some(None),
                _ => None,
            };
            match retry_after {
                Some(wait) if attempt < self.cfg.retries => {
                    let backoff =
                        Duration::from_millis(200u64 << attempt.min(4)).min(Duration::from_secs(2));
                    tokio::time::sleep(wait.unwrap_or(backoff)).await;
                    attempt += 1;
                }
                _ => return r,
            }
        }
    }
}
