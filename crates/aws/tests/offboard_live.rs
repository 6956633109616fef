//! `offboard` against moto in two accounts: seed a user with a password,
//! access keys, a virtual MFA device, an SSH key, groups, a managed and an
//! inline policy; apply; check through the SDK that only the session
//! revocation deny and the tag remain; run again and find nothing to do.

use aws::identity::Fleet;
use aws::testing::{Moto, MOTO_ACCOUNT};
use aws::Session;
use identity::plan::{OFFBOARD_TAG, REVOKE_POLICY};
use identity::{Journal, OffboardRequest, Request, State, Timestamp};

const OTHER: &str = "210987654321";

fn now() -> Timestamp {
    Timestamp(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64,
    )
}

async fn seed(s: &Session, user: &str) {
    let iam = s.iam();
    let acct = s.account.clone().unwrap();
    iam.create_user().user_name(user).send().await.unwrap();
    iam.create_login_profile()
        .user_name(user)
        .password("Corr3ct-Horse-Battery!")
        .send()
        .await
        .unwrap();
    iam.create_access_key()
        .user_name(user)
        .send()
        .await
        .unwrap();
    iam.create_access_key()
        .user_name(user)
        .send()
        .await
        .unwrap();
    let dev = iam
        .create_virtual_mfa_device()
        .virtual_mfa_device_name(user)
        .send()
        .await
        .unwrap();
    let serial = dev
        .virtual_mfa_device()
        .unwrap()
        .serial_number()
        .to_string();
    assert_eq!(serial, format!("arn:aws:iam::{acct}:mfa/{user}"));
    iam.enable_mfa_device()
        .user_name(user)
        .serial_number(&serial)
        .authentication_code1("123456")
        .authentication_code2("654321")
        .send()
        .await
        .unwrap();
    iam.upload_ssh_public_key()
        .user_name(user)
        .ssh_public_key_body("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC1barraisertest user@host")
        .send()
        .await
        .unwrap();
    for g in ["developers", "oncall"] {
        let _ = iam.create_group().group_name(g).send().await;
        iam.add_user_to_group()
            .group_name(g)
            .user_name(user)
            .send()
            .await
            .unwrap();
    }
    let doc = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;
    let arn = match iam
        .create_policy()
        .policy_name("read-reports")
        .policy_document(doc)
        .send()
        .await
    {
        Ok(p) => p.policy().unwrap().arn().unwrap().to_string(),
        Err(_) => format!("arn:aws:iam::{acct}:policy/read-reports"),
    };
    iam.attach_user_policy()
        .user_name(user)
        .policy_arn(arn)
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name(user)
        .policy_name("scratch")
        .policy_document(doc)
        .send()
        .await
        .unwrap();
}

struct Seen {
    login: bool,
    keys: usize,
    mfa: usize,
    virtual_mfa: usize,
    ssh: usize,
    groups: usize,
    attached: usize,
    inline: Vec<String>,
    tags: Vec<String>,
}

async fn look(s: &Session, user: &str) -> Option<Seen> {
    let iam = s.iam();
    if iam.get_user().user_name(user).send().await.is_err() {
        return None;
    }
    Some(Seen {
        login: iam.get_login_profile().user_name(user).send().await.is_ok(),
        keys: iam
            .list_access_keys()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .access_key_metadata()
            .len(),
        mfa: iam
            .list_mfa_devices()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .mfa_devices()
            .len(),
        virtual_mfa: iam
            .list_virtual_mfa_devices()
            .send()
            .await
            .unwrap()
            .virtual_mfa_devices()
            .iter()
            .filter(|d| d.serial_number().ends_with(&format!("mfa/{user}")))
            .count(),
        ssh: iam
            .list_ssh_public_keys()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .ssh_public_keys()
            .len(),
        groups: iam
            .list_groups_for_user()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .groups()
            .len(),
        attached: iam
            .list_attached_user_policies()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .attached_policies()
            .len(),
        inline: iam
            .list_user_policies()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .policy_names()
            .to_vec(),
        tags: iam
            .list_user_tags()
            .user_name(user)
            .send()
            .await
            .unwrap()
            .tags()
            .iter()
            .map(|t| t.key().to_string())
            .collect(),
    })
}

