//! Deterministic, dependency-free layout of a model's data-flow diagram.
//!
//! The diagram is a compound graph: trust boundaries nest (per `parent`) and
//! hold elements. The layout works in three steps:
//!
//! 1. **Layers.** Elements get a left-to-right layer from the flow graph:
//!    a depth-first search starting at actors breaks cycles (back edges are
//!    ignored), then each element's layer is the longest path reaching it.
//!    Callers sit left, the stores they end up writing to sit right.
//! 2. **Containers.** Each boundary (and the canvas itself) lays out its
//!    direct children, elements and child boundaries, in columns ordered by
//!    their layer (a boundary's layer is the mean of the layers of the
//!    elements inside it), stacked within a column. A boundary's size is the
//!    bounding box of its children plus padding, computed bottom-up, so
//!    nested boundaries never overlap their siblings and every element sits
//!    inside every boundary that contains it, by construction.
//! 3. **Edges.** Each flow leaves one side of its source box and enters one
//!    side of its target box; the attachment points on a side are spread out
//!    and ordered by where the other end sits, and the path is a cubic curve.
//!    Labels are placed along the curve where they overlap no box and no
//!    other label.

use crate::model::{ElementKind, Model};
use std::collections::BTreeMap;

/// Size of an element box.
pub const NODE_W: f64 = 150.0;
pub const NODE_H: f64 = 50.0;
/// Stores are drawn as cylinders, a little taller.
pub const STORE_H: f64 = 58.0;
/// Horizontal gap between columns (room for flow labels).
const COL_GAP: f64 = 74.0;
/// Vertical gap between items stacked in a column.
const ROW_GAP: f64 = 22.0;
/// Padding inside a boundary, and the band at its top for its label.
const PAD: f64 = 14.0;
const LABEL_BAND: f64 = 24.0;
/// Margin around the whole diagram.
const MARGIN: f64 = 12.0;
/// Minimum size of a boundary with nothing in it.
const EMPTY_W: f64 = 150.0;
const EMPTY_H: f64 = 36.0;
/// Approximate width of one character of the 10px label font.
pub const LABEL_CHAR_W: f64 = 5.6;
pub const LABEL_H: f64 = 13.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
    /// Whether the interiors intersect (touching edges do not count).
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.right() && o.x < self.right() && self.y < o.bottom() && o.y < self.bottom()
    }
    /// Whether `o` lies entirely within `self`.
    #[cfg(test)]
    pub fn contains(&self, o: &Rect) -> bool {
        o.x >= self.x && o.y >= self.y && o.right() <= self.right() && o.bottom() <= self.bottom()
    }
    fn inflate(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
}

/// One flow's use of a side of a box: the position of the other end (for
/// ordering), the plan index, and whether this is the flow's source end.
type Slot = (f64, usize, bool);

/// A routed flow: a cubic curve from `start` to `end` and where its label goes.
#[derive(Debug, Clone)]
pub struct Edge {
    pub flow: usize,
    pub start: (f64, f64),
    pub c1: (f64, f64),
    pub c2: (f64, f64),
    pub end: (f64, f64),
    /// Centre of the label box.
    pub label_at: (f64, f64),
}

impl Edge {
    /// The SVG path data.
    pub fn path(&self) -> String {
        format!(
            "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            self.start.0,
            self.start.1,
            self.c1.0,
            self.c1.1,
            self.c2.0,
            self.c2.1,
            self.end.0,
            self.end.1
        )
    }

    fn point(&self, t: f64) -> (f64, f64) {
        bezier(self.start, self.c1, self.c2, self.end, t)
    }
}

/// The whole diagram in absolute coordinates.
#[derive(Debug, Clone)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// One per element, by element index.
    pub nodes: Vec<Rect>,
    /// One per boundary, by boundary index.
    pub boundaries: Vec<Rect>,
    /// One per flow that is not a self-loop, in flow order.
    pub edges: Vec<Edge>,
}

/// Height of an element's box.
pub fn node_height(kind: ElementKind) -> f64 {
    match kind {
        ElementKind::Store(_) => STORE_H,
        _ => NODE_H,
    }
}

