//! `barraiser checklist`: the pre-interview, day-before, interview-day and
//! post-interview lists from the `plan` crate; the post-interview list ends
//! with a thank-you note drafted from the topics of the latest mock (or the
//! ones given with --topic).

use crate::cli::Global;
use crate::prep::DbArg;
use crate::{Fail, Outcome};
use clap::Args;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    barraiser checklist                          # all four lists\n  \
    barraiser checklist day-before\n  \
    barraiser checklist post-interview --interviewer \"Priya\"   # note from the latest mock's topics\n  \
    barraiser checklist post-interview --topic \"KMS key policies\" --topic \"IAM Access Analyzer\"")]
pub struct ChecklistArgs {
    /// pre-interview, day-before, interview-day or post-interview.
    pub list: Option<String>,
    /// Whom the thank-you note addresses.
    #[arg(long, default_value = "")]
    pub interviewer: String,
    /// A topic discussed (repeat); default: the latest mock's topics.
    #[arg(long = "topic")]
    pub topics: Vec<String>,
    #[command(flatten)]
    pub db: DbArg,
}

pub fn run(_g: &Global, a: &ChecklistArgs) -> Result<Outcome, Fail> {
    let lists: Vec<&plan::Checklist> = match &a.list {
        Some(id) => vec![plan::checklist(id).ok_or_else(|| {
            let ids: Vec<&str> = plan::checklists().iter().map(|c| c.id.as_str()).collect();
            Fail(format!(
                "no checklist `{id}`; the lists are: {}",
                ids.join(", ")
            ))
        })?],
        None => plan::checklists().iter().collect(),
    };
    for (n, c) in lists.iter().enumerate() {
        if n > 0 {
            println!();
        }
        println!("{} ({})", c.title, c.id);
        for i in &c.items {
            println!("  [ ] {}", i.text);
        }
        if c.id == "post-interview" {
            let topics = if a.topics.is_empty() {
                crate::mock::latest_topics(&a.db.open()?)?
            } else {
                a.topics.clone()
            };
            println!("\nThank-you note (send within 24 hours):\n");
            print!("{}", plan::thank_you_note(&a.interviewer, &topics));
        }
    }
    Ok(Outcome::Clean)
}
