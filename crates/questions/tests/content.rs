//! The embedded content passes every rule, and the rules catch each kind of mistake.

use std::collections::BTreeSet;

use questions::validate::{MIN_PER_AREA, MIN_PROMPTS_PER_PRINCIPLE, PRINCIPLE_COUNT};
use questions::{
    all_behavioral, all_technical, embedded, principles, validate, Area, Bank, BankError,
    BehavioralPrompt, Depth, Owasp, Principle, TechnicalQuestion,
};

#[test]
fn embedded_bank_loads_and_is_valid() {
    let bank = match embedded() {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    };
    assert!(validate(bank).is_empty());
}

#[test]
fn counts_meet_the_brief() {
    let technical = all_technical().unwrap();
    assert!(
        technical.len() >= 84,
        "{} technical questions",
        technical.len()
    );
    for area in Area::ALL {
        let n = technical.iter().filter(|q| q.area == area).count();
        assert!(n >= MIN_PER_AREA, "{area}: {n}");
    }
    let principles = principles().unwrap();
    assert_eq!(principles.len(), PRINCIPLE_COUNT);
    let prompts = all_behavioral().unwrap();
    for p in principles {
        let n = prompts.iter().filter(|x| x.principle == p.id).count();
        assert!(n >= MIN_PROMPTS_PER_PRINCIPLE, "{}: {n}", p.id);
    }
    // Both interview depths are represented in every area.
    for area in Area::ALL {
        for depth in [Depth::PhoneScreen, Depth::Loop] {
            assert!(
                technical.iter().any(|q| q.area == area && q.depth == depth),
                "{area} has no {depth:?} question"
            );
        }
    }
}

#[test]
fn the_sixteen_principles_are_the_current_list() {
    let names: BTreeSet<&str> = principles()
        .unwrap()
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    for expected in [
        "Customer Obsession",
        "Ownership",
        "Invent and Simplify",
        "Are Right, A Lot",
        "Learn and Be Curious",
        "Hire and Develop the Best",
        "Insist on the Highest Standards",
        "Think Big",
        "Bias for Action",
        "Frugality",
        "Earn Trust",
        "Dive Deep",
        "Have Backbone; Disagree and Commit",
        "Deliver Results",
        "Strive to be Earth's Best Employer",
        "Success and Scale Bring Broad Responsibility",
    ] {
        assert!(names.contains(expected), "missing {expected}");
    }
}

#[test]
fn appsec_covers_owasp_top_ten_2021() {
    let covered: BTreeSet<Owasp> = all_technical()
        .unwrap()
        .iter()
        .filter(|q| q.area == Area::Appsec)
        .filter_map(|q| q.owasp)
        .collect();
    assert_eq!(covered.len(), 10);
}

#[test]
fn issue_topics_are_covered() {
    // The issue names these cloud and network topics explicitly.
    let prompts: Vec<String> = all_technical()
        .unwrap()
        .iter()
        .filter(|q| q.area == Area::CloudNetwork)
        .map(|q| q.prompt.to_lowercase())
        .collect();
    for needle in ["tls", "stateful", "vpc", "serverless"] {
        assert!(
            prompts.iter().any(|p| p.contains(needle)),
            "no cloud-network question mentions {needle}"
        );
    }
}

#[test]
fn lookups_find_entries() {
    let bank = embedded().unwrap();
    let q = bank.technical_by_id("tls-weaknesses").unwrap();
    assert_eq!(q.area, Area::CloudNetwork);
    assert!(bank.principle_by_id("dive-deep").is_some());
    assert_eq!(bank.prompts_for("dive-deep").count(), 3);
    assert!(bank.prompt_by_id("nope").is_none());
    assert!(bank.by_area(Area::Iam).all(|q| q.area == Area::Iam));
}

// ---- the validator catches mistakes -------------------------------------------------------

fn question(id: &str, area: Area) -> TechnicalQuestion {
    TechnicalQuestion {
        id: id.to_string(),
        area,
        prompt: "Explain it.".to_string(),
        key_points: vec!["one".into(), "two".into(), "three".into()],
        depth: Depth::Loop,
        follow_up: None,
        owasp: None,
    }
}

/// A minimal bank that satisfies every rule.
fn valid_bank() -> Bank {
    let mut bank = Bank::default();
    for area in Area::ALL {
        for i in 0..MIN_PER_AREA {
            bank.technical.push(question(&format!("{area}-{i}"), area));
        }
    }
    for (i, cat) in Owasp::ALL.into_iter().enumerate() {
        bank.technical
            [Area::ALL.iter().position(|a| *a == Area::Appsec).unwrap() * MIN_PER_AREA + i]
            .owasp = Some(cat);
    }
    for p in 0..PRINCIPLE_COUNT {
        bank.principles.push(Principle {
            id: format!("principle-{p}"),
            name: format!("Principle {p}"),
            meaning: "What it means.".into(),
        });
        for k in 0..MIN_PROMPTS_PER_PRINCIPLE {
            bank.prompts.push(BehavioralPrompt {
                id: format!("prompt-{p}-{k}"),
                principle: format!("principle-{p}"),
                prompt: "Tell me about a time.".into(),
                what_they_probe: vec!["a".into(), "b".into()],
            });
        }
    }
    bank
}

fn problems(bank: &Bank) -> Vec<String> {
    validate(bank).iter().map(ToString::to_string).collect()
}

