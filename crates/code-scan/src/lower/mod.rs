//! Front ends: tree-sitter syntax trees lowered to [`crate::ir`].
//!
//! tree-sitter recovers from syntax errors, so a file with a typo still
//! lowers; the error nodes are counted and reported as a note. Lowering is
//! recursive, so nesting is capped at [`MAX_DEPTH`]: deeper expressions
//! become an opaque [`Expr::Other`] (a 10,000-level nested file must not
//! overflow the stack, and no real code nests that deep).

mod java;
mod javascript;
mod python;

use crate::ir::{Expr, FileIr, Function, Pos};
use crate::lang::Lang;
use tree_sitter::{Node, Parser, Tree};

/// Deepest syntax nesting lowered; anything below is treated as opaque.
pub const MAX_DEPTH: u32 = 200;

/// Parse `src` as `lang`. `None` only if tree-sitter gives up (it does on
/// cancellation, which is not used).
pub fn parse(parser: &mut Parser, lang: Lang, src: &[u8]) -> Option<Tree> {
    parser.set_language(&lang.grammar()).ok()?;
    parser.parse(src, None)
}

/// Lower a parsed tree.
pub fn lower(lang: Lang, tree: &Tree, src: &[u8]) -> FileIr {
    let mut cx = Cx {
        src,
        ir: FileIr::default(),
        depth: 0,
    };
    let root = tree.root_node();
    count_errors(root, &mut cx.ir);
    match lang {
        Lang::Java => java::lower_file(&mut cx, root),
        Lang::Python => python::lower_file(&mut cx, root),
        Lang::JavaScript | Lang::TypeScript | Lang::Tsx => javascript::lower_file(&mut cx, root),
    }
    cx.ir
}

/// Count error and missing nodes without recursion (the tree may be deep).
fn count_errors(root: Node, ir: &mut FileIr) {
    if !root.has_error() {
        return;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        if node.is_error() || node.is_missing() {
            ir.syntax_errors += 1;
            if ir.first_error.is_none() {
                ir.first_error = Some(Pos::of(node));
            }
        }
        if node.has_error() && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// Lowering state shared by the front ends.
pub(crate) struct Cx<'a> {
    pub src: &'a [u8],
    pub ir: FileIr,
    pub depth: u32,
}

impl<'a> Cx<'a> {
    pub fn text(&self, node: Node) -> &'a str {
        std::str::from_utf8(&self.src[node.byte_range()]).unwrap_or("")
    }

    pub fn field_text(&self, node: Node, field: &str) -> Option<&'a str> {
        node.child_by_field_name(field).map(|n| self.text(n))
    }

    /// Reserve a function slot (so inline functions get ids in order) and
    /// return its id.
    pub fn push_function(&mut self, f: Function) -> usize {
        self.ir.functions.push(f);
        self.ir.functions.len() - 1
    }

    /// Enter one nesting level; false when the cap is reached.
    pub fn enter(&mut self) -> bool {
        if self.depth >= MAX_DEPTH {
            return false;
        }
        self.depth += 1;
        true
    }

    pub fn leave(&mut self) {
        self.depth -= 1;
    }
}

/// Named children of a node.
pub(crate) fn named_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

/// The unquoted value of a string literal's text, with simple escapes
/// undone. Good enough for matching algorithm names and secrets.
pub(crate) fn unquote(text: &str) -> String {
    let t = text.trim();
    // String prefixes: f"..", rb'..', u"..".
    let t = match t.find(['"', '\'']) {
        Some(i) if i > 0 && i <= 3 && t[..i].chars().all(|c| c.is_ascii_alphabetic()) => &t[i..],
        _ => t,
    };
    let t = t
        .strip_prefix("\"\"\"")
        .and_then(|s| s.strip_suffix("\"\"\""))
        .or_else(|| t.strip_prefix("'''").and_then(|s| s.strip_suffix("'''")))
        .or_else(|| t.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
        .or_else(|| t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .or_else(|| t.strip_prefix('`').and_then(|s| s.strip_suffix('`')))
        .unwrap_or(t);
    t.replace("\\\"", "\"").replace("\\'", "'")
}

/// An opaque expression for a node the front end does not model, keeping
/// the taint of whatever named children it has.
pub(crate) fn opaque(cx: &mut Cx, node: Node, lower: fn(&mut Cx, Node) -> Expr) -> Expr {
    let kids = named_children(node)
        .into_iter()
        .filter(|n| !n.is_extra())
        .map(|n| lower(cx, n))
        .collect();
    Expr::Other(kids, Pos::of(node))
}

/// `cond ? a : b` in the Java and JavaScript grammars (same field names),
/// lowered with the front end's own expression lowering.
pub(crate) fn ternary<'t>(node: Node<'t>, mut lower: impl FnMut(Node<'t>) -> Expr) -> Expr {
    let pos = Pos::of(node);
    let mut part = |f: &str| match node.child_by_field_name(f) {
        Some(n) => lower(n),
        None => Expr::Other(vec![], pos),
    };
    let cond = part("condition");
    let then = part("consequence");
    let other = part("alternative");
    Expr::Ternary(Box::new([cond, then, other]), pos)
}
