//! Each limit, against a real misbehaving script (sh and python3).

use sandbox::{run, Exit, Limits};
use std::time::Duration;

fn sh(script: &str, limits: &Limits) -> sandbox::Outcome {
    run(&["sh".into(), "-c".into(), script.into()], b"", &[], limits).unwrap()
}

fn quick() -> Limits {
    Limits {
        wall: Duration::from_secs(2),
        cpu_secs: 2,
        ..Limits::default()
    }
}

#[test]
fn echoes_stdin_and_exits_zero() {
    let o = run(&["cat".into()], b"hello\n", &[], &quick()).unwrap();
    assert!(o.success(), "{}", o.describe());
    assert_eq!(o.stdout, b"hello\n");
}

#[test]
fn an_endless_loop_is_killed_at_the_wall_limit_with_its_children() {
    let l = Limits {
        wall: Duration::from_millis(500),
        cpu_secs: 30,
        ..Limits::default()
    };
    let t = std::time::Instant::now();
    let o = sh("sleep 100 & while :; do :; done", &l);
    assert!(o.timed_out);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert!(!o.success());
}

#[test]
fn cpu_limit_stops_a_busy_loop() {
    let l = Limits {
        wall: Duration::from_secs(10),
        cpu_secs: 1,
        ..Limits::default()
    };
    let o = sh("while :; do :; done", &l);
    assert!(!o.timed_out, "{}", o.describe());
    assert_eq!(o.exit, Exit::Signal(libc::SIGXCPU), "{}", o.describe());
}

#[test]
fn memory_limit_stops_a_growing_list() {
    let l = Limits {
        memory_bytes: 256 << 20,
        ..quick()
    };
    let o = run(
        &[
            "python3".into(),
            "-c".into(),
            "x = []\nwhile True: x.append(' ' * 10_000_000)".into(),
        ],
        b"",
        &[],
        &l,
    )
    .unwrap();
    assert!(!o.success());
    assert!(!o.timed_out, "{}", o.describe());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("MemoryError"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn file_size_limit_keeps_the_disk() {
    let l = Limits {
        file_bytes: 1 << 20,
        ..quick()
    };
    let o = sh(
        "head -c 50000000 /dev/zero > big; echo rc=$?; wc -c < big",
        &l,
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("1048576"), "{text}");
}

#[test]
fn output_is_capped_and_drained() {
    let l = Limits {
        output_bytes: 1000,
        ..quick()
    };
    let o = sh("head -c 20000000 /dev/zero | tr '\\0' x", &l);
    assert!(o.success(), "{}", o.describe());
    assert_eq!(o.stdout.len(), 1000);
    assert!(o.stdout_truncated);
}

#[test]
fn runs_in_an_empty_private_directory_with_a_clean_environment() {
    std::env::set_var("BARRAISER_SECRET_TEST_VALUE", "hidden");
    let o = run(
        &[
            "sh".into(),
            "-c".into(),
            "ls -A; echo \"[$BARRAISER_SECRET_TEST_VALUE]\"; pwd".into(),
        ],
        b"",
        &[("answer.py", b"print(1)")],
        &quick(),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("answer.py"));
    assert_eq!(lines.next(), Some("[]"));
    let dir = lines.next().unwrap().to_string();
    assert!(
        !std::path::Path::new(&dir).exists(),
        "the working directory is removed after the run"
    );
}

#[test]
fn network_is_cut_where_the_kernel_allows() {
    let o = run(
        &["python3".into(), "-c".into(), "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 53), timeout=1)\n    print('connected')\nexcept OSError as e:\n    print('blocked', e.errno)".into()],
        b"",
        &[],
        &quick(),
    )
    .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    if o.network_isolated {
        assert!(text.starts_with("blocked"), "{text}");
    } else {
        eprintln!("network namespaces unavailable here; isolation not tested");
    }
}

#[test]
fn a_missing_program_is_a_clear_error() {
    let e = run(&["no-such-interpreter-xyz".into()], b"", &[], &quick()).unwrap_err();
    assert!(e.to_string().contains("no-such-interpreter-xyz"));
}

#[test]
fn peak_memory_is_reported_and_grows_with_what_the_script_holds() {
    let small = run(
        &["python3".into(), "-c".into(), "pass".into()],
        b"",
        &[],
        &quick(),
    )
    .unwrap();
    let big = run(
        &[
            "python3".into(),
            "-c".into(),
            "b = bytearray(80 << 20); b[::4096] = b'x' * len(b[::4096])".into(),
        ],
        b"",
        &[],
        &quick(),
    )
    .unwrap();
    assert!(small.success() && big.success(), "{}", big.describe());
    let (s, b) = (small.peak_memory_kib.unwrap(), big.peak_memory_kib.unwrap());
    assert!(s > 1024, "python3 alone uses more than 1 MiB: {s} KiB");
    assert!(
        b >= s + 70 * 1024,
        "80 MiB touched shows: {s} KiB vs {b} KiB"
    );
}
