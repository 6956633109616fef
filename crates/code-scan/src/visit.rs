//! Walking the IR: every expression and assignment of a function, in order.

use crate::ir::{Callee, Expr, Function, Pos, Stmt};

/// What a rule sees while walking a function.
pub enum Node<'a> {
    Expr(&'a Expr),
    /// `target = value` (statements and assignment expressions).
    Assign {
        target: &'a Expr,
        value: &'a Expr,
        pos: Pos,
    },
    Return(&'a Expr, Pos),
}

/// Visit every node of `f`'s own body (inline functions are separate
/// functions in the IR and are visited on their own).
pub fn walk<'a>(f: &'a Function, visit: &mut dyn FnMut(Node<'a>)) {
    stmts(&f.body, visit);
}

fn stmts<'a>(body: &'a [Stmt], visit: &mut dyn FnMut(Node<'a>)) {
    for s in body {
        match s {
            Stmt::Assign {
                target, value, pos, ..
            } => {
                visit(Node::Assign {
                    target,
                    value,
                    pos: *pos,
                });
                expr(target, visit);
                expr(value, visit);
            }
            Stmt::Expr(e) | Stmt::Throw(e, _) => expr(e, visit),
            Stmt::Return(e, pos) => {
                if let Some(e) = e {
                    visit(Node::Return(e, *pos));
                    expr(e, visit);
                }
            }
            Stmt::If {
                cond, then, els, ..
            } => {
                expr(cond, visit);
                stmts(then, visit);
                stmts(els, visit);
            }
            Stmt::Loop { head, body } => {
                stmts(head, visit);
                stmts(body, visit);
            }
            Stmt::Block(b) => stmts(b, visit),
        }
    }
}

fn expr<'a>(e: &'a Expr, visit: &mut dyn FnMut(Node<'a>)) {
    visit(Node::Expr(e));
    match e {
        Expr::Member(o, _, _) => expr(o, visit),
        Expr::Index(o, i, _) => {
            expr(o, visit);
            expr(i, visit);
        }
        Expr::Call(c) => {
            match &c.callee {
                Callee::Method { recv, .. } => expr(recv, visit),
                Callee::Expr(x) => expr(x, visit),
                Callee::Name(_) => {}
            }
            for a in &c.args {
                expr(&a.value, visit);
            }
        }
        Expr::Concat(p, _) | Expr::Arith(p, _) | Expr::Cond(p, _) | Expr::Other(p, _) => {
            for x in p {
                expr(x, visit);
            }
        }
        Expr::Ternary(p, _) => {
            for x in p.iter() {
                expr(x, visit);
            }
        }
        Expr::Collection { items, .. } => {
            for x in items {
                expr(x, visit);
            }
        }
        Expr::Compare { lhs, rhs, .. } => {
            expr(lhs, visit);
            expr(rhs, visit);
        }
        Expr::Assign(t, v, pos) => {
            visit(Node::Assign {
                target: t,
                value: v,
                pos: *pos,
            });
            expr(t, visit);
            expr(v, visit);
        }
        Expr::Lit(..) | Expr::Name(..) | Expr::Func(..) => {}
    }
}

/// True when any sub-expression of `e` satisfies `pred`.
pub fn any_expr(e: &Expr, pred: &mut dyn FnMut(&Expr) -> bool) -> bool {
    let mut found = false;
    expr(e, &mut |n| {
        if let Node::Expr(x) = n {
            if !found && pred(x) {
                found = true;
            }
        }
    });
    found
}
