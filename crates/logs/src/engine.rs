//! Reading inputs and running the plan over them in parallel chunks. See
//! the crate documentation for the design.

use crate::detect::Plan;
use crate::event::Format;
use crate::parse::{cloudfront, cloudtrail, detect_format, parse_line, Ctx};
use crate::tally::{LineRef, Tally};
use crate::{Analysis, FileReport};
use memchr::{memchr, memrchr};
use rayon::prelude::*;
use report::Diagnostic;
use std::io::{self, Read};
use std::path::Path;

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct Options {
    /// The format of every input; `None` detects it per file.
    pub format: Option<Format>,
    /// Year for syslog timestamps (which have none).
    pub year: i32,
    /// Lines longer than this are malformed and skipped in constant memory.
    pub max_line: usize,
    /// Target chunk size for parallel parsing; 0 picks it from the input:
    /// four chunks per worker (at least 8 MiB). Fewer, larger chunks mean
    /// fewer per-key merges (a busy site has tens of thousands of sources
    /// in every chunk), and four per worker still balance the load.
    pub chunk_size: usize,
    /// Largest multi-line CloudTrail JSON document read into memory from a
    /// stream (gzip or stdin); plain files are mapped, not read.
    pub max_document: usize,
    /// When set, the engine adds the bytes of log text it has finished
    /// parsing (decompressed bytes for gzip) to this counter as it goes.
    /// The engine does no terminal I/O: a caller that wants a progress bar
    /// reads the counter from another thread.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicU64>>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: None,
            year: 1970,
            max_line: 64 * 1024,
            chunk_size: 0,
            max_document: 1 << 30,
            progress: None,
        }
    }
}

const HEAD: usize = 64 * 1024;
const MIN_CHUNK: usize = 8 << 20;
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Collects inputs one by one, then [`Analyzer::finish`] gives the report.
pub struct Analyzer {
    plan: Plan,
    opts: Options,
    tally: Tally,
    files: Vec<FileReport>,
}

impl Analyzer {
    pub fn new(plan: Plan, mut opts: Options) -> Analyzer {
        opts.max_line = opts.max_line.max(16);
        Analyzer {
            plan,
            opts,
            tally: Tally::default(),
            files: Vec::new(),
        }
    }

    pub fn plan(&self) -> &Plan {
        &self.plan
    }

