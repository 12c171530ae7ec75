//! A person's profile with per-item visibility, the public profile by handle, and people search.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path, Query};
use crate::http::pagination::{self, Page};
use crate::profiles::handle::Handle;
use crate::profiles::visibility::Visibility;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(my_profile, put_my_profile))
        .routes(routes!(person))
        .routes(routes!(search_people))
}

const MAX_SKILLS: usize = 50;
const MAX_EDUCATION: usize = 20;
const MAX_EXPERIENCE: usize = 30;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Skill {
    pub name: String,
    /// 1 (beginner) – 5 (expert).
    pub level: i16,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Education {
    pub institution: String,
    #[serde(default)]
    pub degree: String,
    #[serde(default)]
    pub field: String,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Experience {
    pub company: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub visibility: Visibility,
}

/// The whole profile as its owner writes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProfileInput {
    pub handle: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub headline: String,
    #[serde(default)]
    pub about: String,
    #[serde(default)]
    pub about_visibility: Visibility,
    pub photo_url: Option<String>,
    #[serde(default)]
    pub photo_visibility: Visibility,
    pub location: Option<String>,
    #[serde(default)]
    pub location_visibility: Visibility,
    #[serde(default)]
    pub skills: Vec<Skill>,
    #[serde(default)]
    pub education: Vec<Education>,
    #[serde(default)]
    pub experience: Vec<Experience>,
}

/// A profile as a given viewer may see it: hidden fields are absent, hidden items left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    pub account_id: Uuid,
    pub handle: String,
    pub display_name: String,
    pub headline: String,
    pub about: Option<String>,
    pub about_visibility: Option<Visibility>,
    pub photo_url: Option<String>,
    pub photo_visibility: Option<Visibility>,
    pub location: Option<String>,
    pub location_visibility: Option<Visibility>,
    pub skills: Vec<Skill>,
    pub education: Vec<Education>,
    pub experience: Vec<Experience>,
    pub updated_at: DateTime<Utc>,
}

impl ProfileInput {
    fn check(&self) -> ApiResult<Handle> {
        let mut c = Checks::default();
        let handle = Handle::parse(&self.handle);
        c.check(
            handle.is_ok(),
            "handle",
            "3-32 characters: a-z, 0-9 and _, starting with a letter",
        );
        c.text(&self.display_name, "display_name", 0, 100);
        c.text(&self.headline, "headline", 0, 160);
        c.text(&self.about, "about", 0, 4000);
        if let Some(url) = &self.photo_url {
            let ok = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
            c.check(
                ok && url.len() <= 500,
                "photo_url",
                "must be an http(s) URL",
            );
        }
        if let Some(location) = &self.location {
            c.text(location, "location", 0, 100);
        }
        c.check(
            self.skills.len() <= MAX_SKILLS,
            "skills",
            format!("at most {MAX_SKILLS}"),
        );
        for (i, s) in self.skills.iter().enumerate() {
            c.text(&s.name, format!("skills[{i}].name"), 1, 60);
            c.check(
                (1..=5).contains(&s.level),
                format!("skills[{i}].level"),
                "must be between 1 and 5",
            );
        }
        c.check(
            self.education.len() <= MAX_EDUCATION,
            "education",
            format!("at most {MAX_EDUCATION}"),
        );
        for (i, e) in self.education.iter().enumerate() {
            c.text(
                &e.institution,
                format!("education[{i}].institution"),
                1,
                200,
            );
            c.text(&e.degree, format!("education[{i}].degree"), 0, 100);
            c.text(&e.field, format!("education[{i}].field"), 0, 100);
            for (name, year) in [("start_year", e.start_year), ("end_year", e.end_year)] {
                c.check(
                    year.is_none_or(|y| (1900..=2100).contains(&y)),
                    format!("education[{i}].{name}"),
                    "must be between 1900 and 2100",
                );
            }
            if let (Some(start), Some(end)) = (e.start_year, e.end_year) {
                c.check(
                    end >= start,
                    format!("education[{i}].end_year"),
                    "is before start_year",
                );
            }
        }
        c.check(
            self.experience.len() <= MAX_EXPERIENCE,
            "experience",
            format!("at most {MAX_EXPERIENCE}"),
        );
        for (i, e) in self.experience.iter().enumerate() {
            c.text(&e.company, format!("experience[{i}].company"), 1, 200);
            c.text(&e.title, format!("experience[{i}].title"), 1, 200);
            c.text(
                &e.description,
                format!("experience[{i}].description"),
                0,
                4000,
            );
            if let (Some(start), Some(end)) = (e.start_date, e.end_date) {
                c.check(
                    end >= start,
                    format!("experience[{i}].end_date"),
                    "is before start_date",
                );
            }
        }
        c.finish()?;
        handle
    }
}

/// The signed-in person's own profile, everything included.
#[utoipa::path(get, path = "/v1/me/profile", tag = "profiles", security(("session" = [])),
    responses((status = 200, body = Profile), (status = 401, body = Problem)))]
async fn my_profile(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Profile>> {
    let id = session.account_id;
    load(&state.db, id, Some(id))
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("profile"))
}

