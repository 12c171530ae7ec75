//! The listing the dev platform reads.
use iktomi_smtp_fake::{FakeSmtp, Mail};
use lettre::AsyncTransport;

use crate::lettre_client::{mailer, plain};
use crate::WAIT;

#[tokio::test]
async fn messages_are_listed_as_json_and_cleared() {
    let smtp = FakeSmtp::start().await;
    let http = smtp
        .serve_http("127.0.0.1:0".parse().expect("address"))
        .await
        .expect("http");
    mailer(&smtp.url())
        .send(plain(
            "ann@example.test",
            "Ссылка для входа",
            "https://iktomi.test/login",
        ))
        .await
        .expect("send");
    smtp.wait_for(1, WAIT).await;

    let url = format!("http://{http}/messages");
    let client = reqwest::Client::new();
    let listed: Vec<Mail> = client
        .get(&url)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(listed, smtp.messages());
    let json: serde_json::Value = client
        .get(&url)
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(json[0]["subject"], "Ссылка для входа");
    assert_eq!(json[0]["to"][0], "ann@example.test");

    let status = client.delete(&url).send().await.expect("delete").status();
    assert_eq!(status, 204);
    assert!(smtp.messages().is_empty());
}
