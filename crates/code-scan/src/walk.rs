//! Finding the files to scan: `.gitignore`-aware walking (the `ignore`
//! crate, as ripgrep does), and skipping what is not the project's own
//! source: binaries, vendored dependencies, generated and minified code,
//! files over the size limit.

use crate::lang::{Family, Lang};
use std::path::{Path, PathBuf};

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Skip {
    Binary,
    Vendored,
    Generated,
    TooLarge,
    Unreadable,
}

impl Skip {
    pub fn label(self) -> &'static str {
        match self {
            Skip::Binary => "binary",
            Skip::Vendored => "vendored",
            Skip::Generated => "generated or minified",
            Skip::TooLarge => "too large",
            Skip::Unreadable => "unreadable",
        }
    }
}

/// Directory names holding other people's code.
const VENDORED: &[&str] = &[
    "node_modules",
    "vendor",
    "third_party",
    "third-party",
    "bower_components",
    "site-packages",
    ".venv",
    "venv",
    "__pycache__",
    "jspm_packages",
    ".yarn",
    "Pods",
];

/// A file the walker found.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub lang: Lang,
}

/// Walk `roots`, returning source files of the wanted families and, for
/// everything skipped up front, the reason. Errors (permission denied,
/// symlink loops) are reported as unreadable entries, never as a failure.
pub fn discover(
    roots: &[PathBuf],
    families: &[Family],
    max_size: u64,
) -> (Vec<Candidate>, Vec<(PathBuf, Skip, String)>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    for root in roots {
        let mut builder = ignore::WalkBuilder::new(root);
        builder
            .follow_links(false)
            .hidden(true)
            .git_ignore(true)
            .git_exclude(true)
            .require_git(false)
            .filter_entry(|e| {
                !(e.file_type().is_some_and(|t| t.is_dir())
                    && e.depth() > 0
                    && VENDORED.contains(&e.file_name().to_string_lossy().as_ref()))
            });
        for entry in builder.build() {
            let entry = match entry {
                Ok(e) => e,
                Err(err) => {
                    let p = match &err {
                        ignore::Error::WithPath { path, .. } => path.clone(),
                        _ => root.clone(),
                    };
                    skipped.push((p, Skip::Unreadable, err.to_string()));
                    continue;
                }
            };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.path();
            let Some(lang) = Lang::from_path(path) else {
                continue;
            };
            if !families.is_empty() && !families.contains(&lang.family()) {
                continue;
            }
            if path
                .components()
                .any(|c| VENDORED.contains(&c.as_os_str().to_string_lossy().as_ref()))
                && entry.depth() > 0
            {
                skipped.push((path.to_path_buf(), Skip::Vendored, String::new()));
                continue;
            }
            if generated_name(path) {
                skipped.push((path.to_path_buf(), Skip::Generated, String::new()));
                continue;
            }
            match entry.metadata() {
                Ok(m) if m.len() > max_size => {
                    skipped.push((
                        path.to_path_buf(),
                        Skip::TooLarge,
                        format!("{} bytes", m.len()),
                    ));
                    continue;
                }
                Ok(_) => {}
                Err(e) => {
                    skipped.push((path.to_path_buf(), Skip::Unreadable, e.to_string()));
                    continue;
                }
            }
            files.push(Candidate {
                path: path.to_path_buf(),
                lang,
            });
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files.dedup_by(|a, b| a.path == b.path);
    (files, skipped)
}

fn generated_name(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".min.js")
        || name.ends_with("-min.js")
        || name.ends_with(".bundle.js")
        || name.ends_with(".chunk.js")
        || name.ends_with("_pb2.py")
        || name.ends_with(".d.ts")
}

/// Inspect the bytes of a file: binary (a NUL byte in the first 8 KiB),
/// generated (a marker in the first lines) or minified (very long
/// average lines). `None` means scan it.
pub fn classify(bytes: &[u8]) -> Option<Skip> {
    let head = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, head).is_some() {
        return Some(Skip::Binary);
    }
    let first = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(first);
    if [
        "@generated",
        "DO NOT EDIT",
        "Code generated by",
        "Autogenerated by",
        "auto-generated",
    ]
    .iter()
    .any(|m| text.contains(m))
    {
        return Some(Skip::Generated);
    }
    let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
    if bytes.len() > 20_000 && bytes.len() / lines > 400 {
        return Some(Skip::Generated);
    }
    None
}
