//! `barraiser offboard USER`: revoke a departed user's access in every
//! account. The plan, the order of its steps and the records are the
//! `identity` engine's; the runner is shared with `keys rotate`.

use crate::cli::Global;
use crate::keys::{execute, RunArgs};
use crate::{Fail, Outcome};
use clap::Args;
use identity::{OffboardRequest, Request};

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    barraiser offboard alice                                         # the plan, in the caller's account\n  \
    barraiser offboard alice --accounts-file accounts.txt --apply\n  \
    barraiser offboard alice --accounts 111111111111,222222222222 --delete-user --apply\n  \
    barraiser offboard alice --inventory drill.json --format json    # offline drill\n\n\
    Order in each account: (1) an inline deny on aws:TokenIssueTime ends every session issued so\n\
    far, first, because temporary credentials cannot be listed or deleted; (2) console password;\n\
    (3) access keys deactivated; (4) MFA devices (virtual ones deleted); (5) SSH keys, signing\n\
    certificates, service-specific credentials; (6) access keys deleted; (7) groups, managed and\n\
    inline policies; (8) the user is tagged barraiser:offboarded and kept, or deleted with\n\
    --delete-user. Re-running is safe: done steps are skipped, missing objects count as removed.\n\n\
    Exit codes: 0 done (or a plan printed), 1 a step or an account failed, 2 usage or input error.")]
pub struct OffboardArgs {
    /// The IAM user name to offboard.
    #[arg(value_name = "USER")]
    pub user: String,
    /// Delete the user at the end instead of keeping it tagged and bare.
    #[arg(long)]
    pub delete_user: bool,
    #[command(flatten)]
    pub run: RunArgs,
}

pub fn run(global: &Global, args: &OffboardArgs) -> Result<Outcome, Fail> {
    let req = Request::Offboard(OffboardRequest {
        user: args.user.clone(),
        delete_user: args.delete_user,
    });
    req.validate().map_err(Fail)?;
    let default_state = format!("barraiser-offboard-{}-state.json", args.user);
    execute(
        global,
        &args.run,
        &req,
        &default_state,
        "barraiser-offboard",
    )
}
