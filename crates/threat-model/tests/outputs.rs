//! Snapshot tests for every output format, plus the properties every
//! scenario's analysis must have.

use threat_model::content::Content;
use threat_model::output::{canvas, json, markdown, mermaid, sarif, tc_json, walkthrough};
use threat_model::{analyze, parse_str, Analysis};

fn scenario(name: &str) -> Analysis {
    let content = Content::embedded().expect("content loads");
    let s = content
        .scenario(name)
        .unwrap_or_else(|| panic!("scenario {name} exists"));
    let model = parse_str(&format!("scenarios/{}", s.file), s.yaml, content)
        .unwrap_or_else(|e| panic!("scenario {name} parses: {e:?}"));
    analyze(model, content)
}

#[test]
fn snapshot_markdown() {
    insta::assert_snapshot!(
        "payment-fraud.md",
        markdown::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_json() {
    insta::assert_snapshot!(
        "payment-fraud.json",
        json::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_html() {
    insta::assert_snapshot!(
        "payment-fraud.html",
        canvas::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_sarif() {
    insta::assert_snapshot!(
        "payment-fraud.sarif",
        sarif::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_tc_json() {
    insta::assert_snapshot!(
        "payment-fraud.tc.json",
        tc_json::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_mermaid() {
    insta::assert_snapshot!(
        "payment-fraud.mmd",
        mermaid::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_script() {
    insta::assert_snapshot!(
        "payment-fraud.script",
        walkthrough::render(&scenario("payment-fraud"))
    );
}

#[test]
fn snapshot_prime_upload_markdown() {
    insta::assert_snapshot!(
        "prime-file-upload.md",
        markdown::render(&scenario("prime-file-upload"))
    );
}

/// Every scenario analyses to something a person would present: threats in
/// all six STRIDE categories, a critical flow, a walkthrough under ten
/// minutes, and deterministic output.
#[test]
fn every_scenario_is_presentable() {
    let content = Content::embedded().unwrap();
    assert!(content.scenarios.len() >= 7, "at least 7 scenarios");
    for s in &content.scenarios {
        let a = scenario(&s.name);
        assert!(!a.threats.is_empty(), "{}: threats found", s.name);
        for stride in report::Stride::ALL {
            assert!(
                a.threats.iter().any(|t| t.stride == stride),
                "{}: no {} threat",
                s.name,
                stride.name()
            );
        }
        let cf = a
            .critical_flow
            .as_ref()
            .unwrap_or_else(|| panic!("{}: critical flow", s.name));
        assert!(a.model.flow_by_id(&cf.flow).is_some());
        let w = walkthrough::build(&a);
        assert!(
            w.risks.len() >= 3,
            "{}: at least three risks spoken",
            s.name
        );
        assert!(
            w.seconds <= 600,
            "{}: walkthrough {}s is over ten minutes",
            s.name,
            w.seconds
        );
        assert_eq!(
            w.words,
            walkthrough::count_words(&walkthrough::render_script(&w))
        );
        // ranks are 1..n in order and severity never increases down the list
        for (i, t) in a.threats.iter().enumerate() {
            assert_eq!(t.rank, i + 1);
            assert!(t.finding.severity <= t.inherent_severity);
        }
        for pair in a.threats.windows(2) {
            assert!(pair[0].finding.severity >= pair[1].finding.severity);
        }
        // ids are unique
        let mut ids: Vec<&str> = a.threats.iter().map(|t| t.finding.id.as_str()).collect();
        ids.sort();
        let n = ids.len();
        ids.dedup();
        assert_eq!(n, ids.len(), "{}: duplicate threat ids", s.name);
        // every threat has a catalog mitigation with parameter and metric
        for t in &a.threats {
            assert!(
                !t.finding.remediation.is_empty(),
                "{}: {} has no mitigation",
                s.name,
                t.finding.id
            );
        }
        // deterministic
        let again = scenario(&s.name);
        assert_eq!(json::render(&a), json::render(&again));
        assert_eq!(canvas::render(&a), canvas::render(&again));
    }
}

/// The JSON contract scripts depend on.
#[test]
fn json_threats_carry_the_documented_fields() {
    let v: serde_json::Value =
        serde_json::from_str(&json::render(&scenario("payment-fraud"))).unwrap();
    let threats = v["threats"].as_array().expect("top-level threats array");
    assert!(!threats.is_empty());
    for t in threats {
        for key in [
            "id",
            "stride",
            "element",
            "severity",
            "title",
            "mitigations",
            "impact",
        ] {
            assert!(!t[key].is_null(), "threat lacks `{key}`: {t}");
        }
        let id = t["id"].as_str().unwrap();
        assert_eq!(
            id,
            format!(
                "{}@{}",
                t["rule"].as_str().unwrap(),
                t["element"].as_str().unwrap()
            )
        );
    }
    assert!(v["critical_flow"]["flow"].is_string());
}

/// The canvas pieces a page under a strict CSP uses: the body carries no
/// `<style>` element and no `style` attribute (both would be refused), the
/// stylesheet holds every rule the full document inlines, and the
/// standalone diagram is the same SVG as the canvas's, with its style.
#[test]
fn canvas_body_and_stylesheet_fit_a_strict_csp() {
    for s in &Content::embedded().unwrap().scenarios {
        let a = scenario(&s.name);
        let full = canvas::render(&a);
        let body = canvas::body(&a);
        assert!(!body.contains("<style"), "{}: <style> in the body", s.name);
        assert!(!body.contains("style="), "{}: style attribute", s.name);
        assert!(!full.contains("style=\""), "{}: style attribute", s.name);
        let css = canvas::stylesheet();
        assert!(css.contains(canvas::DIAGRAM_CSS) && css.contains(".page{"));
        assert!(full.contains(canvas::DIAGRAM_CSS));
        let svg = canvas::diagram(&a);
        assert!(svg.starts_with("<svg") && svg.contains(canvas::DIAGRAM_CSS));
        let svg_in_body = &body[body.find("<svg").unwrap()..];
        assert_eq!(
            svg.replace(&format!("<style>{}</style>\n", canvas::DIAGRAM_CSS), ""),
            svg_in_body[..svg_in_body.find("</svg>\n").unwrap() + 7]
        );
    }
}

/// Names from the model are escaped in every canvas piece.
#[test]
fn canvas_pieces_escape_the_model_text() {
    let content = Content::embedded().unwrap();
    let yaml = "name: \"<script>alert(1)</script>\"\nactors:\n  - {id: a, name: \"<img src=x onerror=alert(2)>\", kind: browser}\nservices:\n  - {id: s, kind: lambda}\nflows:\n  - {id: f, from: a, to: s}\n";
    let a = analyze(parse_str("x.yaml", yaml, content).unwrap(), content);
    for text in [canvas::render(&a), canvas::body(&a), canvas::diagram(&a)] {
        assert!(
            !text.contains("<script>") && !text.contains("<img"),
            "{text}"
        );
        assert!(text.contains("&lt;img src=x onerror=alert(2)&gt;"));
    }
    assert!(canvas::title(&a).contains("&lt;script&gt;"));
}
