//! The unified line diff shown for the first failing test, and the output
//! normalisation the comparison uses.

/// Output as compared: each line's trailing whitespace removed (`\r`
/// included), trailing empty lines removed, one final newline if any text.
pub fn normalise(s: &str) -> String {
    let mut lines: Vec<&str> = s.split('\n').map(str::trim_end).collect();
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    let mut out = lines.join("\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// A unified diff of `expected` against `got` (both normalised), with
/// three lines of context; empty when they are equal.
pub fn unified(expected: &str, got: &str) -> String {
    if expected == got {
        return String::new();
    }
    similar::TextDiff::from_lines(expected, got)
        .unified_diff()
        .context_radius(3)
        .header("expected", "got")
        .missing_newline_hint(false)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_trailing_space_and_newlines() {
        assert_eq!(normalise("a  \r\nb\n\n\n"), "a\nb\n");
        assert_eq!(normalise("a"), "a\n");
        assert_eq!(normalise("\n\n"), "");
        assert_eq!(normalise(" a"), " a\n");
    }

    #[test]
    fn diff_marks_changed_lines() {
        let d = unified("a\nb\nc\n", "a\nx\nc\n");
        assert!(d.contains("--- expected") && d.contains("+++ got"), "{d}");
        assert!(d.contains("-b\n") && d.contains("+x\n"), "{d}");
        assert!(unified("a\n", "a\n").is_empty());
    }
}
