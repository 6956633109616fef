//! The session against moto: caller identity, cross-account role
//! assumption, and a clear error when the endpoint does not answer.

use aws::testing::{Moto, MOTO_ACCOUNT};
use aws::{ConnectOptions, Session};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whoami_and_assume_role_into_another_account() {
    let moto = Moto::start().expect("moto server");
    let mut s = moto.session();
    let me = s.whoami().await.unwrap();
    assert_eq!(me.account, MOTO_ACCOUNT);
    let other = s
        .assume(
            "210987654321",
            "OrganizationAccountAccessRole",
            "barraiser-test",
        )
        .await
        .unwrap();
    assert_eq!(other.account.as_deref(), Some("210987654321"));
    let mut other = other;
    let them = other.whoami().await.unwrap();
    assert_eq!(them.account, "210987654321");
    assert!(
        them.arn.contains("OrganizationAccountAccessRole"),
        "{}",
        them.arn
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dead_endpoint_is_a_clear_error_not_a_hang() {
    // A port nothing listens on: connection refused, retried, then reported.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let opts = ConnectOptions {
        region: Some("us-east-1".into()),
        endpoint_url: Some(format!("http://127.0.0.1:{port}")),
        max_attempts: 2,
        ..Default::default()
    };
    std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
    let mut s = Session::connect(&opts).await;
    let err = s.whoami().await.unwrap_err();
    let text = err.to_string();
    assert!(text.starts_with("sts:GetCallerIdentity: "), "{text}");
    assert!(text.contains("help:"), "{text}");
}
