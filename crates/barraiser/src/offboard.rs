//! `barraiser offboard` (being written for issue 4).

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct OffboardArgs {}

pub fn run(_global: &Global, _args: &OffboardArgs) -> Result<Outcome, Fail> {
    Err(Fail("`barraiser offboard` is not available yet".into()))
}
