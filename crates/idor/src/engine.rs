//! The method, in four steps:
//!
//! 1. **Harvest.** Each identity reads the operations that list or describe
//!    its own things (a `GET` without an object id: `/api/orders`,
//!    `/api/me`) and the tester collects the ids in those responses: `id`
//!    fields under the collection's name, `*_id` fields under theirs. An id
//!    that more than one identity can see is nobody's for sure and is set
//!    aside. With write methods allowed, each identity also creates objects
//!    of its own through the collection's `POST`.
//! 2. **Replay** every object-referencing request for each owner's ids as
//!    every other (non-admin) identity, and
//! 3. **again with no credentials**.
//! 4. **Compare** each replay with the owner's own response
//!    ([`crate::compare`]). Admin-only operations are replayed from the
//!    admin identity's baseline the same way (function-level checks).
//!
//! Writes (`PUT`, `PATCH`, `DELETE`) only ever target objects the tester
//! created, and only with methods the user allowed; a write "bypass" is
//! confirmed by reading the object back as its owner.

use crate::compare::{Detectors, Seen, Verdict};
use crate::endpoint::{collection_of, segment_stem, stem, Endpoint, IdKind, ParamIn};
use crate::http::{HttpError, Request, Response, Transport};
use crate::identity::Identity;
use crate::redact::Redactor;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{Duration, Instant};
use url::Url;

/// What the user allows and how strict the comparison is.
#[derive(Debug, Clone)]
pub struct Options {
    /// Methods the tester may send (upper case). Default: GET, HEAD.
    pub methods: Vec<String>,
    /// Objects per owner and operation to replay.
    pub ids_per_owner: usize,
    pub detectors: Detectors,
    /// Evidence bodies are cut to this many characters.
    pub evidence_chars: usize,
    /// Objects replayed at the same time.
    pub concurrency: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            methods: vec!["GET".into(), "HEAD".into()],
            ids_per_owner: 2,
            detectors: Detectors::default(),
            evidence_chars: 600,
            concurrency: 4,
        }
    }
}

impl Options {
    pub fn allows(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m.eq_ignore_ascii_case(method))
    }
}

/// Which question a check answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    /// Another user reads the owner's object.
    BolaRead,
    /// Another user changes or deletes the owner's object.
    BolaWrite,
    /// A non-admin (or nobody) calls an admin-only operation.
    Bfla,
    /// Nobody (no credentials) reads or writes the owner's object.
    Anonymous,
    /// A create accepts a field the client must not set.
    MassAssignment,
}

/// One request/response pair, for people: redacted and trimmed.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Shown {
    pub who: String,
    pub request: String,
    pub status: u16,
    pub body: String,
}

/// One replay and its verdict.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Check {
    pub kind: CheckKind,
    /// `GET /api/orders/{order_id}`.
    pub endpoint: String,
    /// `order_id=1001`, empty for operations without an object.
    pub object: String,
    pub id_kind: Option<IdKind>,
    /// The resource, singular (`order`).
    pub resource: String,
    pub owner: String,
    pub actor: String,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    pub owner_exchange: Option<Shown>,
    pub actor_exchange: Shown,
}

/// Run totals.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Stats {
    pub requests: u64,
    pub logins: u64,
    /// Logins made again because a token expired or was refused.
    pub relogins: u64,
    pub errors: u64,
    pub objects_created: u64,
}

/// Secret and personal fields seen in responses, per operation.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Exposure {
    pub secret_fields: BTreeSet<String>,
    pub personal_fields: BTreeSet<String>,
    /// Someone other than the owner got these fields (a bypass or an
    /// admin-only operation called by a non-admin).
    pub to_others: bool,
}

/// Everything a run found out.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Outcome {
    pub checks: Vec<Check>,
    pub stats: Stats,
    /// identity -> resource -> ids it owns.
    pub owned: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// resource -> every id seen, any identity (for the reach estimate).
    pub seen_ids: BTreeMap<String, Vec<String>>,
    pub exposure: BTreeMap<String, Exposure>,
    /// Operations not tested, and why.
    pub skipped: Vec<String>,
    /// Problems that did not stop the run (failed requests).
    pub errors: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("login as `{who}` failed: {why}")]
    Login { who: String, why: String },
    #[error("{0}")]
    Http(#[from] HttpError),
}

/// Personal-data field names (lowercase, `_`/`-` removed).
const PERSONAL: [&str; 12] = [
    "email",
    "phone",
    "phonenumber",
    "address",
    "shippingaddress",
    "billingaddress",
    "dateofbirth",
    "dob",
    "fullname",
    "ssnlast4",
    "cardlast4",
    "iban",
];

