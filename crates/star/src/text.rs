//! Word splitting shared by the checks.

/// Words as a listener hears them: whitespace-separated tokens that contain
/// at least one letter or digit (so "-" or "..." are not words).
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace()
        .filter(|t| t.chars().any(char::is_alphanumeric))
}

pub fn word_count(s: &str) -> usize {
    words(s).count()
}

/// A token lower-cased with surrounding punctuation removed; curly
/// apostrophes are folded to `'` so "I’m" and "I'm" compare equal.
pub fn normalise(token: &str) -> String {
    token
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
        .trim_matches(|c: char| c == '\'' || c == '\u{2019}')
        .replace('\u{2019}', "'")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_words_not_punctuation() {
        assert_eq!(word_count("I fixed it - twice ... in 2 days."), 7);
        assert_eq!(word_count("   "), 0);
    }

    #[test]
    fn normalises_tokens() {
        assert_eq!(normalise("\"We’re"), "we're");
        assert_eq!(normalise("(I)"), "i");
        assert_eq!(normalise("'our'"), "our");
    }
}
