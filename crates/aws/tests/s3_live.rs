//! S3 live mode against moto: seeded misconfigured buckets are found, the
//! plan fixes them, the re-audit is clean; and a server that fails or
//! throttles gets retries with backoff and a clear message.

use aws::s3::{apply, collect, CollectOptions, StepEvent};
use aws::testing::{Moto, MOTO_ACCOUNT};
use aws::Session;
use aws_sdk_s3::types as t;
use s3::{audit, plan, PlanOptions, Sensitivity, Setting};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn tls_policy(bucket: &str, extra: &str) -> String {
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{extra}{{"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],"Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
    )
}

async fn seed(s: &Session) {
    let c = s.s3();
    for b in [
        "acme-public-acl",
        "acme-public-policy",
        "acme-pii-exports",
        "acme-logs",
        "acme-clean",
    ] {
        c.create_bucket().bucket(b).send().await.unwrap();
    }
    // A public ACL.
    c.put_bucket_acl()
        .bucket("acme-public-acl")
        .acl(t::BucketCannedAcl::PublicRead)
        .send()
        .await
        .unwrap();
    // A public policy next to a partner statement that must survive.
    c.put_bucket_policy()
        .bucket("acme-public-policy")
        .policy(r#"{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::acme-public-policy/*"},{"Sid":"Partner","Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::acme-public-policy"}]}"#)
        .send()
        .await
        .unwrap();
    // A sensitive bucket without versioning.
    c.put_bucket_tagging()
        .bucket("acme-pii-exports")
        .tagging(
            t::Tagging::builder()
                .tag_set(
                    t::Tag::builder()
                        .key("data-classification")
                        .value("pii")
                        .build()
                        .unwrap(),
                )
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    // The log bucket: every control on, a TLS deny and the delivery grant.
    // The clean bucket: every control on and logging into acme-logs.
    let delivery = format!(
        r#"{{"Sid":"S3ServerAccessLogsDelivery","Effect":"Allow","Principal":{{"Service":"logging.s3.amazonaws.com"}},"Action":["s3:PutObject"],"Resource":"arn:aws:s3:::acme-logs/*","Condition":{{"StringEquals":{{"aws:SourceAccount":"{MOTO_ACCOUNT}"}}}}}},"#
    );
    for (b, extra) in [("acme-logs", delivery.as_str()), ("acme-clean", "")] {
        c.put_public_access_block()
            .bucket(b)
            .public_access_block_configuration(
                t::PublicAccessBlockConfiguration::builder()
                    .block_public_acls(true)
                    .ignore_public_acls(true)
                    .block_public_policy(true)
                    .restrict_public_buckets(true)
                    .build(),
            )
            .send()
            .await
            .unwrap();
        c.put_bucket_policy()
            .bucket(b)
            .policy(tls_policy(b, extra))
            .send()
            .await
            .unwrap();
        c.put_bucket_encryption()
            .bucket(b)
            .server_side_encryption_configuration(
                t::ServerSideEncryptionConfiguration::builder()
                    .rules(
                        t::ServerSideEncryptionRule::builder()
                            .apply_server_side_encryption_by_default(
                                t::ServerSideEncryptionByDefault::builder()
                                    .sse_algorithm(t::ServerSideEncryption::AwsKms)
                                    .kms_master_key_id("alias/s3")
                                    .build()
                                    .unwrap(),
                            )
                            .bucket_key_enabled(true)
                            .build(),
                    )
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
    c.put_bucket_logging()
        .bucket("acme-clean")
        .bucket_logging_status(
            t::BucketLoggingStatus::builder()
                .logging_enabled(
                    t::LoggingEnabled::builder()
                        .target_bucket("acme-logs")
                        .target_prefix("acme-clean/")
                        .build()
                        .unwrap(),
                )
                .build(),
        )
        .send()
        .await
        .unwrap();
}

fn ids(findings: &[report::Finding]) -> Vec<String> {
    findings.iter().map(|f| f.id.clone()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_remediate_and_reaudit_clean() {
    let moto = Moto::start().expect("moto server");
    let s = moto.session();
    seed(&s).await;
    let sens = Sensitivity::default();

    let snap = collect(&s, &CollectOptions::default()).await.unwrap();
    assert_eq!(snap.account_id.as_deref(), Some(MOTO_ACCOUNT));
    assert_eq!(snap.buckets.len(), 5);
    // moto 5.2.x answers GetBucketVersioning with the root element
    // GetBucketVersioningResponse instead of VersioningConfiguration; the
    // SDK rejects it. Versioning is then unknown, with a short message,
    // and nothing else is lost. (With a moto that answers correctly it is
    // read as never enabled.)
    let pii = snap.bucket("acme-pii-exports").unwrap();
    let versioning_readable = match &pii.versioning {
        Setting::Configured(v) => {
            assert!(!v.enabled());
            true
        }
        Setting::Unknown(e) => {
            assert!(
                e.starts_with("s3:GetBucketVersioning on bucket acme-pii-exports: the answer could not be read: ")
                    && e.contains("expected VersioningConfiguration but got GetBucketVersioningResponse")
                    && e.len() < 400,
                "{e}"
            );
            false
        }
        other => panic!("{other:?}"),
    };
    let unknown: Vec<String> = snap.unknowns().into_iter().map(|(w, _)| w).collect();
    if !versioning_readable {
        assert_eq!(unknown.len(), 5, "{unknown:#?}");
        assert!(
            unknown.iter().all(|w| w.ends_with(" versioning")),
            "{unknown:#?}"
        );
    } else {
        assert!(unknown.is_empty(), "{unknown:#?}");
    }
    let a = audit(&snap, &sens, "live");
    let found = ids(&a.findings);
    let mut expect = vec![
        format!("s3-account-public-access-block-off@{MOTO_ACCOUNT}"),
        "s3-acl-public@arn:aws:s3:::acme-public-acl".to_string(),
        "s3-policy-public@arn:aws:s3:::acme-public-policy".into(),
        "s3-no-tls-deny@arn:aws:s3:::acme-public-acl".into(),
        "s3-no-tls-deny@arn:aws:s3:::acme-pii-exports".into(),
        "s3-no-tls-deny@arn:aws:s3:::acme-public-policy".into(),
        "s3-access-logging-off@arn:aws:s3:::acme-pii-exports".into(),
        "s3-access-logging-off@arn:aws:s3:::acme-public-acl".into(),
        "s3-access-logging-off@arn:aws:s3:::acme-public-policy".into(),
        "s3-bucket-public-access-block-off@arn:aws:s3:::acme-pii-exports".into(),
        "s3-bucket-public-access-block-off@arn:aws:s3:::acme-public-acl".into(),
        "s3-bucket-public-access-block-off@arn:aws:s3:::acme-public-policy".into(),
    ];
    if versioning_readable {
        expect.push("s3-versioning-off@arn:aws:s3:::acme-pii-exports".into());
        expect.push("s3-mfa-delete-off@arn:aws:s3:::acme-pii-exports".into());
    }
    // Default encryption: moto leaves a new bucket without one, as S3 did
    // before 2023; when a moto version starts applying SSE-S3 by default,
    // the rule is quiet, as it is on AWS today.
    for b in ["acme-public-acl", "acme-public-policy", "acme-pii-exports"] {
        if snap.bucket(b).unwrap().encryption == Setting::NotConfigured {
            expect.push(format!("s3-no-default-encryption@arn:aws:s3:::{b}"));
        }
    }
    let mut sorted = found.clone();
    sorted.sort();
    expect.sort();
    assert_eq!(sorted, expect);
    assert!(!found
        .iter()
        .any(|f| f.contains("acme-clean") || f.contains("acme-logs")));

    // Remediate.
    let opts = PlanOptions {
        log_bucket: Some("acme-logs".into()),
        ..Default::default()
    };
    let p = plan(&snap, &sens, &opts);
    assert!(!p.actions.is_empty());
    let mut events = Vec::new();
    let n = apply(&s, &snap, &p, None, |e| events.push(e))
        .await
        .unwrap();
    assert_eq!(n, p.actions.len());
    assert_eq!(events.len(), 2 * n);
    assert!(matches!(&events[0], StepEvent::Start { index: 1, .. }));

    // Re-audit: clean, but for the root-only MFA delete step when
    // versioning can be read.
    let after = collect(&s, &CollectOptions::default()).await.unwrap();
    let a2 = audit(&after, &sens, "live");
    let left: &[&str] = if versioning_readable {
        &["s3-mfa-delete-off@arn:aws:s3:::acme-pii-exports"]
    } else {
        &[]
    };
    assert_eq!(ids(&a2.findings), left, "{:#?}", a2.findings);
    let p2 = plan(&after, &sens, &opts);
    assert!(p2.actions.is_empty(), "{}", p2.render_text());
    // The partner statement survived the rewrite.
    let pol = after
        .bucket("acme-public-policy")
        .unwrap()
        .policy
        .configured()
        .unwrap()
        .clone();
    assert!(
        pol.contains("Partner") && pol.contains("aws:PrincipalAccount"),
        "{pol}"
    );
    // Applying the (empty) plan again changes nothing.
    assert_eq!(apply(&s, &after, &p2, None, |_| {}).await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_step_stops_the_run_with_the_step_named() {
    let moto = Moto::start().expect("moto server");
    let s = moto.session();
    s.s3().create_bucket().bucket("only").send().await.unwrap();
    let snap = collect(&s, &CollectOptions::default()).await.unwrap();
    // A log bucket that does not exist: the plan cannot know, the API refuses.
    let mut p = plan(&snap, &Sensitivity::default(), &PlanOptions::default());
    p.actions.push(s3::Action::PutBucketLogging {
        bucket: "only".into(),
        target_bucket: "no-such-bucket".into(),
        target_prefix: "only/".into(),
    });
    p.actions.push(s3::Action::PutBucketAcl {
        bucket: "only".into(),
        acl: "private".into(),
    });
    let total = p.actions.len();
    let mut started = 0;
    let err = apply(&s, &snap, &p, None, |e| {
        if matches!(e, StepEvent::Start { .. }) {
            started += 1
        }
    })
    .await
    .unwrap_err();
    assert_eq!(started, total - 1, "the step after the failure never ran");
    let text = err.to_string();
    assert!(
        text.starts_with(&format!(
            "step {}/{total}: s3:PutBucketLogging only",
            total - 1
        )),
        "{text}"
    );
    assert!(text.contains("InvalidTargetBucketForLogging"), "{text}");
    assert!(
        text.contains("run `barraiser s3 remediate --apply` again"),
        "{text}"
    );
}

/// A tiny HTTP server on loopback: `answer(request_line)` gives the status
/// and XML body. Counts requests.
fn fake_s3(answer: fn(&str) -> (u16, &'static str)) -> (String, Arc<AtomicUsize>) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let c2 = count.clone();
    std::thread::spawn(move || {
        for conn in l.incoming() {
            let Ok(mut conn) = conn else { continue };
            let mut r = BufReader::new(conn.try_clone().unwrap());
            let mut line = String::new();
            if r.read_line(&mut line).is_err() {
                continue;
            }
            let mut len = 0usize;
            loop {
                let mut h = String::new();
                if r.read_line(&mut h).is_err() || h == "\r\n" || h.is_empty() {
                    break;
                }
                if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = r.read_exact(&mut body);
            c2.fetch_add(1, Ordering::SeqCst);
            let (status, xml) = answer(line.trim());
            let reason = match status {
                200 => "OK",
                403 => "Forbidden",
                404 => "Not Found",
                503 => "Slow Down",
                _ => "Error",
            };
            let _ = write!(
                conn,
                "HTTP/1.1 {status} {reason}\r\nContent-Type: application/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{xml}",
                xml.len()
            );
        }
    });
    (url, count)
}

fn session_at(url: &str, attempts: u32) -> Session {
    use aws_config::{BehaviorVersion, Region};
    let creds = aws_credential_types::Credentials::new("testing", "testing", None, None, "test");
    let config = aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::from_static("us-east-1"))
        .endpoint_url(url)
        .credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(creds))
        .retry_config(aws_config::retry::RetryConfig::standard().with_max_attempts(attempts))
        .build();
    Session {
        config,
        custom_endpoint: true,
        account: Some(MOTO_ACCOUNT.into()),
    }
}

const SLOW_DOWN: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>1</RequestId></Error>";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn throttling_is_retried_with_backoff_then_reported_clearly() {
    let (url, count) = fake_s3(|_| (503, SLOW_DOWN));
    let s = session_at(&url, 3);
    let started = std::time::Instant::now();
    let err = collect(&s, &CollectOptions::default()).await.unwrap_err();
    let text = err.to_string();
    // Account BPA (S3 Control) and ListBuckets are each tried 3 times.
    assert_eq!(count.load(Ordering::SeqCst), 6, "{text}");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(1),
        "backoff"
    );
    assert!(
        text.starts_with("s3:ListBuckets: SlowDown: Please reduce your request rate."),
        "{text}"
    );
    assert!(
        text.contains("help: AWS kept throttling after the retries with backoff"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn per_setting_errors_become_unknown_not_a_lost_report() {
    // The bucket list works; every bucket call is denied except the
    // policy, which is "not configured".
    let (url, _count) = fake_s3(|line| {
        if line.starts_with("GET /?") || line.starts_with("GET / ") {
            (200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListAllMyBucketsResult><Owner><ID>o</ID></Owner><Buckets><Bucket><Name>locked</Name><CreationDate>2024-01-01T00:00:00.000Z</CreationDate></Bucket></Buckets></ListAllMyBucketsResult>")
        } else if line.contains("?policy") {
            (404, "<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message></Error>")
        } else {
            (
                403,
                "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>",
            )
        }
    });
    let s = session_at(&url, 2);
    let snap = collect(&s, &CollectOptions::default()).await.unwrap();
    let b = snap.bucket("locked").unwrap();
    assert_eq!(b.policy, Setting::NotConfigured);
    let acl = b.acl.unknown().unwrap();
    assert!(
        acl.starts_with("s3:GetBucketAcl on bucket locked: AccessDenied: Access Denied"),
        "{acl}"
    );
    assert!(acl.contains("lack this permission"), "{acl}");
    assert!(snap.public_access_block.is_unknown());
    assert_eq!(snap.unknowns().len(), 7, "{:#?}", snap.unknowns());
    // The audit still runs: only the rule that needs no unknown fires.
    let a = audit(&snap, &Sensitivity::default(), "live");
    assert_eq!(ids(&a.findings), ["s3-no-tls-deny@arn:aws:s3:::locked"]);
}
