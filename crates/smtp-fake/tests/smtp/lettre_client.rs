//! Messages sent as the API sends them, through lettre's async SMTP transport.
use iktomi_smtp_fake::FakeSmtp;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, MultiPart};
use lettre::transport::smtp::authentication::Mechanism;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::WAIT;

pub type Mailer = AsyncSmtpTransport<Tokio1Executor>;

pub fn mailer(url: &str) -> Mailer {
    Mailer::from_url(url).expect("url").build()
}

pub fn plain(to: &str, subject: &str, body: &str) -> Message {
    Message::builder()
        .from("Iktomi <noreply@iktomi.test>".parse().expect("from"))
        .to(to.parse().expect("to"))
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .expect("message")
}

#[tokio::test]
async fn a_plain_message_is_kept_with_its_envelope() {
    let smtp = FakeSmtp::start().await;
    assert_eq!(smtp.url(), format!("smtp://127.0.0.1:{}", smtp.port()));
    mailer(&smtp.url())
        .send(plain(
            "Ann <ann@example.test>",
            "Hello",
            "Hello, Ann.\n.\n..See you.",
        ))
        .await
        .expect("send");
    let mails = smtp.wait_for(1, WAIT).await;
    assert_eq!(mails.len(), 1);
    let mail = &mails[0];
    assert_eq!(mail.from, "noreply@iktomi.test");
    assert_eq!(mail.to, ["ann@example.test"]);
    assert_eq!(mail.subject, "Hello");
    // Dot-stuffed by lettre, unstuffed here; the last line keeps the CRLF that ended it.
    assert_eq!(mail.text.as_deref(), Some("Hello, Ann.\n.\n..See you.\n"));
    assert_eq!(mail.html, None);
    assert_eq!(mail.header("To"), Some("Ann <ann@example.test>"));
    assert!(mail.raw.contains("\r\nSubject: Hello\r\n"), "{}", mail.raw);
}

#[tokio::test]
async fn russian_subject_and_body_come_out_readable() {
    let smtp = FakeSmtp::start().await;
    let subject =
        "Подтвердите адрес электронной почты — Iktomi: ваш код для входа в личный кабинет";
    let body = "Здравствуйте, Анна!\nВаш код: 123456.\nЕсли это были не вы, ничего не делайте.";
    let message = Message::builder()
        .from("Иктоми <noreply@iktomi.test>".parse().expect("from"))
        .to("Анна <anna@example.test>".parse().expect("to"))
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .expect("message");
    mailer(&smtp.url()).send(message).await.expect("send");
    let mails = smtp.wait_for(1, WAIT).await;
    let mail = &mails[0];
    assert!(
        mail.raw.is_ascii(),
        "lettre encodes everything: {}",
        mail.raw
    );
    assert_eq!(mail.subject, subject);
    assert_eq!(mail.text.as_deref().map(str::trim_end), Some(body));
    assert_eq!(mail.header("From"), Some("Иктоми <noreply@iktomi.test>"));
}

#[tokio::test]
async fn multipart_text_and_html_with_an_attachment() {
    let smtp = FakeSmtp::start().await;
    let message = Message::builder()
        .from("noreply@iktomi.test".parse().expect("from"))
        .to("ann@example.test".parse().expect("to"))
        .cc("bob@example.test".parse().expect("cc"))
        .subject("Сертификат")
        .multipart(
            MultiPart::mixed()
                .multipart(MultiPart::alternative_plain_html(
                    "Ваш сертификат во вложении.".to_owned(),
                    "<p>Ваш <b>сертификат</b> во вложении.</p>".to_owned(),
                ))
                .singlepart(Attachment::new("certificate.txt".to_owned()).body(
                    b"attachment, not the body".to_vec(),
                    ContentType::TEXT_PLAIN,
                )),
        )
        .expect("message");
    mailer(&smtp.url()).send(message).await.expect("send");
    let mails = smtp.wait_for(1, WAIT).await;
    let mail = &mails[0];
    assert_eq!(mail.to, ["ann@example.test", "bob@example.test"]);
    assert_eq!(mail.subject, "Сертификат");
    assert_eq!(mail.text.as_deref(), Some("Ваш сертификат во вложении."));
    assert_eq!(
        mail.html.as_deref(),
        Some("<p>Ваш <b>сертификат</b> во вложении.</p>")
    );
    assert!(mail.raw.contains("certificate.txt"));
}

#[tokio::test]
async fn configured_credentials_are_required_by_plain_and_login() {
    let addr = "127.0.0.1:0".parse().expect("address");
    let smtp = FakeSmtp::start_on(addr, Some(("mailer", "s3cret")))
        .await
        .expect("start");
    let port = smtp.port();
    let message = || plain("ann@example.test", "Hi", "Hi");

    mailer(&format!("smtp://mailer:s3cret@127.0.0.1:{port}"))
        .send(message())
        .await
        .expect("AUTH PLAIN");
    Mailer::from_url(&format!("smtp://mailer:s3cret@127.0.0.1:{port}"))
        .expect("url")
        .authentication(vec![Mechanism::Login])
        .build()
        .send(message())
        .await
        .expect("AUTH LOGIN");

    let wrong = mailer(&format!("smtp://mailer:guess@127.0.0.1:{port}"))
        .send(message())
        .await
        .expect_err("wrong password");
    assert!(wrong.is_permanent(), "{wrong}");
    assert!(wrong.to_string().contains("5.7.8"), "{wrong}");

    let anonymous = mailer(&smtp.url())
        .send(message())
        .await
        .expect_err("no AUTH");
    assert!(anonymous.to_string().contains("5.7.0"), "{anonymous}");

    assert_eq!(smtp.wait_for(2, WAIT).await.len(), 2);
}

#[tokio::test]
async fn without_credentials_any_auth_is_taken() {
    let smtp = FakeSmtp::start().await;
    let url = format!("smtp://whoever:whatever@127.0.0.1:{}", smtp.port());
    mailer(&url)
        .send(plain("ann@example.test", "Hi", "Hi"))
        .await
        .expect("send");
    assert_eq!(smtp.wait_for(1, WAIT).await.len(), 1);
}

#[tokio::test]
async fn several_clients_at_once() {
    let smtp = FakeSmtp::start().await;
    let sends = (0..8).map(|i| {
        let mailer = mailer(&smtp.url());
        async move {
            mailer
                .send(plain(
                    &format!("user{i}@example.test"),
                    &format!("n{i}"),
                    "x",
                ))
                .await
        }
    });
    for result in futures_join_all(sends).await {
        result.expect("send");
    }
    let mut subjects: Vec<String> = smtp.messages().into_iter().map(|m| m.subject).collect();
    subjects.sort();
    assert_eq!(
        subjects,
        (0..8).map(|i| format!("n{i}")).collect::<Vec<_>>()
    );
}

/// Runs the futures concurrently on the runtime.
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}