/// Lay the model out. `label_width(flow)` gives the width of each flow's label.
pub fn layout(m: &Model, label_width: &dyn Fn(usize) -> f64) -> Layout {
    let layers = layers(m);
    let order = discovery_order(m);
    let n_b = m.boundaries.len();

    // Children of each container: index n_b is the canvas itself.
    let mut child_bounds: Vec<Vec<usize>> = vec![Vec::new(); n_b + 1];
    let mut child_elems: Vec<Vec<usize>> = vec![Vec::new(); n_b + 1];
    for (i, b) in m.boundaries.iter().enumerate() {
        let p = valid_parent(m, i).unwrap_or(n_b);
        let _ = b;
        child_bounds[p].push(i);
    }
    for (i, e) in m.elements.iter().enumerate() {
        child_elems[e.boundary.unwrap_or(n_b)].push(i);
    }

    // Elements anywhere inside each boundary, for its layer and order keys.
    let mut inside: Vec<Vec<usize>> = vec![Vec::new(); n_b];
    for (i, e) in m.elements.iter().enumerate() {
        for b in m.ancestors(e.boundary) {
            inside[b].push(i);
        }
    }

    let mut ctx = Ctx {
        m,
        child_bounds: &child_bounds,
        child_elems: &child_elems,
        inside: &inside,
        layers: &layers,
        order: &order,
        rel_nodes: vec![Rect::zero(); m.elements.len()],
        rel_bounds: vec![Rect::zero(); n_b],
        node_parent: vec![n_b; m.elements.len()],
        bound_parent: vec![n_b; n_b],
    };
    let (w, h) = ctx.size(n_b, &mut vec![false; n_b + 1]);

    // Relative to absolute: each rect is relative to its container's origin.
    let mut abs_bounds: Vec<Option<Rect>> = vec![None; n_b];
    fn abs_of(b: usize, n_b: usize, ctx: &Ctx, memo: &mut Vec<Option<Rect>>, depth: usize) -> Rect {
        if let Some(r) = memo[b] {
            return r;
        }
        let rel = ctx.rel_bounds[b];
        let p = ctx.bound_parent[b];
        let (ox, oy) = if p == n_b || depth > n_b {
            (MARGIN, MARGIN)
        } else {
            let pr = abs_of(p, n_b, ctx, memo, depth + 1);
            (pr.x, pr.y)
        };
        let r = Rect {
            x: ox + rel.x,
            y: oy + rel.y,
            ..rel
        };
        memo[b] = Some(r);
        r
    }
    let boundaries: Vec<Rect> = (0..n_b)
        .map(|b| abs_of(b, n_b, &ctx, &mut abs_bounds, 0))
        .collect();
    let nodes: Vec<Rect> = (0..m.elements.len())
        .map(|i| {
            let rel = ctx.rel_nodes[i];
            let p = ctx.node_parent[i];
            let (ox, oy) = if p == n_b {
                (MARGIN, MARGIN)
            } else {
                (boundaries[p].x, boundaries[p].y)
            };
            Rect {
                x: ox + rel.x,
                y: oy + rel.y,
                ..rel
            }
        })
        .collect();

    let edges = route(m, &nodes, &boundaries, label_width);
    Layout {
        width: w + 2.0 * MARGIN,
        height: h + 2.0 * MARGIN,
        nodes,
        boundaries,
        edges,
    }
}

impl Rect {
    fn zero() -> Rect {
        Rect {
            x: 0.0,
            y: 0.0,
            w: 0.0,
            h: 0.0,
        }
    }
}

/// A boundary's parent, unless following parents from it loops (the parser
/// rejects cycles; this keeps the layout total anyway).
fn valid_parent(m: &Model, b: usize) -> Option<usize> {
    let p = m.boundaries[b].parent?;
    let chain = m.ancestors(Some(p));
    if chain.contains(&b) {
        None
    } else {
        Some(p)
    }
}

struct Ctx<'a> {
    m: &'a Model,
    child_bounds: &'a [Vec<usize>],
    child_elems: &'a [Vec<usize>],
    inside: &'a [Vec<usize>],
    layers: &'a [usize],
    order: &'a [usize],
    rel_nodes: Vec<Rect>,
    rel_bounds: Vec<Rect>,
    node_parent: Vec<usize>,
    bound_parent: Vec<usize>,
}

