//! `xxe` (CWE-611): XML parsed by a parser that resolves external entities
//! or DTDs.
//!
//! Why: a DOCTYPE in the document can read local files, reach internal
//! URLs, or expand entities until memory runs out.
//!
//! Example: `DocumentBuilderFactory.newInstance().newDocumentBuilder()
//! .parse(in)` with no hardening; `etree.fromstring(data,
//! etree.XMLParser(resolve_entities=True))`; `libxmljs.parseXml(x,
//! { noent: true })`.
//!
//! Fix: disallow DOCTYPE declarations (or at least external entities) on
//! the factory; in Python prefer `defusedxml`; in Node keep `noent` off.
//! A file that sets any hardening feature is treated as hardened, since
//! factories are often configured in a constructor and used elsewhere.

use super::{Cx, Raw};
use crate::ir::{Callee, Expr, Lit};
use crate::lang::Family;
use crate::taint::option_true;
use crate::visit::{walk, Node};
use report::Confidence;

const JAVA_FACTORIES: &[&str] = &[
    "DocumentBuilderFactory",
    "SAXParserFactory",
    "XMLInputFactory",
    "TransformerFactory",
    "SchemaFactory",
    "SAXBuilder",
    "SAXReader",
    "XMLReader",
    "DocumentBuilder",
    "SAXParser",
    "Unmarshaller",
    "Validator",
    "SAXTransformerFactory",
];

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    match cx.fam {
        Family::Java => java(cx, out),
        Family::Python => python(cx, out),
        Family::JavaScript => javascript(cx, out),
    }
}

/// Whether `f` turns off DOCTYPEs or external entities on some parser.
fn hardens(cx: &Cx, f: &crate::ir::Function) -> bool {
    let mut hardened = false;
    walk(f, &mut |n| {
        if let Node::Expr(Expr::Call(c)) = n {
            let m = c.method_name().unwrap_or("");
            let args: String = c
                .args
                .iter()
                .map(|a| cx.text(a.value.pos()))
                .collect::<Vec<_>>()
                .join(",");
            let hard = match m {
                "setFeature" => {
                    (args.contains("disallow-doctype-decl") && args.contains("true"))
                        || (args.contains("external-general-entities") && args.contains("false"))
                }
                "setProperty" | "setAttribute" => {
                    args.contains("ACCESS_EXTERNAL_DTD")
                        || args.contains("SUPPORT_DTD") && args.contains("false")
                        || args.contains("IS_SUPPORTING_EXTERNAL_ENTITIES")
                            && args.contains("false")
                }
                "setExpandEntityReferences" => args.contains("false"),
                _ => false,
            };
            hardened |= hard;
        }
    });
    hardened
}

fn parse_method(m: &str) -> bool {
    matches!(
        m,
        "parse"
            | "createXMLStreamReader"
            | "createXMLEventReader"
            | "build"
            | "read"
            | "unmarshal"
            | "newTransformer"
            | "transform"
            | "validate"
    )
}

