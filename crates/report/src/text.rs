//! One line per finding, in the `path:line:col: severity: message [rule]`
//! form that editors and terminals make clickable, then a count line.

use crate::{Finding, Severity};

/// Render `findings` for a terminal. `default_path` locates findings that
/// carry no span (a model element without a position).
pub fn render(findings: &[Finding], default_path: &str) -> String {
    let mut out = String::new();
    for f in findings {
        let (path, line, col) = match f.location.span() {
            Some(s) => (s.path.as_str(), s.start_line, s.start_column),
            None => (default_path, 1, 1),
        };
        out.push_str(&format!(
            "{path}:{line}:{col}: {}: {} [{}]\n",
            f.severity, f.message, f.rule_id
        ));
    }
    out.push_str(&summary_line(findings));
    out.push('\n');
    out
}

/// "12 findings: 1 critical, 3 high, 5 medium, 3 low, 0 info".
pub fn summary_line(findings: &[Finding]) -> String {
    let counts: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .map(|s| {
            format!(
                "{} {s}",
                findings.iter().filter(|f| f.severity == *s).count()
            )
        })
        .collect();
    format!(
        "{} finding{}: {}",
        findings.len(),
        if findings.len() == 1 { "" } else { "s" },
        counts.join(", ")
    )
}
