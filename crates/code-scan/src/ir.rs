//! The intermediate form every front end lowers to.
//!
//! Java, Python and JavaScript/TypeScript look different but the facts the
//! taint engine needs are the same: which names are assigned from which
//! expressions, which calls happen with which arguments, what a function
//! returns, and which decorators or annotations mark a function as a route.
//! Lowering each syntax tree to this small form once means sources, sinks,
//! sanitizers and propagators are written once per framework (in
//! `content/code-scan/models/`) and every rule works on every language.
//!
//! The form is deliberately lossy: types are kept only where Java declares
//! them, control flow is reduced to blocks whose effects are merged, and
//! anything the engine does not understand becomes [`Expr::Other`], whose
//! children still carry taint. Over-approximating unknown syntax keeps the
//! engine sound enough to find flows through code it has never seen.

use std::collections::HashMap;

/// A position in the source: 1-based line and column (columns count
/// characters in bytes as tree-sitter reports them, plus one), and the byte
/// range for excerpts and suppressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
    pub start_byte: u32,
    pub end_byte: u32,
}

impl Pos {
    pub fn of(node: tree_sitter::Node) -> Pos {
        let s = node.start_position();
        let e = node.end_position();
        Pos {
            line: s.row as u32 + 1,
            col: s.column as u32 + 1,
            end_line: e.row as u32 + 1,
            end_col: e.column as u32 + 1,
            start_byte: node.start_byte() as u32,
            end_byte: node.end_byte() as u32,
        }
    }
}

/// Index of a function in [`FileIr::functions`].
pub type FuncId = usize;

#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    Str(String),
    Num,
    Bool(bool),
    Null,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Lit(Lit, Pos),
    Name(String, Pos),
    /// `object.name`
    Member(Box<Expr>, String, Pos),
    /// `object[index]`
    Index(Box<Expr>, Box<Expr>, Pos),
    Call(Box<Call>),
    /// String building: `+` on strings, f-strings, template literals,
    /// `%` formatting. Tainted when any part is.
    Concat(Vec<Expr>, Pos),
    /// Any other arithmetic or logical operator: numbers out, so taint
    /// passes only through `or`/`||`/`??` (`Cond`), not through these.
    Arith(Vec<Expr>, Pos),
    /// A value that is one of several: ternaries, `a or b`, `a ?? b`.
    Cond(Vec<Expr>, Pos),
    /// `cond ? then : else` (`then if cond else else` in Python). Kept
    /// apart from `Cond` because the condition often validates the value
    /// it selects (`ALLOWED.has(x) ? x : 'png'`, `p.startsWith(root) ? p
    /// : null`), which sanitises the `then` branch.
    Ternary(Box<[Expr; 3]>, Pos),
    /// List, tuple, set, dict, array or object literal. `keys` holds dict
    /// and object keys (for `{__html: x}` and `{shell: true}`).
    Collection {
        items: Vec<Expr>,
        keys: Vec<Option<String>>,
        pos: Pos,
    },
    /// `a == b`, `a.equals(b)` is a Call; `is`, `in` and the rest too.
    Compare {
        op: String,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
        pos: Pos,
    },
    /// A function or lambda written inline; lowered separately.
    Func(FuncId, Pos),
    /// An assignment used as an expression (JavaScript, walrus).
    Assign(Box<Expr>, Box<Expr>, Pos),
    /// Syntax the engine does not model; taint flows through its children.
    Other(Vec<Expr>, Pos),
}

impl Expr {
    pub fn pos(&self) -> Pos {
        match self {
            Expr::Lit(_, p)
            | Expr::Name(_, p)
            | Expr::Member(_, _, p)
            | Expr::Index(_, _, p)
            | Expr::Concat(_, p)
            | Expr::Arith(_, p)
            | Expr::Cond(_, p)
            | Expr::Ternary(_, p)
            | Expr::Func(_, p)
            | Expr::Assign(_, _, p)
            | Expr::Other(_, p) => *p,
            Expr::Collection { pos, .. } | Expr::Compare { pos, .. } => *pos,
            Expr::Call(c) => c.pos,
        }
    }

    pub fn other(children: Vec<Expr>, pos: Pos) -> Expr {
        Expr::Other(children, pos)
    }

