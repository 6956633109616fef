//! Run a user's script over an exercise's hidden tests in the sandbox.

use crate::diff::{normalise, unified};
use crate::exercises::{generator, TestInput};
use crate::{Error, Exercise};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Where the file-search tree travels into the sandbox (unpacked, then
/// removed, before the user's command starts).
const TREE_ARCHIVE: &str = ".input-tree.tar";

/// Input shown for a failure is cut to this many bytes.
pub const INPUT_SHOWN: usize = 2048;

/// One hidden test: its input and the engine's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    pub input: TestInput,
    pub expected: String,
}

/// The hidden tests of `exercise`: `n` generated from `seed`, each answered
/// by the exercise's engine.
pub fn hidden_tests(exercise: &Exercise, seed: u64, n: usize) -> Result<Vec<Test>, Error> {
    let g = generator(&exercise.id)?;
    g.generate(seed, n)
        .into_iter()
        .map(|input| {
            let expected = g.answer(&input)?;
            Ok(Test { input, expected })
        })
        .collect()
}

/// The drill's limits: 5 s wall, 256 MiB, 1 MiB of output.
pub fn default_limits() -> sandbox::Limits {
    sandbox::Limits {
        wall: Duration::from_secs(5),
        cpu_secs: 5,
        memory_bytes: 256 << 20,
        output_bytes: 1 << 20,
        ..sandbox::Limits::default()
    }
}

/// `python3 <script>`.
pub fn default_argv(script: &str) -> Vec<String> {
    vec!["python3".into(), script.into()]
}

/// How one test went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Passed,
    /// Ran, and the output differs or the process did not exit 0.
    Failed,
    /// Killed at the wall-time limit.
    TimedOut,
    /// Not run: an earlier test timed out (a script that loops once loops
    /// again; running the rest would only make the user wait).
    NotRun,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    pub index: usize,
    pub label: String,
    pub status: Status,
    /// How the process ended (`exited 0`, `killed after ...`).
    pub outcome: String,
    pub millis: u64,
    /// Peak resident memory in KiB, when the OS reports it.
    #[serde(default)]
    pub peak_memory_kib: Option<u64>,
}

/// The first failing test, in detail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Failure {
    pub index: usize,
    pub label: String,
    /// The stdin (and tree files, listed), cut to [`INPUT_SHOWN`] bytes.
    pub input: String,
    pub input_truncated: bool,
    /// Unified diff, `-` expected, `+` got; empty when the output matched
    /// but the process failed.
    pub diff: String,
    pub outcome: String,
    pub timed_out: bool,
    pub exit: String,
    /// The last lines of stderr (up to 2 KB).
    pub stderr_tail: String,
    pub stdout_truncated: bool,
}

/// The drill's result.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub exercise: String,
    pub results: Vec<TestResult>,
    pub first_failure: Option<Failure>,
    /// Whether the runs were cut off from the network.
    pub network_isolated: bool,
    /// The limits each test ran under, to show next to the figures.
    #[serde(default)]
    pub limits: ShownLimits,
}

/// The limits of a run, as shown with its report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownLimits {
    pub wall_millis: u64,
    pub memory_bytes: u64,
    pub output_bytes: u64,
}

impl From<&sandbox::Limits> for ShownLimits {
    fn from(l: &sandbox::Limits) -> Self {
        ShownLimits {
            wall_millis: l.wall.as_millis() as u64,
            memory_bytes: l.memory_bytes,
            output_bytes: l.output_bytes as u64,
        }
    }
}

