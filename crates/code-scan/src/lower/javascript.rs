//! JavaScript, TypeScript and TSX front end (one grammar family).

use super::{named_children, opaque, unquote, Cx};
use crate::ir::{Arg, Call, Callee, Decorator, Expr, Function, Lit, Param, Pos, Stmt};
use tree_sitter::Node;

pub(crate) fn lower_file(cx: &mut Cx, root: Node) {
    let module = cx.push_function(Function {
        name: "<module>".into(),
        class: None,
        params: vec![],
        body: vec![],
        decorators: vec![],
        class_decorators: vec![],
        pos: Pos::of(root),
        name_pos: Pos::of(root),
        is_module: true,
    });
    let body = block(cx, root, None);
    cx.ir.functions[module].body = body;
}

fn block(cx: &mut Cx, node: Node, class: Option<&str>) -> Vec<Stmt> {
    let mut out = Vec::new();
    for child in named_children(node) {
        stmt(cx, child, class, &mut out);
    }
    out
}

fn body_of(cx: &mut Cx, node: Option<Node>, class: Option<&str>) -> Vec<Stmt> {
    match node {
        Some(n) if n.kind() == "statement_block" => block(cx, n, class),
        Some(n) => {
            let mut out = Vec::new();
            stmt(cx, n, class, &mut out);
            out
        }
        None => vec![],
    }
}

fn stmt(cx: &mut Cx, node: Node, class: Option<&str>, out: &mut Vec<Stmt>) {
    if !cx.enter() {
        return;
    }
    let pos = Pos::of(node);
    match node.kind() {
        "expression_statement" => {
            for child in named_children(node) {
                match child.kind() {
                    "assignment_expression" | "augmented_assignment_expression" => {
                        out.push(assignment(cx, child))
                    }
                    "sequence_expression" => {
                        for e in named_children(child) {
                            out.push(Stmt::Expr(expr(cx, e)));
                        }
                    }
                    _ => out.push(Stmt::Expr(expr(cx, child))),
                }
            }
        }
        "lexical_declaration" | "variable_declaration" => {
            for decl in named_children(node) {
                if decl.kind() == "variable_declarator" {
                    declarator(cx, decl, out);
                }
            }
        }
        "return_statement" => {
            let value = named_children(node).first().map(|n| expr(cx, *n));
            out.push(Stmt::Return(value, pos));
        }
        "throw_statement" => {
            let value = named_children(node)
                .first()
                .map(|n| expr(cx, *n))
                .unwrap_or(Expr::Other(vec![], pos));
            out.push(Stmt::Throw(value, pos));
        }
        "if_statement" => {
            let cond = node
                .child_by_field_name("condition")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let then = body_of(cx, node.child_by_field_name("consequence"), class);
            let els = match node.child_by_field_name("alternative") {
                Some(alt) => {
                    let mut v = Vec::new();
                    for c in named_children(alt) {
                        stmt(cx, c, class, &mut v);
                    }
                    v
                }
                None => vec![],
            };
            out.push(Stmt::If {
                cond,
                then,
                els,
                pos,
            });
        }
        "for_statement" => {
            let mut head = Vec::new();
            for f in ["initializer", "condition", "increment"] {
                if let Some(n) = node.child_by_field_name(f) {
                    stmt(cx, n, class, &mut head);
                }
            }
            let body = body_of(cx, node.child_by_field_name("body"), class);
            out.push(Stmt::Loop { head, body });
        }
        "for_in_statement" => {
            let mut head = Vec::new();
            if let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                head.push(Stmt::Assign {
                    target: pattern(cx, l),
                    value: expr(cx, r),
                    declared: None,
                    pos,
                });
            }
            let body = body_of(cx, node.child_by_field_name("body"), class);
            out.push(Stmt::Loop { head, body });
        }
        "while_statement" | "do_statement" => {
            let head = node
                .child_by_field_name("condition")
                .map(|n| vec![Stmt::Expr(expr(cx, n))])
                .unwrap_or_default();
            let body = body_of(cx, node.child_by_field_name("body"), class);
            out.push(Stmt::Loop { head, body });
        }
        "statement_block" => out.push(Stmt::Block(block(cx, node, class))),
        "try_statement" => {
            let mut inner = Vec::new();
            if let Some(b) = node.child_by_field_name("body") {
                inner.push(Stmt::Block(block(cx, b, class)));
            }
            for f in ["handler", "finalizer"] {
                if let Some(h) = node.child_by_field_name(f) {
                    if let Some(b) = h.child_by_field_name("body") {
                        inner.push(Stmt::Block(block(cx, b, class)));
                    }
                }
            }
            out.push(Stmt::Block(inner));
        }
        "switch_statement" => {
            let mut inner = Vec::new();
            if let Some(v) = node.child_by_field_name("value") {
                inner.push(Stmt::Expr(expr(cx, v)));
            }
            if let Some(b) = node.child_by_field_name("body") {
                for case in named_children(b) {
                    let mut case_body = Vec::new();
                    for c in named_children(case) {
                        if Some(c) == case.child_by_field_name("value") {
                            continue;
                        }
                        stmt(cx, c, class, &mut case_body);
                    }
                    inner.push(Stmt::If {
                        cond: Expr::Other(vec![], Pos::of(case)),
                        then: case_body,
                        els: vec![],
                        pos: Pos::of(case),
                    });
                }
            }
            out.push(Stmt::Block(inner));
        }
        "labeled_statement" => {
            if let Some(b) = node.child_by_field_name("body") {
                stmt(cx, b, class, out);
            }
        }
        "export_statement" => {
            if let Some(d) = node.child_by_field_name("declaration") {
                stmt(cx, d, class, out);
            } else if let Some(v) = node.child_by_field_name("value") {
                out.push(Stmt::Expr(expr(cx, v)));
            }
        }
        "function_declaration" | "generator_function_declaration" => {
            function(cx, node, class, vec![]);
        }
        "class_declaration" | "abstract_class_declaration" | "class" => {
            class_def(cx, node);
        }
        "import_statement" => import(cx, node),
        "comment"
        | "empty_statement"
        | "break_statement"
        | "continue_statement"
        | "debugger_statement"
        | "interface_declaration"
        | "type_alias_declaration"
        | "enum_declaration"
        | "ambient_declaration"
        | "module"
        | "internal_module"
        | "import_alias"
        | "hash_bang_line" => {}
        _ => out.push(Stmt::Expr(expr(cx, node))),
    }
    cx.leave();
}

