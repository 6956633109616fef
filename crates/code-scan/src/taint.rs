//! The taint engine.
//!
//! One pass per function over the [`crate::ir`] form, in statement order:
//! an environment maps variables (and `obj.field` paths) to the taint they
//! hold. Taint starts at sources (request parameters, DOM locations, route
//! parameters) and at the function's own parameters (labelled `Param(i)`,
//! so one pass also yields the function's summary). It flows through
//! assignments, string building, collections, returns and calls; sanitizers
//! clear it for the rules they protect against; guards (`if x not in
//! ALLOWED: abort()`) clear it for the rest of the block.
//!
//! Calls to functions of the same file use the callee's summary: which
//! parameters reach the return value, and which reach a sink. Summaries are
//! computed on first use and cached, so each function is analysed once
//! however often it is called; recursion falls back to the default rule
//! (a call's result carries the taint of its receiver and arguments).
//!
//! Branches are analysed separately and their environments merged; a branch
//! that ends in `return`, `raise`/`throw` or `abort()` does not flow into
//! what follows. Loops run twice. This is path-insensitive but keeps the
//! common "validate then use" pattern precise.

use crate::ir::{Call, Callee, Expr, FileIr, FuncId, Lit, Pos, Stmt};
use crate::lang::Family;
use crate::model::{FamilyModel, Pat, Sink};
use std::collections::HashMap;
use std::rc::Rc;

/// Rules whose sinks are taint sinks, in bit order.
pub const TAINT_RULES: &[&str] = &[
    "sqli",
    "cmdi",
    "code-injection",
    "ldap-injection",
    "xpath-injection",
    "xss",
    "path-traversal",
    "ssrf",
    "open-redirect",
    "deserialization",
    "trust-boundary",
    "idor",
];

fn bit(rule: &str) -> u32 {
    TAINT_RULES
        .iter()
        .position(|r| *r == rule)
        .map(|i| 1u32 << i)
        .unwrap_or(0)
}

const IDOR_BIT: u32 = 1 << 11;
const ALL_INJECTION: u32 = ((1u32 << TAINT_RULES.len()) - 1) & !IDOR_BIT;

fn rules_mask(rules: &[String]) -> u32 {
    let mut m = 0;
    for r in rules {
        m |= match r.as_str() {
            "*" => ALL_INJECTION,
            "all" => ALL_INJECTION | IDOR_BIT,
            other => bit(other),
        };
    }
    m
}

/// One step of a taint path.
#[derive(Debug)]
pub struct Step {
    pub pos: Pos,
    pub note: String,
    pub prev: Option<Rc<Step>>,
}

impl Step {
    fn chain(&self) -> Vec<(Pos, String)> {
        let mut out = vec![(self.pos, self.note.clone())];
        let mut cur = self.prev.clone();
        while let Some(s) = cur {
            out.push((s.pos, s.note.clone()));
            cur = s.prev.clone();
        }
        out.reverse();
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Root {
    Source,
    Param(u16),
}

#[derive(Debug, Clone)]
struct Origin {
    root: Root,
    trace: Rc<Step>,
    /// Rules this value has been sanitized for.
    clean: u32,
}

/// The taint of a value: where it may have come from.
#[derive(Debug, Clone, Default)]
pub struct Taint(Vec<Origin>);

const MAX_ORIGINS: usize = 4;

impl Taint {
    fn is_clean(&self) -> bool {
        self.0.is_empty()
    }

    fn add(&mut self, other: &Taint) {
        for o in &other.0 {
            if self.0.len() >= MAX_ORIGINS {
                return;
            }
            if !self
                .0
                .iter()
                .any(|x| x.root == o.root && x.clean == o.clean)
            {
                self.0.push(o.clone());
            }
        }
    }

    fn union<'a>(parts: impl IntoIterator<Item = &'a Taint>) -> Taint {
        let mut t = Taint::default();
        for p in parts {
            t.add(p);
        }
        t
    }

    fn sanitized(mut self, mask: u32) -> Taint {
        for o in &mut self.0 {
            o.clean |= mask;
        }
        self
    }

    fn step(mut self, pos: Pos, note: impl Into<String>) -> Taint {
        let note = note.into();
        for o in &mut self.0 {
            o.trace = Rc::new(Step {
                pos,
                note: note.clone(),
                prev: Some(o.trace.clone()),
            });
        }
        self
    }

    /// Taint that is live for `rule` (not sanitized) and rooted at a source.
    pub fn live_source(&self, rule: &str) -> bool {
        let b = bit(rule);
        self.0
            .iter()
            .any(|o| o.root == Root::Source && o.clean & b == 0)
    }

    /// True when attacker data reaches here, sanitized or not, except
    /// records looked up with it (those are cleaned of every injection).
    pub fn from_source(&self) -> bool {
        self.0
            .iter()
            .any(|o| o.root == Root::Source && o.clean & ALL_INJECTION != ALL_INJECTION)
    }
}

/// A source-to-sink flow found in a file.
#[derive(Debug, Clone)]
pub struct Hit {
    pub rule: String,
    /// Where the sink call or assignment is.
    pub pos: Pos,
    pub sink_label: String,
    /// Steps from the source to the sink, the sink last.
    pub path: Vec<(Pos, String)>,
    /// The function holding the sink.
    pub func: FuncId,
}

#[derive(Debug, Clone)]
struct ParamSink {
    param: u16,
    rule: String,
    pos: Pos,
    label: String,
    trace: Rc<Step>,
    clean: u32,
    func: FuncId,
}

#[derive(Debug, Default)]
struct Summary {
    ret: Taint,
    param_sinks: Vec<ParamSink>,
}

/// A fact about a comparison, for the plaintext-password rule.
#[derive(Debug, Clone)]
pub struct CompareFact {
    pub func: FuncId,
    pub pos: Pos,
    pub op: String,
    pub lhs_text: String,
    pub rhs_text: String,
    pub lhs_source: bool,
    pub rhs_source: bool,
    pub lhs_literal: bool,
    pub rhs_literal: bool,
}

/// A returned value, for rules about what routes return.
#[derive(Debug, Clone)]
pub struct ReturnFact {
    pub func: FuncId,
    pub pos: Pos,
    pub path: Option<Vec<(Pos, String)>>,
    /// The returned expression builds a string containing a literal that
    /// starts with this text (for `"redirect:" + url`) or contains HTML.
    pub literal_prefix: Option<String>,
    pub has_html_literal: bool,
}

/// What the engine learned about a file.
#[derive(Debug, Default)]
pub struct Facts {
    pub hits: Vec<Hit>,
    pub compares: Vec<CompareFact>,
    pub returns: Vec<ReturnFact>,
    /// Resolved call path by the call's start byte (Java: `Type.method`).
    pub call_paths: HashMap<u32, String>,
    /// Java local variable types by (function, name).
    pub var_types: HashMap<(FuncId, String), String>,
    /// Functions whose parameters the framework fills from the request.
    pub source_params: HashMap<FuncId, Vec<usize>>,
}

/// An enclosing function's environment, its variable types, and the taint
/// an inline function's parameters receive.
type Closure<'e> = (
    &'e HashMap<String, Taint>,
    &'e HashMap<String, String>,
    Taint,
);