impl Report {
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.status == Status::Passed)
            .count()
    }

    pub fn all_passed(&self) -> bool {
        !self.results.is_empty() && self.passed() == self.results.len()
    }

    /// The attempt's score: the share of hidden tests passed, 0 to 100.
    pub fn score(&self) -> u8 {
        (self.passed() * 100 / self.results.len().max(1)) as u8
    }

    /// What an attempt stores as its details: the counts the dashboard and
    /// `status` read, and the whole report so a finished attempt can be
    /// shown again.
    pub fn attempt_details(&self) -> serde_json::Value {
        serde_json::json!({
            "passed": self.passed(),
            "tests": self.results.len(),
            "report": self,
        })
    }

    /// The report stored by [`Report::attempt_details`], if there is one
    /// (attempts finished before it was stored have only the counts).
    pub fn from_attempt_details(details: &serde_json::Value) -> Option<Report> {
        serde_json::from_value(details.get("report")?.clone()).ok()
    }

    /// The slowest test in milliseconds and the highest peak memory in KiB.
    pub fn peaks(&self) -> (u64, Option<u64>) {
        let ms = self.results.iter().map(|r| r.millis).max().unwrap_or(0);
        let kib = self.results.iter().filter_map(|r| r.peak_memory_kib).max();
        (ms, kib)
    }

    /// A plain-text rendering: one line per test, then the first failure.
    pub fn render(&self) -> String {
        let mut s = format!(
            "{}: {}/{} tests passed\n",
            self.exercise,
            self.passed(),
            self.results.len()
        );
        for r in &self.results {
            let mark = match r.status {
                Status::Passed => "PASS",
                Status::Failed => "FAIL",
                Status::TimedOut => "TIME",
                Status::NotRun => "SKIP",
            };
            s.push_str(&format!(
                "  {mark} #{:<3} {} ({} ms, {})\n",
                r.index + 1,
                r.label,
                r.millis,
                r.outcome
            ));
        }
        if let Some(f) = &self.first_failure {
            s.push_str(&format!(
                "\nfirst failure: test #{} ({}), {}\ninput:\n{}{}\n",
                f.index + 1,
                f.label,
                f.outcome,
                f.input,
                if f.input_truncated {
                    "\n[... input cut]"
                } else {
                    ""
                }
            ));
            if !f.diff.is_empty() {
                s.push_str(&format!("diff:\n{}", f.diff));
            }
            if !f.stderr_tail.is_empty() {
                s.push_str(&format!("stderr (tail):\n{}\n", f.stderr_tail));
            }
        }
        s
    }
}

