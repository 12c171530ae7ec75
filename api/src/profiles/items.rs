//! A profile's lists (skills, education, experience): their items, replaced as a whole, read
//! filtered by what the viewer may see.
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{PgPool, Postgres, Transaction};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::ApiResult;
use crate::profiles::visibility::Visibility;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Skill {
    #[schema(pattern = r"\S", max_length = 60)]
    pub name: String,
    /// 1 (beginner) – 5 (expert).
    #[schema(minimum = 1, maximum = 5)]
    pub level: i16,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct Education {
    #[schema(pattern = r"\S", max_length = 200)]
    pub institution: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub degree: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub field: String,
    pub start_year: Option<i32>,
    pub end_year: Option<i32>,
    pub visibility: Visibility,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[schema(as = ProfileExperience)]
pub struct Experience {
    #[schema(pattern = r"\S", max_length = 200)]
    pub company: String,
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub visibility: Visibility,
}

/// The lists of one profile, in their owner's order.
pub struct Items {
    pub skills: Vec<Skill>,
    pub education: Vec<Education>,
    pub experience: Vec<Experience>,
}

fn visibilities<T>(items: &[T], v: impl Fn(&T) -> Visibility) -> Vec<String> {
    items.iter().map(|i| v(i).as_str().to_owned()).collect()
}

/// Replaces all three lists of `id`'s profile inside the caller's transaction.
pub async fn replace(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    skills: &[Skill],
    education: &[Education],
    experience: &[Experience],
) -> ApiResult<()> {
    replace_skills(tx, id, skills).await?;
    replace_education(tx, id, education).await?;
    replace_experience(tx, id, experience).await
}

async fn replace_skills(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    skills: &[Skill],
) -> ApiResult<()> {
    sqlx::query!("DELETE FROM profile_skills WHERE account_id = $1", id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT INTO profile_skills (account_id, position, name, level, visibility)
         SELECT $1, n::int, name, level, v::visibility
         FROM UNNEST($2::text[], $3::int2[], $4::text[]) WITH ORDINALITY AS t(name, level, v, n)",
        id,
        &skills
            .iter()
            .map(|s| s.name.trim().to_owned())
            .collect::<Vec<_>>(),
        &skills.iter().map(|s| s.level).collect::<Vec<_>>(),
        &visibilities(skills, |s| s.visibility),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn replace_education(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    education: &[Education],
) -> ApiResult<()> {
    sqlx::query!("DELETE FROM profile_education WHERE account_id = $1", id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT INTO profile_education
             (account_id, position, institution, degree, field, start_year, end_year, visibility)
         SELECT $1, n::int, i, d, f, s, e, v::visibility
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::int4[], $6::int4[], $7::text[])
              WITH ORDINALITY AS t(i, d, f, s, e, v, n)",
        id,
        &education
            .iter()
            .map(|e| e.institution.trim().to_owned())
            .collect::<Vec<_>>(),
        &education
            .iter()
            .map(|e| e.degree.clone())
            .collect::<Vec<_>>(),
        &education
            .iter()
            .map(|e| e.field.clone())
            .collect::<Vec<_>>(),
        &education.iter().map(|e| e.start_year).collect::<Vec<_>>() as &[Option<i32>],
        &education.iter().map(|e| e.end_year).collect::<Vec<_>>() as &[Option<i32>],
        &visibilities(education, |e| e.visibility),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn replace_experience(
    tx: &mut Transaction<'_, Postgres>,
    id: Uuid,
    experience: &[Experience],
) -> ApiResult<()> {
    sqlx::query!("DELETE FROM profile_experience WHERE account_id = $1", id)
        .execute(&mut **tx)
        .await?;
    sqlx::query!(
        "INSERT INTO profile_experience
             (account_id, position, company, title, description, start_date, end_date, visibility)
         SELECT $1, n::int, c, t, d, s, e, v::visibility
         FROM UNNEST($2::text[], $3::text[], $4::text[], $5::date[], $6::date[], $7::text[])
              WITH ORDINALITY AS x(c, t, d, s, e, v, n)",
        id,
        &experience
            .iter()
            .map(|e| e.company.trim().to_owned())
            .collect::<Vec<_>>(),
        &experience
            .iter()
            .map(|e| e.title.trim().to_owned())
            .collect::<Vec<_>>(),
        &experience
            .iter()
            .map(|e| e.description.clone())
            .collect::<Vec<_>>(),
        &experience.iter().map(|e| e.start_date).collect::<Vec<_>>() as &[Option<NaiveDate>],
        &experience.iter().map(|e| e.end_date).collect::<Vec<_>>() as &[Option<NaiveDate>],
        &visibilities(experience, |e| e.visibility),
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `id`'s lists, holding only the items `viewer` may see.
pub async fn load(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Items> {
    Ok(Items {
        skills: load_skills(db, id, viewer).await?,
        education: load_education(db, id, viewer).await?,
        experience: load_experience(db, id, viewer).await?,
    })
}

async fn load_skills(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Vec<Skill>> {
    Ok(sqlx::query!(
        r#"SELECT name, level, visibility::text AS "visibility!" FROM profile_skills
           WHERE account_id = $1 AND iktomi_visible(visibility, account_id, $2) ORDER BY position"#,
        id,
        viewer,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| Skill {
        name: r.name,
        level: r.level,
        visibility: Visibility::parse(&r.visibility),
    })
    .collect())
}

async fn load_education(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Vec<Education>> {
    Ok(sqlx::query!(
        r#"SELECT institution, degree, field, start_year, end_year, visibility::text AS "visibility!"
           FROM profile_education
           WHERE account_id = $1 AND iktomi_visible(visibility, account_id, $2) ORDER BY position"#,
        id,
        viewer,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| Education {
        institution: r.institution,
        degree: r.degree,
        field: r.field,
        start_year: r.start_year,
        end_year: r.end_year,
        visibility: Visibility::parse(&r.visibility),
    })
    .collect())
}

async fn load_experience(
    db: &PgPool,
    id: Uuid,
    viewer: Option<Uuid>,
) -> ApiResult<Vec<Experience>> {
    Ok(sqlx::query!(
        r#"SELECT company, title, description, start_date, end_date, visibility::text AS "visibility!"
           FROM profile_experience
           WHERE account_id = $1 AND iktomi_visible(visibility, account_id, $2) ORDER BY position"#,
        id,
        viewer,
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| Experience {
        company: r.company,
        title: r.title,
        description: r.description,
        start_date: r.start_date,
        end_date: r.end_date,
        visibility: Visibility::parse(&r.visibility),
    })
    .collect())
}
