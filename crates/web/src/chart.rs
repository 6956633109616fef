//! The dashboard's score chart: an SVG drawn on the server (no chart
//! library, no CDN), one line per competency over its graded attempts.

use std::fmt::Write;

const W: f64 = 640.0;
const H: f64 = 240.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 170.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 28.0;
const COLOURS: [&str; 6] = [
    "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf",
];

/// Escape text for an SVG/XML text node or attribute.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// `(name, scores oldest first)` per series; an empty series draws nothing
/// but keeps its colour and legend entry.
pub fn trend_svg(series: &[(&str, Vec<u8>)]) -> String {
    let n = series.iter().map(|(_, s)| s.len()).max().unwrap_or(0);
    let pw = W - LEFT - RIGHT;
    let ph = H - TOP - BOTTOM;
    let x = |i: usize| {
        if n <= 1 {
            LEFT + pw / 2.0
        } else {
            LEFT + pw * i as f64 / (n - 1) as f64
        }
    };
    let y = |s: u8| TOP + ph * (1.0 - f64::from(s.min(100)) / 100.0);
    let mut o = String::new();
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" aria-labelledby="chart-title" class="chart"><title id="chart-title">Drill scores over attempts, per competency</title>"#
    );
    for g in [0u8, 25, 50, 75, 100] {
        let _ = write!(
            o,
            r##"<line x1="{LEFT}" x2="{:.1}" y1="{:.1}" y2="{:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="10" text-anchor="end">{g}</text>"##,
            LEFT + pw,
            y(g),
            y(g),
            LEFT - 6.0,
            y(g) + 3.0
        );
    }
    let _ = write!(
        o,
        r#"<text x="{:.1}" y="{:.1}" font-size="10" text-anchor="middle">latest attempts, oldest to newest</text>"#,
        LEFT + pw / 2.0,
        H - 8.0
    );
    for (k, (name, scores)) in series.iter().enumerate() {
        let colour = COLOURS[k % COLOURS.len()];
        if scores.len() > 1 {
            let pts: Vec<String> = scores
                .iter()
                .enumerate()
                .map(|(i, s)| format!("{:.1},{:.1}", x(i), y(*s)))
                .collect();
            let _ = write!(
                o,
                r#"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"#,
                pts.join(" ")
            );
        }
        for (i, s) in scores.iter().enumerate() {
            let _ = write!(
                o,
                r#"<circle cx="{:.1}" cy="{:.1}" r="3" fill="{colour}"><title>{}: {s}</title></circle>"#,
                x(i),
                y(*s),
                esc(name)
            );
        }
        let ly = TOP + 14.0 * k as f64 + 6.0;
        let _ = write!(
            o,
            r#"<rect x="{:.1}" y="{:.1}" width="10" height="10" fill="{colour}"/><text x="{:.1}" y="{:.1}" font-size="11">{}</text>"#,
            W - RIGHT + 14.0,
            ly - 8.0,
            W - RIGHT + 28.0,
            ly + 1.0,
            esc(name)
        );
    }
    o.push_str("</svg>");
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_points_and_escaped_names() {
        let svg = trend_svg(&[("A<b>", vec![0, 100]), ("Empty", vec![])]);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("A&lt;b&gt;") && !svg.contains("A<b>"));
        // two points: leftmost at score 0 (bottom), rightmost at 100 (top)
        assert!(svg.contains(r#"points="40.0,212.0 470.0,16.0""#), "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 1);
        assert_eq!(svg.matches("<circle").count(), 2);
    }
}