fn import(cx: &mut Cx, node: Node) {
    let Some(source) = node.child_by_field_name("source") else {
        return;
    };
    let module = unquote(cx.text(source));
    for clause in named_children(node) {
        if clause.kind() != "import_clause" {
            continue;
        }
        for part in named_children(clause) {
            match part.kind() {
                "identifier" => {
                    cx.ir
                        .imports
                        .insert(cx.text(part).to_string(), module.clone());
                }
                "namespace_import" => {
                    if let Some(id) = named_children(part).first() {
                        cx.ir
                            .imports
                            .insert(cx.text(*id).to_string(), module.clone());
                    }
                }
                "named_imports" => {
                    for spec in named_children(part) {
                        if spec.kind() != "import_specifier" {
                            continue;
                        }
                        let name = cx.field_text(spec, "name").unwrap_or("");
                        let alias = cx.field_text(spec, "alias").unwrap_or(name);
                        cx.ir
                            .imports
                            .insert(alias.to_string(), format!("{module}.{name}"));
                    }
                }
                _ => {}
            }
        }
    }
}

/// `require('x')` or `require('x').y` as a module path.
fn required_module(cx: &Cx, value: Node) -> Option<String> {
    match value.kind() {
        "call_expression" => {
            let f = value.child_by_field_name("function")?;
            if cx.text(f) != "require" {
                return None;
            }
            let args = value.child_by_field_name("arguments")?;
            let first = named_children(args).into_iter().next()?;
            (first.kind() == "string").then(|| unquote(cx.text(first)))
        }
        "member_expression" => {
            let obj = value.child_by_field_name("object")?;
            let prop = cx.field_text(value, "property")?;
            Some(format!("{}.{prop}", required_module(cx, obj)?))
        }
        "await_expression" => required_module(cx, named_children(value).into_iter().next()?),
        _ => None,
    }
}

