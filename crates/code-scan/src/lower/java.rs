//! Java front end.

use super::{named_children, opaque, unquote, Cx};
use crate::ir::{Arg, Call, Callee, Decorator, Expr, Function, Lit, Param, Pos, Stmt};
use tree_sitter::Node;

pub(crate) fn lower_file(cx: &mut Cx, root: Node) {
    let module = cx.push_function(Function {
        name: "<file>".into(),
        class: None,
        params: vec![],
        body: vec![],
        decorators: vec![],
        class_decorators: vec![],
        pos: Pos::of(root),
        name_pos: Pos::of(root),
        is_module: true,
    });
    let mut body = Vec::new();
    for child in named_children(root) {
        match child.kind() {
            "import_declaration" => {
                let full = named_children(child)
                    .into_iter()
                    .find(|n| matches!(n.kind(), "scoped_identifier" | "identifier"))
                    .map(|n| cx.text(n).to_string())
                    .unwrap_or_default();
                if let Some(last) = full.rsplit('.').next() {
                    cx.ir.imports.insert(last.to_string(), full.clone());
                }
            }
            k if is_type_decl(k) => type_decl(cx, child, &mut body),
            _ => {}
        }
    }
    cx.ir.functions[module].body = body;
}

fn is_type_decl(kind: &str) -> bool {
    matches!(
        kind,
        "class_declaration" | "interface_declaration" | "enum_declaration" | "record_declaration"
    )
}

/// The simple name of a type: `List<String>` -> `List`,
/// `java.sql.Statement` -> `Statement`, `String[]` -> `String[]`.
pub(crate) fn simple_type(cx: &Cx, node: Node) -> String {
    match node.kind() {
        "generic_type" => named_children(node)
            .first()
            .map(|n| simple_type(cx, *n))
            .unwrap_or_default(),
        "scoped_type_identifier" => cx.text(node).rsplit('.').next().unwrap_or("").to_string(),
        _ => cx.text(node).to_string(),
    }
}

fn annotations(cx: &mut Cx, node: Node) -> Vec<Decorator> {
    let Some(mods) = named_children(node)
        .into_iter()
        .find(|n| n.kind() == "modifiers")
    else {
        return vec![];
    };
    let mut out = Vec::new();
    for a in named_children(mods) {
        match a.kind() {
            "marker_annotation" | "annotation" => {
                let name = cx
                    .field_text(a, "name")
                    .map(|n| n.rsplit('.').next().unwrap_or(n).to_string())
                    .unwrap_or_default();
                let mut args = Vec::new();
                if let Some(list) = a.child_by_field_name("arguments") {
                    for arg in named_children(list) {
                        if arg.kind() == "element_value_pair" {
                            let key = cx.field_text(arg, "key").map(str::to_string);
                            let value = arg
                                .child_by_field_name("value")
                                .map(|v| expr(cx, v))
                                .unwrap_or(Expr::Other(vec![], Pos::of(arg)));
                            args.push(Arg { name: key, value });
                        } else {
                            args.push(Arg {
                                name: None,
                                value: expr(cx, arg),
                            });
                        }
                    }
                }
                out.push(Decorator {
                    name,
                    args,
                    pos: Pos::of(a),
                });
            }
            _ => {}
        }
    }
    out
}

