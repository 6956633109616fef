//! Scanning a whole tree: [`walk::discover`] the files, read and
//! [`walk::classify`] each, [`scan_source`] the rest in parallel, and put
//! the results together in a stable order.
//!
//! This is the loop the CLI (`barraiser scan`) and the web app's Tools page
//! both run; it lives here so the two cannot drift apart. It does no
//! terminal I/O: a caller that wants a progress bar passes `on_file`.

use crate::lang::Family;
use crate::scan::scan_source;
use crate::walk::{self, Skip};
use rayon::prelude::*;
use report::Finding;
use std::path::{Path, PathBuf};

/// How a tree is scanned.
#[derive(Debug, Clone)]
pub struct TreeOptions {
    /// Languages to scan; empty means all.
    pub families: Vec<Family>,
    /// Files larger than this many bytes are skipped (and listed).
    pub max_file_size: u64,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Scan at most this many files (the first ones in path order); the
    /// rest are counted in [`TreeScan::not_scanned`]. `None` scans all.
    pub max_files: Option<usize>,
}

impl Default for TreeOptions {
    fn default() -> Self {
        TreeOptions {
            families: Vec::new(),
            max_file_size: 4_000_000,
            jobs: 0,
            max_files: None,
        }
    }
}

/// What a tree scan found and what it could not look at.
#[derive(Debug, Default)]
pub struct TreeScan {
    /// Sorted by path, line, column, then rule.
    pub findings: Vec<Finding>,
    /// Notes for the user (recovered syntax errors, decoding issues).
    pub notes: Vec<String>,
    /// Files scanned.
    pub files: usize,
    pub lines: usize,
    /// Findings silenced inline.
    pub suppressed: usize,
    /// Files not scanned, why, and a detail (the OS error, the size).
    pub skipped: Vec<(PathBuf, Skip, String)>,
    /// Source files found beyond [`TreeOptions::max_files`].
    pub not_scanned: usize,
}

/// What [`scan_tree`] reports as it goes, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// The walk is done: this many files will be read.
    Found(usize),
    /// One more file was read (scanned or skipped).
    Read,
}

/// A path as findings name it: forward slashes, no leading `./`.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Scan every source file under `roots`. Errors never stop the scan: an
/// unreadable file or a worker pool that cannot start is reported in
/// `skipped`; only a worker pool that cannot start is an `Err`. `progress`
/// hears [`Progress::Found`] once, then [`Progress::Read`] per file, from
/// the worker threads.
pub fn scan_tree(
    roots: &[PathBuf],
    opts: &TreeOptions,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<TreeScan, String> {
    let (mut files, skipped) = walk::discover(roots, &opts.families, opts.max_file_size);
    let mut not_scanned = 0;
    if let Some(max) = opts.max_files {
        if files.len() > max {
            not_scanned = files.len() - max;
            files.truncate(max);
        }
    }
    progress(Progress::Found(files.len()));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .stack_size(crate::STACK_SIZE)
        .build()
        .map_err(|e| format!("cannot start {} worker threads: {e}", opts.jobs))?;

    struct Out {
        r: crate::FileResult,
        skip: Option<(PathBuf, Skip, String)>,
    }
    thread_local! {
        static PARSER: std::cell::RefCell<tree_sitter::Parser> = std::cell::RefCell::new(tree_sitter::Parser::new());
    }
    let results: Vec<Out> = pool.install(|| {
        files
            .par_iter()
            .map(|c| {
                let out = match std::fs::read(&c.path) {
                    Err(e) => Out {
                        r: Default::default(),
                        skip: Some((c.path.clone(), Skip::Unreadable, e.to_string())),
                    },
                    Ok(bytes) => match walk::classify(&bytes) {
                        Some(skip) => Out {
                            r: Default::default(),
                            skip: Some((c.path.clone(), skip, String::new())),
                        },
                        None => Out {
                            r: PARSER.with(|p| {
                                scan_source(
                                    &mut p.borrow_mut(),
                                    &display_path(&c.path),
                                    c.lang,
                                    &bytes,
                                )
                            }),
                            skip: None,
                        },
                    },
                };
                progress(Progress::Read);
                out
            })
            .collect()
    });

    let mut t = TreeScan {
        skipped,
        not_scanned,
        ..Default::default()
    };
    for o in results {
        t.findings.extend(o.r.findings);
        t.notes.extend(o.r.notes);
        t.lines += o.r.lines;
        t.suppressed += o.r.suppressed;
        match o.skip {
            Some(s) => t.skipped.push(s),
            None => t.files += 1,
        }
    }
    t.findings.sort_by(|x, y| {
        let (sx, sy) = (x.location.span(), y.location.span());
        (
            sx.map(|s| (&s.path, s.start_line, s.start_column)),
            &x.rule_id,
        )
            .cmp(&(
                sy.map(|s| (&s.path, s.start_line, s.start_column)),
                &y.rule_id,
            ))
    });
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tree_is_scanned_sorted_with_skips_and_the_file_cap() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(
            d.join("b.py"),
            "from flask import request\nimport os\nos.system(request.args['c'])\n",
        )
        .unwrap();
        std::fs::write(
            d.join("a.py"),
            "from flask import request\nimport os\nos.system(request.args['c'])\n",
        )
        .unwrap();
        std::fs::write(d.join("c.py"), b"\x00\x01binary").unwrap();
        let seen = std::sync::atomic::AtomicUsize::new(0);
        let tick = |p: Progress| {
            if p == Progress::Read {
                seen.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
        };
        let t = scan_tree(&[d.to_path_buf()], &TreeOptions::default(), &tick).unwrap();
        assert_eq!(t.files, 2);
        assert_eq!(seen.load(std::sync::atomic::Ordering::Relaxed), 3);
        assert!(t.skipped.iter().any(|(_, s, _)| *s == Skip::Binary));
        let paths: Vec<&str> = t
            .findings
            .iter()
            .map(|f| f.location.span().unwrap().path.as_str())
            .collect();
        assert!(paths.len() >= 2, "{paths:?}");
        assert!(paths[0].ends_with("a.py") && paths.last().unwrap().ends_with("b.py"));

        let capped = scan_tree(
            &[d.to_path_buf()],
            &TreeOptions {
                max_files: Some(1),
                ..TreeOptions::default()
            },
            &|_| {},
        )
        .unwrap();
        assert_eq!((capped.files, capped.not_scanned), (1, 2));
        assert!(capped
            .findings
            .iter()
            .all(|f| f.location.span().unwrap().path.ends_with("a.py")));
    }

    #[test]
    fn every_rule_has_a_sarif_descriptor() {
        let metas = crate::rules::sarif_metas();
        assert_eq!(metas.len(), crate::rules::all().len());
        for (m, r) in metas.iter().zip(crate::rules::all()) {
            assert_eq!(
                (&m.id, &m.cwe, m.default_severity),
                (&r.id, &r.cwe, r.severity)
            );
            assert!(m.help_markdown.contains(&r.fix));
        }
    }

    #[test]
    fn display_path_drops_the_leading_dot() {
        assert_eq!(display_path(Path::new("./src/a.py")), "src/a.py");
        assert_eq!(display_path(Path::new("/abs/a.py")), "/abs/a.py");
    }
}