    /// The string value of a literal, looking through parentheses-free
    /// concatenations of literals (`"SELECT " + "x"`).
    pub fn literal_str(&self) -> Option<String> {
        match self {
            Expr::Lit(Lit::Str(s), _) => Some(s.clone()),
            Expr::Concat(parts, _) => {
                let mut out = String::new();
                for p in parts {
                    out.push_str(&p.literal_str()?);
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// True for a literal of any kind (string, number, boolean, null).
    pub fn is_literal(&self) -> bool {
        match self {
            Expr::Lit(..) => true,
            Expr::Concat(parts, _) => parts.iter().all(Expr::is_literal),
            _ => false,
        }
    }

    /// A dotted name for `a.b.c` chains of names and members, e.g. the
    /// callee of `os.path.join`. `None` for anything else.
    pub fn dotted(&self) -> Option<String> {
        match self {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Member(obj, name, _) => Some(format!("{}.{name}", obj.dotted()?)),
            _ => None,
        }
    }

    /// The leftmost name of a member/index/call chain (`req` in
    /// `req.query.id`, `request` in `request.args.get("x")`).
    pub fn root_name(&self) -> Option<&str> {
        match self {
            Expr::Name(n, _) => Some(n),
            Expr::Member(obj, _, _) | Expr::Index(obj, _, _) => obj.root_name(),
            Expr::Call(c) => match &c.callee {
                Callee::Method { recv, .. } => recv.root_name(),
                _ => None,
            },
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Callee {
    /// `f(x)`, and constructors `new F(x)` (with `is_new`).
    Name(String),
    /// `recv.name(x)`
    Method { recv: Expr, name: String },
    /// `(expr)(x)`, `f()(x)`.
    Expr(Expr),
}

#[derive(Debug, Clone)]
pub struct Arg {
    /// Keyword argument name (`shell=True`).
    pub name: Option<String>,
    pub value: Expr,
}

#[derive(Debug, Clone)]
pub struct Call {
    pub callee: Callee,
    pub args: Vec<Arg>,
    /// `new X(...)` in Java and JavaScript.
    pub is_new: bool,
    pub pos: Pos,
    /// The position of the callee name (where a finding points).
    pub name_pos: Pos,
}

impl Call {
    pub fn method_name(&self) -> Option<&str> {
        match &self.callee {
            Callee::Name(n) => Some(n.rsplit('.').next().unwrap_or(n)),
            Callee::Method { name, .. } => Some(name),
            Callee::Expr(_) => None,
        }
    }

    pub fn positional(&self, i: usize) -> Option<&Expr> {
        self.args
            .iter()
            .filter(|a| a.name.is_none())
            .nth(i)
            .map(|a| &a.value)
    }

    pub fn keyword(&self, name: &str) -> Option<&Expr> {
        self.args
            .iter()
            .find(|a| a.name.as_deref() == Some(name))
            .map(|a| &a.value)
    }
}

#[derive(Debug, Clone)]
pub enum Stmt {
    /// `target = value`; `declared` is a Java declared type (simple name).
    Assign {
        target: Expr,
        value: Expr,
        declared: Option<String>,
        pos: Pos,
    },
    Expr(Expr),
    Return(Option<Expr>, Pos),
    If {
        cond: Expr,
        then: Vec<Stmt>,
        els: Vec<Stmt>,
        pos: Pos,
    },
    /// Loop bodies run twice so that taint carried around the loop reaches
    /// the top of the body.
    Loop {
        head: Vec<Stmt>,
        body: Vec<Stmt>,
    },
    Block(Vec<Stmt>),
    /// `raise`/`throw`, `abort(403)`: the rest of the block does not run.
    Throw(Expr, Pos),
}

/// A decorator (Python), annotation (Java) or route-registration detail.
#[derive(Debug, Clone)]
pub struct Decorator {
    /// The decorator's name as written, e.g. `app.route`, `login_required`,
    /// `PostMapping`.
    pub name: String,
    pub args: Vec<Arg>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: String,
    /// Declared type's simple name (Java, TypeScript, Python annotation).
    pub ty: Option<String>,
    pub annotations: Vec<Decorator>,
    pub default: Option<Expr>,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct Function {
    pub name: String,
    /// Enclosing class, if a method.
    pub class: Option<String>,
    pub params: Vec<Param>,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Decorator>,
    /// Annotations of the enclosing class (Spring `@RestController`).
    pub class_decorators: Vec<Decorator>,
    pub pos: Pos,
    /// Position of the name (or the `def`/`function` line).
    pub name_pos: Pos,
    /// The synthetic function holding module-level statements.
    pub is_module: bool,
}

/// One source file lowered.
#[derive(Debug, Default)]
pub struct FileIr {
    pub functions: Vec<Function>,
    /// Local alias to imported qualified name: `sp` -> `subprocess`,
    /// `request` -> `flask.request`, `exec` -> `child_process.exec`,
    /// `Statement` -> `java.sql.Statement`.
    pub imports: HashMap<String, String>,
    /// Java field and TypeScript property types by field name (simple type
    /// names), so `this.jdbc.query(..)` knows `jdbc` is a `JdbcTemplate`.
    pub field_types: HashMap<String, String>,
    /// Number of syntax error nodes tree-sitter recovered from.
    pub syntax_errors: u32,
    /// Position of the first syntax error.
    pub first_error: Option<Pos>,
}

impl FileIr {
    /// Resolve the first segment of a dotted name through the imports:
    /// `sp.call` -> `subprocess.call`.
    pub fn resolve(&self, dotted: &str) -> String {
        let (head, rest) = match dotted.find('.') {
            Some(i) => (&dotted[..i], &dotted[i..]),
            None => (dotted, ""),
        };
        match self.imports.get(head) {
            Some(q) => format!("{q}{rest}"),
            None => dotted.to_string(),
        }
    }
}
