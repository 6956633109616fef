//! `barraiser`: the command-line shell over the engines.
//!
//! No logic lives here: commands parse arguments, read files, call an
//! engine, pick a writer and map the result to an exit code:
//! 0 clean, 1 findings at or above `--fail-on`, 2 usage or input error.

mod calc;
mod checklist;
mod cli;
mod config;
mod iam;
mod idor;
mod io;
mod keys;
mod lab;
mod live;
mod logs;
mod mock;
mod offboard;
mod output;
mod prep;
mod s3;
mod scan;
mod secrets;
mod serve;
mod star;
mod threat_model;

use clap::Parser;

/// mimalloc instead of the system allocator: the engines build many small
/// strings per finding, and glibc malloc/free were half of the profile of a
/// 10,000-element threat model (perf, bench/threat-model).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// A failure that ends the command with exit code 2, already worded for
/// the user (file, line, column and what to do).
#[derive(Debug)]
pub struct Fail(pub String);

impl<E: std::fmt::Display> From<E> for Fail {
    fn from(e: E) -> Self {
        Fail(e.to_string())
    }
}

/// The outcome of a command that ran: clean, or findings past the gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

fn main() -> ExitCode {
    // Die quietly on a closed pipe (`barraiser ... | head`) like other Unix
    // tools, instead of panicking in println!.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal at start-up,
    // before any thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = cli::Cli::parse();
    let result = match &cli.command {
        cli::Command::ThreatModel(cmd) => threat_model::run(&cli.global, cmd),
        cli::Command::Scan(args) => scan::run(&cli.global, args),
        cli::Command::Logs(args) => logs::run(&cli.global, args),
        cli::Command::Secrets(args) => secrets::run(&cli.global, args),
        cli::Command::Iam(args) => iam::run(&cli.global, args),
        cli::Command::S3(args) => s3::run(&cli.global, args),
        cli::Command::Keys(args) => keys::run(&cli.global, args),
        cli::Command::Offboard(args) => offboard::run(&cli.global, args),
        cli::Command::Idor(args) => idor::run(&cli.global, args),
        cli::Command::Lab(args) => lab::run(&cli.global, args),
        cli::Command::Prep(args) => prep::run(&cli.global, args),
        cli::Command::Today(args) => prep::today(&cli.global, args),
        cli::Command::Status(args) => prep::status(&cli.global, args),
        cli::Command::Drill(args) => prep::drill(&cli.global, args),
        cli::Command::Star(args) => star::run(&cli.global, args),
        cli::Command::Mock(args) => mock::run(&cli.global, args),
        cli::Command::Checklist(args) => checklist::run(&cli.global, args),
        cli::Command::Impact(args) => calc::impact(&cli.global, args),
        cli::Command::Offer(args) => calc::offer(&cli.global, args),
        cli::Command::Serve(args) => serve::run(&cli.global, args),
    };
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(Fail(msg)) => {
            let msg = msg.trim_end();
            if msg.contains(": error: ") || msg.starts_with("error: ") {
                eprintln!("{msg}");
            } else {
                eprintln!("error: {msg}");
            }
            ExitCode::from(2)
        }
    }
}
