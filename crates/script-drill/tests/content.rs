//! The exercises as data: complete, unique, and every sample answered by
//! the engine exactly as the exercise says.

use script_drill::{all_exercises, diff::normalise, exercises, generator, TestInput};
use std::collections::BTreeSet;

#[test]
fn content_loads_with_unique_ids_and_enough_exercises() {
    let ex = script_drill::content::load().expect("content parses");
    let ids: BTreeSet<&str> = ex.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), ex.len(), "duplicate ids");
    assert!(ex.len() >= 12, "only {} exercises", ex.len());
    for e in &ex {
        assert!(
            e.reference.contains("sys.stdin"),
            "{}: reference reads stdin",
            e.id
        );
        assert!(
            !e.sample_output.trim().is_empty(),
            "{}: empty sample output",
            e.id
        );
    }
}

#[test]
fn every_exercise_has_a_generator_and_every_generator_an_exercise() {
    let content: BTreeSet<&str> = all_exercises().iter().map(|e| e.id.as_str()).collect();
    let gens: BTreeSet<&str> = exercises::all().iter().map(|g| g.id()).collect();
    assert_eq!(content, gens);
}

#[test]
fn every_sample_output_is_the_engine_answer() {
    for e in all_exercises() {
        let input = TestInput {
            label: "sample".into(),
            stdin: e.sample_input.trim_start_matches('\n').as_bytes().to_vec(),
            files: e
                .sample_files
                .iter()
                .map(|f| (f.path.clone(), f.content.as_bytes().to_vec()))
                .collect(),
        };
        let got = generator(&e.id).unwrap().answer(&input).unwrap();
        assert_eq!(
            normalise(&got),
            normalise(e.sample_output.trim_start_matches('\n')),
            "{}: sample output differs from the engine's answer",
            e.id
        );
    }
}

#[test]
fn generators_are_deterministic_and_include_edge_cases() {
    for g in exercises::all() {
        let a = g.generate(42, 25);
        assert_eq!(a, g.generate(42, 25), "{}", g.id());
        assert_eq!(a.len(), 25, "{}", g.id());
        assert_ne!(
            a,
            g.generate(43, 25),
            "{}: the seed changes nothing",
            g.id()
        );
        assert!(
            a.iter().any(|t| !t.label.starts_with("random")),
            "{}: no edge case",
            g.id()
        );
        // every input is answerable, and not every answer is the same
        let answers: BTreeSet<String> = a.iter().map(|t| g.answer(t).unwrap()).collect();
        assert!(answers.len() > 3, "{}: answers barely vary", g.id());
    }
}
