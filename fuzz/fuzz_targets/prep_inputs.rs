//! Arbitrary bytes into the preparation system's user-facing parsers: a
//! STAR story bank (then lint and coverage), an offer (then evaluation,
//! the Markdown table and a comparison with itself), and a `prep export`
//! document imported into a fresh in-memory database (and, when accepted,
//! exported again: the round trip must be lossless). A panic, hang or
//! overflow is a bug: bad input must come back as an error.
//!
//! The first byte picks the parser so one corpus exercises all three.
//!
//! Run (new inputs go to the first directory, the seeds stay as they are):
//! `cargo +nightly fuzz run prep_inputs fuzz/corpus/prep_inputs fuzz/seeds/prep_inputs -- -max_len=8192`
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    match which % 3 {
        0 => {
            if let Ok(bank) = star::parse_bank(text) {
                let today = star::Date::from_calendar_date(2026, time::Month::November, 23)
                    .expect("valid date");
                for s in &bank {
                    let _ = star::lint(s, today);
                    let _ = s.metrics().spoken();
                }
                let _ = star::Coverage::compute(&bank, star::principles());
            }
        }
        1 => {
            if let Ok(o) = offer::parse(text) {
                let years = offer::evaluate(&o);
                assert_eq!(
                    offer::total(&years),
                    years.iter().map(|y| y.total).sum::<offer::Cents>()
                );
                let _ = offer::years_markdown(&years);
                let c = offer::compare(&o, &o);
                assert_eq!(c.delta(), offer::Cents::ZERO);
                let _ = c.to_markdown();
            }
        }
        _ => {
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(text) else {
                return;
            };
            let mut s = store::Store::open_in_memory().expect("in-memory store");
            if s.import(doc, store::ImportMode::IntoEmpty).is_ok() {
                let first = s.export().expect("export after import");
                let mut t = store::Store::open_in_memory().expect("in-memory store");
                t.import(first.clone(), store::ImportMode::IntoEmpty)
                    .expect("an export imports");
                assert_eq!(first, t.export().expect("export"));
            }
        }
    }
});
