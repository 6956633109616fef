//! Planner and executor tests over the in-memory backend: order, the
//! two-key limit, grace periods, resume after a failure at any step, and
//! idempotence.

use crate::plan::{OFFBOARD_TAG, REVOKE_POLICY};
use crate::sim::{Fault, SimBackend};
use crate::*;
use proptest::prelude::*;

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

const NOW: &str = "2025-06-01T12:00:00Z";

fn key(id: &str, status: KeyStatus, created: &str, last_used: Option<&str>) -> AccessKey {
    AccessKey {
        id: id.into(),
        status,
        created: ts(created),
        last_used: last_used.map(ts),
    }
}

fn alice() -> User {
    User {
        name: "alice".into(),
        access_keys: vec![key(
            "AKIAALICEOLD00000001",
            KeyStatus::Active,
            "2024-01-10T00:00:00Z",
            Some("2025-05-30T00:00:00Z"),
        )],
        login_profile: true,
        mfa_devices: vec![
            MfaDevice {
                serial: "arn:aws:iam::111111111111:mfa/alice".into(),
            },
            MfaDevice {
                serial: "GAHT12345678".into(),
            },
        ],
        ssh_public_keys: vec!["APKAALICESSH0001".into()],
        signing_certificates: vec!["CERTALICE0001".into()],
        service_specific_credentials: vec!["ACCAALICE0001".into()],
        groups: vec!["developers".into(), "oncall".into()],
        attached_policies: vec!["arn:aws:iam::aws:policy/ReadOnlyAccess".into()],
        inline_policies: vec!["s3-scratch".into()],
        tags: Default::default(),
    }
}

fn inventory() -> Inventory {
    let bob = User {
        name: "bob".into(),
        access_keys: vec![
            key(
                "AKIABOBACTIVE0000001",
                KeyStatus::Active,
                "2023-03-01T00:00:00Z",
                Some("2025-05-01T00:00:00Z"),
            ),
            key(
                "AKIABOBINACTIVE00002",
                KeyStatus::Inactive,
                "2022-03-01T00:00:00Z",
                None,
            ),
        ],
        ..User::new("bob")
    };
    let carol = User {
        name: "carol".into(),
        access_keys: vec![
            key(
                "AKIACAROLA000000001",
                KeyStatus::Active,
                "2023-01-01T00:00:00Z",
                Some("2025-05-31T00:00:00Z"),
            ),
            key(
                "AKIACAROLB000000002",
                KeyStatus::Active,
                "2023-06-01T00:00:00Z",
                Some("2024-01-01T00:00:00Z"),
            ),
        ],
        ..User::new("carol")
    };
    let dave = User {
        name: "dave".into(),
        access_keys: vec![key(
            "AKIADAVEFRESH0000001",
            KeyStatus::Active,
            "2025-05-20T00:00:00Z",
            None,
        )],
        ..User::new("dave")
    };
    let mut a2 = alice();
    a2.mfa_devices = vec![MfaDevice {
        serial: "arn:aws:iam::222222222222:mfa/alice".into(),
    }];
    a2.access_keys = vec![key(
        "AKIAALICEB2000000001",
        KeyStatus::Active,
        "2021-01-01T00:00:00Z",
        None,
    )];
    let mut inv = Inventory {
        accounts: vec![
            AccountInventory {
                account: "111111111111".into(),
                users: vec![alice(), bob, carol, dave],
                ..Default::default()
            },
            AccountInventory {
                account: "222222222222".into(),
                users: vec![a2],
                ..Default::default()
            },
        ],
    };
    inv.normalise();
    inv
}

fn rotate(users: &[&str], max_age: Option<u32>, keys: &[&str], grace: u32) -> Request {
    Request::Rotate(RotateRequest {
        users: users.iter().map(|s| s.to_string()).collect(),
        max_age_days: max_age,
        key_ids: keys.iter().map(|s| s.to_string()).collect(),
        grace_days: grace,
        secret_template: plan::DEFAULT_SECRET_TEMPLATE.into(),
    })
}

fn offboard(user: &str, delete: bool) -> Request {
    Request::Offboard(OffboardRequest {
        user: user.into(),
        delete_user: delete,
    })
}

