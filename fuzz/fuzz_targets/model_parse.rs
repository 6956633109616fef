//! Arbitrary bytes into the model parser; whatever parses goes through the
//! engine and every writer. Any panic, hang or overflow is a bug: bad input
//! must come back as diagnostics.
//!
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run model_parse fuzz/seeds/model_parse -- -dict=fuzz/model.dict`
#![no_main]

use libfuzzer_sys::fuzz_target;
use threat_model::content::Content;
use threat_model::output::{canvas, json, markdown, mermaid, sarif, tc_json, walkthrough};

fuzz_target!(|data: &[u8]| {
    let content = Content::embedded().expect("embedded content");
    if let Ok(model) = threat_model::parse_bytes("fuzz.yaml", data, content) {
        let a = threat_model::analyze(model, content);
        let _ = json::render(&a);
        let _ = markdown::render(&a);
        let _ = canvas::render(&a);
        let _ = walkthrough::render(&a);
        let _ = sarif::render(&a);
        let _ = tc_json::render(&a);
        let _ = mermaid::render(&a);
    }
});
