//! `barraiser logs` (being written for issue 4).

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct LogsArgs {}

pub fn run(_global: &Global, _args: &LogsArgs) -> Result<Outcome, Fail> {
    Err(Fail("`barraiser logs` is not available yet".into()))
}
