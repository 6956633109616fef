//! Whole-engine tests: the fixture snapshots, bad input, and the plan's
//! idempotence as a property.

use super::*;
use crate::model::*;
use proptest::prelude::*;

const MISCONFIGURED: &str = include_str!("../fixtures/misconfigured.json");
const CLEAN: &str = include_str!("../fixtures/clean.json");

fn rules_hit(a: &Audit) -> Vec<String> {
    a.findings.iter().map(|f| f.id.clone()).collect()
}

#[test]
fn the_misconfigured_fixture_finds_each_problem() {
    let snap = parse_snapshot("misconfigured.json", MISCONFIGURED.as_bytes()).unwrap();
    let a = audit(&snap, &Sensitivity::default(), "misconfigured.json");
    let ids = rules_hit(&a);
    for want in [
        "s3-account-public-access-block-off@123456789012",
        "s3-bucket-public-access-block-off@arn:aws:s3:::acme-public-acl",
        "s3-bucket-public-access-block-off@arn:aws:s3:::acme-public-policy",
        "s3-acl-public@arn:aws:s3:::acme-public-acl",
        "s3-policy-public@arn:aws:s3:::acme-public-policy",
        "s3-no-default-encryption@arn:aws:s3:::acme-pii-exports",
        "s3-no-tls-deny@arn:aws:s3:::acme-public-acl",
        "s3-no-tls-deny@arn:aws:s3:::acme-public-policy",
        "s3-no-tls-deny@arn:aws:s3:::acme-pii-exports",
        "s3-versioning-off@arn:aws:s3:::acme-pii-exports",
        "s3-mfa-delete-off@arn:aws:s3:::acme-pii-exports",
        "s3-access-logging-off@arn:aws:s3:::acme-public-acl",
    ] {
        assert!(ids.iter().any(|i| i == want), "missing {want} in {ids:#?}");
    }
    // The log bucket is exempt from logging; the broken policy is a
    // diagnostic, not a guess; unknown versioning is listed, not flagged.
    assert!(!ids
        .iter()
        .any(|i| i == "s3-access-logging-off@arn:aws:s3:::acme-logs"));
    assert!(!ids
        .iter()
        .any(|i| i.ends_with("acme-broken-policy") && i.starts_with("s3-no-tls")));
    assert_eq!(a.diagnostics.len(), 1);
    let d = &a.diagnostics[0];
    assert_eq!(
        (d.path.as_str(), d.line, d.column),
        ("s3://acme-broken-policy?policy", 4, 24)
    );
    assert_eq!(a.unknown.len(), 1);
    assert!(a.unknown[0].0.contains("acme-broken-policy versioning"));
    insta::assert_snapshot!(
        "misconfigured_findings",
        report::to_json_pretty(&a.findings)
    );
}

#[test]
fn the_plan_fixes_everything_it_can_and_says_what_it_cannot() {
    let snap = parse_snapshot("m.json", MISCONFIGURED.as_bytes()).unwrap();
    let s = Sensitivity::default();
    let opts = PlanOptions {
        log_bucket: Some("acme-logs".into()),
        ..Default::default()
    };
    let p = plan(&snap, &s, &opts);
    insta::assert_snapshot!("misconfigured_plan", p.render_text());
    insta::assert_json_snapshot!("misconfigured_plan_json", p);
    // The partner statement survives the rewrite of the public policy.
    let doc = plan::planned_policy(&p, "acme-public-policy").unwrap();
    let sids: Vec<&str> = doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["Sid"].as_str())
        .collect();
    assert_eq!(sids, ["PublicRead", "Partner", "DenyInsecureTransport"]);
    // The log bucket gets the delivery grant before anyone logs into it.
    let grant = p
        .actions
        .iter()
        .position(|a| matches!(a, Action::PutBucketPolicy { bucket, .. } if bucket == "acme-logs"))
        .unwrap();
    let first_log = p
        .actions
        .iter()
        .position(|a| matches!(a, Action::PutBucketLogging { .. }))
        .unwrap();
    assert!(grant < first_log);
    let after = simulate(&snap, &p);
    let a = audit(&after, &s, "after");
    let left: Vec<&str> = a.findings.iter().map(|f| f.rule_id.as_str()).collect();
    // Only MFA delete (root user only) remains.
    assert_eq!(left, ["s3-mfa-delete-off"]);
    assert!(plan(&after, &s, &opts).actions.is_empty());
}

