//! Where JSON values start, for `file:line:col` locations. serde_json gives
//! positions only for errors, so this walks the text once more, after
//! serde_json has accepted it (so the input is valid JSON and its nesting
//! is within serde_json's limit of 128, which bounds the recursion here).

use report::Span;

/// A JSON value's start (1-based line and character column) and children.
#[derive(Debug, Clone)]
pub struct Node {
    pub line: u32,
    pub col: u32,
    pub kind: Kind,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Scalar,
}

struct Walker<'a> {
    b: &'a [u8],
    i: usize,
    line: u32,
    col: u32,
    depth: usize,
}

impl Walker<'_> {
    fn bump(&mut self) {
        if let Some(&c) = self.b.get(self.i) {
            if c == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if c & 0xC0 != 0x80 {
                self.col += 1;
            }
            self.i += 1;
        }
    }
    fn ws(&mut self) {
        while matches!(self.b.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.bump();
        }
    }
    fn string(&mut self) -> Option<String> {
        let start = self.i;
        self.bump(); // opening quote
        while let Some(&c) = self.b.get(self.i) {
            if c == b'\\' {
                self.bump();
                self.bump();
            } else if c == b'"' {
                self.bump();
                let raw = std::str::from_utf8(&self.b[start..self.i]).ok()?;
                return serde_json::from_str(raw).ok();
            } else {
                self.bump();
            }
        }
        None
    }
    fn value(&mut self) -> Option<Node> {
        self.ws();
        let (line, col) = (self.line, self.col);
        self.depth += 1;
        if self.depth > 256 {
            return None;
        }
        let kind = match self.b.get(self.i)? {
            b'{' => {
                self.bump();
                let mut members = Vec::new();
                loop {
                    self.ws();
                    match self.b.get(self.i)? {
                        b'}' => {
                            self.bump();
                            break;
                        }
                        b',' => self.bump(),
                        b'"' => {
                            let k = self.string()?;
                            self.ws();
                            if self.b.get(self.i)? != &b':' {
                                return None;
                            }
                            self.bump();
                            let v = self.value()?;
                            members.push((k, v));
                        }
                        _ => return None,
                    }
                }
                Kind::Object(members)
            }
            b'[' => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.ws();
                    match self.b.get(self.i)? {
                        b']' => {
                            self.bump();
                            break;
                        }
                        b',' => self.bump(),
                        _ => items.push(self.value()?),
                    }
                }
                Kind::Array(items)
            }
            b'"' => {
                self.string()?;
                Kind::Scalar
            }
            _ => {
                while let Some(&c) = self.b.get(self.i) {
                    if matches!(c, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.bump();
                }
                Kind::Scalar
            }
        };
        self.depth -= 1;
        Some(Node { line, col, kind })
    }
}

/// Walk valid JSON text; `None` if it is not (callers validate first).
pub fn walk(text: &str) -> Option<Node> {
    Walker {
        b: text.as_bytes(),
        i: 0,
        line: 1,
        col: 1,
        depth: 0,
    }
    .value()
}

impl Node {
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn span(path: &str, n: &Node) -> Span {
    Span {
        path: path.to_string(),
        start_line: n.line,
        start_column: n.col,
        end_line: None,
        end_column: None,
    }
}

fn spans_of_doc(doc: Option<&Node>, path: &str) -> Vec<Span> {
    let Some(doc) = doc else { return Vec::new() };
    match doc.get("Statement") {
        Some(Node {
            kind: Kind::Array(items),
            ..
        }) => items.iter().map(|n| span(path, n)).collect(),
        Some(n) => vec![span(path, n)],
        None => vec![span(path, doc)],
    }
}

/// Statement starts of the document at `keys` under the root.
pub fn statement_spans(root: &Option<Node>, keys: &[&str], path: &str) -> Vec<Span> {
    let mut n = root.as_ref();
    for k in keys {
        n = n.and_then(|x| x.get(k));
    }
    spans_of_doc(n, path)
}

/// Statement starts of document `i` of a top-level array.
pub fn statement_spans_in_array(root: &Option<Node>, i: usize, path: &str) -> Vec<Span> {
    let doc = match root {
        Some(Node {
            kind: Kind::Array(items),
            ..
        }) => items.get(i),
        _ => None,
    };
    spans_of_doc(doc, path)
}
