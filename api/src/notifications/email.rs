//! The e-mail sender of the outbox: SMTP through lettre, configured by URL, with the outbox's
//! leases and retry rules. A notice is rendered when sent, in its reader's language, as text and
//! HTML carrying the same content and link as the Telegram message; a message rendered when
//! queued (a confirmation link) is sent as it is. A transient SMTP failure backs off; a permanent
//! one (a refused address) gives up.
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::i18n::{html_escape, plain, t, tr, Args, Lang};
use crate::notifications::leases::{back_off, give_up, mark_sent};
use crate::notifications::render::{render, Target};
use crate::state::AppState;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// The configured mailer, or None when no SMTP URL is set.
    pub fn of(state: &AppState) -> anyhow::Result<Option<Self>> {
        let settings = &state.settings.email;
        let Some(url) = &settings.smtp_url else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
            // The URL holds the password: never let it into the message.
            .map_err(|e| {
                anyhow::anyhow!(
                    "email.smtp_url is not an SMTP URL: {}",
                    e.to_string().replace(url.expose_secret(), "…")
                )
            })?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from = settings
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("email.from is not a mailbox: {e}"))?;
        Ok(Some(Self { transport, from }))
    }
}

struct Due {
    id: i64,
    notification_id: Option<i64>,
    address: String,
    email: Option<Value>,
    attempts: i32,
}

/// What an e-mail says: subject, text and HTML, and a file if it carries one.
struct Letter {
    subject: String,
    text: String,
    html: String,
    attachment: Option<(String, Vec<u8>)>,
}

async fn letter(state: &AppState, due: &Due) -> anyhow::Result<Option<Letter>> {
    if let Some(id) = due.notification_id {
        let n = sqlx::query!(
            "SELECT n.kind, n.payload, a.language, a.telegram_language
             FROM notifications n JOIN accounts a ON a.id = n.account_id WHERE n.id = $1",
            id
        )
        .fetch_one(&state.db)
        .await?;
        let lang = Lang::of_person(n.language.as_deref(), n.telegram_language.as_deref());
        let mut letter = notice(state, lang, &n.kind, &n.payload);
        if n.kind == "contract" {
            contract(state, lang, &n.payload, &mut letter).await?;
        }
        return Ok(Some(letter));
    }
    let Some(email) = &due.email else {
        return Ok(None);
    };
    let field = |key: &str| email[key].as_str().unwrap_or_default().to_owned();
    Ok(Some(Letter {
        subject: field("subject"),
        text: field("text"),
        html: field("html"),
        attachment: None,
    }))
}

/// A notice as an e-mail: the Telegram text (its HTML is valid HTML), its button as a link.
fn notice(state: &AppState, lang: Lang, kind: &str, payload: &Value) -> Letter {
    let rendered = render(kind, payload, lang);
    let link = match &rendered.target {
        Target::Url(url) => url.clone(),
        Target::Screen(screen) => format!(
            "{}/{screen}",
            state.settings.telegram.mini_app_url.trim_end_matches('/')
        ),
    };
    let text = plain(&rendered.html);
    let summary: String = text
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    let footer = t(lang, "email-footer");
    Letter {
        attachment: None,
        subject: tr(
            lang,
            "email-notice-subject",
            &Args::new().with("summary", summary),
        ),
        text: format!("{text}\n\n{}: {link}\n\n-- \n{footer}\n", rendered.button),
        html: format!(
            r#"<p>{}</p><p><a href="{}">{}</a></p><hr><p style="color:#57606a;font-size:small">{}</p>"#,
            rendered.html.replace('\n', "<br>"),
            html_escape(&link),
            html_escape(&rendered.button),
            html_escape(&footer)
        ),
    }
}

