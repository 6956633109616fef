//! `key-rotation-plan`: plan the rotation of old IAM access keys.
//!
//! Input: `NOW MAX_AGE_DAYS GRACE_DAYS` (NOW a date), then one line per
//! access key: `USER KEY_ID STATUS CREATED LAST_USED` (dates `YYYY-MM-DD`,
//! midnight UTC; LAST_USED `-` when never used; at most two keys per user,
//! as IAM allows). An active key created more than MAX_AGE_DAYS days
//! before NOW is rotated. Output: the ordered steps, as `identity::plan`
//! orders them (see the exercise statement): `deactivate USER KEY`,
//! `delete USER KEY`, `delete USER KEY after G days`, `create USER`.
//!
//! The expected answer is `identity::plan` with a `keys rotate
//! --max-age-days` request over the inventory the lines describe
//! (normalised as the engine normalises a file: users by name, keys by
//! creation then id). Edge cases: no keys, a key exactly MAX_AGE_DAYS old
//! (kept) and one day older (rotated), two old keys (the least recently
//! used, never-used first, makes room), an old key with a newer active one
//! (no new key), an old key beside an inactive one (the inactive one makes
//! room), grace 0 (deleted at once).

use super::{fill, lines, Generator, TestInput};
use crate::Error;
use identity::{
    AccessKey, AccountInventory, Action, Inventory, KeyStatus, Request, RotateRequest, Timestamp,
    User,
};

pub struct KeyRotation;

const DAY: i64 = 86_400;

fn date(ts: i64) -> String {
    Timestamp(ts).to_string()[..10].to_string()
}

