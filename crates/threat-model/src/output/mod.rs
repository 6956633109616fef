//! Writers for an [`Analysis`](crate::Analysis). Each returns the whole
//! document as a `String`; the CLI decides where it goes. All are
//! deterministic: the same model gives byte-identical output.

pub mod canvas;
pub mod json;
pub mod markdown;
pub mod mermaid;
pub mod sarif;
pub mod tc_json;
pub mod walkthrough;

/// Escape text for HTML and SVG text nodes and attribute values.
///
/// Every string that came from a model (names, descriptions, ids) passes
/// through here before it reaches markup.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
