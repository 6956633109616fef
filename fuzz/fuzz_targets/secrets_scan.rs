//! The secrets line scanner on arbitrary bytes: no panic, no hang, and no
//! excerpt or message ever carries a flagged value. The first byte picks
//! the file kind (code, configuration, lockfile) so every rule path runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ENGINE: OnceLock<secrets::Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let engine = ENGINE.get_or_init(|| {
        secrets::Engine::new(&secrets::Config {
            mentions: true,
            ..secrets::Config::default()
        })
        .expect("default config")
    });
    let (kind, body) = match data.split_first() {
        Some((k, rest)) => (*k, rest),
        None => (0, data),
    };
    let path = match kind % 3 {
        0 => "fuzz.py",
        1 => ".env",
        _ => "package-lock.json",
    };
    let r = engine.scan_bytes(path, body);
    for h in &r.hits {
        let v = h.secret.expose();
        // Values holding the ellipsis can be spelled by redactions
        // themselves (`…(6)`); they are the fuzzer's invention.
        if v.chars().count() >= 6 && h.rule.id != "keyword-mention" && !v.contains('…') {
            assert!(!h.excerpt.contains(v), "{} value in excerpt", h.rule.id);
            let f = h.to_finding(path, None);
            assert!(!f.message.contains(v), "{} value in message", h.rule.id);
        }
        assert!(h.column >= 1 && h.end_column >= h.column);
    }
});
