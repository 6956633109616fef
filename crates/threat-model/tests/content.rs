//! Checks on the embedded knowledge in `content/threat-model/`: every rule,
//! mitigation and scenario must be well-formed and consistent, because the
//! engine trusts them. A new content file that breaks one of these
//! invariants fails here, not in front of a user.

use report::Stride;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use threat_model::content::Content;
use threat_model::kinds::ElementType;
use threat_model::rules::{all_kind_names, Condition, Rule, ZeroTrust};

fn content() -> &'static Content {
    Content::embedded().expect("embedded content parses")
}

fn content_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content/threat-model")
}

fn rule_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&content_dir().join("rules"), &mut out);
    out.sort();
    out
}

#[test]
fn at_least_sixty_rules_spread_over_all_six_stride_categories() {
    let c = content();
    assert!(c.rules.len() >= 60, "only {} rules", c.rules.len());
    let mut per: BTreeMap<char, usize> = BTreeMap::new();
    for r in &c.rules {
        *per.entry(r.stride.0.letter()).or_default() += 1;
    }
    for s in Stride::ALL {
        let n = per.get(&s.letter()).copied().unwrap_or(0);
        assert!(n >= 8, "{} has only {n} rules", s.name());
    }
}

#[test]
fn rule_ids_are_unique_well_formed_and_match_their_directory() {
    let mut seen = HashSet::new();
    for path in rule_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        let rule: Rule = toml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"));
        let dir = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let (prefix, rest) = rule.id.split_once('-').expect("id has a prefix");
        assert!(
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: id must be PREFIX-kebab-case",
            rule.id
        );
        let expected_dir = match prefix {
            "ZT" => "zero-trust",
            "S" => "spoofing",
            "T" => "tampering",
            "R" => "repudiation",
            "I" => "information-disclosure",
            "D" => "denial-of-service",
            "E" => "elevation-of-privilege",
            other => panic!("{}: unknown prefix {other}", rule.id),
        };
        assert_eq!(
            dir, expected_dir,
            "{} is filed in the wrong directory",
            rule.id
        );
        if prefix != "ZT" {
            assert_eq!(
                prefix.chars().next(),
                Some(rule.stride.0.letter()),
                "{}: prefix and stride letter disagree",
                rule.id
            );
            assert!(rule.zero_trust.is_none(), "{}", rule.id);
        }
        let stem = path.file_stem().unwrap().to_str().unwrap();
        assert!(
            rule.id.ends_with(stem),
            "{}: file name {stem}.toml must end the id",
            rule.id
        );
        assert!(
            seen.insert(rule.id.clone()),
            "duplicate rule id {}",
            rule.id
        );
    }
    assert_eq!(seen.len(), content().rules.len());
}

#[test]
fn every_zero_trust_property_has_exactly_one_interaction_rule() {
    let c = content();
    for p in ZeroTrust::ALL {
        let rules: Vec<&Rule> = c.rules.iter().filter(|r| r.zero_trust == Some(p)).collect();
        assert_eq!(rules.len(), 1, "{}: {} rules", p.as_str(), rules.len());
        let r = rules[0];
        assert!(r.id.starts_with("ZT-"), "{}", r.id);
        assert_eq!(r.applies_to, ElementType::Flow, "{}", r.id);
        assert!(
            r.interaction,
            "{} must apply to boundary-crossing flows",
            r.id
        );
    }
}