fn norm(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The singular resource name, with the names that all mean "a user"
/// folded into `user`.
pub fn resource(s: &str) -> String {
    match s {
        "me" | "self" | "whoami" | "owner" | "account" | "profile" | "customer" | "member"
        | "users" => "user".into(),
        _ => s.to_string(),
    }
}

/// The resource a parameter points at: its name's stem (`order_id`), or
/// for a bare `id` the collection segment before it.
pub fn param_resource(e: &Endpoint, name: &str, at: ParamIn) -> String {
    let s = stem(name);
    if !s.is_empty() {
        return resource(&s);
    }
    let prefix = match at {
        ParamIn::Path => e.path.split(&format!("{{{name}}}")).next().unwrap_or(""),
        _ => e.path.as_str(),
    };
    resource(&segment_stem(&collection_of(prefix.trim_end_matches('/'))))
}

struct Actor {
    ident: Identity,
    token: tokio::sync::Mutex<Option<(String, Option<Instant>)>>,
}

/// A run in progress.
pub struct Session<T: Transport> {
    base: Url,
    t: T,
    actors: Vec<Actor>,
    opts: Options,
    redactor: std::sync::Mutex<Redactor>,
    stats: std::sync::Mutex<Stats>,
    errors: std::sync::Mutex<Vec<String>>,
    login_paths: BTreeSet<String>,
}

/// `None` acts with no credentials.
type Who = Option<usize>;

impl<T: Transport> Session<T> {
    pub fn new(base: Url, t: T, identities: Vec<Identity>, opts: Options) -> Session<T> {
        let mut redactor = Redactor::default();
        for i in &identities {
            for s in i.secrets() {
                redactor.add(&s);
            }
        }
        let login_paths = identities
            .iter()
            .filter_map(|i| i.login.as_ref().map(|l| l.path.clone()))
            .collect();
        Session {
            base,
            t,
            actors: identities
                .into_iter()
                .map(|ident| Actor {
                    ident,
                    token: tokio::sync::Mutex::new(None),
                })
                .collect(),
            opts,
            redactor: std::sync::Mutex::new(redactor),
            stats: std::sync::Mutex::new(Stats::default()),
            errors: std::sync::Mutex::new(Vec::new()),
            login_paths,
        }
    }

    fn name(&self, who: Who) -> String {
        who.map_or("anonymous".into(), |i| self.actors[i].ident.name.clone())
    }

    fn url(&self, path_and_query: &str) -> Url {
        self.base
            .join(path_and_query.trim_start_matches('/'))
            .unwrap_or_else(|_| self.base.clone())
    }

    async fn login(
        &self,
        i: usize,
        slot: &mut Option<(String, Option<Instant>)>,
    ) -> Result<(), RunError> {
        let a = &self.actors[i];
        let Some(l) = &a.ident.login else {
            return Ok(());
        };
        let fail = |why: String| RunError::Login {
            who: a.ident.name.clone(),
            why,
        };
        let r = self
            .t
            .send(Request {
                method: l.method.to_ascii_uppercase(),
                url: self.url(&l.path),
                headers: Vec::new(),
                json: l.json.clone(),
            })
            .await?;
        self.stats.lock().expect("stats").requests += 1;
        if !(200..300).contains(&r.status) {
            return Err(fail(format!(
                "{} {} answered {}",
                l.method, l.path, r.status
            )));
        }
        let v: Value = serde_json::from_slice(&r.body)
            .map_err(|e| fail(format!("the login response is not JSON: {e}")))?;
        let token = v
            .pointer(&l.token)
            .and_then(Value::as_str)
            .ok_or_else(|| {
                fail(format!(
                    "no string at `{}` in the login response (set `token` to its JSON pointer)",
                    l.token
                ))
            })?
            .to_string();
        let ttl = l
            .expires_in
            .as_deref()
            .and_then(|p| v.pointer(p))
            .and_then(Value::as_f64);
        // renew a little before the server would refuse it: 2 s, or a
        // fifth of a short lifetime
        let expires = ttl.filter(|t| t.is_finite() && *t > 0.0).map(|t| {
            let t = t.min(1e7);
            Instant::now() + Duration::from_secs_f64(t - (t / 5.0).min(2.0))
        });
        self.redactor.lock().expect("redactor").add(&token);
        self.stats.lock().expect("stats").logins += 1;
        *slot = Some((token, expires));
        Ok(())
    }

    async fn headers(&self, who: Who, fresh: bool) -> Result<Vec<(String, String)>, RunError> {
        let Some(i) = who else { return Ok(Vec::new()) };
        let a = &self.actors[i];
        let mut h: Vec<(String, String)> = a
            .ident
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        if !a.ident.cookies.is_empty() {
            let c: Vec<String> = a
                .ident
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            h.push(("Cookie".into(), c.join("; ")));
        }
        if let Some(l) = &a.ident.login {
            let mut slot = a.token.lock().await;
            let stale = slot
                .as_ref()
                .is_none_or(|(_, exp)| exp.is_some_and(|e| e <= Instant::now()));
            if fresh || stale {
                if slot.is_some() {
                    self.stats.lock().expect("stats").relogins += 1;
                }
                self.login(i, &mut slot).await?;
            }
            if let Some((tok, _)) = slot.as_ref() {
                h.push((l.header.clone(), format!("{}{tok}", l.prefix)));
            }
        }
        Ok(h)
    }

    /// Send as `who`; a 401 to an identity with a login recipe logs in
    /// again and sends once more.
    pub async fn send_as(
        &self,
        who: Who,
        method: &str,
        target: &str,
        json: Option<Value>,
    ) -> Result<(Request, Response), RunError> {
        let mut fresh = false;
        loop {
            let req = Request {
                method: method.to_string(),
                url: self.url(target),
                headers: self.headers(who, fresh).await?,
                json: json.clone(),
            };
            let r = self.t.send(req.clone()).await;
            self.stats.lock().expect("stats").requests += 1;
            let r = match r {
                Ok(r) => r,
                Err(e) => {
                    self.stats.lock().expect("stats").errors += 1;
                    return Err(e.into());
                }
            };
            let can_relogin = who.is_some_and(|i| self.actors[i].ident.login.is_some());
            if r.status == 401 && can_relogin && !fresh {
                fresh = true;
                continue;
            }
            return Ok((req, r));
        }
    }

    fn show(&self, who: Who, req: &Request, r: &Response) -> Shown {
        let red = self.redactor.lock().expect("redactor");
        let target = match req.url.query() {
            Some(q) => format!("{}?{q}", req.url.path()),
            None => req.url.path().to_string(),
        };
        let mut request = format!("{} {}", req.method, red.text(&target));
        if let Some(j) = &req.json {
            request.push(' ');
            request.push_str(&red.body(j.to_string().as_bytes(), 300));
        }
        let mut body = red.body(&r.body, self.opts.evidence_chars);
        if r.truncated {
            body.push_str(" [body cut at the --max-body cap]");
        }
        if let Some(n) = &r.note {
            body = format!("({}) {body}", red.text(n));
        }
        Shown {
            who: self.name(who),
            request,
            status: r.status,
            body,
        }
    }

    fn error(&self, what: String) {
        let text = self.redactor.lock().expect("redactor").text(&what);
        self.errors.lock().expect("errors").push(text);
    }
}

/// A request for one operation with concrete values.
#[derive(Debug, Clone)]
struct Filled {
    target: String,
    json: Option<Value>,
    object: String,
}

fn fill(e: &Endpoint, values: &BTreeMap<String, String>) -> Option<Filled> {
    let path = e.render_path(&|n| values.get(n).cloned())?;
    let mut query = Vec::new();
    let mut json = e.body.clone();
    for p in &e.params {
        let Some(v) = values.get(&p.name) else {
            if p.required && p.is_object_ref() {
                return None;
            }
            continue;
        };
        match p.location {
            ParamIn::Path => {}
            ParamIn::Query => {
                query.push(format!("{}={}", p.name, crate::endpoint::encode_segment(v)))
            }
            ParamIn::Body => {
                let val = match p.kind {
                    IdKind::Integer => v
                        .parse::<i64>()
                        .map(Value::from)
                        .unwrap_or_else(|_| Value::from(v.as_str())),
                    _ => Value::from(v.as_str()),
                };
                match json.as_mut().and_then(Value::as_object_mut) {
                    Some(o) => {
                        o.insert(p.name.clone(), val);
                    }
                    None => json = Some(Value::Object(Map::from_iter([(p.name.clone(), val)]))),
                }
            }
        }
    }
    let target = if query.is_empty() {
        path
    } else {
        format!("{path}?{}", query.join("&"))
    };
    let object = values
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    Some(Filled {
        target,
        json,
        object,
    })
}

/// Ids in a JSON response: `id` under `here`, `x_id` under `x`, nested
/// arrays and objects under their key's singular.
fn harvest(
    v: &Value,
    here: &str,
    out: &mut BTreeMap<String, BTreeSet<String>>,
    samples: &mut BTreeMap<String, Map<String, Value>>,
    depth: u32,
) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(a) => a
            .iter()
            .take(1_000)
            .for_each(|x| harvest(x, here, out, samples, depth + 1)),
        Value::Object(m) => {
            if m.contains_key("id") {
                samples.entry(here.to_string()).or_insert_with(|| m.clone());
            }
            for (k, x) in m {
                let scalar = match x {
                    Value::String(s) if !s.is_empty() && s.len() <= 128 => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                };
                if let Some(s) = scalar {
                    if k.eq_ignore_ascii_case("id") || k.eq_ignore_ascii_case("uuid") {
                        out.entry(here.to_string()).or_default().insert(s);
                    } else if crate::endpoint::names_object(k) {
                        out.entry(resource(&stem(k))).or_default().insert(s);
                    }
                } else if x.is_object() || x.is_array() {
                    harvest(x, &resource(&segment_stem(k)), out, samples, depth + 1);
                }
            }
        }
        _ => {}
    }
}