fn declarator(cx: &mut Cx, decl: Node, out: &mut Vec<Stmt>) {
    let Some(name) = decl.child_by_field_name("name") else {
        return;
    };
    let Some(value) = decl.child_by_field_name("value") else {
        return;
    };
    // Module aliases: const cp = require('child_process');
    // const { exec, spawn: sp } = require('child_process');
    if let Some(module) = required_module(cx, value) {
        match name.kind() {
            "identifier" => {
                cx.ir.imports.insert(cx.text(name).to_string(), module);
                return;
            }
            "object_pattern" => {
                for p in named_children(name) {
                    match p.kind() {
                        "shorthand_property_identifier_pattern" => {
                            let n = cx.text(p).to_string();
                            cx.ir.imports.insert(n.clone(), format!("{module}.{n}"));
                        }
                        "pair_pattern" => {
                            if let (Some(k), Some(v)) =
                                (cx.field_text(p, "key"), cx.field_text(p, "value"))
                            {
                                cx.ir.imports.insert(v.to_string(), format!("{module}.{k}"));
                            }
                        }
                        _ => {}
                    }
                }
                return;
            }
            _ => {}
        }
    }
    let pos = Pos::of(decl);
    let value_e = expr(cx, value);
    let declared = decl
        .child_by_field_name("type")
        .map(|t| cx.text(t).trim_start_matches(':').trim().to_string());
    destructure(cx, name, value_e, declared, pos, out);
}

/// Bind a pattern to a value: `{ id, name: n } = req.query` binds `id` to
/// `req.query.id` and `n` to `req.query.name`, so a source model written for
/// `req.query` covers destructuring too.
fn destructure(
    cx: &mut Cx,
    pat: Node,
    value: Expr,
    declared: Option<String>,
    pos: Pos,
    out: &mut Vec<Stmt>,
) {
    match pat.kind() {
        "object_pattern" => {
            for p in named_children(pat) {
                match p.kind() {
                    "shorthand_property_identifier_pattern" => {
                        let n = cx.text(p).to_string();
                        out.push(Stmt::Assign {
                            target: Expr::Name(n.clone(), Pos::of(p)),
                            value: Expr::Member(Box::new(value.clone()), n, Pos::of(p)),
                            declared: None,
                            pos,
                        });
                    }
                    "pair_pattern" => {
                        let key = cx.field_text(p, "key").map(unquote).unwrap_or_default();
                        if let Some(v) = p.child_by_field_name("value") {
                            let member = Expr::Member(Box::new(value.clone()), key, Pos::of(p));
                            destructure(cx, v, member, None, pos, out);
                        }
                    }
                    "object_assignment_pattern" => {
                        if let Some(l) = p.child_by_field_name("left") {
                            let n = cx.text(l).to_string();
                            out.push(Stmt::Assign {
                                target: Expr::Name(n.clone(), Pos::of(l)),
                                value: Expr::Member(Box::new(value.clone()), n, Pos::of(p)),
                                declared: None,
                                pos,
                            });
                        }
                    }
                    "rest_pattern" => {
                        if let Some(n) = named_children(p).first() {
                            destructure(cx, *n, value.clone(), None, pos, out);
                        }
                    }
                    _ => {}
                }
            }
        }
        "array_pattern" => {
            for p in named_children(pat) {
                let item = Expr::Index(
                    Box::new(value.clone()),
                    Box::new(Expr::Lit(Lit::Num, Pos::of(p))),
                    Pos::of(p),
                );
                destructure(cx, p, item, None, pos, out);
            }
        }
        "assignment_pattern" => {
            if let Some(l) = pat.child_by_field_name("left") {
                let dflt = pat.child_by_field_name("right").map(|r| expr(cx, r));
                let v = match dflt {
                    Some(d) => Expr::Cond(vec![value, d], pos),
                    None => value,
                };
                destructure(cx, l, v, declared, pos, out);
            }
        }
        _ => out.push(Stmt::Assign {
            target: pattern(cx, pat),
            value,
            declared,
            pos,
        }),
    }
}

