//! A Markdown table of findings, for pull-request comments and reports.

use crate::Finding;

/// Escape text for a Markdown table cell: pipes, inline HTML and emphasis
/// characters are neutralised and newlines folded, so untrusted text can
/// neither break the table nor inject markup.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A table with one row per finding: location, severity, message, rule.
pub fn render(title: &str, findings: &[Finding]) -> String {
    let mut s = format!("## {}\n\n", escape(title));
    if findings.is_empty() {
        s.push_str("No findings.\n");
        return s;
    }
    s.push_str("| Location | Severity | Finding | Rule |\n|---|---|---|---|\n");
    for f in findings {
        let loc = match f.location.span() {
            Some(sp) => format!("{}:{}", sp.path, sp.start_line),
            None => f.location.key(),
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | `{}` |\n",
            escape(&loc),
            f.severity,
            escape(&f.message),
            escape(&f.rule_id)
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn untrusted_text_cannot_break_out() {
        assert_eq!(escape("a|b<script>"), "a\\|b&lt;script&gt;");
        assert_eq!(escape("x\ny"), "x y");
    }
}