    /// A file by path (`-` is standard input). Problems are recorded in the
    /// file's [`FileReport`], never returned: one bad file must not lose the
    /// report of the others.
    pub fn add_path(&mut self, path: &Path) {
        let name = path.display().to_string();
        if name == "-" {
            let stdin = io::stdin();
            let mut lock = stdin.lock();
            self.add_reader(&name, &mut lock);
            return;
        }
        let mut rep = FileReport::named(&name);
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                rep.errors.push(
                    Diagnostic::new(&name, 1, 1, format!("cannot read: {e}"))
                        .with_help("check the path and the permissions"),
                );
                self.files.push(rep);
                return;
            }
        };
        let meta = file.metadata().ok();
        if meta.as_ref().is_some_and(|m| m.is_dir()) {
            rep.errors.push(
                Diagnostic::new(&name, 1, 1, "is a directory")
                    .with_help("pass log files (for a folder: `barraiser logs detect dir/*.log`)"),
            );
            self.files.push(rep);
            return;
        }
        if meta.as_ref().is_some_and(|m| m.is_file() && m.len() > 0) {
            // SAFETY: the mapping is read-only and lives until the end of
            // this call. A file truncated by another process while mapped
            // would fault; log files are appended to, not truncated, and the
            // peers (rg, grep) make the same trade for speed.
            if let Ok(map) = unsafe { memmap2::Mmap::map(&file) } {
                self.add_mapped(&name, &map, &|block: &[u8]| populate(&map, block));
                return;
            }
        }
        let mut file = file;
        self.add_reader(&name, &mut file);
    }

    /// Log text (or gzip data) already in memory.
    pub fn add_bytes(&mut self, name: &str, data: &[u8]) {
        self.add_mapped(name, data, &|_| {});
    }

    /// [`Analyzer::add_bytes`] where `data` is a memory map and `prefault`
    /// maps a block of it in before the parser reads it.
    fn add_mapped(&mut self, name: &str, data: &[u8], prefault: &Prefault<'_>) {
        let idx = self.files.len() as u32;
        let mut rep = FileReport::named(name);
        let t = if data.starts_with(&GZIP_MAGIC) {
            let mut m = Members::new(data);
            let t = self.stream(idx, &mut rep, &mut m);
            if !m.errors.is_empty() {
                // the cut line is the damage, not a file still being written
                rep.warnings
                    .retain(|w| !w.starts_with("the last line has no newline"));
            }
            for e in m.errors {
                rep.errors.push(Diagnostic::new(name, 1, 1, e).with_help(
                    "the report covers everything decoded; `gzip -t` confirms the damage, re-fetch the file",
                ));
            }
            t
        } else {
            rep.bytes = data.len() as u64;
            self.text(idx, &mut rep, data, prefault)
        };
        self.push(rep, t);
    }

    /// A stream: gzip (any number of members) or plain text.
    pub fn add_reader(&mut self, name: &str, r: &mut dyn Read) {
        let idx = self.files.len() as u32;
        let mut rep = FileReport::named(name);
        let mut head = Vec::new();
        if let Err(e) = read_up_to(r, &mut head, 2) {
            rep.errors
                .push(Diagnostic::new(name, 1, 1, format!("cannot read: {e}")));
            self.files.push(rep);
            return;
        }
        let mut chained = io::Cursor::new(head.clone()).chain(r);
        let t = if head.starts_with(&GZIP_MAGIC) {
            let mut gz = flate2::read::MultiGzDecoder::new(&mut chained);
            self.stream(idx, &mut rep, &mut gz)
        } else {
            self.stream(idx, &mut rep, &mut chained)
        };
        self.push(rep, t);
    }

    fn push(&mut self, mut rep: FileReport, t: Tally) {
        rep.lines = t.lines;
        rep.events = t.events;
        rep.malformed = t.malformed;
        let merged = std::mem::take(&mut self.tally).merge(t, &self.plan);
        self.tally = merged;
        self.files.push(rep);
    }

    /// Count `bytes` more as parsed, for a caller's progress display.
    fn advance(&self, bytes: usize) {
        if let Some(p) = &self.opts.progress {
            p.fetch_add(bytes as u64, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// The verdicts over everything added.
    pub fn finish(self) -> Analysis {
        self.tally.finish(&self.plan, self.files)
    }

    /// Pick the format (given or detected) and the parser context, or
    /// record why the file cannot be read as a log.
    fn decide(&self, rep: &mut FileReport, head: &[u8]) -> Option<(Format, Ctx)> {
        let binary = looks_binary(head);
        let format = match self.opts.format {
            Some(f) => {
                if let Some(at) = binary {
                    rep.warnings.push(format!(
                        "byte {at} is not text: this looks like a binary file; parsed as {} anyway, expect malformed lines",
                        f.as_str()
                    ));
                }
                f
            }
            None => match (binary, detect_format(head, self.opts.year)) {
                (Some(at), _) => {
                    let (line, col) = line_col(&head[..at]);
                    rep.errors.push(
                        Diagnostic::new(&rep.name, line, col, "this looks like a binary file, not a log (it has a NUL or other non-text byte here)")
                            .with_help("pass a text log (gzip is fine), or --log-format FORMAT to parse it anyway"),
                    );
                    return None;
                }
                (None, Some(f)) => f,
                (None, None) => {
                    rep.errors.push(
                        Diagnostic::new(
                            &rep.name,
                            1,
                            1,
                            "cannot tell the log format from the first lines",
                        )
                        .with_help(
                            "pass --log-format combined, alb, cloudfront, cloudtrail or ssh",
                        ),
                    );
                    return None;
                }
            },
        };
        rep.format = Some(format);
        let mut ctx = Ctx::new(self.opts.year);
        ctx.need_path = self.plan.needs_path();
        ctx.need_user_agent = self.plan.needs_user_agent();
        if format == Format::Cloudfront {
            if let Some(c) = head
                .split(|&b| b == b'\n')
                .take_while(|l| l.starts_with(b"#"))
                .find_map(|l| cloudfront::Columns::from_header(l.strip_suffix(b"\r").unwrap_or(l)))
            {
                ctx.cloudfront = c;
            }
        }
        Some((format, ctx))
    }

    /// Plain text in memory: chunks in parallel.
    fn text(&self, idx: u32, rep: &mut FileReport, data: &[u8], prefault: &Prefault<'_>) -> Tally {
        let head = &data[..data.len().min(HEAD)];
        let Some((format, ctx)) = self.decide(rep, head) else {
            return Tally::default();
        };
        if format == Format::Cloudtrail && is_json_document(data) {
            return self.document(idx, rep, data);
        }
        if !data.is_empty() && !data.ends_with(b"\n") {
            rep.warnings.push(
                "the last line has no newline (the file may still be being written); it was parsed as it is"
                    .into(),
            );
        }
        let size = match self.opts.chunk_size {
            0 => (data.len() / (rayon::current_num_threads().max(1) * 4)).max(MIN_CHUNK),
            n => n,
        };
        let chunks = split_chunks(data, size);
        let plan = &self.plan;
        let max_line = self.opts.max_line;
        chunks
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                let t = process_chunk(
                    plan,
                    format,
                    &ctx,
                    c,
                    LineRef::new(idx, i as u32, 0),
                    max_line,
                    prefault,
                );
                self.advance(c.len());
                t
            })
            .reduce(Tally::default, |a, b| a.merge(b, plan))
    }

    /// A stream: read the head to decide, then blocks in parallel batches.
    fn stream(&self, idx: u32, rep: &mut FileReport, r: &mut dyn Read) -> Tally {
        let mut head = Vec::new();
        let read_err = read_up_to(r, &mut head, HEAD).err();
        let Some((format, ctx)) = self.decide(rep, &head) else {
            if let Some(e) = read_err {
                rep.errors.push(read_error(&rep.name, &e));
            }
            return Tally::default();
        };
        if format == Format::Cloudtrail && is_json_document(&head) && read_err.is_none() {
            let mut all = head;
            let limit = self.opts.max_document as u64;
            let res = r.take(limit + 1).read_to_end(&mut all);
            rep.bytes = all.len() as u64;
            if let Err(e) = res {
                rep.errors.push(read_error(&rep.name, &e));
            }
            if all.len() as u64 > limit {
                rep.errors.push(
                    Diagnostic::new(&rep.name, 1, 1, format!("the JSON document is larger than {limit} bytes"))
                        .with_help("split it into JSON Lines (`jq -c '.Records[]'`), which stream in constant memory"),
                );
                return Tally::default();
            }
            return self.document(idx, rep, &all);
        }
        let mut blocks = Blocks {
            r: io::Cursor::new(head).chain(r),
            carry: Vec::new(),
            // a block must hold the longest allowed line and its newline
            size: match self.opts.chunk_size {
                0 => MIN_CHUNK,
                n => n,
            }
            .max(self.opts.max_line + 2),
            max_line: self.opts.max_line,
            eof: false,
            error: read_err,
            bytes: 0,
            last: None,
        };
        if blocks.error.is_some() {
            blocks.eof = true;
        }
        let plan = &self.plan;
        let batch = rayon::current_num_threads().max(1) * 2;
        let mut acc = Tally::default();
        let mut chunk = 0u32;
        loop {
            let mut bufs = Vec::with_capacity(batch);
            while bufs.len() < batch {
                match blocks.next_block() {
                    Some(b) => bufs.push(b),
                    None => break,
                }
            }
            if bufs.is_empty() {
                break;
            }
            let base = chunk;
            chunk += bufs.len() as u32;
            let t = bufs
                .par_iter()
                .enumerate()
                .map(|(i, c)| {
                    process_chunk(
                        plan,
                        format,
                        &ctx,
                        c,
                        LineRef::new(idx, base + i as u32, 0),
                        self.opts.max_line,
                        &|_| {},
                    )
                })
                .reduce(Tally::default, |a, b| a.merge(b, plan));
            self.advance(bufs.iter().map(|b| b.len()).sum());
            acc = acc.merge(t, plan);
        }
        rep.bytes = blocks.bytes;
        if let Some(e) = blocks.error {
            let mut d = read_error(&rep.name, &e);
            d.line = (acc.lines + 1).min(u32::MAX as u64) as u32;
            rep.errors.push(d);
        } else if blocks.last.is_some_and(|b| b != b'\n') {
            rep.warnings.push(
                "the last line has no newline (the file may still be being written); it was parsed as it is"
                    .into(),
            );
        }
        acc
    }

    /// A multi-line CloudTrail JSON document (`{"Records": [...]}`, pretty
    /// printed), possibly several in a row. Records inherit the line of
    /// their document. Invalid JSON stops the file with an error at its
    /// line and column; the records before it stay in the report.
    fn document(&self, idx: u32, rep: &mut FileReport, data: &[u8]) -> Tally {
        let mut t = Tally::default();
        let mut stream =
            serde_json::Deserializer::from_slice(data).into_iter::<cloudtrail::RecordsFile<'_>>();
        let mut counted = 0usize;
        let mut line = 1u64;
        loop {
            let off = stream.byte_offset();
            let start = off
                + data[off..]
                    .iter()
                    .take_while(|c| c.is_ascii_whitespace())
                    .count();
            line += memchr::memchr_iter(b'\n', &data[counted..start]).count() as u64;
            counted = start;
            let at = LineRef::new(idx, 0, line.min(u32::MAX as u64) as u32);
            match stream.next() {
                None => break,
                Some(Ok(doc)) => {
                    for r in &doc.records {
                        if let Err(m) =
                            cloudtrail::emit_record(r, &mut |e| t.feed(&self.plan, e, at))
                        {
                            t.malformed(at, m.0, b"(a record of the document at this line)");
                        }
                    }
                }
                Some(Err(e)) => {
                    let msg = e.to_string();
                    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
                    rep.errors.push(
                        Diagnostic::new(&rep.name, e.line() as u32, e.column() as u32, format!("invalid JSON: {msg}"))
                            .with_help("the records before this point are in the report; re-fetch the file or fix the JSON there"),
                    );
                    t.malformed += 1;
                    break;
                }
            }
        }
        let total = memchr::memchr_iter(b'\n', data).count() as u64
            + u64::from(!data.is_empty() && !data.ends_with(b"\n"));
        t.lines = total;
        t.chunk_lines.push(((idx, 0), 0));
        t.seal(&self.plan);
        t
    }
}

