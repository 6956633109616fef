//! YAML text -> validated [`Model`], or every error at its file:line:col.
//!
//! Two passes. `marked_yaml` parses and deserialises into the spanned
//! [`raw`](crate::raw) schema; syntax errors, wrong types and unknown
//! fields stop there with the position the parser gives. The second pass
//! resolves references and checks the model's meaning (duplicate ids,
//! unknown references, boundary cycles, declared crossings that do not
//! happen, unknown catalog controls) and reports *all* such errors at once,
//! sorted by position, so a person fixes a model in one round.

use crate::content::Content;
use crate::kinds::*;
use crate::model::*;
use crate::raw::*;
use marked_yaml::{LoadError, LoaderOptions, Spanned};
use report::{Diagnostic, Severity, Span, Stride};
use std::collections::HashMap;

/// Largest model accepted, in bytes. A 10,000-element model is about 2 MB;
/// anything past this is almost certainly the wrong file.
pub const MAX_MODEL_BYTES: usize = 64 * 1024 * 1024;

/// Deepest nesting of YAML collections accepted. Real models nest four
/// levels; the limit keeps hostile input from exhausting the stack.
const MAX_DEPTH: usize = 64;

/// Parse raw bytes (checks size, binary content and UTF-8 first).
pub fn parse_bytes(path: &str, bytes: &[u8], content: &Content) -> Result<Model, Vec<Diagnostic>> {
    parse_bytes_with(path, bytes, content, &impact::CostModel::default())
}

/// Like [`parse_bytes`], with the cost figures to use where the model's
/// `business:` section is silent (from a config file or flags).
pub fn parse_bytes_with(
    path: &str,
    bytes: &[u8],
    content: &Content,
    base: &impact::CostModel,
) -> Result<Model, Vec<Diagnostic>> {
    if bytes.len() > MAX_MODEL_BYTES {
        return Err(vec![Diagnostic::new(
            path,
            1,
            1,
            format!(
                "the file is {} bytes; models larger than {} bytes are refused",
                bytes.len(),
                MAX_MODEL_BYTES
            ),
        )
        .with_help(
            "split the system into several models, one per service boundary",
        )]);
    }
    let text = Diagnostic::check_text(path, bytes).map_err(|d| vec![d])?;
    parse_str_with(path, text, content, base)
}

/// Parse YAML text into a validated model.
pub fn parse_str(path: &str, text: &str, content: &Content) -> Result<Model, Vec<Diagnostic>> {
    parse_str_with(path, text, content, &impact::CostModel::default())
}

/// Like [`parse_str`], with base cost figures (see [`parse_bytes_with`]).
pub fn parse_str_with(
    path: &str,
    text: &str,
    content: &Content,
    base: &impact::CostModel,
) -> Result<Model, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::new(path, 1, 1, "the model is empty")
            .with_help("start from `barraiser threat-model init payment-fraud`, or see docs/threat-model-format.md")]);
    }
    if let Some((line, col)) = too_deep(text) {
        return Err(vec![Diagnostic::new(
            path,
            line,
            col,
            format!("nesting deeper than {MAX_DEPTH} levels"),
        )
        .with_help("a threat model needs at most four levels of nesting")]);
    }
    let options = LoaderOptions::default().error_on_duplicate_keys(true);
    let node = marked_yaml::parse_yaml_with_options(0, text, options)
        .map_err(|e| vec![load_error(path, e)])?;
    let raw: RawModel = marked_yaml::from_node(&node).map_err(|e| {
        let (line, col) = e
            .start_mark()
            .map(|m| (m.line() as u32, m.column() as u32))
            .unwrap_or((1, 1));
        let at = e.path().map(|p| format!("{p}: ")).unwrap_or_default();
        let msg = match &*e {
            marked_yaml::Error::IntegerParseFailure(..) => {
                format!("{at}expected a whole number (no quotes, no units)")
            }
            marked_yaml::Error::FloatParseFailure(..) => format!("{at}expected a number"),
            marked_yaml::Error::NotBoolean(..) => format!("{at}expected true or false"),
            _ => tidy_serde_message(&e.to_string()),
        };
        let help = type_help(&msg);
        let mut d = Diagnostic::new(path, line, col, msg);
        if let Some(h) = help {
            d = d.with_help(h);
        }
        vec![d]
    })?;
    Validator::new(path, content).run(raw, base)
}