#[derive(Clone, Copy)]
enum Item {
    Node(usize),
    Bound(usize),
}

impl Ctx<'_> {
    /// Lay out container `c` (a boundary index, or `n_b` for the canvas),
    /// filling in the relative rectangles of its children; returns its
    /// content size (without its own padding).
    fn size(&mut self, c: usize, visiting: &mut Vec<bool>) -> (f64, f64) {
        let n_b = self.m.boundaries.len();
        if visiting[c] {
            return (EMPTY_W, EMPTY_H);
        }
        visiting[c] = true;
        // (layer key, order key, item, w, h)
        let mut items: Vec<(usize, usize, Item, f64, f64)> = Vec::new();
        for &e in &self.child_elems[c] {
            let h = node_height(self.m.elements[e].kind);
            items.push((self.layers[e], self.order[e], Item::Node(e), NODE_W, h));
        }
        for &b in &self.child_bounds[c] {
            let (cw, ch) = self.size(b, visiting);
            let label_w = boundary_label_width(self.m, b);
            let w = (cw + 2.0 * PAD).max(label_w + 2.0 * PAD);
            let h = ch + PAD + LABEL_BAND;
            let inside = &self.inside[b];
            let (layer, ord) = if inside.is_empty() {
                (usize::MAX, usize::MAX)
            } else {
                let sum: usize = inside.iter().map(|&e| self.layers[e]).sum();
                let mean = (sum as f64 / inside.len() as f64).round() as usize;
                (
                    mean,
                    inside.iter().map(|&e| self.order[e]).min().unwrap_or(0),
                )
            };
            items.push((layer, ord, Item::Bound(b), w, h));
            self.bound_parent[b] = c;
        }
        visiting[c] = false;
        if items.is_empty() {
            return (EMPTY_W, EMPTY_H);
        }
        items.sort_by(|a, b| {
            a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then_with(|| {
                let k = |i: &Item| match *i {
                    Item::Node(e) => (0, e),
                    Item::Bound(b) => (1, b),
                };
                k(&a.2).cmp(&k(&b.2))
            })
        });
        // Group into columns by layer key.
        let mut columns: BTreeMap<usize, Vec<(Item, f64, f64)>> = BTreeMap::new();
        for (layer, _, item, w, h) in items {
            columns.entry(layer).or_default().push((item, w, h));
        }
        let col_sizes: Vec<(f64, f64)> = columns
            .values()
            .map(|col| {
                let w = col.iter().map(|c| c.1).fold(0.0, f64::max);
                let h = col.iter().map(|c| c.2).sum::<f64>()
                    + ROW_GAP * (col.len().saturating_sub(1)) as f64;
                (w, h)
            })
            .collect();
        let total_h = col_sizes.iter().map(|s| s.1).fold(0.0, f64::max);
        let total_w = col_sizes.iter().map(|s| s.0).sum::<f64>()
            + COL_GAP * (col_sizes.len().saturating_sub(1)) as f64;
        // Origin of content inside the container.
        let (ox, oy) = if c == n_b {
            (0.0, 0.0)
        } else {
            (PAD, LABEL_BAND)
        };
        let mut x = ox;
        for (col, (cw, ch)) in columns.values().zip(&col_sizes) {
            let mut y = oy + (total_h - ch) / 2.0;
            for &(item, w, h) in col {
                let r = Rect {
                    x: x + (cw - w) / 2.0,
                    y,
                    w,
                    h,
                };
                match item {
                    Item::Node(e) => {
                        self.rel_nodes[e] = r;
                        self.node_parent[e] = c;
                    }
                    Item::Bound(b) => self.rel_bounds[b] = r,
                }
                y += h + ROW_GAP;
            }
            x += cw + COL_GAP;
        }
        (total_w, total_h)
    }
}

/// Width of a boundary's label ("name · kind"), 11px bold.
pub fn boundary_label_width(m: &Model, b: usize) -> f64 {
    let bd = &m.boundaries[b];
    let chars = bd.name.chars().count() + bd.kind.as_str().len() + 3;
    chars as f64 * 6.4
}

