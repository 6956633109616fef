//! `barraiser threat-model ...`

use crate::cli::{
    AnalyzeArgs, AnalyzeFormat, CostArgs, DiffArgs, Global, LintArgs, ListFormat, ModelSource,
    ThreatModelCmd,
};
use crate::io::{emit, read_input, write_atomic};
use crate::{config, Fail, Outcome};
use report::{Finding, Severity};
use threat_model::content::Content;
use threat_model::model::Model;
use threat_model::output;

pub fn run(global: &Global, cmd: &ThreatModelCmd) -> Result<Outcome, Fail> {
    let content = Content::embedded()?;
    match cmd {
        ThreatModelCmd::Analyze(a) => analyze(global, content, a),
        ThreatModelCmd::Lint(a) => lint(global, content, a),
        ThreatModelCmd::Diff(a) => diff(global, content, a),
        ThreatModelCmd::Scenarios { format } => scenarios(content, *format),
        ThreatModelCmd::Init {
            name,
            output,
            force,
        } => init(global, content, name, output.as_deref(), *force),
        ThreatModelCmd::Mitigations { format } => mitigations(content, *format),
        ThreatModelCmd::Rules { format } => rules(content, *format),
    }
}

fn render_diagnostics(diags: &[report::Diagnostic]) -> String {
    let mut s: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    if diags.len() > 1 {
        s.push(format!("{} errors", diags.len()));
    }
    s.join("\n")
}

fn unknown_scenario(content: &Content, name: &str) -> Fail {
    let names: Vec<&str> = content.scenarios.iter().map(|s| s.name.as_str()).collect();
    Fail(format!(
        "unknown scenario `{name}`\n  help: built-in scenarios are: {}",
        names.join(", ")
    ))
}

/// Load and validate the model named by `src`.
fn load_model(
    global: &Global,
    content: &Content,
    src: &ModelSource,
    flags: Option<&CostArgs>,
) -> Result<Model, Fail> {
    let base = config::load(global.config.as_deref())?.costs();
    let mut model = match (&src.model, &src.scenario) {
        (_, Some(name)) => {
            let s = content
                .scenario(name)
                .ok_or_else(|| unknown_scenario(content, name))?;
            threat_model::parse_str_with(&format!("scenarios/{}", s.file), s.yaml, content, &base)
                .map_err(|d| Fail(render_diagnostics(&d)))?
        }
        (Some(path), None) => load_model_file(content, path, &base)?,
        (None, None) => return Err(Fail("give a MODEL.yaml or --scenario NAME".into())),
    };
    if let Some(f) = flags {
        if let Some(v) = f.cost_per_record {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Fail(
                    "--cost-per-record must be a non-negative number".into(),
                ));
            }
            model.costs.cost_per_record_usd = v;
        }
        if let Some(v) = f.downtime_cost_per_hour {
            model.costs.downtime_cost_per_hour_usd = v;
        }
        if f.turnover_eur.is_some() {
            model.costs.annual_turnover_eur = f.turnover_eur;
        }
    }
    Ok(model)
}

fn load_model_file(
    content: &Content,
    path: &std::path::Path,
    base: &impact::CostModel,
) -> Result<Model, Fail> {
    let bytes = read_input(path, threat_model::parse::MAX_MODEL_BYTES)?;
    threat_model::parse_bytes_with(&path.display().to_string(), &bytes, content, base)
        .map_err(|d| Fail(render_diagnostics(&d)))
}

