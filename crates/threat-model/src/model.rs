//! The resolved model the engine works on: references are indices, every
//! default is filled in, and boundary crossings are computed.
//!
//! Defaults are deliberately pessimistic: a flow that does not say it is
//! authenticated is treated as unauthenticated, a store that does not say it
//! is encrypted at rest is treated as unencrypted. A threat model records
//! what has been verified, not what is hoped.

use crate::kinds::*;
use report::Span;

#[derive(Debug, Clone)]
pub struct Model {
    /// The file the model came from, as the user named it (or
    /// `scenarios/NAME.yaml` for a built-in scenario).
    pub path: String,
    pub name: String,
    pub description: String,
    pub user_story: Option<UserStory>,
    pub users: u64,
    pub requests_per_second: u64,
    pub costs: impact::CostModel,
    pub boundaries: Vec<Boundary>,
    pub elements: Vec<Element>,
    pub data: Vec<DataAsset>,
    pub flows: Vec<Flow>,
    pub assumptions: Vec<String>,
    pub user_threats: Vec<UserThreat>,
    pub critical_flow: Option<(usize, Span)>,
    /// Span of the `name:` value, used when a finding concerns the whole model.
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct UserStory {
    pub actor: usize,
    pub action: String,
    pub asset: usize,
}

#[derive(Debug, Clone)]
pub struct Boundary {
    pub id: String,
    pub name: String,
    pub kind: BoundaryKind,
    pub parent: Option<usize>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElementKind {
    Actor(ActorKind),
    Service(ServiceKind),
    Store(StoreKind),
}

impl ElementKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Actor(k) => k.as_str(),
            ElementKind::Service(k) => k.as_str(),
            ElementKind::Store(k) => k.as_str(),
        }
    }

    pub fn element_type(self) -> ElementType {
        match self {
            ElementKind::Actor(_) => ElementType::Actor,
            ElementKind::Service(_) => ElementType::Service,
            ElementKind::Store(_) => ElementType::Store,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Element {
    pub id: String,
    pub name: String,
    pub kind: ElementKind,
    pub boundary: Option<usize>,
    pub description: String,
    pub internet_facing: bool,
    pub privileges: Privileges,
    /// Data held (stores only).
    pub stores: Vec<usize>,
    pub at_rest: AtRest,
    pub public: bool,
    pub backups: bool,
    pub versioning: bool,
    /// Mitigation catalog ids already in place.
    pub controls: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct DataAsset {
    pub id: String,
    pub name: String,
    pub classification: Classification,
    pub tags: Vec<DataTag>,
    pub records: u64,
    pub span: Span,
}

impl DataAsset {
    pub fn is_personal(&self) -> bool {
        self.tags
            .iter()
            .any(|t| matches!(t, DataTag::Pii | DataTag::Phi | DataTag::Pci))
    }
}

#[derive(Debug, Clone)]
pub struct Flow {
    pub id: String,
    pub name: String,
    pub from: usize,
    pub to: usize,
    pub protocol: Option<Protocol>,
    pub data: Vec<usize>,
    pub authentication: Authentication,
    pub authorization: Authorization,
    pub encryption: Encryption,
    pub identity: Identity,
    pub logging: Vec<LogSource>,
    /// Boundaries crossed, computed from where `from` and `to` sit,
    /// outermost first.
    pub crosses: Vec<usize>,
    pub controls: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct UserThreat {
    pub id: String,
    pub title: String,
    pub stride: Vec<report::Stride>,
    /// Element or flow the threat targets: `Target::Element(i)` or `Target::Flow(i)`.
    pub target: Target,
    pub priority: Option<report::Severity>,
    pub mitigations: Vec<(String, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Element(usize),
    Flow(usize),
}

impl Model {
    /// The boundary chain of `b` from itself out to the outermost ancestor.
    pub fn ancestors(&self, b: Option<usize>) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = b;
        while let Some(i) = cur {
            if out.contains(&i) {
                break; // validated acyclic; this only guards the loop
            }
            out.push(i);
            cur = self.boundaries[i].parent;
        }
        out
    }

    /// Boundaries a flow between two elements crosses: those that contain
    /// exactly one of the two endpoints. Outermost first.
    pub fn crossings(&self, from: usize, to: usize) -> Vec<usize> {
        let a = self.ancestors(self.elements[from].boundary);
        let b = self.ancestors(self.elements[to].boundary);
        let mut out: Vec<usize> = a
            .iter()
            .rev()
            .filter(|x| !b.contains(x))
            .chain(b.iter().rev().filter(|x| !a.contains(x)))
            .copied()
            .collect();
        out.dedup();
        out
    }

    pub fn element_by_id(&self, id: &str) -> Option<usize> {
        self.elements.iter().position(|e| e.id == id)
    }

    pub fn flow_by_id(&self, id: &str) -> Option<usize> {
        self.flows.iter().position(|f| f.id == id)
    }

    /// Whether an element sits inside (or is) an internet boundary, or has
    /// no boundary at all while being an actor (the default for outsiders).
    pub fn on_internet(&self, e: usize) -> bool {
        let el = &self.elements[e];
        match el.boundary {
            None => matches!(el.kind, ElementKind::Actor(_)),
            Some(_) => self
                .ancestors(el.boundary)
                .iter()
                .any(|&b| self.boundaries[b].kind == BoundaryKind::Internet),
        }
    }

    /// Whether a flow crosses a boundary whose kind is one of `kinds`.
    pub fn flow_crosses_kind(&self, f: &Flow, kinds: &[BoundaryKind]) -> bool {
        f.crosses
            .iter()
            .any(|&b| kinds.contains(&self.boundaries[b].kind))
    }
}
