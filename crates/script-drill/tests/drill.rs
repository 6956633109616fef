//! The runner end to end: references pass, wrong answers fail with a diff,
//! loops time out, and a script cannot find the hidden tests on disk.

use script_drill::{
    all_exercises, default_argv, default_limits, exercise, hidden_tests, run_drill, Status, Test,
};
use std::time::{Duration, Instant};

const TESTS_PER_EXERCISE: usize = 30;

#[test]
fn every_reference_passes_its_hidden_tests_and_sample() {
    let limits = default_limits();
    for e in all_exercises() {
        let mut tests = hidden_tests(e, 7, TESTS_PER_EXERCISE).unwrap();
        assert_eq!(tests.len(), TESTS_PER_EXERCISE);
        tests.push(Test {
            input: script_drill::TestInput {
                label: "sample".into(),
                stdin: e.sample_input.trim_start_matches('\n').as_bytes().to_vec(),
                files: e
                    .sample_files
                    .iter()
                    .map(|f| (f.path.clone(), f.content.as_bytes().to_vec()))
                    .collect(),
            },
            expected: e.sample_output.trim_start_matches('\n').to_string(),
        });
        let r = run_drill(
            e,
            &default_argv("solution.py"),
            "solution.py",
            e.reference.as_bytes(),
            &tests,
            &limits,
        )
        .unwrap();
        assert!(r.all_passed(), "{}", r.render());
    }
}

#[test]
fn a_wrong_solution_fails_with_a_useful_diff() {
    let e = exercise("ipv4-validate").unwrap();
    // accepts leading zeros: wrong on the edge-case test only
    let wrong = "import sys\nimport ipaddress\nfor l in sys.stdin.read().split('\\n')[:-1]:\n    p = l.split('.')\n    ok = len(p) == 4 and all(x.isdigit() and int(x) < 256 for x in p)\n    print('valid' if ok else 'invalid')\n";
    let tests = hidden_tests(e, 1, 10).unwrap();
    let r = run_drill(
        e,
        &default_argv("s.py"),
        "s.py",
        wrong.as_bytes(),
        &tests,
        &default_limits(),
    )
    .unwrap();
    assert!(!r.all_passed());
    let f = r.first_failure.as_ref().expect("a failure");
    assert_eq!(f.label, "edge cases");
    assert!(f.input.contains("01.2.3.4"), "{}", f.input);
    assert!(
        f.diff.contains("--- expected") && f.diff.contains("-invalid") && f.diff.contains("+valid"),
        "{}",
        f.diff
    );
    assert!(
        r.render().contains("first failure: test #2 (edge cases)"),
        "{}",
        r.render()
    );
}

#[test]
fn a_crash_reports_exit_code_and_stderr_tail() {
    let e = exercise("first-unique-char").unwrap();
    let tests = hidden_tests(e, 1, 3).unwrap();
    let r = run_drill(
        e,
        &default_argv("s.py"),
        "s.py",
        b"raise ValueError('boom in the script')\n",
        &tests,
        &default_limits(),
    )
    .unwrap();
    let f = r.first_failure.unwrap();
    assert_eq!(f.exit, "code 1");
    assert!(
        f.stderr_tail.contains("ValueError: boom in the script"),
        "{}",
        f.stderr_tail
    );
}

#[test]
fn an_endless_loop_is_a_timeout_and_does_not_hang() {
    let e = exercise("first-unique-char").unwrap();
    let tests = hidden_tests(e, 1, 5).unwrap();
    let mut limits = default_limits();
    limits.wall = Duration::from_secs(1);
    let start = Instant::now();
    let r = run_drill(
        e,
        &default_argv("s.py"),
        "s.py",
        b"while True:\n    pass\n",
        &tests,
        &limits,
    )
    .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(r.results[0].status, Status::TimedOut);
    assert!(r.results[1..].iter().all(|t| t.status == Status::NotRun));
    let f = r.first_failure.unwrap();
    assert!(
        f.timed_out && f.outcome.contains("wall-time"),
        "{}",
        f.outcome
    );
}