fn analyze(global: &Global, content: &Content, a: &AnalyzeArgs) -> Result<Outcome, Fail> {
    let model = load_model(global, content, &a.source, Some(&a.costs))?;
    let analysis = threat_model::analyze(model, content);
    let text = match a.format {
        AnalyzeFormat::Md => output::markdown::render(&analysis),
        AnalyzeFormat::Json => output::json::render(&analysis),
        AnalyzeFormat::Html => output::canvas::render(&analysis),
        AnalyzeFormat::Sarif => output::sarif::render(&analysis),
        AnalyzeFormat::TcJson => output::tc_json::render(&analysis),
        AnalyzeFormat::Mermaid => output::mermaid::render(&analysis),
        AnalyzeFormat::Script => output::walkthrough::render(&analysis),
    };
    emit(a.output.as_deref(), &text)?;
    if let Some(path) = &a.output {
        if !global.quiet {
            let crit = analysis
                .critical_flow
                .as_ref()
                .map(|c| format!("; most critical flow: {} ({})", c.flow, c.summary))
                .unwrap_or_default();
            eprintln!(
                "wrote {} ({} threats, {} high or critical{crit})",
                path.display(),
                analysis.threats.len(),
                analysis
                    .threats
                    .iter()
                    .filter(|t| t.finding.severity >= Severity::High)
                    .count()
            );
        }
    }
    let outcome = gate(analysis.findings(), a.fail_on);
    // The process exits right after this; freeing tens of thousands of
    // findings one by one took a quarter of the run time on a
    // 10,000-element model (measured with perf), so let the OS reclaim it.
    std::mem::forget(text);
    std::mem::forget(analysis);
    Ok(outcome)
}

fn gate<'a>(findings: impl IntoIterator<Item = &'a Finding>, fail_on: Option<Severity>) -> Outcome {
    match fail_on {
        Some(t) if report::fails_on(findings, t) => Outcome::Findings,
        _ => Outcome::Clean,
    }
}

fn lint(global: &Global, content: &Content, a: &LintArgs) -> Result<Outcome, Fail> {
    let model = load_model(global, content, &a.source, None)?;
    let findings = threat_model::lint::lint(&model, content);
    let text = match a.format {
        ListFormat::Json => report::to_json_pretty(&serde_json::json!({
            "model": model.path,
            "findings": findings,
        })),
        ListFormat::Text => report::text::render(&findings, &model.path),
        ListFormat::Md => {
            report::markdown::render(&format!("Threat model lint: {}", model.name), &findings)
        }
    };
    emit(a.output.as_deref(), &text)?;
    Ok(gate(&findings, Some(a.fail_on)))
}

/// A diff side: a JSON report, or a model to analyse.
fn diff_side(
    global: &Global,
    content: &Content,
    path: &std::path::Path,
) -> Result<Vec<threat_model::diff::ThreatSummary>, Fail> {
    let bytes = read_input(path, threat_model::parse::MAX_MODEL_BYTES)?;
    let looks_json = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if looks_json {
        let shown = path.display().to_string();
        let text =
            report::Diagnostic::check_text(&shown, &bytes).map_err(|d| Fail(d.to_string()))?;
        return threat_model::diff::summaries_from_json(text).map_err(|e| {
            Fail(format!(
                "{shown}:{}:{}: error: not a barraiser threat-model JSON report: {e}\n  help: pass a model (YAML) or the output of `analyze --format json`",
                e.line().max(1),
                e.column().max(1)
            ))
        });
    }
    let base = config::load(global.config.as_deref())?.costs();
    let model = threat_model::parse_bytes_with(&path.display().to_string(), &bytes, content, &base)
        .map_err(|d| Fail(render_diagnostics(&d)))?;
    Ok(threat_model::diff::summaries(&threat_model::analyze(
        model, content,
    )))
}

fn diff(global: &Global, content: &Content, a: &DiffArgs) -> Result<Outcome, Fail> {
    let old = diff_side(global, content, &a.old)?;
    let new = diff_side(global, content, &a.new)?;
    let d = threat_model::diff::diff(&old, &new);
    let text = match a.format {
        ListFormat::Text => threat_model::diff::render_text(&d),
        ListFormat::Md => threat_model::diff::render_markdown(&d),
        ListFormat::Json => report::to_json_pretty(&serde_json::json!({
            "added": d.added,
            "removed": d.removed,
            "changed": d.changed,
            "new_high": d.new_high(),
        })),
    };
    emit(a.output.as_deref(), &text)?;
    Ok(if d.new_high().is_empty() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn scenarios(content: &Content, format: ListFormat) -> Result<Outcome, Fail> {
    let text = match format {
        ListFormat::Json => report::to_json_pretty(
            &content
                .scenarios
                .iter()
                .map(|s| serde_json::json!({"name": s.name, "title": s.title, "prompt": s.prompt, "minutes": s.minutes}))
                .collect::<Vec<_>>(),
        ),
        ListFormat::Text => {
            let w = content.scenarios.iter().map(|s| s.name.len()).max().unwrap_or(0);
            let mut s = String::new();
            for sc in &content.scenarios {
                s.push_str(&format!("{:w$}  {} ({} min)\n{:w$}  \"{}\"\n", sc.name, sc.title, sc.minutes, "", sc.prompt));
            }
            s.push_str("\nRun one: barraiser threat-model analyze --scenario NAME\nStart your own from one: barraiser threat-model init NAME\n");
            s
        }
        ListFormat::Md => {
            let mut s = String::from("| Scenario | Title | Minutes | Prompt |\n|---|---|---:|---|\n");
            for sc in &content.scenarios {
                s.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    sc.name,
                    output::markdown::md(&sc.title),
                    sc.minutes,
                    output::markdown::md(&sc.prompt)
                ));
            }
            s
        }
    };
    emit(None, &text)?;
    Ok(Outcome::Clean)
}

