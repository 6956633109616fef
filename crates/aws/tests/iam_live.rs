//! IAM live collection against moto: seeded risky principals come back
//! from GetAccountAuthorizationDetails (URL-encoded documents decoded) and
//! the `iam` engine finds each of them.

use aws::iam::collect_authorization_details;
use aws::testing::{Moto, MOTO_ACCOUNT};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collected_details_feed_the_iam_audit() {
    let moto = Moto::start().expect("moto server");
    let s = moto.session();
    let iam = s.iam();

    // An administrator through a customer managed policy.
    let admin = iam
        .create_policy()
        .policy_name("EverythingEverywhere")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#)
        .send()
        .await
        .unwrap();
    let admin_arn = admin.policy().unwrap().arn().unwrap().to_string();
    iam.create_user()
        .user_name("alice-admin")
        .send()
        .await
        .unwrap();
    iam.attach_user_policy()
        .user_name("alice-admin")
        .policy_arn(&admin_arn)
        .send()
        .await
        .unwrap();

    // Privilege escalation: pass any role to a Lambda function it creates.
    iam.create_user()
        .user_name("bob-deployer")
        .send()
        .await
        .unwrap();
    iam.put_user_policy()
        .user_name("bob-deployer")
        .policy_name("deploy")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Sid":"Pass","Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}]}"#)
        .send()
        .await
        .unwrap();

    // A role anyone can assume.
    iam.create_role()
        .role_name("open-door")
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#)
        .send()
        .await
        .unwrap();
    // And a well-scoped one that must stay quiet.
    iam.create_role()
        .role_name("lambda-exec")
        .assume_role_policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#)
        .send()
        .await
        .unwrap();
    iam.put_role_policy()
        .role_name("lambda-exec")
        .policy_name("logs")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogStream","logs:PutLogEvents"],"Resource":"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*"}]}"#)
        .send()
        .await
        .unwrap();

    let details = collect_authorization_details(&s).await.unwrap();
    let users: Vec<&str> = details
        .user_detail_list
        .iter()
        .map(|u| u.user_name.as_str())
        .collect();
    assert!(
        users.contains(&"alice-admin") && users.contains(&"bob-deployer"),
        "{users:?}"
    );
    // The inline document was URL-encoded on the wire and decoded here.
    let bob = details
        .user_detail_list
        .iter()
        .find(|u| u.user_name == "bob-deployer")
        .unwrap();
    let doc = &bob.user_policy_list[0].policy_document.0;
    assert_eq!(doc.version.as_deref(), Some("2012-10-17"));
    assert!(details
        .policies
        .iter()
        .any(|p| p.arn == admin_arn && p.default_document().is_some()));
    let open = details
        .role_detail_list
        .iter()
        .find(|r| r.role_name == "open-door")
        .unwrap();
    assert!(open.assume_role_policy_document.is_some());

    let findings = iam::audit(&details);
    let hit = |rule: &str, who: &str| {
        findings
            .iter()
            .any(|f| f.rule_id == rule && f.location.key().contains(who))
    };
    let summary: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f.rule_id, f.location.key()))
        .collect();
    // Full admin is reported on the managed policy and names who holds it.
    let admin_finding = findings
        .iter()
        .find(|f| f.rule_id == "full-admin" && f.location.key() == admin_arn)
        .unwrap_or_else(|| panic!("{summary:#?}"));
    assert!(
        serde_json::to_string(admin_finding)
            .unwrap()
            .contains("alice-admin"),
        "{admin_finding:#?}"
    );
    assert!(hit("privilege-escalation", "bob-deployer"), "{summary:#?}");
    assert!(hit("trust-open", "open-door"), "{summary:#?}");
    assert!(
        !findings
            .iter()
            .any(|f| f.location.key().contains("lambda-exec")),
        "{summary:#?}"
    );
    // Principals are located by their ARN in moto's account.
    assert!(
        findings
            .iter()
            .all(|f| f.location.key().contains(MOTO_ACCOUNT)),
        "{summary:#?}"
    );
}
