//! Errors from reading an offer.

/// Why an offer could not be read. Every variant names the place in the
/// TOML text (1-based line and column) when one is known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OfferError {
    /// The text is not valid TOML, or a field has the wrong type.
    #[error("{line}:{column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    /// The TOML parses but a value makes no sense (a negative salary, a
    /// schedule that does not add up to 100%).
    #[error("{line}:{column}: `{field}`: {message}")]
    Invalid {
        field: &'static str,
        line: usize,
        column: usize,
        message: String,
    },
}

/// 1-based line and column of byte offset `at` in `text`.
pub(crate) fn line_col(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = &text[..floor_boundary(text, at)];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::line_col;

    #[test]
    fn line_and_column_are_one_based() {
        let t = "a = 1\nbb = 2\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 6), (2, 1));
        assert_eq!(line_col(t, 8), (2, 3));
        assert_eq!(line_col(t, 999), (3, 1));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let t = "n = \"é\" x";
        // `x` is at byte 9 but character 8.
        assert_eq!(line_col(t, 9), (1, 9));
    }
}