fn kind_of_ids(ids: &[String]) -> IdKind {
    if !ids.is_empty() && ids.iter().all(|s| s.parse::<i64>().is_ok()) {
        IdKind::Integer
    } else if !ids.is_empty() && ids.iter().all(|s| crate::endpoint::is_uuid(s)) {
        IdKind::Uuid
    } else {
        IdKind::String
    }
}

fn two(r: &Response) -> bool {
    (200..300).contains(&r.status)
}

/// Run the whole method over `endpoints`.
pub async fn run<T: Transport>(
    session: Arc<Session<T>>,
    endpoints: &[Endpoint],
) -> Result<Outcome, RunError> {
    let s = &*session;
    let n = s.actors.len();
    let admins: Vec<usize> = (0..n).filter(|&i| s.actors[i].ident.admin).collect();
    let users: Vec<usize> = (0..n).filter(|&i| !s.actors[i].ident.admin).collect();
    let mut out = Outcome::default();
    // every identity must be able to log in before anything else
    for i in 0..n {
        s.headers(Some(i), false).await?;
    }

    // 1. harvest
    let mut bags: Vec<BTreeMap<String, BTreeSet<String>>> = vec![BTreeMap::new(); n];
    let mut samples: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    for e in endpoints.iter().filter(|e| {
        e.is_harvest_source() && !e.admin && s.opts.allows("GET") && !e.path.contains('{')
    }) {
        if s.login_paths.contains(&e.path) {
            continue;
        }
        let here = resource(&segment_stem(&e.collection()));
        for (i, bag) in bags.iter_mut().enumerate() {
            match s.send_as(Some(i), "GET", &e.path, None).await {
                Ok((req, r)) if two(&r) => {
                    if let Ok(v) = serde_json::from_slice::<Value>(&r.body) {
                        harvest(&v, &here, bag, &mut samples, 0);
                        note_exposure(&mut out.exposure, e, &v, false);
                    }
                    let _ = req;
                }
                Ok(_) => {}
                Err(err) => s.error(format!("harvest {} as {}: {err}", e.key(), s.name(Some(i)))),
            }
        }
    }

    // 1b. create objects of our own (write methods allowed)
    let mut created: Vec<(usize, String, String, String)> = Vec::new(); // (owner, resource, id, collection)
    if s.opts.allows("POST") {
        for e in endpoints.iter().filter(|e| {
            e.method == "POST"
                && !e.admin
                && !e.path.contains('{')
                && e.body.is_some()
                && !s.login_paths.contains(&e.path)
        }) {
            // only collections that have an object read: POST /x with GET /x/{id}
            let coll = e.collection();
            let readable = endpoints
                .iter()
                .any(|r| r.method == "GET" && r.collection() == coll && r.path.contains('{'));
            if !readable || e.params.iter().any(|p| p.required && p.is_object_ref()) {
                continue;
            }
            let res = resource(&segment_stem(&coll));
            for &i in &users {
                match s.send_as(Some(i), "POST", &e.path, e.body.clone()).await {
                    Ok((_, r)) if two(&r) => {
                        if let Some(id) =
                            serde_json::from_slice::<Value>(&r.body).ok().and_then(|v| {
                                v.get("id").map(|x| match x {
                                    Value::String(s) => s.clone(),
                                    other => other.to_string(),
                                })
                            })
                        {
                            bags[i].entry(res.clone()).or_default().insert(id.clone());
                            created.push((i, res.clone(), id, coll.clone()));
                            s.stats.lock().expect("stats").objects_created += 1;
                        }
                    }
                    Ok((_, r)) => out.skipped.push(format!(
                        "{}: creating as {} answered {}",
                        e.key(),
                        s.name(Some(i)),
                        r.status
                    )),
                    Err(err) => {
                        s.error(format!("create {} as {}: {err}", e.key(), s.name(Some(i))))
                    }
                }
            }
            // mass assignment: fields the read shape has but the create does not send
            mass_assignment(s, e, &res, &samples, &bags, &users, &mut out, &mut created).await;
        }
    }

    // ownership: ids only one identity sees
    let mut owned: Vec<BTreeMap<String, Vec<String>>> = vec![BTreeMap::new(); n];
    for i in 0..n {
        for (res, ids) in &bags[i] {
            let mine: Vec<String> = ids
                .iter()
                .filter(|id| {
                    (0..n).all(|j| j == i || !bags[j].get(res).is_some_and(|b| b.contains(*id)))
                })
                .cloned()
                .collect();
            if !mine.is_empty() {
                owned[i].insert(res.clone(), mine);
            }
            out.seen_ids
                .entry(res.clone())
                .or_default()
                .extend(ids.iter().cloned());
        }
    }
    for v in out.seen_ids.values_mut() {
        v.sort();
        v.dedup();
    }
    let created_ids: BTreeSet<(usize, String)> = created
        .iter()
        .map(|(o, _, id, _)| (*o, id.clone()))
        .collect();

    // 2-4. reads (and POST actions) on objects, as others and as nobody;
    // each job is one object (owner baseline, then every other caller), and
    // jobs run `concurrency` at a time under the transport's rate limit
    let mut jobs: Vec<(&Endpoint, Filled, usize, String, CheckKind)> = Vec::new();
    for e in endpoints
        .iter()
        .filter(|e| e.references_objects() && !e.admin && s.opts.allows(&e.method))
    {
        if matches!(e.method.as_str(), "PUT" | "PATCH" | "DELETE")
            || (e.method == "POST" && e.path.contains('{'))
        {
            continue; // writes: below, on created objects only
        }
        let params: Vec<_> = e
            .object_params()
            .filter(|p| p.required || e.params.iter().filter(|q| q.is_object_ref()).count() == 1)
            .collect();
        for &o in &users {
            let lists: Vec<(String, Vec<String>)> = params
                .iter()
                .map(|p| {
                    let res = param_resource(e, &p.name, p.location);
                    let ids: Vec<String> = owned[o].get(&res).cloned().unwrap_or_default();
                    // objects we created are kept for the write tests
                    let ids: Vec<String> = ids
                        .into_iter()
                        .filter(|id| !created_ids.contains(&(o, id.clone())))
                        .collect();
                    (p.name.clone(), ids)
                })
                .collect();
            if lists.is_empty() || lists.iter().any(|(_, ids)| ids.is_empty()) {
                continue;
            }
            for k in 0..s.opts.ids_per_owner.max(1) {
                let values: BTreeMap<String, String> = lists
                    .iter()
                    .filter_map(|(name, ids)| ids.get(k).map(|v| (name.clone(), v.clone())))
                    .collect();
                if values.len() != lists.len() {
                    break;
                }
                let Some(f) = fill(e, &values) else { continue };
                let res = param_resource(e, &params[0].name, params[0].location);
                jobs.push((e, f, o, res, CheckKind::BolaRead));
            }
        }
    }
    for e in endpoints
        .iter()
        .filter(|e| e.admin && s.opts.allows(&e.method) && !e.references_objects())
    {
        let Some(&a) = admins.first() else {
            out.skipped.push(format!(
                "{}: admin-only, but no identity is marked admin = true to take the baseline",
                e.key()
            ));
            continue;
        };
        let f = Filled {
            target: e.path.clone(),
            json: e.body.clone(),
            object: String::new(),
        };
        jobs.push((e, f, a, String::new(), CheckKind::Bfla));
    }
    {
        use futures::stream::StreamExt;
        let users = &users;
        let parts: Vec<Outcome> =
            futures::stream::iter(jobs.into_iter().map(|(e, f, o, res, kind)| async move {
                let mut part = Outcome::default();
                replay(s, e, &f, o, &res, users, kind, &mut part).await;
                part
            }))
            .buffer_unordered(s.opts.concurrency.max(1))
            .collect()
            .await;
        for p in parts {
            out.checks.extend(p.checks);
            out.skipped.extend(p.skipped);
            for (k, x) in p.exposure {
                let have = out.exposure.entry(k).or_default();
                have.secret_fields.extend(x.secret_fields);
                have.personal_fields.extend(x.personal_fields);
                have.to_others |= x.to_others;
            }
        }
    }

    // writes on objects the tester created
    for e in endpoints.iter().filter(|e| {
        matches!(e.method.as_str(), "PUT" | "PATCH") && s.opts.allows(&e.method) && !e.admin
    }) {
        write_checks(s, e, endpoints, &created, &users, &mut out).await;
        noop_writes(s, e, endpoints, &owned, &created_ids, &users, &mut out).await;
    }
    for e in endpoints
        .iter()
        .filter(|e| e.method == "DELETE" && s.opts.allows("DELETE") && !e.admin)
    {
        write_checks(s, e, endpoints, &created, &users, &mut out).await;
    }
    // clean up what is left of ours
    if s.opts.allows("DELETE") {
        for (o, res, id, coll) in &created {
            if let Some(d) = endpoints
                .iter()
                .find(|d| d.method == "DELETE" && d.collection() == *coll && d.path.contains('{'))
            {
                let p = d
                    .object_params()
                    .next()
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
                if let Some(f) = fill(d, &BTreeMap::from([(p, id.clone())])) {
                    let _ = s.send_as(Some(*o), "DELETE", &f.target, None).await;
                }
            }
            let _ = res;
        }
    }

    for (i, m) in owned.into_iter().enumerate() {
        if !m.is_empty() {
            out.owned.insert(s.name(Some(i)), m);
        }
    }
    out.skipped.sort();
    out.skipped.dedup();
    out.checks.sort_by(|a, b| {
        (a.kind, &a.endpoint, &a.object, &a.owner, &a.actor).cmp(&(
            b.kind,
            &b.endpoint,
            &b.object,
            &b.owner,
            &b.actor,
        ))
    });
    out.stats = s.stats.lock().expect("stats").clone();
    out.errors = std::mem::take(&mut *s.errors.lock().expect("errors"));
    Ok(out)
}