fn pattern(cx: &mut Cx, node: Node) -> Expr {
    match node.kind() {
        "lexical_declaration" | "variable_declaration" => named_children(node)
            .into_iter()
            .find(|n| n.kind() == "variable_declarator")
            .and_then(|d| d.child_by_field_name("name"))
            .map(|n| expr(cx, n))
            .unwrap_or(Expr::Other(vec![], Pos::of(node))),
        _ => expr(cx, node),
    }
}

fn assignment(cx: &mut Cx, node: Node) -> Stmt {
    let pos = Pos::of(node);
    let target = node
        .child_by_field_name("left")
        .map(|n| expr(cx, n))
        .unwrap_or(Expr::Other(vec![], pos));
    let mut value = node
        .child_by_field_name("right")
        .map(|n| expr(cx, n))
        .unwrap_or(Expr::Other(vec![], pos));
    if node.kind() == "augmented_assignment_expression" {
        let op = cx.field_text(node, "operator").unwrap_or("");
        value = match op {
            "+=" => Expr::Concat(vec![target.clone(), value], pos),
            "||=" | "??=" | "&&=" => Expr::Cond(vec![target.clone(), value], pos),
            _ => Expr::Arith(vec![target.clone(), value], pos),
        };
    }
    Stmt::Assign {
        target,
        value,
        declared: None,
        pos,
    }
}

fn decorators_of(cx: &mut Cx, node: Node) -> Vec<Decorator> {
    named_children(node)
        .into_iter()
        .filter(|n| n.kind() == "decorator")
        .filter_map(|d| {
            let inner = named_children(d).into_iter().next()?;
            let pos = Pos::of(d);
            Some(match inner.kind() {
                "call_expression" => Decorator {
                    name: cx.field_text(inner, "function").unwrap_or("").to_string(),
                    args: inner
                        .child_by_field_name("arguments")
                        .map(|a| arguments(cx, a))
                        .unwrap_or_default(),
                    pos,
                },
                _ => Decorator {
                    name: cx.text(inner).to_string(),
                    args: vec![],
                    pos,
                },
            })
        })
        .collect()
}

fn class_def(cx: &mut Cx, node: Node) {
    let name = cx.field_text(node, "name").unwrap_or("<class>").to_string();
    let class_decorators = decorators_of(cx, node);
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    let mut pending = Vec::new();
    for member in named_children(body) {
        match member.kind() {
            "decorator" => {
                // Decorators that precede a member in the class body.
                if let Some(inner) = named_children(member).into_iter().next() {
                    let (n, args) = match inner.kind() {
                        "call_expression" => (
                            cx.field_text(inner, "function").unwrap_or("").to_string(),
                            inner
                                .child_by_field_name("arguments")
                                .map(|a| arguments(cx, a))
                                .unwrap_or_default(),
                        ),
                        _ => (cx.text(inner).to_string(), vec![]),
                    };
                    pending.push(Decorator {
                        name: n,
                        args,
                        pos: Pos::of(member),
                    });
                }
            }
            "method_definition" | "method_signature" => {
                let mut decs = std::mem::take(&mut pending);
                decs.extend(decorators_of(cx, member));
                let id = function(cx, member, Some(&name), decs);
                cx.ir.functions[id].class_decorators = class_decorators.clone();
            }
            "public_field_definition" | "field_definition" => {
                pending.clear();
                if let Some(v) = member.child_by_field_name("value") {
                    if matches!(
                        v.kind(),
                        "arrow_function" | "function_expression" | "function"
                    ) {
                        let id = function(cx, v, Some(&name), vec![]);
                        if let Some(n) = cx
                            .field_text(member, "name")
                            .or(cx.field_text(member, "property"))
                        {
                            cx.ir.functions[id].name = n.to_string();
                        }
                    }
                }
            }
            _ => pending.clear(),
        }
    }
}