/// Parse one chunk of whole lines.
fn process_chunk(
    plan: &Plan,
    format: Format,
    ctx: &Ctx,
    data: &[u8],
    base: LineRef,
    max_line: usize,
    prefault: &Prefault<'_>,
) -> Tally {
    let mut t = Tally::default();
    let mut ctx = ctx.clone();
    let mut pos = 0;
    let mut n: u32 = 0;
    let fast = format == Format::Combined && !ctx.need_user_agent;
    let mut ready = 0;
    while pos < data.len() {
        if pos >= ready {
            ready = (pos + PREFAULT_BLOCK).min(data.len());
            prefault(&data[pos..ready]);
        }
        if fast {
            if let Some((e, end)) = crate::parse::combined::parse_fast(data, pos, &mut ctx) {
                if end - pos <= max_line {
                    n += 1;
                    t.feed(plan, &e, LineRef::new(base.file, base.chunk, n));
                    pos = end + 1;
                    continue;
                }
            }
        }
        let end = memchr(b'\n', &data[pos..]).map_or(data.len(), |i| pos + i);
        let mut line = &data[pos..end];
        pos = end + 1;
        n += 1;
        let at = LineRef::new(base.file, base.chunk, n);
        if line.len() > max_line {
            t.malformed(at, "line longer than the limit (--max-line)", line);
            continue;
        }
        if let Some(l) = line.strip_suffix(b"\r") {
            line = l;
        }
        if line.is_empty() || (line[0].is_ascii_whitespace() && line.trim_ascii().is_empty()) {
            t.blank += 1;
            continue;
        }
        match parse_line(format, line, &mut ctx, &mut |e| t.feed(plan, e, at)) {
            Ok(0) => {}
            Ok(bad) => {
                t.malformed(at, "records without eventTime or sourceIPAddress", line);
                t.malformed += bad as u64 - 1;
            }
            Err(m) => t.malformed(at, m.0, line),
        }
    }
    t.lines = n as u64;
    t.chunk_lines.push(((base.file, base.chunk), t.lines));
    t.seal(plan);
    t
}