fn note_exposure(exp: &mut BTreeMap<String, Exposure>, e: &Endpoint, v: &Value, to_others: bool) {
    let mut secret = BTreeSet::new();
    let mut personal = BTreeSet::new();
    fields(v, &mut secret, &mut personal, 0);
    if secret.is_empty() && personal.is_empty() && !to_others {
        return;
    }
    let x = exp.entry(e.key()).or_default();
    x.secret_fields.extend(secret);
    x.personal_fields.extend(personal);
    x.to_others |= to_others;
}

fn fields(v: &Value, secret: &mut BTreeSet<String>, personal: &mut BTreeSet<String>, depth: u32) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let scalar = x.is_string() || x.is_number();
                if scalar && crate::redact::is_secret_field(k) {
                    secret.insert(k.clone());
                } else if scalar && PERSONAL.contains(&norm(k).as_str()) {
                    personal.insert(k.clone());
                }
                fields(x, secret, personal, depth + 1);
            }
        }
        Value::Array(a) => a
            .iter()
            .take(100)
            .for_each(|x| fields(x, secret, personal, depth + 1)),
        _ => {}
    }
}

/// Owner baseline, then every other user and nobody.
#[allow(clippy::too_many_arguments)]
async fn replay<T: Transport>(
    s: &Session<T>,
    e: &Endpoint,
    f: &Filled,
    owner: usize,
    res: &str,
    users: &[usize],
    kind: CheckKind,
    out: &mut Outcome,
) {
    let (breq, base) = match s
        .send_as(Some(owner), &e.method, &f.target, f.json.clone())
        .await
    {
        Ok(x) => x,
        Err(err) => return s.error(format!("{} as {}: {err}", e.key(), s.name(Some(owner)))),
    };
    if !two(&base) {
        out.skipped.push(format!(
            "{} ({}): the owner {} got {}; nothing to compare",
            e.key(),
            if f.object.is_empty() {
                "no object"
            } else {
                &f.object
            },
            s.name(Some(owner)),
            base.status
        ));
        return;
    }
    let id = f
        .object
        .split_once('=')
        .map(|(_, v)| v.to_string())
        .unwrap_or_default();
    let owner_shown = s.show(Some(owner), &breq, &base);
    if let Ok(v) = serde_json::from_slice::<Value>(&base.body) {
        note_exposure(&mut out.exposure, e, &v, false);
    }
    let actors: Vec<Who> = users
        .iter()
        .copied()
        .filter(|&u| u != owner)
        .map(Some)
        .chain([None])
        .collect();
    let id_kind = (!id.is_empty()).then(|| kind_of_ids(std::slice::from_ref(&id)));
    for who in actors {
        let (req, r) = match s.send_as(who, &e.method, &f.target, f.json.clone()).await {
            Ok(x) => x,
            Err(err) => {
                s.error(format!("{} as {}: {err}", e.key(), s.name(who)));
                continue;
            }
        };
        let (verdict, reasons) = s.opts.detectors.judge(
            Seen {
                status: base.status,
                body: &base.body,
            },
            Seen {
                status: r.status,
                body: &r.body,
            },
            &id,
        );
        if verdict == Verdict::Bypassed {
            if let Ok(v) = serde_json::from_slice::<Value>(&r.body) {
                note_exposure(&mut out.exposure, e, &v, true);
            }
        }
        out.checks.push(Check {
            kind: if who.is_none() {
                CheckKind::Anonymous
            } else {
                kind
            },
            endpoint: e.key(),
            object: f.object.clone(),
            id_kind,
            resource: res.to_string(),
            owner: s.name(Some(owner)),
            actor: s.name(who),
            verdict,
            reasons,
            owner_exchange: Some(owner_shown.clone()),
            actor_exchange: s.show(who, &req, &r),
        });
    }
}

