//! The Combined fast path (`combined::parse_fast`) against the full parser:
//! on every line it accepts it must give the same event and the same line
//! end, and it must accept the common shape (or it would never run).

use logs::parse::{combined, Ctx};
use proptest::prelude::*;

/// Parse `data` line by line both ways; the number of lines the fast path
/// took.
fn agree(data: &[u8], need_path: bool) -> usize {
    let mut fast = Ctx::new(2024);
    fast.need_user_agent = false;
    fast.need_path = need_path;
    let mut full = fast.clone();
    let (mut pos, mut taken) = (0, 0);
    while pos < data.len() {
        let end = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
        if let Some((e, e_end)) = combined::parse_fast(data, pos, &mut fast) {
            assert_eq!(
                e_end,
                end,
                "line end of {:?}",
                String::from_utf8_lossy(&data[pos..end])
            );
            let line = &data[pos..end];
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let f = combined::parse(line, &mut full).unwrap_or_else(|m| {
                panic!(
                    "fast path accepted {:?} ({m:?})",
                    String::from_utf8_lossy(line)
                )
            });
            assert_eq!(e, f);
            taken += 1;
        }
        pos = end + 1;
    }
    taken
}

fn piece(options: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(options)
}

prop_compose! {
    fn line()(
        source in piece(&["203.0.113.7", "::1", "", "\t", "a\rb", "host.example", "1.2.3.4\n"]),
        ids in piece(&["- -", "- bob", "-  -", "alice -", "- - -"]),
        ts in piece(&[
            "[10/Oct/2000:13:55:36 -0700]",
            "[03/Mar/2024:00:00:00 +0000]",
            "[99/Oct/2000:13:55:36 -0700]",
            "[10/Oct/2000:13:55:36 -0700",
            "[10/Oct/2000:13:55\n36 -0700]",
        ]),
        request in piece(&[
            "\"GET /a?b=1 HTTP/1.1\"", "\"-\"", "\"\"", "\"POST https://h:443/x?y HTTP/1.0\"",
            "\"GET /x\\\"y HTTP/1.1\"", "\"GET /a\nb\"", "\"GET\"", "\"GET /open", "\"A\\\\\"",
            "\"GET /averyveryveryverylongpathwithnothinginit/andmore/andmore HTTP/2.0\"",
        ]),
        status in piece(&[" 404 ", " 200 ", " 401 ", " 4x4 ", " 40 ", " 404", " 404\r", "404 ", "  404 "]),
        tail in piece(&["", "123", "- \"-\" \"curl/8\"", "1 \"ref\" \"ua\"\r", "\r"]),
        eol in piece(&["\n", "\r\n", ""]),
    ) -> String {
        format!("{source} {ids} {ts} {request}{status}{tail}{eol}")
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn fast_path_agrees_with_the_full_parser(lines in prop::collection::vec(line(), 1..8)) {
        let data = lines.concat();
        agree(data.as_bytes(), false);
        agree(data.as_bytes(), true);
    }

    #[test]
    fn fast_path_agrees_on_arbitrary_bytes(data in prop::collection::vec(any::<u8>(), 0..400)) {
        agree(&data, false);
        agree(&data, true);
    }
}

#[test]
fn fast_path_takes_the_common_shape() {
    let data =
        b"203.0.113.7 - - [10/Oct/2000:13:55:36 -0700] \"GET /a?b HTTP/1.1\" 404 1 \"-\" \"ua\"\n\
                 ::1 - - [10/Oct/2000:13:55:37 -0700] \"-\" 408 0\r\n\
                 203.0.113.7 - bob [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 401 1\n";
    // the third line names a user: the full parser reads it
    assert_eq!(agree(data, false), 2);
    assert_eq!(agree(data, true), 2);
}
