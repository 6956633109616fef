//! `barraiser keys rotate|status`, and the plan-then-apply runner that
//! `barraiser offboard` shares.
//!
//! The shell only gathers the request, reads the inventory (a file, or
//! live through `aws::identity::Fleet`), asks `identity` for the plan,
//! prints it, and with `--apply` runs it with a state file and an audit
//! log. A state file that exists and holds the same request resumes that
//! plan instead of making a new one.

use crate::cli::Global;
use crate::live::LiveArgs;
use crate::{io, Fail, Outcome};
use clap::{Args, Subcommand, ValueEnum};
use identity::{
    AccountOutcome, Inventory, Journal, Plan, Request, RotateRequest, State, Timestamp,
};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct KeysArgs {
    #[command(subcommand)]
    pub command: KeysCmd,
}

#[derive(Debug, Subcommand)]
pub enum KeysCmd {
    /// Replace access keys: create a new key, store it in Secrets Manager,
    /// deactivate the old one, delete it after a grace period.
    #[command(after_help = "Examples:\n  \
        barraiser keys rotate --user alice                          # the plan, in the caller's account\n  \
        barraiser keys rotate --user alice --accounts 111111111111,222222222222 --apply\n  \
        barraiser keys rotate --max-age-days 90 --accounts-file accounts.txt --apply\n  \
        barraiser keys rotate --key-id AKIAIOSFODNN7EXAMPLE --grace-days 0 --apply   # compromised\n  \
        barraiser keys rotate --user alice --inventory drill.json --apply            # offline drill\n\n\
        Without --apply nothing changes. With --apply the plan is saved in --state before the first\n\
        change; run the same command again to resume after a failure, and again after the grace\n\
        period to delete the old keys. Every step goes to the --audit-log (JSON Lines).\n\
        The new secret access key is only ever sent to Secrets Manager; it is never printed.\n\n\
        Exit codes: 0 done (or a plan printed), 1 a step or an account failed, 2 usage or input error.")]
    Rotate(Box<RotateArgs>),
    /// Show a saved plan and how far it got.
    #[command(after_help = "Examples:\n  \
        barraiser keys status --state barraiser-keys-state.json\n  \
        barraiser keys status --state offboard-alice.json --format json")]
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Rotate every active key of these users (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', value_name = "NAME")]
    pub user: Vec<String>,
    /// Rotate active keys created more than N days ago (with --user: only theirs).
    #[arg(long, value_name = "N")]
    pub max_age_days: Option<u32>,
    /// A compromised key: deactivated before anything else, then its user
    /// gets a new key (repeat or comma-separate).
    #[arg(long, value_delimiter = ',', value_name = "AKIA...")]
    pub key_id: Vec<String>,
    /// Days between deactivating an old key and deleting it (0: at once).
    #[arg(long, value_name = "DAYS", default_value_t = 7)]
    pub grace_days: u32,
    /// Secrets Manager name for the new key; {account} and {user} are filled in.
    #[arg(long, value_name = "TEMPLATE", default_value = identity::plan::DEFAULT_SECRET_TEMPLATE)]
    pub secret_name: String,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The state file of a run.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: PlanFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanFormat {
    /// The plan, one numbered step per line with the reason.
    Text,
    /// `{ "plan": ..., "state": ..., "outcomes": ... }` for scripts.
    Json,
}

/// What `keys rotate` and `offboard` share: where, how, and the records.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Accounts to act in (comma-separated); default: the caller's account.
    #[arg(long, value_delimiter = ',', value_name = "ID,...")]
    pub accounts: Vec<String>,
    /// Accounts to act in, one 12-digit id per line (# starts a comment).
    #[arg(long, value_name = "FILE")]
    pub accounts_file: Option<PathBuf>,
    /// The role assumed in each account other than the caller's.
    #[arg(
        long,
        value_name = "NAME",
        default_value = "OrganizationAccountAccessRole"
    )]
    pub role_name: String,
    /// Accounts worked on at once.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub concurrency: usize,
    /// Make the changes. Without it the plan is printed and nothing changes.
    #[arg(long)]
    pub apply: bool,
    /// The state file: the plan and the steps done (default:
    /// barraiser-keys-state.json or barraiser-offboard-USER-state.json).
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// The audit log, JSON Lines, appended to (default: barraiser-audit.jsonl).
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
    /// Plan against this inventory file instead of AWS (drills and dry
    /// runs); with --apply the file is updated as the simulated account.
    #[arg(long, value_name = "FILE.json", conflicts_with = "live")]
    pub inventory: Option<PathBuf>,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: PlanFormat,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub live: LiveArgs,
}

