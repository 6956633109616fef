//! Syntax classes for showing source to a person: the code-review drill's
//! listing is highlighted with the same tree-sitter grammars the scanner
//! parses with, so the page needs no second parser and no JavaScript.
//!
//! [`highlight`] returns the source split into lines, each a run of
//! [`Piece`]s that concatenate back to the line exactly (without its line
//! ending); a piece has a [`Token`] class or none. Callers escape the text
//! when they render it.

use crate::Lang;

/// What a piece of source is, as far as colouring goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Token {
    Keyword,
    String,
    Comment,
    Number,
    /// The name of a function or method where it is defined or called.
    Function,
}

impl Token {
    /// A short lowercase name, usable as a CSS class suffix.
    pub fn name(self) -> &'static str {
        match self {
            Token::Keyword => "keyword",
            Token::String => "string",
            Token::Comment => "comment",
            Token::Number => "number",
            Token::Function => "function",
        }
    }
}

/// A run of one line's text with one class.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub token: Option<Token>,
    pub text: String,
}

/// Named nodes coloured as a whole (their children are not looked at).
fn whole(kind: &str) -> Option<Token> {
    if kind.contains("comment") {
        return Some(Token::Comment);
    }
    match kind {
        "string"
        | "string_literal"
        | "template_string"
        | "character_literal"
        | "text_block"
        | "concatenated_string"
        | "regex" => Some(Token::String),
        "integer" | "float" | "number" => Some(Token::Number),
        k if k.ends_with("_literal")
            && (k.contains("integer") || k.contains("floating") || k.contains("number")) =>
        {
            Some(Token::Number)
        }
        // named leaves that read as keywords
        "true" | "false" | "none" | "null" | "null_literal" | "undefined" | "this" | "super"
        | "void_type" | "boolean_type" => Some(Token::Keyword),
        _ => None,
    }
}

