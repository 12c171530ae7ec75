//! A notice as its recipient reads it: Telegram HTML in their language, carrying what the notice
//! is about (the organization, the title, the message, the link), and one button to the screen
//! where they act on it. User-supplied text is escaped here, once, before the catalogue places it.
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::i18n::{certificate_kind, html_escape, tr, Args, Lang};

/// Where a notice's button leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A Mini App screen (a path of the app, such as `certificates/12`).
    Screen(String),
    /// A link outside the app, such as a Telegram invite link.
    Url(String),
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub html: String,
    pub button: String,
    pub target: Target,
}

/// Quoted user text stays well inside Telegram's 4096 characters per message.
const QUOTE_MAX: usize = 3000;

struct Payload<'a>(&'a Value);

impl Payload<'_> {
    /// A string field, escaped; empty when absent.
    fn text(&self, key: &str) -> String {
        html_escape(self.0[key].as_str().unwrap_or_default()).into_owned()
    }

    fn raw(&self, key: &str) -> Option<&str> {
        self.0[key].as_str().filter(|s| !s.trim().is_empty())
    }

    /// An id field, string or number.
    fn id(&self, key: &str) -> String {
        match &self.0[key] {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => String::new(),
        }
    }

    fn int(&self, key: &str) -> i64 {
        self.0[key].as_i64().unwrap_or_default()
    }
}

fn quote(text: &str) -> String {
    let mut cut: String = text.trim().chars().take(QUOTE_MAX).collect();
    if text.trim().chars().count() > QUOTE_MAX {
        cut.push('…');
    }
    format!("\n\n<blockquote>{}</blockquote>", html_escape(&cut))
}

