//! Python front end.

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

fn stmt(cx: &mut Cx, node: Node, class: Option<&str>, out: &mut Vec<Stmt>) {
    if !cx.enter() {
        return;
    }
    match node.kind() {
        "expression_statement" => {
            for child in named_children(node) {
                match child.kind() {
                    "assignment" | "augmented_assignment" => assignment(cx, child, out),
                    _ => out.push(Stmt::Expr(expr(cx, child))),
                }
            }
        }
        "return_statement" => {
            let value = named_children(node).first().map(|n| expr(cx, *n));
            out.push(Stmt::Return(value, Pos::of(node)));
        }
        "raise_statement" => {
            let value = named_children(node)
                .first()
                .map(|n| expr(cx, *n))
                .unwrap_or(Expr::Other(vec![], Pos::of(node)));
            out.push(Stmt::Throw(value, Pos::of(node)));
        }
        "if_statement" => {
            let cond = node
                .child_by_field_name("condition")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], Pos::of(node)));
            let then = node
                .child_by_field_name("consequence")
                .map(|n| block(cx, n, class))
                .unwrap_or_default();
            // elif/else chains nest: each elif is an If in the else branch.
            let mut cursor = node.walk();
            let alts: Vec<Node> = node
                .children_by_field_name("alternative", &mut cursor)
                .collect();
            let els = else_chain(cx, &alts, class);
            out.push(Stmt::If {
                cond,
                then,
                els,
                pos: Pos::of(node),
            });
        }
        "for_statement" => {
            let mut head = Vec::new();
            if let (Some(l), Some(r)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) {
                head.push(Stmt::Assign {
                    target: expr(cx, l),
                    value: expr(cx, r),
                    declared: None,
                    pos: Pos::of(node),
                });
            }
            let body = node
                .child_by_field_name("body")
                .map(|n| block(cx, n, class))
                .unwrap_or_default();
            out.push(Stmt::Loop { head, body });
            if let Some(alt) = node.child_by_field_name("alternative") {
                out.push(Stmt::Block(block(cx, alt, class)));
            }
        }
        "while_statement" => {
            let head = node
                .child_by_field_name("condition")
                .map(|n| vec![Stmt::Expr(expr(cx, n))])
                .unwrap_or_default();
            let body = node
                .child_by_field_name("body")
                .map(|n| block(cx, n, class))
                .unwrap_or_default();
            out.push(Stmt::Loop { head, body });
        }
        "try_statement"
        | "block"
        | "else_clause"
        | "finally_clause"
        | "except_clause"
        | "except_group_clause" => {
            let mut inner = Vec::new();
            for child in named_children(node) {
                if child.kind() == "block" || child.kind().ends_with("clause") {
                    inner.push(Stmt::Block(block(cx, child, class)));
                } else if node.kind() == "block" {
                    stmt(cx, child, class, &mut inner);
                }
            }
            out.push(Stmt::Block(inner));
        }
        "with_statement" => {
            let mut inner = Vec::new();
            for child in named_children(node) {
                if child.kind() == "with_clause" {
                    for item in named_children(child) {
                        let Some(value) = item.child_by_field_name("value") else {
                            continue;
                        };
                        if value.kind() == "as_pattern" {
                            let kids = named_children(value);
                            if let (Some(v), Some(alias)) =
                                (kids.first(), value.child_by_field_name("alias"))
                            {
                                let target = named_children(alias)
                                    .first()
                                    .map(|n| expr(cx, *n))
                                    .unwrap_or_else(|| expr(cx, alias));
                                inner.push(Stmt::Assign {
                                    target,
                                    value: expr(cx, *v),
                                    declared: None,
                                    pos: Pos::of(item),
                                });
                            }
                        } else {
                            inner.push(Stmt::Expr(expr(cx, value)));
                        }
                    }
                } else if child.kind() == "block" {
                    inner.extend(block(cx, child, class));
                }
            }
            out.push(Stmt::Block(inner));
        }
        "function_definition" => {
            function(cx, node, vec![], class);
        }
        "decorated_definition" => {
            let decorators: Vec<Decorator> = named_children(node)
                .into_iter()
                .filter(|n| n.kind() == "decorator")
                .filter_map(|d| decorator(cx, d))
                .collect();
            if let Some(def) = node.child_by_field_name("definition") {
                match def.kind() {
                    "function_definition" => {
                        function(cx, def, decorators, class);
                    }
                    "class_definition" => class_def(cx, def, decorators, out),
                    _ => {}
                }
            }
        }
        "class_definition" => class_def(cx, node, vec![], out),
        "import_statement" => {
            for name in named_children(node) {
                match name.kind() {
                    "dotted_name" => {
                        let full = cx.text(name).to_string();
                        let head = full.split('.').next().unwrap_or("").to_string();
                        cx.ir.imports.insert(head.clone(), head);
                    }
                    "aliased_import" => {
                        if let (Some(n), Some(a)) =
                            (cx.field_text(name, "name"), cx.field_text(name, "alias"))
                        {
                            cx.ir.imports.insert(a.to_string(), n.to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        "import_from_statement" => {
            let module = cx.field_text(node, "module_name").unwrap_or("").to_string();
            let mut cursor = node.walk();
            let names: Vec<Node> = node.children_by_field_name("name", &mut cursor).collect();
            for name in names {
                let (n, a) = match name.kind() {
                    "aliased_import" => (
                        cx.field_text(name, "name").unwrap_or(""),
                        cx.field_text(name, "alias").unwrap_or(""),
                    ),
                    _ => (cx.text(name), cx.text(name)),
                };
                if !n.is_empty() && !a.is_empty() {
                    cx.ir.imports.insert(
                        a.to_string(),
                        format!("{}.{n}", module.trim_start_matches('.')),
                    );
                }
            }
        }
        "comment"
        | "pass_statement"
        | "break_statement"
        | "continue_statement"
        | "global_statement"
        | "nonlocal_statement"
        | "future_import_statement" => {}
        _ => out.push(Stmt::Expr(expr(cx, node))),
    }
    cx.leave();
}

fn else_chain(cx: &mut Cx, alts: &[Node], class: Option<&str>) -> Vec<Stmt> {
    let Some((first, rest)) = alts.split_first() else {
        return vec![];
    };
    match first.kind() {
        "elif_clause" => {
            let cond = first
                .child_by_field_name("condition")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], Pos::of(*first)));
            let then = first
                .child_by_field_name("consequence")
                .map(|n| block(cx, n, class))
                .unwrap_or_default();
            let els = else_chain(cx, rest, class);
            vec![Stmt::If {
                cond,
                then,
                els,
                pos: Pos::of(*first),
            }]
        }
        _ => first
            .child_by_field_name("body")
            .map(|n| block(cx, n, class))
            .unwrap_or_default(),
    }
}

fn assignment(cx: &mut Cx, node: Node, out: &mut Vec<Stmt>) {
    let (Some(l), Some(r)) = (
        node.child_by_field_name("left"),
        node.child_by_field_name("right"),
    ) else {
        if let Some(l) = node.child_by_field_name("left") {
            // Annotated declaration without a value: `x: int`.
            let _ = l;
        }
        return;
    };
    let value = if r.kind() == "assignment" {
        // a = b = value
        let mut inner = Vec::new();
        assignment(cx, r, &mut inner);
        let v = match inner.last() {
            Some(Stmt::Assign { target, .. }) => target.clone(),
            _ => Expr::Other(vec![], Pos::of(r)),
        };
        out.extend(inner);
        v
    } else {
        expr(cx, r)
    };
    let target = expr(cx, l);
    let value = if node.kind() == "augmented_assignment" {
        let pos = Pos::of(node);
        let op = cx.field_text(node, "operator").unwrap_or("");
        if op == "+=" || op == "%=" {
            Expr::Concat(vec![target.clone(), value], pos)
        } else {
            Expr::Arith(vec![target.clone(), value], pos)
        }
    } else {
        value
    };
    out.push(Stmt::Assign {
        target,
        value,
        declared: node
            .child_by_field_name("type")
            .map(|t| cx.text(t).to_string()),
        pos: Pos::of(node),
    });
}

fn decorator(cx: &mut Cx, node: Node) -> Option<Decorator> {
    let inner = named_children(node).into_iter().next()?;
    let pos = Pos::of(node);
    match inner.kind() {
        "call" => {
            let f = inner.child_by_field_name("function")?;
            let args = inner
                .child_by_field_name("arguments")
                .map(|a| arguments(cx, a))
                .unwrap_or_default();
            Some(Decorator {
                name: cx.text(f).to_string(),
                args,
                pos,
            })
        }
        _ => Some(Decorator {
            name: cx.text(inner).to_string(),
            args: vec![],
            pos,
        }),
    }
}

fn class_def(cx: &mut Cx, node: Node, decorators: Vec<Decorator>, out: &mut Vec<Stmt>) {
    let name = cx.field_text(node, "name").unwrap_or("").to_string();
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    let start = cx.ir.functions.len();
    // Class-level statements (Django settings classes, field defaults) go
    // into the module's flow: they run once at import.
    let stmts = block(cx, body, Some(&name));
    for f in &mut cx.ir.functions[start..] {
        if f.class.as_deref() == Some(name.as_str()) {
            f.class_decorators = decorators.clone();
        }
    }
    out.push(Stmt::Block(stmts));
}

fn function(cx: &mut Cx, node: Node, decorators: Vec<Decorator>, class: Option<&str>) -> usize {
    let name = cx
        .field_text(node, "name")
        .unwrap_or("<lambda>")
        .to_string();
    let name_pos = node
        .child_by_field_name("name")
        .map(Pos::of)
        .unwrap_or(Pos::of(node));
    let params = node
        .child_by_field_name("parameters")
        .map(|p| parameters(cx, p))
        .unwrap_or_default();
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
        Some(b) if node.kind() == "lambda" => vec![Stmt::Return(Some(expr(cx, b)), Pos::of(b))],
        Some(b) => block(cx, b, None),
        None => vec![],
    };
    cx.ir.functions[id].body = body;
    id
}

