//! `/u/{handle}`: a person's public profile with their certificates and recommendations, in the
//! reader's language.
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use sqlx::PgPool;

use super::{esc, not_found, page, reader, respond, share_links};
use crate::certificates::lookup::{self as verify, HeldCertificate};
use crate::http::error::ApiResult;
use crate::http::extract::Path;
use crate::i18n::{certificate_kind, t, tr, Args, Lang};
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
    headers: HeaderMap,
    Path(handle): Path<String>,
) -> Response {
    let lang = reader(&headers);
    match gather(&state.db, &handle).await {
        Ok(Some(person)) => render(lang, &state.settings.public_url, &person),
        Ok(None) => not_found(lang, "page-no-person"),
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

fn render(lang: Lang, public_url: &str, person: &PublicPerson) -> Response {
    let profile = &person.profile;
    let base = public_url.trim_end_matches('/');
    let url = format!("{base}/u/{}", profile.handle);
    let name = if profile.display_name.is_empty() {
        profile.handle.clone()
    } else {
        profile.display_name.clone()
    };
    let skills = skill_items(&profile.skills);
    let certificates = certificate_items(lang, base, &person.held);
    let recommendations = recommendation_items(lang, &person.recommendations);
    let label = |id: &str| esc(&t(lang, id));
    let (vk, telegram) = share_links(&url, &name);
    let body = format!(
        r#"<h1>{name}</h1><p>{headline}</p>
<h2>{l_skills}</h2><ul>{skills}</ul>
<h2>{l_certificates}</h2><ul id="certificates">{certificates}</ul>
<h2>{l_recommendations}</h2><ul id="recommendations">{recommendations}</ul>
<p class="share"><a href="{vk}">{share_vk}</a><a href="{telegram}">{share_telegram}</a></p>"#,
        name = esc(&name),
        headline = esc(&profile.headline),
        vk = esc(&vk),
        telegram = esc(&telegram),
        l_skills = label("person-skills"),
        l_certificates = label("person-certificates"),
        l_recommendations = label("person-recommendations"),
        share_vk = label("share-vk"),
        share_telegram = label("share-telegram"),
    );
    respond(
        StatusCode::OK,
        page(
            lang,
            &format!("{name} — Iktomi"),
            &profile.headline,
            &url,
            &body,
        ),
    )
}

fn skill_items(skills: &[Skill]) -> String {
    skills
        .iter()
        .map(|s| format!("<li>{} — {}/5</li>", esc(&s.name), s.level))
        .collect()
}

fn certificate_items(lang: Lang, base: &str, held: &[HeldCertificate]) -> String {
    held.iter()
        .map(|c| {
            let kind = certificate_kind(lang, &c.kind);
            format!(
                r#"<li><a href="{base}/c/{id}">{title}</a> — {issuer} <span class="status {status}">{status_text}</span></li>"#,
                id = c.id,
                title = esc(c.title.as_deref().unwrap_or(&kind)),
                issuer = esc(c.issuer_name.as_deref().unwrap_or("")),
                status = esc(&c.status),
                status_text = esc(&t(lang, &format!("cert-status-{}", c.status))),
            )
        })
        .collect()
}

/// Each statement with what it says, its author, and the author's verified employment.
fn recommendation_items(lang: Lang, recommendations: &[Recommendation]) -> String {
    recommendations
        .iter()
        .map(|r| {
            let what = match &r.skill {
                Some(skill) => tr(
                    lang,
                    "person-endorses",
                    &Args::new().with("skill", skill.as_str()),
                ),
                None => t(lang, "person-recommends"),
            };
            let employment = r
                .author_employment
                .iter()
                .map(|e| {
                    let position = e
                        .position
                        .clone()
                        .unwrap_or_else(|| t(lang, "person-employee"));
                    let organization = e
                        .organization_name
                        .clone()
                        .unwrap_or_else(|| t(lang, "person-an-issuer"));
                    tr(
                        lang,
                        "person-employment",
                        &Args::new()
                            .with("position", position)
                            .with("organization", organization),
                    )
                })
                .collect::<String>();
            let (what, employment) = (esc(&what), esc(&employment));
            format!(
                r#"<li><blockquote>{text}</blockquote>{what} — @{author}{employment}</li>"#,
                text = esc(r.text.as_deref().unwrap_or_default()),
                author = esc(&r.author.handle),
            )
        })
        .collect()
}
