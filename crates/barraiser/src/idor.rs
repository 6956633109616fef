//! `barraiser idor`: a thin shell over the `idor` engine. It reads the
//! endpoint source and the identities, checks the scope, runs the tester on
//! a Tokio runtime, applies the state file, and renders the findings.

use crate::cli::Global;
use crate::output::{self, OutputArgs, ReportMeta};
use crate::{io, Fail, Outcome};
use clap::Args;
use report::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    barraiser lab serve --port 8080 &                # a vulnerable API to practise on\n  \
    barraiser idor --target http://127.0.0.1:8080 --scope 127.0.0.1:8080 \\\n      \
        --openapi http://127.0.0.1:8080/openapi.json --identities ids.toml\n  \
    barraiser idor --target https://api.example.com --scope api.example.com --har capture.har \\\n      \
        --identity 'alice=Authorization: Bearer eyJ...' --identity 'bob=Authorization: Bearer eyJ...'\n  \
    barraiser idor ... --methods GET,HEAD,POST,PATCH,DELETE   # also test writes (on objects it creates)\n  \
    barraiser idor ... --state idor-state.json --accept        # record today's results\n  \
    barraiser idor ... --state idor-state.json                 # later: report only regressions\n\n\
    ids.toml:\n  \
    [[identity]]\n  \
    name = \"alice\"\n  \
    [identity.login]\n  \
    path = \"/api/login\"\n  \
    json = { username = \"alice\", password = \"alice-lab-pass\" }\n  \
    token = \"/token\"\n  \
    expires_in = \"/expires_in\"\n\n\
    Exit codes: 0 no bypass, 1 findings at or above --fail-on, 2 usage, input or network error.")]
pub struct IdorArgs {
    /// Base URL of the API under test.
    #[arg(long, value_name = "URL")]
    pub target: String,
    /// Hosts (host[:port], *.domain) the tester may send requests to. Required.
    #[arg(long, value_name = "HOSTS", required = true)]
    pub scope: Vec<String>,
    /// Endpoints from an OpenAPI 3 document (JSON or YAML file, or an in-scope URL).
    #[arg(long, value_name = "FILE|URL", group = "source")]
    pub openapi: Option<String>,
    /// Endpoints from a HAR capture.
    #[arg(long, value_name = "FILE", group = "source")]
    pub har: Option<PathBuf>,
    /// Endpoints from a plain list: `GET /api/orders/{order_id}` per line.
    #[arg(long, value_name = "FILE", group = "source")]
    pub requests: Option<PathBuf>,
    /// Identities file (TOML): headers, cookies or a login recipe per identity.
    #[arg(long, value_name = "FILE")]
    pub identities: Option<PathBuf>,
    /// An identity as NAME=Header: value (repeatable; two or more names).
    #[arg(long, value_name = "NAME=HEADER: VALUE")]
    pub identity: Vec<String>,
    /// HTTP methods the tester may send. Writes only touch objects it creates.
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        default_value = "GET,HEAD"
    )]
    pub methods: Vec<String>,
    /// Requests per second, all tasks together.
    #[arg(long, value_name = "N", default_value_t = 20.0)]
    pub rps: f64,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub concurrency: usize,
    /// Seconds for one whole exchange (connect, headers, body, redirects).
    #[arg(long, value_name = "SECS", default_value_t = 10.0)]
    pub timeout: f64,
    /// Bytes of a response body read at most; the rest is dropped.
    #[arg(long, value_name = "BYTES", default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Retries after a time-out, connection error, 429 or 503.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub retries: u32,
    /// Statuses that mean "refused" (default: every 4xx).
    #[arg(long, value_name = "LIST", default_value = "400-499")]
    pub enforced_status: String,
    /// A 2xx body matching this regex is a refusal.
    #[arg(long, value_name = "REGEX")]
    pub enforced_pattern: Option<String>,
    /// JSON key-path similarity (0-1) at or above which two bodies are the same object.
    #[arg(long, value_name = "X", default_value_t = 0.8)]
    pub similarity: f64,
    /// Body length change (fraction) within which two bodies count as the same length.
    #[arg(long, value_name = "X", default_value_t = 0.15)]
    pub length_delta: f64,
    /// Objects per owner and operation to replay.
    #[arg(long, value_name = "N", default_value_t = 2)]
    pub ids_per_owner: usize,
    /// Records a resource holds, for the money estimate: RESOURCE=N (repeatable).
    #[arg(long, value_name = "RESOURCE=N")]
    pub records: Vec<String>,
    /// Cost of one exposed record in USD.
    #[arg(long, value_name = "USD", default_value_t = impact::DEFAULT_COST_PER_RECORD_USD)]
    pub cost_per_record: f64,
    /// State file of accepted results: report only what is not in it.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Add this run's findings to the state file.
    #[arg(long, requires = "state")]
    pub accept: bool,
    /// Also write every check (verdicts with evidence) as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub checks: Option<PathBuf>,
    #[command(flatten)]
    pub out: OutputArgs,
}

