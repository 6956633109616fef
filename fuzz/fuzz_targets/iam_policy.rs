//! Arbitrary bytes into the IAM input reader (policy documents, arrays,
//! get-policy-version and account details); whatever parses goes through
//! the audit and the JSON and SARIF writers. A panic, hang or overflow is a
//! bug: bad input must come back as a Diagnostic.
//!
//! Run: `cargo +nightly fuzz run iam_policy fuzz/seeds/iam_policy -- -max_total_time=90`
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(input) = iam::input::parse("fuzz.json", text) {
        let f = iam::audit_input("fuzz.json", &input, &iam::AuditOptions::default());
        let _ = report::to_json_pretty(&f);
        for x in &f {
            let _ = serde_json::from_str::<serde_json::Value>(&x.remediation[0].parameter);
        }
    }
    // The wildcard matcher on arbitrary text and patterns.
    if let Some((p, t)) = text.split_once('\n') {
        let _ = iam::pattern::glob_match(p, t, true);
        let _ = iam::pattern::is_broad_resource(t);
    }
});