#[test]
fn a_clean_account_has_no_findings_and_an_empty_plan() {
    let snap = parse_snapshot("clean.json", CLEAN.as_bytes()).unwrap();
    let s = Sensitivity::default();
    let a = audit(&snap, &s, "clean.json");
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
    let p = plan(&snap, &s, &PlanOptions::default());
    assert!(p.is_empty(), "{p:#?}");
    assert_eq!(
        p.render_text(),
        "Nothing to change: every bucket already passes.\n"
    );
}

#[test]
fn snapshots_round_trip_through_json() {
    let snap = parse_snapshot("m.json", MISCONFIGURED.as_bytes()).unwrap();
    let text = report::to_json_pretty(&snap);
    let again = parse_snapshot("m.json", text.as_bytes()).unwrap();
    assert_eq!(snap, again);
}

#[test]
fn bad_snapshots_name_the_line_and_column() {
    let cases: &[(&[u8], (u32, u32), &str)] = &[
        (
            b"{\n  \"buckets\": [\n    {\"name\": \"a\",}\n  ]\n}",
            (3, 18),
            "trailing comma",
        ),
        (
            b"{\"buckets\": [{\"name\": \"a\", \"acl\": {\"Grants\": 5}}]}",
            (1, 48),
            "invalid type",
        ),
        (b"{\"bukets\": []}", (1, 9), "unknown field `bukets`"),
        (b"{\"version\": 2}", (1, 1), "version 2"),
        (b"{\"account_id\": \"12\"}", (1, 1), "not 12 digits"),
        (
            b"{\"buckets\": [{\"name\": \"a\"},\n{\"name\": \"a\"}]}",
            (2, 1),
            "listed twice",
        ),
        (b"\x7fELF\x00\x00", (1, 5), "binary"),
        (b"", (1, 1), "EOF"),
    ];
    for (input, (line, col), text) in cases {
        let e = parse_snapshot("s.json", input).unwrap_err();
        assert_eq!((e.line, e.column), (*line, *col), "{e}");
        assert!(e.to_string().contains(text), "{e}");
        assert!(
            e.to_string()
                .starts_with(&format!("s.json:{line}:{col}: error: ")),
            "{e}"
        );
    }
}

#[test]
fn every_rule_has_metadata_and_a_unique_id() {
    let meta = rule_meta();
    let mut ids: Vec<&str> = meta.iter().map(|m| m.id.as_str()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), rules::all().len());
    assert!(meta
        .iter()
        .all(|m| m.id.starts_with("s3-") && !m.full_description.is_empty()));
}

fn arb_bpa() -> impl Strategy<Value = Setting<PublicAccessBlock>> {
    prop_oneof![
        Just(Setting::NotConfigured),
        any::<[bool; 4]>().prop_map(|b| Setting::Configured(PublicAccessBlock {
            block_public_acls: b[0],
            ignore_public_acls: b[1],
            block_public_policy: b[2],
            restrict_public_buckets: b[3],
        })),
    ]
}

fn arb_policy(name: String) -> impl Strategy<Value = Setting<String>> {
    let stmt = (
        any::<bool>(),
        prop_oneof![Just("\"*\""), Just("{\"AWS\":\"*\"}"), Just("{\"AWS\":\"arn:aws:iam::111122223333:root\"}")],
        prop_oneof![Just("s3:GetObject"), Just("s3:*"), Just("s3:PutObject")],
        prop_oneof![
            Just(""),
            Just(",\"Condition\":{\"StringEquals\":{\"aws:SourceVpce\":\"vpce-1\"}}"),
            Just(",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"),
            Just(",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}"),
        ],
    )
        .prop_map(move |(allow, p, a, c)| {
            format!(
                "{{\"Effect\":\"{}\",\"Principal\":{p},\"Action\":\"{a}\",\"Resource\":\"arn:aws:s3:::{}/*\"{c}}}",
                if allow { "Allow" } else { "Deny" },
                "x"
            )
        });
    let _ = name;
    prop_oneof![
        Just(Setting::NotConfigured),
        proptest::collection::vec(stmt, 1..4).prop_map(|ss| Setting::Configured(format!(
            "{{\"Version\":\"2012-10-17\",\"Statement\":[{}]}}",
            ss.join(",")
        ))),
    ]
}

