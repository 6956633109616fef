//! File I/O for the CLI: bounded reads and atomic writes.

use crate::Fail;
use std::io::Write;
use std::path::Path;

/// Read a whole input file, refusing anything over `max` bytes before
/// reading it, with errors that name the file and say what to do.
pub fn read_input(path: &Path, max: usize) -> Result<Vec<u8>, Fail> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| Fail(format!("{shown}: cannot read: {e}")))?;
    if meta.is_dir() {
        return Err(Fail(format!("{shown}: is a directory; pass a file")));
    }
    if meta.len() > max as u64 {
        return Err(Fail(format!(
            "{shown}:1:1: error: the file is {} bytes; the limit is {max} bytes\n  help: split the model into smaller ones",
            meta.len()
        )));
    }
    std::fs::read(path).map_err(|e| Fail(format!("{shown}: cannot read: {e}")))
}

/// Write `text` to `path` atomically: a temporary file in the same
/// directory, flushed and synced, then renamed over the target. A crash or
/// a full disk leaves the old file intact, never half a report.
pub fn write_atomic(path: &Path, text: &str) -> Result<(), Fail> {
    let shown = path.display();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| Fail(format!("{shown}: not a file name")))?
        .to_string_lossy()
        .to_string();
    let tmp = dir.join(format!(".{name}.barraiser-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Fail(format!("{shown}: cannot write: {e}")));
    }
    Ok(())
}

/// Send a report to `-o FILE` or standard output.
pub fn emit(output: Option<&Path>, text: &str) -> Result<(), Fail> {
    match output {
        Some(p) => write_atomic(p, text),
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Fail(format!("cannot write to standard output: {e}"))),
            }
        }
    }
}
