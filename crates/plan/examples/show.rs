//! Print a plan: `cargo run -p plan --example show -- 2025-03-03 2025-03-31 cloud 1.5`
use std::env;

use time::macros::format_description;
use time::Date;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = env::args().skip(1).collect();
    let fmt = format_description!("[year]-[month]-[day]");
    let [today, interview, role, hours] = args.as_slice() else {
        return Err("usage: show TODAY INTERVIEW ROLE HOURS".into());
    };
    let plan = plan::build(
        Date::parse(today, &fmt)?,
        Date::parse(interview, &fmt)?,
        role.parse()?,
        hours.parse()?,
    )?;
    for day in &plan.days {
        println!(
            "day {} {} [{}] {} min",
            day.number,
            day.date,
            day.phase.as_str(),
            day.total_minutes()
        );
        for item in &day.items {
            println!(
                "  {:>3}  {:<19} {}",
                item.minutes,
                item.kind.as_str(),
                item.title
            );
        }
    }
    Ok(())
}