/// Longest-path layering of the flow graph with cycles broken by a DFS that
/// starts at actors.
pub fn layers(m: &Model) -> Vec<usize> {
    let n = m.elements.len();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for f in &m.flows {
        if f.from != f.to && !out_edges[f.from].contains(&f.to) {
            out_edges[f.from].push(f.to);
        }
    }
    let mut roots: Vec<usize> = (0..n)
        .filter(|&i| matches!(m.elements[i].kind, ElementKind::Actor(_)))
        .collect();
    roots.extend((0..n).filter(|&i| !matches!(m.elements[i].kind, ElementKind::Actor(_))));

    // Iterative DFS: 0 = new, 1 = on stack, 2 = done. Back edges (to a node
    // on the stack) are dropped; the rest form a DAG.
    let mut state = vec![0u8; n];
    let mut post: Vec<usize> = Vec::with_capacity(n);
    let mut dag: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &r in &roots {
        if state[r] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(r, 0)];
        state[r] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if *next < out_edges[v].len() {
                let w = out_edges[v][*next];
                *next += 1;
                match state[w] {
                    0 => {
                        dag[v].push(w);
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    2 => dag[v].push(w),
                    _ => {} // back edge
                }
            } else {
                state[v] = 2;
                post.push(v);
                stack.pop();
            }
        }
    }
    let mut layer = vec![0usize; n];
    for &v in post.iter().rev() {
        for &w in &dag[v] {
            layer[w] = layer[w].max(layer[v] + 1);
        }
    }
    // An actor nobody calls stays left; an element reached only by back
    // edges keeps layer 0 unless it has a successor, then sits before it.
    for &v in &post {
        if layer[v] == 0 && !matches!(m.elements[v].kind, ElementKind::Actor(_)) {
            let has_in = dag.iter().any(|s| s.contains(&v));
            if !has_in {
                if let Some(min_succ) = dag[v].iter().map(|&w| layer[w]).min() {
                    layer[v] = min_succ.saturating_sub(1);
                }
            }
        }
    }
    layer
}