/// Maps a block of a memory-mapped file in before it is parsed.
type Prefault<'a> = dyn Fn(&[u8]) + Sync + 'a;

/// How far ahead of the parser each worker maps its chunk in: big enough
/// that the system call is rare, small enough that a 50 GB file never has
/// more than a few MB per core mapped in ahead of use.
const PREFAULT_BLOCK: usize = 4 << 20;

/// Map `block` (a slice of `map`) in with `MADV_POPULATE_READ`.
///
/// Why: left to page faults, the kernel maps a page-cached file 16 pages
/// per fault, and on the 2 GB benchmark log those 33,000 faults cost more
/// system time than the parse costs user time (`top`: 0.17 s system of
/// 0.72 s CPU). One populate call per 4 MB block did the same work in
/// 0.05 s and cut `top` from 0.42 to 0.28 s wall. Each worker populates its
/// own chunk, so it runs in parallel. Kernels before 5.14 refuse the advice
/// and the pages fault in as before.
fn populate(map: &memmap2::Mmap, block: &[u8]) {
    #[cfg(target_os = "linux")]
    {
        let offset = block.as_ptr() as usize - map.as_ptr() as usize;
        let len = block.len().min(map.len().saturating_sub(offset));
        let _ = map.advise_range(memmap2::Advice::PopulateRead, offset, len);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (map, block);
}

/// Cut `data` into pieces of about `size` bytes that end at newlines.
pub fn split_chunks(data: &[u8], size: usize) -> Vec<&[u8]> {
    let mut v = Vec::new();
    let mut start = 0;
    let size = size.max(1);
    while start < data.len() {
        let target = start + size;
        if target >= data.len() {
            v.push(&data[start..]);
            break;
        }
        let end = memchr(b'\n', &data[target..]).map_or(data.len(), |i| target + i + 1);
        v.push(&data[start..end]);
        start = end;
    }
    v
}

/// Where the first byte that no text log has is: NUL, or a control byte
/// other than tab, CR, LF, ESC and form feed.
fn looks_binary(head: &[u8]) -> Option<usize> {
    head.iter()
        .position(|&b| b == 0 || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x1b | 0x0c)))
}