/// Anonymous nodes that are words (`def`, `return`, `public`, `new`) are
/// the grammar's keywords; punctuation is not.
fn is_keyword(kind: &str) -> bool {
    kind.len() > 1 && kind.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// The identifier naming the function, for definitions and calls.
fn function_name<'t>(node: tree_sitter::Node<'t>) -> Option<tree_sitter::Node<'t>> {
    match node.kind() {
        "function_definition"
        | "function_declaration"
        | "generator_function_declaration"
        | "method_declaration"
        | "method_definition"
        | "constructor_declaration"
        | "method_invocation" => node.child_by_field_name("name"),
        "call" | "call_expression" => {
            let f = node.child_by_field_name("function")?;
            match f.kind() {
                "identifier" => Some(f),
                "attribute" => f.child_by_field_name("attribute"),
                "member_expression" => f.child_by_field_name("property"),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The classed byte ranges of `source`, in order, not overlapping.
fn ranges(lang: Lang, source: &str) -> Vec<(usize, usize, Token)> {
    let mut parser = tree_sitter::Parser::new();
    if parser.set_language(&lang.grammar()).is_err() {
        return Vec::new();
    }
    let Some(tree) = parser.parse(source, None) else {
        return Vec::new();
    };
    let mut out: Vec<(usize, usize, Token)> = Vec::new();
    let mut functions: Vec<usize> = Vec::new();
    // iterative pre-order walk: deep input cannot overflow the stack
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        let mut descend = true;
        if let Some(name) = function_name(node) {
            functions.push(name.start_byte());
        }
        let token = if node.is_named() {
            whole(node.kind())
        } else if is_keyword(node.kind()) {
            Some(Token::Keyword)
        } else {
            None
        };
        if let Some(t) = token {
            out.push((node.start_byte(), node.end_byte(), t));
            descend = false;
        } else if node.kind() == "identifier"
            || node.kind() == "property_identifier"
            || node.kind() == "field_identifier"
        {
            if functions.contains(&node.start_byte()) {
                out.push((node.start_byte(), node.end_byte(), Token::Function));
            }
            descend = false;
        }
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                continue 'walk;
            }
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out.sort_by_key(|r| r.0);
    // a node nested in a classed one (none should be) must not overlap it
    let mut last_end = 0;
    out.retain(|&(s, e, _)| {
        let keep = s >= last_end && e > s;
        if keep {
            last_end = e;
        }
        keep
    });
    out
}

/// `source` as lines of classed pieces; the lines are those of
/// [`str::lines`] (a trailing `\r` dropped), so line numbers match a plain
/// listing. Text the grammar cannot parse is still returned, unclassed.
pub fn highlight(lang: Lang, source: &str) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    let mut push = |text: &str, token: Option<Token>| {
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                lines.push(Vec::new());
            }
            if !part.is_empty() {
                lines.last_mut().expect("never empty").push(Piece {
                    token,
                    text: part.to_string(),
                });
            }
        }
    };
    let mut at = 0;
    for (s, e, t) in ranges(lang, source) {
        if s > at {
            push(&source[at..s], None);
        }
        push(&source[s..e], Some(t));
        at = e;
    }
    push(&source[at..], None);
    if source.ends_with('\n') || source.is_empty() {
        lines.pop();
    }
    for line in &mut lines {
        // `lines()` drops the `\r` of a CRLF ending
        if let Some(last) = line.last_mut() {
            if last.text.ends_with('\r') {
                last.text.pop();
                if last.text.is_empty() {
                    line.pop();
                }
            }
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classes(lang: Lang, src: &str) -> Vec<(String, &'static str)> {
        highlight(lang, src)
            .into_iter()
            .flatten()
            .filter_map(|p| Some((p.text, p.token?.name())))
            .collect()
    }

    fn has(c: &[(String, &str)], text: &str, class: &str) -> bool {
        c.iter().any(|(t, k)| t == text && *k == class)
    }

    #[test]
    fn python_tokens() {
        let c = classes(
            Lang::Python,
            "def load(user_id):\n    # fetch it\n    row = db.execute(\"SELECT 1\", 42)\n    return None\n",
        );
        assert!(has(&c, "def", "keyword"), "{c:?}");
        assert!(has(&c, "return", "keyword"));
        assert!(has(&c, "None", "keyword"));
        assert!(has(&c, "load", "function"));
        assert!(has(&c, "execute", "function"));
        assert!(has(&c, "# fetch it", "comment"));
        assert!(has(&c, "\"SELECT 1\"", "string"));
        assert!(has(&c, "42", "number"));
        assert!(!c
            .iter()
            .any(|(t, _)| t == "row" || t == "db" || t == "user_id"));
    }

    #[test]
    fn java_and_javascript_tokens() {
        let c = classes(
            Lang::Java,
            "public class A {\n  /* doc */\n  void run(String s) { stmt.executeQuery(\"q\" + s); int n = 0x1F; }\n}\n",
        );
        for (t, k) in [
            ("public", "keyword"),
            ("class", "keyword"),
            ("void", "keyword"),
            ("run", "function"),
            ("executeQuery", "function"),
            ("/* doc */", "comment"),
            ("\"q\"", "string"),
            ("0x1F", "number"),
        ] {
            assert!(has(&c, t, k), "{t} as {k}: {c:?}");
        }
        let c = classes(
            Lang::JavaScript,
            "const x = `a${b}`; // note\nfunction go() { return res.send(3.5); }\n",
        );
        for (t, k) in [
            ("const", "keyword"),
            ("`a${b}`", "string"),
            ("// note", "comment"),
            ("go", "function"),
            ("send", "function"),
            ("3.5", "number"),
            ("return", "keyword"),
        ] {
            assert!(has(&c, t, k), "{t} as {k}: {c:?}");
        }
    }

    #[test]
    fn lines_match_str_lines_and_text_is_kept() {
        for (lang, src) in [
            (Lang::Python, "x = '''a\nb'''\n\n\ny = 1\n"),
            (Lang::Python, "no newline at end"),
            (Lang::Java, "class A {}\r\n// c\r\n"),
            (Lang::JavaScript, ""),
            (Lang::JavaScript, "\n\n"),
            (Lang::Python, "def (((broken:\n  'unterminated\n"),
        ] {
            let h = highlight(lang, src);
            let want: Vec<&str> = src.lines().collect();
            assert_eq!(h.len(), want.len(), "{src:?}");
            for (pieces, line) in h.iter().zip(&want) {
                let got: String = pieces.iter().map(|p| p.text.as_str()).collect();
                assert_eq!(&got, line, "{src:?}");
            }
        }
        // a string spanning lines is classed on every line it covers
        let h = highlight(Lang::Python, "x = '''a\nb'''\n");
        assert_eq!(h[1][0].token, Some(Token::String));
    }
}