struct Frame {
    fid: FuncId,
    env: HashMap<String, Taint>,
    types: HashMap<String, String>,
    summary: Summary,
}

/// Run the engine over a lowered file.
pub fn analyse(ir: &FileIr, fam: Family, m: &FamilyModel, src: &[u8]) -> Facts {
    let mut by_name: HashMap<String, Vec<FuncId>> = HashMap::new();
    for (i, f) in ir.functions.iter().enumerate() {
        if !f.is_module {
            by_name.entry(f.name.clone()).or_default().push(i);
        }
    }
    // JavaScript: `const helper = (x) => ...` names the function.
    for f in &ir.functions {
        collect_func_aliases(&f.body, &mut by_name);
    }
    let n = ir.functions.len();
    let mut a = Engine {
        ir,
        fam,
        m,
        src,
        by_name,
        summaries: (0..n).map(|_| None).collect(),
        in_progress: vec![false; n],
        facts: Facts::default(),
        sanitizer_masks: m.sanitizers.iter().map(|s| rules_mask(&s.rules)).collect(),
    };
    for fid in 0..n {
        a.summary(fid);
    }
    let mut facts = a.facts;
    facts
        .hits
        .sort_by(|x, y| (x.pos.start_byte, &x.rule).cmp(&(y.pos.start_byte, &y.rule)));
    facts
        .hits
        .dedup_by(|x, y| x.rule == y.rule && x.pos.line == y.pos.line);
    facts
}

fn collect_func_aliases(body: &[Stmt], by_name: &mut HashMap<String, Vec<FuncId>>) {
    for s in body {
        if let Stmt::Assign {
            target: Expr::Name(n, _),
            value: Expr::Func(id, _),
            ..
        } = s
        {
            by_name.entry(n.clone()).or_default().push(*id);
        }
    }
}

struct Engine<'a> {
    ir: &'a FileIr,
    fam: Family,
    m: &'a FamilyModel,
    src: &'a [u8],
    by_name: HashMap<String, Vec<FuncId>>,
    summaries: Vec<Option<Rc<Summary>>>,
    in_progress: Vec<bool>,
    facts: Facts,
    sanitizer_masks: Vec<u32>,
}

fn root_step(pos: Pos, note: String) -> Rc<Step> {
    Rc::new(Step {
        pos,
        note,
        prev: None,
    })
}

