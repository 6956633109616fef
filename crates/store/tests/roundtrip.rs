//! Export -> import into a fresh database -> export gives the same document, for a hand-made
//! history full of unicode and NULLs and for generated ones; imports that must be refused are.

use proptest::prelude::*;
use serde_json::{json, Value};
use store::{
    AttemptResult, Card, ImportMode, NewAttempt, NewMock, NewPlanDay, NewPlanItem, NewStory,
    Profile, Review, Store, StoreError,
};

fn sample() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.set_profile(&Profile {
        interview_date: "2026-12-21".into(),
        role: "appsec — 云安全 🔐".into(),
        hours_per_day: 1.0 / 3.0,
        created_at: "2026-11-23T08:00:00.123456+05:30".into(),
    })
    .unwrap();
    s.replace_plan(&[NewPlanDay {
        date: "2026-11-24".into(),
        focus: "Ünïcödé week: 脅威モデル".into(),
        items: vec![
            NewPlanItem {
                kind: "threat-model".into(),
                ref_id: Some("s3-upload".into()),
                minutes: 20,
                title: "Model the upload path \"quoted\" \\ back\\slash\n\ttabbed".into(),
            },
            NewPlanItem {
                kind: "checklist".into(),
                ref_id: None,
                minutes: 0,
                title: String::new(),
            },
        ],
    }])
    .unwrap();
    let first = s.plan().unwrap()[0].items[0].id;
    s.set_plan_item_done(first, Some("2026-11-24T09:15:00Z"))
        .unwrap();
    // One graded attempt, one interrupted (all NULLs), one with JSON null details.
    let a = s
        .start_attempt(&NewAttempt {
            drill_kind: "code-review".into(),
            item_id: "js-idor-02".into(),
            started_at: "2026-11-24T10:00:00Z".into(),
            details: json!({"answer": [{"line": 7, "category": "idor", "fix": "check owner == caller"}]}),
        })
        .unwrap();
    s.finish_attempt(
        a,
        &AttemptResult {
            finished_at: "2026-11-24T10:07:30Z".into(),
            elapsed_secs: 450,
            score: 0,
            details: json!({
                "precision": 0.1, "recall": 1e-7, "big": 18446744073709551615u64,
                "neg": -9223372036854775808i64, "nested": {"null": null, "empty": [], "obj": {}},
                "text": "ß∂ƒ©˙∆˚¬ \u{0} \u{1F600} \u{FEFF}"
            }),
        },
    )
    .unwrap();
    s.start_attempt(&NewAttempt {
        drill_kind: "scripting".into(),
        item_id: "top-404".into(),
        started_at: "2026-11-24T11:00:00Z".into(),
        details: Value::Null,
    })
    .unwrap();
    s.record_review(
        &Review {
            id: 0,
            question_id: "tls-handshake".into(),
            rating: 1,
            reviewed_at: "2026-11-24T08:00:00Z".into(),
        },
        &Card {
            question_id: "tls-handshake".into(),
            state: json!({"stability": 0.40255, "difficulty": 7.1949, "reps": 1}),
            due_at: "2026-11-24T08:10:00Z".into(),
        },
    )
    .unwrap();
    s.upsert_card(&Card {
        question_id: "iam-least-privilege".into(),
        state: Value::Null,
        due_at: "2026-11-24T00:00:00Z".into(),
    })
    .unwrap();
    s.insert_story(&NewStory {
        title: "Säkerhetsincident".into(),
        principles: vec!["Ownership".into(), "Earn Trust".into()],
        date: None,
        situation: String::new(),
        task: "日本語のタスク".into(),
        action: "I led the fix\r\nand wrote the runbook.".into(),
        result: "MTTR fell by 40% (€120k saved).".into(),
        updated_at: "2026-11-23T12:00:00Z".into(),
    })
    .unwrap();
    let m = s
        .start_mock(&NewMock {
            kind: "loop".into(),
            started_at: "2026-11-25T09:00:00Z".into(),
            rounds: vec![
                json!({"area": "system design", "principles": ["Dive Deep"]}),
                Value::Null,
            ],
        })
        .unwrap();
    s.finish_mock(m, "2026-11-25T14:00:00Z", "").unwrap();
    s.start_mock(&NewMock {
        kind: "phone-screen".into(),
        started_at: "2026-11-26T09:00:00Z".into(),
        rounds: vec![],
    })
    .unwrap();
    s
}