fn line_col(prefix: &[u8]) -> (u32, u32) {
    let line = memchr::memchr_iter(b'\n', prefix).count() + 1;
    let col = prefix.len() - memrchr(b'\n', prefix).map_or(0, |p| p + 1) + 1;
    (line as u32, col as u32)
}

/// A multi-line JSON document: starts with `{` and its first line is not a
/// whole object (JSON Lines and one-line Records files are).
fn is_json_document(data: &[u8]) -> bool {
    let start = data
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(data.len());
    let rest = &data[start..];
    if rest.first() != Some(&b'{') {
        return false;
    }
    let first = &rest[..memchr(b'\n', rest).unwrap_or(rest.len())];
    !first.trim_ascii_end().ends_with(b"}")
}

fn read_error(name: &str, e: &io::Error) -> Diagnostic {
    Diagnostic::new(
        name,
        1,
        1,
        format!("read failed: {e}; the report covers the lines before it"),
    )
    .with_help("for gzip, `gzip -t FILE` shows the damage; re-fetch the file")
}

/// Fill `buf` up to `n` bytes (fewer at end of input).
fn read_up_to(r: &mut dyn Read, buf: &mut Vec<u8>, n: usize) -> io::Result<()> {
    let start = buf.len();
    buf.resize(start + n, 0);
    let mut got = 0;
    while got < n {
        match r.read(&mut buf[start + got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(start + got);
                return Err(e);
            }
        }
    }
    buf.truncate(start + got);
    Ok(())
}

