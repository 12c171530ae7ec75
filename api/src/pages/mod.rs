//! Public HTML pages people share: `/c/{id}` (a certificate, with Open Graph tags for VK and
//! Telegram previews, a QR code to itself and share buttons) and `/u/{handle}` (a profile).
//! This module holds the page shell; each page composes the services of its domains.
mod certificate;
mod email;
mod person;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use qrcode::render::svg;
use qrcode::QrCode;

use crate::i18n::{t, Lang};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{id}", get(certificate::serve))
        .route("/u/{handle}", get(person::serve))
        .route("/email/confirm", get(email::ask).post(email::confirm))
}

/// Escapes text for HTML bodies and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn enc(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// `vk.com/share.php` and `t.me/share/url` links for `url`.
pub fn share_links(url: &str, title: &str) -> (String, String) {
    (
        format!(
            "https://vk.com/share.php?url={}&title={}&noparse=true",
            enc(url),
            enc(title)
        ),
        format!(
            "https://t.me/share/url?url={}&text={}",
            enc(url),
            enc(title)
        ),
    )
}

fn qr_svg(url: &str) -> String {
    QrCode::new(url.as_bytes())
        .map(|code| {
            code.render::<svg::Color>()
                .min_dimensions(160, 160)
                .quiet_zone(true)
                .build()
        })
        .unwrap_or_default()
}

/// The reader's language, from `Accept-Language` (Russian when it names none we speak).
fn reader(headers: &HeaderMap) -> Lang {
    Lang::from_accept_language(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// An HTML page in `lang`, cached per language.
fn respond(status: StatusCode, html: String) -> Response {
    (
        status,
        [
            (header::CACHE_CONTROL, "no-cache"),
            (header::VARY, "Accept-Language"),
        ],
        Html(html),
    )
        .into_response()
}

fn page(lang: Lang, title: &str, description: &str, url: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t}</title>
<meta property="og:type" content="website">
<meta property="og:title" content="{t}">
<meta property="og:description" content="{d}">
<meta property="og:url" content="{u}">
<meta property="og:site_name" content="Iktomi">
<style>
body{{font-family:system-ui,sans-serif;max-width:42rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}}
.status{{display:inline-block;padding:.3rem .8rem;border-radius:1rem;font-weight:600;color:#fff}}
.active{{background:#1a7f37}}.expired,.issuer_suspended{{background:#9a6700}}.revoked,.superseded{{background:#cf222e}}
dl{{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}}dt{{color:#57606a}}
.share a{{margin-right:1rem}}code{{word-break:break-all}}
</style></head><body>{body}</body></html>"#,
        t = esc(title),
        d = esc(description),
        u = esc(url),
        lang = lang.code(),
    )
}

/// 404 in `lang`; `message` is a catalogue id (`page-no-certificate`).
fn not_found(lang: Lang, message: &str) -> Response {
    respond(
        StatusCode::NOT_FOUND,
        page(
            lang,
            &format!("{} — Iktomi", t(lang, "page-not-found")),
            "",
            "",
            &format!("<h1>{}</h1>", esc(&t(lang, message))),
        ),
    )
}

/// A date as the reader writes it.
fn date(lang: Lang, at: chrono::DateTime<chrono::Utc>) -> String {
    match lang {
        Lang::Ru => at.format("%d.%m.%Y").to_string(),
        Lang::En => at.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            esc(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn share_links_follow_vk_and_telegram_formats() {
        let (vk, tg) = share_links("https://iktomi.test/c/7", "BSc — KFU");
        assert_eq!(
            vk,
            "https://vk.com/share.php?url=https%3A%2F%2Fiktomi.test%2Fc%2F7&title=BSc+%E2%80%94+KFU&noparse=true"
        );
        assert_eq!(
            tg,
            "https://t.me/share/url?url=https%3A%2F%2Fiktomi.test%2Fc%2F7&text=BSc+%E2%80%94+KFU"
        );
    }
}
