//! `barraiser s3` (being written for issue 4).

use crate::cli::Global;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
pub struct S3Args {}

pub fn run(_global: &Global, _args: &S3Args) -> Result<Outcome, Fail> {
    Err(Fail("`barraiser s3` is not available yet".into()))
}
