//! # stripe-key: Stripe secret and restricted keys
//!
//! **Finds** secret (`sk_live_`) and restricted (`rk_live_`) live-mode
//! keys, and their test-mode forms (`sk_test_`, `rk_test_`) at low
//! severity. Publishable keys (`pk_`) are meant for browsers and are not
//! reported.
//!
//! **Why it matters.** A live secret key moves money: it can create
//! charges and refunds, read customers and card metadata, and change
//! payout settings. Test keys cannot touch real money but reveal the
//! account and its test data.
//!
//! **Example.** `STRIPE_SECRET_KEY=sk_live_` followed by 24 or more letters
//! and digits.
//!
//! **Fix.** Roll the key in the Stripe dashboard (Developers > API keys),
//! review the request log for its use, and prefer restricted keys that
//! hold only the permissions the service needs.

use super::{at, Candidate, FileCtx, Line, Rule, RuleInfo};
use crate::secret::entropy;
use regex::bytes::Regex;
use report::{Confidence, Severity};
use std::sync::LazyLock;

pub const INFO: RuleInfo = RuleInfo {
    id: "stripe-key",
    title: "Stripe API key",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[798],
    finds: "Stripe live secret and restricted keys (sk_live_, rk_live_); test keys at low severity.",
    why: "A live secret key moves money: charges, refunds, customer data and payout settings.",
    fix: "Roll the key in the Stripe dashboard and use a restricted key from a secret store",
    service: "Stripe / AWS Secrets Manager",
    parameter: "Developers > API keys > Roll key (expire the old one now); replace with a restricted key limited to the resources the service uses",
    metric: "Stripe request log: no requests with the old key after the roll",
    priority: 0,
};

static RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([sr]k)_(live|test)_([0-9A-Za-z]{20,247})").expect("valid regex")
});

pub struct StripeKey;

impl Rule for StripeKey {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        ["sk_live_", "rk_live_", "sk_test_", "rk_test_"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn scan(&self, _cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for c in RE.captures_iter(t) {
            let m = c.get(0).expect("group 0");
            if at(t, m.start() as isize - 1).is_ascii_alphanumeric() || entropy(&c[3]) < 3.0 {
                continue;
            }
            let restricted = &c[1] == b"rk";
            let live = &c[2] == b"live";
            let what = match (live, restricted) {
                (true, false) => "Stripe live secret key",
                (true, true) => "Stripe live restricted key",
                (false, false) => "Stripe test secret key",
                (false, true) => "Stripe test restricted key",
            };
            let cand = Candidate::new(&INFO, m.start(), m.end(), t).what(what);
            out.push(match (live, restricted) {
                (true, false) => cand,
                (true, true) => cand.severity(Severity::High),
                (false, _) => cand.severity(Severity::Low),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    #[test]
    fn live_keys_are_critical_test_keys_low() {
        let r = "4eC39HqLyjWDarjtT1zdp7dcQm8Vx2Lk";
        let src =
            format!("STRIPE_KEY=sk_live_{r}\nrk_live_{r}\nstripe.api_key = \"sk_test_{r}\"\n");
        let h = check(&StripeKey, "settings.py", &src);
        let sev: Vec<Severity> = h.iter().map(|x| x.2).collect();
        assert_eq!(sev, vec![Severity::Critical, Severity::High, Severity::Low]);
    }

    #[test]
    fn ignores_publishable_and_fillers() {
        let src = "pk_live_4eC39HqLyjWDarjtT1zdp7dc\nsk_live_xxxxxxxxxxxxxxxxxxxxxxxx\nsk_live_short\nask_live_4eC39HqLyjWDarjtT1zdp7dc\n";
        assert_eq!(check(&StripeKey, "a.js", src), vec![]);
    }
}
