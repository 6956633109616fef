//! `barraiser iam` (being written for issue 4).

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct IamArgs {}

pub fn run(_global: &Global, _args: &IamArgs) -> Result<Outcome, Fail> {
    Err(Fail("`barraiser iam` is not available yet".into()))
}