pub fn run(global: &Global, args: &KeysArgs) -> Result<Outcome, Fail> {
    match &args.command {
        KeysCmd::Rotate(a) => {
            let req = Request::Rotate(RotateRequest {
                users: a.user.clone(),
                max_age_days: a.max_age_days,
                key_ids: a.key_id.clone(),
                grace_days: a.grace_days,
                secret_template: a.secret_name.clone(),
            });
            execute(
                global,
                &a.run,
                &req,
                "barraiser-keys-state.json",
                "barraiser-keys",
            )
        }
        KeysCmd::Status(a) => {
            let st = read_state(&a.state)?
                .ok_or_else(|| Fail(format!("{}: no such state file", a.state.display())))?;
            let now = clock_now()?;
            let text = match a.format {
                PlanFormat::Text => {
                    let mut s = st.plan.render_text(&|step| st.status(step, now));
                    s.push_str(if st.finished() {
                        "\nfinished\n"
                    } else {
                        "\nnot finished\n"
                    });
                    s
                }
                PlanFormat::Json => report::to_json_pretty(&serde_json::json!({
                    "plan": st.plan, "state": st.steps, "finished": st.finished(),
                })),
            };
            io::emit(None, &text)?;
            Ok(Outcome::Clean)
        }
    }
}

/// The clock: `BARRAISER_NOW` (RFC 3339) when set, for drills and tests
/// that need "eight days later"; else the system time.
pub(crate) fn clock_now() -> Result<Timestamp, Fail> {
    if let Ok(v) = std::env::var("BARRAISER_NOW") {
        return Timestamp::parse(v.trim()).map_err(|e| Fail(format!("BARRAISER_NOW: {e}")));
    }
    Ok(Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    ))
}

fn read_state(path: &Path) -> Result<Option<State>, Fail> {
    if !path.exists() {
        return Ok(None);
    }
    let bytes = io::read_input(path, 256 << 20)?;
    State::parse(&path.display().to_string(), &bytes)
        .map(Some)
        .map_err(|d| Fail(d.to_string()))
}

