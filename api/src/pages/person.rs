//! `/u/{handle}`: a person's public profile with their certificates and recommendations.
use axum::response::{Html, IntoResponse, Response};

use super::{esc, not_found, page, share_links};
use crate::certificates::lookup as verify;
use crate::http::extract::Path;
use crate::profiles::recommendations::routes as recommendations;
use crate::state::AppState;

pub(super) async fn serve(
    state: axum::extract::State<AppState>,
    Path(handle): Path<String>,
) -> Response {
    let id = match sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(&state.db)
        .await
    {
        Ok(Some(id)) => id,
        Ok(None) => return not_found("person"),
        Err(e) => return crate::http::error::ApiError::from(e).into_response(),
    };
    let profile = match crate::profiles::routes::load(&state.db, id, None).await {
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