/// Which condition fields a rule for `t` may use; anything else would make
/// the rule silently never fire.
fn misplaced_fields(t: ElementType, c: &Condition) -> Vec<&'static str> {
    let mut bad = Vec::new();
    let flow_only = [
        ("from_types", !c.from_types.is_empty()),
        ("to_types", !c.to_types.is_empty()),
        ("from_kinds", !c.from_kinds.is_empty()),
        ("to_kinds", !c.to_kinds.is_empty()),
        ("from_internet", c.from_internet.is_some()),
        ("crosses", !c.crosses.is_empty()),
        ("protocol", !c.protocol.is_empty()),
        ("authentication", !c.authentication.is_empty()),
        ("authorization", !c.authorization.is_empty()),
        ("encryption", !c.encryption.is_empty()),
        ("identity", !c.identity.is_empty()),
        ("logged", c.logged.is_some()),
        ("missing_logs", !c.missing_logs.is_empty()),
    ];
    let store_only = [
        ("at_rest", !c.at_rest.is_empty()),
        ("public", c.public.is_some()),
        ("backups", c.backups.is_some()),
        ("versioning", c.versioning.is_some()),
    ];
    let element_only = [
        ("kinds", !c.kinds.is_empty()),
        ("privileges", !c.privileges.is_empty()),
    ];
    match t {
        ElementType::Flow => {
            bad.extend(
                store_only
                    .iter()
                    .chain(&element_only)
                    .filter(|x| x.1)
                    .map(|x| x.0),
            );
        }
        ElementType::Store => {
            bad.extend(flow_only.iter().filter(|x| x.1).map(|x| x.0));
            if !c.privileges.is_empty() {
                bad.push("privileges");
            }
        }
        ElementType::Service | ElementType::Actor => {
            bad.extend(
                flow_only
                    .iter()
                    .chain(&store_only)
                    .filter(|x| x.1)
                    .map(|x| x.0),
            );
            if t == ElementType::Actor && !c.privileges.is_empty() {
                bad.push("privileges");
            }
        }
    }
    bad
}

#[test]
fn rule_conditions_fit_the_element_type_and_name_real_kinds() {
    let kinds: BTreeSet<&str> = all_kind_names().into_iter().collect();
    for r in &content().rules {
        let bad = misplaced_fields(r.applies_to, &r.when);
        assert!(
            bad.is_empty(),
            "{}: {bad:?} never match a {:?}",
            r.id,
            r.applies_to
        );
        for k in r
            .when
            .kinds
            .iter()
            .chain(&r.when.from_kinds)
            .chain(&r.when.to_kinds)
        {
            assert!(kinds.contains(k.as_str()), "{}: unknown kind `{k}`", r.id);
        }
        if r.interaction {
            assert_eq!(
                r.applies_to,
                ElementType::Flow,
                "{}: interaction on a non-flow",
                r.id
            );
        }
    }
}

#[test]
fn rule_numbers_and_texts_are_sane() {
    let allowed = [
        "{element}",
        "{from}",
        "{to}",
        "{data}",
        "{boundary}",
        "{kind}",
    ];
    for r in &content().rules {
        assert!((1..=5).contains(&r.likelihood), "{}: likelihood", r.id);
        assert!(
            r.impact.share > 0.0 && r.impact.share <= 1.0,
            "{}: share must be in (0, 1]",
            r.id
        );
        assert!((-2..=2).contains(&r.impact.adjust), "{}: adjust", r.id);
        if r.impact.kind == impact::ImpactKind::Downtime {
            assert!(
                r.impact.hours > 0.0,
                "{}: downtime rule without hours",
                r.id
            );
        }
        assert!(
            r.title.len() >= 15 && r.title.len() <= 90,
            "{}: title length",
            r.id
        );
        assert!(r.description.len() >= 80, "{}: description too thin", r.id);
        assert!(!r.cwe.is_empty(), "{}: no CWE", r.id);
        // Placeholders: only known ones, and flow placeholders only on flows.
        let mut rest = r.message.as_str();
        while let Some(i) = rest.find('{') {
            let end = rest[i..]
                .find('}')
                .map(|j| i + j + 1)
                .expect("closed placeholder");
            let ph = &rest[i..end];
            assert!(allowed.contains(&ph), "{}: unknown placeholder {ph}", r.id);
            let flow_ph = matches!(ph, "{from}" | "{to}" | "{boundary}");
            assert!(
                !flow_ph || r.applies_to == ElementType::Flow,
                "{}: {ph} only makes sense on a flow",
                r.id
            );
            assert!(
                ph != "{boundary}" || r.interaction,
                "{}: {{boundary}} needs interaction = true",
                r.id
            );
            rest = &rest[end..];
        }
    }
}

#[test]
fn every_rule_mitigation_is_in_the_catalog_and_every_entry_is_used() {
    let c = content();
    let mut used = BTreeSet::new();
    for r in &c.rules {
        assert!(!r.mitigations.is_empty(), "{}: no mitigation", r.id);
        for m in &r.mitigations {
            assert!(
                c.mitigation(m).is_some(),
                "{}: unknown mitigation `{m}`",
                r.id
            );
            used.insert(m.as_str());
        }
    }
    for m in &c.mitigations {
        assert!(
            used.contains(&*m.id),
            "mitigation `{}` is never proposed",
            m.id
        );
    }
}

