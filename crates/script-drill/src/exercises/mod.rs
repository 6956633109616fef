//! Hidden-test generators, one file per exercise.
//!
//! Each generator makes inputs from a seeded random source (edge cases
//! first, then random cases) and answers them with the engine that owns
//! the question, so the expected output is what barraiser itself says.

use crate::Error;

pub mod aws_key_ids;
pub mod brute_force;
pub mod first_unique_char;
pub mod iam_full_admin;
pub mod ipv4;
pub mod key_rotation;
pub mod keyword_search;
pub mod offboarding;
pub mod path_scan;
pub mod s3_buckets;
pub mod ssh_failures;
pub mod top_404;

/// One test's input: stdin, and the files of its input tree (file-search
/// exercises only; paths relative to the working directory).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TestInput {
    /// What the case exercises, e.g. `empty input` or `random 7`.
    pub label: String,
    pub stdin: Vec<u8>,
    pub files: Vec<(String, Vec<u8>)>,
}

impl TestInput {
    pub fn stdin(label: impl Into<String>, stdin: impl Into<Vec<u8>>) -> TestInput {
        TestInput {
            label: label.into(),
            stdin: stdin.into(),
            files: Vec::new(),
        }
    }

    /// The stdin as text (the generators write UTF-8 only).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.stdin).unwrap_or("")
    }
}

/// An exercise's generator and answer key.
pub trait Generator: Sync {
    /// The exercise id (the content directory's name).
    fn id(&self) -> &'static str;
    /// `n` inputs from `seed`: the fixed edge cases first, then random ones.
    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput>;
    /// The expected output for `input`, from the engine.
    fn answer(&self, input: &TestInput) -> Result<String, Error>;
}

/// Every generator.
pub fn all() -> &'static [&'static dyn Generator] {
    &[
        &aws_key_ids::AwsKeyIds,
        &brute_force::BruteForce,
        &first_unique_char::FirstUniqueChar,
        &iam_full_admin::IamFullAdmin,
        &ipv4::Ipv4,
        &key_rotation::KeyRotation,
        &keyword_search::KeywordSearch,
        &offboarding::Offboarding,
        &path_scan::PathScan,
        &s3_buckets::S3Buckets,
        &ssh_failures::SshFailures,
        &top_404::Top404,
    ]
}

/// The generator of exercise `id`.
pub fn generator(id: &str) -> Result<&'static dyn Generator, Error> {
    all()
        .iter()
        .copied()
        .find(|g| g.id() == id)
        .ok_or_else(|| Error::UnknownExercise(id.to_string()))
}

/// Fill `out` up to `n` with random cases from `make`.
pub(crate) fn fill(
    out: &mut Vec<TestInput>,
    seed: u64,
    n: usize,
    mut make: impl FnMut(&mut fastrand::Rng, usize) -> TestInput,
) {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut i = 0;
    while out.len() < n {
        out.push(make(&mut rng, i));
        i += 1;
    }
    out.truncate(n);
}

/// A random IPv4 address from a small pool, so addresses repeat.
pub(crate) fn pool_ip(rng: &mut fastrand::Rng, pool: u8) -> String {
    let k = rng.u8(0..pool.max(1));
    match k % 3 {
        0 => format!("203.0.113.{}", k),
        1 => format!("198.51.100.{}", k),
        _ => format!("10.{}.0.{}", k % 7, k),
    }
}

/// The output lines joined with a final newline (empty for none).
pub(crate) fn lines(v: impl IntoIterator<Item = String>) -> String {
    let mut s = String::new();
    for l in v {
        s.push_str(&l);
        s.push('\n');
    }
    s
}