fn assert_one_problem(bank: &Bank, needle: &str) {
    let p = problems(bank);
    assert!(
        p.len() == 1 && p[0].contains(needle),
        "expected one problem containing {needle:?}, got {p:#?}"
    );
}

#[test]
fn minimal_bank_is_valid() {
    assert_eq!(problems(&valid_bank()), Vec::<String>::new());
}

#[test]
fn duplicate_ids_are_caught_across_kinds() {
    let mut bank = valid_bank();
    bank.prompts[0].id = "iam-0".into();
    assert_one_problem(
        &bank,
        "iam-0: duplicate id (already used by a technical question)",
    );
}

#[test]
fn non_kebab_ids_are_caught() {
    for bad in ["Upper", "snake_case", "-lead", "trail-", "dou--ble", ""] {
        let mut bank = valid_bank();
        bank.technical[0].id = bad.into();
        assert_one_problem(&bank, "kebab-case");
    }
}

#[test]
fn key_point_count_and_length_are_checked() {
    let mut bank = valid_bank();
    bank.technical[0].key_points.truncate(2);
    assert_one_problem(&bank, "needs 3 to 7 key points, has 2");

    let mut bank = valid_bank();
    bank.technical[0].key_points = (0..8).map(|i| format!("point {i}")).collect();
    assert_one_problem(&bank, "has 8");

    let mut bank = valid_bank();
    bank.technical[0].key_points[1] = "x".repeat(200);
    assert_one_problem(&bank, "200 characters");

    let mut bank = valid_bank();
    bank.technical[0].key_points[2] = " One ".into();
    assert_one_problem(&bank, "key point 3 repeats");

    let mut bank = valid_bank();
    bank.technical[0].key_points[2] = "  ".into();
    assert_one_problem(&bank, "key point 3 is empty");
}

#[test]
fn empty_prompt_and_follow_up_are_caught() {
    let mut bank = valid_bank();
    bank.technical[3].prompt = " ".into();
    assert_one_problem(&bank, "prompt is empty");
    let mut bank = valid_bank();
    bank.technical[3].follow_up = Some(String::new());
    assert_one_problem(&bank, "follow_up");
}

#[test]
fn prompt_with_unknown_principle_is_caught() {
    let mut bank = valid_bank();
    bank.prompts.push(BehavioralPrompt {
        id: "orphan".into(),
        principle: "customer-obsesion".into(),
        prompt: "Tell me.".into(),
        what_they_probe: vec!["a".into(), "b".into()],
    });
    assert_one_problem(
        &bank,
        "orphan: principle `customer-obsesion` does not exist",
    );
}

#[test]
fn probe_count_is_checked() {
    let mut bank = valid_bank();
    bank.prompts[0].what_they_probe = vec!["only one".into()];
    assert_one_problem(&bank, "needs 2 to 4 what_they_probe");
    let mut bank = valid_bank();
    bank.prompts[0].what_they_probe = (0..5).map(|i| i.to_string()).collect();
    assert_one_problem(&bank, "has 5");
}

#[test]
fn coverage_rules_are_checked() {
    let mut bank = valid_bank();
    bank.technical.retain(|q| q.id != "iam-0");
    assert_one_problem(&bank, "iam: has 11 questions; at least 12");

    let mut bank = valid_bank();
    bank.principles.pop();
    // The removed principle's prompts are now orphans too.
    let p = problems(&bank);
    assert!(p.iter().any(|x| x.contains("has 15 principles")), "{p:#?}");
    assert!(p.iter().any(|x| x.contains("does not exist")), "{p:#?}");

    let mut bank = valid_bank();
    bank.prompts.retain(|p| p.id != "prompt-4-0");
    assert_one_problem(&bank, "principle-4: has 2 prompts");

    let mut bank = valid_bank();
    for q in &mut bank.technical {
        if q.owasp == Some(Owasp::A10) {
            q.owasp = None;
        }
    }
    assert_one_problem(
        &bank,
        "no question covers OWASP A10:2021 Server-Side Request Forgery",
    );
}

#[test]
fn owasp_tag_only_on_appsec() {
    let mut bank = valid_bank();
    bank.technical[0].owasp = Some(Owasp::A01);
    assert_eq!(bank.technical[0].area, Area::CloudNetwork);
    assert_one_problem(&bank, "owasp is only meaningful on appsec questions");
}

#[test]
fn duplicate_principle_names_are_caught() {
    let mut bank = valid_bank();
    bank.principles[1].name = "principle 0".into();
    assert_one_problem(&bank, "principle name repeats");
}

#[test]
fn load_checks_file_area_and_reports_invalid() {
    let q =
        "[[question]]\nid='a-b'\narea='iam'\nprompt='p'\nkey_points=['a','b','c']\ndepth='loop'\n";
    let err = Bank::load([("technical/appsec.toml", q)], ("behavioral.toml", "")).unwrap_err();
    let BankError::Invalid(problems) = err else {
        panic!("expected Invalid, got {err:?}")
    };
    assert!(problems
        .iter()
        .any(|p| p.to_string() == "a-b: has area `iam` but sits in technical/appsec.toml"));

    let err = Bank::load([("technical/misc.toml", q)], ("behavioral.toml", "")).unwrap_err();
    assert!(err.to_string().contains("named after their area"), "{err}");
}
