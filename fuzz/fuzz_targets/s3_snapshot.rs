//! Arbitrary bytes into the S3 snapshot parser; whatever parses goes
//! through the audit, the plan and the plan simulation. Bytes are also fed
//! to the bucket-policy parser directly. A panic, hang or overflow is a
//! bug: bad input must come back as a diagnostic.
//!
//! Run: `cargo +nightly fuzz run s3_snapshot -- -max_total_time=60`
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = s3::policy::Policy::parse(text);
    }
    if let Ok(snap) = s3::parse_snapshot("fuzz.json", data) {
        let sens = s3::Sensitivity::default();
        let a = s3::audit(&snap, &sens, "fuzz.json");
        let _ = report::to_json_pretty(&a.findings);
        let opts = s3::PlanOptions {
            log_bucket: snap.buckets.first().map(|b| b.name.clone()),
            kms_key_id: None,
            mfa_delete: true,
        };
        let p = s3::plan(&snap, &sens, &opts);
        let _ = p.render_text();
        let after = s3::simulate(&snap, &p);
        let _ = s3::audit(&after, &sens, "fuzz.json");
    }
});