fn function(cx: &mut Cx, node: Node, class: Option<&str>, decorators: Vec<Decorator>) -> usize {
    let name = cx
        .field_text(node, "name")
        .unwrap_or("<anonymous>")
        .to_string();
    let name_pos = node
        .child_by_field_name("name")
        .map(Pos::of)
        .unwrap_or(Pos::of(node));
    let params = match node.child_by_field_name("parameters") {
        Some(p) => parameters(cx, p),
        None => node
            .child_by_field_name("parameter")
            .map(|p| {
                vec![Param {
                    name: cx.text(p).to_string(),
                    ty: None,
                    annotations: vec![],
                    default: None,
                    pos: Pos::of(p),
                }]
            })
            .unwrap_or_default(),
    };
    let id = cx.push_function(Function {
        name,
        class: class.map(str::to_string),
        params,
        body: vec![],
        decorators,
        class_decorators: vec![],
        pos: Pos::of(node),
        name_pos,
        is_module: false,
    });
    let body = match node.child_by_field_name("body") {
        Some(b) if b.kind() == "statement_block" => block(cx, b, None),
        Some(b) => vec![Stmt::Return(Some(expr(cx, b)), Pos::of(b))],
        None => vec![],
    };
    cx.ir.functions[id].body = body;
    id
}

fn parameters(cx: &mut Cx, node: Node) -> Vec<Param> {
    let mut out = Vec::new();
    for p in named_children(node) {
        let pos = Pos::of(p);
        let annotations = decorators_of(cx, p);
        let (pat, ty, default) = match p.kind() {
            "required_parameter" | "optional_parameter" => (
                p.child_by_field_name("pattern"),
                p.child_by_field_name("type")
                    .map(|t| cx.text(t).trim_start_matches(':').trim().to_string()),
                p.child_by_field_name("value").map(|v| expr(cx, v)),
            ),
            "assignment_pattern" => (
                p.child_by_field_name("left"),
                None,
                p.child_by_field_name("right").map(|v| expr(cx, v)),
            ),
            "comment" | "decorator" => continue,
            _ => (Some(p), None, None),
        };
        let Some(pat) = pat else { continue };
        let name = match pat.kind() {
            "identifier" => cx.text(pat).to_string(),
            "rest_pattern" => named_children(pat)
                .first()
                .map(|n| cx.text(*n).to_string())
                .unwrap_or_default(),
            // Destructured parameters ({ body }) keep their source text as
            // the name so root-based source models still see `req`-like
            // roots; React props destructuring is handled by the prop rules.
            _ => cx.text(pat).to_string(),
        };
        out.push(Param {
            name,
            ty,
            annotations,
            default,
            pos,
        });
    }
    out
}

fn arguments(cx: &mut Cx, node: Node) -> Vec<Arg> {
    named_children(node)
        .into_iter()
        .filter(|n| n.kind() != "comment")
        .map(|a| Arg {
            name: None,
            value: expr(cx, a),
        })
        .collect()
}