/// Account ids from `--accounts` and `--accounts-file`, checked.
fn accounts(run: &RunArgs) -> Result<Vec<String>, Fail> {
    let mut out = Vec::new();
    for a in &run.accounts {
        let a = a.trim();
        if !identity::inventory::is_account_id(a) {
            return Err(Fail(format!(
                "--accounts: `{a}` is not an AWS account id (12 digits)"
            )));
        }
        out.push(a.to_string());
    }
    if let Some(p) = &run.accounts_file {
        let shown = p.display().to_string();
        let bytes = io::read_input(p, 16 << 20)?;
        let text =
            report::Diagnostic::check_text(&shown, &bytes).map_err(|d| Fail(d.to_string()))?;
        for (i, line) in text.lines().enumerate() {
            let body = line.split('#').next().unwrap_or("");
            let t = body.trim();
            if t.is_empty() {
                continue;
            }
            if !identity::inventory::is_account_id(t) {
                let col = body.find(t).unwrap_or(0) + 1;
                return Err(Fail(
                    report::Diagnostic::new(
                        &shown,
                        i as u32 + 1,
                        col as u32,
                        format!("`{t}` is not an AWS account id (12 digits)"),
                    )
                    .with_help("one account id per line; # starts a comment")
                    .to_string(),
                ));
            }
            out.push(t.to_string());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Plan, print, and with `--apply` execute `req`: the shared body of
/// `keys rotate` and `offboard`.
pub(crate) fn execute(
    global: &Global,
    run: &RunArgs,
    req: &Request,
    default_state: &str,
    session_name: &str,
) -> Result<Outcome, Fail> {
    req.validate().map_err(Fail)?;
    let accounts = accounts(run)?;
    let state_path = run
        .state
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_state));
    let audit_path = run
        .audit_log
        .clone()
        .unwrap_or_else(|| PathBuf::from("barraiser-audit.jsonl"));
    let now = clock_now()?;
    let prior = read_state(&state_path)?;
    if let Some(st) = &prior {
        if &st.plan.request != req {
            return Err(Fail(format!(
                "{}: this state file holds a {} plan for another request (made {})\n  help: pass another --state, or finish that run (`barraiser keys status --state {}`) and move the file away",
                state_path.display(),
                st.plan.request.kind(),
                st.plan.created,
                state_path.display()
            )));
        }
    }

    // Where the accounts are: a file (offline) or AWS.
    let mut offline: Option<(PathBuf, Inventory)> = None;
    let mut fleet: Option<(aws::identity::Fleet, tokio::runtime::Runtime)> = None;
    let mut failures: Vec<(String, String)> = Vec::new();
    let mut warnings: Vec<String> = Vec::new();
    if let Some(p) = &run.inventory {
        let bytes = io::read_input(p, 256 << 20)?;
        let mut inv =
            Inventory::parse(&p.display().to_string(), &bytes).map_err(|d| Fail(d.to_string()))?;
        if !accounts.is_empty() {
            for a in &accounts {
                if inv.account(a).is_none() {
                    failures.push((a.clone(), format!("not in {}", p.display())));
                }
            }
            inv.accounts.retain(|a| accounts.contains(&a.account));
        }
        offline = Some((p.clone(), inv));
    } else {
        let rt = crate::live::runtime()?;
        let session = rt.block_on(aws::Session::connect(&run.live.connect_options()));
        let mut f =
            aws::identity::Fleet::new(session, &run.role_name, session_name, rt.handle().clone())
                .map_err(|e| Fail(e.to_string()))?;
        f.concurrency = run.concurrency.max(1);
        fleet = Some((f, rt));
    }

    let plan: Plan = match &prior {
        Some(st) => st.plan.clone(),
        None => {
            let inv = match (&offline, &fleet) {
                (Some((_, inv)), _) => inv.clone(),
                (None, Some((f, _))) => {
                    let got = f.collect(&accounts, req);
                    failures.extend(got.failures);
                    warnings.extend(got.warnings);
                    got.inventory
                }
                (None, None) => unreachable!("one source is always set"),
            };
            identity::plan(&inv, req, now).map_err(Fail)?
        }
    };

    for w in &warnings {
        if !global.quiet {
            eprintln!("warning: {w}");
        }
    }
    for (a, e) in &failures {
        eprintln!("error: account {a}: {e}");
    }

    if !run.apply {
        let text = match run.format {
            PlanFormat::Text => {
                let mut s = match &prior {
                    Some(st) => st.plan.render_text(&|step| st.status(step, now)),
                    None => plan.render_text(&|_| None),
                };
                s.push_str(if prior.is_some() {
                    "\nThe saved plan, with its progress; nothing was changed. Run again with --apply to continue.\n"
                } else {
                    "\nDry run: nothing was changed. Run again with --apply to make these changes.\n"
                });
                s
            }
            PlanFormat::Json => report::to_json_pretty(&serde_json::json!({
                "plan": plan,
                "state": prior.as_ref().map(|s| &s.steps),
                "unreachable": failures.iter().map(|(a, e)| serde_json::json!({"account": a, "error": e})).collect::<Vec<_>>(),
            })),
        };
        io::emit(run.output.as_deref(), &text)?;
        return Ok(if failures.is_empty() {
            Outcome::Clean
        } else {
            Outcome::Findings
        });
    }

    let state = prior.unwrap_or_else(|| State::new(plan.clone()));
    let run_id = format!("{}-{}-{}", session_name, now.0, std::process::id());
    let journal =
        Journal::open(state, Some(&state_path), Some(&audit_path), run_id).map_err(|e| {
            Fail(format!(
                "{e}\n  help: check that the directory exists and is writable"
            ))
        })?;
    let clock = || clock_now().unwrap_or(now);
    let mut outcomes: Vec<AccountOutcome> = match (&mut offline, &fleet) {
        (Some((path, inv)), _) => {
            let sims: Vec<identity::sim::SimBackend> = inv
                .accounts
                .iter()
                .map(|a| identity::sim::SimBackend::new(a.clone(), now))
                .collect();
            let mut outs = Vec::new();
            for ap in &plan.accounts {
                match sims
                    .iter()
                    .find(|s| identity::Backend::account(*s) == ap.account)
                {
                    Some(b) => outs.push(
                        identity::run_account(ap, b, &journal, &clock)
                            .map_err(|e| Fail(e.to_string()))?,
                    ),
                    None => outs.push(AccountOutcome::unreachable(
                        &ap.account,
                        "not in the inventory file",
                    )),
                }
            }
            // The simulated accounts are written back: the drill's new state.
            for s in &sims {
                if let Some(a) = inv.account_mut(identity::Backend::account(s)) {
                    *a = s.snapshot();
                }
            }
            io::write_atomic(path, &report::to_json_pretty(&*inv))?;
            outs
        }
        (None, Some((f, _))) => {
            let (o, w) = f.execute(&plan, &journal, &clock);
            for w in w {
                if !global.quiet {
                    eprintln!("warning: {w}");
                }
            }
            o
        }
        (None, None) => unreachable!("one source is always set"),
    };
    for (a, e) in &failures {
        if !outcomes.iter().any(|o| &o.account == a) {
            outcomes.push(AccountOutcome::unreachable(a, e.clone()));
        }
    }
    let st = journal.state();
    let ok = outcomes.iter().all(AccountOutcome::ok);
    let text = match run.format {
        PlanFormat::Text => render_outcomes(&plan, &st, &outcomes, &state_path, &audit_path),
        PlanFormat::Json => report::to_json_pretty(&serde_json::json!({
            "plan": plan,
            "state": st.steps,
            "finished": st.finished(),
            "outcomes": outcomes,
            "state_file": state_path.display().to_string(),
            "audit_log": audit_path.display().to_string(),
        })),
    };
    io::emit(run.output.as_deref(), &text)?;
    Ok(if ok {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}

fn render_outcomes(
    plan: &Plan,
    st: &State,
    outcomes: &[AccountOutcome],
    state_path: &Path,
    audit_path: &Path,
) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "barraiser {}: applied the plan made {}",
        plan.request.kind(),
        plan.created
    );
    for o in outcomes {
        let _ = write!(
            s,
            "\naccount {}: {} done, {} already so, {} done earlier, {} waiting",
            o.account,
            o.applied.len(),
            o.already.len(),
            o.done_before,
            o.waiting.len()
        );
        s.push('\n');
        for id in &o.applied {
            if let Some((_, step)) = plan.steps().find(|(_, x)| &x.id == id) {
                let _ = writeln!(s, "  done: {}", step.action.describe());
            }
        }
        for id in &o.already {
            if let Some((_, step)) = plan.steps().find(|(_, x)| &x.id == id) {
                let _ = writeln!(s, "  already so: {}", step.action.describe());
            }
        }
        for (id, t) in &o.waiting {
            if let Some((_, step)) = plan.steps().find(|(_, x)| &x.id == id) {
                let _ = writeln!(s, "  waiting until {t}: {}", step.action.describe());
            }
        }
        if let Some((id, e)) = &o.failed {
            let _ = writeln!(s, "  FAILED {id}: {e}");
            let _ = writeln!(s, "  (the account's later steps did not run; fix the cause and run the same command again)");
        }
        if let Some(e) = &o.error {
            let _ = writeln!(s, "  FAILED: {e}");
        }
    }
    let failed = outcomes.iter().filter(|o| !o.ok()).count();
    let _ = writeln!(
        s,
        "\n{} account{} ok, {failed} failed; {}; state: {}; audit log: {}",
        outcomes.len() - failed,
        if outcomes.len() - failed == 1 {
            ""
        } else {
            "s"
        },
        if st.finished() {
            "plan finished"
        } else {
            "plan not finished"
        },
        state_path.display(),
        audit_path.display()
    );
    if let Some(t) = outcomes
        .iter()
        .flat_map(|o| o.waiting.iter().map(|w| w.1))
        .max()
    {
        let _ = writeln!(
            s,
            "Run the same command again after {t} to finish the waiting steps."
        );
    }
    s
}