struct World {
    sims: Vec<SimBackend>,
}

impl World {
    fn new(inv: &Inventory, now: Timestamp) -> World {
        World {
            sims: inv
                .accounts
                .iter()
                .map(|a| SimBackend::new(a.clone(), now))
                .collect(),
        }
    }
    fn sim(&self, acct: &str) -> &SimBackend {
        self.sims.iter().find(|s| s.account() == acct).unwrap()
    }
    fn inventory(&self) -> Inventory {
        Inventory {
            accounts: self.sims.iter().map(|s| s.snapshot()).collect(),
        }
    }
    /// Every write, `account operation object`.
    fn writes(&self) -> Vec<String> {
        self.sims
            .iter()
            .flat_map(|s| {
                s.writes()
                    .into_iter()
                    .map(|w| format!("{} {w}", s.account()))
            })
            .collect()
    }
    /// Run every account once; the outcomes in account order.
    fn run(&self, journal: &Journal, now: Timestamp) -> Vec<AccountOutcome> {
        let plan = journal.state().plan;
        for s in &self.sims {
            s.set_now(now);
        }
        plan.accounts
            .iter()
            .map(|a| run_account(a, self.sim(&a.account), journal, &|| now).unwrap())
            .collect()
    }
}

fn text(p: &Plan) -> String {
    p.render_text(&|_| None)
}

#[test]
fn rotate_plan_for_one_user_creates_then_deactivates_then_waits() {
    let p = plan(&inventory(), &rotate(&["alice"], None, &[], 7), ts(NOW)).unwrap();
    insta::assert_snapshot!("rotate_alice", text(&p));
    let a = &p.accounts[0].steps;
    assert_eq!(a.len(), 3);
    assert!(matches!(a[0].action, Action::CreateAccessKey { .. }));
    assert!(matches!(a[1].action, Action::DeactivateAccessKey { .. }));
    assert!(matches!(a[2].action, Action::DeleteAccessKey { .. }));
    assert_eq!(
        a[2].wait.as_ref().unwrap().after.as_deref(),
        Some(a[1].id.as_str())
    );
}

#[test]
fn two_key_limit_frees_a_slot_first() {
    let p = plan(
        &inventory(),
        &rotate(&["bob", "carol"], None, &[], 7),
        ts(NOW),
    )
    .unwrap();
    insta::assert_snapshot!("rotate_two_keys", text(&p));
    let ids: Vec<&str> = p.accounts[0].steps.iter().map(|s| s.id.as_str()).collect();
    // bob: the inactive key goes first, no grace: it is not in use.
    let del_inactive = ids
        .iter()
        .position(|i| i.ends_with("delete-access-key:AKIABOBINACTIVE00002"))
        .unwrap();
    let create_bob = ids
        .iter()
        .position(|i| *i == "111111111111:bob:create-access-key:barraiser/iam/111111111111/bob")
        .unwrap();
    assert!(del_inactive < create_bob);
    // carol: two active keys, the least recently used (B) is removed now.
    let del_b = ids
        .iter()
        .position(|i| i.ends_with("delete-access-key:AKIACAROLB000000002"))
        .unwrap();
    let create_carol = ids
        .iter()
        .position(|i| i.contains("carol:create-access-key"))
        .unwrap();
    assert!(del_b < create_carol);
    assert!(p.accounts[0]
        .notes
        .iter()
        .any(|n| n.contains("AKIACAROLB000000002")));

    // And it executes without hitting the limit.
    let w = World::new(&inventory(), ts(NOW));
    let j = Journal::in_memory(State::new(p), "t");
    let out = w.run(&j, ts(NOW));
    assert!(out.iter().all(AccountOutcome::ok), "{out:?}");
    let inv = w.inventory();
    let carol = inv.accounts[0].user("carol").unwrap();
    assert_eq!(carol.access_keys.len(), 2);
    assert_eq!(
        carol.key("AKIACAROLA000000001").unwrap().status,
        KeyStatus::Inactive
    );
}