pub(crate) fn expr(cx: &mut Cx, node: Node) -> Expr {
    let pos = Pos::of(node);
    if !cx.enter() {
        return Expr::Other(vec![], pos);
    }
    let e = match node.kind() {
        "identifier" | "shorthand_property_identifier" | "this" | "super" => {
            Expr::Name(cx.text(node).to_string(), pos)
        }
        "property_identifier" | "private_property_identifier" => {
            Expr::Lit(Lit::Str(cx.text(node).to_string()), pos)
        }
        "string" => Expr::Lit(Lit::Str(unquote(cx.text(node))), pos),
        "template_string" => {
            let mut parts = Vec::new();
            let subs: Vec<Node> = named_children(node);
            if subs.iter().all(|n| n.kind() != "template_substitution") {
                Expr::Lit(Lit::Str(unquote(cx.text(node))), pos)
            } else {
                for c in subs {
                    match c.kind() {
                        "template_substitution" => {
                            if let Some(e) = named_children(c).first() {
                                parts.push(expr(cx, *e));
                            }
                        }
                        _ => parts.push(Expr::Lit(Lit::Str(cx.text(c).to_string()), Pos::of(c))),
                    }
                }
                Expr::Concat(parts, pos)
            }
        }
        "number" => Expr::Lit(Lit::Num, pos),
        "true" => Expr::Lit(Lit::Bool(true), pos),
        "false" => Expr::Lit(Lit::Bool(false), pos),
        "null" | "undefined" => Expr::Lit(Lit::Null, pos),
        "regex" => Expr::Lit(Lit::Str(cx.text(node).to_string()), pos),
        "member_expression" => {
            let obj = node
                .child_by_field_name("object")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let prop = cx.field_text(node, "property").unwrap_or("").to_string();
            Expr::Member(Box::new(obj), prop, pos)
        }
        "subscript_expression" => {
            let obj = node
                .child_by_field_name("object")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let idx_node = node.child_by_field_name("index");
            // obj['name'] is obj.name for source matching.
            if let Some(i) = idx_node.filter(|i| i.kind() == "string") {
                Expr::Member(Box::new(obj), unquote(cx.text(i)), pos)
            } else {
                let idx = idx_node
                    .map(|n| expr(cx, n))
                    .unwrap_or(Expr::Other(vec![], pos));
                Expr::Index(Box::new(obj), Box::new(idx), pos)
            }
        }
        "call_expression" => call(cx, node, false),
        "new_expression" => call(cx, node, true),
        "binary_expression" => {
            let op = cx.field_text(node, "operator").unwrap_or("");
            let l = node
                .child_by_field_name("left")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let r = node
                .child_by_field_name("right")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            match op {
                "+" => Expr::Concat(vec![l, r], pos),
                "||" | "??" | "&&" => Expr::Cond(vec![l, r], pos),
                "==" | "===" | "!=" | "!==" | "<" | ">" | "<=" | ">=" | "in" | "instanceof" => {
                    Expr::Compare {
                        op: op.to_string(),
                        lhs: Box::new(l),
                        rhs: Box::new(r),
                        pos,
                    }
                }
                _ => Expr::Arith(vec![l, r], pos),
            }
        }
        "ternary_expression" => super::ternary(node, |n| expr(cx, n)),
        "assignment_expression" | "augmented_assignment_expression" => match assignment(cx, node) {
            Stmt::Assign { target, value, .. } => {
                Expr::Assign(Box::new(target), Box::new(value), pos)
            }
            _ => Expr::Other(vec![], pos),
        },
        "arrow_function" | "function_expression" | "function" | "generator_function" => {
            let id = function(cx, node, None, vec![]);
            Expr::Func(id, pos)
        }
        "class" => {
            class_def(cx, node);
            Expr::Other(vec![], pos)
        }
        "object" => {
            let mut items = Vec::new();
            let mut keys = Vec::new();
            for p in named_children(node) {
                match p.kind() {
                    "pair" => {
                        let key = p.child_by_field_name("key").map(|k| unquote(cx.text(k)));
                        keys.push(key);
                        items.push(
                            p.child_by_field_name("value")
                                .map(|v| expr(cx, v))
                                .unwrap_or(Expr::Other(vec![], pos)),
                        );
                    }
                    "shorthand_property_identifier" => {
                        keys.push(Some(cx.text(p).to_string()));
                        items.push(Expr::Name(cx.text(p).to_string(), Pos::of(p)));
                    }
                    "method_definition" => {
                        let id = function(cx, p, None, vec![]);
                        keys.push(cx.field_text(p, "name").map(str::to_string));
                        items.push(Expr::Func(id, Pos::of(p)));
                    }
                    "comment" => {}
                    _ => {
                        keys.push(None);
                        items.push(expr(cx, p));
                    }
                }
            }
            Expr::Collection { items, keys, pos }
        }
        "array" => Expr::Collection {
            items: named_children(node)
                .into_iter()
                .filter(|n| n.kind() != "comment")
                .map(|n| expr(cx, n))
                .collect(),
            keys: vec![],
            pos,
        },
        "parenthesized_expression"
        | "await_expression"
        | "spread_element"
        | "as_expression"
        | "non_null_expression"
        | "satisfies_expression"
        | "type_assertion"
        | "jsx_expression" => named_children(node)
            .into_iter()
            .find(|n| !n.kind().contains("type") && n.kind() != "comment")
            .map(|n| expr(cx, n))
            .unwrap_or(Expr::Other(vec![], pos)),
        "unary_expression" => {
            let op = cx.field_text(node, "operator").unwrap_or("");
            let inner = node
                .child_by_field_name("argument")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            if op == "typeof" || op == "!" || op == "-" || op == "+" || op == "~" {
                Expr::Arith(vec![inner], pos)
            } else {
                inner
            }
        }
        "sequence_expression" => Expr::Cond(
            named_children(node)
                .into_iter()
                .map(|n| expr(cx, n))
                .collect(),
            pos,
        ),
        "jsx_element" | "jsx_self_closing_element" | "jsx_fragment" => jsx(cx, node),
        _ => opaque(cx, node, expr),
    };
    cx.leave();
    e
}

