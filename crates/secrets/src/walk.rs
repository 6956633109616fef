//! Walking a tree in parallel (the `ignore` crate's parallel walker, as
//! ripgrep does): `.gitignore`, `.ignore` and `.git/info/exclude` are
//! respected, hidden files are scanned (`.env`, `.npmrc` and `.aws/` are
//! where credentials live) but `.git/` is not, binaries (a NUL byte in the
//! first 8 KiB) and files over the size limit are skipped and listed.

use crate::{Engine, FileScan, Hit};
use report::Finding;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files larger than this are skipped (and listed as skipped).
    pub max_file_size: u64,
    /// Also scan files that .gitignore and friends exclude.
    pub no_ignore: bool,
    /// Worker threads; 0 picks the number of cores.
    pub threads: usize,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            max_file_size: 10 * 1024 * 1024,
            no_ignore: false,
            threads: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SkipReason {
    Binary,
    TooLarge,
    Unreadable,
}

impl SkipReason {
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::Binary => "binary",
            SkipReason::TooLarge => "too large",
            SkipReason::Unreadable => "unreadable",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Skipped {
    pub path: String,
    pub reason: SkipReason,
    pub detail: String,
}

/// The result of scanning a tree.
#[derive(Debug, Default)]
pub struct TreeScan {
    /// Hits with the path they are in, sorted by path, line, column, rule.
    pub hits: Vec<(String, Hit)>,
    pub files: usize,
    pub bytes: u64,
    pub lines: usize,
    pub suppressed: usize,
    /// Files that were not valid UTF-8 (scanned as bytes, shown lossily).
    pub lossy: Vec<String>,
    pub skipped: Vec<Skipped>,
}

/// Path as shown in reports: forward slashes, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(r) = s.strip_prefix("./") {
        s = r;
    }
    s.to_string()
}

/// The verdict on a file's bytes before scanning: `Some` to skip it.
pub fn classify(bytes: &[u8]) -> Option<SkipReason> {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).map(|_| SkipReason::Binary)
}

#[derive(Default)]
struct Acc {
    hits: Vec<(String, Hit)>,
    files: usize,
    bytes: u64,
    lines: usize,
    suppressed: usize,
    lossy: Vec<String>,
    skipped: Vec<Skipped>,
}

impl Acc {
    fn merge(&mut self, o: Acc) {
        self.hits.extend(o.hits);
        self.files += o.files;
        self.bytes += o.bytes;
        self.lines += o.lines;
        self.suppressed += o.suppressed;
        self.lossy.extend(o.lossy);
        self.skipped.extend(o.skipped);
    }

    fn add(&mut self, path: String, size: u64, r: FileScan) {
        self.files += 1;
        self.bytes += size;
        self.lines += r.lines;
        self.suppressed += r.suppressed;
        if r.lossy {
            self.lossy.push(path.clone());
        }
        for h in r.hits {
            self.hits.push((path.clone(), h));
        }
    }
}

/// A per-thread accumulator that hands its results over when the walker
/// drops it.
struct Local<'a> {
    acc: Acc,
    shared: &'a Mutex<Acc>,
}

impl Drop for Local<'_> {
    fn drop(&mut self) {
        let acc = std::mem::take(&mut self.acc);
        if let Ok(mut s) = self.shared.lock() {
            s.merge(acc);
        }
    }
}

