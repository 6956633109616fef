//! Every log parser and the format detector on arbitrary bytes, then the
//! whole engine (chunking, gzip, CloudTrail documents, detections) on the
//! same bytes: nothing may panic or hang. The Combined fast path must give
//! exactly what the full parser gives on every line it accepts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logs::parse::{combined, detect_format, parse_line, Ctx};
use logs::{Analyzer, Format, Options, Plan, TopConfig};

fuzz_target!(|data: &[u8]| {
    let _ = detect_format(data, 2024);
    for f in Format::ALL {
        let mut ctx = Ctx::new(2024);
        for line in data.split(|&b| b == b'\n') {
            let _ = parse_line(f, line, &mut ctx, &mut |e| {
                let _ = (e.ts, e.source.len(), e.user.len(), e.status);
            });
        }
    }
    for need_path in [false, true] {
        let mut fast = Ctx::new(2024);
        fast.need_user_agent = false;
        fast.need_path = need_path;
        let mut full = fast.clone();
        let mut pos = 0;
        while pos < data.len() {
            let end = memchr::memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
            if let Some((e, e_end)) = combined::parse_fast(data, pos, &mut fast) {
                assert_eq!(e_end, end);
                let line = &data[pos..end];
                let line = line.strip_suffix(b"\r").unwrap_or(line);
                let f = combined::parse(line, &mut full).expect("fast path accepted a malformed line");
                assert_eq!(e, f);
            }
            pos = end + 1;
        }
    }
    let mut plan = Plan::all();
    plan.top = Some(TopConfig::default());
    let format = data.first().map(|b| Format::ALL[*b as usize % 5]);
    for (fmt, chunk) in [(None, 0), (format, 7)] {
        let mut a = Analyzer::new(
            plan.clone(),
            Options {
                format: fmt,
                year: 2024,
                chunk_size: chunk,
                max_line: 256,
                ..Options::default()
            },
        );
        a.add_bytes("fuzz", data);
        let r = a.finish();
        let _ = r.findings(&plan);
    }
});