/// Replace the signed-in person's profile.
#[utoipa::path(put, path = "/v1/me/profile", tag = "profiles", security(("session" = [])),
    request_body = ProfileInput,
    responses((status = 200, body = Profile), (status = 400, body = Problem), (status = 401, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn put_my_profile(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(input): Json<ProfileInput>,
) -> ApiResult<axum::Json<Profile>> {
    let handle = input.check()?;
    let id = session.account_id;
    let mut tx = state.db.begin().await?;
    sqlx::query!(
        "UPDATE accounts SET handle = $2 WHERE id = $1",
        id,
        handle.0
    )
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.constraint() == Some("accounts_handle_key") => {
            ApiError::conflict("handle-taken", "this handle belongs to someone else")
        }
        other => other.into(),
    })?;
    sqlx::query!(
        "UPDATE profiles SET display_name = $2, headline = $3, about = $4,
             about_visibility = $5::text::visibility, photo_url = $6,
             photo_visibility = $7::text::visibility, location = $8,
             location_visibility = $9::text::visibility, updated_at = now()
         WHERE account_id = $1",
        id,
        input.display_name.trim(),
        input.headline.trim(),
        input.about,
        input.about_visibility.as_str(),
        input.photo_url,
        input.photo_visibility.as_str(),
        input.location,
        input.location_visibility.as_str(),
    )
    .execute(&mut *tx)
    .await?;
    crate::profiles::items::replace(
        &mut tx,
        id,
        &input.skills,
        &input.education,
        &input.experience,
    )
    .await?;
    tx.commit().await?;
    load(&state.db, id, Some(id))
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("profile"))
}

/// A person's profile by handle, as the caller may see it.
#[utoipa::path(get, path = "/v1/people/{handle}", tag = "profiles",
    params(("handle" = String, Path)),
    responses((status = 200, body = Profile), (status = 404, body = Problem)))]
async fn person(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    Path(handle): Path<String>,
) -> ApiResult<axum::Json<Profile>> {
    let id = sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::NotFound("person"))?;
    load(&state.db, id, viewer.map(|s| s.account_id))
        .await?
        .map(axum::Json)
        .ok_or(ApiError::NotFound("person"))
}

pub async fn load(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Option<Profile>> {
    let Some(p) = sqlx::query!(
        r#"SELECT a.handle, p.display_name, p.headline, p.updated_at,
                  p.about, p.about_visibility::text AS "about_visibility!",
                  iktomi_visible(p.about_visibility, a.id, $2) AS "about_shown!",
                  p.photo_url, p.photo_visibility::text AS "photo_visibility!",
                  iktomi_visible(p.photo_visibility, a.id, $2) AS "photo_shown!",
                  p.location, p.location_visibility::text AS "location_visibility!",
                  iktomi_visible(p.location_visibility, a.id, $2) AS "location_shown!"
           FROM accounts a JOIN profiles p ON p.account_id = a.id WHERE a.id = $1"#,
        id,
        viewer,
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let items = crate::profiles::items::load(db, id, viewer).await?;
    let shown = |shown: bool, v: &str| shown.then(|| Visibility::parse(v));
    Ok(Some(Profile {
        account_id: id,
        handle: p.handle,
        display_name: p.display_name,
        headline: p.headline,
        about: p.about_shown.then_some(p.about),
        about_visibility: shown(p.about_shown, &p.about_visibility),
        photo_url: p.photo_url.filter(|_| p.photo_shown),
        photo_visibility: shown(p.photo_shown, &p.photo_visibility),
        location: p.location.filter(|_| p.location_shown),
        location_visibility: shown(p.location_shown, &p.location_visibility),
        skills: items.skills,
        education: items.education,
        experience: items.experience,
        updated_at: p.updated_at,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct PeopleQuery {
    /// Words matched against handle, name and headline.
    pub q: Option<String>,
    /// A skill the person shows to the caller (case-insensitive).
    pub skill: Option<String>,
    pub cursor: Option<String>,
    /// 1–100, default 20.
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PersonSummary {
    pub account_id: Uuid,
    pub handle: String,
    pub display_name: String,
    pub headline: String,
}

/// Search people by name, handle, headline and skill; ordered by handle.
#[utoipa::path(get, path = "/v1/people", tag = "profiles", params(PeopleQuery),
    responses((status = 200, body = Page<PersonSummary>), (status = 422, body = Problem)))]
async fn search_people(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(viewer): MaybeAuthUser,
    Query(query): Query<PeopleQuery>,
) -> ApiResult<axum::Json<Page<PersonSummary>>> {
    let limit = pagination::limit(query.limit)?;
    let after = pagination::after(query.cursor.as_deref())?;
    let q = query.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if q.is_some_and(|q| q.chars().count() > 100) {
        return Err(ApiError::invalid("q", "is longer than 100 characters"));
    }
    let pattern = q.map(|q| {
        format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let rows = sqlx::query_as!(
        PersonSummary,
        r#"SELECT a.id AS account_id, a.handle, p.display_name, p.headline
           FROM accounts a JOIN profiles p ON p.account_id = a.id
           WHERE a.handle > $1
             AND ($2::text IS NULL OR a.handle ILIKE $2 OR p.display_name ILIKE $2 OR p.headline ILIKE $2)
             AND ($3::text IS NULL OR EXISTS (
                   SELECT 1 FROM profile_skills s
                   WHERE s.account_id = a.id AND lower(s.name) = lower($3)
                     AND iktomi_visible(s.visibility, a.id, $4)))
           ORDER BY a.handle LIMIT $5"#,
        after,
        pattern,
        query.skill.as_deref().map(str::trim),
        viewer.map(|s| s.account_id),
        limit + 1,
    )
    .fetch_all(&state.db)
    .await?;
    Ok(axum::Json(Page::from_rows(rows, limit, |p| {
        p.handle.clone()
    })))
}