/// Run `argv` (the user's command; `script` is written into the sandbox
/// directory under `script_name`) over `tests` with `limits`.
///
/// Only the script is written to disk, plus, for tests that have an input
/// tree, that test's own tree (unpacked by `sh` and `tar` in the sandbox
/// directory before `argv` starts). Inputs go on stdin. After a timeout the
/// remaining tests are not run.
pub fn run_drill(
    exercise: &Exercise,
    argv: &[String],
    script_name: &str,
    script: &[u8],
    tests: &[Test],
    limits: &sandbox::Limits,
) -> Result<Report, Error> {
    let mut results = Vec::with_capacity(tests.len());
    let mut first_failure = None;
    let mut network_isolated = limits.isolate_network;
    let mut stop = false;
    for (index, t) in tests.iter().enumerate() {
        if stop {
            results.push(TestResult {
                index,
                label: t.input.label.clone(),
                status: Status::NotRun,
                outcome: "not run: an earlier test timed out".into(),
                millis: 0,
                peak_memory_kib: None,
            });
            continue;
        }
        let (run_argv, archive);
        let mut files: Vec<(&str, &[u8])> = vec![(script_name, script)];
        if t.input.files.is_empty() {
            run_argv = argv.to_vec();
        } else {
            archive = crate::tar::ustar(&t.input.files);
            files.push((TREE_ARCHIVE, &archive));
            let mut v: Vec<String> = vec![
                "sh".into(),
                "-c".into(),
                format!("tar -xf {TREE_ARCHIVE} && rm -f {TREE_ARCHIVE} && exec \"$@\""),
                "sh".into(),
            ];
            v.extend(argv.iter().cloned());
            run_argv = v;
        }
        let out = sandbox::run(&run_argv, &t.input.stdin, &files, limits)?;
        network_isolated &= out.network_isolated;
        let got = normalise(&String::from_utf8_lossy(&out.stdout));
        let want = normalise(&t.expected);
        let status = if out.timed_out {
            Status::TimedOut
        } else if out.success() && got == want && !out.stdout_truncated {
            Status::Passed
        } else {
            Status::Failed
        };
        let outcome = if out.stdout_truncated {
            format!(
                "{}; output cut at the {} byte limit",
                out.describe(),
                limits.output_bytes
            )
        } else {
            out.describe()
        };
        if status != Status::Passed && first_failure.is_none() {
            let (input, input_truncated) = show_input(&t.input);
            first_failure = Some(Failure {
                index,
                label: t.input.label.clone(),
                input,
                input_truncated,
                diff: if out.timed_out {
                    String::new()
                } else {
                    unified(&want, &got)
                },
                outcome: outcome.clone(),
                timed_out: out.timed_out,
                exit: match out.exit {
                    sandbox::Exit::Code(c) => format!("code {c}"),
                    sandbox::Exit::Signal(s) => format!("signal {s}"),
                },
                stderr_tail: tail(&out.stderr, 2048),
                stdout_truncated: out.stdout_truncated,
            });
        }
        stop = status == Status::TimedOut;
        results.push(TestResult {
            index,
            label: t.input.label.clone(),
            status,
            outcome,
            millis: out.elapsed.as_millis() as u64,
            peak_memory_kib: out.peak_memory_kib,
        });
    }
    Ok(Report {
        exercise: exercise.id.clone(),
        results,
        first_failure,
        network_isolated,
        limits: limits.into(),
    })
}

/// Hidden tests per submission, unless the user asks for another number.
pub const DEFAULT_TESTS: usize = 20;

/// The seed of an attempt's hidden tests: fixed per attempt (a resubmission
/// meets the same tests) but different between attempts, so the answers
/// cannot be memorised from a failure's diff.
pub fn attempt_seed(attempt: i64) -> u64 {
    attempt as u64 ^ 0x5eed
}

/// Run a submitted script: `tests` hidden tests of `exercise` drawn from
/// `seed` (clamped to 1..=200), `script` written as `script_name` and run
/// as `interpreter script_name` under [`default_limits`]. The CLI and the
/// web app both submit through here.
pub fn run_submission(
    exercise: &Exercise,
    interpreter: &str,
    script_name: &str,
    script: &[u8],
    seed: u64,
    tests: usize,
) -> Result<Report, Error> {
    let hidden = hidden_tests(exercise, seed, tests.clamp(1, 200))?;
    let argv = vec![interpreter.to_string(), script_name.to_string()];
    run_drill(
        exercise,
        &argv,
        script_name,
        script,
        &hidden,
        &default_limits(),
    )
}

/// The input as shown: the tree's files (for file-search tests), then
/// stdin, cut at [`INPUT_SHOWN`] bytes on a character boundary.
fn show_input(input: &TestInput) -> (String, bool) {
    let mut s = String::new();
    for (path, content) in &input.files {
        s.push_str(&format!(
            "== file {path} ==\n{}",
            String::from_utf8_lossy(content)
        ));
        if !s.ends_with('\n') {
            s.push('\n');
        }
    }
    if !input.files.is_empty() {
        s.push_str("== stdin ==\n");
    }
    s.push_str(&String::from_utf8_lossy(&input.stdin));
    if s.len() <= INPUT_SHOWN {
        return (s, false);
    }
    let mut cut = INPUT_SHOWN;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    (s, true)
}

fn tail(bytes: &[u8], max: usize) -> String {
    let start = bytes.len().saturating_sub(max);
    let s = String::from_utf8_lossy(&bytes[start..]);
    s.trim_end().to_string()
}
