//! Reading recommendations (one, about a person, asked of an author, the public ones) with
//! their signatures checked and their authors' employment, and the subject's hiding of one.
use sqlx::PgPool;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::profiles::profile;
use crate::profiles::recommendations::recommendation::{
    Person, Recommendation, RecommendationKind, VerifiedEmployment,
};
use crate::profiles::recommendations::statement;

/// The account holding `handle`; `what` names it in the 404.
pub async fn account_of(db: &PgPool, handle: &str, what: &'static str) -> ApiResult<Uuid> {
    profile::account_by_handle(db, handle)
        .await?
        .ok_or(ApiError::NotFound(what))
}

/// Active employment certificates held in any wallet of `account`, with their issuers. Only
/// listed ones count: a pending certificate is an organization's claim the person never accepted.
async fn verified_employment(db: &PgPool, account: Uuid) -> ApiResult<Vec<VerifiedEmployment>> {
    Ok(sqlx::query_as!(
        VerifiedEmployment,
        r#"SELECT c.id AS "certificate_id!", i.organization_id AS "organization_id?",
                  o.name AS "organization_name?",
                  substring(d.document #>> '{credentialSubject,achievement,tag,0}' FROM 'position:(.*)') AS position
           FROM wallets w
           JOIN certificate_status c ON c.holder = w.address
           JOIN certificates p ON p.id = c.id AND p.placement = 'listed'
           LEFT JOIN issuers i ON i.account = c.issuer
           LEFT JOIN organizations o ON o.id = i.organization_id
           LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
           WHERE w.account_id = $1 AND c.kind = 'employment' AND c.status = 'active'
           ORDER BY c.issued_at DESC"#,
        account
    )
    .fetch_all(db)
    .await?)
}

enum Filter {
    One(Uuid),
    AboutPublic(Uuid),
    About(Uuid),
    AskedOf(Uuid),
}

/// Recommendations matching the filter, newest first, with their authors' employment.
async fn load(db: &PgPool, filter: Filter) -> ApiResult<Vec<Recommendation>> {
    let (id, subject, author, public) = match filter {
        Filter::One(id) => (Some(id), None, None, false),
        Filter::AboutPublic(subject) => (None, Some(subject), None, true),
        Filter::About(subject) => (None, Some(subject), None, false),
        Filter::AskedOf(author) => (None, None, Some(author), false),
    };
    let rows = sqlx::query!(
        r#"SELECT r.id, r.kind AS "kind: RecommendationKind", r.skill, r.status::text AS "status!",
                  r.request_note, r.body, r.message, r.signer, r.signature, r.hidden,
                  r.certificate_id, r.created_at, r.written_at, r.author_id,
                  s.handle AS subject_handle, coalesce(sp.display_name, '') AS "subject_name!",
                  a.handle AS author_handle, coalesce(ap.display_name, '') AS "author_name!"
           FROM recommendations r
           JOIN accounts s ON s.id = r.subject_id
           LEFT JOIN profiles sp ON sp.account_id = r.subject_id
           JOIN accounts a ON a.id = r.author_id
           LEFT JOIN profiles ap ON ap.account_id = r.author_id
           WHERE ($1::uuid IS NULL OR r.id = $1)
             AND ($2::uuid IS NULL OR r.subject_id = $2)
             AND ($3::uuid IS NULL OR (r.author_id = $3 AND r.status = 'requested'))
             AND (NOT $4 OR (r.status = 'written' AND NOT r.hidden))
           ORDER BY coalesce(r.written_at, r.created_at) DESC
           LIMIT 200"#,
        id,
        subject,
        author,
        public
    )
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let signature_valid = match (&r.message, &r.signer, &r.signature) {
            (Some(m), Some(s), Some(sig)) => Some(statement::holds(m, s, sig)),
            _ => None,
        };
        out.push(Recommendation {
            id: r.id,
            kind: r.kind,
            skill: r.skill,
            status: r.status,
            subject: Person {
                handle: r.subject_handle,
                display_name: r.subject_name,
            },
            author: Person {
                handle: r.author_handle,
                display_name: r.author_name,
            },
            note: r.request_note,
            text: r.body,
            message: r.message,
            signer: r
                .signer
                .as_deref()
                .and_then(Address::from_bytes)
                .map(|a| a.ss58()),
            signature: r.signature.map(iktomi_chain::hex0x),
            signature_valid,
            hidden: r.hidden,
            certificate_id: r.certificate_id,
            author_employment: verified_employment(db, r.author_id).await?,
            created_at: r.created_at,
            written_at: r.written_at,
        });
    }
    Ok(out)
}

/// What a person's public profile shows: written, visible statements about them.
pub async fn public_about(db: &PgPool, account: Uuid) -> ApiResult<Vec<Recommendation>> {
    load(db, Filter::AboutPublic(account)).await
}

/// Everything about `subject`: asked, written (hidden too) and declined.
pub async fn about(db: &PgPool, subject: Uuid) -> ApiResult<Vec<Recommendation>> {
    load(db, Filter::About(subject)).await
}

/// Requests waiting for `author` to write or decline.
pub async fn asked_of(db: &PgPool, author: Uuid) -> ApiResult<Vec<Recommendation>> {
    load(db, Filter::AskedOf(author)).await
}

pub async fn load_one(db: &PgPool, id: Uuid) -> ApiResult<Recommendation> {
    load(db, Filter::One(id))
        .await?
        .pop()
        .ok_or(ApiError::NotFound("recommendation"))
}

/// One recommendation as `viewer` may see it: anyone once written and not hidden, its subject
/// and author always; to anyone else it does not exist.
pub async fn one_for(db: &PgPool, id: Uuid, viewer: Option<Uuid>) -> ApiResult<Recommendation> {
    let r = load_one(db, id).await?;
    let party = parties(db, id).await?;
    let public = r.status == "written" && !r.hidden;
    if public || viewer == Some(party.0) || viewer == Some(party.1) {
        Ok(r)
    } else {
        Err(ApiError::NotFound("recommendation"))
    }
}

/// (subject, author, status) of a recommendation.
pub async fn parties(db: &PgPool, id: Uuid) -> ApiResult<(Uuid, Uuid, String)> {
    let row = sqlx::query!(
        r#"SELECT subject_id, author_id, status::text AS "status!" FROM recommendations WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("recommendation"))?;
    Ok((row.subject_id, row.author_id, row.status))
}

/// Hides a recommendation from its subject's profile, or shows it again; only the subject may.
pub async fn set_hidden(
    db: &PgPool,
    account: Uuid,
    id: Uuid,
    hidden: bool,
) -> ApiResult<Recommendation> {
    let (subject, _, _) = parties(db, id).await?;
    if subject != account {
        return Err(ApiError::Forbidden(
            "only its subject hides a recommendation",
        ));
    }
    sqlx::query!(
        "UPDATE recommendations SET hidden = $2 WHERE id = $1",
        id,
        hidden
    )
    .execute(db)
    .await?;
    load_one(db, id).await
}