/// Scan one file (already known to be a regular file).
fn scan_file(
    engine: &Engine,
    path: &Path,
    size: Option<u64>,
    opts: &WalkOptions,
    acc: &mut Acc,
) -> u64 {
    let shown = display_path(path);
    let size = match size {
        Some(s) => s,
        None => match std::fs::metadata(path) {
            Ok(m) => m.len(),
            Err(e) => {
                acc.skipped.push(Skipped {
                    path: shown,
                    reason: SkipReason::Unreadable,
                    detail: e.to_string(),
                });
                return 0;
            }
        },
    };
    if size > opts.max_file_size {
        acc.skipped.push(Skipped {
            path: shown,
            reason: SkipReason::TooLarge,
            detail: format!(
                "{size} bytes; the limit is {} (--max-file-size)",
                opts.max_file_size
            ),
        });
        return 0;
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            acc.skipped.push(Skipped {
                path: shown,
                reason: SkipReason::Unreadable,
                detail: e.to_string(),
            });
            return 0;
        }
    };
    // The file may have grown since the metadata was read.
    if bytes.len() as u64 > opts.max_file_size {
        acc.skipped.push(Skipped {
            path: shown,
            reason: SkipReason::TooLarge,
            detail: format!(
                "{} bytes; the limit is {} (--max-file-size)",
                bytes.len(),
                opts.max_file_size
            ),
        });
        return 0;
    }
    if let Some(reason) = classify(&bytes) {
        acc.skipped.push(Skipped {
            path: shown,
            reason,
            detail: String::new(),
        });
        return 0;
    }
    let r = engine.scan_bytes(&shown, &bytes);
    acc.add(shown, bytes.len() as u64, r);
    bytes.len() as u64
}

/// Walk `roots` in parallel and scan every text file. `on_file` is called
/// after each file with its size in bytes (for a progress display).
pub fn scan_tree(
    engine: &Engine,
    roots: &[PathBuf],
    opts: &WalkOptions,
    on_file: &(dyn Fn(u64) + Sync),
) -> TreeScan {
    let shared = Mutex::new(Acc::default());
    let mut dirs = Vec::new();
    {
        let mut acc = Acc::default();
        for r in roots {
            match std::fs::symlink_metadata(r) {
                Ok(m) if m.is_file() => {
                    let n = scan_file(engine, r, Some(m.len()), opts, &mut acc);
                    on_file(n);
                }
                Ok(_) => dirs.push(r.clone()),
                Err(e) => acc.skipped.push(Skipped {
                    path: display_path(r),
                    reason: SkipReason::Unreadable,
                    detail: e.to_string(),
                }),
            }
        }
        shared
            .lock()
            .expect("no panics while holding the lock")
            .merge(acc);
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut b = ignore::WalkBuilder::new(first);
        for d in rest {
            b.add(d);
        }
        b.follow_links(false)
            .hidden(false)
            .parents(true)
            .ignore(!opts.no_ignore)
            .git_ignore(!opts.no_ignore)
            .git_global(!opts.no_ignore)
            .git_exclude(!opts.no_ignore)
            .require_git(false)
            .threads(opts.threads)
            .filter_entry(|e| {
                !(e.depth() > 0
                    && e.file_name() == ".git"
                    && e.file_type().is_some_and(|t| t.is_dir()))
            });
        b.build_parallel().run(|| {
            let mut local = Local {
                acc: Acc::default(),
                shared: &shared,
            };
            Box::new(move |entry| {
                match entry {
                    Ok(e) => {
                        if e.file_type().is_some_and(|t| t.is_file()) {
                            let size = e.metadata().ok().map(|m| m.len());
                            let n = scan_file(engine, e.path(), size, opts, &mut local.acc);
                            on_file(n);
                        }
                    }
                    Err(err) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => display_path(path),
                            _ => String::new(),
                        };
                        local.acc.skipped.push(Skipped {
                            path,
                            reason: SkipReason::Unreadable,
                            detail: err.to_string(),
                        });
                    }
                }
                ignore::WalkState::Continue
            })
        });
    }
    let acc = shared.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut t = TreeScan {
        hits: acc.hits,
        files: acc.files,
        bytes: acc.bytes,
        lines: acc.lines,
        suppressed: acc.suppressed,
        lossy: acc.lossy,
        skipped: acc.skipped,
    };
    t.hits.sort_by(|(pa, a), (pb, b)| {
        (pa, a.line, a.column, a.rule.id).cmp(&(pb, b.line, b.column, b.rule.id))
    });
    // The same file named twice (overlapping roots) is reported once.
    t.hits.dedup_by(|(pa, a), (pb, b)| {
        pa == pb && a.line == b.line && a.column == b.column && a.rule.id == b.rule.id
    });
    t.lossy.sort();
    t.lossy.dedup();
    t.skipped.sort();
    t.skipped.dedup();
    t
}

