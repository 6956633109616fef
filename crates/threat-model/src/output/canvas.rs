//! The threat modeling canvas: one self-contained HTML page a candidate can
//! put on the screen (or print) in an interview.
//!
//! It holds the user story and scale in a header, the data-flow diagram as
//! inline SVG (nested trust boundaries, actors, services and stores, flows
//! labelled with protocol and authentication, boundary crossings and risky
//! flows highlighted, the most critical flow called out), and beside it the
//! top risks, the mitigations (AWS service, parameter, metric), the money
//! impact, STRIDE coverage and the Zero-Trust gaps.
//!
//! No script, no external asset, no timestamp: the same model gives the
//! same bytes. It fits a 1600x1000 screen and prints on one landscape page.
//! The diagram layout lives in [`layout`].

mod layout;

use crate::engine::{Analysis, Threat};
use crate::model::{ElementKind, Model, Target};
use crate::output::escape_html as esc;
use impact::{format_count, format_eur, format_usd};
use layout::{Layout, LABEL_CHAR_W, LABEL_H};
use report::{Severity, Stride};
use std::fmt::Write;

/// Above this many elements the diagram is replaced by a summary: a
/// one-page drawing of a larger system is unreadable.
pub const MAX_DIAGRAM_ELEMENTS: usize = 60;
/// Rows in the "Top risks" panel.
const TOP_RISKS: usize = 7;
/// Rows in the "Mitigations" panel.
const TOP_MITIGATIONS: usize = 6;

