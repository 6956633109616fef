//! `offboarding-plan`: the ordered steps that remove a leaver's access in
//! every AWS account.
//!
//! Input: line 1 `USER` or `USER delete`; the rest is an identity
//! inventory in barraiser's offline JSON format (`{"accounts": [{"account":
//! "123456789012", "users": [...]}]}`). Output: `ACCOUNT VERB OBJECT` per
//! step, accounts in id order, steps in the engine's order: revoke
//! sessions first, then console password, key deactivation, MFA, other
//! credentials, key deletion, permissions, and the tag (or, with `delete`,
//! the deny removed and the user deleted). Lists inside a user are taken
//! in sorted order, as the engine normalises them.
//!
//! The expected answer is `identity::plan` with an offboard request over
//! `identity::Inventory::parse` of the JSON. Edge cases: the user missing
//! from an account (nothing there), a user already bare with the revoke
//! policy and the tag (nothing to do), virtual against hardware MFA,
//! inactive keys (deleted, not deactivated), `delete`.

use super::{fill, lines, Generator, TestInput};
use crate::Error;
use identity::{Inventory, OffboardRequest, Request, Timestamp};
use serde_json::{json, Value};

pub struct Offboarding;

fn user(rng: &mut fastrand::Rng, name: &str, acct: &str) -> Value {
    let mut u = json!({ "name": name });
    let pick = |rng: &mut fastrand::Rng, pool: &[&str]| -> Vec<String> {
        pool.iter()
            .filter(|_| rng.u8(0..3) == 0)
            .map(|s| s.to_string())
            .collect()
    };
    if rng.bool() {
        u["login_profile"] = json!(true);
    }
    let keys: Vec<Value> = (0..rng.usize(0..3))
        .map(|k| {
            json!({
                "id": format!("AKIA{}{:04}{k}", &acct[..11], rng.u16(0..9999)),
                "status": if rng.u8(0..3) == 0 { "Inactive" } else { "Active" },
                "created": format!("2023-{:02}-{:02}T00:00:00Z", rng.u8(1..13), rng.u8(1..29)),
            })
        })
        .collect();
    u["access_keys"] = json!(keys);
    let mfa = pick(
        rng,
        &[
            &format!("arn:aws:iam::{acct}:mfa/{name}"),
            "GAHT12345678",
            &format!("arn:aws:iam::{acct}:u2f/user/{name}/yubikey"),
        ],
    );
    u["mfa_devices"] = json!(mfa
        .iter()
        .map(|s| json!({ "serial": s }))
        .collect::<Vec<_>>());
    u["ssh_public_keys"] = json!(pick(rng, &["APKAEXAMPLE1111", "APKAEXAMPLE2222"]));
    u["signing_certificates"] = json!(pick(rng, &["CERT7QF2K1", "CERT0ABC22"]));
    u["service_specific_credentials"] = json!(pick(rng, &["ACCA1234ABCD"]));
    u["groups"] = json!(pick(rng, &["developers", "admins", "oncall"]));
    u["attached_policies"] = json!(pick(
        rng,
        &[
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
            "arn:aws:iam::aws:policy/AdministratorAccess"
        ]
    ));
    u["inline_policies"] = json!(pick(rng, &["s3-reports", "barraiser-revoke-sessions"]));
    if rng.u8(0..4) == 0 {
        u["tags"] = json!({"barraiser:offboarded": "2024-01-01T00:00:00Z"});
    }
    u
}

