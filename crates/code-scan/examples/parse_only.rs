//! Parse-only baseline for the code-scan benchmark.
//!
//! ```sh
//! cargo run --release -p code-scan --example parse_only -- DIR [DIR...]
//! ```
//!
//! Walks every DIR with the `ignore` crate (so `.gitignore`, `.ignore` and
//! hidden-file rules apply as they do for `barraiser scan`), reads every
//! Java, Python, JavaScript and TypeScript file and parses it with
//! tree-sitter on all cores (rayon, one `Parser` per worker thread). Nothing
//! else is done with the tree: this is the floor that a tree-sitter based
//! scanner cannot go under, so `bench/code-scan/run.sh` reports barraiser's
//! lines per second as a percentage of this figure.
//!
//! Prints one line of JSON on stdout:
//! `{"files":N,"lines":N,"bytes":N,"seconds":F,"lines_per_second":F,"files_with_errors":N}`
//! where `files_with_errors` counts trees that contain an ERROR or MISSING
//! node (a check that the generated corpus is valid code). Set
//! `PARSE_ONLY_LIST_ERRORS=1` to print the path of each such file on stderr.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use ignore::WalkBuilder;
use rayon::prelude::*;
use tree_sitter::{Language, Parser};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lang {
    Java,
    Python,
    JavaScript,
    TypeScript,
    Tsx,
}

impl Lang {
    fn from_path(path: &std::path::Path) -> Option<Lang> {
        match path.extension()?.to_str()? {
            "java" => Some(Lang::Java),
            "py" => Some(Lang::Python),
            "js" | "mjs" | "cjs" | "jsx" => Some(Lang::JavaScript),
            "ts" | "mts" | "cts" => Some(Lang::TypeScript),
            "tsx" => Some(Lang::Tsx),
            _ => None,
        }
    }

    fn grammar(self) -> Language {
        match self {
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
            Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
        }
    }
}

/// One parser per rayon worker; the grammar is only switched when the next
/// file is in another language.
struct Worker {
    parser: Parser,
    current: Option<Lang>,
}

impl Worker {
    fn new() -> Worker {
        Worker {
            parser: Parser::new(),
            current: None,
        }
    }

    fn parse(&mut self, lang: Lang, source: &[u8]) -> Option<bool> {
        if self.current != Some(lang) {
            self.parser.set_language(&lang.grammar()).ok()?;
            self.current = Some(lang);
        }
        let tree = self.parser.parse(source, None)?;
        Some(tree.root_node().has_error())
    }
}

#[derive(Default, Clone, Copy)]
struct Totals {
    files: u64,
    lines: u64,
    bytes: u64,
    with_errors: u64,
}

impl Totals {
    fn add(self, other: Totals) -> Totals {
        Totals {
            files: self.files + other.files,
            lines: self.lines + other.lines,
            bytes: self.bytes + other.bytes,
            with_errors: self.with_errors + other.with_errors,
        }
    }
}

fn count_lines(source: &[u8]) -> u64 {
    let newlines = memchr::memchr_iter(b'\n', source).count() as u64;
    match source.last() {
        Some(b'\n') | None => newlines,
        Some(_) => newlines + 1,
    }
}

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: parse_only DIR [DIR...]");
        return ExitCode::from(2);
    }

    let start = Instant::now();

    let mut walk = WalkBuilder::new(&roots[0]);
    for root in &roots[1..] {
        walk.add(root);
    }
    let mut files = Vec::new();
    for entry in walk.build() {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) {
                    if let Some(lang) = Lang::from_path(entry.path()) {
                        files.push((entry.into_path(), lang));
                    }
                }
            }
            Err(err) => eprintln!("parse_only: {err}"),
        }
    }

    let list_errors = std::env::var_os("PARSE_ONLY_LIST_ERRORS").is_some();
    let totals = files
        .par_iter()
        .map_init(Worker::new, |worker, (path, lang)| {
            let source = match std::fs::read(path) {
                Ok(source) => source,
                Err(err) => {
                    eprintln!("parse_only: {}: {err}", path.display());
                    return Totals::default();
                }
            };
            let Some(has_error) = worker.parse(*lang, &source) else {
                eprintln!("parse_only: {}: parser gave no tree", path.display());
                return Totals::default();
            };
            if has_error && list_errors {
                eprintln!("parse_only: syntax error in {}", path.display());
            }
            Totals {
                files: 1,
                lines: count_lines(&source),
                bytes: source.len() as u64,
                with_errors: u64::from(has_error),
            }
        })
        .reduce(Totals::default, Totals::add);

    let seconds = start.elapsed().as_secs_f64();
    let lines_per_second = if seconds > 0.0 {
        totals.lines as f64 / seconds
    } else {
        0.0
    };
    println!(
        "{{\"files\":{},\"lines\":{},\"bytes\":{},\"seconds\":{:.3},\"lines_per_second\":{:.0},\"files_with_errors\":{}}}",
        totals.files, totals.lines, totals.bytes, seconds, lines_per_second, totals.with_errors
    );
    ExitCode::SUCCESS
}