/// Blocks of whole lines from a stream; a line longer than the block is cut
/// to `max_line + 1` bytes (so the parser counts it as malformed) and the
/// rest of it is skipped without being stored.
struct Blocks<R> {
    r: R,
    carry: Vec<u8>,
    size: usize,
    max_line: usize,
    eof: bool,
    error: Option<io::Error>,
    bytes: u64,
    last: Option<u8>,
}

impl<R: Read> Blocks<R> {
    fn fill(&mut self, buf: &mut Vec<u8>, want: usize) -> usize {
        let old = buf.len();
        buf.resize(old + want, 0);
        loop {
            match self.r.read(&mut buf[old..]) {
                Ok(0) => {
                    self.eof = true;
                    buf.truncate(old);
                    return 0;
                }
                Ok(n) => {
                    buf.truncate(old + n);
                    self.bytes += n as u64;
                    self.last = Some(buf[old + n - 1]);
                    return n;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    self.eof = true;
                    buf.truncate(old);
                    return 0;
                }
            }
        }
    }

    fn next_block(&mut self) -> Option<Vec<u8>> {
        let mut buf = std::mem::take(&mut self.carry);
        while !self.eof && buf.len() < self.size {
            let want = self.size - buf.len();
            self.fill(&mut buf, want);
        }
        if buf.is_empty() {
            return None;
        }
        if self.eof {
            return Some(buf);
        }
        match memrchr(b'\n', &buf) {
            Some(i) => {
                self.carry = buf[i + 1..].to_vec();
                buf.truncate(i + 1);
            }
            None => {
                // One line longer than the block: keep its start, drop the
                // rest up to the next newline.
                buf.truncate(self.max_line + 1);
                let mut scratch = Vec::with_capacity(HEAD);
                while !self.eof {
                    scratch.clear();
                    if self.fill(&mut scratch, HEAD) == 0 {
                        break;
                    }
                    if let Some(i) = memchr(b'\n', &scratch) {
                        self.carry = scratch[i + 1..].to_vec();
                        break;
                    }
                }
                buf.push(b'\n');
            }
        }
        Some(buf)
    }
}

/// Gzip members from memory, one after the other; after a corrupt member,
/// decoding resumes at the next member header instead of giving up.
struct Members<'a> {
    data: &'a [u8],
    pos: usize,
    member: usize,
    dec: Option<flate2::bufread::GzDecoder<&'a [u8]>>,
    errors: Vec<String>,
    out: u64,
}