fn java(cx: &Cx, out: &mut Vec<Raw>) {
    // Hardening counts for the whole file when it happens in a function
    // that does not parse itself (a constructor, a static block, a
    // `newSecureFactory()` helper: shared configuration). Hardening inside
    // a parsing method protects that method only, so a hardened parser
    // next to an unhardened one in the same class is still reported.
    let hardened: Vec<bool> = cx.functions().map(|(_, f)| hardens(cx, f)).collect();
    let mut file_hardened = false;
    for (fid, f) in cx.functions() {
        let mut parses = false;
        walk(f, &mut |n| {
            if let Node::Expr(Expr::Call(c)) = n {
                parses |= parse_method(c.method_name().unwrap_or("")) && !c.args.is_empty();
            }
        });
        if !parses && hardened[fid] {
            file_hardened = true;
        }
    }
    if file_hardened {
        return;
    }
    for (fid, f) in cx.functions() {
        let mut uses_factory = false;
        walk(f, &mut |n| {
            if let Node::Expr(Expr::Call(c)) = n {
                let p = cx.path(c);
                if JAVA_FACTORIES
                    .iter()
                    .any(|t| p.starts_with(&format!("{t}.")) || p == format!("new {t}"))
                {
                    uses_factory = true;
                }
            }
        });
        if !uses_factory || hardened[fid] {
            continue;
        }
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            let p = cx.path(c);
            let m = c.method_name().unwrap_or("");
            let parse = parse_method(m);
            let on_xml = JAVA_FACTORIES
                .iter()
                .any(|t| p.starts_with(&format!("{t}.")))
                || p.starts_with("?.");
            if parse && on_xml && !c.args.is_empty() {
                out.push(Raw {
                    rule: "xxe",
                    pos: c.name_pos,
                    message: "XML is parsed by a factory that still allows DOCTYPEs and external entities.".into(),
                    confidence: Confidence::High,
                    path: None,
                });
            }
        });
    }
}

fn python(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        // Parsers built with entity resolution on, by variable name.
        let mut unsafe_parsers: Vec<String> = Vec::new();
        let unsafe_parser = |e: &Expr| -> bool {
            let Expr::Call(c) = e else { return false };
            cx.path(c).ends_with("XMLParser")
                && (option_true(c, "resolve_entities")
                    || option_true(c, "load_dtd")
                    || matches!(
                        c.keyword("no_network"),
                        Some(Expr::Lit(Lit::Bool(false), _))
                    ))
        };
        walk(f, &mut |n| {
            if let Node::Assign {
                target: Expr::Name(v, _),
                value,
                ..
            } = n
            {
                if unsafe_parser(value) {
                    unsafe_parsers.push(v.clone());
                }
            }
        });
        let mut sax_unsafe = false;
        walk(f, &mut |n| {
            if let Node::Expr(Expr::Call(c)) = n {
                if c.method_name() == Some("setFeature")
                    && c.args.len() == 2
                    && cx.text(c.args[0].value.pos()).contains("external_ges")
                    && option_true_pos(&c.args[1].value)
                {
                    sax_unsafe = true;
                }
            }
        });
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            let p = cx.path(c);
            let m = c.method_name().unwrap_or("");
            let parse = matches!(
                m,
                "fromstring" | "parse" | "XML" | "iterparse" | "parseString"
            );
            if !parse {
                return;
            }
            let parser_arg = c.keyword("parser").or_else(|| c.positional(1));
            let bad_parser = parser_arg.is_some_and(|a| match a {
                Expr::Name(n, _) => unsafe_parsers.contains(n),
                other => unsafe_parser(other),
            });
            let sax = p.starts_with("xml.sax")
                || p.starts_with("xml.dom.pulldom")
                || matches!(&c.callee, Callee::Method { .. }) && sax_unsafe;
            if bad_parser || (sax && sax_unsafe) {
                out.push(Raw {
                    rule: "xxe",
                    pos: c.name_pos,
                    message: "XML is parsed with external entity resolution turned on.".into(),
                    confidence: Confidence::High,
                    path: None,
                });
            }
        });
    }
}

fn option_true_pos(e: &Expr) -> bool {
    matches!(e, Expr::Lit(Lit::Bool(true), _)) || matches!(e, Expr::Lit(Lit::Num, _))
}

fn javascript(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            let m = c.method_name().unwrap_or("");
            if matches!(m, "parseXml" | "parseXmlString" | "parseXmlAsync")
                && matches!(
                    cx.option(f, c, "noent"),
                    Some(Expr::Lit(Lit::Bool(true), _))
                )
            {
                out.push(Raw {
                    rule: "xxe",
                    pos: c.name_pos,
                    message: "libxml is asked to substitute entities (`noent: true`), which resolves external entities.".into(),
                    confidence: Confidence::High,
                    path: None,
                });
            }
        });
    }
}