#[test]
fn compromised_key_is_deactivated_before_anything_else() {
    let p = plan(
        &inventory(),
        &rotate(
            &[],
            None,
            &["AKIACAROLB000000002", "AKIANOTANYWHERE00001"],
            7,
        ),
        ts(NOW),
    )
    .unwrap();
    insta::assert_json_snapshot!("rotate_compromised", p);
    let first = &p.accounts[0].steps[0];
    assert_eq!(
        first.id,
        "111111111111:carol:deactivate-access-key:AKIACAROLB000000002"
    );
    assert!(p.notes.iter().any(|n| n.contains("AKIANOTANYWHERE00001")));
    // carol has two keys: the compromised one makes room (no grace), then
    // she gets a new key; her other key A is not compromised and stays.
    let ids: Vec<&str> = p.accounts[0].steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "111111111111:carol:deactivate-access-key:AKIACAROLB000000002",
            "111111111111:carol:delete-access-key:AKIACAROLB000000002",
            "111111111111:carol:create-access-key:barraiser/iam/111111111111/carol",
        ]
    );

    // A compromised key with a newer active key beside it: deactivated and
    // deleted after the grace period, no new key.
    let p = plan(
        &inventory(),
        &rotate(&[], None, &["AKIACAROLA000000001"], 7),
        ts(NOW),
    )
    .unwrap();
    assert_eq!(p.accounts[0].steps.len(), 2);
    assert!(p.accounts[0].notes[0].contains("already has a newer active key"));
}

#[test]
fn max_age_selects_old_keys_only() {
    let p = plan(&inventory(), &rotate(&[], Some(90), &[], 7), ts(NOW)).unwrap();
    let users: std::collections::BTreeSet<&str> =
        p.steps().filter_map(|(_, s)| s.action.user()).collect();
    assert!(!users.contains("dave"), "dave's key is 12 days old");
    assert!(users.contains("alice") && users.contains("bob") && users.contains("carol"));
}

#[test]
fn grace_period_defers_deletion_until_a_later_run() {
    let inv = inventory();
    let t0 = ts(NOW);
    let p = plan(&inv, &rotate(&["alice"], None, &[], 7), t0).unwrap();
    let w = World::new(&inv, t0);
    let j = Journal::in_memory(State::new(p), "t");
    let out = w.run(&j, t0);
    assert_eq!(out[0].waiting.len(), 1);
    assert_eq!(out[0].waiting[0].1, t0.plus_days(7));
    let alice = w.inventory().accounts[0].user("alice").cloned().unwrap();
    assert_eq!(alice.access_keys.len(), 2);
    assert_eq!(
        alice.key("AKIAALICEOLD00000001").unwrap().status,
        KeyStatus::Inactive
    );
    // Three days later: still waiting, nothing written.
    let before = w.writes().len();
    let out = w.run(&j, t0.plus_days(3));
    assert_eq!(out[0].waiting.len(), 1);
    assert_eq!(w.writes().len(), before);
    // After the grace period: deleted.
    let out = w.run(&j, t0.plus_days(7));
    assert!(out[0].waiting.is_empty());
    assert_eq!(out[0].applied.len(), 1);
    let alice = w.inventory().accounts[0].user("alice").cloned().unwrap();
    assert_eq!(alice.access_keys.len(), 1);
    assert!(j.state().finished());
    let audit = j.audit_lines();
    assert!(audit.iter().any(|r| r.event == "waiting"));
}

#[test]
fn grace_zero_deletes_at_once() {
    let inv = inventory();
    let p = plan(&inv, &rotate(&["alice"], None, &[], 0), ts(NOW)).unwrap();
    assert!(p.steps().all(|(_, s)| s.wait.is_none()));
    let w = World::new(&inv, ts(NOW));
    let j = Journal::in_memory(State::new(p), "t");
    w.run(&j, ts(NOW));
    let alice = w.inventory().accounts[0].user("alice").cloned().unwrap();
    assert_eq!(alice.access_keys.len(), 1);
    assert!(alice.access_keys[0].id.starts_with("AKIASIM"));
    let acct = &w.inventory().accounts[0];
    assert_eq!(
        acct.secrets["barraiser/iam/111111111111/alice"],
        alice.access_keys[0].id
    );
}