fn parameters(cx: &mut Cx, node: Node) -> Vec<Param> {
    let mut out = Vec::new();
    for p in named_children(node) {
        let pos = Pos::of(p);
        let (name, ty, default) = match p.kind() {
            "identifier" => (cx.text(p).to_string(), None, None),
            "typed_parameter" => {
                let name = named_children(p)
                    .into_iter()
                    .find(|n| n.kind() == "identifier")
                    .map(|n| cx.text(n).to_string())
                    .unwrap_or_default();
                (name, cx.field_text(p, "type").map(str::to_string), None)
            }
            "default_parameter" | "typed_default_parameter" => (
                cx.field_text(p, "name").unwrap_or("").to_string(),
                cx.field_text(p, "type").map(str::to_string),
                p.child_by_field_name("value").map(|v| expr(cx, v)),
            ),
            "list_splat_pattern" | "dictionary_splat_pattern" => (
                named_children(p)
                    .first()
                    .map(|n| cx.text(*n).to_string())
                    .unwrap_or_default(),
                None,
                None,
            ),
            _ => continue,
        };
        if !name.is_empty() {
            out.push(Param {
                name,
                ty,
                annotations: vec![],
                default,
                pos,
            });
        }
    }
    out
}

fn arguments(cx: &mut Cx, node: Node) -> Vec<Arg> {
    let mut out = Vec::new();
    for a in named_children(node) {
        match a.kind() {
            "keyword_argument" => {
                let name = cx.field_text(a, "name").map(str::to_string);
                let value = a
                    .child_by_field_name("value")
                    .map(|v| expr(cx, v))
                    .unwrap_or(Expr::Other(vec![], Pos::of(a)));
                out.push(Arg { name, value });
            }
            "comment" => {}
            _ => out.push(Arg {
                name: None,
                value: expr(cx, a),
            }),
        }
    }
    out
}

