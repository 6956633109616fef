//! Redaction of secret values in excerpts: string literals on a line that
//! holds a hard-coded secret are replaced by their first two characters
//! and a mask, so reports never repeat the credential.

/// Mask every quoted literal of length 4 or more on `line`.
pub fn redact_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' || c == '`' {
            if let Some(end) = chars[i + 1..].iter().position(|&x| x == c) {
                let inner: String = chars[i + 1..i + 1 + end].iter().collect();
                out.push(c);
                if inner.chars().count() >= 4 {
                    out.extend(inner.chars().take(2));
                    out.push_str("****");
                } else {
                    out.push_str(&inner);
                }
                out.push(c);
                i += end + 2;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn masks_literals() {
        assert_eq!(super::redact_line(r#"pw = "hunter22""#), r#"pw = "hu****""#);
        assert_eq!(super::redact_line("k = 'ab'"), "k = 'ab'");
    }
}