/// JSX: each `attr={value}` becomes a call of the pseudo-function
/// `<jsx>.attr(value)` so sinks like `dangerouslySetInnerHTML` and `href`
/// are modelled like any call; children keep their taint.
fn jsx(cx: &mut Cx, node: Node) -> Expr {
    let pos = Pos::of(node);
    let mut kids = Vec::new();
    let opening = match node.kind() {
        "jsx_element" => node.child_by_field_name("open_tag"),
        "jsx_self_closing_element" => Some(node),
        _ => None,
    };
    if let Some(open) = opening {
        for attr in named_children(open) {
            if attr.kind() != "jsx_attribute" {
                continue;
            }
            let parts = named_children(attr);
            let Some(name) = parts.first() else { continue };
            let Some(value) = parts.get(1) else { continue };
            let v = expr(cx, *value);
            kids.push(Expr::Call(Box::new(Call {
                callee: Callee::Name(format!("<jsx>.{}", cx.text(*name))),
                args: vec![Arg {
                    name: None,
                    value: v,
                }],
                is_new: false,
                pos: Pos::of(attr),
                name_pos: Pos::of(*name),
            })));
        }
    }
    for child in named_children(node) {
        if matches!(
            child.kind(),
            "jsx_element" | "jsx_self_closing_element" | "jsx_expression"
        ) {
            kids.push(expr(cx, child));
        }
    }
    Expr::Other(kids, pos)
}

fn call(cx: &mut Cx, node: Node, is_new: bool) -> Expr {
    let pos = Pos::of(node);
    let f = node.child_by_field_name(if is_new { "constructor" } else { "function" });
    let args = node
        .child_by_field_name("arguments")
        .map(|a| match a.kind() {
            "arguments" => arguments(cx, a),
            // Tagged template: tag`...`
            _ => vec![Arg {
                name: None,
                value: expr(cx, a),
            }],
        })
        .unwrap_or_default();
    let Some(f) = f else {
        return Expr::Other(args.into_iter().map(|a| a.value).collect(), pos);
    };
    let (callee, name_pos) = match f.kind() {
        "identifier" => (Callee::Name(cx.text(f).to_string()), Pos::of(f)),
        "member_expression" => {
            let recv = f
                .child_by_field_name("object")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let prop = f.child_by_field_name("property");
            (
                Callee::Method {
                    recv,
                    name: prop.map(|p| cx.text(p).to_string()).unwrap_or_default(),
                },
                prop.map(Pos::of).unwrap_or(pos),
            )
        }
        _ => (Callee::Expr(expr(cx, f)), Pos::of(f)),
    };
    Expr::Call(Box::new(Call {
        callee,
        args,
        is_new,
        pos,
        name_pos,
    }))
}