/// Order in which a breadth-first walk from the actors, following flows in
/// declaration order, first meets each element; used to order elements
/// within a column so that chains line up.
fn discovery_order(m: &Model) -> Vec<usize> {
    let n = m.elements.len();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for f in &m.flows {
        out_edges[f.from].push(f.to);
    }
    let mut order = vec![usize::MAX; n];
    let mut next = 0;
    let mut queue = std::collections::VecDeque::new();
    let starts = (0..n)
        .filter(|&i| matches!(m.elements[i].kind, ElementKind::Actor(_)))
        .chain(0..n);
    for s in starts {
        if order[s] != usize::MAX {
            continue;
        }
        order[s] = next;
        next += 1;
        queue.push_back(s);
        while let Some(v) = queue.pop_front() {
            for &w in &out_edges[v] {
                if order[w] == usize::MAX {
                    order[w] = next;
                    next += 1;
                    queue.push_back(w);
                }
            }
        }
    }
    order
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Side {
    Left,
    Right,
    Top,
    Bottom,
}

/// Attach every flow to a side of each endpoint, spread the attachment
/// points, build the curves and place the labels.
fn route(
    m: &Model,
    nodes: &[Rect],
    boundaries: &[Rect],
    label_width: &dyn Fn(usize) -> f64,
) -> Vec<Edge> {
    // (flow, side at source, side at target)
    let mut plans: Vec<(usize, Side, Side)> = Vec::new();
    for (fi, f) in m.flows.iter().enumerate() {
        if f.from == f.to {
            continue;
        }
        let (a, b) = (nodes[f.from], nodes[f.to]);
        let plan = if b.x >= a.right() {
            (Side::Right, Side::Left)
        } else if a.x >= b.right() {
            (Side::Left, Side::Right)
        } else if b.y >= a.bottom() {
            (Side::Bottom, Side::Top)
        } else {
            (Side::Top, Side::Bottom)
        };
        plans.push((fi, plan.0, plan.1));
    }
    // Attachment slots: for each (element, side), the flows using it,
    // ordered by the position of the other end.
    let mut slots: BTreeMap<(usize, Side), Vec<Slot>> = BTreeMap::new();
    for (pi, &(fi, s_from, s_to)) in plans.iter().enumerate() {
        let f = &m.flows[fi];
        let (a, b) = (nodes[f.from], nodes[f.to]);
        let key_from = match s_from {
            Side::Left | Side::Right => b.cy(),
            _ => b.cx(),
        };
        let key_to = match s_to {
            Side::Left | Side::Right => a.cy(),
            _ => a.cx(),
        };
        slots
            .entry((f.from, s_from))
            .or_default()
            .push((key_from, pi, true));
        slots
            .entry((f.to, s_to))
            .or_default()
            .push((key_to, pi, false));
    }
    let mut ends: Vec<[(f64, f64); 2]> = vec![[(0.0, 0.0); 2]; plans.len()];
    for ((el, side), list) in slots.iter_mut() {
        list.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
        let r = nodes[*el];
        let n = list.len() as f64;
        for (k, &(_, pi, is_from)) in list.iter().enumerate() {
            let t = (k as f64 + 1.0) / (n + 1.0);
            let p = match side {
                Side::Left => (r.x, r.y + 8.0 + (r.h - 16.0) * t),
                Side::Right => (r.right(), r.y + 8.0 + (r.h - 16.0) * t),
                Side::Top => (r.x + r.w * t, r.y),
                Side::Bottom => (r.x + r.w * t, r.bottom()),
            };
            ends[pi][usize::from(!is_from)] = p;
        }
    }

    let obstacles: Vec<Rect> = nodes.iter().map(|r| r.inflate(2.0)).collect();
    let mut placed: Vec<Rect> = Vec::new();
    let mut edges = Vec::with_capacity(plans.len());
    for (pi, &(fi, s_from, s_to)) in plans.iter().enumerate() {
        let [start, end] = ends[pi];
        let pull = |p: (f64, f64), s: Side, d: f64| match s {
            Side::Left => (p.0 - d, p.1),
            Side::Right => (p.0 + d, p.1),
            Side::Top => (p.0, p.1 - d),
            Side::Bottom => (p.0, p.1 + d),
        };
        let dist = match s_from {
            Side::Left | Side::Right => ((end.0 - start.0).abs() * 0.45).max(30.0),
            _ => ((end.1 - start.1).abs() * 0.45).max(20.0),
        };
        let mut e = Edge {
            flow: fi,
            start,
            c1: pull(start, s_from, dist),
            c2: pull(end, s_to, dist),
            end,
            label_at: (0.0, 0.0),
        };
        let lw = label_width(fi);
        let candidates = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85];
        let mut best: Option<(usize, Rect)> = None;
        for (ci, &t) in candidates.iter().enumerate() {
            let p = e.point(t);
            let r = Rect {
                x: p.0 - lw / 2.0,
                y: p.1 - LABEL_H / 2.0,
                w: lw,
                h: LABEL_H,
            };
            let hits = obstacles.iter().filter(|o| o.overlaps(&r)).count() * 4
                + placed.iter().filter(|o| o.overlaps(&r)).count() * 3
                + boundary_label_hits(m, boundaries, &r);
            let score = hits * 100 + ci;
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, r));
            }
            if hits == 0 {
                break;
            }
        }
        if let Some((_, r)) = best {
            e.label_at = (r.cx(), r.cy());
            placed.push(r);
        }
        edges.push(e);
    }
    edges
}

/// How many boundary label bands `r` overlaps.
fn boundary_label_hits(m: &Model, boundaries: &[Rect], r: &Rect) -> usize {
    boundaries
        .iter()
        .enumerate()
        .filter(|(b, br)| {
            let band = Rect {
                x: br.x,
                y: br.y,
                w: boundary_label_width(m, *b) + PAD,
                h: LABEL_BAND - 4.0,
            };
            band.overlaps(r)
        })
        .count()
}

fn bezier(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), p3: (f64, f64), t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
    (
        a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
        a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
    )
}

#[cfg(test)]
mod tests {
    //! Geometric invariants of the layout on every built-in scenario and on
    //! a generated model: what a reader relies on when looking at the
    //! diagram.
    use super::*;
    use crate::content::Content;

