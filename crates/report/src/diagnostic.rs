use serde::Serialize;
use std::fmt;

/// An input error a person must fix: the file, 1-based line and column,
/// what is wrong, and what to do about it.
///
/// Every engine reports bad input this way and the CLI turns any of them
/// into exit code 2. `Display` renders the form editors and terminals make
/// clickable: `path:line:col: error: message`, then `  help: ...`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(
        path: impl Into<String>,
        line: u32,
        column: u32,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            path: path.into(),
            line,
            column,
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Check that `bytes` is text: no NUL byte (a binary file) and valid
    /// UTF-8. On failure the diagnostic points at the first bad byte.
    pub fn check_text<'a>(path: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
        if let Some(pos) = memchr_nul(bytes) {
            let (line, column) = line_col(&bytes[..pos]);
            return Err(Diagnostic::new(
                path,
                line,
                column,
                "this looks like a binary file (it contains a NUL byte)",
            )
            .with_help("pass a UTF-8 text file"));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s),
            Err(e) => {
                let (line, column) = line_col(&bytes[..e.valid_up_to()]);
                Err(
                    Diagnostic::new(path, line, column, "the file is not valid UTF-8")
                        .with_help("re-save the file as UTF-8 (for example `iconv -t UTF-8`)"),
                )
            }
        }
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

/// 1-based line and column of the position just after `prefix`; the column
/// counts characters, not bytes.
fn line_col(prefix: &[u8]) -> (u32, u32) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let last = prefix
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let col = String::from_utf8_lossy(&prefix[last..]).chars().count() + 1;
    (line as u32, col as u32)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: error: {}",
            self.path, self.line, self.column, self.message
        )?;
        if let Some(h) = &self.help {
            write!(f, "\n  help: {h}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_non_utf8_point_at_the_byte() {
        let e = Diagnostic::check_text("m.yaml", b"a: 1\nb: \x00").unwrap_err();
        assert_eq!((e.line, e.column), (2, 4));
        let e = Diagnostic::check_text("m.yaml", b"name: caf\xc3\xa9 \xff").unwrap_err();
        assert_eq!((e.line, e.column), (1, 12));
        assert!(e
            .to_string()
            .starts_with("m.yaml:1:12: error: the file is not valid UTF-8"));
        assert_eq!(Diagnostic::check_text("m", b"ok").unwrap(), "ok");
    }
}
