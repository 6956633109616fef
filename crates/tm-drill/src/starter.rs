//! The file a candidate starts a drill from.
//!
//! It carries the scenario (title, bar and prompt, as comments), every
//! section of the format as an empty list, and the closed vocabularies the
//! parser accepts, so nobody loses minutes of a timed drill looking up
//! whether it is `dynamodb` or `dynamo`. It holds nothing of the reference
//! model: graded as it is, it scores 0.

use std::fmt::Write;
use threat_model::content::Scenario;
use threat_model::kinds::{
    ActorKind, Authentication, Authorization, BoundaryKind, Classification, DataTag, Encryption,
    Identity, Protocol, ServiceKind, StoreKind,
};

/// Wrap `text` into `# ` comment lines of at most `width` characters.
fn comment(out: &mut String, text: &str, width: usize) {
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() + 1 + word.len() > width && line.len() > 1 {
            let _ = writeln!(out, "{line}");
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    let _ = writeln!(out, "{line}");
}

fn words<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|&k| name(k)).collect::<Vec<_>>().join(", ")
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(q, "\\u{:04x}", c as u32);
            }
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// The starting file for a drill on `scenario`.
pub fn starter(scenario: &Scenario) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# Threat-model drill: {}", scenario.title);
    let _ = writeln!(o, "# Bar: {} minutes.\n#", scenario.minutes);
    comment(&mut o, &scenario.prompt, 76);
    o.push_str("#\n");
    comment(
        &mut o,
        "Draw the system first (boundaries, actors, services, stores, data, \
         flows), name the flow that matters most, then write your threats, each \
         with a concrete mitigation (a named control and a number). Ids are \
         yours to choose; replace each [] with list items.",
        76,
    );
    let _ = writeln!(o, "name: {}", quoted(&scenario.title));
    o.push_str("description: \"\"\n\n");
    let _ = writeln!(
        o,
        "# - {{id: ID, kind: KIND, parent: ID}}\n#   kinds: {}",
        words(BoundaryKind::ALL, BoundaryKind::as_str)
    );
    o.push_str("boundaries: []\n\n");
    let _ = writeln!(
        o,
        "# - {{id: ID, name: NAME, kind: KIND, boundary: ID}}\n#   kinds: {}",
        words(ActorKind::ALL, ActorKind::as_str)
    );
    o.push_str("actors: []\n\n");
    o.push_str(
        "# - {id: ID, kind: KIND, boundary: ID, internet_facing: false, privileges: least}\n",
    );
    comment(
        &mut o,
        &format!("  kinds: {}", words(ServiceKind::ALL, ServiceKind::as_str)),
        76,
    );
    o.push_str("services: []\n\n");
    o.push_str(
        "# - {id: ID, kind: KIND, boundary: ID, stores: [DATA-ID], encryption_at_rest: kms-cmk}\n",
    );
    comment(
        &mut o,
        &format!("  kinds: {}", words(StoreKind::ALL, StoreKind::as_str)),
        76,
    );
    o.push_str("data_stores: []\n\n");
    let _ = writeln!(
        o,
        "# - {{id: ID, name: NAME, classification: CLASS, tags: [TAG], records: 1000000}}\n#   classification: {}\n#   tags: {}",
        words(Classification::ALL, Classification::as_str),
        words(DataTag::ALL, DataTag::as_str)
    );
    o.push_str("data: []\n\n");
    o.push_str("# - {id: ID, from: ID, to: ID, protocol: P, data: [DATA-ID], authentication: A,\n#    authorization: Z, encryption: E, identity: I}\n");
    for (label, list) in [
        ("protocol", words(Protocol::ALL, Protocol::as_str)),
        (
            "authentication",
            words(Authentication::ALL, Authentication::as_str),
        ),
        (
            "authorization",
            words(Authorization::ALL, Authorization::as_str),
        ),
        ("encryption", words(Encryption::ALL, Encryption::as_str)),
        ("identity", words(Identity::ALL, Identity::as_str)),
    ] {
        comment(&mut o, &format!("  {label}: {list}"), 76);
    }
    o.push_str("flows: []\n\n");
    o.push_str("# critical_flow: FLOW-ID\n\n");
    o.push_str(
        "# - id: t1\n#   title: WHAT GOES WRONG\n#   stride: [S, T, R, I, D, E]\n#   target: ELEMENT-OR-FLOW-ID\n#   priority: high\n#   mitigations: [\"CONTROL, PARAMETER, METRIC\"]\n",
    );
    o.push_str("threats: []\n");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_yaml_needs() {
        assert_eq!(quoted(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(quoted("x\ny"), "\"x\\u000ay\"");
    }

    #[test]
    fn comments_wrap_without_losing_words() {
        let mut o = String::new();
        let text = "one two three four five six seven eight nine ten";
        comment(&mut o, text, 16);
        assert!(
            o.lines().all(|l| l.starts_with('#') && l.len() <= 16),
            "{o}"
        );
        let back: Vec<&str> = o.lines().flat_map(|l| l[1..].split_whitespace()).collect();
        assert_eq!(back.join(" "), text);
    }
}