fn type_decl(cx: &mut Cx, node: Node, out: &mut Vec<Stmt>) {
    let name = cx.field_text(node, "name").unwrap_or("").to_string();
    let class_decorators = annotations(cx, node);
    let Some(body) = node.child_by_field_name("body") else {
        return;
    };
    let mut field_inits = Vec::new();
    for member in named_children(body) {
        match member.kind() {
            "method_declaration"
            | "constructor_declaration"
            | "compact_constructor_declaration" => {
                let id = method(cx, member, &name);
                cx.ir.functions[id].class_decorators = class_decorators.clone();
            }
            "field_declaration" | "constant_declaration" => {
                let ty = member
                    .child_by_field_name("type")
                    .map(|t| simple_type(cx, t))
                    .unwrap_or_default();
                let mut cursor = member.walk();
                let decls: Vec<Node> = member
                    .children_by_field_name("declarator", &mut cursor)
                    .collect();
                for d in decls {
                    let Some(n) = cx.field_text(d, "name") else {
                        continue;
                    };
                    cx.ir.field_types.insert(n.to_string(), ty.clone());
                    if let Some(v) = d.child_by_field_name("value") {
                        let value = expr(cx, v);
                        field_inits.push(Stmt::Assign {
                            target: Expr::Name(n.to_string(), Pos::of(d)),
                            value,
                            declared: Some(ty.clone()),
                            pos: Pos::of(d),
                        });
                    }
                }
            }
            "static_initializer" | "block" => {
                if let Some(b) = named_children(member)
                    .into_iter()
                    .find(|n| n.kind() == "block")
                {
                    field_inits.push(Stmt::Block(block(cx, b)));
                }
            }
            k if is_type_decl(k) => type_decl(cx, member, out),
            "enum_body_declarations" => {}
            _ => {}
        }
    }
    out.push(Stmt::Block(field_inits));
}

fn method(cx: &mut Cx, node: Node, class: &str) -> usize {
    let name = cx.field_text(node, "name").unwrap_or("<init>").to_string();
    let name_pos = node
        .child_by_field_name("name")
        .map(Pos::of)
        .unwrap_or(Pos::of(node));
    let decorators = annotations(cx, node);
    let params = node
        .child_by_field_name("parameters")
        .map(|p| parameters(cx, p))
        .unwrap_or_default();
    let id = cx.push_function(Function {
        name,
        class: Some(class.to_string()),
        params,
        body: vec![],
        decorators,
        class_decorators: vec![],
        pos: Pos::of(node),
        name_pos,
        is_module: false,
    });
    let body = node
        .child_by_field_name("body")
        .map(|b| block(cx, b))
        .unwrap_or_default();
    cx.ir.functions[id].body = body;
    id
}

fn parameters(cx: &mut Cx, node: Node) -> Vec<Param> {
    let mut out = Vec::new();
    for p in named_children(node) {
        if !matches!(p.kind(), "formal_parameter" | "spread_parameter") {
            continue;
        }
        let annotations = annotations(cx, p);
        let ty = named_children(p)
            .into_iter()
            .find(|n| n.kind().ends_with("type") || n.kind() == "type_identifier")
            .map(|t| simple_type(cx, t));
        let name = cx
            .field_text(p, "name")
            .map(str::to_string)
            .or_else(|| {
                named_children(p)
                    .into_iter()
                    .find(|n| n.kind() == "variable_declarator")
                    .and_then(|d| cx.field_text(d, "name"))
                    .map(str::to_string)
            })
            .unwrap_or_default();
        out.push(Param {
            name,
            ty,
            annotations,
            default: None,
            pos: Pos::of(p),
        });
    }
    out
}

fn block(cx: &mut Cx, node: Node) -> Vec<Stmt> {
    let mut out = Vec::new();
    for child in named_children(node) {
        stmt(cx, child, &mut out);
    }
    out
}

fn body_of(cx: &mut Cx, node: Option<Node>) -> Vec<Stmt> {
    match node {
        Some(n) if n.kind() == "block" => block(cx, n),
        Some(n) => {
            let mut out = Vec::new();
            stmt(cx, n, &mut out);
            out
        }
        None => vec![],
    }
}

