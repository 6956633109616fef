//! The Mermaid diagram names every element and flow once, nests
//! boundaries, and model text cannot escape its label.

use threat_model::content::Content;
use threat_model::output::mermaid;
use threat_model::{analyze, parse_str};

#[test]
fn every_element_and_flow_appears_once() {
    let content = Content::embedded().unwrap();
    for s in &content.scenarios {
        let a = analyze(parse_str(&s.file, s.yaml, content).unwrap(), content);
        let out = mermaid::render(&a);
        assert!(out.contains("flowchart LR"));
        for i in 0..a.model.elements.len() {
            let decl = format!("n{i}[").len();
            let count = out
                .lines()
                .filter(|l| {
                    l.trim_start().starts_with(&format!("n{i}"))
                        && l.trim_start().len() > decl
                        && !l.contains("-->")
                        && !l.contains("==>")
                })
                .filter(|l| {
                    let t = l.trim_start();
                    t[format!("n{i}").len()..].starts_with(['[', '('])
                })
                .count();
            assert_eq!(count, 1, "{}: element {i} declared {count} times", s.name);
        }
        let edges = out
            .lines()
            .filter(|l| l.contains("-->|") || l.contains("==>|"))
            .count();
        assert_eq!(edges, a.model.flows.len(), "{}", s.name);
        let opens = out
            .lines()
            .filter(|l| l.trim_start().starts_with("subgraph "))
            .count();
        let ends = out.lines().filter(|l| l.trim() == "end").count();
        assert_eq!(opens, a.model.boundaries.len());
        assert_eq!(opens, ends);
    }
}

#[test]
fn hostile_names_stay_inside_their_labels() {
    let content = Content::embedded().unwrap();
    let yaml = r#"name: "x\"] --> pwn"
boundaries:
  - {id: b, kind: vpc, name: "end\nsubgraph evil"}
actors:
  - {id: u, kind: user, name: "<img src=x onerror=alert(1)>"}
services:
  - {id: s, kind: lambda, boundary: b, name: "a\"]:::actor\nclick s call alert()"}
flows:
  - {id: f, from: u, to: s, name: "|\"] --> u"}
"#;
    let a = analyze(parse_str("evil.yaml", yaml, content).unwrap(), content);
    let out = mermaid::render(&a);
    assert!(!out.contains("<img"), "{out}");
    assert!(
        !out.lines().any(|l| l.trim_start().starts_with("click")),
        "{out}"
    );
    assert_eq!(
        out.lines().filter(|l| l.trim() == "end").count(),
        1,
        "{out}"
    );
    assert_eq!(
        out.lines()
            .filter(|l| l.trim_start().starts_with("subgraph"))
            .count(),
        1,
        "{out}"
    );
    // Every label quote is balanced on its line.
    for l in out.lines() {
        assert_eq!(l.matches('"').count() % 2, 0, "unbalanced quotes: {l}");
    }
}