/// Cheap pre-scan for flow-style nesting depth (`[[[[...`), the only way a
/// short input can nest deeply enough to threaten the recursive loader.
fn too_deep(text: &str) -> Option<(u32, u32)> {
    let (mut depth, mut line, mut col) = (0usize, 1u32, 0u32);
    for c in text.chars() {
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = 0;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((line, col));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // Block-style depth: indentation / 2 bounds it.
    let mut line_no = 0u32;
    for l in text.lines() {
        line_no += 1;
        let indent = l.len() - l.trim_start_matches([' ', '-']).len();
        if indent / 2 > MAX_DEPTH * 2 {
            return Some((line_no, 1));
        }
    }
    None
}

fn load_error(path: &str, e: LoadError) -> Diagnostic {
    let at = |m: &marked_yaml::Marker| (m.line() as u32, m.column() as u32);
    let ((line, col), msg, help) = match &e {
        LoadError::TopLevelMustBeMapping(m) => (
            at(m),
            "the top level must be a mapping (`name:`, `actors:`, `flows:` ...)".to_string(),
            "see docs/threat-model-format.md for a complete example",
        ),
        LoadError::TopLevelMustBeSequence(m) => (
            at(m),
            "unexpected top-level sequence".to_string(),
            "the top level is a mapping",
        ),
        LoadError::UnexpectedAnchor(m) => (
            at(m),
            "YAML anchors and aliases are not supported".to_string(),
            "write the value out in full",
        ),
        LoadError::MappingKeyMustBeScalar(m) => (
            at(m),
            "mapping keys must be plain strings".to_string(),
            "use `key: value`",
        ),
        LoadError::UnexpectedTag(m) => (
            at(m),
            "YAML tags (`!tag`) are not supported".to_string(),
            "remove the tag",
        ),
        LoadError::ScanError(m, s) => (
            at(m),
            format!(
                "YAML syntax error: {}",
                strip_scanner_position(&s.to_string())
            ),
            "check indentation and quoting on this line or the one before",
        ),
        LoadError::DuplicateKey(inner) => {
            let m = inner.key.span().start().copied();
            let prev = inner
                .prev_key
                .span()
                .start()
                .map(|p| format!(" (first at line {})", p.line()))
                .unwrap_or_default();
            (
                m.map(|m| at(&m)).unwrap_or((1, 1)),
                format!("duplicate key `{}`{prev}", inner.key.as_str()),
                "keep one of the two",
            )
        }
    };
    Diagnostic::new(path, line, col.max(1), msg).with_help(help)
}

fn tidy_serde_message(msg: &str) -> String {
    msg.trim().replace("Unknown field", "unknown field")
}

/// A hint for the common type errors serde reports.
fn type_help(msg: &str) -> Option<String> {
    if msg.contains("unknown variant") {
        Some("use one of the values listed; docs/threat-model-format.md lists every kind".into())
    } else if msg.contains("unknown field") {
        Some("check the spelling; docs/threat-model-format.md lists every field".into())
    } else if msg.contains("missing field") {
        Some("add the field; it is required".into())
    } else if msg.contains("invalid type") || msg.contains("expected") {
        Some("check the value's type: numbers without quotes, lists as `[a, b]` or `- a`".into())
    } else {
        None
    }
}

fn span_of<T>(path: &str, s: &Spanned<T>) -> Span {
    let (line, col) = s
        .span()
        .start()
        .map(|m| (m.line() as u32, m.column() as u32))
        .unwrap_or((1, 1));
    Span {
        path: path.to_string(),
        start_line: line,
        start_column: col,
        end_line: None,
        end_column: None,
    }
}

#[derive(Clone, Copy)]
enum Ref {
    Boundary(usize),
    Element(usize),
    Data(usize),
    Flow(usize),
}

impl Ref {
    fn noun(self) -> &'static str {
        match self {
            Ref::Boundary(_) => "a boundary",
            Ref::Element(_) => "an actor, service or data store",
            Ref::Data(_) => "a data asset",
            Ref::Flow(_) => "a flow",
        }
    }
}