fn stmt(cx: &mut Cx, node: Node, out: &mut Vec<Stmt>) {
    if !cx.enter() {
        return;
    }
    let pos = Pos::of(node);
    match node.kind() {
        "local_variable_declaration" => {
            let ty = node.child_by_field_name("type").map(|t| simple_type(cx, t));
            let mut cursor = node.walk();
            let decls: Vec<Node> = node
                .children_by_field_name("declarator", &mut cursor)
                .collect();
            for d in decls {
                let Some(n) = d.child_by_field_name("name") else {
                    continue;
                };
                let value = d
                    .child_by_field_name("value")
                    .map(|v| expr(cx, v))
                    .unwrap_or(Expr::Lit(Lit::Null, Pos::of(d)));
                out.push(Stmt::Assign {
                    target: Expr::Name(cx.text(n).to_string(), Pos::of(n)),
                    value,
                    declared: ty.clone().filter(|t| t != "var"),
                    pos: Pos::of(d),
                });
            }
        }
        "expression_statement" => {
            for child in named_children(node) {
                if child.kind() == "assignment_expression" {
                    out.push(assignment(cx, child));
                } else {
                    out.push(Stmt::Expr(expr(cx, child)));
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
            let then = body_of(cx, node.child_by_field_name("consequence"));
            let els = body_of(cx, node.child_by_field_name("alternative"));
            out.push(Stmt::If {
                cond,
                then,
                els,
                pos,
            });
        }
        "for_statement" => {
            let mut head = Vec::new();
            for f in ["init", "condition", "update"] {
                let mut cursor = node.walk();
                let parts: Vec<Node> = node.children_by_field_name(f, &mut cursor).collect();
                for n in parts {
                    stmt(cx, n, &mut head);
                }
            }
            let body = body_of(cx, node.child_by_field_name("body"));
            out.push(Stmt::Loop { head, body });
        }
        "enhanced_for_statement" => {
            let mut head = Vec::new();
            if let (Some(n), Some(v)) = (
                node.child_by_field_name("name"),
                node.child_by_field_name("value"),
            ) {
                let ty = node.child_by_field_name("type").map(|t| simple_type(cx, t));
                head.push(Stmt::Assign {
                    target: Expr::Name(cx.text(n).to_string(), Pos::of(n)),
                    value: expr(cx, v),
                    declared: ty,
                    pos,
                });
            }
            let body = body_of(cx, node.child_by_field_name("body"));
            out.push(Stmt::Loop { head, body });
        }
        "while_statement" | "do_statement" => {
            let head = node
                .child_by_field_name("condition")
                .map(|n| vec![Stmt::Expr(expr(cx, n))])
                .unwrap_or_default();
            let body = body_of(cx, node.child_by_field_name("body"));
            out.push(Stmt::Loop { head, body });
        }
        "block" => out.push(Stmt::Block(block(cx, node))),
        "try_statement" | "try_with_resources_statement" => {
            let mut inner = Vec::new();
            if let Some(res) = node.child_by_field_name("resources") {
                for r in named_children(res) {
                    if let (Some(n), Some(v)) = (
                        r.child_by_field_name("name"),
                        r.child_by_field_name("value"),
                    ) {
                        let ty = r.child_by_field_name("type").map(|t| simple_type(cx, t));
                        inner.push(Stmt::Assign {
                            target: Expr::Name(cx.text(n).to_string(), Pos::of(n)),
                            value: expr(cx, v),
                            declared: ty,
                            pos: Pos::of(r),
                        });
                    }
                }
            }
            for child in named_children(node) {
                match child.kind() {
                    "block" => inner.push(Stmt::Block(block(cx, child))),
                    "catch_clause" | "finally_clause" => {
                        if let Some(b) = child.child_by_field_name("body").or_else(|| {
                            named_children(child)
                                .into_iter()
                                .find(|n| n.kind() == "block")
                        }) {
                            inner.push(Stmt::Block(block(cx, b)));
                        }
                    }
                    _ => {}
                }
            }
            out.push(Stmt::Block(inner));
        }
        "switch_expression" | "switch_statement" => {
            let mut inner = Vec::new();
            if let Some(c) = node.child_by_field_name("condition") {
                inner.push(Stmt::Expr(expr(cx, c)));
            }
            if let Some(b) = node.child_by_field_name("body") {
                for group in named_children(b) {
                    let mut g = Vec::new();
                    for s in named_children(group) {
                        if s.kind() != "switch_label" {
                            stmt(cx, s, &mut g);
                        }
                    }
                    inner.push(Stmt::If {
                        cond: Expr::Other(vec![], Pos::of(group)),
                        then: g,
                        els: vec![],
                        pos: Pos::of(group),
                    });
                }
            }
            out.push(Stmt::Block(inner));
        }
        "synchronized_statement" | "labeled_statement" => {
            for child in named_children(node) {
                if child.kind() == "block" || child.kind().ends_with("statement") {
                    stmt(cx, child, out);
                }
            }
        }
        k if is_type_decl(k) => type_decl(cx, node, out),
        "line_comment" | "block_comment" | "empty_statement" | "break_statement"
        | "continue_statement" | "assert_statement" | "yield_statement" => {}
        _ => out.push(Stmt::Expr(expr(cx, node))),
    }
    cx.leave();
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
    let op = cx.field_text(node, "operator").unwrap_or("=");
    if op == "+=" {
        value = Expr::Concat(vec![target.clone(), value], pos);
    } else if op != "=" {
        value = Expr::Arith(vec![target.clone(), value], pos);
    }
    Stmt::Assign {
        target,
        value,
        declared: None,
        pos,
    }
}

fn arguments(cx: &mut Cx, node: Node) -> Vec<Arg> {
    named_children(node)
        .into_iter()
        .filter(|n| !n.kind().ends_with("comment"))
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
        "identifier" | "this" | "super" | "type_identifier" => {
            Expr::Name(cx.text(node).to_string(), pos)
        }
        "string_literal" | "text_block" => Expr::Lit(Lit::Str(unquote(cx.text(node))), pos),
        "character_literal" => Expr::Lit(Lit::Str(unquote(cx.text(node))), pos),
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal"
        | "decimal_floating_point_literal"
        | "hex_floating_point_literal" => Expr::Lit(Lit::Num, pos),
        "true" => Expr::Lit(Lit::Bool(true), pos),
        "false" => Expr::Lit(Lit::Bool(false), pos),
        "null_literal" => Expr::Lit(Lit::Null, pos),
        "class_literal" => Expr::Lit(Lit::Str(cx.text(node).to_string()), pos),
        "field_access" => {
            let obj = node
                .child_by_field_name("object")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let field = cx.field_text(node, "field").unwrap_or("").to_string();
            match obj {
                // this.x is the field x.
                Expr::Name(ref n, _) if n == "this" => Expr::Name(field, pos),
                _ => Expr::Member(Box::new(obj), field, pos),
            }
        }
        "scoped_identifier" => {
            let text = cx.text(node);
            let mut parts = text.split('.');
            let first = parts.next().unwrap_or("");
            let mut e = Expr::Name(first.to_string(), pos);
            for p in parts {
                e = Expr::Member(Box::new(e), p.to_string(), pos);
            }
            e
        }
        "array_access" => {
            let obj = node
                .child_by_field_name("array")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            let idx = node
                .child_by_field_name("index")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            Expr::Index(Box::new(obj), Box::new(idx), pos)
        }
        "method_invocation" => {
            let recv = node.child_by_field_name("object").map(|n| expr(cx, n));
            let name_node = node.child_by_field_name("name");
            let name = name_node
                .map(|n| cx.text(n).to_string())
                .unwrap_or_default();
            let args = node
                .child_by_field_name("arguments")
                .map(|a| arguments(cx, a))
                .unwrap_or_default();
            let callee = match recv {
                Some(Expr::Name(ref n, _)) if n == "this" => Callee::Name(name),
                Some(r) => Callee::Method { recv: r, name },
                None => Callee::Name(name),
            };
            Expr::Call(Box::new(Call {
                callee,
                args,
                is_new: false,
                pos,
                name_pos: name_node.map(Pos::of).unwrap_or(pos),
            }))
        }
        "object_creation_expression" => {
            let ty_node = node.child_by_field_name("type");
            let ty = ty_node.map(|t| simple_type(cx, t)).unwrap_or_default();
            let args = node
                .child_by_field_name("arguments")
                .map(|a| arguments(cx, a))
                .unwrap_or_default();
            Expr::Call(Box::new(Call {
                callee: Callee::Name(ty),
                args,
                is_new: true,
                pos,
                name_pos: ty_node.map(Pos::of).unwrap_or(pos),
            }))
        }
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
                "==" | "!=" => Expr::Compare {
                    op: op.to_string(),
                    lhs: Box::new(l),
                    rhs: Box::new(r),
                    pos,
                },
                "&&" | "||" => Expr::Arith(vec![l, r], pos),
                _ => Expr::Arith(vec![l, r], pos),
            }
        }
        "ternary_expression" => super::ternary(node, |n| expr(cx, n)),
        "assignment_expression" => match assignment(cx, node) {
            Stmt::Assign { target, value, .. } => {
                Expr::Assign(Box::new(target), Box::new(value), pos)
            }
            _ => Expr::Other(vec![], pos),
        },
        "parenthesized_expression" => named_children(node)
            .first()
            .map(|n| expr(cx, *n))
            .unwrap_or(Expr::Other(vec![], pos)),
        "cast_expression" => {
            let ty = node
                .child_by_field_name("type")
                .map(|t| simple_type(cx, t))
                .unwrap_or_default();
            let v = node
                .child_by_field_name("value")
                .map(|n| expr(cx, n))
                .unwrap_or(Expr::Other(vec![], pos));
            if matches!(
                ty.as_str(),
                "int" | "long" | "short" | "byte" | "double" | "float" | "boolean" | "char"
            ) {
                Expr::Arith(vec![v], pos)
            } else {
                v
            }
        }
        "lambda_expression" => {
            let params = match node.child_by_field_name("parameters") {
                Some(p) if p.kind() == "identifier" => vec![Param {
                    name: cx.text(p).to_string(),
                    ty: None,
                    annotations: vec![],
                    default: None,
                    pos: Pos::of(p),
                }],
                Some(p) => named_children(p)
                    .into_iter()
                    .map(|n| Param {
                        name: cx
                            .field_text(n, "name")
                            .unwrap_or_else(|| cx.text(n))
                            .to_string(),
                        ty: None,
                        annotations: vec![],
                        default: None,
                        pos: Pos::of(n),
                    })
                    .collect(),
                None => vec![],
            };
            let id = cx.push_function(Function {
                name: "<lambda>".into(),
                class: None,
                params,
                body: vec![],
                decorators: vec![],
                class_decorators: vec![],
                pos,
                name_pos: pos,
                is_module: false,
            });
            let body = match node.child_by_field_name("body") {
                Some(b) if b.kind() == "block" => block(cx, b),
                Some(b) => vec![Stmt::Return(Some(expr(cx, b)), Pos::of(b))],
                None => vec![],
            };
            cx.ir.functions[id].body = body;
            Expr::Func(id, pos)
        }
        "array_initializer" | "array_creation_expression" => Expr::Collection {
            items: named_children(node)
                .into_iter()
                .filter(|n| !n.kind().contains("type") && n.kind() != "dimensions")
                .map(|n| expr(cx, n))
                .collect(),
            keys: vec![],
            pos,
        },
        "instanceof_expression" | "unary_expression" | "update_expression" => {
            opaque_arith(cx, node)
        }
        _ => opaque(cx, node, expr),
    };
    cx.leave();
    e
}

fn opaque_arith(cx: &mut Cx, node: Node) -> Expr {
    match opaque(cx, node, expr) {
        Expr::Other(kids, pos) => Expr::Arith(kids, pos),
        e => e,
    }
}