pub(crate) fn expr(cx: &mut Cx, node: Node) -> Expr {
    let pos = Pos::of(node);
    if !cx.enter() {
        return Expr::Other(vec![], pos);
    }
    let e = match node.kind() {
        "identifier" => Expr::Name(cx.text(node).to_string(), pos),
        "string" => string(cx, node),
        "concatenated_string" => Expr::Concat(
            named_children(node)
                .into_iter()
                .map(|n| expr(cx, n))
                .collect(),
            pos,
        ),
        "integer" | "float" => Expr::Lit(Lit::Num, pos),
        "true" => Expr::Lit(Lit::Bool(true), pos),
        "false" => Expr::Lit(Lit::Bool(false), pos),
        "none" => Expr::Lit(Lit::Null, pos),
        "attribute" => {
            let obj = node
                .child_by_field_name("object")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let attr = cx.field_text(node, "attribute").unwrap_or("").to_string();
            Expr::Member(Box::new(obj), attr, pos)
        }
        "subscript" => {
            let obj = node
                .child_by_field_name("value")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let idx = node
                .child_by_field_name("subscript")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            Expr::Index(Box::new(obj), Box::new(idx), pos)
        }
        "call" => call(cx, node),
        "binary_operator" => {
            let op = cx.field_text(node, "operator").unwrap_or("");
            let l = node.child_by_field_name("left").map(|n| expr(cx, n));
            let r = node.child_by_field_name("right").map(|n| expr(cx, n));
            let parts: Vec<Expr> = l.into_iter().chain(r).collect();
            if op == "+" || op == "%" {
                Expr::Concat(parts, pos)
            } else {
                Expr::Arith(parts, pos)
            }
        }
        "conditional_expression" => {
            // `then if cond else other`
            let mut kids = named_children(node).into_iter().map(|n| expr(cx, n));
            let then = kids.next().unwrap_or(Expr::Other(vec![], pos));
            let cond = kids.next().unwrap_or(Expr::Other(vec![], pos));
            let other = kids.next().unwrap_or(Expr::Other(vec![], pos));
            Expr::Ternary(Box::new([cond, then, other]), pos)
        }
        "boolean_operator" => Expr::Cond(
            named_children(node)
                .into_iter()
                .map(|n| expr(cx, n))
                .collect(),
            pos,
        ),
        "comparison_operator" => {
            let kids = named_children(node);
            let mut cursor = node.walk();
            let op = node
                .children_by_field_name("operators", &mut cursor)
                .next()
                .map(|n| cx.text(n).to_string())
                .unwrap_or_else(|| "==".into());
            if kids.len() == 2 {
                Expr::Compare {
                    op,
                    lhs: Box::new(expr(cx, kids[0])),
                    rhs: Box::new(expr(cx, kids[1])),
                    pos,
                }
            } else {
                Expr::Arith(kids.into_iter().map(|n| expr(cx, n)).collect(), pos)
            }
        }
        "not_operator" | "unary_operator" => Expr::Arith(
            named_children(node)
                .into_iter()
                .map(|n| expr(cx, n))
                .collect(),
            pos,
        ),
        "list" | "tuple" | "set" | "expression_list" | "pattern_list" | "tuple_pattern"
        | "list_pattern" => Expr::Collection {
            items: named_children(node)
                .into_iter()
                .map(|n| expr(cx, n))
                .collect(),
            keys: vec![],
            pos,
        },
        "dictionary" => {
            let mut items = Vec::new();
            let mut keys = Vec::new();
            for pair in named_children(node) {
                if pair.kind() == "pair" {
                    let key = pair.child_by_field_name("key");
                    keys.push(key.and_then(|k| match k.kind() {
                        "string" => Some(unquote(cx.text(k))),
                        _ => None,
                    }));
                    items.push(
                        pair.child_by_field_name("value")
                            .map(|v| expr(cx, v))
                            .unwrap_or(Expr::Other(vec![], pos)),
                    );
                } else {
                    keys.push(None);
                    items.push(expr(cx, pair));
                }
            }
            Expr::Collection { items, keys, pos }
        }
        "parenthesized_expression" | "await" | "expression" => named_children(node)
            .first()
            .map(|n| expr(cx, *n))
            .unwrap_or(Expr::Other(vec![], pos)),
        "named_expression" => {
            let target = node.child_by_field_name("name").map(|n| expr(cx, n));
            let value = node.child_by_field_name("value").map(|n| expr(cx, n));
            match (target, value) {
                (Some(t), Some(v)) => Expr::Assign(Box::new(t), Box::new(v), pos),
                _ => Expr::Other(vec![], pos),
            }
        }
        "lambda" => {
            let id = function(cx, node, vec![], None);
            Expr::Func(id, pos)
        }
        "keyword_argument" => node
            .child_by_field_name("value")
            .map(|v| expr(cx, v))
            .unwrap_or(Expr::Other(vec![], pos)),
        "list_comprehension" | "generator_expression" | "set_comprehension" => {
            // The element expression's taint is the result's; the for
            // clauses bind names from their iterables.
            opaque(cx, node, expr)
        }
        _ => opaque(cx, node, expr),
    };
    cx.leave();
    e
}