const MAX_INPUT: usize = 64 << 20;

fn text_of(path: &Path) -> Result<(String, String), Fail> {
    let shown = path.display().to_string();
    let bytes = io::read_input(path, MAX_INPUT)?;
    let text = Diagnostic::check_text(&shown, &bytes).map_err(|d| d.to_string())?;
    Ok((shown, text.to_string()))
}

fn diags(d: Vec<Diagnostic>) -> Fail {
    Fail(
        d.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

pub fn run(global: &Global, a: &IdorArgs) -> Result<Outcome, Fail> {
    let base = url::Url::parse(&a.target).map_err(|e| {
        Fail(format!(
            "--target `{}` is not a URL: {e}\n  help: e.g. --target http://127.0.0.1:8080",
            a.target
        ))
    })?;
    let scope = idor::Scope::parse(&a.scope).map_err(Fail)?;
    if !scope.allows(&base) {
        return Err(Fail(format!(
            "--target {} is outside the scope ({})\n  help: add its host:port to --scope; the tester sends nothing outside it",
            base,
            a.scope.join(",")
        )));
    }
    let mut identities = Vec::new();
    if let Some(p) = &a.identities {
        let (name, text) = text_of(p)?;
        identities = idor::identity::parse(&name, &text).map_err(|d| Fail(d.to_string()))?;
    }
    if !a.identity.is_empty() {
        if !identities.is_empty() {
            return Err(Fail(
                "give identities with --identities FILE or with --identity, not both".into(),
            ));
        }
        identities = idor::identity::from_flags(&a.identity).map_err(Fail)?;
    }
    if identities.is_empty() {
        return Err(Fail("no identities: pass --identities FILE (TOML) or two --identity NAME=Header: value\n  help: see `barraiser idor --help` for the file format".into()));
    }
    let methods: Vec<String> = a
        .methods
        .iter()
        .map(|m| m.trim().to_ascii_uppercase())
        .filter(|m| !m.is_empty())
        .collect();
    for m in &methods {
        if !["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].contains(&m.as_str()) {
            return Err(Fail(format!("--methods: `{m}` is not an HTTP method")));
        }
    }
    let mut detectors = idor::Detectors {
        similarity: a.similarity,
        length_delta: a.length_delta,
        ..idor::Detectors::default()
    };
    detectors.enforced_status = idor::Detectors::parse_status(&a.enforced_status)
        .map_err(|e| Fail(format!("--enforced-status: {e}")))?;
    if let Some(p) = &a.enforced_pattern {
        detectors.enforced_pattern =
            regex::Regex::new(p).map_err(|e| Fail(format!("--enforced-pattern: {e}")))?;
    }
    let mut records = BTreeMap::new();
    for r in &a.records {
        let (k, v) = r.split_once('=').ok_or_else(|| {
            Fail(format!(
                "--records `{r}`: expected RESOURCE=N, e.g. order=2000000"
            ))
        })?;
        let n: u64 = v
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|_| Fail(format!("--records `{r}`: `{v}` is not a whole number")))?;
        records.insert(k.trim().to_ascii_lowercase(), n);
    }
    if !(a.timeout > 0.0 && a.timeout.is_finite() && a.rps > 0.0 && a.rps.is_finite()) {
        return Err(Fail("--timeout and --rps must be positive numbers".into()));
    }
    let mut state = match &a.state {
        Some(p) if p.exists() => {
            let (name, text) = text_of(p)?;
            idor::State::parse(&name, &text).map_err(|d| Fail(d.to_string()))?
        }
        _ => idor::State::default(),
    };
    let http_cfg = idor::HttpConfig {
        timeout: Duration::from_secs_f64(a.timeout),
        max_body: a.max_body.max(1),
        retries: a.retries.min(10),
        rps: a.rps,
        concurrency: a.concurrency.max(1),
        max_redirects: 5,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .build()?;
    let transport = idor::Http::new(http_cfg, scope.clone()).map_err(Fail)?;
    let endpoints = rt.block_on(load_endpoints(a, &base, &transport))?;
    let opts = idor::Options {
        methods,
        ids_per_owner: a.ids_per_owner.max(1),
        concurrency: a.concurrency.max(1),
        detectors,
        ..idor::Options::default()
    };
    let session = Arc::new(idor::Session::new(
        base.clone(),
        transport,
        identities,
        opts,
    ));
    let outcome = rt
        .block_on(idor::run(session, &endpoints))
        .map_err(|e| Fail(e.to_string()))?;
    let costs = impact::CostModel {
        cost_per_record_usd: a.cost_per_record,
        ..impact::CostModel::default()
    };
    let all = idor::findings(&outcome, &costs, &records);
    if let Some(p) = &a.checks {
        let json = serde_json::to_string_pretty(&outcome).map_err(|e| Fail(e.to_string()))?;
        io::write_atomic(p, &(json + "\n"))?;
    }
    let (findings, accepted) = state.regressions(all.clone());
    if a.accept {
        if let Some(p) = &a.state {
            state.accept(&all);
            io::write_atomic(p, &state.to_json())?;
        }
    }
    let mut verdicts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &outcome.checks {
        *verdicts.entry(c.verdict.name()).or_default() += 1;
    }
    let mut header = format!(
        "idor: {} operations, {} checks ({}), {} requests, {} logins ({} again after expiry or 401)\n",
        endpoints.len(),
        outcome.checks.len(),
        verdicts.iter().map(|(k, v)| format!("{v} {k}")).collect::<Vec<_>>().join(", "),
        outcome.stats.requests,
        outcome.stats.logins,
        outcome.stats.relogins,
    );
    if accepted > 0 {
        header.push_str(&format!(
            "{accepted} findings accepted in the state file are not shown (regressions only)\n"
        ));
    }
    for s in outcome.skipped.iter().take(20) {
        header.push_str(&format!("  not tested: {s}\n"));
    }
    for e in outcome.errors.iter().take(20) {
        header.push_str(&format!("  error: {e}\n"));
    }
    header.push('\n');
    if !global.quiet && a.out.format != output::Format::Text {
        eprint!("{header}");
    }
    let meta = ReportMeta {
        title: "barraiser idor",
        rules: idor::rule_meta(),
        summary: serde_json::json!({
            "target": base.as_str(),
            "operations": endpoints.len(),
            "checks": outcome.checks.len(),
            "verdicts": verdicts,
            "stats": outcome.stats,
            "accepted": accepted,
            "owned": outcome.owned,
            "skipped": outcome.skipped,
            "errors": outcome.errors,
        }),
        text_header: header,
    };
    let text = output::render(&a.out, &meta, &findings)?;
    output::finish(&a.out, &text, &findings)
}

async fn load_endpoints(
    a: &IdorArgs,
    base: &url::Url,
    t: &idor::Http,
) -> Result<Vec<idor::Endpoint>, Fail> {
    use idor::Transport;
    if let Some(src) = &a.openapi {
        if src.starts_with("http://") || src.starts_with("https://") {
            let u = url::Url::parse(src).map_err(|e| Fail(format!("--openapi `{src}`: {e}")))?;
            let r = t
                .send(idor::http::Request {
                    method: "GET".into(),
                    url: u,
                    headers: Vec::new(),
                    json: None,
                })
                .await
                .map_err(|e| Fail(format!("--openapi: {e}")))?;
            if r.status != 200 || r.truncated {
                return Err(Fail(format!(
                    "--openapi {src}: answered {}{}",
                    r.status,
                    if r.truncated {
                        " with a body over --max-body"
                    } else {
                        ""
                    }
                )));
            }
            let text = String::from_utf8(r.body)
                .map_err(|_| Fail(format!("{src}: the document is not UTF-8")))?;
            return idor::import::openapi::parse(src, &text).map_err(diags);
        }
        let (name, text) = text_of(Path::new(src))?;
        return idor::import::openapi::parse(&name, &text).map_err(diags);
    }
    if let Some(p) = &a.har {
        let (name, text) = text_of(p)?;
        return idor::import::har::parse(&name, &text, base).map_err(diags);
    }
    if let Some(p) = &a.requests {
        let (name, text) = text_of(p)?;
        return idor::import::list::parse(&name, &text).map_err(diags);
    }
    Err(Fail(
        "no endpoints: pass --openapi FILE|URL, --har FILE or --requests FILE".into(),
    ))
}