fn round_trip(original: &Value) -> Value {
    let mut fresh = Store::open_in_memory().unwrap();
    fresh
        .import(original.clone(), ImportMode::IntoEmpty)
        .unwrap();
    fresh.export().unwrap()
}

#[test]
fn sample_round_trip_is_lossless_in_memory_and_through_text_and_files() {
    let s = sample();
    let exported = s.export().unwrap();
    // The sample really holds NULLs and non-ASCII text.
    assert_eq!(exported["attempts"][1]["score"], Value::Null);
    assert_eq!(exported["attempts"][1]["details"], Value::Null);
    assert_eq!(exported["stories"][0]["date"], Value::Null);
    assert_eq!(exported["plan"][0]["items"][1]["ref_id"], Value::Null);
    assert_eq!(exported["mocks"][1]["debrief"], Value::Null);
    assert_eq!(exported["mocks"][0]["debrief"], "");
    assert_eq!(round_trip(&exported), exported);

    // Through the JSON text a user keeps as a backup, and into a database file.
    let text = serde_json::to_string_pretty(&exported).unwrap();
    let reread: Value = serde_json::from_str(&text).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("restored.db");
    {
        let mut file = Store::open(&path).unwrap();
        file.import(reread, ImportMode::IntoEmpty).unwrap();
    }
    let again = Store::open(&path).unwrap().export().unwrap();
    assert_eq!(serde_json::to_string_pretty(&again).unwrap(), text);

    // The typed views see the same data after the trip.
    let restored = Store::open(&path).unwrap();
    assert_eq!(restored.profile().unwrap(), s.profile().unwrap());
    assert_eq!(restored.attempts(None).unwrap(), s.attempts(None).unwrap());
    assert_eq!(restored.stories().unwrap(), s.stories().unwrap());
    assert_eq!(restored.mocks().unwrap(), s.mocks().unwrap());
    assert_eq!(restored.reviews(None).unwrap(), s.reviews(None).unwrap());
    // New rows after an import do not collide with imported ids.
    let mut restored = restored;
    let id = restored
        .start_attempt(&NewAttempt {
            drill_kind: "question".into(),
            item_id: "vpc".into(),
            started_at: "2026-11-27T10:00:00Z".into(),
            details: Value::Null,
        })
        .unwrap();
    assert!(s.attempts(None).unwrap().iter().all(|a| a.id != id));
}

#[test]
fn import_into_a_database_with_data_needs_replace() {
    let exported = sample().export().unwrap();
    let mut other = Store::open_in_memory().unwrap();
    other
        .record_attempt(
            &NewAttempt {
                drill_kind: "scripting".into(),
                item_id: "ipv4".into(),
                started_at: "2026-11-20T10:00:00Z".into(),
                details: Value::Null,
            },
            &AttemptResult {
                finished_at: "2026-11-20T10:05:00Z".into(),
                elapsed_secs: 300,
                score: 90,
                details: json!({}),
            },
        )
        .unwrap();
    let err = other
        .import(exported.clone(), ImportMode::IntoEmpty)
        .unwrap_err();
    assert!(matches!(err, StoreError::NotEmpty { .. }), "{err:?}");
    assert!(err.to_string().contains("1 rows in attempts"), "{err}");
    assert_eq!(other.attempts(None).unwrap().len(), 1);
    other.import(exported.clone(), ImportMode::Replace).unwrap();
    assert_eq!(other.export().unwrap(), exported);
}

