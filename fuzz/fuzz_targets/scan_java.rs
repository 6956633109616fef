//! Fuzz the java front end with the whole scan: parse, lower, taint
//! engine, rules and finding construction must never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parser = tree_sitter::Parser::new();
    let _ = code_scan::scan_source(&mut parser, "fuzz", code_scan::Lang::Java, data);
});
