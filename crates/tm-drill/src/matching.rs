//! Pairing the reference model's elements and flows with the candidate's.
//!
//! Candidates name things their own way, so an id match is only the first
//! of several passes. Each pass runs over every reference item before the
//! next one starts, and each candidate item is used at most once, so an
//! exact match is never stolen by a looser one:
//!
//! 1. elements by id (normalised: case, spaces and punctuation ignored);
//! 2. elements by name: the normalised names are equal, or one side's id
//!    equals the other's name, or the names are equal once parenthesised
//!    asides are dropped (`Payments table (DynamoDB)` = `payments table`);
//! 3. elements by kind: the same specific kind (`dynamodb`, `lambda`,
//!    `browser` ...), never the catch-all `generic`, in file order;
//! 4. flows by endpoints: both ends map to the reference flow's ends, in
//!    the same direction, preferring a flow with the same id or name;
//! 5. flows by endpoints drawn the other way round;
//! 6. flows by id or name when the endpoints did not match.

use serde::Serialize;
use threat_model::model::{Element, ElementKind, Flow, Model};

/// How a reference item was found in the candidate's model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchedBy {
    Id,
    Name,
    Kind,
    Endpoints,
    ReversedEndpoints,
}

impl MatchedBy {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchedBy::Id => "id",
            MatchedBy::Name => "name",
            MatchedBy::Kind => "kind",
            MatchedBy::Endpoints => "endpoints",
            MatchedBy::ReversedEndpoints => "endpoints (reversed)",
        }
    }
}

/// For every reference element and flow, the candidate's index and how it
/// was matched.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    pub elements: Vec<Option<(usize, MatchedBy)>>,
    pub flows: Vec<Option<(usize, MatchedBy)>>,
}

impl Matching {
    pub fn new(reference: &Model, user: &Model) -> Matching {
        let elements = match_elements(&reference.elements, &user.elements);
        let flows = match_flows(reference, user, &elements);
        Matching { elements, flows }
    }

    /// The reference flow the candidate's flow `u` was matched to.
    pub fn reference_flow_of(&self, u: usize) -> Option<usize> {
        self.flows
            .iter()
            .position(|m| matches!(m, Some((x, _)) if *x == u))
    }
}

/// Lower case, every run of non-alphanumerics folded to one `-`.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// [`normalise`] after dropping parenthesised asides.
fn core_name(s: &str) -> String {
    let mut kept = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => kept.push(c),
            _ => {}
        }
    }
    normalise(&kept)
}

fn same_id(a: &str, b: &str) -> bool {
    let (a, b) = (normalise(a), normalise(b));
    !a.is_empty() && a == b
}

fn same_name(r: &Element, u: &Element) -> bool {
    let nonempty_eq = |a: String, b: String| !a.is_empty() && a == b;
    nonempty_eq(normalise(&r.name), normalise(&u.name))
        || nonempty_eq(normalise(&r.id), normalise(&u.name))
        || nonempty_eq(normalise(&r.name), normalise(&u.id))
        || nonempty_eq(core_name(&r.name), core_name(&u.name))
}

fn specific_kind(k: ElementKind) -> bool {
    k.as_str() != "generic"
}

/// A test deciding whether a reference element and a candidate element
/// are the same thing.
type ElementPredicate = dyn Fn(&Element, &Element) -> bool;

fn match_elements(reference: &[Element], user: &[Element]) -> Vec<Option<(usize, MatchedBy)>> {
    let mut out: Vec<Option<(usize, MatchedBy)>> = vec![None; reference.len()];
    let mut used = vec![false; user.len()];
    let passes: [(MatchedBy, &ElementPredicate); 3] = [
        (MatchedBy::Id, &|r, u| same_id(&r.id, &u.id)),
        (MatchedBy::Name, &same_name),
        (MatchedBy::Kind, &|r, u| {
            r.kind == u.kind && specific_kind(r.kind)
        }),
    ];
    for (how, pred) in passes {
        for (ri, r) in reference.iter().enumerate() {
            if out[ri].is_some() {
                continue;
            }
            if let Some(ui) = (0..user.len()).find(|&ui| !used[ui] && pred(r, &user[ui])) {
                used[ui] = true;
                out[ri] = Some((ui, how));
            }
        }
    }
    out
}

fn flow_named_alike(r: &Flow, u: &Flow) -> bool {
    same_id(&r.id, &u.id) || same_id(&r.name, &u.name)
}