impl TreeScan {
    /// Drop hits whose fingerprint is in `known`; returns how many.
    pub fn apply_baseline(&mut self, known: &std::collections::BTreeSet<&str>) -> usize {
        let before = self.hits.len();
        self.hits
            .retain(|(p, h)| !known.contains(h.fingerprint(p).as_str()));
        before - self.hits.len()
    }

    /// Baseline entries for the current hits.
    pub fn baseline(&self) -> crate::baseline::Baseline {
        crate::baseline::Baseline::new(
            self.hits
                .iter()
                .map(|(p, h)| crate::baseline::Entry {
                    fingerprint: h.fingerprint(p),
                    rule: h.rule.id.to_string(),
                    path: p.clone(),
                    line: h.line,
                    redacted: h.secret.redacted(),
                })
                .collect(),
        )
    }

    /// The findings, in order; two hits of one rule on one line get the
    /// column in their id so ids stay unique.
    pub fn findings(&self) -> Vec<Finding> {
        let mut per_line: BTreeMap<(&str, u32, &str), usize> = BTreeMap::new();
        for (p, h) in &self.hits {
            *per_line.entry((p.as_str(), h.line, h.rule.id)).or_default() += 1;
        }
        self.hits
            .iter()
            .map(|(p, h)| {
                let dup = per_line[&(p.as_str(), h.line, h.rule.id)] > 1;
                h.to_finding(p, dup.then_some(h.column))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_respects_gitignore_skips_binaries_and_large_files() {
        let d = tempfile::tempdir().unwrap();
        let root = d.path();
        let gh = "ghp_R7kP2mQ9xL4vN8wB3cT6yH1jF5gD0sA2zE9u";
        fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        fs::create_dir_all(root.join("ignored")).unwrap();
        fs::create_dir_all(root.join(".git")).unwrap();
        fs::create_dir_all(root.join("src")).unwrap();
        fs::write(root.join("ignored/a.txt"), format!("t={gh}\n")).unwrap();
        fs::write(root.join(".git/config"), format!("t={gh}\n")).unwrap();
        fs::write(root.join(".env"), format!("GITHUB_TOKEN={gh}\n")).unwrap();
        fs::write(root.join("src/b.py"), format!("t = '{gh}'\n")).unwrap();
        let mut bin = b"\x7fELF\x00\x00".to_vec();
        bin.extend_from_slice(gh.as_bytes());
        fs::write(root.join("src/tool.bin"), bin).unwrap();
        fs::write(root.join("big.txt"), format!("{}\n", "a".repeat(5000))).unwrap();
        let engine = Engine::new(&crate::Config::default()).unwrap();
        let opts = WalkOptions {
            max_file_size: 4096,
            ..WalkOptions::default()
        };
        let t = scan_tree(&engine, &[root.to_path_buf()], &opts, &|_| {});
        let root_s = display_path(root);
        let paths: Vec<String> = t
            .hits
            .iter()
            .map(|(p, _)| p.strip_prefix(&root_s).unwrap().to_string())
            .collect();
        assert_eq!(paths, vec!["/.env", "/src/b.py"]);
        let skipped: Vec<(String, SkipReason)> = t
            .skipped
            .iter()
            .map(|s| (s.path.strip_prefix(&root_s).unwrap().to_string(), s.reason))
            .collect();
        assert_eq!(
            skipped,
            vec![
                ("/big.txt".into(), SkipReason::TooLarge),
                ("/src/tool.bin".into(), SkipReason::Binary)
            ]
        );
        // --no-ignore finds the ignored file too, never .git/.
        let opts = WalkOptions {
            no_ignore: true,
            max_file_size: 4096,
            threads: 1,
        };
        let t = scan_tree(&engine, &[root.to_path_buf()], &opts, &|_| {});
        assert_eq!(t.hits.len(), 3);
        // A missing root is reported, not fatal.
        let t = scan_tree(&engine, &[root.join("nope")], &opts, &|_| {});
        assert_eq!(t.skipped[0].reason, SkipReason::Unreadable);
    }
}
