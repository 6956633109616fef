//! A full good story passes every check; a full bad story fails each one, with
//! the exact set of findings asserted (no snapshots).

use star::{lint, parse_bank, Check, Coverage, Part, Severity};
use time::macros::date;

const BANK: &str = r#"
[[story]]
title = "Leaked access keys in a public repository"
principles = ["ownership", "bias-for-action", "dive-deep"]
date = "2024-09"
situation = """
I was the on-call security engineer for a payments platform that processed
around two million card transactions a day. On a Friday evening an external
researcher emailed our disclosure address: a contractor had pushed a
configuration file with long-lived cloud access keys to a public code
repository, and the commit had been visible for about eleven hours. The keys
belonged to a deployment role that could read the bucket holding settlement
reports and write to two production queues. Nobody else on the security team
was online, and the contractor's own team was in a time zone where it was
three in the morning.
"""
task = """
My job was to contain the exposure before anyone could use the keys, find out
whether anyone already had, and make sure the same mistake could not reach a
public repository again. I also owed the payments director a clear statement
of customer impact by Monday morning, because card data regulations gave us a
fixed window to notify partners if settlement data had been read.
"""
action = """
I deactivated the exposed key pair first rather than deleting it, so I could
keep its identifier for the investigation while removing its power. I then
created a fresh key for the deployment pipeline, stored it in the secrets
manager, and redeployed the two services that used it, which took me forty
minutes including a rollback test. Next I pulled eleven hours of audit logs
for that key and wrote a short query that grouped every call by source
address and operation. I found three calls from an address outside our
ranges, all of them listing buckets, and I confirmed from the object access
logs that none of them read a settlement report. I asked the repository host
to purge the commit from their caches and I had the contractor rewrite the
branch history. On Saturday I wrote a pre-commit hook and a pipeline stage
that scan every push for credential patterns, and I tested them against a
sample of forty known key formats before rolling them out to all
ninety-four repositories. I also proposed replacing long-lived keys for
deployment with short-lived role credentials, wrote the design, and paired
with the platform lead to migrate the first three pipelines. Throughout the
weekend I sent the payments director a four-line status note every six hours
so that leadership never had to chase me for facts.
"""
result = """
The keys were dead within 25 minutes of the email, and the log review showed
zero settlement reports read, so no partner notification was required and we
avoided an estimated $400,000 in incident response and card-scheme fees. The
scanner blocked 17 credential commits in its first quarter, and after the
migration 92% of deployments used credentials that expire within one hour.
The director asked me to present the runbook at the engineering all-hands,
and two other business units adopted the hook within a month. What I learned
is to write the customer-impact statement first: it told me which logs
mattered and kept the investigation focused on the question the business
had to answer.
"""

[[story]]
title = "The dashboard"
principles = ["customer-obsession", "think-big", "earn-trust", "deliver-results", "frugality"]
date = "2019-02"
situation = "We basically had a very old dashboard and I think it was kind of slow."
task = "Make it better."
action = """
We looked at it as a team and we tried to improve the queries. Our manager
helped a lot and we sort of rewrote the slow parts together. We deployed it
after our review and we were happy with it. Then I checked it.
"""
result = "Everyone said the dashboard was much faster and the team was pleased."
"#;

fn checks_of(issues: &[star::Issue]) -> Vec<(Check, Option<Part>)> {
    issues.iter().map(|i| (i.check, i.part)).collect()
}

#[test]
fn good_story_meets_every_bar() {
    let bank = parse_bank(BANK).unwrap();
    let good = &bank[0];
    let issues = lint(good, date!(2025 - 06 - 01));
    assert!(issues.is_empty(), "{issues:#?}");
    let m = good.metrics();
    assert!((450..=600).contains(&m.words), "{} words", m.words);
    assert!(m.i_share.unwrap() > 0.8, "{:?}", m.i_share);
    assert!(m.spoken().starts_with('3'), "{}", m.spoken());
}

#[test]
fn bad_story_fails_every_check() {
    let bank = parse_bank(BANK).unwrap();
    let bad = &bank[1];
    let issues = lint(bad, date!(2025 - 06 - 01));
    let got = checks_of(&issues);
    use Check::*;
    let expected = vec![
        (Parts, Some(Part::Situation)),
        (Parts, Some(Part::Task)),
        (Parts, Some(Part::Result)),
        (ResultMetric, Some(Part::Result)),
        (Ownership, Some(Part::Action)),
        (Length, None),
        (Recency, None),
        (Filler, Some(Part::Situation)),
        (Filler, Some(Part::Situation)),
        (Filler, Some(Part::Situation)),
        (Filler, Some(Part::Situation)),
        (Filler, Some(Part::Action)),
        (Filler, Some(Part::Action)),
        (Filler, Some(Part::Action)),
    ];
    assert_eq!(got, expected, "{issues:#?}");
    let action_words = bad.action.split_whitespace().count();
    assert!(
        action_words >= 40,
        "action is long enough that parts does not flag it"
    );
    let ownership = issues.iter().find(|i| i.check == Ownership).unwrap();
    assert!(
        ownership.message.contains("1 \"I\" against 7 \"we\""),
        "{}",
        ownership.message
    );
    let length = issues.iter().find(|i| i.check == Length).unwrap();
    assert!(length.message.starts_with("too short"));
    assert_eq!(length.severity, Severity::Error);
    let recency = issues.iter().find(|i| i.check == Recency).unwrap();
    assert!(
        recency.message.contains("76 months ago"),
        "{}",
        recency.message
    );
    // Deterministic: same input, same output.
    assert_eq!(issues, lint(bad, date!(2025 - 06 - 01)));
}

#[test]
fn bank_coverage_flags_gaps_and_the_over_reused_story() {
    let bank = parse_bank(BANK).unwrap();
    let cov = Coverage::compute(&bank, star::principles());
    assert_eq!(cov.covered(), 8);
    assert_eq!(cov.gaps.len(), 8);
    assert_eq!(cov.over_reused.len(), 1);
    assert_eq!(cov.over_reused[0].title, "The dashboard");
}
