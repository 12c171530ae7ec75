//! `/u/{handle}`: a person's public profile with their certificates and recommendations.
use axum::response::{Html, IntoResponse, Response};
use sqlx::PgPool;

use super::{esc, not_found, page, share_links};
use crate::certificates::lookup::{self as verify, HeldCertificate};
use crate::http::error::ApiResult;
use crate::http::extract::Path;
use crate::profiles::items::Skill;
use crate::profiles::profile::{self, Profile};
use crate::profiles::recommendations::recommendation::Recommendation;
use crate::profiles::recommendations::store;
use crate::state::AppState;

/// What the page shows, as anyone may see it.
struct PublicPerson {
    profile: Profile,
    held: Vec<HeldCertificate>,
    recommendations: Vec<Recommendation>,
}

pub(super) async fn serve(
    state: axum::extract::State<AppState>,
    Path(handle): Path<String>,
) -> Response {
    match gather(&state.db, &handle).await {
        Ok(Some(person)) => render(&state.settings.public_url, &person),
        Ok(None) => not_found("person"),
        Err(e) => e.into_response(),
    }
}

/// The person with `handle`, if there is one with a profile.
async fn gather(db: &PgPool, handle: &str) -> ApiResult<Option<PublicPerson>> {
    let Some(id) = profile::account_by_handle(db, handle).await? else {
        return Ok(None);
    };
    let Some(profile) = profile::load(db, id, None).await? else {
        return Ok(None);
    };
    let held = verify::held_by(db, id).await?;
    let recommendations = store::public_about(db, id).await?;
    Ok(Some(PublicPerson {
        profile,
        held,
        recommendations,
    }))
}

fn render(public_url: &str, person: &PublicPerson) -> Response {
    let profile = &person.profile;
    let base = public_url.trim_end_matches('/');
    let url = format!("{base}/u/{}", profile.handle);
    let name = if profile.display_name.is_empty() {
        profile.handle.clone()
    } else {
        profile.display_name.clone()
    };
    let skills = skill_items(&profile.skills);
    let certificates = certificate_items(base, &person.held);
    let recommendations = recommendation_items(&person.recommendations);
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

fn skill_items(skills: &[Skill]) -> String {
    skills
        .iter()
        .map(|s| format!("<li>{} — {}/5</li>", esc(&s.name), s.level))
        .collect()
}

fn certificate_items(base: &str, held: &[HeldCertificate]) -> String {
    held.iter()
        .map(|c| {
            format!(
                r#"<li><a href="{base}/c/{id}">{title}</a> — {issuer} <span class="status {status}">{status}</span></li>"#,
                id = c.id,
                title = esc(c.title.as_deref().unwrap_or(&c.kind)),
                issuer = esc(c.issuer_name.as_deref().unwrap_or("")),
                status = esc(&c.status),
            )
        })
        .collect()
}

/// Each statement with what it says, its author, and the author's verified employment.
fn recommendation_items(recommendations: &[Recommendation]) -> String {
    recommendations
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
        .collect()
}