impl Generator for KeyRotation {
    fn id(&self) -> &'static str {
        "key-rotation-plan"
    }

    fn generate(&self, seed: u64, n: usize) -> Vec<TestInput> {
        let mut v = vec![
            TestInput::stdin("no keys", "2024-06-01 90 7\n"),
            TestInput::stdin(
                "exactly the maximum age, and one day more",
                "2024-06-01 90 7\n\
                 alice AKIAALICE00000000001 Active 2024-03-03 2024-05-30\n\
                 bob AKIABOB0000000000001 Active 2024-03-02 -\n",
            ),
            TestInput::stdin(
                "two old keys: the least recently used makes room",
                "2024-06-01 30 14\n\
                 carol AKIACAROL00000000001 Active 2023-01-01 2024-05-31\n\
                 carol AKIACAROL00000000002 Active 2023-06-01 -\n",
            ),
            TestInput::stdin(
                "old key with a newer active one, old key beside an inactive one, grace 0",
                "2024-06-01 30 0\n\
                 dave AKIADAVE000000000001 Active 2023-01-01 2024-05-01\n\
                 dave AKIADAVE000000000002 Active 2024-05-20 2024-05-31\n\
                 erin AKIAERIN000000000002 Active 2023-02-01 2024-05-31\n\
                 erin AKIAERIN000000000001 Inactive 2022-01-01 -\n",
            ),
        ];
        fill(&mut v, seed, n, |rng, i| {
            let now = 19_800 * DAY + rng.i64(0..1000) * DAY;
            let max_age = [30, 60, 90][rng.usize(0..3)];
            let grace = [0, 7, 30][rng.usize(0..3)];
            let mut s = format!("{} {max_age} {grace}\n", date(now));
            let mut serial = 0;
            for u in ["ci", "deploy", "alice", "bob", "svc-backup"] {
                if rng.u8(0..4) == 0 {
                    continue;
                }
                for _ in 0..rng.usize(1..3) {
                    serial += 1;
                    let age = rng.i64(0..(max_age as i64 * 3));
                    let created = now - age * DAY;
                    let status = if rng.u8(0..4) == 0 {
                        "Inactive"
                    } else {
                        "Active"
                    };
                    let last = if rng.u8(0..3) == 0 {
                        "-".to_string()
                    } else {
                        date(created + rng.i64(0..=age) * DAY)
                    };
                    s.push_str(&format!(
                        "{u} AKIA{:016} {status} {} {last}\n",
                        serial * 7919 + i,
                        date(created)
                    ));
                }
            }
            TestInput::stdin(format!("random {i}"), s)
        });
        v
    }

    fn answer(&self, input: &TestInput) -> Result<String, Error> {
        let bad = |m: String| Error::Engine {
            exercise: "key-rotation-plan".into(),
            message: m,
        };
        let mut it = input.text().lines();
        let header: Vec<&str> = it.next().unwrap_or("").split_whitespace().collect();
        let [now, max_age, grace] = header[..] else {
            return Err(bad(
                "the first line is not `NOW MAX_AGE_DAYS GRACE_DAYS`".into()
            ));
        };
        let now = Timestamp::parse(now).map_err(bad)?;
        let mut acct = AccountInventory {
            account: "123456789012".into(),
            ..AccountInventory::default()
        };
        for l in it {
            let f: Vec<&str> = l.split_whitespace().collect();
            let [user, id, status, created, last] = f[..] else {
                return Err(bad(format!("bad key line `{l}`")));
            };
            let key = AccessKey {
                id: id.into(),
                status: if status == "Active" {
                    KeyStatus::Active
                } else {
                    KeyStatus::Inactive
                },
                created: Timestamp::parse(created).map_err(bad)?,
                last_used: match last {
                    "-" => None,
                    d => Some(Timestamp::parse(d).map_err(bad)?),
                },
            };
            match acct.user_mut(user) {
                Some(u) => u.access_keys.push(key),
                None => {
                    let mut u = User::new(user);
                    u.access_keys.push(key);
                    acct.users.push(u);
                }
            }
        }
        let mut inv = Inventory {
            accounts: vec![acct],
        };
        inv.normalise();
        let req = Request::Rotate(RotateRequest {
            users: Vec::new(),
            max_age_days: Some(
                max_age
                    .parse()
                    .map_err(|_| bad("bad MAX_AGE_DAYS".into()))?,
            ),
            key_ids: Vec::new(),
            grace_days: grace.parse().map_err(|_| bad("bad GRACE_DAYS".into()))?,
            secret_template: "rotated/{account}/{user}".into(),
        });
        let plan = identity::plan(&inv, &req, now).map_err(bad)?;
        let mut out = Vec::new();
        for step in plan.accounts.iter().flat_map(|a| &a.steps) {
            out.push(match (&step.action, &step.wait) {
                (Action::DeactivateAccessKey { user, key_id }, _) => {
                    format!("deactivate {user} {key_id}")
                }
                (Action::DeleteAccessKey { user, key_id }, Some(w)) => {
                    format!("delete {user} {key_id} after {} days", w.days)
                }
                (Action::DeleteAccessKey { user, key_id }, None) => {
                    format!("delete {user} {key_id}")
                }
                (Action::CreateAccessKey { user, .. }, _) => format!("create {user}"),
                (other, _) => return Err(bad(format!("unexpected step {}", other.verb()))),
            });
        }
        Ok(lines(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_cases() {
        let g = KeyRotation;
        let v = g.generate(0, 4);
        assert_eq!(g.answer(&v[0]).unwrap(), "");
        assert_eq!(
            g.answer(&v[1]).unwrap(),
            "create bob\ndeactivate bob AKIABOB0000000000001\ndelete bob AKIABOB0000000000001 after 7 days\n"
        );
        assert_eq!(
            g.answer(&v[2]).unwrap(),
            "deactivate carol AKIACAROL00000000002\ndelete carol AKIACAROL00000000002\ncreate carol\n\
             deactivate carol AKIACAROL00000000001\ndelete carol AKIACAROL00000000001 after 14 days\n"
        );
        assert_eq!(
            g.answer(&v[3]).unwrap(),
            "deactivate dave AKIADAVE000000000001\ndelete dave AKIADAVE000000000001\n\
             delete erin AKIAERIN000000000001\ncreate erin\n\
             deactivate erin AKIAERIN000000000002\ndelete erin AKIAERIN000000000002\n"
        );
    }
}