/// PUT/PATCH/DELETE by others (and nobody) on an object the tester
/// created as its owner, confirmed by reading it back as the owner.
async fn write_checks<T: Transport>(
    s: &Session<T>,
    e: &Endpoint,
    endpoints: &[Endpoint],
    created: &[(usize, String, String, String)],
    users: &[usize],
    out: &mut Outcome,
) {
    let Some(p) = e.object_params().find(|p| p.location == ParamIn::Path) else {
        return;
    };
    let res = param_resource(e, &p.name, p.location);
    let reader = endpoints
        .iter()
        .find(|r| r.method == "GET" && r.path == e.path);
    let mut n = 0;
    for &o in users {
        let Some((_, _, id, _)) = created
            .iter()
            .find(|(co, cres, _, _)| *co == o && *cres == res)
        else {
            continue;
        };
        let Some(f) = fill(e, &BTreeMap::from([(p.name.clone(), id.clone())])) else {
            continue;
        };
        let read_back = |who: Who| {
            let target = reader
                .and_then(|r| fill(r, &BTreeMap::from([(p.name.clone(), id.clone())])))
                .map(|f| f.target);
            async move {
                match target {
                    Some(t) => s.send_as(who, "GET", &t, None).await.ok().map(|(_, r)| r),
                    None => None,
                }
            }
        };
        let Some(before) = read_back(Some(o)).await.filter(two) else {
            out.skipped.push(format!(
                "{}: cannot read {res} {id} back as its owner; write not tested",
                e.key()
            ));
            continue;
        };
        let actors: Vec<Who> = [None]
            .into_iter()
            .chain(users.iter().copied().filter(|&u| u != o).map(Some))
            .collect();
        for who in actors {
            n += 1;
            let marker = format!("barraiser-idor-{}-{n}", s.name(who));
            let body = e.body.clone().map(|b| mark(b, &marker));
            let (req, r) = match s.send_as(who, &e.method, &f.target, body).await {
                Ok(x) => x,
                Err(err) => {
                    s.error(format!("{} as {}: {err}", e.key(), s.name(who)));
                    continue;
                }
            };
            let after = read_back(Some(o)).await;
            let (verdict, why) = match (&e.method[..], &after) {
                ("DELETE", Some(a)) if a.status == 404 || a.status == 410 => (
                    Verdict::Bypassed,
                    format!(
                        "{} got {} and the owner's read-back now answers {}: the object is gone",
                        s.name(who),
                        r.status,
                        a.status
                    ),
                ),
                (_, Some(a))
                    if e.method != "DELETE"
                        && String::from_utf8_lossy(&a.body).contains(&marker) =>
                {
                    (
                        Verdict::Bypassed,
                        format!(
                            "{} got {} and the owner's copy now holds its marker `{marker}`",
                            s.name(who),
                            r.status
                        ),
                    )
                }
                _ if (400..500).contains(&r.status) => (
                    Verdict::Enforced,
                    format!(
                        "status {} is a refusal and the owner's copy is unchanged",
                        r.status
                    ),
                ),
                _ if two(&r) => (
                    Verdict::NeedsReview,
                    format!(
                        "status {} but the change did not show in the owner's read-back",
                        r.status
                    ),
                ),
                _ => (Verdict::NeedsReview, format!("status {}", r.status)),
            };
            // one redactor lock at a time: both are taken before the
            // struct is built (a second lock in the same expression deadlocks)
            let owner_body = s
                .redactor
                .lock()
                .expect("redactor")
                .body(&before.body, s.opts.evidence_chars);
            let actor_exchange = s.show(who, &req, &r);
            out.checks.push(Check {
                kind: if who.is_none() {
                    CheckKind::Anonymous
                } else {
                    CheckKind::BolaWrite
                },
                endpoint: e.key(),
                object: format!("{}={id}", p.name),
                id_kind: Some(kind_of_ids(std::slice::from_ref(id))),
                resource: res.clone(),
                owner: s.name(Some(o)),
                actor: s.name(who),
                verdict,
                reasons: vec![why],
                owner_exchange: Some(Shown {
                    who: s.name(Some(o)),
                    request: format!("GET (read-back of {res} {id})"),
                    status: before.status,
                    body: owner_body,
                }),
                actor_exchange,
            });
            if e.method == "DELETE" && verdict == Verdict::Bypassed {
                break; // the object is gone
            }
        }
    }
}