#[test]
fn offboard_plan_revokes_sessions_first() {
    let p = plan(&inventory(), &offboard("alice", false), ts(NOW)).unwrap();
    insta::assert_snapshot!("offboard_alice", text(&p));
    for a in &p.accounts {
        assert!(matches!(a.steps[0].action, Action::RevokeSessions { .. }));
        assert!(matches!(
            a.steps.last().unwrap().action,
            Action::TagUser { .. }
        ));
    }
    let w = World::new(&inventory(), ts(NOW));
    let j = Journal::in_memory(State::new(p), "t");
    let out = w.run(&j, ts(NOW));
    assert!(out.iter().all(AccountOutcome::ok), "{out:?}");
    let inv = w.inventory();
    for a in &inv.accounts {
        let u = a.user("alice").unwrap();
        assert!(u.is_bare(REVOKE_POLICY), "{u:?}");
        assert_eq!(u.inline_policies, [REVOKE_POLICY]);
        assert!(u.tags.contains_key(OFFBOARD_TAG));
        assert!(a.unassigned_virtual_mfa.is_empty(), "virtual MFA deleted");
    }
    // The first write in each account is the deny.
    assert!(w.sim("111111111111").writes()[0]
        .starts_with("iam:PutUserPolicy barraiser-revoke-sessions"));
    // Planning again finds nothing to do.
    let again = plan(&inv, &offboard("alice", false), ts(NOW).plus_days(1)).unwrap();
    assert_eq!(again.step_count(), 0, "{}", text(&again));
}

#[test]
fn offboard_with_delete_user_removes_the_user() {
    let p = plan(&inventory(), &offboard("alice", true), ts(NOW)).unwrap();
    let last: Vec<&str> = p.accounts[0]
        .steps
        .iter()
        .rev()
        .take(2)
        .map(|s| s.action.verb())
        .collect();
    assert_eq!(last, ["delete-user", "delete-inline-policy"]);
    let w = World::new(&inventory(), ts(NOW));
    let j = Journal::in_memory(State::new(p), "t");
    let out = w.run(&j, ts(NOW));
    assert!(out.iter().all(AccountOutcome::ok), "{out:?}");
    assert!(w
        .inventory()
        .accounts
        .iter()
        .all(|a| a.user("alice").is_none()));
    let again = plan(&w.inventory(), &offboard("alice", true), ts(NOW)).unwrap();
    assert_eq!(again.step_count(), 0);
    assert!(again.accounts[0].notes[0].contains("no user alice"));
}

#[test]
fn a_finished_plan_runs_again_as_a_no_op() {
    for req in [
        offboard("alice", false),
        rotate(&["alice", "bob", "carol"], None, &[], 0),
    ] {
        let inv = inventory();
        let p = plan(&inv, &req, ts(NOW)).unwrap();
        let w = World::new(&inv, ts(NOW));
        let j = Journal::in_memory(State::new(p), "t");
        w.run(&j, ts(NOW));
        let writes = w.writes();
        let end = w.inventory();
        let out = w.run(&j, ts(NOW).plus_days(30));
        assert!(out
            .iter()
            .all(|o| o.applied.is_empty() && o.already.is_empty()));
        assert_eq!(w.writes(), writes);
        assert_eq!(w.inventory(), end);
    }
}

#[test]
fn a_lost_state_file_still_finds_the_work_done() {
    // The same plan against an account where everything already happened:
    // every step is "already", no write call is made.
    let inv = inventory();
    let p = plan(&inv, &offboard("alice", false), ts(NOW)).unwrap();
    let w = World::new(&inv, ts(NOW));
    w.run(&Journal::in_memory(State::new(p.clone()), "a"), ts(NOW));
    let before: Vec<usize> = w.sims.iter().map(|s| s.writes().len()).collect();
    let j = Journal::in_memory(State::new(p.clone()), "b");
    let out = w.run(&j, ts(NOW));
    let puts: Vec<String> = w
        .sims
        .iter()
        .zip(before)
        .flat_map(|(s, n)| s.writes()[n..].to_vec())
        .collect();
    // Only the overwrite of the deny policy and the virtual-MFA deletes are
    // calls whose state the user snapshot cannot show; both are harmless.
    assert!(
        puts.iter()
            .all(|p| p.starts_with("iam:PutUserPolicy") || p.starts_with("FAILED")),
        "{puts:?}"
    );
    assert!(out.iter().all(AccountOutcome::ok), "{out:?}");
}