#[test]
fn offboard_in_two_accounts_then_nothing_to_do() {
    let moto = Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = moto.session();
    let other = rt
        .block_on(base.assume(OTHER, "OrganizationAccountAccessRole", "seed"))
        .unwrap();
    for s in [&base, &other] {
        rt.block_on(seed(s, "alice"));
        rt.block_on(seed(s, "bob"));
        let a = rt.block_on(look(s, "alice")).unwrap();
        assert!(a.login && a.keys == 2 && a.mfa == 1 && a.virtual_mfa == 1 && a.ssh == 1);
    }
    let fleet = Fleet::new(
        base.clone(),
        "OrganizationAccountAccessRole",
        "barraiser-test",
        rt.handle().clone(),
    )
    .unwrap();
    let accounts = vec![MOTO_ACCOUNT.to_string(), OTHER.to_string()];
    let req = Request::Offboard(OffboardRequest {
        user: "alice".into(),
        delete_user: false,
    });
    let got = fleet.collect(&accounts, &req);
    assert!(got.failures.is_empty(), "{:?}", got.failures);
    // moto 5.2.1 does not implement ListServiceSpecificCredentials: warned, not fatal.
    for w in &got.warnings {
        assert!(w.contains("ListServiceSpecificCredentials"), "{w}");
    }
    let t0 = now();
    let plan = identity::plan(&got.inventory, &req, t0).unwrap();
    let text = plan.render_text(&|_| None);
    for a in &plan.accounts {
        // revoke, login, 2 deactivations, MFA deactivate + delete, SSH, 2 key
        // deletes, 2 groups, 1 detach, 1 inline, tag.
        assert_eq!(a.steps.len(), 14, "{text}");
        assert_eq!(a.steps[0].action.verb(), "revoke-sessions");
    }

    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let audit = dir.path().join("audit.jsonl");
    let journal =
        Journal::open(State::new(plan.clone()), Some(&state), Some(&audit), "run1").unwrap();
    let (out, _) = fleet.execute(&plan, &journal, &now);
    for o in &out {
        assert!(o.ok(), "{o:?}");
        assert_eq!(o.applied.len(), 14, "{o:?}");
    }

    for s in [&base, &other] {
        let a = rt.block_on(look(s, "alice")).expect("alice is kept");
        assert!(!a.login);
        assert_eq!(
            (a.keys, a.mfa, a.virtual_mfa, a.ssh, a.groups, a.attached),
            (0, 0, 0, 0, 0, 0)
        );
        assert_eq!(a.inline, [REVOKE_POLICY]);
        assert!(a.tags.iter().any(|t| t == OFFBOARD_TAG), "{:?}", a.tags);
        // The deny is the TokenIssueTime condition at the plan's time.
        let p = rt
            .block_on(
                s.iam()
                    .get_user_policy()
                    .user_name("alice")
                    .policy_name(REVOKE_POLICY)
                    .send(),
            )
            .unwrap();
        let raw = p.policy_document();
        let decoded = percent_decode(raw);
        let doc: serde_json::Value = serde_json::from_str(&decoded).unwrap();
        let st = &doc["Statement"][0];
        assert_eq!(st["Effect"], "Deny");
        assert_eq!(
            st["Condition"]["DateLessThan"]["aws:TokenIssueTime"],
            t0.to_string()
        );
        // bob is untouched.
        let b = rt.block_on(look(s, "bob")).unwrap();
        assert!(b.login && b.keys == 2 && b.mfa == 1 && b.ssh == 1 && b.groups == 2);
    }
    // The audit log has an attempt and a done line for every step.
    let lines = std::fs::read_to_string(&audit).unwrap();
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.contains("\"event\":\"done\""))
            .count(),
        28
    );
    assert_eq!(
        lines
            .lines()
            .filter(|l| l.contains("\"event\":\"attempt\""))
            .count(),
        28
    );

    // Again from the state: nothing. And a fresh plan: nothing.
    let (out, _) = fleet.execute(&plan, &journal, &now);
    assert!(out
        .iter()
        .all(|o| o.applied.is_empty() && o.already.is_empty() && o.ok()));
    let got = fleet.collect(&accounts, &req);
    let replan = identity::plan(&got.inventory, &req, now()).unwrap();
    assert_eq!(replan.step_count(), 0, "{}", replan.render_text(&|_| None));
}

#[test]
fn offboard_with_delete_user_after_an_interrupted_run() {
    let moto = Moto::start().expect("moto server");
    let rt = tokio::runtime::Runtime::new().unwrap();
    let base = moto.session();
    rt.block_on(seed(&base, "carol"));
    let fleet = Fleet::new(
        base.clone(),
        "OrganizationAccountAccessRole",
        "barraiser-test",
        rt.handle().clone(),
    )
    .unwrap();
    let req = Request::Offboard(OffboardRequest {
        user: "carol".into(),
        delete_user: true,
    });
    let got = fleet.collect(&[], &req);
    let plan = identity::plan(&got.inventory, &req, now()).unwrap();
    // Interrupt: someone removes carol's SSH key and a group by hand, and the
    // first run only gets through the first four steps.
    let mut partial = plan.clone();
    partial.accounts[0].steps.truncate(4);
    let journal = Journal::in_memory(State::new(plan.clone()), "r1");
    let (out, _) = fleet.execute(&partial, &journal, &now);
    assert!(out[0].ok());
    rt.block_on(async {
        let iam = base.iam();
        let k = iam
            .list_ssh_public_keys()
            .user_name("carol")
            .send()
            .await
            .unwrap();
        let id = k.ssh_public_keys()[0].ssh_public_key_id().to_string();
        iam.delete_ssh_public_key()
            .user_name("carol")
            .ssh_public_key_id(id)
            .send()
            .await
            .unwrap();
        iam.remove_user_from_group()
            .user_name("carol")
            .group_name("oncall")
            .send()
            .await
            .unwrap();
    });
    let (out, _) = fleet.execute(&plan, &journal, &now);
    assert!(out[0].ok(), "{out:?}");
    assert_eq!(out[0].done_before, 4);
    assert_eq!(out[0].already.len(), 2, "{out:?}");
    assert!(
        rt.block_on(look(&base, "carol")).is_none(),
        "carol is deleted"
    );
    let got = fleet.collect(&[], &req);
    let replan = identity::plan(&got.inventory, &req, now()).unwrap();
    assert_eq!(replan.step_count(), 0);
}

/// IAM returns policy documents URL-encoded.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}