    fn models() -> Vec<Model> {
        let content = Content::embedded().unwrap();
        let mut out: Vec<Model> = content
            .scenarios
            .iter()
            .map(|s| crate::parse_str(&s.file, s.yaml, content).unwrap())
            .collect();
        // A generated model: two nested boundaries, a chain of services and
        // a fan-out to stores, including a cycle.
        let mut y = String::from(
            "name: generated\nboundaries:\n  - {id: acct, kind: account}\n  - {id: vpc, kind: vpc, parent: acct}\nactors:\n  - {id: u, kind: user}\nservices:\n",
        );
        for i in 0..8 {
            let b = if i % 2 == 0 { "vpc" } else { "acct" };
            y.push_str(&format!("  - {{id: s{i}, kind: lambda, boundary: {b}}}\n"));
        }
        y.push_str("stores:\n");
        for i in 0..5 {
            y.push_str(&format!("  - {{id: d{i}, kind: s3, boundary: vpc}}\n"));
        }
        y.push_str("flows:\n  - {id: f-in, from: u, to: s0}\n  - {id: f-back, from: s7, to: s0}\n");
        for i in 0..7 {
            y.push_str(&format!("  - {{id: f{i}, from: s{i}, to: s{}}}\n", i + 1));
        }
        for i in 0..5 {
            y.push_str(&format!("  - {{id: w{i}, from: s{}, to: d{i}}}\n", i + 2));
        }
        out.push(crate::parse_str("generated.yaml", &y, content).unwrap());
        out
    }

    #[test]
    fn every_element_sits_inside_every_boundary_that_contains_it() {
        for m in models() {
            let l = layout(&m, &|_| 60.0);
            for (i, e) in m.elements.iter().enumerate() {
                for b in m.ancestors(e.boundary) {
                    assert!(
                        l.boundaries[b].contains(&l.nodes[i]),
                        "{}: `{}` drawn outside boundary `{}`",
                        m.name,
                        e.id,
                        m.boundaries[b].id
                    );
                }
            }
            for (b, bd) in m.boundaries.iter().enumerate() {
                if let Some(p) = bd.parent {
                    assert!(
                        l.boundaries[p].contains(&l.boundaries[b]),
                        "{}: {}",
                        m.name,
                        bd.id
                    );
                }
            }
        }
    }

    #[test]
    fn boxes_do_not_overlap_and_fit_the_canvas() {
        let canvas = |l: &Layout| Rect {
            x: 0.0,
            y: 0.0,
            w: l.width,
            h: l.height,
        };
        for m in models() {
            let l = layout(&m, &|_| 60.0);
            for (i, a) in l.nodes.iter().enumerate() {
                assert!(canvas(&l).contains(a), "{}: node {i} off canvas", m.name);
                for (j, b) in l.nodes.iter().enumerate().skip(i + 1) {
                    assert!(!a.overlaps(b), "{}: nodes {i} and {j} overlap", m.name);
                }
            }
            // Boundaries either nest or are disjoint.
            for (i, a) in l.boundaries.iter().enumerate() {
                for (j, b) in l.boundaries.iter().enumerate().skip(i + 1) {
                    let nested = a.contains(b) || b.contains(a);
                    assert!(
                        nested || !a.overlaps(b),
                        "{}: boundaries {i} and {j} cross",
                        m.name
                    );
                }
            }
            // A node lies inside a boundary only if it belongs to it.
            for (i, e) in m.elements.iter().enumerate() {
                let anc = m.ancestors(e.boundary);
                for (b, r) in l.boundaries.iter().enumerate() {
                    if !anc.contains(&b) {
                        assert!(
                            !r.overlaps(&l.nodes[i]),
                            "{}: `{}` drawn in a boundary it is not in",
                            m.name,
                            e.id
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn layout_is_deterministic() {
        for m in models() {
            let a = layout(&m, &|f| 40.0 + f as f64);
            let b = layout(&m, &|f| 40.0 + f as f64);
            assert_eq!(a.nodes, b.nodes);
            assert_eq!(a.boundaries, b.boundaries);
            assert_eq!(
                a.edges.iter().map(Edge::path).collect::<Vec<_>>(),
                b.edges.iter().map(Edge::path).collect::<Vec<_>>()
            );
        }
    }
}