#[test]
fn secret_store_failure_takes_the_new_key_back() {
    let inv = inventory();
    let p = plan(&inv, &rotate(&["alice"], None, &[], 7), ts(NOW)).unwrap();
    let w = World::new(&inv, ts(NOW));
    w.sim("111111111111").fail_secret_writes(true);
    let j = Journal::in_memory(State::new(p), "t");
    let out = w.run(&j, ts(NOW));
    let (step, err) = out[0].failed.clone().unwrap();
    assert!(step.contains("create-access-key"), "{step}");
    assert!(err.contains("deleted again"), "{err}");
    let alice = w.inventory().accounts[0].user("alice").cloned().unwrap();
    assert_eq!(alice.access_keys.len(), 1, "no orphan key left");
    assert_eq!(
        alice.access_keys[0].status,
        KeyStatus::Active,
        "old key untouched"
    );
    // Account 222222222222 went on.
    assert!(out[1].ok());
    w.sim("111111111111").fail_secret_writes(false);
    let out = w.run(&j, ts(NOW));
    assert!(out[0].ok(), "{out:?}");
    let alice = w.inventory().accounts[0].user("alice").cloned().unwrap();
    assert_eq!(alice.access_keys.len(), 2);
}

#[test]
fn a_run_that_died_between_create_and_store_deletes_its_orphan() {
    let inv = inventory();
    let p = plan(&inv, &rotate(&["alice"], None, &[], 7), ts(NOW)).unwrap();
    let w = World::new(&inv, ts(NOW));
    let j = Journal::in_memory(State::new(p.clone()), "t");
    let step = &p.accounts[0].steps[0];
    // What the executor does before dying: create, record the id.
    let orphan = w.sim("111111111111").create_access_key("alice").unwrap();
    j.set_pending_key(&step.id, Some(&orphan.id)).unwrap();
    let out = w.run(&j, ts(NOW));
    assert!(out[0].ok(), "{out:?}");
    let acct = w.inventory().accounts[0].clone();
    let alice = acct.user("alice").unwrap();
    assert!(alice.key(&orphan.id).is_none(), "orphan deleted");
    assert_eq!(alice.access_keys.len(), 2);
    assert_eq!(
        acct.secrets["barraiser/iam/111111111111/alice"],
        alice
            .access_keys
            .iter()
            .find(|k| k.status == KeyStatus::Active)
            .unwrap()
            .id
    );
}

