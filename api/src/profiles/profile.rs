//! A person's profile: its types, the rules a written profile keeps, saving it whole, and
//! reading it as a given viewer may see it.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiResult, Checks};
use crate::profiles::handle::Handle;
use crate::profiles::items::{self, Education, Experience, Skill};
use crate::profiles::visibility::Visibility;

const MAX_SKILLS: usize = 50;
const MAX_EDUCATION: usize = 20;
const MAX_EXPERIENCE: usize = 30;

/// The whole profile as its owner writes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProfileInput {
    /// 3–32 characters of `a-z`, `0-9` and `_`, starting with a letter.
    #[schema(pattern = "^[a-z][a-z0-9_]{2,31}$")]
    pub handle: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub display_name: String,
    #[serde(default)]
    #[schema(max_length = 160)]
    pub headline: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub about: String,
    #[serde(default)]
    pub about_visibility: Visibility,
    /// An http(s) URL.
    #[schema(
        pattern = r"^https?://([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(:[1-9][0-9]{0,3})?(/[!-~]*)?$",
        max_length = 500
    )]
    pub photo_url: Option<String>,
    #[serde(default)]
    pub photo_visibility: Visibility,
    #[schema(max_length = 100)]
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
    /// Every rule at once, so the owner sees all problems together; the parsed handle if none.
    fn check(&self) -> ApiResult<Handle> {
        let mut c = Checks::default();
        let handle = Handle::parse(&self.handle);
        c.check(
            handle.is_ok(),
            "handle",
            "3-32 characters: a-z, 0-9 and _, starting with a letter",
        );
        self.check_about(&mut c);
        self.check_skills(&mut c);
        self.check_education(&mut c);
        self.check_experience(&mut c);
        c.finish()?;
        handle
    }

    fn check_about(&self, c: &mut Checks) {
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
    }

    fn check_skills(&self, c: &mut Checks) {
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
    }

    fn check_education(&self, c: &mut Checks) {
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
    }

    fn check_experience(&self, c: &mut Checks) {
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
    }
}

/// The account holding `handle`, if any, or the one that gave it up while it is reserved for
/// them: links made out to the old handle still lead to its person.
pub async fn account_by_handle(db: &PgPool, handle: &str) -> ApiResult<Option<Uuid>> {
    Ok(sqlx::query_scalar!(
        r#"SELECT id AS "id!" FROM accounts WHERE handle = $1
           UNION ALL
           SELECT account_id FROM handle_reservations
           WHERE handle = $1 AND reserved_until > now() AND account_id IS NOT NULL
           LIMIT 1"#,
        handle
    )
    .fetch_optional(db)
    .await?)
}

/// Checks `input` and replaces `account`'s profile with it in one transaction; the handle is
/// unique across accounts, and one given up stays reserved for its last owner for
/// `reservation_days`.
pub async fn save(
    db: &PgPool,
    account: Uuid,
    input: &ProfileInput,
    reservation_days: i64,
) -> ApiResult<()> {
    let handle = input.check()?;
    let mut tx = db.begin().await?;
    let old = sqlx::query_scalar!(
        "SELECT handle FROM accounts WHERE id = $1 FOR UPDATE",
        account
    )
    .fetch_one(&mut *tx)
    .await?;
    if old != handle.0 {
        super::handle::change(&mut tx, account, &old, &handle, reservation_days).await?;
    }
    sqlx::query!(
        "UPDATE profiles SET display_name = $2, headline = $3, about = $4,
             about_visibility = $5::text::visibility, photo_url = $6,
             photo_visibility = $7::text::visibility, location = $8,
             location_visibility = $9::text::visibility, updated_at = now()
         WHERE account_id = $1",
        account,
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
    items::replace(
        &mut tx,
        account,
        &input.skills,
        &input.education,
        &input.experience,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// `id`'s profile as `viewer` (None: anyone) may see it.
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
    let items = items::load(db, id, viewer).await?;
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