impl Generator for Offboarding {
    fn id(&self) -> &'static str {
        "offboarding-plan"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let fixed = r#"{"accounts": [
  {"account": "222222222222", "users": [
    {"name": "mallory", "login_profile": true,
     "access_keys": [{"id": "AKIAMALLORY000000002", "status": "Inactive", "created": "2022-01-01T00:00:00Z"},
                     {"id": "AKIAMALLORY000000001", "status": "Active", "created": "2023-01-01T00:00:00Z"}],
     "mfa_devices": [{"serial": "arn:aws:iam::222222222222:mfa/mallory"}, {"serial": "GAHT12345678"}],
     "groups": ["ops", "admins"], "inline_policies": ["notes"]},
    {"name": "trent"}]},
  {"account": "111111111111", "users": [{"name": "trent"}]},
  {"account": "333333333333", "users": [
    {"name": "mallory", "inline_policies": ["barraiser-revoke-sessions"], "tags": {"barraiser:offboarded": "2024-01-01T00:00:00Z"}}]}
]}
"#;
        let mut v = vec![
            TestInput::stdin(
                "missing, bare and full accounts",
                format!("mallory\n{fixed}"),
            ),
            TestInput::stdin("delete the user", format!("mallory delete\n{fixed}")),
            TestInput::stdin("user nowhere", format!("nobody\n{fixed}")),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let mut accounts = Vec::new();
            for a in 0..rng.usize(1..4) {
                let acct = format!(
                    "{}",
                    100_000_000_000u64 + a as u64 * 111_111_111 + rng.u64(0..1000)
                );
                let mut users = Vec::new();
                if rng.u8(0..4) != 0 {
                    users.push(user(rng, "leaver", &acct));
                }
                if rng.bool() {
                    users.push(user(rng, "colleague", &acct));
                }
                accounts.push(json!({"account": acct, "users": users}));
            }
            let inv = json!({ "accounts": accounts });
            let head = if rng.u8(0..4) == 0 {
                "leaver delete"
            } else {
                "leaver"
            };
            TestInput::stdin(
                format!("random {i}"),
                format!(
                    "{head}\n{}\n",
                    serde_json::to_string_pretty(&inv).unwrap_or_default()
                ),
            )
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let bad = |m: String| Error::Engine {
            exercise: "offboarding-plan".into(),
            message: m,
        };
        let text = input.text();
        let (head, body) = text.split_once('\n').unwrap_or((text, ""));
        let mut h = head.split_whitespace();
        let req = Request::Offboard(OffboardRequest {
            user: h.next().unwrap_or("").to_string(),
            delete_user: h.next() == Some("delete"),
        });
        let inv = Inventory::parse("input", body.as_bytes()).map_err(|d| bad(d.to_string()))?;
        let plan = identity::plan(&inv, &req, Timestamp(1_717_200_000)).map_err(bad)?;
        Ok(lines(plan.accounts.iter().flat_map(|a| {
            a.steps
                .iter()
                .map(|s| format!("{} {} {}", a.account, s.action.verb(), s.action.object()))
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_case_order() {
        let g = Offboarding;
        let v = g.generate(0, 3);
        let a = g.answer(&v[0]).unwrap();
        let want = "\
222222222222 revoke-sessions barraiser-revoke-sessions
222222222222 delete-login-profile user
222222222222 deactivate-access-key AKIAMALLORY000000001
222222222222 deactivate-mfa-device GAHT12345678
222222222222 deactivate-mfa-device arn:aws:iam::222222222222:mfa/mallory
222222222222 delete-virtual-mfa-device arn:aws:iam::222222222222:mfa/mallory
222222222222 delete-access-key AKIAMALLORY000000002
222222222222 delete-access-key AKIAMALLORY000000001
222222222222 remove-from-group admins
222222222222 remove-from-group ops
222222222222 delete-inline-policy notes
222222222222 tag-user barraiser:offboarded
";
        assert_eq!(a, want);
        let d = g.answer(&v[1]).unwrap();
        assert!(d.ends_with(
            "222222222222 delete-inline-policy barraiser-revoke-sessions\n222222222222 delete-user user\n\
             333333333333 delete-inline-policy barraiser-revoke-sessions\n333333333333 delete-user user\n"
        ), "{d}");
        assert_eq!(g.answer(&v[2]).unwrap(), "");
    }
}
