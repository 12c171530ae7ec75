//! Scripted failures, as the API's retry rules must see them: 4xx transient, 5xx permanent, once.
use iktomi_smtp_fake::FakeSmtp;
use lettre::AsyncTransport;

use crate::lettre_client::{mailer, plain};
use crate::{Raw, WAIT};

#[tokio::test]
async fn a_4xx_at_rcpt_is_transient_and_answers_once() {
    let smtp = FakeSmtp::start().await;
    smtp.script_failure(451, "4.3.0 Try again later");
    let mailer = mailer(&smtp.url());
    let error = mailer
        .send(plain("ann@example.test", "Hi", "Hi"))
        .await
        .expect_err("scripted 451");
    assert!(error.is_transient(), "{error}");
    assert!(!error.is_permanent(), "{error}");
    assert!(smtp.messages().is_empty());

    mailer
        .send(plain("ann@example.test", "Hi", "Hi"))
        .await
        .expect("the retry goes through");
    assert_eq!(smtp.wait_for(1, WAIT).await.len(), 1);
}

#[tokio::test]
async fn a_5xx_at_rcpt_is_permanent() {
    let smtp = FakeSmtp::start().await;
    smtp.script_failure(550, "5.1.1 No such user");
    let error = mailer(&smtp.url())
        .send(plain("nobody@example.test", "Hi", "Hi"))
        .await
        .expect_err("scripted 550");
    assert!(error.is_permanent(), "{error}");
    assert!(error.to_string().contains("5.1.1 No such user"), "{error}");
    assert!(smtp.messages().is_empty());
}

#[tokio::test]
async fn a_failure_after_data_drops_that_message_only() {
    let smtp = FakeSmtp::start().await;
    smtp.script_data_failure(452, "4.3.1 Insufficient system storage");
    smtp.script_data_failure(554, "5.6.0 Message rejected");
    let mailer = mailer(&smtp.url());
    let first = mailer
        .send(plain("ann@example.test", "1", "1"))
        .await
        .expect_err("452");
    assert!(first.is_transient(), "{first}");
    let second = mailer
        .send(plain("ann@example.test", "2", "2"))
        .await
        .expect_err("554");
    assert!(second.is_permanent(), "{second}");
    mailer
        .send(plain("ann@example.test", "3", "3"))
        .await
        .expect("third");
    let mails = smtp.wait_for(1, WAIT).await;
    assert_eq!(
        mails.iter().map(|m| m.subject.as_str()).collect::<Vec<_>>(),
        ["3"]
    );
}

#[tokio::test]
async fn a_rcpt_failure_rejects_one_recipient_of_several() {
    let smtp = FakeSmtp::start().await;
    let mut raw = Raw::connect(&smtp).await;
    raw.command("EHLO client.test", 250).await;
    raw.command("MAIL FROM:<a@b.test>", 250).await;
    raw.command("RCPT TO:<one@b.test>", 250).await;
    smtp.script_failure(450, "4.2.1 Mailbox busy");
    assert_eq!(
        raw.command("RCPT TO:<two@b.test>", 450).await,
        "4.2.1 Mailbox busy"
    );
    raw.command("RCPT TO:<three@b.test>", 250).await;
    raw.command("DATA", 354).await;
    raw.command("Subject: partial\r\n\r\nbody\r\n.", 250).await;
    assert_eq!(smtp.messages()[0].to, ["one@b.test", "three@b.test"]);
}

#[test]
#[should_panic(expected = "4xx or 5xx")]
fn only_failure_codes_can_be_scripted() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let smtp = runtime.block_on(FakeSmtp::start());
    smtp.script_failure(250, "2.0.0 fine");
}
