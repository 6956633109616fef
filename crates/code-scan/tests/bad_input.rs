//! Hostile and broken input: nothing may panic, hang or blow the stack, and
//! what cannot be parsed is reported as a note while the scan goes on.

use code_scan::walk::{classify, discover, Skip};
use code_scan::{scan_source, Lang};

fn scan(lang: Lang, src: &[u8]) -> code_scan::FileResult {
    let mut p = tree_sitter::Parser::new();
    scan_source(&mut p, "input", lang, src)
}

#[test]
fn non_utf8_is_scanned_with_a_note() {
    let src = b"import os\n# caf\xe9\nos.system(input())\n";
    let r = scan(Lang::Python, src);
    assert!(
        r.notes
            .iter()
            .any(|n| n.contains("input:2:6") && n.contains("not valid UTF-8")),
        "{:?}",
        r.notes
    );
}

#[test]
fn binary_files_are_skipped() {
    assert_eq!(
        classify(b"\x7fELF\x02\x01\x01\x00\x00\x00"),
        Some(Skip::Binary)
    );
    assert_eq!(classify(b"print('hi')\n"), None);
}

#[test]
fn minified_50mb_line_is_skipped_before_parsing() {
    let line = "var a=1;".repeat(50 * 1024 * 1024 / 8);
    assert_eq!(classify(line.as_bytes()), Some(Skip::Generated));
}

#[test]
fn a_long_minified_line_still_scans_if_forced() {
    let line = format!("{}eval(location.hash);", "var a=1;".repeat(200_000));
    let r = scan(Lang::JavaScript, line.as_bytes());
    assert!(r.findings.iter().any(|f| f.rule_id == "code-injection"));
}

#[test]
fn nesting_ten_thousand_levels_does_not_overflow() {
    for (lang, open, close) in [
        (Lang::Python, "(", ")"),
        (Lang::JavaScript, "[", "]"),
        (Lang::Java, "(", ")"),
    ] {
        let body = format!("{}1{}", open.repeat(10_000), close.repeat(10_000));
        let src = match lang {
            Lang::Java => format!("class A {{ int f() {{ return {body}; }} }}"),
            _ => format!("x = {body}\n"),
        };
        let r = std::thread::Builder::new()
            .stack_size(code_scan::STACK_SIZE)
            .spawn(move || scan(lang, src.as_bytes()).lines)
            .expect("thread")
            .join();
        assert!(r.is_ok(), "{lang:?} overflowed the stack");
    }
}

#[test]
fn syntax_errors_are_notes_and_the_rest_is_scanned() {
    let src = b"import os\ndef broken(:\n    pass\nos.system(input())\n";
    let r = scan(Lang::Python, src);
    assert!(
        r.notes.iter().any(|n| n.contains("syntax error")),
        "{:?}",
        r.notes
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_do_not_hang() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("loop")).expect("symlink");
    std::os::unix::fs::symlink(
        dir.path().join("missing.py"),
        dir.path().join("dangling.py"),
    )
    .expect("symlink");
    std::fs::write(dir.path().join("a.py"), "import os\nos.system(input())\n").expect("write");
    let (files, _skipped) = discover(&[dir.path().to_path_buf()], &[], 1 << 20);
    assert_eq!(files.len(), 1);
}

#[test]
fn random_bytes_never_panic() {
    use proptest::prelude::*;
    proptest!(ProptestConfig::with_cases(64), |(bytes in proptest::collection::vec(any::<u8>(), 0..2000), which in 0usize..5)| {
        let lang = Lang::ALL[which];
        let _ = scan(lang, &bytes);
    });
}