#[test]
fn runaway_output_is_cut_and_fails() {
    let e = exercise("ipv4-validate").unwrap();
    let tests = hidden_tests(e, 1, 1).unwrap();
    let r = run_drill(
        e,
        &default_argv("s.py"),
        "s.py",
        b"import sys\nwhile True:\n    sys.stdout.write('valid\\n' * 1000)\n",
        &tests,
        &default_limits(),
    )
    .unwrap();
    assert_ne!(r.results[0].status, Status::Passed);
}

/// The script looks for this run's hidden inputs and answers everywhere it
/// can read near its own directory: the parent (the temp root, where other
/// runs' directories live), its own directory and the home it is given.
#[test]
fn a_script_reading_outside_its_dir_finds_no_hidden_tests() {
    let e = exercise("ipv4-validate").unwrap();
    let marker = format!("hidden-marker-{}-{}", std::process::id(), 0x5eed);
    let tests = vec![Test {
        input: script_drill::TestInput::stdin("marked", format!("{marker}\n")),
        expected: format!("{marker}-answer\n"),
    }];
    // the script holds the marker reversed, so it does not find itself
    let reversed: String = marker.chars().rev().collect();
    let snoop = format!(
        r#"
import os
marker = "{reversed}"[::-1]
found = []
roots = [os.path.dirname(os.getcwd()), os.getcwd(), os.path.expanduser("~")]
for root in roots:
    for dirpath, dirs, files in os.walk(root):
        if dirpath.count(os.sep) - root.count(os.sep) > 2:
            dirs[:] = []
        for name in files:
            p = os.path.join(dirpath, name)
            try:
                if os.path.getsize(p) > 1 << 20:
                    continue
                with open(p, "rb") as f:
                    if marker.encode() in f.read():
                        found.append(p)
            except OSError:
                pass
print("FOUND " + " ".join(found) if found else "nothing")
"#
    );
    let r = run_drill(
        e,
        &default_argv("snoop.py"),
        "snoop.py",
        snoop.as_bytes(),
        &tests,
        &default_limits(),
    )
    .unwrap();
    let f = r.first_failure.unwrap();
    assert!(
        f.diff.contains("+nothing"),
        "the script found the hidden test: {}",
        f.diff
    );
}

#[test]
fn a_submission_scores_and_round_trips_through_attempt_details() {
    let e = exercise("top-404-ips").unwrap();
    let seed = script_drill::attempt_seed(3);
    assert_ne!(
        seed,
        script_drill::attempt_seed(4),
        "attempts draw different tests"
    );
    let good =
        script_drill::run_submission(e, "python3", "solution.py", e.reference.as_bytes(), seed, 6)
            .unwrap();
    assert!(good.all_passed(), "{}", good.render());
    assert_eq!(good.score(), 100);
    assert_eq!(good.limits.wall_millis, 5000);
    let (_, kib) = good.peaks();
    assert!(kib.unwrap() > 1024, "peak memory measured: {kib:?}");
    // prints nothing: every test with a 404 fails
    let bad = script_drill::run_submission(e, "python3", "s.py", b"pass\n", seed, 6).unwrap();
    assert!(bad.score() < 100 && bad.first_failure.is_some());
    let d = bad.attempt_details();
    assert_eq!(d["passed"], bad.passed());
    assert_eq!(d["tests"], 6);
    let back = script_drill::Report::from_attempt_details(&d).unwrap();
    assert_eq!(back.passed(), bad.passed());
    assert_eq!(
        back.first_failure.unwrap().diff,
        bad.first_failure.unwrap().diff
    );
    assert!(
        script_drill::Report::from_attempt_details(&serde_json::json!({"passed": 1})).is_none()
    );
}
