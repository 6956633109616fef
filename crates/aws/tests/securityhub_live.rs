//! Security Hub export against moto: batches of at most 100, findings
//! readable back with GetFindings, and a refusal for another account.

use aws::securityhub::{import_findings, to_sdk};
use aws::testing::{Moto, MOTO_ACCOUNT};
use report::{Category, Confidence, Finding, Location, Severity};

fn findings(account: &str, n: usize) -> Vec<serde_json::Value> {
    let ctx =
        report::asff::Context::new(account, "us-east-1", "2026-11-23T10:00:00Z".into()).unwrap();
    (0..n)
        .map(|i| {
            let location = Location::Element {
                element: format!("arn:aws:s3:::bucket-{i:03}"),
                element_type: "s3-bucket".into(),
                span: None,
            };
            let f = Finding {
                id: Finding::stable_id("s3-no-tls-deny", &location),
                rule_id: "s3-no-tls-deny".into(),
                title: "Bucket policy does not require TLS".into(),
                message: format!("Bucket bucket-{i:03} accepts requests over plain HTTP."),
                severity: Severity::Medium,
                confidence: Confidence::High,
                categories: vec![Category::Cwe(319)],
                location,
                evidence: None,
                remediation: vec![],
                impact: None,
            };
            report::asff::finding(&ctx, &f)
        })
        .collect()
}

/// Run `f` on a thread with a large stack and its own runtime: the SDK's
/// finding type is large, and reading 100 of them back in an unoptimised
/// build needs more than a test thread's 2 MiB (the CLI's main thread has
/// 8 MiB).
fn big_stack<F: std::future::Future<Output = ()> + Send + 'static>(f: F) {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(move || {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap()
                .block_on(f)
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn two_hundred_fifty_findings_go_in_three_batches_and_come_back() {
    big_stack(three_batches());
}

async fn three_batches() {
    let moto = Moto::start().expect("moto server");
    let s = moto.session();
    let all = findings(MOTO_ACCOUNT, 250);
    for f in &all {
        assert!(report::asff::validate(f).is_empty());
    }
    let summary = import_findings(&s, &all).await.unwrap();
    assert_eq!(summary.batches, 3);
    assert_eq!(summary.succeeded, 250);
    assert_eq!(summary.failed, 0);

    let hub = s.security_hub();
    let mut ids = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let out = hub
            .get_findings()
            .max_results(100)
            .set_next_token(token.clone())
            .send()
            .await
            .unwrap();
        for f in out.findings() {
            assert_eq!(f.aws_account_id(), Some(MOTO_ACCOUNT));
            ids.push(f.id().unwrap().to_string());
        }
        match out.next_token() {
            Some(t) if !t.is_empty() => token = Some(t.to_string()),
            _ => break,
        }
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 250);
    assert!(ids.contains(&"barraiser/s3-no-tls-deny@arn:aws:s3:::bucket-249".to_string()));

    // Importing again updates in place (stable Ids): still 250.
    let again = import_findings(&s, &all[..100]).await.unwrap();
    assert_eq!((again.batches, again.succeeded), (1, 100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn findings_for_another_account_are_refused_before_sending() {
    let moto = Moto::start().expect("moto server");
    let s = moto.session();
    let err = import_findings(&s, &findings("000000000000", 2))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(
            "is for account 000000000000, but the credentials belong to account 123456789012"
        ),
        "{text}"
    );
    let out = s.security_hub().get_findings().send().await.unwrap();
    assert!(out.findings().is_empty());
}

#[test]
fn unknown_or_missing_fields_are_errors_not_silent_drops() {
    // The SDK type is large: give the unoptimised build room.
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(conversions)
        .unwrap()
        .join()
        .unwrap();
}

fn conversions() {
    let mut f = findings(MOTO_ACCOUNT, 1).remove(0);
    f["Note"] = serde_json::json!({"Text": "x"});
    assert!(to_sdk(&f)
        .unwrap_err()
        .to_string()
        .contains("field Note is not supported"));
    let mut f = findings(MOTO_ACCOUNT, 1).remove(0);
    f.as_object_mut().unwrap().remove("GeneratorId");
    assert!(to_sdk(&f)
        .unwrap_err()
        .to_string()
        .contains("GeneratorId is missing"));
    let mut f = findings(MOTO_ACCOUNT, 1).remove(0);
    f["Severity"]["Label"] = "SEVERE".into();
    assert!(to_sdk(&f).is_err());
}