impl<'a> Engine<'a> {
    fn text(&self, pos: Pos) -> &'a str {
        let s = pos.start_byte as usize;
        let e = (pos.end_byte as usize).min(self.src.len());
        std::str::from_utf8(&self.src[s.min(e)..e]).unwrap_or("")
    }

    fn short(&self, pos: Pos) -> String {
        let t = self.text(pos);
        let t = t.lines().next().unwrap_or("");
        if t.chars().count() > 60 {
            let cut: String = t.chars().take(57).collect();
            format!("{cut}...")
        } else {
            t.to_string()
        }
    }

    /// The summary of `fid`, analysing it on first use.
    fn summary(&mut self, fid: FuncId) -> Option<Rc<Summary>> {
        if let Some(s) = &self.summaries[fid] {
            return Some(s.clone());
        }
        if self.in_progress[fid] {
            return None;
        }
        self.in_progress[fid] = true;
        let s = Rc::new(self.run_function(fid, None));
        self.in_progress[fid] = false;
        self.summaries[fid] = Some(s.clone());
        Some(s)
    }

    /// Analyse a function. `closure` is the enclosing environment for
    /// inline functions (lambdas, callbacks) and the taint their
    /// parameters receive.
    fn run_function(&mut self, fid: FuncId, closure: Option<Closure>) -> Summary {
        let f = &self.ir.functions[fid];
        let mut frame = Frame {
            fid,
            env: HashMap::new(),
            types: HashMap::new(),
            summary: Summary::default(),
        };
        let mut param_taint = None;
        if let Some((env, types, t)) = closure {
            frame.env = env.clone();
            frame.types = types.clone();
            param_taint = Some(t);
        }
        let source_params = self.source_params(fid);
        for (i, p) in f.params.iter().enumerate() {
            if let Some(ty) = &p.ty {
                frame.types.insert(p.name.clone(), ty.clone());
            }
            let t = if let Some(label) = source_params.iter().find(|(j, _)| *j == i).map(|x| &x.1) {
                Taint(vec![Origin {
                    root: Root::Source,
                    trace: root_step(p.pos, format!("{label}: parameter `{}`", p.name)),
                    clean: 0,
                }])
            } else if let Some(t) = &param_taint {
                t.clone()
            } else {
                Taint(vec![Origin {
                    root: Root::Param(i as u16),
                    trace: root_step(p.pos, format!("parameter `{}`", p.name)),
                    clean: 0,
                }])
            };
            frame.env.insert(p.name.clone(), t);
        }
        if !source_params.is_empty() {
            self.facts
                .source_params
                .insert(fid, source_params.iter().map(|x| x.0).collect());
        }
        let body = &self.ir.functions[fid].body;
        self.block(&mut frame, body);
        for (k, v) in &frame.types {
            self.facts.var_types.insert((fid, k.clone()), v.clone());
        }
        frame.summary
    }

    /// Parameters of `fid` that the framework fills from the request, with
    /// a label.
    fn source_params(&self, fid: FuncId) -> Vec<(usize, String)> {
        let f = &self.ir.functions[fid];
        let mut out = Vec::new();
        for ps in &self.m.param_sources {
            let decorated = !ps.decorator.is_empty()
                && f.decorators.iter().any(|d| {
                    let resolved = self.ir.resolve(&d.name);
                    ps.decorator
                        .iter()
                        .any(|p| p.matches_call(&resolved) || p.matches_call(&d.name))
                });
            let implicit = !ps.implicit_in.is_empty()
                && f.decorators
                    .iter()
                    .any(|d| ps.implicit_in.iter().any(|a| a == &d.name));
            let mut after = false;
            for (i, p) in f.params.iter().enumerate() {
                let annotated = p
                    .annotations
                    .iter()
                    .any(|a| ps.annotation.iter().any(|x| x == &a.name));
                let typed =
                    p.ty.as_deref()
                        .is_some_and(|t| ps.param_type.iter().any(|x| x == t));
                let excluded = p.default.as_ref().is_some_and(|d| match d {
                    Expr::Call(c) => c
                        .method_name()
                        .is_some_and(|n| ps.except_default.iter().any(|x| x == n)),
                    _ => false,
                }) || p
                    .ty
                    .as_deref()
                    .is_some_and(|t| ps.except_type.iter().any(|x| t.contains(x.as_str())))
                    || p.name == "self"
                    || p.name == "cls";
                let implicit_ok = implicit
                    && p.annotations.is_empty()
                    && p.ty.as_deref().is_some_and(|t| {
                        matches!(t, "String" | "Long" | "Integer" | "long" | "int" | "UUID")
                    });
                let by_after = after && !excluded;
                if let Some(first) = &ps.after_param {
                    if i == 0 && &p.name == first
                        || i == 1 && &p.name == first && f.params[0].name == "self"
                    {
                        after = true;
                    }
                }
                if (annotated || typed || (decorated && !excluded) || implicit_ok || by_after)
                    && !out.iter().any(|(j, _)| *j == i)
                {
                    out.push((i, ps.label.clone()));
                }
            }
        }
        out
    }

    fn block(&mut self, fr: &mut Frame, stmts: &[Stmt]) -> bool {
        for s in stmts {
            if self.stmt(fr, s) {
                return true;
            }
        }
        false
    }

    /// Run one statement; true when it ends the block (return, throw,
    /// abort).
    fn stmt(&mut self, fr: &mut Frame, s: &Stmt) -> bool {
        match s {
            Stmt::Assign {
                target,
                value,
                declared,
                pos,
            } => {
                let t = self.eval(fr, value);
                if let (Some(ty), Expr::Name(n, _)) = (declared, target) {
                    fr.types.insert(n.clone(), ty.clone());
                } else if let Expr::Name(n, _) = target {
                    if let Some(ty) = self.type_of(fr, value) {
                        fr.types.insert(n.clone(), ty);
                    }
                }
                self.assign(fr, target, t, *pos);
                false
            }
            Stmt::Expr(e) => {
                self.eval(fr, e);
                matches!(e, Expr::Call(c) if is_abort(c))
            }
            Stmt::Return(e, pos) => {
                if let Some(e) = e {
                    let t = self.eval(fr, e);
                    self.record_return(fr, e, &t, *pos);
                    fr.summary.ret.add(&t);
                }
                true
            }
            Stmt::Throw(e, _) => {
                self.eval(fr, e);
                true
            }
            Stmt::Block(b) => self.block(fr, b),
            Stmt::Loop { head, body } => {
                for _ in 0..2 {
                    self.block(fr, head);
                    let saved = fr.env.clone();
                    self.block(fr, body);
                    merge(&mut fr.env, &saved);
                }
                false
            }
            Stmt::If {
                cond, then, els, ..
            } => {
                self.eval(fr, cond);
                let guarded = guard_vars(cond);
                let before = fr.env.clone();
                // `if (ALLOWED.contains(x)) { use(x) }`: inside the branch x
                // passed the check.
                for (v, mask) in self.positive_guards(cond) {
                    vet(&mut fr.env, &v, mask);
                }
                let then_ends = self.block(fr, then);
                let then_env = std::mem::replace(&mut fr.env, before);
                let else_ends = self.block(fr, els);
                match (then_ends, else_ends) {
                    (true, true) => return true,
                    (true, false) => {
                        // `if bad(x): abort()` — x is checked from here on.
                        for (v, mask) in &guarded {
                            vet(&mut fr.env, v, *mask);
                        }
                    }
                    (false, true) => fr.env = then_env,
                    (false, false) => {
                        // `if x not in ALLOWED: x = "light"`: the branch
                        // replaces a value that failed the check with a
                        // clean one, so x is vetted afterwards.
                        for (v, mask) in &guarded {
                            if then_env.get(v).is_some_and(Taint::is_clean) {
                                vet(&mut fr.env, v, *mask);
                            }
                        }
                        merge(&mut fr.env, &then_env)
                    }
                }
                false
            }
        }
    }

    /// Variables vetted when `cond` is true: a check call or membership
    /// test, or a conjunction (`&&`, `and`) of them. Negations give none.
    fn positive_guards(&self, cond: &Expr) -> Vec<(String, u32)> {
        match cond {
            Expr::Call(_) => guard_vars(cond),
            Expr::Compare { op, .. } => {
                if op.contains("not") || op.starts_with('!') {
                    vec![]
                } else {
                    guard_vars(cond)
                }
            }
            Expr::Arith(parts, _) | Expr::Cond(parts, _) if parts.len() == 2 => {
                let (a, b) = (parts[0].pos(), parts[1].pos());
                let between = self.src.get(a.end_byte as usize..b.start_byte as usize);
                let op = between
                    .and_then(|x| std::str::from_utf8(x).ok())
                    .unwrap_or("")
                    .trim()
                    .trim_matches(|c| c == '(' || c == ')')
                    .trim();
                if op == "&&" || op == "and" {
                    let mut out = self.positive_guards(&parts[0]);
                    out.extend(self.positive_guards(&parts[1]));
                    out
                } else {
                    vec![]
                }
            }
            _ => vec![],
        }
    }

    fn record_return(&mut self, fr: &Frame, e: &Expr, t: &Taint, pos: Pos) {
        let path =
            t.0.iter()
                .find(|o| o.root == Root::Source && o.clean & bit("xss") == 0)
                .map(|o| {
                    let mut p = o.trace.chain();
                    p.push((pos, "returned as the response".into()));
                    p
                });
        let mut lits = Vec::new();
        collect_literals(e, &mut lits);
        let has_html = lits.iter().any(|l| looks_like_html(l));
        let literal_prefix = match e {
            Expr::Concat(parts, _) => parts.first().and_then(|p| p.literal_str()),
            Expr::Call(c) if c.is_new => c.positional(0).and_then(|a| match a {
                Expr::Concat(parts, _) => parts.first().and_then(|p| p.literal_str()),
                _ => None,
            }),
            _ => None,
        };
        self.facts.returns.push(ReturnFact {
            func: fr.fid,
            pos,
            path,
            literal_prefix,
            has_html_literal: has_html,
        });
    }

    /// Static type of an expression (Java): declared variables, fields,
    /// constructors, and modelled return types.
    fn type_of(&self, fr: &Frame, e: &Expr) -> Option<String> {
        match e {
            Expr::Name(n, _) => fr
                .types
                .get(n)
                .or_else(|| self.ir.field_types.get(n))
                .cloned()
                .or_else(|| {
                    (self.fam == Family::Java && n.starts_with(|c: char| c.is_ascii_uppercase()))
                        .then(|| n.clone())
                }),
            Expr::Call(c) if c.is_new => match &c.callee {
                Callee::Name(n) => Some(n.clone()),
                _ => None,
            },
            Expr::Call(c) => {
                let path = self.call_path(fr, c);
                self.m
                    .returns
                    .iter()
                    .find(|r| r.call.iter().any(|p| p.matches_call(&path)))
                    .map(|r| r.ty.clone())
                    .or_else(|| {
                        // Python and JS constructors of imported classes:
                        // `httpx.AsyncClient()`, `requests.Session()`.
                        let last = path.rsplit('.').next().unwrap_or("");
                        (self.fam != Family::Java
                            && path.contains('.')
                            && !path.starts_with('?')
                            && last.starts_with(|c: char| c.is_ascii_uppercase()))
                        .then_some(path)
                    })
            }
            Expr::Member(obj, name, _) if self.fam == Family::Java => {
                // A fully qualified class (`org.owasp.encoder.Encode`) is
                // its simple name; `System.out` and the like stay dotted.
                if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    Some(name.clone())
                } else {
                    obj.dotted().map(|d| format!("{d}.{name}"))
                }
            }
            _ => None,
        }
    }

    /// The dotted path of a call, for model matching.
    fn call_path(&self, fr: &Frame, c: &Call) -> String {
        match &c.callee {
            Callee::Name(n) => {
                if c.is_new && self.fam == Family::Java {
                    // Java types are matched by simple name.
                    format!("new {n}")
                } else if c.is_new {
                    format!("new {}", self.ir.resolve(n))
                } else {
                    self.ir.resolve(n)
                }
            }
            Callee::Method { recv, name } => {
                if self.fam == Family::Java {
                    match self.type_of(fr, recv) {
                        Some(t) => format!("{t}.{name}"),
                        None => format!("?.{name}"),
                    }
                } else {
                    // A local bound to an imported class's instance is
                    // matched by that class: `client.post` on an
                    // `httpx.AsyncClient` is `httpx.AsyncClient.post`.
                    let typed = match recv {
                        Expr::Name(n, _) => fr.types.get(n).filter(|t| t.contains('.')),
                        _ => None,
                    };
                    match typed.cloned().or_else(|| self.access_path(recv)) {
                        Some(p) => format!("{p}.{name}"),
                        None => format!("?.{name}"),
                    }
                }
            }
            Callee::Expr(_) => "?".into(),
        }
    }

    /// Resolved dotted path of a member/index/call chain, if it has a
    /// named root.
    fn access_path(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Name(n, _) => Some(self.ir.resolve(n)),
            Expr::Member(obj, name, _) => Some(format!("{}.{name}", self.access_path(obj)?)),
            Expr::Index(obj, _, _) => self.access_path(obj),
            Expr::Call(c) => match &c.callee {
                Callee::Name(n) => Some(self.ir.resolve(n)),
                Callee::Method { recv, name } => {
                    Some(format!("{}.{name}", self.access_path(recv)?))
                }
                Callee::Expr(_) => None,
            },
            _ => None,
        }
    }

    /// Unresolved key for the environment: `x`, `self.name`, `obj.f`.
    fn env_key(e: &Expr) -> Option<String> {
        match e {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Member(obj, name, _) => Some(format!("{}.{name}", Self::env_key(obj)?)),
            _ => None,
        }
    }

    fn source_at(&self, path: &str, pos: Pos) -> Option<Taint> {
        let s = self
            .m
            .sources
            .iter()
            .find(|s| s.path.iter().any(|p| p.matches_prefix(path)))?;
        Some(Taint(vec![Origin {
            root: Root::Source,
            trace: root_step(pos, format!("{}: `{}`", s.label, self.short(pos))),
            clean: 0,
        }]))
    }

    fn eval(&mut self, fr: &mut Frame, e: &Expr) -> Taint {
        match e {
            Expr::Lit(..) | Expr::Arith(..) | Expr::Compare { .. } => {
                if let Expr::Compare { op, lhs, rhs, pos } = e {
                    let lt = self.eval(fr, lhs);
                    let rt = self.eval(fr, rhs);
                    self.facts.compares.push(CompareFact {
                        func: fr.fid,
                        pos: *pos,
                        op: op.clone(),
                        lhs_text: self.text(lhs.pos()).to_string(),
                        rhs_text: self.text(rhs.pos()).to_string(),
                        lhs_source: lt.from_source(),
                        rhs_source: rt.from_source(),
                        lhs_literal: lhs.is_literal(),
                        rhs_literal: rhs.is_literal(),
                    });
                    // `filter(Item.id == item_id)`: an ORM condition
                    // carries the id it selects by (for IDOR), never an
                    // injection.
                    if op == "==" && lhs.dotted().is_some_and(|d| d.contains('.')) {
                        return Taint::union([&lt, &rt]).sanitized(ALL_INJECTION);
                    }
                }
                if let Expr::Arith(parts, _) = e {
                    for p in parts {
                        self.eval(fr, p);
                    }
                }
                Taint::default()
            }
            Expr::Name(n, pos) => {
                if let Some(t) = fr.env.get(n) {
                    return t.clone();
                }
                let path = self.ir.resolve(n);
                self.source_at(&path, *pos).unwrap_or_default()
            }
            Expr::Member(obj, _, pos) | Expr::Index(obj, _, pos) => {
                if let Expr::Index(_, idx, _) = e {
                    self.eval(fr, idx);
                }
                if let Some(path) = self.access_path(e) {
                    if let Some(t) = self.source_at(&path, *pos) {
                        return t;
                    }
                }
                if let Some(k) = Self::env_key(e) {
                    if let Some(t) = fr.env.get(&k) {
                        return t.clone();
                    }
                }
                self.eval(fr, obj)
            }
            Expr::Call(c) => self.call(fr, c),
            Expr::Concat(parts, _) | Expr::Cond(parts, _) | Expr::Other(parts, _) => {
                let ts: Vec<Taint> = parts.iter().map(|p| self.eval(fr, p)).collect();
                Taint::union(&ts)
            }
            Expr::Ternary(p, _) => {
                let [cond, then, els] = &**p;
                self.eval(fr, cond);
                let guarded = guard_vars(cond);
                // `url.origin === here ? url.pathname + url.search : '/'`:
                // the branch runs with the vetted names sanitised.
                let saved: Vec<(String, Option<Taint>)> = guarded
                    .iter()
                    .map(|(v, _)| (v.clone(), fr.env.get(v).cloned()))
                    .collect();
                for (v, mask) in &guarded {
                    vet(&mut fr.env, v, *mask);
                }
                let mut then_t = self.eval(fr, then);
                for (v, old) in saved {
                    match old {
                        Some(t) => fr.env.insert(v, t),
                        None => fr.env.remove(&v),
                    };
                }
                // `ALLOWED.has(req.body.f) ? req.body.f : 'png'`: request
                // paths are sources, not variables, so match the text.
                // `ALLOWED.has(String(q.sort)) ? String(q.sort) : 'id'`
                let bare = match then {
                    Expr::Call(c)
                        if c.args.len() == 1
                            && matches!(&c.callee, Callee::Name(n) if matches!(n.as_str(), "String" | "str" | "Number" | "int")) =>
                    {
                        &c.args[0].value
                    }
                    e => e,
                };
                if let Some(k) = Self::env_key(bare) {
                    for (v, mask) in &guarded {
                        if *v == k {
                            then_t = then_t.sanitized(*mask);
                        }
                    }
                }
                let els_t = self.eval(fr, els);
                Taint::union([&then_t, &els_t])
            }
            Expr::Collection { items, .. } => {
                let ts: Vec<Taint> = items.iter().map(|p| self.eval(fr, p)).collect();
                Taint::union(&ts)
            }
            Expr::Func(id, _) => {
                self.inline_function(fr, *id, Taint::default());
                Taint::default()
            }
            Expr::Assign(target, value, pos) => {
                let t = self.eval(fr, value);
                self.assign(fr, target, t.clone(), *pos);
                t
            }
        }
    }

    /// Analyse an inline function (lambda, callback) with the enclosing
    /// environment; its parameters carry `param_taint` (the receiver of
    /// `rows.forEach(r => ...)`).
    fn inline_function(&mut self, fr: &Frame, id: FuncId, param_taint: Taint) {
        if self.summaries[id].is_some() || self.in_progress[id] {
            return;
        }
        self.in_progress[id] = true;
        let s = self.run_function(id, Some((&fr.env, &fr.types, param_taint)));
        self.in_progress[id] = false;
        self.summaries[id] = Some(Rc::new(s));
    }

    fn assign(&mut self, fr: &mut Frame, target: &Expr, t: Taint, pos: Pos) {
        // Assignment sinks: el.innerHTML = x, session['k'] = x.
        let tpath = self.access_path(target);
        if let Some(path) = &tpath {
            let sinks: Vec<&'a Sink> = self
                .m
                .sinks
                .iter()
                .filter(|s| s.target.iter().any(|p| p.matches_prefix(path)))
                .collect();
            for s in sinks {
                let label = s.label.clone();
                self.sink_hit(fr, s, &t, pos, &label);
            }
        }
        match target {
            Expr::Name(n, _) => {
                let t = if t.is_clean() {
                    t
                } else {
                    t.step(pos, format!("assigned to `{n}`"))
                };
                fr.env.insert(n.clone(), t);
            }
            Expr::Member(obj, _, _) => {
                if let Some(k) = Self::env_key(target) {
                    let t = if t.is_clean() {
                        t
                    } else {
                        t.step(pos, format!("assigned to `{k}`"))
                    };
                    fr.env.insert(k, t.clone());
                    // The object now holds tainted data.
                    if let Some(ok) = Self::env_key(obj) {
                        if ok != "self" && ok != "this" && !t.is_clean() {
                            fr.env.entry(ok).or_default().add(&t);
                        }
                    }
                }
            }
            Expr::Index(obj, idx, _) => {
                self.eval(fr, idx);
                if let Some(k) = Self::env_key(obj) {
                    if !t.is_clean() {
                        let t = t.step(pos, format!("stored in `{k}`"));
                        fr.env.entry(k).or_default().add(&t);
                    }
                }
            }
            Expr::Collection { items, .. } => {
                for i in items {
                    self.assign(fr, i, t.clone(), pos);
                }
            }
            _ => {}
        }
    }

    /// Rules a call to `path` sanitises: its result, or with `receiver`
    /// its receiver in place (`ois.setObjectInputFilter(f)`).
    fn sanitizer_mask(&self, path: &str, receiver: bool) -> Option<u32> {
        let mut found = None;
        for (s, mask) in self.m.sanitizers.iter().zip(&self.sanitizer_masks) {
            if s.receiver == receiver && s.call.iter().any(|p| p.matches_call(path)) {
                *found.get_or_insert(0) |= mask;
            }
        }
        found
    }

    fn call(&mut self, fr: &mut Frame, c: &Call) -> Taint {
        let path = self.call_path(fr, c);
        self.facts.call_paths.insert(c.pos.start_byte, path.clone());
        let hits_before = self.facts.hits.len();
        let recv_t = match &c.callee {
            Callee::Method { recv, .. } => self.eval(fr, recv),
            Callee::Expr(e) => self.eval(fr, e),
            Callee::Name(_) => Taint::default(),
        };
        // Arguments; inline functions are analysed after, with the
        // receiver's taint on their parameters.
        let mut arg_t = Vec::with_capacity(c.args.len());
        let mut funcs = Vec::new();
        for a in &c.args {
            if let Expr::Func(id, _) = &a.value {
                funcs.push(*id);
                arg_t.push(Taint::default());
            } else {
                arg_t.push(self.eval(fr, &a.value));
            }
        }
        for id in funcs {
            self.inline_function(fr, id, recv_t.clone());
        }
        // a.equals(b) is a comparison.
        if let (Some(m @ ("equals" | "equalsIgnoreCase")), Callee::Method { recv, .. }, Some(arg)) =
            (c.method_name(), &c.callee, c.positional(0))
        {
            self.facts.compares.push(CompareFact {
                func: fr.fid,
                pos: c.pos,
                op: m.to_string(),
                lhs_text: self.text(recv.pos()).to_string(),
                rhs_text: self.text(arg.pos()).to_string(),
                lhs_source: recv_t.from_source(),
                rhs_source: arg_t.first().is_some_and(Taint::from_source),
                lhs_literal: recv.is_literal(),
                rhs_literal: arg.is_literal(),
            });
        }

        // Sinks.
        let sinks: Vec<&'a Sink> = self
            .m
            .sinks
            .iter()
            .filter(|s| {
                s.call.iter().any(|p| p.matches_call(&path))
                    && !s.exclude.iter().any(|p| p.matches_call(&path))
            })
            .collect();
        for s in sinks {
            self.check_call_sink(fr, s, c, &recv_t, &arg_t);
        }

        // Sources: request.args.get("x"), request.getParameter("x").
        if let Some(t) = self.source_at(&path, c.pos) {
            return t;
        }

        // Propagators into the receiver: list.append(x), sb.append(x).
        let all_args = Taint::union(&arg_t);
        if !all_args.is_clean() {
            for p in &self.m.propagators {
                if p.call.iter().any(|pat| pat.matches_call(&path)) {
                    let target = match p.to.as_str() {
                        "arg0" => c.positional(0),
                        _ => match &c.callee {
                            Callee::Method { recv, .. } => Some(recv),
                            _ => None,
                        },
                    };
                    if let Some(k) = target.and_then(Self::env_key) {
                        let rest = if p.to == "arg0" {
                            Taint::union(&arg_t[1.min(arg_t.len())..])
                        } else {
                            all_args.clone()
                        };
                        let rest = rest.step(c.pos, format!("added to `{k}`"));
                        fr.env.entry(k).or_default().add(&rest);
                    }
                    break;
                }
            }
        }

        // Sanitizers that clean their receiver in place:
        // `in.setObjectInputFilter(filter)` before `in.readObject()`.
        if let Some(mask) = self.sanitizer_mask(&path, true) {
            if let Callee::Method { recv, .. } = &c.callee {
                if let Some(k) = Self::env_key(recv) {
                    vet(&mut fr.env, &k, mask);
                }
            }
        }

        // Sanitizers.
        if let Some(mask) = self.sanitizer_mask(&path, false) {
            // `Paths.get(x).getFileName()`: the path built by the receiver
            // is only reduced to its last segment, never opened.
            if let Callee::Method {
                recv: Expr::Call(rc),
                ..
            } = &c.callee
            {
                let mut i = hits_before;
                while i < self.facts.hits.len() {
                    let h = &self.facts.hits[i];
                    if h.pos == rc.name_pos && bit(&h.rule) & mask != 0 {
                        self.facts.hits.remove(i);
                    } else {
                        i += 1;
                    }
                }
            }
            return Taint::union([&recv_t, &all_args]).sanitized(mask);
        }

        // `s.replace(/[^a-z0-9-]/g, '')`, `re.sub(r"[^\w-]", "", s)`:
        // everything outside a small safe class is stripped.
        if strips_to_safe_class(c) {
            return Taint::union([&recv_t, &all_args]).sanitized(ALL_INJECTION);
        }

        // Functions of this file.
        if let Some(t) = self.call_local(fr, c, &arg_t) {
            return t;
        }

        // `findUserByEmail(req.body.email)`, `repo.load(id)`: a record
        // looked up by request data is stored data, not request data; it
        // stays tainted only for IDOR (which object was loaded).
        // `COLUMNS.getOrDefault(key, "id")`, `params.get(k)`: the value
        // comes from the map, whatever the key; only the default joins it.
        if matches!(
            c.method_name(),
            Some("get" | "getOrDefault" | "get_or_default")
        ) && matches!(c.callee, Callee::Method { .. })
        {
            return Taint::union(std::iter::once(&recv_t).chain(arg_t.iter().skip(1)));
        }
        let all = Taint::union([&recv_t, &all_args]);
        if c.method_name().is_some_and(is_lookup) {
            return all.sanitized(ALL_INJECTION);
        }

        // Default: the result carries the taint of receiver and arguments.
        all
    }

    fn local_target(&self, c: &Call) -> Option<(FuncId, usize)> {
        let (name, offset_self) = match &c.callee {
            Callee::Name(n) if !c.is_new => (n.as_str(), false),
            Callee::Method {
                recv: Expr::Name(r, _),
                name,
            } if r == "self" || r == "this" || r == "cls" => (name.as_str(), true),
            // `repo.search(q)` where exactly one method of a class in this
            // file is called `search`: the repository or service object
            // the handler calls.
            Callee::Method { recv, name }
                if !matches!(recv, Expr::Call(_))
                    && self.by_name.get(name.as_str()).is_some_and(|c| {
                        c.len() == 1 && self.ir.functions[c[0]].class.is_some()
                    }) =>
            {
                (name.as_str(), true)
            }
            _ => return None,
        };
        let cands = self.by_name.get(name)?;
        let argc = c.args.len();
        let fid = *cands
            .iter()
            .find(|f| {
                let ps = &self.ir.functions[**f].params;
                let skip = usize::from(
                    ps.first()
                        .is_some_and(|p| p.name == "self" || p.name == "cls"),
                );
                ps.len().saturating_sub(skip) == argc
            })
            .or(cands.first())?;
        let skip = usize::from(
            offset_self
                || self.ir.functions[fid]
                    .params
                    .first()
                    .is_some_and(|p| p.name == "self" || p.name == "cls"),
        );
        let skip = if self.fam == Family::Python { skip } else { 0 };
        Some((fid, skip))
    }

    fn call_local(&mut self, fr: &mut Frame, c: &Call, arg_t: &[Taint]) -> Option<Taint> {
        let (fid, skip) = self.local_target(c)?;
        let sum = self.summary(fid)?;
        let callee_name = self.ir.functions[fid].name.clone();
        let param_of_arg = |i: usize| -> Option<u16> { Some((i + skip) as u16) };
        let call_note = format!("passed to `{callee_name}()`");
        // Return value.
        let mut out = Taint::default();
        for o in &sum.ret.0 {
            match o.root {
                Root::Source => out.add(&Taint(vec![o.clone()])),
                Root::Param(p) => {
                    for (i, at) in arg_t.iter().enumerate() {
                        if param_of_arg(i) != Some(p) {
                            continue;
                        }
                        let mut t = at.clone().step(c.pos, call_note.clone());
                        for x in &mut t.0 {
                            x.clean |= o.clean;
                            x.trace = Rc::new(Step {
                                pos: c.pos,
                                note: format!("returned from `{callee_name}()`"),
                                prev: Some(x.trace.clone()),
                            });
                        }
                        out.add(&t);
                    }
                }
            }
        }
        // Sinks the parameters reach.
        for ps in &sum.param_sinks {
            for (i, at) in arg_t.iter().enumerate() {
                if param_of_arg(i) != Some(ps.param) {
                    continue;
                }
                let b = bit(&ps.rule);
                for o in &at.0 {
                    if o.clean & b != 0 || ps.clean & b != 0 {
                        continue;
                    }
                    let mut trace = Rc::new(Step {
                        pos: c.pos,
                        note: call_note.clone(),
                        prev: Some(o.trace.clone()),
                    });
                    // Callee steps after its parameter.
                    for (pos, note) in ps.trace.chain().into_iter().skip(1) {
                        trace = Rc::new(Step {
                            pos,
                            note,
                            prev: Some(trace),
                        });
                    }
                    match o.root {
                        Root::Source => self.facts.hits.push(Hit {
                            rule: ps.rule.clone(),
                            pos: ps.pos,
                            sink_label: ps.label.clone(),
                            path: {
                                let mut p = trace.chain();
                                p.push((ps.pos, ps.label.clone()));
                                p
                            },
                            func: ps.func,
                        }),
                        Root::Param(j) => fr.summary.param_sinks.push(ParamSink {
                            param: j,
                            rule: ps.rule.clone(),
                            pos: ps.pos,
                            label: ps.label.clone(),
                            trace,
                            clean: o.clean | ps.clean,
                            func: ps.func,
                        }),
                    }
                }
            }
        }
        Some(out)
    }

    fn check_call_sink(
        &mut self,
        fr: &mut Frame,
        s: &Sink,
        c: &Call,
        recv_t: &Taint,
        arg_t: &[Taint],
    ) {
        if let Some(opt) = &s.when_true {
            if !option_true(c, opt) {
                return;
            }
        }
        if let Some(k) = &s.safe_key {
            if let Some(v) = option_value(c, k) {
                let text = self.text(v.pos());
                if s.safe_values.iter().any(|sv| text.ends_with(sv.as_str())) {
                    return;
                }
            }
        }
        if s.sql_where {
            let sql = c.positional(0).and_then(|e| {
                let mut lits = Vec::new();
                collect_literals(e, &mut lits);
                (!lits.is_empty()).then(|| lits.concat())
            });
            if !sql.is_some_and(|q| self.m.sql_where().is_match(&q)) {
                return;
            }
        }
        let mut t = Taint::default();
        if s.receiver {
            t.add(recv_t);
        }
        let mut positional = 0usize;
        let n_positional = c.args.iter().filter(|a| a.name.is_none()).count();
        let check_all = s.args.is_empty() && s.keys.is_empty() && !s.receiver && !s.last_arg;
        for (a, at) in c.args.iter().zip(arg_t) {
            let checked = match &a.name {
                // `Document.objects.get(pk=doc_id)`: a sink that checks
                // every argument checks keyword arguments too.
                Some(n) => {
                    (check_all && (s.rule != "idor" || id_like(n))) || s.keys.iter().any(|k| k == n)
                }
                None => {
                    let i = positional;
                    positional += 1;
                    check_all || s.args.contains(&i) || (s.last_arg && i + 1 == n_positional)
                }
            };
            if !checked {
                // Options objects: { filter: x }, { __html: x }.
                if let Expr::Collection { items, keys, .. } = &a.value {
                    for (item, key) in items.iter().zip(keys) {
                        if key
                            .as_deref()
                            .is_some_and(|k| s.keys.iter().any(|x| x == k))
                        {
                            let it = self.eval(fr, item);
                            t.add(&it);
                        }
                    }
                }
                continue;
            }
            if s.program_only {
                if let Expr::Collection { items, .. } = &a.value {
                    if let Some(first) = items.first() {
                        let ft = self.eval(fr, first);
                        t.add(&ft);
                    }
                    continue;
                }
            }
            if !s.keys.is_empty() && a.name.is_none() {
                if let Expr::Collection { items, keys, .. } = &a.value {
                    if keys.iter().any(Option::is_some) {
                        for (item, key) in items.iter().zip(keys) {
                            if key
                                .as_deref()
                                .is_some_and(|k| s.keys.iter().any(|x| x == k))
                            {
                                let it = self.eval(fr, item);
                                t.add(&it);
                            }
                        }
                        continue;
                    }
                }
            }
            t.add(at);
        }
        // `spawn('sh', ['-c', cmd])`, `subprocess.run(["bash", "-c", cmd])`:
        // the "program" is a shell, so every argument is shell text.
        if s.rule == "cmdi" && runs_shell_command(c) {
            t.add(&Taint::union(arg_t));
        }
        if s.rule == "ssrf" || s.rule == "open-redirect" {
            if let Some(first) = c.positional(
                if s.rule == "open-redirect" && self.fam == Family::JavaScript && c.args.len() > 1 {
                    1
                } else {
                    0
                },
            ) {
                if fixed_prefix(first, &s.rule) {
                    return;
                }
            }
        }
        let label = s.label.clone();
        self.sink_hit(fr, s, &t, c.name_pos, &label);
    }

    fn sink_hit(&mut self, fr: &mut Frame, s: &Sink, t: &Taint, pos: Pos, label: &str) {
        let b = bit(&s.rule);
        for o in &t.0 {
            if o.clean & b != 0 {
                continue;
            }
            match o.root {
                Root::Source => {
                    let mut path = o.trace.chain();
                    path.push((pos, label.to_string()));
                    self.facts.hits.push(Hit {
                        rule: s.rule.clone(),
                        pos,
                        sink_label: label.to_string(),
                        path,
                        func: fr.fid,
                    });
                }
                Root::Param(p) => fr.summary.param_sinks.push(ParamSink {
                    param: p,
                    rule: s.rule.clone(),
                    pos,
                    label: label.to_string(),
                    trace: o.trace.clone(),
                    clean: o.clean,
                    func: fr.fid,
                }),
            }
        }
    }
}