const CSS: &str = r#"
*{box-sizing:border-box}
html,body{margin:0;padding:0;background:#fff;color:#0f172a;font:12px/1.35 "Helvetica Neue",Helvetica,Arial,"Liberation Sans",sans-serif}
.page{width:1600px;height:1000px;padding:12px 16px;display:flex;flex-direction:column;gap:10px;overflow:hidden}
header{display:flex;align-items:flex-start;gap:18px;border-bottom:2px solid #0f172a;padding-bottom:8px}
header .title{flex:1;min-width:0}
h1{font-size:20px;margin:0 0 2px 0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
h1 small{font-size:12px;font-weight:normal;color:#64748b;margin-left:8px;letter-spacing:.04em;text-transform:uppercase}
.story{font-size:13px;margin:0;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.story b{color:#1d4ed8}
.facts{display:flex;gap:8px;flex-wrap:nowrap}
.fact{border:1px solid #cbd5e1;border-radius:6px;padding:3px 8px;background:#f8fafc;white-space:nowrap}
.fact span{display:block;font-size:10px;text-transform:uppercase;letter-spacing:.05em;color:#64748b}
.fact b{font-size:13px}
main{flex:1;min-height:0;display:grid;grid-template-columns:1fr 540px;gap:14px}
section,aside>div{border:1px solid #cbd5e1;border-radius:8px;padding:8px 10px;background:#fff;min-height:0}
h2{font-size:11px;margin:0 0 5px 0;text-transform:uppercase;letter-spacing:.07em;color:#334155;display:flex;justify-content:space-between;align-items:baseline}
h2 em{font-style:normal;font-weight:normal;text-transform:none;letter-spacing:0;color:#64748b}
.diagram{display:flex;flex-direction:column}
.diagram svg.dfd{flex:1;min-height:0;width:100%;height:100%}
.legend{display:flex;gap:14px;font-size:10.5px;color:#475569;margin-bottom:4px;flex-wrap:wrap}
.legend i{display:inline-block;vertical-align:middle;margin-right:4px}
.lg-actor{width:16px;height:10px;border:1.5px solid #475569;border-radius:6px;background:#eef2ff}
.lg-svc{width:16px;height:10px;border:1.5px solid #475569;border-radius:3px;background:#f0f9ff}
.lg-store{width:12px;height:12px;border:1.5px solid #475569;border-radius:6px/3px;background:#f0fdf4}
.lg-bound{width:16px;height:10px;border:1.5px dashed #64748b}
.lg-line{width:20px;height:0;border-top:2px solid #94a3b8}
.lg-cross{border-top-color:#2563eb}
.lg-risk{border-top-color:#dc2626}
.lg-crit{border-top:4px solid #991b1b}
aside{display:flex;flex-direction:column;gap:8px;min-height:0}
.callout{border:2px solid #991b1b!important;background:#fef2f2!important}
.callout p{margin:0 0 2px 0}
.callout .big{font-size:14px;font-weight:bold;color:#7f1d1d}
.muted{color:#64748b}
.plain{font-weight:normal}
table{border-collapse:collapse;width:100%;table-layout:fixed}
td{padding:2px 4px;vertical-align:top;border-top:1px solid #e2e8f0}
tr:first-child td{border-top:none}
td.rank{width:22px;color:#64748b;text-align:right}
td.sev{width:62px}
td.loss{width:112px;text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.t1{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-weight:600}
.t2{white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:#64748b;font-size:10.5px}
.badge{display:inline-block;border-radius:3px;padding:0 4px;font-size:9.5px;font-weight:bold;text-transform:uppercase;color:#fff;letter-spacing:.03em}
.sev-critical{background:#991b1b}.sev-high{background:#dc2626}.sev-medium{background:#d97706}.sev-low{background:#2563eb}.sev-info{background:#64748b}
.st-place{background:#15803d}.st-prop{background:#b45309}
ul.mit{list-style:none;margin:0;padding:0}
ul.mit li{padding:2px 0;border-top:1px solid #e2e8f0}
ul.mit li:first-child{border-top:none}
.row{display:grid;grid-template-columns:1.25fr 1fr;gap:8px}
.kv{display:grid;grid-template-columns:auto 1fr;gap:1px 8px;font-variant-numeric:tabular-nums}
.kv span{color:#64748b}
.kv b{text-align:right;white-space:nowrap}
.stride{display:grid;grid-template-columns:repeat(6,1fr);gap:4px;text-align:center;margin-bottom:6px}
.stride div{border:1px solid #cbd5e1;border-radius:4px;padding:1px 0;background:#f8fafc}
.stride div.hit{background:#fee2e2;border-color:#fca5a5}
.stride b{display:block;font-size:14px}
.stride span{font-size:10px;color:#475569}
.zt{font-size:11px}
.zt b{font-size:14px;color:#991b1b}
.empty{color:#64748b;font-style:italic;margin:0}
.notice{margin:auto;max-width:640px;border:1px dashed #94a3b8;border-radius:8px;padding:16px 20px;background:#f8fafc}
.notice table td{border-top:1px solid #e2e8f0}
footer{font-size:10px;color:#94a3b8;display:flex;justify-content:space-between}
@page{size:1600px 1000px;margin:0}
@media print{html,body{-webkit-print-color-adjust:exact;print-color-adjust:exact}.page{page-break-after:avoid}}
"#;

/// The diagram's rules: inside the SVG in [`render`] and [`diagram`],
/// in [`stylesheet`] for [`body`].
pub const DIAGRAM_CSS: &str = concat!(
    "text{font-family:\"Helvetica Neue\",Helvetica,Arial,\"Liberation Sans\",sans-serif}",
    ".b-label{font-size:11px;font-weight:bold;letter-spacing:.02em}",
    ".n-name{font-size:12px;font-weight:bold;fill:#0f172a}",
    ".n-kind{font-size:10px;fill:#475569}",
    ".f{fill:none}",
    ".f-plain{stroke:#94a3b8;stroke-width:1.4}",
    ".f-cross{stroke:#2563eb;stroke-width:1.8}",
    ".f-risk{stroke:#dc2626;stroke-width:2}",
    ".f-crit{stroke:#991b1b;stroke-width:3.4}",
    ".f-glow{stroke:#fca5a5;stroke-width:10;opacity:.55;fill:none}",
    ".fl{font-size:10px;fill:#334155}",
    ".fl-crit{font-size:10px;fill:#fff;font-weight:bold}",
);

/// Render the canvas of `a` as a complete HTML document.
pub fn render(a: &Analysis) -> String {
    let mut o = String::with_capacity(64 * 1024);
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(o, "<title>{}</title>", title(a));
    let _ = writeln!(o, "<style>{CSS}</style>\n</head>\n<body>");
    page(&mut o, a, true);
    o.push_str("</body>\n</html>\n");
    o
}

/// The document title of the canvas of `a`, escaped.
pub fn title(a: &Analysis) -> String {
    format!("Threat modeling canvas: {}", esc(&a.model.name))
}

/// The canvas of `a` without its document and without any `<style>`
/// element: for a page served under a Content-Security-Policy that only
/// allows stylesheets from its own origin. Pair it with [`stylesheet`]
/// served as a file. Every text from the model is escaped.
pub fn body(a: &Analysis) -> String {
    let mut o = String::with_capacity(64 * 1024);
    page(&mut o, a, false);
    o
}

/// The stylesheet [`body`] needs: the page rules and the diagram rules
/// that [`render`] inlines.
pub fn stylesheet() -> String {
    format!("{CSS}\n{DIAGRAM_CSS}\n")
}

/// The data-flow diagram alone, as a standalone SVG document with its
/// style inside (it is drawn as an image, where no outer stylesheet
/// reaches). Larger models get the same summary as the canvas, as text.
pub fn diagram(a: &Analysis) -> String {
    if a.model.elements.len() > MAX_DIAGRAM_ELEMENTS {
        return format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 60\" role=\"img\"><text x=\"10\" y=\"34\" font-family=\"sans-serif\" font-size=\"14\">{} elements are too many to draw; the diagram is drawn for up to {MAX_DIAGRAM_ELEMENTS}.</text></svg>\n",
            a.model.elements.len()
        );
    }
    svg(a, true)
}

fn page(o: &mut String, a: &Analysis, inline_style: bool) {
    let m = &a.model;
    o.push_str("<div class=\"page\">\n");
    header(o, a);
    o.push_str("<main>\n<section class=\"diagram\">\n");
    diagram_section(o, a, inline_style);
    o.push_str("</section>\n<aside>\n");
    critical_flow(o, a);
    top_risks(o, a);
    mitigations(o, a);
    o.push_str("<div class=\"row\">\n");
    impact_panel(o, a);
    coverage_panel(o, a);
    o.push_str("</div>\n</aside>\n</main>\n");
    let _ = writeln!(
        o,
        "<footer><span>barraiser threat-model canvas &middot; {}</span><span>STRIDE per element and per interaction &middot; losses are annualised expected-loss ranges</span></footer>",
        esc(&m.path)
    );
    o.push_str("</div>\n");
}

fn range(r: impact::Range) -> String {
    if r.low == r.high {
        format_usd(r.high)
    } else {
        format!("{}&ndash;{}", format_usd(r.low), format_usd(r.high))
    }
}

fn sev_badge(s: Severity) -> String {
    format!("<span class=\"badge sev-{0}\">{0}</span>", s.as_str())
}

fn header(o: &mut String, a: &Analysis) {
    let m = &a.model;
    o.push_str("<header>\n<div class=\"title\">\n");
    let _ = writeln!(
        o,
        "<h1>{}<small>threat modeling canvas</small></h1>",
        esc(&m.name)
    );
    match &m.user_story {
        Some(us) => {
            let _ = writeln!(
                o,
                "<p class=\"story\">As <b>{}</b>, {}; asset: <b>{}</b></p>",
                esc(&m.elements[us.actor].name),
                esc(us.action.trim()),
                esc(&m.data[us.asset].name)
            );
        }
        None => {
            let desc = m.description.trim();
            let first = desc.lines().next().unwrap_or("");
            let _ = writeln!(o, "<p class=\"story\">{}</p>", esc(first));
        }
    }
    o.push_str("</div>\n<div class=\"facts\">\n");
    let fact = |o: &mut String, label: &str, value: String| {
        let _ = writeln!(
            o,
            "<div class=\"fact\"><span>{label}</span><b>{value}</b></div>"
        );
    };
    fact(
        o,
        "Scale",
        format!(
            "{} users &middot; {} req/s",
            format_count(m.users),
            format_count(m.requests_per_second)
        ),
    );
    fact(
        o,
        "Cost model",
        format!(
            "{}/record &middot; {}/h down",
            format_usd(m.costs.cost_per_record_usd.round() as u64),
            format_usd(m.costs.downtime_cost_per_hour_usd)
        ),
    );
    let crossing = m.flows.iter().filter(|f| !f.crosses.is_empty()).count();
    fact(
        o,
        "Model",
        format!(
            "{} elements &middot; {} flows ({} cross)",
            m.elements.len(),
            m.flows.len(),
            crossing
        ),
    );
    let high = a.count_by_severity(Severity::Critical) + a.count_by_severity(Severity::High);
    fact(
        o,
        "Threats",
        format!("{} &middot; {} high or critical", a.threats.len(), high),
    );
    o.push_str("</div>\n</header>\n");
}

// ---------------------------------------------------------------- diagram

/// How a flow is drawn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum FlowStyle {
    Plain,
    Crossing,
    Risky,
    Critical,
}

impl FlowStyle {
    fn class(self) -> &'static str {
        match self {
            FlowStyle::Plain => "f-plain",
            FlowStyle::Crossing => "f-cross",
            FlowStyle::Risky => "f-risk",
            FlowStyle::Critical => "f-crit",
        }
    }
}

/// Highest residual severity of the threats on each flow and element.
struct Heat {
    flows: Vec<Option<Severity>>,
    elements: Vec<Option<Severity>>,
    element_counts: Vec<usize>,
}

fn heat(a: &Analysis) -> Heat {
    let m = &a.model;
    let mut h = Heat {
        flows: vec![None; m.flows.len()],
        elements: vec![None; m.elements.len()],
        element_counts: vec![0; m.elements.len()],
    };
    for t in &a.threats {
        let s = t.finding.severity;
        match t.target {
            Target::Flow(i) => h.flows[i] = h.flows[i].max(Some(s)),
            Target::Element(i) => {
                h.elements[i] = h.elements[i].max(Some(s));
                if s >= Severity::High {
                    h.element_counts[i] += 1;
                }
            }
        }
    }
    h
}

fn critical_flow_index(a: &Analysis) -> Option<usize> {
    a.critical_flow
        .as_ref()
        .and_then(|cf| a.model.flow_by_id(&cf.flow))
}

fn flow_style(a: &Analysis, heat: &Heat, critical: Option<usize>, fi: usize) -> FlowStyle {
    if Some(fi) == critical {
        FlowStyle::Critical
    } else if heat.flows[fi] >= Some(Severity::High) {
        FlowStyle::Risky
    } else if !a.model.flows[fi].crosses.is_empty() {
        FlowStyle::Crossing
    } else {
        FlowStyle::Plain
    }
}

/// The short label on a flow: protocol and authentication.
fn flow_label(m: &Model, fi: usize, critical: bool) -> String {
    let f = &m.flows[fi];
    let auth = match f.authentication {
        crate::kinds::Authentication::None => "no auth".to_string(),
        a => a.as_str().to_string(),
    };
    let base = match f.protocol {
        Some(p) => format!("{p} \u{b7} {auth}"),
        None => auth,
    };
    if critical {
        format!("\u{2605} {base}")
    } else {
        base
    }
}

fn label_width(text: &str) -> f64 {
    text.chars().count() as f64 * LABEL_CHAR_W + 10.0
}

fn diagram_section(o: &mut String, a: &Analysis, inline_style: bool) {
    let m = &a.model;
    let _ = writeln!(
        o,
        "<h2>Data-flow diagram <em>{} boundaries &middot; {} actors &middot; {} services &middot; {} stores</em></h2>",
        m.boundaries.len(),
        m.elements
            .iter()
            .filter(|e| matches!(e.kind, ElementKind::Actor(_)))
            .count(),
        m.elements
            .iter()
            .filter(|e| matches!(e.kind, ElementKind::Service(_)))
            .count(),
        m.elements
            .iter()
            .filter(|e| matches!(e.kind, ElementKind::Store(_)))
            .count(),
    );
    if m.elements.len() > MAX_DIAGRAM_ELEMENTS {
        summary_notice(o, a);
        return;
    }
    o.push_str(concat!(
        "<div class=\"legend\">",
        "<span><i class=\"lg-actor\"></i>actor</span>",
        "<span><i class=\"lg-svc\"></i>service</span>",
        "<span><i class=\"lg-store\"></i>store</span>",
        "<span><i class=\"lg-bound\"></i>trust boundary</span>",
        "<span><i class=\"lg-line\"></i>flow (protocol &middot; auth)</span>",
        "<span><i class=\"lg-line lg-cross\"></i>crosses a boundary</span>",
        "<span><i class=\"lg-line lg-risk\"></i>high/critical threat</span>",
        "<span><i class=\"lg-line lg-crit\"></i>most critical flow</span>",
        "</div>\n"
    ));
    o.push_str(&svg(a, inline_style));
}

fn summary_notice(o: &mut String, a: &Analysis) {
    let m = &a.model;
    let _ = writeln!(
        o,
        "<div class=\"notice\"><p><b>{} elements and {} flows are too many to draw on one page.</b> \
         The diagram is drawn for models of up to {MAX_DIAGRAM_ELEMENTS} elements; \
         split the system into sub-models per trust boundary, or use the Mermaid or Threat Composer export.</p>",
        m.elements.len(),
        m.flows.len()
    );
    o.push_str(
        "<table><tr><td><b>Boundary</b></td><td><b>Kind</b></td><td><b>Elements</b></td></tr>\n",
    );
    let mut counts = vec![0usize; m.boundaries.len()];
    let mut outside = 0usize;
    for e in &m.elements {
        match e.boundary {
            Some(b) => counts[b] += 1,
            None => outside += 1,
        }
    }
    for (b, bd) in m.boundaries.iter().enumerate().take(20) {
        let _ = writeln!(
            o,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&bd.name),
            bd.kind.as_str(),
            counts[b]
        );
    }
    if m.boundaries.len() > 20 {
        let _ = writeln!(
            o,
            "<tr><td colspan=\"3\" class=\"muted\">and {} more boundaries</td></tr>",
            m.boundaries.len() - 20
        );
    }
    let _ = writeln!(
        o,
        "<tr><td>outside every boundary</td><td></td><td>{outside}</td></tr></table></div>"
    );
}

fn boundary_color(k: crate::kinds::BoundaryKind) -> (&'static str, &'static str) {
    use crate::kinds::BoundaryKind::*;
    // (stroke/label, fill)
    match k {
        Internet => ("#64748b", "#f8fafc"),
        Account => ("#c2410c", "#fff7ed"),
        Vpc => ("#15803d", "#f0fdf4"),
        Subnet => ("#0f766e", "#ecfeff"),
        Partner => ("#7e22ce", "#faf5ff"),
        Device => ("#1d4ed8", "#eff6ff"),
        Corporate => ("#a16207", "#fefce8"),
    }
}

/// Split `s` into at most two lines of at most `max` characters, with an
/// ellipsis when it does not fit.
fn wrap2(s: &str, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = vec![String::new()];
    for word in s.split_whitespace() {
        let cur = lines.last_mut().expect("one line");
        let len = cur.chars().count();
        if len == 0 || len + 1 + word.chars().count() <= max {
            if len > 0 {
                cur.push(' ');
            }
            cur.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    if lines.len() > 2 {
        let rest = lines[1..].join(" ");
        lines.truncate(1);
        lines.push(rest);
    }
    for l in &mut lines {
        if l.chars().count() > max {
            let cut: String = l.chars().take(max.saturating_sub(1)).collect();
            *l = format!("{}\u{2026}", cut.trim_end());
        }
    }
    lines
}

fn svg(a: &Analysis, inline_style: bool) -> String {
    let m = &a.model;
    let heat = heat(a);
    let critical = critical_flow_index(a);
    let labels: Vec<String> = (0..m.flows.len())
        .map(|fi| flow_label(m, fi, Some(fi) == critical))
        .collect();
    let lay = layout::layout(m, &|fi| label_width(&labels[fi]));
    let mut o = String::with_capacity(32 * 1024);
    let _ = writeln!(
        o,
        "<svg class=\"dfd\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {:.0} {:.0}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"Data-flow diagram of {}\">",
        lay.width.ceil(),
        lay.height.ceil(),
        esc(&m.name)
    );
    o.push_str("<defs>\n");
    if inline_style {
        let _ = writeln!(o, "<style>{DIAGRAM_CSS}</style>");
    }
    for (id, color) in [
        ("a-plain", "#94a3b8"),
        ("a-cross", "#2563eb"),
        ("a-risk", "#dc2626"),
        ("a-crit", "#991b1b"),
    ] {
        let _ = writeln!(
            o,
            "<marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"9\" markerHeight=\"9\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{color}\"/></marker>"
        );
    }
    o.push_str("</defs>\n");

    boundaries_svg(&mut o, m, &lay);
    flows_svg(&mut o, a, &lay, &heat, critical);
    nodes_svg(&mut o, a, &lay, &heat);
    labels_svg(&mut o, a, &lay, &labels, &heat, critical);
    o.push_str("</svg>\n");
    o
}

fn boundaries_svg(o: &mut String, m: &Model, lay: &Layout) {
    // Outermost first so inner boundaries paint on top.
    let mut order: Vec<(usize, usize)> = (0..m.boundaries.len())
        .map(|b| (m.ancestors(Some(b)).len(), b))
        .collect();
    order.sort();
    o.push_str("<g class=\"boundaries\">\n");
    for (_, b) in order {
        let bd = &m.boundaries[b];
        let r = lay.boundaries[b];
        let (stroke, fill) = boundary_color(bd.kind);
        let _ = writeln!(
            o,
            "<g data-id=\"{id}\"><title>{name} ({kind} boundary, id {id})</title>\
             <rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"8\" fill=\"{fill}\" fill-opacity=\"0.7\" stroke=\"{stroke}\" stroke-width=\"1.5\" stroke-dasharray=\"7 4\"/>\
             <text class=\"b-label\" x=\"{:.1}\" y=\"{:.1}\" fill=\"{stroke}\">{name} <tspan font-weight=\"normal\">\u{b7} {kind}</tspan></text></g>",
            r.x,
            r.y,
            r.w,
            r.h,
            r.x + 10.0,
            r.y + 16.0,
            id = esc(&bd.id),
            name = esc(&bd.name),
            kind = bd.kind.as_str(),
        );
    }
    o.push_str("</g>\n");
}

fn flows_svg(o: &mut String, a: &Analysis, lay: &Layout, heat: &Heat, critical: Option<usize>) {
    let m = &a.model;
    o.push_str("<g class=\"flows\">\n");
    // Paint order: plain, crossing, risky, critical, so emphasis is on top.
    let mut edges: Vec<(FlowStyle, &layout::Edge)> = lay
        .edges
        .iter()
        .map(|e| (flow_style(a, heat, critical, e.flow), e))
        .collect();
    edges.sort_by_key(|(s, e)| (*s as u8, e.flow));
    for (style, e) in edges {
        let f = &m.flows[e.flow];
        let marker = match style {
            FlowStyle::Plain => "a-plain",
            FlowStyle::Crossing => "a-cross",
            FlowStyle::Risky => "a-risk",
            FlowStyle::Critical => "a-crit",
        };
        let data: Vec<&str> = f.data.iter().map(|&d| m.data[d].name.as_str()).collect();
        let _ = write!(
            o,
            "<g data-id=\"{}\"><title>{}: {} \u{2192} {}{}{}</title>",
            esc(&f.id),
            esc(&f.name),
            esc(&m.elements[f.from].name),
            esc(&m.elements[f.to].name),
            if data.is_empty() { "" } else { "; data: " },
            esc(&data.join(", "))
        );
        if style == FlowStyle::Critical {
            let _ = write!(o, "<path class=\"f-glow\" d=\"{}\"/>", e.path());
        }
        let _ = writeln!(
            o,
            "<path class=\"f {}\" d=\"{}\" marker-end=\"url(#{marker})\"/></g>",
            style.class(),
            e.path()
        );
    }
    o.push_str("</g>\n");
}

fn nodes_svg(o: &mut String, a: &Analysis, lay: &Layout, heat: &Heat) {
    let m = &a.model;
    o.push_str("<g class=\"nodes\">\n");
    for (i, e) in m.elements.iter().enumerate() {
        let r = lay.nodes[i];
        let hot = heat.elements[i] >= Some(Severity::High);
        let stroke = if hot { "#dc2626" } else { "#475569" };
        let sw = if hot { 2.0 } else { 1.4 };
        let (family, fill) = match e.kind {
            ElementKind::Actor(_) => ("actor", "#eef2ff"),
            ElementKind::Service(_) => ("service", "#f0f9ff"),
            ElementKind::Store(_) => ("store", "#f0fdf4"),
        };
        let _ = write!(
            o,
            "<g data-id=\"{id}\"><title>{name} ({family} \u{b7} {kind}, id {id})</title>",
            id = esc(&e.id),
            name = esc(&e.name),
            kind = e.kind.as_str(),
        );
        let mut text_x = r.cx();
        let mut text_w = r.w - 12.0;
        let mut text_top = r.y;
        let mut text_h = r.h;
        match e.kind {
            ElementKind::Actor(_) => {
                let _ = write!(
                    o,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"18\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>",
                    r.x, r.y, r.w, r.h
                );
                // Person icon.
                let (ix, iy) = (r.x + 18.0, r.cy());
                let _ = write!(
                    o,
                    "<circle cx=\"{ix:.1}\" cy=\"{:.1}\" r=\"4.5\" fill=\"none\" stroke=\"#4338ca\" stroke-width=\"1.6\"/>\
                     <path d=\"M{:.1},{:.1} a8,8 0 0 1 16,0\" fill=\"none\" stroke=\"#4338ca\" stroke-width=\"1.6\"/>",
                    iy - 6.0,
                    ix - 8.0,
                    iy + 10.0
                );
                text_x = r.x + 30.0 + (r.w - 36.0) / 2.0;
                text_w = r.w - 40.0;
            }
            ElementKind::Service(_) => {
                let _ = write!(
                    o,
                    "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"7\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>",
                    r.x, r.y, r.w, r.h
                );
            }
            ElementKind::Store(_) => {
                let ry = 6.0;
                let (x0, x1, y0, y1) = (r.x, r.right(), r.y + ry, r.bottom() - ry);
                let rx = r.w / 2.0;
                let _ = write!(
                    o,
                    "<path d=\"M{x0:.1},{y0:.1} L{x0:.1},{y1:.1} A{rx:.1},{ry:.1} 0 0 0 {x1:.1},{y1:.1} L{x1:.1},{y0:.1} A{rx:.1},{ry:.1} 0 0 0 {x0:.1},{y0:.1} Z\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>\
                     <path d=\"M{x0:.1},{y0:.1} A{rx:.1},{ry:.1} 0 0 0 {x1:.1},{y0:.1}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{sw}\"/>"
                );
                text_top = r.y + 2.0 * ry;
                text_h = r.h - 2.0 * ry - 2.0;
            }
        }
        let max = ((text_w / 6.9).floor() as usize).max(6);
        let lines = wrap2(&e.name, max);
        let n = lines.len() as f64;
        // name lines (14px each) + kind line (12px), centred
        let block = n * 14.0 + 12.0;
        let mut y = text_top + (text_h - block) / 2.0 + 11.0;
        for line in &lines {
            let _ = write!(
                o,
                "<text class=\"n-name\" x=\"{text_x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">{}</text>",
                esc(line)
            );
            y += 14.0;
        }
        let kind_text = match e.kind {
            ElementKind::Actor(k) => k.as_str(),
            k => k.as_str(),
        };
        let _ = write!(
            o,
            "<text class=\"n-kind\" x=\"{text_x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            y - 1.0,
            kind_text
        );
        if heat.element_counts[i] > 0 {
            let (bx, by) = (r.right() - 4.0, r.y + 3.0);
            let _ = write!(
                o,
                "<circle cx=\"{bx:.1}\" cy=\"{by:.1}\" r=\"8\" fill=\"#dc2626\"/><text x=\"{bx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"#fff\">{}</text>",
                by + 3.5,
                heat.element_counts[i]
            );
        }
        o.push_str("</g>\n");
    }
    o.push_str("</g>\n");
}

fn labels_svg(
    o: &mut String,
    a: &Analysis,
    lay: &Layout,
    labels: &[String],
    heat: &Heat,
    critical: Option<usize>,
) {
    o.push_str("<g class=\"flow-labels\">\n");
    for e in &lay.edges {
        let text = &labels[e.flow];
        let w = label_width(text);
        let (cx, cy) = e.label_at;
        let style = flow_style(a, heat, critical, e.flow);
        let (bg, border, class) = match style {
            FlowStyle::Critical => ("#991b1b", "#991b1b", "fl-crit"),
            FlowStyle::Risky => ("#fff", "#fca5a5", "fl"),
            FlowStyle::Crossing => ("#fff", "#bfdbfe", "fl"),
            FlowStyle::Plain => ("#fff", "#e2e8f0", "fl"),
        };
        let _ = writeln!(
            o,
            "<g><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{LABEL_H:.1}\" rx=\"3\" fill=\"{bg}\" stroke=\"{border}\" stroke-width=\"0.8\"/><text class=\"{class}\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></g>",
            cx - w / 2.0,
            cy - LABEL_H / 2.0,
            cy + 3.6,
            esc(text)
        );
    }
    o.push_str("</g>\n");
}

// ----------------------------------------------------------------- panels

fn critical_flow(o: &mut String, a: &Analysis) {
    o.push_str("<div class=\"callout\">\n<h2>Most critical data flow</h2>\n");
    match &a.critical_flow {
        Some(cf) => {
            let top = a.threats.iter().find(|t| t.finding.id == cf.top_threat);
            let _ = writeln!(o, "<p class=\"big\">\u{2605} {}</p>", esc(&cf.summary));
            let _ = writeln!(
                o,
                "<p>Flow <b>{}</b>: {} threat{}, residual expected loss <b>{}</b> a year.</p>",
                esc(&cf.flow),
                cf.threat_count,
                if cf.threat_count == 1 { "" } else { "s" },
                range(cf.residual_loss_usd)
            );
            if let Some(t) = top {
                let _ = writeln!(
                    o,
                    "<p class=\"muted\">Worst threat: {} {}</p>",
                    sev_badge(t.finding.severity),
                    esc(&t.finding.title)
                );
            }
        }
        None => o.push_str("<p class=\"empty\">No data flow carries a threat.</p>\n"),
    }
    o.push_str("</div>\n");
}

fn top_risks(o: &mut String, a: &Analysis) {
    let _ = writeln!(
        o,
        "<div>\n<h2>Top risks <em>{} of {} &middot; residual loss / year</em></h2>",
        a.threats.len().min(TOP_RISKS),
        a.threats.len()
    );
    if a.threats.is_empty() {
        o.push_str("<p class=\"empty\">No threats found.</p>\n</div>\n");
        return;
    }
    o.push_str("<table>\n");
    for t in a.threats.iter().take(TOP_RISKS) {
        let _ = writeln!(
            o,
            "<tr><td class=\"rank\">{}</td><td class=\"sev\">{}</td><td><div class=\"t1\">{}</div><div class=\"t2\">{} {} &middot; {}</div></td><td class=\"loss\">{}</td></tr>",
            t.rank,
            sev_badge(t.finding.severity),
            esc(&t.finding.title),
            t.stride.letter(),
            target_kind(a, t),
            esc(a.target_name(t.target)),
            range(t.impact().residual_loss_usd)
        );
    }
    o.push_str("</table>\n</div>\n");
}

fn target_kind(a: &Analysis, t: &Threat) -> &'static str {
    match t.target {
        Target::Flow(_) => "flow",
        Target::Element(i) => a.model.elements[i].kind.element_type().as_str(),
    }
}

fn mitigations(o: &mut String, a: &Analysis) {
    // Unique remediations in the order of the threats they address.
    let mut seen: Vec<&str> = Vec::new();
    let mut list: Vec<&report::Remediation> = Vec::new();
    for t in &a.threats {
        for r in &t.finding.remediation {
            let key = if r.id.is_empty() { &r.title } else { &r.id };
            if !seen.contains(&&**key) {
                seen.push(key);
                list.push(r);
            }
        }
    }
    let in_place = list.iter().filter(|r| r.in_place).count();
    let _ = writeln!(
        o,
        "<div>\n<h2>Mitigations <em>{} proposed &middot; {} in place</em></h2>",
        list.len() - in_place,
        in_place
    );
    if list.is_empty() {
        o.push_str("<p class=\"empty\">No mitigation to propose.</p>\n</div>\n");
        return;
    }
    // Proposed controls first (they are the action items), each group in
    // threat order.
    let mut ordered: Vec<&report::Remediation> =
        list.iter().copied().filter(|r| !r.in_place).collect();
    ordered.extend(list.iter().copied().filter(|r| r.in_place));
    o.push_str("<ul class=\"mit\">\n");
    for r in ordered.iter().take(TOP_MITIGATIONS) {
        let status = if r.in_place {
            "<span class=\"badge st-place\">in place</span>"
        } else {
            "<span class=\"badge st-prop\">proposed</span>"
        };
        let service = if r.service.is_empty() {
            esc(&r.title)
        } else {
            esc(&r.service)
        };
        let _ = writeln!(
            o,
            "<li><div class=\"t1\">{status} {service} &mdash; <span class=\"plain\">{}</span></div><div class=\"t2\">metric: {}</div></li>",
            esc(&r.parameter),
            esc(&r.metric)
        );
    }
    if ordered.len() > TOP_MITIGATIONS {
        let _ = writeln!(
            o,
            "<li class=\"t2\">and {} more in the full report</li>",
            ordered.len() - TOP_MITIGATIONS
        );
    }
    o.push_str("</ul>\n</div>\n");
}

fn impact_panel(o: &mut String, a: &Analysis) {
    o.push_str("<div>\n<h2>Impact <em>per year</em></h2>\n<div class=\"kv\">\n");
    let expected = a.total_expected();
    let residual = a.total_residual();
    let _ = writeln!(
        o,
        "<span>Expected, no controls</span><b>{}</b>",
        range(expected)
    );
    let _ = writeln!(
        o,
        "<span>Residual, controls in place</span><b>{}</b>",
        range(residual)
    );
    if expected.high > 0 {
        let cut = 100.0 * (1.0 - residual.high as f64 / expected.high as f64);
        let _ = writeln!(o, "<span>Reduction by controls</span><b>{cut:.0}%</b>");
    }
    let biggest = a.threats.iter().max_by(|x, y| {
        x.impact()
            .single_loss_usd
            .cmp(&y.impact().single_loss_usd)
            .then(y.rank.cmp(&x.rank))
    });
    if let Some(t) = biggest {
        let _ = writeln!(
            o,
            "<span>Biggest single loss</span><b title=\"{}\">{}</b>",
            esc(&t.finding.title),
            format_usd(t.impact().single_loss_usd)
        );
    }
    let gdpr = a
        .threats
        .iter()
        .filter_map(|t| t.impact().gdpr_exposure_eur)
        .max();
    if let Some(g) = gdpr {
        let _ = writeln!(
            o,
            "<span>GDPR fine exposure</span><b>up to {}</b>",
            format_eur(g)
        );
    }
    let records = a.model.data.iter().map(|d| d.records).max().unwrap_or(0);
    if records > 0 {
        let _ = writeln!(
            o,
            "<span>Largest data set</span><b>{} records</b>",
            format_count(records)
        );
    }
    o.push_str("</div>\n</div>\n");
}

fn coverage_panel(o: &mut String, a: &Analysis) {
    o.push_str("<div>\n<h2>STRIDE coverage</h2>\n<div class=\"stride\">\n");
    for s in Stride::ALL {
        let n = a.threats.iter().filter(|t| t.stride == s).count();
        let _ = writeln!(
            o,
            "<div{} title=\"{}\"><b>{}</b><span>{}</span></div>",
            if n > 0 { " class=\"hit\"" } else { "" },
            s.name(),
            s.letter(),
            n
        );
    }
    o.push_str("</div>\n");
    let zt: Vec<&Threat> = a
        .threats
        .iter()
        .filter(|t| t.zero_trust.is_some())
        .collect();
    let _ = write!(o, "<div class=\"zt\"><b>{}</b> Zero-Trust gaps", zt.len());
    let parts: Vec<String> = crate::rules::ZeroTrust::ALL
        .iter()
        .filter_map(|p| {
            let n = zt.iter().filter(|t| t.zero_trust == Some(*p)).count();
            (n > 0).then(|| format!("{} {}", n, p.as_str().replace('-', " ")))
        })
        .collect();
    if !parts.is_empty() {
        let _ = write!(o, "<div class=\"t2\">not {}</div>", parts.join(", not "));
    }
    o.push_str("</div>\n</div>\n");
}
