//! `barraiser secrets` (being written for issue 4).

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct SecretsArgs {}

pub fn run(_global: &Global, _args: &SecretsArgs) -> Result<Outcome, Fail> {
    Err(Fail("`barraiser secrets` is not available yet".into()))
}