/// `abort(403)`, `sys.exit()`, `response.sendError(403)`: calls after which
/// the handler does not continue.
fn is_abort(c: &Call) -> bool {
    matches!(
        c.method_name(),
        Some("abort" | "exit" | "sendError" | "PermissionDenied" | "Http404")
    )
}

/// Keyword names that select a record by identity (`pk=`, `id=`,
/// `order_id=`, `uuid=`), as opposed to lookups by email or name.
fn id_like(n: &str) -> bool {
    let l = n.to_ascii_lowercase();
    l == "pk"
        || l == "id"
        || l.ends_with("_id")
        || l.ends_with("_pk")
        || l == "uuid"
        || l == "slug"
        || l.ends_with("__id")
        || l.ends_with("_uuid")
}

/// Method names that read a stored record: `findById`, `find_one`,
/// `lookupUser`, `loadAccount`, `getUserByEmail`, `get_object_or_404`.
fn is_lookup(m: &str) -> bool {
    let l = m.to_ascii_lowercase();
    (l.starts_with("find") && l != "find" && !l.starts_with("findall"))
        || l.starts_with("lookup")
        || (l.starts_with("load") && l.len() > 4)
        || (l.starts_with("get") && (m.contains("By") || l.contains("_by_")))
        || l == "get_object_or_404"
        || l == "first_or_404"
        || matches!(
            m,
            "executeQuery"
                | "query"
                | "queryForList"
                | "queryForObject"
                | "queryForMap"
                | "queryForRowSet"
                | "getResultList"
                | "getSingleResult"
                | "fetchall"
                | "fetchone"
                | "fetchmany"
                | "fetchrow"
                | "fetchval"
        )
}