/// A contract's e-mail carries its terms and, once frozen for signing, the very document the
/// signatures cover (`contract-<id>.json`), beside the link to sign it.
async fn contract(
    state: &AppState,
    lang: Lang,
    payload: &Value,
    letter: &mut Letter,
) -> anyhow::Result<()> {
    let Some(id) = payload["contract_id"]
        .as_str()
        .and_then(|id| id.parse::<uuid::Uuid>().ok())
    else {
        return Ok(());
    };
    let Some(c) = sqlx::query!(
        "SELECT position, terms, starts_on, document FROM contracts WHERE id = $1",
        id
    )
    .fetch_optional(&state.db)
    .await?
    else {
        return Ok(());
    };
    let terms = tr(
        lang,
        "email-contract-terms",
        &Args::new()
            .with("position", c.position.as_str())
            .with("starts", c.starts_on.to_string())
            .with("terms", c.terms.as_str()),
    );
    letter.text = format!("{terms}\n\n{}", letter.text);
    letter.html = format!(
        r#"<pre style="white-space:pre-wrap;font-family:inherit">{}</pre>{}"#,
        html_escape(&terms),
        letter.html
    );
    if let Some(document) = c.document {
        letter.attachment = Some((
            format!("contract-{id}.json"),
            serde_json::to_vec_pretty(&document)?,
        ));
    }
    Ok(())
}

/// Sends what is due now; how many were sent.
pub async fn deliver_due(state: &AppState, mailer: &Mailer) -> anyhow::Result<usize> {
    let due = sqlx::query_as!(
        Due,
        r#"UPDATE deliveries SET lease_until = now() + make_interval(secs => $1), attempts = attempts + 1
           WHERE id IN (SELECT id FROM deliveries
                        WHERE channel = 'email' AND status = 'pending' AND next_attempt_at <= now()
                          AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY id LIMIT 20 FOR UPDATE SKIP LOCKED)
           RETURNING id, notification_id, address AS "address!", email, attempts"#,
        state.settings.outbox.lease_secs as f64
    )
    .fetch_all(&state.db)
    .await?;
    let mut sent = 0;
    for d in due {
        let Some(letter) = letter(state, &d).await? else {
            give_up(state, d.id, "nothing to send").await?;
            continue;
        };
        let Ok(to) = d.address.parse::<Mailbox>() else {
            give_up(state, d.id, "not an e-mail address").await?;
            continue;
        };
        let body = MultiPart::alternative_plain_html(letter.text, letter.html);
        let body = match letter.attachment {
            Some((name, bytes)) => MultiPart::mixed().multipart(body).singlepart(
                Attachment::new(name).body(bytes, ContentType::parse("application/json")?),
            ),
            None => body,
        };
        let message = Message::builder()
            .from(mailer.from.clone())
            .to(to)
            .subject(letter.subject)
            .multipart(body);
        let message = match message {
            Ok(message) => message,
            Err(error) => {
                give_up(state, d.id, &error.to_string()).await?;
                continue;
            }
        };
        match mailer.transport.send(message).await {
            Ok(_) => {
                mark_sent(state, d.id, None).await?;
                sent += 1;
            }
            Err(error) if error.is_permanent() => {
                tracing::warn!(delivery = d.id, %error, "the mail server refused the e-mail; giving up");
                give_up(state, d.id, &error.to_string()).await?;
            }
            Err(error) => back_off(state, d.id, d.attempts, &error.to_string()).await?,
        }
    }
    Ok(sent)
}

/// Sends forever (until the task is dropped), when an SMTP server is configured.
pub async fn run(state: AppState) {
    let mailer = match Mailer::of(&state) {
        Ok(Some(mailer)) => mailer,
        Ok(None) => {
            tracing::info!("no SMTP server configured: no e-mail is sent");
            return;
        }
        Err(error) => {
            tracing::error!(%error, "the e-mail channel is off");
            return;
        }
    };
    let poll = Duration::from_millis(state.settings.outbox.poll_ms);
    loop {
        match deliver_due(&state, &mailer).await {
            Ok(n) if n > 0 => tracing::debug!(sent = n, "e-mail outbox"),
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "e-mail outbox round failed"),
        }
        tokio::time::sleep(poll).await;
    }
}