#[test]
fn journal_files_are_written_and_resume_from_disk() {
    let dir = tempdir();
    let state = dir.join("state.json");
    let audit = dir.join("audit.jsonl");
    let inv = inventory();
    let p = plan(&inv, &rotate(&["alice"], None, &[], 7), ts(NOW)).unwrap();
    let w = World::new(&inv, ts(NOW));
    w.sim("111111111111").set_fault(Some(Fault::Before(2)));
    {
        let j = Journal::open(State::new(p.clone()), Some(&state), Some(&audit), "run1").unwrap();
        let out = w.run(&j, ts(NOW));
        assert!(out[0].failed.is_some());
    }
    let st = State::parse("state.json", &std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(st.plan, p);
    assert!(st.done_at(&p.accounts[0].steps[0].id).is_some());
    {
        let j = Journal::open(st, Some(&state), Some(&audit), "run2").unwrap();
        let out = w.run(&j, ts(NOW));
        assert!(out[0].ok(), "{out:?}");
    }
    let lines = std::fs::read_to_string(&audit).unwrap();
    let recs: Vec<AuditRecord> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(recs.iter().any(|r| r.run == "run1" && r.event == "failed"));
    assert!(recs.iter().any(|r| r.run == "run2" && r.event == "done"));
    assert!(
        !lines.contains("simulated-secret"),
        "secret leaked into the audit log"
    );
    assert!(!std::fs::read_to_string(&state)
        .unwrap()
        .contains("simulated-secret"));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn fan_out_keeps_order_and_survives_failures() {
    let items: Vec<u32> = (0..20).collect();
    let r = fan_out(&items, 4, |i| {
        if *i == 7 {
            panic!("account 7 exploded");
        }
        i * 2
    });
    assert_eq!(r.len(), 20);
    assert!(r[7].is_err());
    assert_eq!(*r[19].as_ref().unwrap(), 38);
}

#[test]
fn bad_requests_are_refused() {
    let inv = inventory();
    assert!(plan(&inv, &rotate(&[], None, &[], 7), ts(NOW))
        .unwrap_err()
        .contains("--user"));
    assert!(plan(&inv, &rotate(&["a b"], None, &[], 7), ts(NOW)).is_err());
    assert!(plan(&inv, &rotate(&[], None, &["nope"], 7), ts(NOW)).is_err());
    let mut r = rotate(&["alice"], None, &[], 7);
    if let Request::Rotate(r) = &mut r {
        r.secret_template = "keys/{account}".into();
    }
    assert!(plan(&inv, &r, ts(NOW)).unwrap_err().contains("{user}"));
}

fn tempdir() -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "identity-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

// ---- properties ----

/// Rename simulator-made key ids in creation order, so two runs that made
/// their keys under different counters compare equal.
fn canon(inv: &Inventory) -> Inventory {
    let mut inv = inv.clone();
    for a in &mut inv.accounts {
        let mut map = std::collections::BTreeMap::new();
        for u in &a.users {
            for k in &u.access_keys {
                if k.id.starts_with("AKIASIM") {
                    let n = map.len();
                    map.entry(k.id.clone())
                        .or_insert(format!("NEW-{}-{n}", u.name));
                }
            }
        }
        for u in &mut a.users {
            for k in &mut u.access_keys {
                if let Some(n) = map.get(&k.id) {
                    k.id = n.clone();
                }
            }
            u.normalise();
        }
        for v in a.secrets.values_mut() {
            if let Some(n) = map.get(v) {
                *v = n.clone();
            }
        }
    }
    inv
}

fn arb_user(name: &'static str) -> impl Strategy<Value = User> {
    let k = (any::<bool>(), 0i64..800, proptest::option::of(0i64..30));
    (
        proptest::collection::vec(k, 0..=2),
        any::<bool>(),
        proptest::collection::vec(any::<bool>(), 0..=2),
        0usize..3,
        proptest::collection::vec(0usize..3, 0..3),
        any::<bool>(),
    )
        .prop_map(move |(keys, login, mfa, ssh, groups, inline)| {
            let now = Timestamp::parse(NOW).unwrap();
            let mut u = User::new(name);
            for (i, (active, age, used)) in keys.into_iter().enumerate() {
                u.access_keys.push(AccessKey {
                    id: format!("AKIA{}{i:015}", name.to_uppercase()),
                    status: if active {
                        KeyStatus::Active
                    } else {
                        KeyStatus::Inactive
                    },
                    created: Timestamp(now.0 - age * 86_400 - i as i64),
                    last_used: used.map(|d| Timestamp(now.0 - d * 86_400)),
                });
            }
            u.login_profile = login;
            for (i, v) in mfa.into_iter().enumerate() {
                u.mfa_devices.push(MfaDevice {
                    serial: if v {
                        format!("arn:aws:iam::111111111111:mfa/{name}{i}")
                    } else {
                        format!("GAHT{name}{i}")
                    },
                });
            }
            u.ssh_public_keys = (0..ssh).map(|i| format!("APKA{name}{i}")).collect();
            u.groups = groups.into_iter().map(|g| format!("g{g}")).collect();
            if inline {
                u.inline_policies.push("extra".into());
            }
            u.attached_policies
                .push("arn:aws:iam::aws:policy/ReadOnlyAccess".into());
            u.normalise();
            u
        })
}

fn arb_inventory() -> impl Strategy<Value = Inventory> {
    (
        arb_user("alice"),
        arb_user("bob"),
        arb_user("alice"),
        any::<bool>(),
    )
        .prop_map(|(a, b, a2, two)| {
            let mut accounts = vec![AccountInventory {
                account: "111111111111".into(),
                users: vec![a, b],
                ..Default::default()
            }];
            if two {
                accounts.push(AccountInventory {
                    account: "222222222222".into(),
                    users: vec![a2],
                    ..Default::default()
                });
            }
            let mut inv = Inventory { accounts };
            inv.normalise();
            inv
        })
}

fn arb_request() -> impl Strategy<Value = Request> {
    prop_oneof![
        (any::<bool>()).prop_map(|d| offboard("alice", d)),
        (prop_oneof![Just(0u32), Just(7)], 0usize..4).prop_map(|(g, sel)| match sel {
            0 => rotate(&["alice"], None, &[], g),
            1 => rotate(&[], Some(90), &[], g),
            2 => rotate(&["bob"], Some(30), &[], g),
            _ => rotate(
                &[],
                None,
                &["AKIAALICE000000000000001", "AKIABOB000000000000000"],
                g
            ),
        }),
    ]
}

fn run_to_end(w: &World, j: &Journal, now: Timestamp) {
    for _ in 0..50 {
        let out = w.run(j, now);
        if out.iter().all(AccountOutcome::ok) {
            return;
        }
    }
    panic!("never finished");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// For any failure point, before or after the call took effect, a
    /// resumed run ends where an uninterrupted one does; with failures
    /// before the call, no write is ever made twice.
    #[test]
    fn resume_reaches_the_clean_end_state(
        inv in arb_inventory(),
        req in arb_request(),
        k in 0usize..30,
        after in any::<bool>(),
    ) {
        let now = Timestamp::parse(NOW).unwrap();
        let p = plan(&inv, &req, now).unwrap();

        let clean = World::new(&inv, now);
        let jc = Journal::in_memory(State::new(p.clone()), "clean");
        let out = clean.run(&jc, now);
        prop_assert!(out.iter().all(AccountOutcome::ok), "{:?}", out);

        let faulty = World::new(&inv, now);
        let fault = if after { Fault::After(k) } else { Fault::Before(k) };
        // A create whose answer is lost leaves a key whose secret nobody
        // has: the executor cannot prove it made it, so that case is
        // reported rather than cleaned up (see create_and_store).
        let victim = &faulty.sims[0];
        let creates_at_k = {
            let probe = World::new(&inv, now);
            let jp = Journal::in_memory(State::new(p.clone()), "probe");
            probe.run(&jp, now);
            probe.sims[0].writes().get(k).is_some_and(|w| w.starts_with("iam:CreateAccessKey"))
        };
        if after && creates_at_k {
            return Ok(());
        }
        victim.set_fault(Some(fault));
        let jf = Journal::in_memory(State::new(p.clone()), "faulty");
        run_to_end(&faulty, &jf, now);

        prop_assert_eq!(canon(&faulty.inventory()), canon(&clean.inventory()));
        if !after {
            let ok: Vec<String> = faulty
                .writes()
                .into_iter()
                .filter(|w| !w.contains(" FAILED ") && !w.contains(" iam:CreateAccessKey ") && !w.contains("AKIASIM"))
                .collect();
            let mut dedup = ok.clone();
            dedup.sort();
            dedup.dedup();
            // A failed secret write takes its key back and the step starts
            // over, so creates (and deletes of keys the run made) may
            // repeat; every other write happens once.
            let repeats = ok.len() - dedup.len();
            prop_assert_eq!(repeats, 0, "writes: {:?}", ok);
        }

        // Executing the finished plan again changes nothing.
        let writes = faulty.writes();
        let again = faulty.run(&jf, now);
        prop_assert!(again.iter().all(|o| o.applied.is_empty() && o.already.is_empty()));
        prop_assert_eq!(faulty.writes(), writes);

        // And planning again against the end state is empty, except the
        // grace-period deletions a rotation leaves waiting and the new
        // rotation a bare --user request asks for.
        if let Request::Offboard(_) = req {
            let replan = plan(&faulty.inventory(), &req, now.plus_days(1)).unwrap();
            prop_assert_eq!(replan.step_count(), 0, "{}", text(&replan));
        }
    }
}