#[test]
fn catalog_entries_are_concrete_and_measurable() {
    let c = content();
    assert!(
        c.mitigations.len() >= 60,
        "only {} mitigations",
        c.mitigations.len()
    );
    let mut ids = HashSet::new();
    let vague = [
        "use encryption",
        "encrypt the data",
        "as needed",
        "appropriate",
    ];
    for m in &c.mitigations {
        assert!(ids.insert(&*m.id), "duplicate mitigation {}", m.id);
        assert!(
            m.id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{}: id must be kebab-case",
            m.id
        );
        assert!(
            m.service.starts_with("AWS")
                || m.service.starts_with("Amazon")
                || &*m.service == "Elastic Load Balancing",
            "{}: service `{}` must be named as AWS names it",
            m.id,
            m.service
        );
        assert!(
            m.parameter.chars().any(|c| c.is_ascii_digit())
                || [" = ", " true", " false", "Enabled"]
                    .iter()
                    .any(|s| m.parameter.contains(s)),
            "{}: parameter has no measurable setting",
            m.id
        );
        assert!(m.metric.len() >= 30, "{}: metric too thin", m.id);
        assert!(
            m.effectiveness > 0.0 && m.effectiveness < 1.0,
            "{}: effectiveness must be in (0, 1)",
            m.id
        );
        for text in [&m.title, &m.control, &m.parameter] {
            let lower = text.to_lowercase();
            for v in vague {
                assert!(!lower.contains(v), "{}: vague phrase `{v}`", m.id);
            }
        }
    }
    let with_replaces = c
        .mitigations
        .iter()
        .filter(|m| !m.replaces.is_empty())
        .count();
    assert!(
        with_replaces >= 10,
        "only {with_replaces} entries say what custom build they replace"
    );
}

#[test]
fn the_catalog_contains_the_controls_the_interview_expects() {
    let c = content();
    let waf = c.mitigation("waf-rate-based-login").unwrap();
    assert!(waf
        .parameter
        .contains("200 requests per 5-minute window per source IP"));
    assert!(waf.metric.contains("BlockedRequests"));
    let pl = c.mitigation("privatelink-endpoint").unwrap();
    assert!(pl
        .control
        .contains("security group admits only the calling service"));
    let kms = c.mitigation("kms-cmk-rotation").unwrap();
    assert!(kms.metric.contains("CloudTrail Decrypt"));
    assert!(kms.replaces.iter().any(|r| r.contains("key")));
}

#[test]
fn scenarios_are_indexed_once_and_parse() {
    let c = content();
    let mut names = HashSet::new();
    for s in &c.scenarios {
        assert!(
            names.insert(s.name.as_str()),
            "duplicate scenario {}",
            s.name
        );
        assert!((5..=30).contains(&s.minutes), "{}: minutes", s.name);
        let path = format!("scenarios/{}", s.file);
        threat_model::parse_str(&path, s.yaml, c).unwrap_or_else(|d| panic!("{}: {d:?}", s.name));
    }
    for required in [
        "payment-fraud",
        "prime-file-upload",
        "iot-smart-home",
        "cicd-supply-chain",
        "logging-pipeline",
        "financial-datastore",
        "serverless-customer-data",
    ] {
        assert!(names.contains(required), "missing scenario {required}");
    }
}

#[test]
fn every_rule_fires_on_at_least_one_scenario() {
    // Rules that no reference model exercises are untested content.
    let c = content();
    let mut fired = BTreeSet::new();
    for s in &c.scenarios {
        let model = threat_model::parse_str(&s.file, s.yaml, c).unwrap();
        for t in threat_model::analyze(model, c).threats {
            fired.insert(t.finding.rule_id.clone());
        }
    }
    let silent: Vec<&str> = c
        .rules
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !fired.contains(*id))
        .collect();
    assert!(silent.is_empty(), "rules no scenario triggers: {silent:?}");
}

#[test]
fn the_documented_example_parses() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/threat-model-format.md"),
    )
    .unwrap();
    let start = doc.rfind("```yaml\n").expect("an example") + "```yaml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let model = threat_model::parse_str("example.yaml", &doc[start..end], content())
        .unwrap_or_else(|d| panic!("{d:?}"));
    assert!(!threat_model::analyze(model, content()).threats.is_empty());
}