/// PUT/PATCH on objects the tester did not create (the identities' own
/// seeded objects), made harmless: the body carries only fields the
/// object already has, with the values it already has, so even a bypass
/// writes nothing new. The owner's same request is the baseline, and the
/// detectors compare the two answers as for reads.
async fn noop_writes<T: Transport>(
    s: &Session<T>,
    e: &Endpoint,
    endpoints: &[Endpoint],
    owned: &[BTreeMap<String, Vec<String>>],
    created: &BTreeSet<(usize, String)>,
    users: &[usize],
    out: &mut Outcome,
) {
    let Some(p) = e.object_params().find(|p| p.location == ParamIn::Path) else {
        return;
    };
    let Some(reader) = endpoints
        .iter()
        .find(|r| r.method == "GET" && r.path == e.path)
    else {
        return;
    };
    let res = param_resource(e, &p.name, p.location);
    let keys: Vec<String> = e
        .body
        .as_ref()
        .and_then(Value::as_object)
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    for &o in users {
        let Some(id) = owned[o]
            .get(&res)
            .and_then(|ids| ids.iter().find(|id| !created.contains(&(o, (*id).clone()))))
        else {
            continue;
        };
        let values = BTreeMap::from([(p.name.clone(), id.clone())]);
        let (Some(read), Some(f)) = (fill(reader, &values), fill(e, &values)) else {
            continue;
        };
        let Ok((_, current)) = s.send_as(Some(o), "GET", &read.target, None).await else {
            continue;
        };
        let Some(cur) = serde_json::from_slice::<Value>(&current.body)
            .ok()
            .filter(|_| two(&current))
        else {
            continue;
        };
        let body: Map<String, Value> = keys
            .iter()
            .filter(|k| !crate::endpoint::names_object(k))
            .filter_map(|k| {
                cur.get(k)
                    .filter(|v| !v.is_null())
                    .map(|v| (k.clone(), v.clone()))
            })
            .collect();
        if body.is_empty() {
            out.skipped.push(format!(
                "{}: no field of the request body is in {res} {id}'s current state; a harmless replay is not possible",
                e.key()
            ));
            continue;
        }
        let noop = Filled {
            target: f.target,
            json: Some(Value::Object(body)),
            object: f.object,
        };
        let before = out.checks.len();
        replay(s, e, &noop, o, &res, users, CheckKind::BolaWrite, out).await;
        for c in &mut out.checks[before..] {
            c.reasons
                .push("no-op write: the body repeats the object's current values".into());
        }
    }
}

