//! The data-flow diagram as a Mermaid `flowchart`, for Markdown renderers
//! that draw Mermaid (GitHub, GitLab, many wikis).
//!
//! Trust boundaries become nested `subgraph`s; actors are stadiums,
//! services rectangles, stores cylinders. Each flow is labelled with its
//! protocol and authentication; flows that cross a boundary are drawn
//! thick, and the most critical flow is coloured. Node labels carry the
//! number of threats on the element.
//!
//! Model text is untrusted: ids are replaced by generated identifiers
//! (`n0`, `b1`...) and every label goes through [`label`], which writes
//! Mermaid entity codes (`#quot;`, `#lt;`...) for characters that could end
//! a label or inject markup, and flattens newlines.

use crate::model::{ElementKind, Target};
use crate::Analysis;
use std::fmt::Write;

/// Quote-safe label text: Mermaid reads `#name;` entity codes inside
/// quoted labels, so everything that could close the quote, open markup or
/// start an entity is written as one.
pub fn label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(a: &Analysis) -> String {
    let m = &a.model;
    let mut threat_count = vec![0usize; m.elements.len()];
    let mut flow_threats = vec![0usize; m.flows.len()];
    for t in &a.threats {
        match t.target {
            Target::Element(i) => threat_count[i] += 1,
            Target::Flow(i) => flow_threats[i] += 1,
        }
    }
    let mut o = String::new();
    let _ = writeln!(o, "---\ntitle: \"{}\"\n---", label(&m.name));
    o.push_str("flowchart LR\n");
    o.push_str("  classDef actor fill:#eef2ff,stroke:#475569\n");
    o.push_str("  classDef service fill:#f0f9ff,stroke:#475569\n");
    o.push_str("  classDef store fill:#f0fdf4,stroke:#475569\n");
    o.push_str("  classDef risky stroke:#dc2626,stroke-width:2px\n");

    // Boundaries, outermost first, each with its elements, recursively.
    fn boundary(a: &Analysis, b: Option<usize>, depth: usize, counts: &[usize], o: &mut String) {
        let m = &a.model;
        let pad = "  ".repeat(depth + 1);
        for (i, e) in m
            .elements
            .iter()
            .enumerate()
            .filter(|(_, e)| e.boundary == b)
        {
            let text = if counts[i] > 0 {
                format!("{}<br/>{} threats", label(&e.name), counts[i])
            } else {
                label(&e.name)
            };
            let (open, close, class) = match e.kind {
                ElementKind::Actor(_) => ("([\"", "\"])", "actor"),
                ElementKind::Service(_) => ("[\"", "\"]", "service"),
                ElementKind::Store(_) => ("[(\"", "\")]", "store"),
            };
            let _ = writeln!(o, "{pad}n{i}{open}{text}{close}:::{class}");
        }
        for (j, bd) in m
            .boundaries
            .iter()
            .enumerate()
            .filter(|(_, bd)| bd.parent == b)
        {
            let _ = writeln!(
                o,
                "{pad}subgraph b{j}[\"{} ({})\"]",
                label(&bd.name),
                bd.kind.as_str()
            );
            boundary(a, Some(j), depth + 1, counts, o);
            let _ = writeln!(o, "{pad}end");
        }
    }
    boundary(a, None, 0, &threat_count, &mut o);

    let critical = a
        .critical_flow
        .as_ref()
        .and_then(|c| m.flows.iter().position(|f| f.id == c.flow));
    for (k, f) in m.flows.iter().enumerate() {
        let mut text = format!(
            "{}: {} / {}",
            f.name,
            f.protocol.map(|p| p.as_str()).unwrap_or("?"),
            f.authentication
        );
        if flow_threats[k] > 0 {
            let _ = write!(text, " ({} threats)", flow_threats[k]);
        }
        let arrow = if f.crosses.is_empty() { "-->" } else { "==>" };
        let _ = writeln!(o, "  n{} {arrow}|\"{}\"| n{}", f.from, label(&text), f.to);
    }
    for (i, c) in threat_count.iter().enumerate() {
        if *c >= 5 {
            let _ = writeln!(o, "  class n{i} risky");
        }
    }
    for (k, f) in m.flows.iter().enumerate() {
        if Some(k) == critical {
            let _ = writeln!(o, "  linkStyle {k} stroke:#991b1b,stroke-width:4px");
        } else if !f.crosses.is_empty() {
            let _ = writeln!(o, "  linkStyle {k} stroke:#2563eb");
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn labels_cannot_break_out() {
        let l = label("a\"] --> evil[\"x<script>|#\nnext`{}");
        for bad in ['"', '<', '>', '|', '\n', '`', '[', ']', '{', '}'] {
            assert!(!l.contains(bad), "{l}");
        }
        assert_eq!(label("plain text"), "plain text");
    }
}