fn match_flows(
    reference: &Model,
    user: &Model,
    elements: &[Option<(usize, MatchedBy)>],
) -> Vec<Option<(usize, MatchedBy)>> {
    let mut out: Vec<Option<(usize, MatchedBy)>> = vec![None; reference.flows.len()];
    let mut used = vec![false; user.flows.len()];
    let map = |e: usize| elements[e].map(|(u, _)| u);
    for reversed in [false, true] {
        for (ri, r) in reference.flows.iter().enumerate() {
            if out[ri].is_some() {
                continue;
            }
            let (Some(from), Some(to)) = (map(r.from), map(r.to)) else {
                continue;
            };
            let (from, to) = if reversed { (to, from) } else { (from, to) };
            let candidates: Vec<usize> = (0..user.flows.len())
                .filter(|&ui| !used[ui] && user.flows[ui].from == from && user.flows[ui].to == to)
                .collect();
            let pick = candidates
                .iter()
                .copied()
                .find(|&ui| flow_named_alike(r, &user.flows[ui]))
                .or_else(|| candidates.first().copied());
            if let Some(ui) = pick {
                used[ui] = true;
                let how = if reversed {
                    MatchedBy::ReversedEndpoints
                } else {
                    MatchedBy::Endpoints
                };
                out[ri] = Some((ui, how));
            }
        }
    }
    for (ri, r) in reference.flows.iter().enumerate() {
        if out[ri].is_some() {
            continue;
        }
        if let Some(ui) =
            (0..user.flows.len()).find(|&ui| !used[ui] && same_id(&r.id, &user.flows[ui].id))
        {
            used[ui] = true;
            out[ri] = Some((ui, MatchedBy::Id));
        } else if let Some(ui) =
            (0..user.flows.len()).find(|&ui| !used[ui] && same_id(&r.name, &user.flows[ui].name))
        {
            used[ui] = true;
            out[ri] = Some((ui, MatchedBy::Name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use threat_model::content::Content;

    fn model(yaml: &str) -> Model {
        threat_model::parse_str("m.yaml", yaml, Content::embedded().unwrap()).unwrap()
    }

    const REFERENCE: &str = "name: r
boundaries:
  - {id: aws, kind: account}
actors:
  - {id: shopper, name: Shopper (browser), kind: browser}
services:
  - {id: checkout, name: Checkout Lambda, kind: lambda, boundary: aws}
data_stores:
  - {id: payments, name: Payments table (DynamoDB), kind: dynamodb, boundary: aws}
flows:
  - {id: pay, from: shopper, to: checkout}
  - {id: save, from: checkout, to: payments}
";

    #[test]
    fn normalise_folds_case_and_punctuation() {
        assert_eq!(
            normalise("  Payments  Table (DynamoDB)!"),
            "payments-table-dynamodb"
        );
        assert_eq!(normalise("store_token"), "store-token");
        assert_eq!(normalise("--"), "");
        assert_eq!(core_name("Payments table (DynamoDB)"), "payments-table");
    }

    #[test]
    fn elements_match_by_id_then_name_then_kind() {
        let r = model(REFERENCE);
        let u = model(
            "name: u
actors:
  - {id: Shopper, kind: user}
services:
  - {id: fn, name: checkout lambda, kind: lambda}
data_stores:
  - {id: db, name: Orders, kind: dynamodb}
  - {id: other, kind: s3}
flows:
  - {id: f1, from: db, to: fn}
  - {id: f2, from: Shopper, to: fn}
",
        );
        let m = Matching::new(&r, &u);
        assert_eq!(m.elements[0], Some((0, MatchedBy::Id)));
        assert_eq!(m.elements[1], Some((1, MatchedBy::Name)));
        assert_eq!(m.elements[2], Some((2, MatchedBy::Kind)));
        assert_eq!(m.flows[0], Some((1, MatchedBy::Endpoints)));
        assert_eq!(m.flows[1], Some((0, MatchedBy::ReversedEndpoints)));
        assert_eq!(m.reference_flow_of(0), Some(1));
        assert_eq!(m.reference_flow_of(1), Some(0));
    }

    #[test]
    fn generic_kinds_and_used_items_do_not_match() {
        let r = model(
            "name: r
services:
  - {id: a, kind: generic}
  - {id: b, kind: lambda}
  - {id: c, kind: lambda}
",
        );
        let u = model(
            "name: u
services:
  - {id: x, kind: generic}
  - {id: y, kind: lambda}
",
        );
        let m = Matching::new(&r, &u);
        assert_eq!(m.elements[0], None, "generic never matches by kind");
        assert_eq!(m.elements[1], Some((1, MatchedBy::Kind)));
        assert_eq!(m.elements[2], None, "one candidate element is used once");
    }

    #[test]
    fn flows_fall_back_to_id_when_endpoints_are_unknown() {
        let r = model(REFERENCE);
        let u = model(
            "name: u
services:
  - {id: p, kind: generic}
  - {id: q, kind: generic}
flows:
  - {id: SAVE, from: p, to: q}
",
        );
        let m = Matching::new(&r, &u);
        assert_eq!(m.flows[0], None);
        assert_eq!(m.flows[1], Some((0, MatchedBy::Id)));
    }
}