fn string(cx: &mut Cx, node: Node) -> Expr {
    let pos = Pos::of(node);
    let interps: Vec<Node> = named_children(node)
        .into_iter()
        .filter(|n| n.kind() == "interpolation")
        .collect();
    if interps.is_empty() {
        return Expr::Lit(Lit::Str(unquote(cx.text(node))), pos);
    }
    let mut parts = Vec::new();
    for child in named_children(node) {
        match child.kind() {
            "string_content" => parts.push(Expr::Lit(
                Lit::Str(cx.text(child).to_string()),
                Pos::of(child),
            )),
            "interpolation" => {
                if let Some(e) = child.child_by_field_name("expression") {
                    parts.push(expr(cx, e));
                }
            }
            _ => {}
        }
    }
    Expr::Concat(parts, pos)
}

fn call(cx: &mut Cx, node: Node) -> Expr {
    let pos = Pos::of(node);
    let Some(f) = node.child_by_field_name("function") else {
        return Expr::Other(vec![], pos);
    };
    let args = node
        .child_by_field_name("arguments")
        .map(|a| match a.kind() {
            "argument_list" => arguments(cx, a),
            // f(x for x in y)
            _ => vec![Arg {
                name: None,
                value: expr(cx, a),
            }],
        })
        .unwrap_or_default();
    let (callee, name_pos) = match f.kind() {
        "identifier" => (Callee::Name(cx.text(f).to_string()), Pos::of(f)),
        "attribute" => {
            let recv = f
                .child_by_field_name("object")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let attr = f.child_by_field_name("attribute");
            (
                Callee::Method {
                    recv,
                    name: attr.map(|a| cx.text(a).to_string()).unwrap_or_default(),
                },
                attr.map(Pos::of).unwrap_or(pos),
            )
        }
        _ => (Callee::Expr(expr(cx, f)), Pos::of(f)),
    };
    Expr::Call(Box::new(Call {
        callee,
        args,
        is_new: false,
        pos,
        name_pos,
    }))
}
