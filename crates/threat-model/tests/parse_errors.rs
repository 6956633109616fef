//! What a person sees when a model is wrong. Each case is a small broken
//! model; the snapshot is the exact diagnostic text (`file:line:col:
//! error: ...` plus the help line), so a regression in position or wording
//! shows up in review. A property test then throws random bytes and random
//! mutations of a valid model at the parser: it must answer with
//! diagnostics or a model, never panic, and every diagnostic must point
//! inside the input.

use proptest::prelude::*;
use threat_model::content::Content;
use threat_model::parse_bytes;

/// A valid model the broken cases start from.
const BASE: &str = r#"name: Checkout
user_story:
  actor: shopper
  action: pays with a stored card
  asset: card-token
boundaries:
  - id: internet
    kind: internet
  - id: aws
    kind: account
  - id: vpc
    kind: vpc
    parent: aws
actors:
  - id: shopper
    kind: user
    boundary: internet
services:
  - id: api
    kind: api-gateway
    boundary: aws
  - id: pay
    kind: lambda
    boundary: vpc
stores:
  - id: tokens
    kind: dynamodb
    boundary: vpc
    stores: [card-token]
data:
  - id: card-token
    classification: restricted
    tags: [pci]
    records: 1000000
flows:
  - id: checkout
    from: shopper
    to: api
    protocol: https
    data: [card-token]
    authentication: oidc-jwt
  - id: charge
    from: api
    to: pay
    data: [card-token]
  - id: save
    from: pay
    to: tokens
    data: [card-token]
"#;

fn diagnostics(yaml: &str) -> String {
    diagnostics_bytes(yaml.as_bytes())
}

fn diagnostics_bytes(bytes: &[u8]) -> String {
    let content = Content::embedded().unwrap();
    match parse_bytes("model.yaml", bytes, content) {
        Ok(_) => "(parsed)".into(),
        Err(diags) => diags
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

#[test]
fn the_base_model_parses() {
    assert_eq!(diagnostics(BASE), "(parsed)");
}

#[test]
fn unknown_reference_suggests_the_nearest_id() {
    let yaml = BASE.replace("    to: tokens\n", "    to: token\n");
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn duplicate_id_names_both_places() {
    let yaml = BASE.replace("  - id: pay\n", "  - id: api\n").replace(
        "    from: api\n    to: pay\n",
        "    from: api\n    to: tokens\n",
    );
    let yaml = yaml.replace("    from: pay\n", "    from: api\n");
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn wrong_type_for_records() {
    let yaml = BASE.replace("records: 1000000", "records: lots");
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn unknown_vocabulary_lists_the_allowed_values() {
    let yaml = BASE.replace("authentication: oidc-jwt", "authentication: oauth-magic");
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn unknown_field_is_rejected_with_its_position() {
    let yaml = BASE.replace("    protocol: https\n", "    protocl: https\n");
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn declared_crossing_that_does_not_happen() {
    let yaml = BASE.replace(
        "    to: tokens\n    data: [card-token]\n",
        "    to: tokens\n    data: [card-token]\n    crosses: [internet]\n",
    );
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn boundary_cycle() {
    let yaml = BASE.replace(
        "  - id: aws\n    kind: account\n",
        "  - id: aws\n    kind: account\n    parent: vpc\n",
    );
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn unknown_control_id() {
    let yaml = BASE.replace(
        "    kind: dynamodb\n",
        "    kind: dynamodb\n    controls: [kms-cmk-rotaton]\n",
    );
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn several_errors_are_all_reported_in_file_order() {
    let yaml = BASE
        .replace("    to: tokens\n", "    to: nowhere\n")
        .replace("    from: shopper\n", "    from: nobody\n");
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn malformed_yaml() {
    let yaml = BASE.replace(
        "  - id: api\n    kind: api-gateway",
        "  - id: api\n   kind: [api-gateway",
    );
    insta::assert_snapshot!(diagnostics(&yaml));
}

#[test]
fn truncated_file() {
    insta::assert_snapshot!(diagnostics(&BASE[..BASE.len() / 2]));
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(diagnostics(""));
}

#[test]
fn binary_file() {
    insta::assert_snapshot!(diagnostics_bytes(b"name: x\n\x00\x01\x02"));
}

#[test]
fn non_utf8_file() {
    insta::assert_snapshot!(diagnostics_bytes(b"name: caf\xe9\nactors: []\n"));
}

#[test]
fn top_level_is_not_a_mapping() {
    insta::assert_snapshot!(diagnostics("- just\n- a list\n"));
}

#[test]
fn deep_nesting_is_refused_without_a_stack_overflow() {
    let yaml = format!("name: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    let out = diagnostics(&yaml);
    assert!(out.starts_with("model.yaml:"), "{out}");
}

#[test]
fn every_diagnostic_has_the_file_line_column_shape() {
    for yaml in [
        BASE.replace("to: tokens", "to: nothing"),
        BASE.replace("records: 1000000", "records: -5"),
        "{".to_string(),
    ] {
        for line in diagnostics(&yaml).lines().filter(|l| !l.starts_with("  ")) {
            let mut parts = line.splitn(4, ':');
            assert_eq!(parts.next(), Some("model.yaml"), "{line}");
            let l: u32 = parts.next().unwrap().parse().expect("line number");
            let c: u32 = parts.next().unwrap().parse().expect("column number");
            assert!(l >= 1 && c >= 1, "{line}");
        }
    }
}

/// Every diagnostic points at a line that exists in the input.
fn assert_positions_inside(bytes: &[u8]) {
    let content = Content::embedded().unwrap();
    let lines = bytes.split(|&b| b == b'\n').count().max(1) as u32;
    if let Err(diags) = parse_bytes("fuzz.yaml", bytes, content) {
        assert!(
            !diags.is_empty(),
            "an error must carry at least one diagnostic"
        );
        for d in diags {
            assert!(
                d.line >= 1 && d.line <= lines + 1,
                "{d} (input has {lines} lines)"
            );
            assert!(d.column >= 1, "{d}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        assert_positions_inside(&bytes);
    }

    #[test]
    fn mutated_models_never_panic(
        cut in 0usize..BASE.len(),
        insert in "[-a-z:\\[\\]{}\n #&*!|>'\"0-9]{0,12}",
    ) {
        let mut s = BASE.as_bytes()[..cut].to_vec();
        s.extend_from_slice(insert.as_bytes());
        s.extend_from_slice(&BASE.as_bytes()[cut..]);
        assert_positions_inside(&s);
    }

    #[test]
    fn deleted_lines_never_panic(skip in 0usize..60) {
        let s: String = BASE
            .lines()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        assert_positions_inside(s.as_bytes());
    }
}
