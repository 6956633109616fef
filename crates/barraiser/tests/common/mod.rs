//! What the end-to-end tests share: the binary under a hermetic
//! environment, and a runner that returns the exit code and both streams.
//! Each test file includes it with `mod common;` and uses what it needs.
#![allow(dead_code)]

use assert_cmd::Command;
use std::path::Path;

/// The barraiser binary with no user configuration, a fixed clock for
/// ASFF times, and static credentials for moto: no profile, config file,
/// session token or instance metadata can leak in from the machine.
pub fn bin() -> Command {
    let mut c = Command::cargo_bin("barraiser").unwrap();
    c.env("XDG_CONFIG_HOME", "/nonexistent-barraiser-test")
        .env("SOURCE_DATE_EPOCH", "1795435200")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env("AWS_CONFIG_FILE", "/nonexistent-barraiser-test/config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent-barraiser-test/credentials",
        )
        .env("AWS_EC2_METADATA_DISABLED", "true");
    c
}

/// Run `barraiser <cmd...> <args...>` in `dir`: (exit code, stdout, stderr).
pub fn run_in(dir: &Path, cmd: &[&str], args: &[&str]) -> (i32, String, String) {
    let out = bin()
        .current_dir(dir)
        .args(cmd)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}