fn when(lang: Lang, at: &Value) -> String {
    let Some(at) = at.as_str().and_then(|s| s.parse::<DateTime<Utc>>().ok()) else {
        return String::new();
    };
    match lang {
        Lang::Ru => at.format("%d.%m.%Y %H:%M UTC").to_string(),
        Lang::En => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The notice of `kind` with `payload`, for a reader of `lang`.
pub fn render(kind: &str, payload: &Value, lang: Lang) -> Rendered {
    let p = Payload(payload);
    let t = |id: &str, args: Args| tr(lang, id, &args);
    let open = || tr(lang, "button-open", &Args::new());
    let screen = |s: String| Target::Screen(s);
    let cert_kind = |key: &str| certificate_kind(lang, &p.id(key));
    let mut extra = String::new();
    let (head, button, target) = match kind {
        "resume_response" => {
            let org = p.text("organization");
            let head = match p.raw("vacancy_title") {
                Some(v) => t(
                    "notice-resume-response-vacancy",
                    Args::new()
                        .with("organization", org)
                        .with("vacancy", html_escape(v).into_owned()),
                ),
                None => t(
                    "notice-resume-response",
                    Args::new().with("organization", org),
                ),
            };
            extra = p.raw("message").map(quote).unwrap_or_default();
            (head, open(), screen("notifications".into()))
        }
        "application_status" => {
            let status = t(&format!("application-status-{}", p.id("to")), Args::new());
            let head = t(
                "notice-application-status",
                Args::new()
                    .with("vacancy", p.text("vacancy_title"))
                    .with("status", status),
            );
            extra = p.raw("note").map(quote).unwrap_or_default();
            (
                head,
                open(),
                screen(format!("applications/{}", p.id("application_id"))),
            )
        }
        "application_received" => (
            t(
                "notice-application-received",
                Args::new()
                    .with("vacancy", p.text("vacancy_title"))
                    .with("candidate", p.text("candidate")),
            ),
            t("button-review", Args::new()),
            screen(format!("applications/{}", p.id("application_id"))),
        ),
        "contract" => {
            let event = p.id("event");
            let id = match event.as_str() {
                "drafted" | "signed_by_employer" | "signed_by_candidate" | "signed" | "hired" => {
                    format!("notice-contract-{event}")
                }
                _ => "notice-contract-other".to_owned(),
            };
            let head = t(&id, Args::new().with("position", p.text("position")));
            let button = if matches!(event.as_str(), "signed_by_employer" | "signed_by_candidate") {
                t("button-sign", Args::new())
            } else {
                open()
            };
            (
                head,
                button,
                screen(format!("contracts/{}", p.id("contract_id"))),
            )
        }
        "review" => (
            t(
                "notice-review",
                Args::new()
                    .with("organization", p.text("organization"))
                    .with("rating", p.int("rating")),
            ),
            open(),
            screen(format!("contracts/{}", p.id("contract_id"))),
        ),
        "community_invite" => {
            let head = t(
                "notice-community-invite",
                Args::new()
                    .with("organization", p.text("organization"))
                    .with("community", p.text("community")),
            );
            let target = match p.raw("invite_link") {
                Some(link) if link.starts_with("https://") => Target::Url(link.to_owned()),
                _ => screen("notifications".into()),
            };
            (head, t("button-join", Args::new()), target)
        }
        "mailing" => {
            let id = if p.id("kind") == "vacancy" {
                "notice-mailing-vacancy"
            } else {
                "notice-mailing-event"
            };
            let head = t(
                id,
                Args::new()
                    .with("community", p.text("community"))
                    .with("title", p.text("title")),
            );
            extra = p.raw("body").map(quote).unwrap_or_default();
            // The vacancy's own screen comes with the marketplace screens (issue 16, part 2).
            (head, open(), screen("notifications".into()))
        }
        "attestation_assigned" | "attestation_opened" => {
            let id = format!("notice-{}", kind.replace('_', "-"));
            let head = t(
                &id,
                Args::new()
                    .with("title", p.text("title"))
                    .with("closes", when(lang, &payload["closes_at"])),
            );
            (
                head,
                open(),
                screen(format!("attestations/{}", p.id("attestation_id"))),
            )
        }
        "attestation_result" => {
            let id = if payload["passed"] == true {
                "notice-attestation-passed"
            } else {
                "notice-attestation-failed"
            };
            let head = t(
                id,
                Args::new()
                    .with("person", p.text("person"))
                    .with("attestation", p.text("attestation"))
                    .with("score", p.int("score")),
            );
            (
                head,
                open(),
                screen(format!("attestations/{}", p.id("attestation_id"))),
            )
        }
        "badge_received" => (
            t(
                "notice-badge-received",
                Args::new().with("name", p.text("name")),
            ),
            open(),
            screen("achievements".into()),
        ),
        "level_reached" => (
            t(
                "notice-level-reached",
                Args::new()
                    .with("level", p.int("level"))
                    .with("points", p.int("points")),
            ),
            open(),
            screen("achievements".into()),
        ),
        "certificate_issued" => (
            t(
                "notice-certificate-issued",
                Args::new()
                    .with("organization", p.text("organization"))
                    .with("title", p.text("title"))
                    .with("kind", cert_kind("kind")),
            ),
            t("button-certificate", Args::new()),
            screen(format!("certificates/{}", p.id("certificate_id"))),
        ),
        "certificate_revoked" => {
            if let Some(reason) = p.raw("reason") {
                extra = format!(
                    "\n{}",
                    t(
                        "notice-reason",
                        Args::new().with("reason", html_escape(reason).into_owned())
                    )
                );
            }
            let head = match (p.raw("title"), p.raw("organization")) {
                (Some(title), Some(organization)) => t(
                    "notice-certificate-revoked-named",
                    Args::new()
                        .with("title", html_escape(title).into_owned())
                        .with("organization", html_escape(organization).into_owned()),
                ),
                _ => t(
                    "notice-certificate-revoked",
                    Args::new().with("id", p.id("certificate_id")),
                ),
            };
            (
                head,
                t("button-certificate", Args::new()),
                screen(format!("certificates/{}", p.id("certificate_id"))),
            )
        }
        "recommendation_requested" => {
            let from = p.text("from");
            let head = match p.raw("skill") {
                Some(skill) => t(
                    "notice-recommendation-requested-skill",
                    Args::new()
                        .with("from", from)
                        .with("skill", html_escape(skill).into_owned()),
                ),
                None => t(
                    "notice-recommendation-requested",
                    Args::new().with("from", from),
                ),
            };
            extra = p.raw("note").map(quote).unwrap_or_default();
            (
                head,
                t("button-write", Args::new()),
                screen("recommendations".into()),
            )
        }
        "certificate_requested" => (
            t(
                "notice-certificate-requested",
                Args::new()
                    .with("from", p.text("from"))
                    .with("organization", p.text("organization"))
                    .with("title", p.text("title"))
                    .with("kind", cert_kind("kind")),
            ),
            t("button-review", Args::new()),
            screen(format!("organization/{}/inbox", p.id("organization_id"))),
        ),
        "artifact_review_requested" => (
            t(
                "notice-artifact-review-requested",
                Args::new()
                    .with("from", p.text("from"))
                    .with("organization", p.text("organization"))
                    .with("title", p.text("title")),
            ),
            t("button-review", Args::new()),
            screen(format!("organization/{}/inbox", p.id("organization_id"))),
        ),
        "organization_invitation" => (
            t(
                "notice-organization-invitation",
                Args::new()
                    .with("from", p.text("from"))
                    .with("organization", p.text("organization"))
                    .with("role", t(&format!("role-{}", p.id("role")), Args::new())),
            ),
            t("button-accept", Args::new()),
            screen(format!(
                "organization/{}/invitation",
                p.id("organization_id")
            )),
        ),
        "verification_decided" => {
            let approved = payload["approved"] == true;
            let id = if approved {
                "notice-verification-approved"
            } else {
                "notice-verification-rejected"
            };
            if let Some(reason) = p.raw("reason").filter(|_| !approved) {
                extra = format!(
                    "\n{}",
                    t(
                        "notice-reason",
                        Args::new().with("reason", html_escape(reason).into_owned())
                    )
                );
            }
            (
                t(id, Args::new().with("organization", p.text("organization"))),
                open(),
                screen(format!("organization/{}", p.id("organization_id"))),
            )
        }
        "migration_requested" => (
            t(
                "notice-migration-requested",
                Args::new()
                    .with("from", p.text("from"))
                    .with("organization", p.text("organization")),
            ),
            t("button-review", Args::new()),
            screen(format!("organization/{}/inbox", p.id("organization_id"))),
        ),
        _ => (
            t("notice-unknown", Args::new()),
            open(),
            screen("notifications".into()),
        ),
    };
    Rendered {
        html: head + &extra,
        button,
        target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notifications::notify::Kind;
    use serde_json::json;

    #[test]
    fn every_kind_renders_in_both_languages_without_gaps() {
        for kind in Kind::ALL {
            for lang in Lang::ALL {
                let r = render(kind.as_str(), &json!({}), lang);
                let text = format!("{} {}", r.html, r.button);
                assert!(
                    !text.contains("notice-") && !text.contains("button-"),
                    "{kind:?} {lang:?}: {text}"
                );
                assert_ne!(
                    r.html,
                    tr(lang, "notice-unknown", &Args::new()),
                    "{kind:?} has its own text"
                );
            }
        }
    }

    #[test]
    fn hostile_text_is_escaped_and_content_is_carried() {
        let hostile = r#"<b>Evil</b> & <a href="x">"#;
        let r = render(
            "resume_response",
            &json!({"organization": hostile, "vacancy_title": "Rust <dev>", "message": "Hi & <welcome>"}),
            Lang::En,
        );
        assert!(
            r.html
                .contains("&lt;b&gt;Evil&lt;/b&gt; &amp; &lt;a href=&quot;x&quot;&gt;"),
            "{}",
            r.html
        );
        assert!(r.html.contains("Rust &lt;dev&gt;"));
        assert!(r
            .html
            .contains("<blockquote>Hi &amp; &lt;welcome&gt;</blockquote>"));
        assert!(
            !r.html.contains("<a "),
            "no markup of the sender's survives"
        );
    }

    #[test]
    fn a_community_invite_carries_its_link_and_russian_is_the_default() {
        let r = render(
            "community_invite",
            &json!({"organization": "Acme", "community": "Rust", "invite_link": "https://t.me/+abc"}),
            Lang::default(),
        );
        assert_eq!(r.target, Target::Url("https://t.me/+abc".into()));
        assert_eq!(r.button, "Вступить в сообщество");
        assert!(
            r.html.contains("приглашает вас в сообщество «Rust»"),
            "{}",
            r.html
        );
    }

    #[test]
    fn long_text_is_cut_to_fit_a_telegram_message() {
        let r = render(
            "mailing",
            &json!({"kind": "event", "title": "T", "community": "C", "body": "x".repeat(10_000)}),
            Lang::Ru,
        );
        assert!(r.html.chars().count() < 4096);
        assert!(r.html.contains('…'));
    }
}
