//! Every log parser and the format detector on arbitrary bytes, then the
//! whole engine (chunking, gzip, CloudTrail documents, detections) on the
//! same bytes: nothing may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logs::parse::{detect_format, parse_line, Ctx};
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