fn arb_bucket(name: String) -> impl Strategy<Value = BucketSnapshot> {
    let grants = proptest::collection::vec(
        (
            prop_oneof![
                Just(ALL_USERS),
                Just(AUTHENTICATED_USERS),
                Just(LOG_DELIVERY)
            ],
            prop_oneof![Just("READ"), Just("WRITE"), Just("FULL_CONTROL")],
        ),
        0..3,
    );
    (
        arb_bpa(),
        grants,
        arb_policy(name.clone()),
        any::<bool>(),
        prop_oneof![Just(None), Just(Some("Enabled")), Just(Some("Suspended"))],
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            move |(bpa, grants, policy, enc, vs, mfa, logging, sensitive)| {
                let mut b = BucketSnapshot::new(if sensitive {
                    format!("{name}-pii")
                } else {
                    name.clone()
                });
                b.public_access_block = bpa;
                b.acl = Setting::Configured(Acl {
                    owner: Some("owner".into()),
                    grants: grants
                        .into_iter()
                        .map(|(uri, p)| Grant {
                            grantee: Grantee {
                                kind: "Group".into(),
                                id: None,
                                display_name: None,
                                uri: Some(uri.into()),
                                email_address: None,
                            },
                            permission: p.into(),
                        })
                        .collect(),
                });
                b.policy = policy;
                if enc {
                    b.encryption = Setting::Configured(Encryption {
                        rules: vec![EncryptionRule {
                            sse_algorithm: "AES256".into(),
                            kms_master_key_id: None,
                            bucket_key_enabled: false,
                        }],
                    });
                }
                b.versioning = Setting::Configured(Versioning {
                    status: vs.map(str::to_string),
                    mfa_delete: mfa.then(|| "Enabled".to_string()),
                });
                if logging {
                    b.logging = Setting::Configured(Logging {
                        target_bucket: "central-logs".into(),
                        target_prefix: String::new(),
                    });
                }
                b
            },
        )
}

fn arb_account() -> impl Strategy<Value = AccountSnapshot> {
    (
        arb_bpa(),
        (1usize..5).prop_flat_map(|n| {
            (0..n)
                .map(|i| arb_bucket(format!("b{i}")))
                .collect::<Vec<_>>()
        }),
        arb_bucket("central-logs".into()),
    )
        .prop_map(|(bpa, mut buckets, mut logs)| {
            let mut a = AccountSnapshot::new(Some("123456789012".into()));
            a.public_access_block = bpa;
            logs.name = "central-logs".into();
            buckets.push(logs);
            a.buckets = buckets;
            a
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Applying the plan (with a log bucket and the root MFA) leaves no
    /// finding, and planning again gives an empty plan.
    #[test]
    fn applying_the_plan_leaves_nothing_to_fix(snap in arb_account()) {
        let s = Sensitivity::default();
        let opts = PlanOptions {
            log_bucket: Some("central-logs".into()),
            kms_key_id: None,
            mfa_delete: true,
        };
        let p = plan(&snap, &s, &opts);
        prop_assert!(p.manual.is_empty(), "{:#?}", p.manual);
        let after = simulate(&snap, &p);
        let a = audit(&after, &s, "prop");
        prop_assert!(a.findings.is_empty(), "{:#?}\n{}", a.findings, p.render_text());
        prop_assert!(plan(&after, &s, &opts).is_empty());
        // And every statement of every old policy is still there.
        for b in &snap.buckets {
            if let (Some(old), Some(new)) = (b.policy.configured(), after.bucket(&b.name).and_then(|x| x.policy.configured())) {
                let old = policy::Policy::parse(old).unwrap();
                let new = policy::Policy::parse(new).unwrap();
                prop_assert!(new.statements.len() >= old.statements.len());
                for o in &old.statements {
                    prop_assert!(new.statements.iter().any(|n| n.allow == o.allow
                        && n.actions == o.actions
                        && n.resources == o.resources
                        && n.principal == o.principal));
                }
            }
        }
    }

    /// The policy parser never panics, whatever the text.
    #[test]
    fn policy_parser_total(text in ".{0,200}") {
        let _ = policy::Policy::parse(&text);
    }
}
