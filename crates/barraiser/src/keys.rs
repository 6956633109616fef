//! `barraiser keys` (being written for issue 4).

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct KeysArgs {}

pub fn run(_global: &Global, _args: &KeysArgs) -> Result<Outcome, Fail> {
    Err(Fail("`barraiser keys` is not available yet".into()))
}