/// A process call whose program is a shell given a command string:
/// `spawn('sh', ['-c', cmd])`, `["bash", "-c", cmd]`, `cmd.exe /c`.
fn runs_shell_command(c: &Call) -> bool {
    let mut lits = Vec::new();
    for a in &c.args {
        match &a.value {
            Expr::Collection { items, .. } => {
                lits.extend(items.iter().filter_map(Expr::literal_str))
            }
            e => lits.extend(e.literal_str()),
        }
    }
    let Some(prog) = lits.first() else {
        return false;
    };
    let base = prog
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(prog)
        .to_ascii_lowercase();
    let shell = matches!(
        base.trim_end_matches(".exe"),
        "sh" | "bash" | "zsh" | "dash" | "ksh" | "ash" | "cmd" | "powershell" | "pwsh"
    );
    shell
        && lits[1..].iter().any(|l| {
            matches!(
                l.to_ascii_lowercase().as_str(),
                "-c" | "/c" | "-command" | "-lc"
            )
        })
}

/// A replace call that deletes every character outside a negated class
/// of letters, digits, `_`, `-` and spaces: `x.replace(/[^a-z0-9-]/gi,
/// '')` (JS), `re.sub(r"[^A-Za-z0-9_]", "", x)` (Python),
/// `x.replaceAll("[^A-Za-z0-9]", "")` (Java). What is left cannot carry a
/// quote, a path separator, a dot, a shell metacharacter or markup.
fn strips_to_safe_class(c: &Call) -> bool {
    let (pat, repl) = match c.method_name() {
        Some("replace" | "replaceAll") => (c.positional(0), c.positional(1)),
        Some("sub") => (c.positional(0), c.positional(1)),
        _ => return false,
    };
    let (Some(pat), Some(repl)) = (pat, repl) else {
        return false;
    };
    if repl.literal_str().is_none_or(|r| !r.is_empty()) {
        return false;
    }
    let Some(p) = pat.literal_str() else {
        return false;
    };
    // JS regex literal text: /.../flags
    let body = match p.strip_prefix('/') {
        Some(rest) => rest.rsplit_once('/').map_or(rest, |(b, _)| b),
        None => p.as_str(),
    };
    let body = body.trim_end_matches(['+', '*', 'g']);
    let Some(class) = body.strip_prefix("[^").and_then(|b| b.strip_suffix(']')) else {
        return false;
    };
    let mut chars = class.chars();
    while let Some(ch) = chars.next() {
        match ch {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' | ' ' => {}
            '\\' => {
                if !matches!(chars.next(), Some('w' | 'd' | '-' | '_')) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    !class.is_empty()
}

/// Variables a condition validates, with the rules the check protects
/// against. Allow-list membership, digit and pattern checks cover every
/// injection; a `startswith` prefix check covers paths and URLs.
fn guard_vars(cond: &Expr) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let path_like = bit("path-traversal") | bit("open-redirect") | bit("ssrf");
    fn names(e: &Expr, out: &mut Vec<String>) {
        match e {
            Expr::Name(n, _) => out.push(n.clone()),
            Expr::Member(..) => {
                if let Some(k) = Engine::env_key(e) {
                    out.push(k)
                }
            }
            Expr::Call(c) => {
                // str(x), x.lower()
                if let Callee::Method { recv, .. } = &c.callee {
                    names(recv, out)
                }
                // str(x), String(req.query.sort)
                for a in &c.args {
                    if let Some(k) = Engine::env_key(&a.value) {
                        out.push(k)
                    }
                }
            }
            _ => {}
        }
    }
    fn walk(e: &Expr, out: &mut Vec<(String, u32)>, path_like: u32) {
        match e {
            Expr::Compare { op, lhs, rhs, .. } => {
                let mut v = Vec::new();
                let origin_like = |e: &Expr| matches!(e, Expr::Member(_, n, _) if matches!(n.as_str(), "origin" | "host" | "hostname" | "netloc"));
                if origin_like(lhs) || origin_like(rhs) {
                    // `url.origin === location.origin`, `u.netloc == HOST`
                    names(lhs, &mut v);
                    names(rhs, &mut v);
                    out.extend(v.drain(..).map(|n| (n, path_like)));
                }
                if op.contains("in") {
                    names(lhs, &mut v);
                    out.extend(v.into_iter().map(|n| (n, ALL_INJECTION)));
                } else if (op == "==" || op == "===") && (rhs.is_literal() || lhs.is_literal()) {
                    names(if rhs.is_literal() { lhs } else { rhs }, &mut v);
                    out.extend(v.into_iter().map(|n| (n, ALL_INJECTION)));
                }
            }
            Expr::Call(c) => {
                let m = c.method_name().unwrap_or("");
                let lower = m.trim_start_matches('_').to_ascii_lowercase();
                let mask = if matches!(
                    m,
                    "contains"
                        | "includes"
                        | "has"
                        | "containsKey"
                        | "isdigit"
                        | "isnumeric"
                        | "isdecimal"
                        | "isalnum"
                        | "isalpha"
                        | "matches"
                        | "fullmatch"
                        | "match"
                        | "test"
                        | "isInteger"
                        | "isUUID"
                        | "isInt"
                ) || lower.starts_with("isvalid")
                    || lower.starts_with("is_valid")
                    || lower.starts_with("validate")
                    || lower.starts_with("isallowed")
                    || lower.starts_with("is_allowed")
                    || lower.starts_with("is_safe")
                    || lower.starts_with("issafe")
                {
                    ALL_INJECTION
                } else if matches!(m, "startswith" | "startsWith")
                    && c.positional(0)
                        .and_then(Expr::literal_str)
                        .is_some_and(|p| {
                            matches!(p.as_str(), "" | "/" | "\\" | "." | "http" | "https")
                        })
                {
                    // `next.startsWith("/")` lets `//evil.example` through.
                    0
                } else if matches!(m, "startswith" | "startsWith" | "is_relative_to")
                    || lower.contains("allowed_host")
                    || lower.contains("is_safe_url")
                    || lower.contains("issafeurl")
                {
                    path_like
                } else {
                    0
                };
                if mask != 0 {
                    let mut v = Vec::new();
                    names(e, &mut v);
                    // `ALLOWED.contains(x)`: the receiver is the list, not
                    // the value; keep only arguments for those.
                    if matches!(m, "contains" | "includes" | "has" | "containsKey") {
                        v.clear();
                        for a in &c.args {
                            names(&a.value, &mut v);
                        }
                    }
                    out.extend(v.into_iter().map(|n| (n, mask)));
                }
            }
            Expr::Arith(parts, _) | Expr::Cond(parts, _) | Expr::Other(parts, _) => {
                for p in parts {
                    walk(p, out, path_like);
                }
            }
            Expr::Ternary(p, _) => walk(&p[0], out, path_like),
            _ => {}
        }
    }
    walk(cond, &mut out, path_like);
    // A check of `u.hostname`, `u.host`, `u.origin` or `u.protocol` vets
    // the whole parsed URL `u` for where it points.
    let roots: Vec<(String, u32)> = out
        .iter()
        .filter_map(|(k, _)| {
            let (root, last) = k.rsplit_once('.')?;
            matches!(last, "hostname" | "host" | "origin" | "netloc" | "getHost")
                .then(|| (root.to_string(), path_like))
        })
        .collect();
    out.extend(roots);
    out
}

/// Mark `v` as passed a check for the rules in `mask`, if it is tracked.
fn vet(env: &mut HashMap<String, Taint>, v: &str, mask: u32) {
    if let Some(t) = env.get_mut(v) {
        for o in &mut t.0 {
            o.clean |= mask;
        }
    }
}

fn merge(env: &mut HashMap<String, Taint>, other: &HashMap<String, Taint>) {
    for (k, v) in other {
        env.entry(k.clone()).or_default().add(v);
    }
}

/// Whether a keyword argument or options-object key is literally true.
pub fn option_true(c: &Call, key: &str) -> bool {
    matches!(option_value(c, key), Some(Expr::Lit(Lit::Bool(true), _)))
}

/// The value of a keyword argument or of a key in an options object.
pub fn option_value<'c>(c: &'c Call, key: &str) -> Option<&'c Expr> {
    if let Some(v) = c.keyword(key) {
        return Some(v);
    }
    for a in &c.args {
        if let Expr::Collection { items, keys, .. } = &a.value {
            for (item, k) in items.iter().zip(keys) {
                if k.as_deref() == Some(key) {
                    return Some(item);
                }
            }
        }
    }
    None
}

