//! E-mail, the second channel, against a local SMTP server: an address is confirmed through the
//! link it is sent (in the person's language; opening the link only asks), a notice reaches a
//! person Telegram cannot reach by e-mail with its content escaped, and the outbox's retry rules
//! hold for SMTP (a transient refusal is retried, a permanent one given up).
use std::time::Duration;

use iktomi_api::notifications::email::{deliver_due, Mailer};
use iktomi_smtp_fake::{FakeSmtp, Mail};
use serde_json::{json, Value};
use sqlx::PgPool;

use crate::support::{spawn_app_with, TestApp, User};

async fn app_with_smtp(db: PgPool) -> (FakeSmtp, TestApp, Mailer) {
    let smtp = FakeSmtp::start().await;
    let url = smtp.url();
    let app = spawn_app_with(db, move |s| s.email.smtp_url = Some(url.into())).await;
    let mailer = Mailer::of(&app.state).expect("mailer").expect("configured");
    (smtp, app, mailer)
}

async fn send_all(app: &TestApp, mailer: &Mailer) {
    deliver_due(&app.state, mailer).await.expect("round");
}

fn token_in(mail: &Mail) -> String {
    let text = mail.text.as_deref().unwrap_or_default();
    let at = text.find("token=").expect("a confirmation link") + "token=".len();
    text[at..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

async fn page(app: &TestApp, request: reqwest::RequestBuilder) -> (u16, String) {
    let _ = app;
    let response = request
        .header("accept-language", "ru")
        .send()
        .await
        .expect("page");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

/// `who` gives `address` (`PUT /v1/me/email`).
async fn give_address(app: &TestApp, who: &User, address: &str) -> (reqwest::StatusCode, Value) {
    app.send(
        reqwest::Method::PUT,
        "/v1/me/email",
        Some(&who.token),
        Some(json!({ "address": address })),
    )
    .await
}

/// `who` gives `address` and confirms it through the e-mail; the mail that came.
async fn confirmed(
    app: &TestApp,
    smtp: &FakeSmtp,
    mailer: &Mailer,
    who: &User,
    address: &str,
) -> Mail {
    let before = smtp.messages().len();
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/email",
            Some(&who.token),
            Some(json!({ "address": address })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    send_all(app, mailer).await;
    let mail = smtp.wait_for(before + 1, Duration::from_secs(5)).await[before].clone();
    let token = token_in(&mail);
    let (status, _) = page(
        app,
        app.http
            .post(app.at("/email/confirm"))
            .form(&[("token", token.as_str())]),
    )
    .await;
    assert_eq!(status, 200);
    mail
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn an_address_is_confirmed_through_its_link_and_opening_the_link_only_asks(db: PgPool) {
    let (smtp, app, mailer) = app_with_smtp(db.clone()).await;
    let anna = app.named_user("anna").await;
    let (status, body) = give_address(&app, &anna, "not an address").await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = give_address(&app, &anna, "anna@example.com").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({ "address": "anna@example.com", "confirmed": false })
    );

    send_all(&app, &mailer).await;
    let mails = smtp.wait_for(1, Duration::from_secs(5)).await;
    let mail = &mails[0];
    assert_eq!(mail.to, ["anna@example.com"]);
    assert_eq!(
        mail.subject, "Подтвердите адрес для Iktomi",
        "Russian by default"
    );
    let token = token_in(mail);
    assert_eq!(token.len(), 64);
    assert!(mail
        .html
        .as_deref()
        .unwrap_or_default()
        .contains("Подтвердить адрес"));
    let kept: Option<Value> =
        sqlx::query_scalar("SELECT email FROM deliveries WHERE channel = 'email'")
            .fetch_one(&db)
            .await
            .expect("row");
    assert_eq!(kept, None, "the link does not outlive its delivery");

    // Opening the link asks; only the button's POST confirms.
    let (status, asked) = page(
        &app,
        app.http
            .get(app.at(&format!("/email/confirm?token={token}"))),
    )
    .await;
    assert_eq!(status, 200);
    assert!(asked.contains("anna@example.com") && asked.contains(r#"method="post""#));
    let (_, me) = app.get("/v1/me/email", Some(&anna.token)).await;
    assert_eq!(me["confirmed"], false);
    let (status, done) = page(
        &app,
        app.http
            .post(app.at("/email/confirm"))
            .form(&[("token", token.as_str())]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        done.contains("Адрес anna@example.com подтверждён."),
        "{done}"
    );
    let (_, me) = app.get("/v1/me/email", Some(&anna.token)).await;
    assert_eq!(me["confirmed"], true);
    let (status, _) = page(
        &app,
        app.http
            .post(app.at("/email/confirm"))
            .form(&[("token", token.as_str())]),
    )
    .await;
    assert_eq!(status, 404, "a link confirms once");
    let (status, _) = page(&app, app.http.get(app.at("/email/confirm?token=00"))).await;
    assert_eq!(status, 404);

    // Another profile cannot take a confirmed address.
    let eve = app.named_user("eve").await;
    give_address(&app, &eve, "ANNA@example.com").await;
    send_all(&app, &mailer).await;
    let mail = smtp.wait_for(2, Duration::from_secs(5)).await[1].clone();
    let (status, taken) = page(
        &app,
        app.http
            .post(app.at("/email/confirm"))
            .form(&[("token", token_in(&mail).as_str())]),
    )
    .await;
    assert_eq!(status, 409);
    assert!(taken.contains("уже подтверждён в другом профиле"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_person_telegram_cannot_reach_gets_the_notice_by_email_escaped(db: PgPool) {
    let (smtp, app, mailer) = app_with_smtp(db.clone()).await;
    let olga = app.named_user("olga").await;
    let anna = app.named_user("anna").await;
    confirmed(&app, &smtp, &mailer, &anna, "anna@example.com").await;
    let org = app.organization(&olga, r#"<b>Evil</b> & Co"#).await;
    let (status, body) = app
        .post(
            &format!("/v1/organizations/{org}/members"),
            Some(&olga.token),
            json!({ "handle": "anna", "role": "employee" }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    send_all(&app, &mailer).await;
    let mail = smtp.wait_for(2, Duration::from_secs(5)).await[1].clone();
    assert_eq!(mail.to, ["anna@example.com"]);
    assert!(
        mail.subject.starts_with("Iktomi: 🏢 @olga приглашает вас"),
        "{}",
        mail.subject
    );
    let html = mail.html.as_deref().unwrap_or_default();
    assert!(html.contains("&lt;b&gt;Evil&lt;/b&gt; &amp; Co"), "{html}");
    assert!(!html.contains("<b>Evil</b>"));
    assert!(html.contains(&format!(
        "https://app.iktomi.test/organization/{org}/invitation"
    )));
    let text = mail.text.as_deref().unwrap_or_default();
    assert!(
        text.contains("<b>Evil</b> & Co"),
        "the text part is plain: {text}"
    );
    assert!(text.contains("Принять приглашение: https://app.iktomi.test/organization/"));
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn smtp_refusals_follow_the_outbox_retry_rules(db: PgPool) {
    let (smtp, app, mailer) = app_with_smtp(db.clone()).await;
    let anna = app.named_user("anna").await;
    smtp.script_failure(451, "4.3.0 Try again later");
    give_address(&app, &anna, "anna@example.com").await;
    send_all(&app, &mailer).await;
    let (status, attempts): (String, i32) =
        sqlx::query_as("SELECT status::text, attempts FROM deliveries WHERE channel = 'email'")
            .fetch_one(&db)
            .await
            .expect("row");
    assert_eq!(
        (status.as_str(), attempts),
        ("pending", 1),
        "a transient refusal waits"
    );
    sqlx::query("UPDATE deliveries SET next_attempt_at = now()")
        .execute(&db)
        .await
        .expect("due now");
    send_all(&app, &mailer).await;
    assert_eq!(
        smtp.wait_for(1, Duration::from_secs(5)).await.len(),
        1,
        "sent on the retry"
    );

    smtp.script_failure(550, "5.1.1 No such user");
    give_address(&app, &anna, "nobody@example.com").await;
    send_all(&app, &mailer).await;
    let failed: String = sqlx::query_scalar(
        "SELECT status::text FROM deliveries WHERE channel = 'email' AND address = 'nobody@example.com'",
    )
    .fetch_one(&db)
    .await
    .expect("row");
    assert_eq!(failed, "failed", "a permanent refusal is given up");
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_contract_waiting_for_a_signature_is_e_mailed_with_its_document(db: PgPool) {
    use crate::hiring_support::{offer_stage, sign, terms};
    let (smtp, app, mailer) = app_with_smtp(db.clone()).await;
    let hr = app.named_user("hr_lead").await;
    let anna = app.named_user("anna").await;
    confirmed(&app, &smtp, &mailer, &anna, "anna@example.com").await;
    let org = app.organization(&hr, "Acme").await;
    let offer = offer_stage(&app, &hr, &anna, &org).await;
    let (status, drafted) = app
        .post(
            &format!("/v1/applications/{}/contract", offer.application),
            Some(&hr.token),
            terms(),
        )
        .await;
    assert_eq!(status, 201, "{drafted}");
    let id = drafted["id"].as_str().expect("id").to_owned();
    let (status, signed) = sign(&app, &hr, &id, json!({})).await;
    assert_eq!(status, 200, "{signed}");
    send_all(&app, &mailer).await;
    let mails = smtp.messages();
    let mail = mails
        .iter()
        .find(|m| m.raw.contains(&format!("contract-{id}.json")))
        .unwrap_or_else(|| panic!("no e-mail with the contract among {mails:?}"));
    assert_eq!(mail.to, ["anna@example.com"]);
    let text = mail.text.as_deref().unwrap_or_default();
    assert!(text.contains("Договор: Rust engineer"), "{text}");
    assert!(text.contains("Full time, remote, 28 days of leave."));
    assert!(
        text.contains(&format!("https://app.iktomi.test/contracts/{id}")),
        "the link to sign it: {text}"
    );
}

#[sqlx::test(migrator = "iktomi_api::MIGRATOR")]
async fn a_language_chosen_in_the_app_is_the_one_e_mails_speak(db: PgPool) {
    let (smtp, app, mailer) = app_with_smtp(db).await;
    let anna = app.named_user("anna").await;
    let (_, me) = app.get("/v1/me", Some(&anna.token)).await;
    assert_eq!(me["language"], "ru", "Russian first");
    let (status, body) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/language",
            Some(&anna.token),
            Some(json!({ "language": "de" })),
        )
        .await;
    assert_eq!(
        status, 400,
        "a language the platform does not speak: {body}"
    );
    let (status, _) = app
        .send(
            reqwest::Method::PUT,
            "/v1/me/language",
            Some(&anna.token),
            Some(json!({ "language": "en" })),
        )
        .await;
    assert_eq!(status, 204);
    let (_, me) = app.get("/v1/me", Some(&anna.token)).await;
    assert_eq!(me["language"], "en");
    give_address(&app, &anna, "anna@example.com").await;
    send_all(&app, &mailer).await;
    let mail = smtp.wait_for(1, Duration::from_secs(5)).await[0].clone();
    assert_eq!(mail.subject, "Confirm your address for Iktomi");
}
