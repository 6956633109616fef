//! Arbitrary bytes (as lossy UTF-8) into every reader of the IDOR tester's
//! user-supplied inputs: OpenAPI 3 documents (JSON or YAML), HAR captures,
//! plain endpoint lists, identities files and `--identity` flags, the state
//! file, scope entries and the `--enforced-status` ranges; every endpoint
//! that parses has its key, collection, parameter resources and a filled-in
//! path computed. Then the Autorize-style detectors judge the two halves of
//! the bytes as an owner's and another user's response bodies (they are
//! untrusted server output). A panic, hang or overflow is a bug: bad input
//! must come back as a Diagnostic or a verdict.
//!
//! Run: `cargo +nightly fuzz run idor_inputs -- -max_total_time=90`
#![no_main]

use idor::compare::{Detectors, Seen};
use idor::Endpoint;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

/// Built once: compiling the default refusal pattern per input would
/// spend most of the fuzzing time in the regex compiler.
static DETECTORS: LazyLock<Detectors> = LazyLock::new(Detectors::default);

fn exercise(endpoints: &[Endpoint]) {
    for e in endpoints {
        let _ = (e.key(), e.collection(), e.is_read(), e.is_harvest_source());
        for p in e.object_params() {
            let _ = idor::engine::param_resource(e, &p.name, p.location);
        }
        let _ = e.render_path(&|name| Some(format!("{name}-1")));
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let base = url::Url::parse("http://127.0.0.1:8080/").expect("valid base");

    if let Ok(eps) = idor::import::openapi::parse("fuzz.yaml", &text) {
        exercise(&eps);
    }
    if let Ok(eps) = idor::import::har::parse("fuzz.har", &text, &base) {
        exercise(&eps);
    }
    if let Ok(eps) = idor::import::list::parse("fuzz.txt", &text) {
        exercise(&eps);
    }
    if let Ok(ids) = idor::identity::parse("fuzz.toml", &text) {
        for i in &ids {
            let _ = i.secrets();
        }
    }
    let flags: Vec<String> = text.lines().map(str::to_string).collect();
    let _ = idor::identity::from_flags(&flags);
    if let Ok(mut st) = idor::State::parse("fuzz.json", &text) {
        st.accept(&[]);
        let _ = idor::State::parse("again.json", &st.to_json()).expect("own output re-reads");
    }
    if let Ok(scope) = idor::Scope::parse(std::slice::from_ref(&text.to_string())) {
        if let Ok(u) = url::Url::parse(&text) {
            let _ = scope.allows(&u);
        }
        let _ = scope.allows(&base);
    }
    let _ = Detectors::parse_status(&text);

    // the detectors on two halves: statuses from the first four bytes
    let (head, rest) = data.split_at(data.len().min(4));
    let status = |b: &[u8]| match b {
        [x, y] => 100 + u16::from_le_bytes([*x, *y]) % 500,
        _ => 200,
    };
    let owner_status = status(head.get(..2).unwrap_or(&[]));
    let other_status = status(head.get(2..4).unwrap_or(&[]));
    let (a, b) = rest.split_at(rest.len() / 2);
    let id: String = text.chars().take(8).collect();
    let d = &*DETECTORS;
    let _ = d.judge(
        Seen {
            status: owner_status,
            body: a,
        },
        Seen {
            status: other_status,
            body: b,
        },
        &id,
    );
    let _ = d.judge(
        Seen {
            status: 200,
            body: a,
        },
        Seen {
            status: 200,
            body: a,
        },
        &id,
    );
});