/// Put `marker` into the first string field of a body.
fn mark(mut body: Value, marker: &str) -> Value {
    if let Some(o) = body.as_object_mut() {
        if let Some((_, v)) = o
            .iter_mut()
            .find(|(k, v)| v.is_string() && !crate::endpoint::names_object(k))
        {
            *v = Value::from(marker);
        } else {
            o.insert("note".into(), Value::from(marker));
        }
    }
    body
}

/// Fields worth forging on a create: references to a user, and role flags.
const PRIVILEGED: [&str; 6] = [
    "role",
    "isadmin",
    "admin",
    "permissions",
    "scope",
    "verified",
];

#[allow(clippy::too_many_arguments)]
async fn mass_assignment<T: Transport>(
    s: &Session<T>,
    e: &Endpoint,
    res: &str,
    samples: &BTreeMap<String, Map<String, Value>>,
    bags: &[BTreeMap<String, BTreeSet<String>>],
    users: &[usize],
    out: &mut Outcome,
    created: &mut Vec<(usize, String, String, String)>,
) {
    let Some(sample) = samples.get(res) else {
        return;
    };
    let sent: BTreeSet<&String> = e
        .body
        .as_ref()
        .and_then(Value::as_object)
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    let Some(&a) = users.first() else { return };
    for (field, current) in sample {
        if sent.contains(field) || field == "id" {
            continue;
        }
        let field_res = resource(&stem(field));
        let forged = if field_res == "user"
            && field != "id"
            && (field.ends_with("id") || field.ends_with("Id"))
        {
            // another user's id, as the same JSON type
            let other = users.iter().find(|&&u| u != a).and_then(|&u| {
                bags[u]
                    .get("user")
                    .and_then(|ids| {
                        ids.iter()
                            .find(|id| !bags[a].get("user").is_some_and(|m| m.contains(*id)))
                    })
                    .cloned()
            });
            match (other, current) {
                (Some(v), Value::Number(_)) => v.parse::<i64>().ok().map(Value::from),
                (Some(v), _) => Some(Value::from(v)),
                _ => None,
            }
        } else if PRIVILEGED.contains(&norm(field).as_str()) {
            match current {
                Value::Bool(_) => Some(Value::Bool(true)),
                Value::String(_) => Some(Value::from("admin")),
                _ => None,
            }
        } else {
            None
        };
        let Some(forged) = forged else { continue };
        let mut body = e.body.clone().unwrap_or(Value::Object(Map::new()));
        if let Some(o) = body.as_object_mut() {
            o.insert(field.clone(), forged.clone());
        }
        let (req, r) = match s.send_as(Some(a), "POST", &e.path, Some(body)).await {
            Ok(x) => x,
            Err(err) => {
                s.error(format!("{} as {}: {err}", e.key(), s.name(Some(a))));
                continue;
            }
        };
        let got = serde_json::from_slice::<Value>(&r.body).ok();
        if let Some(id) = got.as_ref().and_then(|v| v.get("id")).map(|x| match x {
            Value::String(s) => s.clone(),
            o => o.to_string(),
        }) {
            created.push((a, res.to_string(), id, e.collection()));
            s.stats.lock().expect("stats").objects_created += 1;
        }
        let took = two(&r) && got.as_ref().and_then(|v| v.get(field)) == Some(&forged);
        let (verdict, why) = if took {
            (
                Verdict::Bypassed,
                format!("the server accepted `{field}` = {forged} from the client and stored it"),
            )
        } else if two(&r) {
            (
                Verdict::Enforced,
                format!(
                    "status {} and `{field}` was not taken from the request",
                    r.status
                ),
            )
        } else {
            (
                Verdict::Enforced,
                format!("status {} refused the request that set `{field}`", r.status),
            )
        };
        out.checks.push(Check {
            kind: CheckKind::MassAssignment,
            endpoint: e.key(),
            object: format!("{field}={forged}"),
            id_kind: None,
            resource: res.to_string(),
            owner: s.name(Some(a)),
            actor: s.name(Some(a)),
            verdict,
            reasons: vec![why],
            owner_exchange: None,
            actor_exchange: s.show(Some(a), &req, &r),
        });
    }
}