fn init(
    global: &Global,
    content: &Content,
    name: &str,
    output: Option<&std::path::Path>,
    force: bool,
) -> Result<Outcome, Fail> {
    let s = content
        .scenario(name)
        .ok_or_else(|| unknown_scenario(content, name))?;
    let default = std::path::PathBuf::from(format!("{name}.yaml"));
    let path = output.unwrap_or(&default);
    if path.exists() && !force {
        return Err(Fail(format!(
            "{}: already exists; pass --force to overwrite it or -o to choose another file",
            path.display()
        )));
    }
    write_atomic(path, s.yaml)?;
    if !global.quiet {
        eprintln!(
            "wrote {}: the reference model for \"{}\". Edit it, then run: barraiser threat-model analyze {}",
            path.display(),
            s.title,
            path.display()
        );
    }
    Ok(Outcome::Clean)
}

fn mitigations(content: &Content, format: ListFormat) -> Result<Outcome, Fail> {
    let text = match format {
        ListFormat::Json => report::to_json_pretty(
            &content
                .mitigations
                .iter()
                .map(|m| serde_json::json!({"id": m.id, "title": m.title, "service": m.service, "control": m.control, "parameter": m.parameter, "metric": m.metric, "effectiveness": m.effectiveness}))
                .collect::<Vec<_>>(),
        ),
        ListFormat::Text => content
            .mitigations
            .iter()
            .map(|m| format!("{}\n  {}: {}\n  parameter: {}\n  metric: {}\n", m.id, m.service, m.title, m.parameter, m.metric))
            .collect::<Vec<_>>()
            .join("\n"),
        ListFormat::Md => {
            let mut s = String::from("| Id | Service | Parameter | Metric |\n|---|---|---|---|\n");
            for m in &content.mitigations {
                s.push_str(&format!(
                    "| `{}` | {} | {} | {} |\n",
                    m.id,
                    output::markdown::md(&m.service),
                    output::markdown::md(&m.parameter),
                    output::markdown::md(&m.metric)
                ));
            }
            s
        }
    };
    emit(None, &text)?;
    Ok(Outcome::Clean)
}

fn rules(content: &Content, format: ListFormat) -> Result<Outcome, Fail> {
    let text = match format {
        ListFormat::Json => report::to_json_pretty(
            &content
                .rules
                .iter()
                .map(|r| serde_json::json!({"id": r.id, "title": r.title, "stride": r.stride.0.letter().to_string(), "applies_to": r.applies_to, "interaction": r.interaction, "mitigations": r.mitigations}))
                .collect::<Vec<_>>(),
        ),
        ListFormat::Text => content
            .rules
            .iter()
            .map(|r| format!("{:40} {} {:7} {}\n", r.id, r.stride.0.letter(), r.applies_to.as_str(), r.title))
            .collect(),
        ListFormat::Md => {
            let mut s = String::from("| Id | STRIDE | Applies to | Title |\n|---|:-:|---|---|\n");
            for r in &content.rules {
                s.push_str(&format!(
                    "| `{}` | {} | {}{} | {} |\n",
                    r.id,
                    r.stride.0.letter(),
                    r.applies_to.as_str(),
                    if r.interaction { " (crossing)" } else { "" },
                    output::markdown::md(&r.title)
                ));
            }
            s
        }
    };
    emit(None, &text)?;
    Ok(Outcome::Clean)
}
