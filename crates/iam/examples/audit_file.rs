//! Run the engine on one file without the CLI: `cargo run --release -p iam
//! --example audit_file -- FILE`. Prints the count per rule and the time;
//! used to check the engine alone while the CLI crate builds.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: audit_file FILE");
        std::process::exit(2);
    };
    let t = std::time::Instant::now();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let input = match iam::input::parse(&path, &text) {
        Ok(i) => i,
        Err(d) => {
            eprintln!("{d}");
            std::process::exit(2);
        }
    };
    let parsed = t.elapsed();
    let f = iam::audit_input(&path, &input, &iam::AuditOptions::default());
    let mut by: std::collections::BTreeMap<&str, usize> = Default::default();
    for x in &f {
        *by.entry(&x.rule_id).or_default() += 1;
    }
    for (r, n) in by {
        println!("{n:6} {r}");
    }
    println!(
        "{} findings; parse {:.3}s, total {:.3}s",
        f.len(),
        parsed.as_secs_f64(),
        t.elapsed().as_secs_f64()
    );
}
