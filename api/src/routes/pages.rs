//! Public HTML pages people share: `/c/{id}` (a certificate, with Open Graph tags for VK and
//! Telegram previews, a QR code to itself and share buttons) and `/u/{handle}` (a profile).
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use qrcode::render::svg;
use qrcode::QrCode;

use crate::extract::Path;
use crate::routes::{recommendations, verify};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{id}", get(certificate))
        .route("/u/{handle}", get(person))
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

fn page(title: &str, description: &str, url: &str, body: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8">
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
    )
}

fn not_found(what: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Html(page(
            "Not found — Iktomi",
            "",
            "",
            &format!("<h1>No such {}</h1>", esc(what)),
        )),
    )
        .into_response()
}

async fn certificate(state: axum::extract::State<AppState>, Path(id): Path<String>) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found("certificate");
    };
    let v = match verify::load(&state.db, id).await {
        Ok(Some(v)) => v,
        Ok(None) => return not_found("certificate"),
        Err(e) => return e.into_response(),
    };
    let base = state.settings.public_url.trim_end_matches('/');
    let url = format!("{base}/c/{id}");
    let title = v
        .document
        .as_ref()
        .and_then(|d| d["name"].as_str())
        .unwrap_or(&v.kind)
        .to_owned();
    let issuer = v
        .issuer
        .organization_name
        .clone()
        .unwrap_or_else(|| v.issuer.address.clone());
    let status_text = match v.status.as_str() {
        "active" => "Valid".to_owned(),
        "expired" => "Expired".to_owned(),
        "superseded" => "Superseded".to_owned(),
        "issuer_suspended" => "Issuer suspended".to_owned(),
        _ => format!(
            "Revoked ({})",
            v.revocation_reason.as_deref().unwrap_or("no reason")
        ),
    };
    let description = format!("{title} — issued by {issuer}. Status: {status_text}.");
    let (vk, telegram) = share_links(&url, &format!("{title} — {issuer}"));
    let holder = match &v.holder.handle {
        Some(h) => format!(r#"<a href="{base}/u/{h}">@{h}</a>"#, h = esc(h)),
        None => format!("<code>{}</code>", esc(&v.holder.address)),
    };
    let links = |ids: &[u64]| {
        ids.iter()
            .map(|i| format!(r#"<a href="{base}/c/{i}">#{i}</a>"#))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let document = match v.document_matches {
        Some(true) => "matches the hash on chain",
        Some(false) => "DOES NOT match the hash on chain",
        None => "not held by this platform",
    };
    let body = format!(
        r#"<h1>{title}</h1>
<p><span class="status {status}" id="status">{status_text}</span></p>
<dl>
<dt>Certificate</dt><dd>#{id} ({kind})</dd>
<dt>Issuer</dt><dd>{issuer}{verified}</dd>
<dt>Holder</dt><dd>{holder}</dd>
<dt>Issued</dt><dd>{issued}</dd>
{expires}{supersedes}{superseded_by}<dt>Document</dt><dd>{document}<br><code>{hash}</code></dd>
</dl>
<div class="qr">{qr}</div>
<p class="share"><a id="share-vk" href="{vk}">Share on VK</a><a id="share-telegram" href="{telegram}">Share on Telegram</a></p>
<p><a href="{base}/v1/verify/{id}">Machine-readable verification</a></p>"#,
        title = esc(&title),
        status = esc(&v.status),
        status_text = esc(&status_text),
        kind = esc(&v.kind),
        issuer = esc(&issuer),
        verified = if v.issuer.verified {
            " ✔ verified issuer"
        } else {
            " (not a verified issuer)"
        },
        issued = v.issued_at.format("%Y-%m-%d"),
        expires = v
            .expires_at
            .map(|t| format!("<dt>Expires</dt><dd>{}</dd>\n", t.format("%Y-%m-%d")))
            .unwrap_or_default(),
        supersedes = if v.supersedes.is_empty() {
            String::new()
        } else {
            format!("<dt>Replaces</dt><dd>{}</dd>\n", links(&v.supersedes))
        },
        superseded_by = if v.superseded_by.is_empty() {
            String::new()
        } else {
            format!("<dt>Replaced by</dt><dd>{}</dd>\n", links(&v.superseded_by))
        },
        hash = esc(&v.content_hash),
        qr = qr_svg(&url),
        vk = esc(&vk),
        telegram = esc(&telegram),
    );
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Html(page(
            &format!("{title} — Iktomi"),
            &description,
            &url,
            &body,
        )),
    )
        .into_response()
}

async fn person(state: axum::extract::State<AppState>, Path(handle): Path<String>) -> Response {
    let id = match sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(&state.db)
        .await
    {
        Ok(Some(id)) => id,
        Ok(None) => return not_found("person"),
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    let profile = match crate::routes::profiles::load(&state.db, id, None).await {
        Ok(Some(p)) => p,
        Ok(None) => return not_found("person"),
        Err(e) => return e.into_response(),
    };
    let held = match verify::held_by(&state.db, id).await {
        Ok(held) => held,
        Err(e) => return e.into_response(),
    };
    let recommendations = match recommendations::public_about(&state.db, id).await {
        Ok(list) => list,
        Err(e) => return e.into_response(),
    };
    let base = state.settings.public_url.trim_end_matches('/');
    let url = format!("{base}/u/{}", profile.handle);
    let name = if profile.display_name.is_empty() {
        profile.handle.clone()
    } else {
        profile.display_name.clone()
    };
    let skills = profile
        .skills
        .iter()
        .map(|s| format!("<li>{} — {}/5</li>", esc(&s.name), s.level))
        .collect::<String>();
    let certificates = held
        .iter()
        .map(|c| {
            format!(
                r#"<li><a href="{base}/c/{id}">{title}</a> — {issuer} <span class="status {status}">{status}</span></li>"#,
                id = c.id,
                title = esc(c.title.as_deref().unwrap_or(&c.kind)),
                issuer = esc(c.issuer_name.as_deref().unwrap_or("")),
                status = esc(&c.status),
            )
        })
        .collect::<String>();
    let recommendations = recommendations
        .iter()
        .map(|r| {
            let what = match &r.skill {
                Some(skill) => format!("Endorses {}", esc(skill)),
                None => "Recommends".to_owned(),
            };
            let employment = r
                .author_employment
                .iter()
                .map(|e| {
                    format!(
                        ", {} at {} (verified)",
                        esc(e.position.as_deref().unwrap_or("employee")),
                        esc(e.organization_name.as_deref().unwrap_or("an issuer"))
                    )
                })
                .collect::<String>();
            format!(
                r#"<li><blockquote>{text}</blockquote>{what} — @{author}{employment}</li>"#,
                text = esc(r.text.as_deref().unwrap_or_default()),
                author = esc(&r.author.handle),
            )
        })
        .collect::<String>();
    let (vk, telegram) = share_links(&url, &name);
    let body = format!(
        r#"<h1>{name}</h1><p>{headline}</p>
<h2>Skills</h2><ul>{skills}</ul>
<h2>Certificates</h2><ul id="certificates">{certificates}</ul>
<h2>Recommendations</h2><ul id="recommendations">{recommendations}</ul>
<p class="share"><a href="{vk}">Share on VK</a><a href="{telegram}">Share on Telegram</a></p>"#,
        name = esc(&name),
        headline = esc(&profile.headline),
        vk = esc(&vk),
        telegram = esc(&telegram),
    );
    Html(page(
        &format!("{name} — Iktomi"),
        &profile.headline,
        &url,
        &body,
    ))
    .into_response()
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