struct Validator<'a> {
    path: &'a str,
    content: &'a Content,
    ids: HashMap<String, (Ref, Span)>,
    errors: Vec<Diagnostic>,
}

impl<'a> Validator<'a> {
    fn new(path: &'a str, content: &'a Content) -> Self {
        Validator {
            path,
            content,
            ids: HashMap::new(),
            errors: Vec::new(),
        }
    }

    fn err(&mut self, span: &Span, msg: String, help: impl Into<String>) {
        self.errors.push(
            Diagnostic::new(self.path, span.start_line, span.start_column, msg).with_help(help),
        );
    }

    fn declare(&mut self, id: &Spanned<String>, r: Ref) -> Span {
        let span = span_of(self.path, id);
        if id.is_empty() {
            self.err(
                &span,
                "empty id".into(),
                "give every element a short kebab-case id",
            );
        } else if let Some((_, first)) = self.ids.get(id.as_str()) {
            let first_line = first.start_line;
            self.err(
                &span,
                format!("duplicate id `{}` (first declared at line {first_line})", id.as_str()),
                "ids are shared by boundaries, actors, services, stores, data and flows; rename one",
            );
        } else {
            self.ids.insert(id.to_string(), (r, span.clone()));
        }
        span
    }

    /// Resolve a reference that must name something `want` accepts.
    fn resolve(
        &mut self,
        r: &Spanned<String>,
        what: &str,
        want: fn(Ref) -> Option<usize>,
        example: Ref,
    ) -> Option<usize> {
        let span = span_of(self.path, r);
        match self.ids.get(r.as_str()).map(|(x, _)| *x) {
            Some(found) => match want(found) {
                Some(i) => Some(i),
                None => {
                    self.err(
                        &span,
                        format!(
                            "{what} `{}` is {}, not {}",
                            r.as_str(),
                            found.noun(),
                            example.noun()
                        ),
                        format!("{what} must name {}", example.noun()),
                    );
                    None
                }
            },
            None => {
                let candidates: Vec<&str> = self
                    .ids
                    .iter()
                    .filter(|(_, (x, _))| want(*x).is_some())
                    .map(|(k, _)| k.as_str())
                    .collect();
                let help = match closest(r.as_str(), &candidates) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!(
                        "declare {} with this id, or fix the reference",
                        example.noun()
                    ),
                };
                self.err(&span, format!("unknown {what} `{}`", r.as_str()), help);
                None
            }
        }
    }

    fn controls(&mut self, list: &[Spanned<String>]) -> Vec<String> {
        let mut out = Vec::new();
        for c in list {
            if self.content.mitigation(c.as_str()).is_some() {
                out.push(c.to_string());
            } else {
                let span = span_of(self.path, c);
                let ids: Vec<&str> = self.content.mitigations.iter().map(|m| &*m.id).collect();
                let help = match closest(c.as_str(), &ids) {
                    Some(s) => format!("did you mean `{s}`? (`barraiser threat-model mitigations` lists the catalog)"),
                    None => "controls name mitigation catalog ids; `barraiser threat-model mitigations` lists them".into(),
                };
                self.err(&span, format!("unknown control `{}`", c.as_str()), help);
            }
        }
        out
    }

    fn run(mut self, raw: RawModel, base: &impact::CostModel) -> Result<Model, Vec<Diagnostic>> {
        let path = self.path.to_string();
        // Pass 1: declare every id.
        for (i, b) in raw.boundaries.iter().enumerate() {
            self.declare(&b.id, Ref::Boundary(i));
        }
        let mut n = 0;
        for a in &raw.actors {
            self.declare(&a.id, Ref::Element(n));
            n += 1;
        }
        for s in &raw.services {
            self.declare(&s.id, Ref::Element(n));
            n += 1;
        }
        for s in &raw.data_stores {
            self.declare(&s.id, Ref::Element(n));
            n += 1;
        }
        for (i, d) in raw.data.iter().enumerate() {
            self.declare(&d.id, Ref::Data(i));
        }
        for (i, f) in raw.flows.iter().enumerate() {
            self.declare(&f.id, Ref::Flow(i));
        }

        let as_boundary = |r| match r {
            Ref::Boundary(i) => Some(i),
            _ => None,
        };
        let as_element = |r| match r {
            Ref::Element(i) => Some(i),
            _ => None,
        };
        let as_data = |r| match r {
            Ref::Data(i) => Some(i),
            _ => None,
        };
        let as_flow = |r| match r {
            Ref::Flow(i) => Some(i),
            _ => None,
        };

        // Boundaries and their nesting.
        let mut boundaries = Vec::with_capacity(raw.boundaries.len());
        for b in &raw.boundaries {
            let parent = b
                .parent
                .as_ref()
                .and_then(|p| self.resolve(p, "parent boundary", as_boundary, Ref::Boundary(0)));
            boundaries.push(Boundary {
                id: b.id.to_string(),
                name: b.name.clone().unwrap_or_else(|| b.id.to_string()),
                kind: b.kind,
                parent,
                span: span_of(&path, &b.id),
            });
        }
        for start in 0..boundaries.len() {
            let mut seen = vec![start];
            let mut cur = boundaries[start].parent;
            while let Some(p) = cur {
                if p == start {
                    let span = boundaries[start].span.clone();
                    let chain: Vec<&str> =
                        seen.iter().map(|&i| boundaries[i].id.as_str()).collect();
                    self.err(
                        &span,
                        format!(
                            "boundary `{}` contains itself through its parents ({} -> {})",
                            boundaries[start].id,
                            chain.join(" -> "),
                            boundaries[start].id
                        ),
                        "a boundary's parent must be a larger boundary; remove one `parent`",
                    );
                    break;
                }
                if seen.contains(&p) {
                    break; // a cycle further out, reported from its own start
                }
                seen.push(p);
                cur = boundaries[p].parent;
            }
        }

        // Data assets.
        let data: Vec<DataAsset> = raw
            .data
            .iter()
            .map(|d| DataAsset {
                id: d.id.to_string(),
                name: d.name.clone().unwrap_or_else(|| d.id.to_string()),
                classification: d.classification,
                tags: d.tags.clone(),
                records: d.records,
                span: span_of(&path, &d.id),
            })
            .collect();

        // Elements.
        let mut elements = Vec::with_capacity(n);
        let boundary_of = |v: &mut Self, b: &Option<Spanned<String>>| {
            b.as_ref()
                .and_then(|b| v.resolve(b, "boundary", as_boundary, Ref::Boundary(0)))
        };
        for a in &raw.actors {
            let boundary = boundary_of(&mut self, &a.boundary);
            let controls = self.controls(&a.controls);
            elements.push(Element {
                id: a.id.to_string(),
                name: a.name.clone().unwrap_or_else(|| a.id.to_string()),
                kind: ElementKind::Actor(a.kind),
                boundary,
                description: a.description.clone(),
                internet_facing: false,
                privileges: Privileges::Broad,
                stores: vec![],
                at_rest: AtRest::None,
                public: false,
                backups: false,
                versioning: false,
                controls,
                span: span_of(&path, &a.id),
            });
        }
        for s in &raw.services {
            let boundary = boundary_of(&mut self, &s.boundary);
            let controls = self.controls(&s.controls);
            elements.push(Element {
                id: s.id.to_string(),
                name: s.name.clone().unwrap_or_else(|| s.id.to_string()),
                kind: ElementKind::Service(s.kind),
                boundary,
                description: s.description.clone(),
                internet_facing: s.internet_facing,
                privileges: s.privileges.unwrap_or(Privileges::Broad),
                stores: vec![],
                at_rest: AtRest::None,
                public: false,
                backups: false,
                versioning: false,
                controls,
                span: span_of(&path, &s.id),
            });
        }
        for s in &raw.data_stores {
            let boundary = boundary_of(&mut self, &s.boundary);
            let controls = self.controls(&s.controls);
            let stores = s
                .stores
                .iter()
                .filter_map(|d| self.resolve(d, "stored data", as_data, Ref::Data(0)))
                .collect();
            elements.push(Element {
                id: s.id.to_string(),
                name: s.name.clone().unwrap_or_else(|| s.id.to_string()),
                kind: ElementKind::Store(s.kind),
                boundary,
                description: s.description.clone(),
                internet_facing: s.public,
                privileges: Privileges::Broad,
                stores,
                at_rest: s.encryption_at_rest.unwrap_or(AtRest::None),
                public: s.public,
                backups: s.backups,
                versioning: s.versioning,
                controls,
                span: span_of(&path, &s.id),
            });
        }

        let mut model = Model {
            path: path.clone(),
            name: raw.name.to_string(),
            description: raw.description.clone(),
            user_story: None,
            users: raw.scale.users,
            requests_per_second: raw.scale.requests_per_second,
            costs: impact::CostModel {
                cost_per_record_usd: raw
                    .business
                    .cost_per_record_usd
                    .unwrap_or(base.cost_per_record_usd),
                downtime_cost_per_hour_usd: raw
                    .business
                    .downtime_cost_per_hour_usd
                    .unwrap_or(base.downtime_cost_per_hour_usd),
                annual_turnover_eur: raw
                    .business
                    .annual_turnover_eur
                    .or(base.annual_turnover_eur),
                eur_to_usd: base.eur_to_usd,
            },
            boundaries,
            elements,
            data,
            flows: Vec::new(),
            assumptions: raw.assumptions.clone(),
            user_threats: Vec::new(),
            critical_flow: None,
            span: span_of(&path, &raw.name),
        };
        if !(model.costs.cost_per_record_usd.is_finite() && model.costs.cost_per_record_usd >= 0.0)
        {
            let span = model.span.clone();
            self.err(
                &span,
                "business.cost_per_record_usd must be a non-negative number".into(),
                "the usual figure is 165",
            );
        }
        let has_cycle = self
            .errors
            .iter()
            .any(|e| e.message.contains("contains itself"));

        // Flows.
        for f in &raw.flows {
            let span = span_of(&path, &f.id);
            let from = self.resolve(&f.from, "flow source", as_element, Ref::Element(0));
            let to = self.resolve(&f.to, "flow destination", as_element, Ref::Element(0));
            let data = f
                .data
                .iter()
                .filter_map(|d| self.resolve(d, "flow data", as_data, Ref::Data(0)))
                .collect();
            let controls = self.controls(&f.controls);
            let (Some(from), Some(to)) = (from, to) else {
                continue;
            };
            if from == to {
                self.err(
                    &span_of(&path, &f.to),
                    format!(
                        "flow `{}` goes from `{}` to itself",
                        f.id.as_str(),
                        f.from.as_str()
                    ),
                    "a data flow connects two different elements",
                );
                continue;
            }
            let crosses = if has_cycle {
                vec![]
            } else {
                model.crossings(from, to)
            };
            for c in &f.crosses {
                if let Some(b) = self.resolve(c, "crossed boundary", as_boundary, Ref::Boundary(0))
                {
                    if !has_cycle && !crosses.contains(&b) {
                        let actual: Vec<&str> = crosses
                            .iter()
                            .map(|&i| model.boundaries[i].id.as_str())
                            .collect();
                        let msg = format!(
                            "flow `{}` declares it crosses `{}`, but `{}` and `{}` are on the same side of it",
                            f.id.as_str(), c.as_str(), f.from.as_str(), f.to.as_str()
                        );
                        let help = if actual.is_empty() {
                            "the flow crosses no boundary: remove `crosses`, or move an endpoint into another boundary".to_string()
                        } else {
                            format!("it crosses: {}", actual.join(", "))
                        };
                        self.err(&span_of(&path, c), msg, help);
                    }
                }
            }
            model.flows.push(Flow {
                id: f.id.to_string(),
                name: f.name.clone().unwrap_or_else(|| f.id.to_string()),
                from,
                to,
                protocol: f.protocol,
                data,
                authentication: f.authentication.unwrap_or(Authentication::None),
                authorization: f.authorization.unwrap_or(Authorization::None),
                encryption: f.encryption.unwrap_or(Encryption::None),
                identity: f.identity.unwrap_or(Identity::None),
                logging: f.logging.clone(),
                crosses,
                controls,
                span,
            });
        }

        // Flow ids resolve to positions in `model.flows`, which differ from
        // raw positions when a flow was dropped for errors; map by id.
        let flow_pos = |model: &Model, id: &str| model.flow_by_id(id);

        if let Some(us) = &raw.user_story {
            let actor = self.resolve(&us.actor, "user story actor", as_element, Ref::Element(0));
            let asset = self.resolve(&us.asset, "user story asset", as_data, Ref::Data(0));
            if let (Some(actor), Some(asset)) = (actor, asset) {
                model.user_story = Some(UserStory {
                    actor,
                    action: us.action.clone(),
                    asset,
                });
            }
        }

        if let Some(cf) = &raw.critical_flow {
            if self
                .resolve(cf, "critical flow", as_flow, Ref::Flow(0))
                .is_some()
            {
                if let Some(i) = flow_pos(&model, cf.as_str()) {
                    model.critical_flow = Some((i, span_of(&path, cf)));
                }
            }
        }

        for t in &raw.threats {
            let span = span_of(&path, &t.id);
            let mut stride = Vec::new();
            for s in &t.stride {
                let letter = s.trim();
                let mut cs = letter.chars();
                match (cs.next().and_then(Stride::from_letter), cs.next()) {
                    (Some(x), None) => stride.push(x),
                    _ => self.err(
                        &span_of(&path, s),
                        format!("`{letter}` is not a STRIDE letter"),
                        "use S, T, R, I, D or E",
                    ),
                }
            }
            let target = match self.ids.get(t.target.as_str()).map(|(r, _)| *r) {
                Some(Ref::Element(i)) => Some(Target::Element(i)),
                Some(Ref::Flow(_)) => flow_pos(&model, t.target.as_str()).map(Target::Flow),
                Some(other) => {
                    self.err(
                        &span_of(&path, &t.target),
                        format!("threat target `{}` is {}", t.target.as_str(), other.noun()),
                        "a threat targets an actor, service, data store or flow",
                    );
                    None
                }
                None => {
                    let _ = self.resolve(&t.target, "threat target", as_element, Ref::Element(0));
                    None
                }
            };
            let priority = match &t.priority {
                Some(p) => match p.parse::<Severity>() {
                    Ok(s) => Some(s),
                    Err(e) => {
                        self.err(
                            &span_of(&path, p),
                            e.to_string(),
                            "priority is one of info, low, medium, high, critical",
                        );
                        None
                    }
                },
                None => None,
            };
            if let Some(target) = target {
                model.user_threats.push(UserThreat {
                    id: t.id.to_string(),
                    title: t.title.to_string(),
                    stride,
                    target,
                    priority,
                    mitigations: t
                        .mitigations
                        .iter()
                        .map(|m| (m.to_string(), span_of(&path, m)))
                        .collect(),
                    span,
                });
            }
        }

        if self.errors.is_empty() {
            Ok(model)
        } else {
            self.errors.sort();
            self.errors.dedup();
            Err(self.errors)
        }
    }
}

/// The candidate closest to `s` by edit distance, if it is close enough to
/// be a plausible typo.
fn closest<'c>(s: &str, candidates: &[&'c str]) -> Option<&'c str> {
    candidates
        .iter()
        .map(|c| (edit_distance(s, c), *c))
        .filter(|(d, c)| *d <= (s.len().max(c.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The YAML scanner appends "at byte N line L column C" to its messages;
/// the diagnostic already leads with `file:line:col`, so the tail is noise.
fn strip_scanner_position(msg: &str) -> &str {
    match msg.rfind(" at byte ") {
        Some(i) if msg[i..].contains(" line ") => &msg[..i],
        _ => msg,
    }
}