impl<'a> Members<'a> {
    fn new(data: &'a [u8]) -> Members<'a> {
        Members {
            data,
            pos: 0,
            member: 0,
            dec: None,
            errors: Vec::new(),
            out: 0,
        }
    }

    fn next_header(&self, from: usize) -> Option<usize> {
        let from = from.min(self.data.len());
        memchr::memmem::find(&self.data[from..], &[0x1f, 0x8b, 0x08]).map(|i| from + i)
    }
}

impl Read for Members<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.dec.is_none() {
                if self.pos >= self.data.len() {
                    return Ok(0);
                }
                if !self.data[self.pos..].starts_with(&GZIP_MAGIC) {
                    let tail = &self.data[self.pos..];
                    match self.next_header(self.pos) {
                        Some(p) => {
                            self.errors.push(format!(
                                "{} bytes at byte offset {} are not gzip; skipped to the next member",
                                p - self.pos,
                                self.pos
                            ));
                            self.pos = p;
                        }
                        None => {
                            if tail.iter().any(|&b| b != 0) {
                                self.errors.push(format!(
                                    "{} trailing bytes at byte offset {} are not gzip; ignored",
                                    tail.len(),
                                    self.pos
                                ));
                            }
                            self.pos = self.data.len();
                            return Ok(0);
                        }
                    }
                }
                self.member = self.pos;
                self.dec = Some(flate2::bufread::GzDecoder::new(&self.data[self.pos..]));
            }
            let dec = self.dec.as_mut().expect("set above");
            match dec.read(out) {
                Ok(0) => {
                    let rest = self.dec.take().expect("set above").into_inner();
                    let pos = self.data.len() - rest.len();
                    self.pos = pos.max(self.member + 1);
                }
                Ok(n) => {
                    self.out += n as u64;
                    return Ok(n);
                }
                Err(e) => {
                    self.dec = None;
                    let next = self.next_header(self.member + 1);
                    self.errors.push(format!(
                        "the gzip member at byte offset {} is corrupt or truncated ({e}) after {} decompressed bytes; {}",
                        self.member,
                        self.out,
                        if next.is_some() { "decoding resumed at the next member" } else { "nothing after it could be decoded" }
                    ));
                    match next {
                        Some(p) => self.pos = p,
                        None => {
                            self.pos = self.data.len();
                            return Ok(0);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_end_at_newlines_and_cover_everything() {
        let data = b"aa\nbbbb\nc\n\ndd";
        for size in 1..20 {
            let c = split_chunks(data, size);
            assert_eq!(c.concat(), data.to_vec());
            for piece in &c[..c.len() - 1] {
                assert!(piece.ends_with(b"\n"));
            }
        }
    }

    #[test]
    fn blocks_cut_a_giant_line_without_storing_it() {
        let mut data = b"ok\n".to_vec();
        data.extend(std::iter::repeat_n(b'x', 100_000));
        data.extend(b"\nafter\n");
        let mut b = Blocks {
            r: &data[..],
            carry: Vec::new(),
            size: 1000,
            max_line: 100,
            eof: false,
            error: None,
            bytes: 0,
            last: None,
        };
        let mut all = Vec::new();
        while let Some(x) = b.next_block() {
            assert!(x.len() <= 1000 + 1);
            all.extend(x);
        }
        let lines: Vec<&[u8]> = all.split(|&c| c == b'\n').collect();
        assert_eq!(lines[0], b"ok");
        assert_eq!(lines[1].len(), 101);
        assert_eq!(lines[2], b"after");
    }

    #[test]
    fn binary_and_documents() {
        assert_eq!(looks_binary(b"abc\n\x00"), Some(4));
        assert_eq!(looks_binary(b"abc\tdef\r\n"), None);
        assert!(is_json_document(b"{\n  \"Records\": ["));
        assert!(!is_json_document(b"{\"Records\":[]}\n"));
        assert!(!is_json_document(b"1.2.3.4 - -"));
        assert_eq!(line_col(b"ab\ncd"), (2, 3));
    }
}