#[test]
fn malformed_imports_are_refused_whole() {
    let good = sample().export().unwrap();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"hello": 1}), "format"),
        (
            {
                let mut v = good.clone();
                v["format"] = json!("other");
                v
            },
            "format",
        ),
        (
            {
                let mut v = good.clone();
                v["schema_version"] = json!(0);
                v
            },
            "schema_version",
        ),
        (
            {
                let mut v = good.clone();
                v["surprise"] = json!(1);
                v
            },
            "surprise",
        ),
        (
            {
                let mut v = good.clone();
                v["attempts"][0]["score"] = json!(101);
                v
            },
            "score",
        ),
        (
            {
                let mut v = good.clone();
                v["attempts"][0]["started_at"] = json!("soon");
                v
            },
            "started_at",
        ),
        (
            {
                let mut v = good.clone();
                v["reviews"][0]["rating"] = json!(0);
                v
            },
            "rating",
        ),
        (
            {
                let mut v = good.clone();
                v["stories"][0]["date"] = json!("2026-02-30");
                v
            },
            "date",
        ),
        // Two attempts with one id: the second insert fails and the first must not stay.
        (
            {
                let mut v = good.clone();
                let a = v["attempts"][0].clone();
                v["attempts"].as_array_mut().unwrap().push(a);
                v
            },
            "attempt",
        ),
    ];
    for (doc, hint) in cases {
        let mut s = Store::open_in_memory().unwrap();
        let err = s.import(doc, ImportMode::IntoEmpty).unwrap_err();
        assert!(err.to_string().contains(hint), "{hint}: {err}");
        let empty = Store::open_in_memory().unwrap().export().unwrap();
        assert_eq!(
            s.export().unwrap(),
            empty,
            "{hint}: a refused import left rows behind"
        );
    }
    let mut v = good.clone();
    v["schema_version"] = json!(store::latest_version() + 1);
    let err = Store::open_in_memory()
        .unwrap()
        .import(v, ImportMode::IntoEmpty)
        .unwrap_err();
    assert!(matches!(err, StoreError::ImportTooNew { .. }), "{err:?}");
}

fn timestamp() -> impl Strategy<Value = String> {
    (
        2020u32..2030,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(0u32..1000),
        prop_oneof![
            Just("Z".to_string()),
            (0u32..14, prop::bool::ANY)
                .prop_map(|(h, neg)| format!("{}{h:02}:30", if neg { '-' } else { '+' }))
        ],
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, tz)| {
            let frac = frac.map_or(String::new(), |f| format!(".{f:03}"));
            format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}{tz}")
        })
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<String>().prop_map(Value::from),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map(any::<String>(), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9 ._éü中-]{0,10}[a-z0-9]"
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn generated_histories_round_trip(
        attempts in prop::collection::vec(
            (label(), label(), timestamp(), json_value(), prop::option::of((timestamp(), any::<u32>(), 0u8..=100, json_value()))),
            0..6),
        stories in prop::collection::vec(
            (label(), prop::collection::vec(label(), 0..3), any::<String>(), any::<String>(), any::<String>(), any::<String>(), timestamp()),
            0..4),
        cards in prop::collection::btree_map(label(), (json_value(), timestamp(), prop::collection::vec((1u8..=4, timestamp()), 0..3)), 0..4),
        hours in (1u32..=2400).prop_map(|h| f64::from(h) / 100.0),
        text_trip in any::<bool>(),
    ) {
        let mut s = Store::open_in_memory().unwrap();
        s.set_profile(&Profile { interview_date: "2027-01-31".into(), role: "cloud".into(), hours_per_day: hours, created_at: "2026-01-01T00:00:00Z".into() }).unwrap();
        for (kind, item, at, details, result) in attempts {
            let id = s.start_attempt(&NewAttempt { drill_kind: kind, item_id: item, started_at: at, details }).unwrap();
            if let Some((fin, secs, score, details)) = result {
                s.finish_attempt(id, &AttemptResult { finished_at: fin, elapsed_secs: secs, score, details }).unwrap();
            }
        }
        for (title, principles, situation, task, action, result, at) in stories {
            s.insert_story(&NewStory { title, principles, date: Some("2025-05-05".into()), situation, task, action, result, updated_at: at }).unwrap();
        }
        for (q, (state, due, reviews)) in cards {
            let card = Card { question_id: q.clone(), state, due_at: due };
            s.upsert_card(&card).unwrap();
            for (rating, at) in reviews {
                s.record_review(&Review { id: 0, question_id: q.clone(), rating, reviewed_at: at }, &card).unwrap();
            }
        }
        let exported = s.export().unwrap();
        let input = if text_trip {
            serde_json::from_str(&exported.to_string()).unwrap()
        } else {
            exported.clone()
        };
        let mut fresh = Store::open_in_memory().unwrap();
        fresh.import(input, ImportMode::IntoEmpty).unwrap();
        prop_assert_eq!(fresh.export().unwrap(), exported);
    }
}
