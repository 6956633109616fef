//! `keys rotate` against moto in two accounts (moto's default one and one
//! reached through sts:AssumeRole): seed users with keys, plan, apply,
//! check the end state through the SDK, let the grace period pass, and
//! check that a second run has nothing to do.

use aws::identity::{Fleet, KEY_ID_TAG};
use aws::testing::{Moto, MOTO_ACCOUNT};
use aws::Session;
use identity::{Journal, Request, RotateRequest, State, Timestamp};

const OTHER: &str = "210987654321";

fn now() -> Timestamp {
    Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

async fn seed(s: &Session) {
    let iam = s.iam();
    for u in ["alice", "bob", "carol"] {
        iam.create_user().user_name(u).send().await.unwrap();
    }
    iam.create_access_key()
        .user_name("alice")
        .send()
        .await
        .unwrap();
    // bob: two keys, one inactive: the inactive one must make room.
    let b1 = iam
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    let b2 = iam
        .create_access_key()
        .user_name("bob")
        .send()
        .await
        .unwrap();
    iam.update_access_key()
        .user_name("bob")
        .access_key_id(b2.access_key().unwrap().access_key_id())
        .status(aws_sdk_iam::types::StatusType::Inactive)
        .send()
        .await
        .unwrap();
    let _ = b1;
    // carol is not asked for and must be untouched.
    iam.create_access_key()
        .user_name("carol")
        .send()
        .await
        .unwrap();
}

async fn keys(s: &Session, user: &str) -> Vec<(String, String)> {
    let out = s
        .iam()
        .list_access_keys()
        .user_name(user)
        .send()
        .await
        .unwrap();
    let mut v: Vec<(String, String)> = out
        .access_key_metadata()
        .iter()
        .map(|k| {
            (
                k.access_key_id().unwrap().to_string(),
                k.status().unwrap().as_str().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn rotate_across_two_accounts_then_nothing_to_do() {
    let moto = Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = moto.session();
    let other = rt
        .block_on(base.assume(OTHER, "OrganizationAccountAccessRole", "seed"))
        .unwrap();
    rt.block_on(seed(&base));
    rt.block_on(seed(&other));
    let before_alice = rt.block_on(keys(&base, "alice"));
    let before_carol = rt.block_on(keys(&base, "carol"));

    let fleet = Fleet::new(
        base.clone(),
        "OrganizationAccountAccessRole",
        "barraiser-test",
        rt.handle().clone(),
    )
    .unwrap();
    assert_eq!(fleet.caller_account(), MOTO_ACCOUNT);
    let accounts = vec![MOTO_ACCOUNT.to_string(), OTHER.to_string()];
    let req = Request::Rotate(RotateRequest {
        users: vec!["alice".into(), "bob".into()],
        max_age_days: None,
        key_ids: vec![],
        grace_days: 7,
        secret_template: identity::plan::DEFAULT_SECRET_TEMPLATE.into(),
    });
    let t0 = now();
    let got = fleet.collect(&accounts, &req);
    assert!(got.failures.is_empty(), "{:?}", got.failures);
    assert_eq!(got.inventory.accounts.len(), 2);
    let plan = identity::plan(&got.inventory, &req, t0).unwrap();
    // Per account: bob's inactive key first, 2 creates, 2 deactivations, 2 waiting deletes.
    for a in &plan.accounts {
        assert_eq!(a.steps.len(), 7, "{}", plan.render_text(&|_| None));
    }

    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let audit = dir.path().join("audit.jsonl");
    let journal =
        Journal::open(State::new(plan.clone()), Some(&state), Some(&audit), "run1").unwrap();
    let (out, warnings) = fleet.execute(&plan, &journal, &|| t0);
    assert!(warnings.is_empty(), "{warnings:?}");
    for o in &out {
        assert!(o.ok(), "{o:?}");
        assert_eq!(o.applied.len(), 5, "{o:?}");
        assert_eq!(o.waiting.len(), 2, "{o:?}");
    }

    for s in [&base, &other] {
        let acct = s.account.clone().unwrap();
        let alice = rt.block_on(keys(s, "alice"));
        assert_eq!(alice.len(), 2, "{alice:?}");
        let active: Vec<_> = alice.iter().filter(|k| k.1 == "Active").collect();
        assert_eq!(active.len(), 1);
        if acct == MOTO_ACCOUNT {
            assert!(
                !before_alice.iter().any(|k| k.0 == active[0].0),
                "the active key is new"
            );
        }
        // The secret holds the new key, and its tag says so.
        let name = format!("barraiser/iam/{acct}/alice");
        let sm = s.secrets_manager();
        let v = rt
            .block_on(sm.get_secret_value().secret_id(&name).send())
            .unwrap();
        let doc: serde_json::Value = serde_json::from_str(v.secret_string().unwrap()).unwrap();
        assert_eq!(doc["AccessKeyId"], active[0].0.as_str());
        assert!(doc["SecretAccessKey"].as_str().unwrap().len() >= 20);
        let d = rt
            .block_on(sm.describe_secret().secret_id(&name).send())
            .unwrap();
        assert!(d
            .tags()
            .iter()
            .any(|t| t.key() == Some(KEY_ID_TAG) && t.value() == Some(active[0].0.as_str())));
        // bob: the inactive key is gone, the old active one is inactive, one new.
        let bob = rt.block_on(keys(s, "bob"));
        assert_eq!(bob.len(), 2, "{bob:?}");
        assert_eq!(bob.iter().filter(|k| k.1 == "Active").count(), 1);
    }
    assert_eq!(
        rt.block_on(keys(&base, "carol")),
        before_carol,
        "carol untouched"
    );

    // The secret never reaches the audit log or the state file.
    let audit_text = std::fs::read_to_string(&audit).unwrap();
    let state_text = std::fs::read_to_string(&state).unwrap();
    let secret = rt
        .block_on(
            base.secrets_manager()
                .get_secret_value()
                .secret_id(format!("barraiser/iam/{MOTO_ACCOUNT}/alice"))
                .send(),
        )
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(secret.secret_string().unwrap()).unwrap();
    let sk = doc["SecretAccessKey"].as_str().unwrap();
    assert!(!audit_text.contains(sk) && !state_text.contains(sk));

    // Eight days later, from the state file: the old keys are deleted.
    let st = State::parse("state.json", &std::fs::read(&state).unwrap()).unwrap();
    let journal = Journal::open(st, Some(&state), Some(&audit), "run2").unwrap();
    let later = t0.plus_days(8);
    let (out, _) = fleet.execute(&plan, &journal, &|| later);
    for o in &out {
        assert!(o.ok(), "{o:?}");
        assert_eq!(o.applied.len(), 2, "{o:?}");
        assert!(o.waiting.is_empty());
    }
    for s in [&base, &other] {
        let alice = rt.block_on(keys(s, "alice"));
        assert_eq!(alice.len(), 1);
        assert_eq!(alice[0].1, "Active");
    }

    // Again: nothing left to do, no call made (every step is done).
    let (out, _) = fleet.execute(&plan, &journal, &|| later);
    for o in &out {
        assert!(
            o.applied.is_empty() && o.already.is_empty() && o.ok(),
            "{o:?}"
        );
        assert_eq!(o.done_before, 7);
    }
    // And a fresh plan for keys older than a day finds nothing.
    let req2 = Request::Rotate(RotateRequest {
        users: vec![],
        max_age_days: Some(1),
        key_ids: vec![],
        grace_days: 7,
        secret_template: identity::plan::DEFAULT_SECRET_TEMPLATE.into(),
    });
    let got = fleet.collect(&accounts, &req2);
    let replan = identity::plan(&got.inventory, &req2, now()).unwrap();
    assert_eq!(replan.step_count(), 0, "{}", replan.render_text(&|_| None));
}

#[test]
fn a_compromised_key_is_switched_off_and_an_unreachable_account_is_reported() {
    let moto = Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = moto.session();
    rt.block_on(seed(&base));
    let bad = rt.block_on(keys(&base, "carol"))[0].0.clone();
    let fleet = Fleet::new(
        base.clone(),
        "OrganizationAccountAccessRole",
        "barraiser-test",
        rt.handle().clone(),
    )
    .unwrap();
    let req = Request::Rotate(RotateRequest {
        users: vec![],
        max_age_days: None,
        key_ids: vec![bad.clone()],
        grace_days: 0,
        secret_template: "rotated/{user}".into(),
    });
    // An account that cannot be reached is reported; the real one goes on.
    let got = fleet.collect(&[MOTO_ACCOUNT.to_string(), "12345".to_string()], &req);
    assert_eq!(got.failures.len(), 1, "{:?}", got.failures);
    assert!(
        got.failures[0].1.contains("not an AWS account id"),
        "{:?}",
        got.failures
    );
    let plan = identity::plan(&got.inventory, &req, now()).unwrap();
    assert_eq!(
        plan.accounts[0].steps[0].id,
        format!("{MOTO_ACCOUNT}:carol:deactivate-access-key:{bad}")
    );
    let journal = Journal::in_memory(State::new(plan.clone()), "r");
    let (out, _) = fleet.execute(&plan, &journal, &now);
    assert!(out[0].ok(), "{out:?}");
    let carol = rt.block_on(keys(&base, "carol"));
    assert_eq!(carol.len(), 1);
    assert_ne!(carol[0].0, bad);
    assert_eq!(carol[0].1, "Active");
    let v = rt
        .block_on(
            base.secrets_manager()
                .get_secret_value()
                .secret_id("rotated/carol")
                .send(),
        )
        .unwrap();
    assert!(v.secret_string().unwrap().contains(&carol[0].0));
}

#[test]
fn an_account_that_drifted_after_planning_fails_alone() {
    let moto = Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = moto.session();
    let other = rt
        .block_on(base.assume(OTHER, "OrganizationAccountAccessRole", "seed"))
        .unwrap();
    rt.block_on(seed(&base));
    rt.block_on(seed(&other));
    let fleet = Fleet::new(
        base.clone(),
        "OrganizationAccountAccessRole",
        "barraiser-test",
        rt.handle().clone(),
    )
    .unwrap();
    let req = Request::Rotate(RotateRequest {
        users: vec!["alice".into()],
        max_age_days: None,
        key_ids: vec![],
        grace_days: 0,
        secret_template: identity::plan::DEFAULT_SECRET_TEMPLATE.into(),
    });
    let accounts = vec![MOTO_ACCOUNT.to_string(), OTHER.to_string()];
    let got = fleet.collect(&accounts, &req);
    let plan = identity::plan(&got.inventory, &req, now()).unwrap();
    // Someone deletes alice in the other account between plan and apply.
    rt.block_on(async {
        let iam = other.iam();
        for (k, _) in keys(&other, "alice").await {
            iam.delete_access_key()
                .user_name("alice")
                .access_key_id(k)
                .send()
                .await
                .unwrap();
        }
        iam.delete_user().user_name("alice").send().await.unwrap();
    });
    let journal = Journal::in_memory(State::new(plan.clone()), "r");
    let (out, _) = fleet.execute(&plan, &journal, &now);
    let by: std::collections::BTreeMap<_, _> =
        out.iter().map(|o| (o.account.as_str(), o)).collect();
    assert!(by[MOTO_ACCOUNT].ok(), "{out:?}");
    let (step, err) = by[OTHER].failed.clone().expect("the drifted account fails");
    assert!(step.contains("create-access-key"), "{step}");
    assert!(err.contains("no longer exists"), "{err}");
    assert_eq!(rt.block_on(keys(&base, "alice")).len(), 1);
}