/// Collect the string literals of an expression (SQL text, HTML text).
pub fn collect_literals(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::Lit(Lit::Str(s), _) => out.push(s.clone()),
        Expr::Concat(parts, _) | Expr::Cond(parts, _) | Expr::Other(parts, _) => {
            for p in parts {
                collect_literals(p, out);
            }
        }
        Expr::Ternary(p, _) => {
            collect_literals(&p[1], out);
            collect_literals(&p[2], out);
        }
        Expr::Call(c) => {
            // "...{}".format(x), String.format("...", x)
            if let Callee::Method { recv, .. } = &c.callee {
                collect_literals(recv, out);
            }
            if let Some(first) = c.positional(0) {
                collect_literals(first, out);
            }
        }
        _ => {}
    }
}

pub fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/'))
}

/// A URL whose host (SSRF) or origin (open redirect) is fixed by a literal
/// prefix: `"https://api.example.com/users/" + id`, `"/account/" + tab`.
fn fixed_prefix(e: &Expr, rule: &str) -> bool {
    let first = match e {
        Expr::Concat(parts, _) => parts.first().and_then(|p| p.literal_str()),
        Expr::Call(c) => match c.method_name() {
            // "https://x/{}".format(..), String.format("https://x/%s", ..)
            Some("format") => {
                let mut lits = Vec::new();
                collect_literals(e, &mut lits);
                lits.into_iter().next()
            }
            _ => None,
        },
        _ => None,
    };
    let Some(prefix) = first else { return false };
    if rule == "ssrf" {
        match prefix.find("://") {
            Some(i) => prefix[i + 3..].contains('/'),
            None => false,
        }
    } else {
        (prefix.starts_with('/') && !prefix.starts_with("//") && !prefix.starts_with("/\\"))
            || prefix
                .find("://")
                .is_some_and(|i| prefix[i + 3..].contains('/'))
    }
}

#[allow(dead_code)]
fn pat_list_matches(pats: &[Pat], path: &str) -> bool {
    pats.iter().any(|p| p.matches_call(path))
}
