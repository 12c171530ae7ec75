//! Recommendations and skill endorsements: a person asks a colleague (or a colleague writes
//! unasked); the author writes and signs the statement; it shows on the subject's profile with
//! the author's verified employment; the subject can hide it; an organization the author belongs
//! to can mint it as a certificate of kind recommendation.
use axum::http::StatusCode;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer, submit_issue, Issue, IssuedCertificate};
use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, MaybeAuthUser, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::organizations::membership;
use crate::profiles::recommendations::statement::{
    self as recommendation, ExternalSignature, Statement,
};
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(ask, inbox))
        .routes(routes!(write_unasked, of_person))
        .routes(routes!(message))
        .routes(routes!(one))
        .routes(routes!(write))
        .routes(routes!(decline))
        .routes(routes!(mine))
        .routes(routes!(set_hidden))
        .routes(routes!(mint))
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "recommendation_kind", rename_all = "snake_case")]
pub enum RecommendationKind {
    /// A written recommendation.
    Recommendation,
    /// A confirmation of one skill.
    Endorsement,
}

impl RecommendationKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Recommendation => "recommendation",
            Self::Endorsement => "endorsement",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ask {
    /// The colleague's handle.
    pub author: String,
    pub kind: RecommendationKind,
    /// The skill to confirm (endorsements only).
    pub skill: Option<String>,
    /// A note to the colleague.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Writing {
    pub text: String,
    /// A signature made in one of your external wallets; without it, your custodial wallet signs.
    pub signature: Option<ExternalSignature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Unasked {
    pub kind: RecommendationKind,
    pub skill: Option<String>,
    pub text: String,
    pub signature: Option<ExternalSignature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Draft {
    /// The subject's handle.
    pub subject: String,
    pub kind: RecommendationKind,
    pub skill: Option<String>,
    pub text: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Message {
    /// Sign exactly these bytes (UTF-8) with an sr25519 wallet.
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hiding {
    pub hidden: bool,
}

/// An employment of the author's that the chain holds as active.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedEmployment {
    pub certificate_id: i64,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    pub position: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    pub handle: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub id: Uuid,
    pub kind: RecommendationKind,
    pub skill: Option<String>,
    /// requested, written or declined.
    pub status: String,
    pub subject: Person,
    pub author: Person,
    pub note: Option<String>,
    pub text: Option<String>,
    /// The signed message (canonical JSON of the statement), the signer's address and signature.
    pub message: Option<String>,
    pub signer: Option<String>,
    pub signature: Option<String>,
    /// Whether the signature verifies now (null until written).
    pub signature_valid: Option<bool>,
    pub hidden: bool,
    pub certificate_id: Option<i64>,
    pub author_employment: Vec<VerifiedEmployment>,
    pub created_at: DateTime<Utc>,
    pub written_at: Option<DateTime<Utc>>,
}

fn check_statement(c: &mut Checks, kind: RecommendationKind, skill: Option<&str>) {
    match (kind, skill) {
        (RecommendationKind::Endorsement, Some(skill)) => c.text(skill, "skill", 1, 100),
        (RecommendationKind::Endorsement, None) => {
            c.check(false, "skill", "is required for an endorsement")
        }
        (RecommendationKind::Recommendation, skill) => {
            c.check(skill.is_none(), "skill", "only endorsements name a skill")
        }
    }
}

async fn account_of(db: &PgPool, handle: &str, what: &'static str) -> ApiResult<Uuid> {
    sqlx::query_scalar!("SELECT id FROM accounts WHERE handle = $1", handle)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::NotFound(what))
}

/// Active employment certificates held in any wallet of `account`, with their issuers.
async fn verified_employment(db: &PgPool, account: Uuid) -> ApiResult<Vec<VerifiedEmployment>> {
    Ok(sqlx::query_as!(
        VerifiedEmployment,
        r#"SELECT c.id AS "certificate_id!", i.organization_id AS "organization_id?",
                  o.name AS "organization_name?",
                  substring(d.document #>> '{credentialSubject,achievement,tag,0}' FROM 'position:(.*)') AS position
           FROM wallets w
           JOIN certificate_status c ON c.holder = w.address
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
            (Some(m), Some(s), Some(sig)) => Some(recommendation::holds(m, s, sig)),
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

enum Filter {
    One(Uuid),
    AboutPublic(Uuid),
    About(Uuid),
    AskedOf(Uuid),
}

async fn load_one(db: &PgPool, id: Uuid) -> ApiResult<Recommendation> {
    load(db, Filter::One(id))
        .await?
        .pop()
        .ok_or(ApiError::NotFound("recommendation"))
}

/// Ask a colleague for a recommendation or a skill confirmation.
#[utoipa::path(post, path = "/v1/me/recommendation-requests", tag = "recommendations",
    security(("session" = [])), request_body = Ask,
    responses((status = 201, body = Recommendation), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn ask(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<Ask>,
) -> ApiResult<(StatusCode, axum::Json<Recommendation>)> {
    let mut c = Checks::default();
    check_statement(&mut c, body.kind, body.skill.as_deref());
    if let Some(note) = &body.note {
        c.text(note, "note", 0, 1000);
    }
    c.finish()?;
    let author = account_of(&state.db, &body.author, "author").await?;
    if author == session.account_id {
        return Err(ApiError::invalid("author", "ask someone else"));
    }
    let id = Uuid::new_v4();
    sqlx::query!(
        "INSERT INTO recommendations (id, subject_id, author_id, kind, skill, status, request_note)
         VALUES ($1, $2, $3, $4, $5, 'requested', $6)",
        id,
        session.account_id,
        author,
        body.kind as RecommendationKind,
        body.skill.as_deref().map(str::trim),
        body.note,
    )
    .execute(&state.db)
    .await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load_one(&state.db, id).await?),
    ))
}

/// Requests colleagues sent you, waiting for you to write or decline.
#[utoipa::path(get, path = "/v1/me/recommendation-requests", tag = "recommendations",
    security(("session" = [])),
    responses((status = 200, body = Vec<Recommendation>), (status = 401, body = Problem)))]
async fn inbox(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Recommendation>>> {
    Ok(axum::Json(
        load(&state.db, Filter::AskedOf(session.account_id)).await?,
    ))
}

/// The exact message to sign in an external wallet for a statement.
#[utoipa::path(post, path = "/v1/recommendations/message", tag = "recommendations",
    security(("session" = [])), request_body = Draft,
    responses((status = 200, body = Message), (status = 401, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn message(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Json(body): Json<Draft>,
) -> ApiResult<axum::Json<Message>> {
    let mut c = Checks::default();
    check_statement(&mut c, body.kind, body.skill.as_deref());
    c.finish()?;
    let subject = account_of(&state.db, &body.subject, "subject").await?;
    let statement = Statement {
        kind: body.kind.as_str(),
        skill: body.skill.as_deref().map(str::trim),
        subject,
        author: session.account_id,
        text: body.text.trim(),
    };
    Ok(axum::Json(Message {
        message: statement.message(),
    }))
}

/// Signs and stores the statement as written.
async fn sign_and_store(
    state: &AppState,
    id: Uuid,
    statement: Statement<'_>,
    signature: Option<&ExternalSignature>,
) -> ApiResult<()> {
    let signed = recommendation::sign(state, &statement, signature).await?;
    sqlx::query!(
        "UPDATE recommendations SET status = 'written', body = $2, message = $3, signer = $4,
                signature = $5, written_at = now()
         WHERE id = $1",
        id,
        statement.text,
        signed.message,
        &signed.signer.0[..],
        &signed.signature[..],
    )
    .execute(&state.db)
    .await?;
    after_written(state, statement.kind, statement.subject, statement.author).await
}

fn check_text(text: &str) -> ApiResult<()> {
    let mut c = Checks::default();
    c.text(text, "text", 1, 4000);
    c.finish()
}

/// Write a recommendation or endorsement for someone who did not ask.
#[utoipa::path(post, path = "/v1/people/{handle}/recommendations", tag = "recommendations",
    security(("session" = [])), params(("handle" = String, Path)), request_body = Unasked,
    responses((status = 201, body = Recommendation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn write_unasked(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(handle): Path<String>,
    Json(body): Json<Unasked>,
) -> ApiResult<(StatusCode, axum::Json<Recommendation>)> {
    let mut c = Checks::default();
    check_statement(&mut c, body.kind, body.skill.as_deref());
    c.text(&body.text, "text", 1, 4000);
    c.finish()?;
    let subject = account_of(&state.db, &handle, "person").await?;
    if subject == session.account_id {
        return Err(ApiError::Forbidden("you cannot recommend yourself"));
    }
    let id = Uuid::new_v4();
    let skill = body.skill.as_deref().map(str::trim);
    let statement = Statement {
        kind: body.kind.as_str(),
        skill,
        subject,
        author: session.account_id,
        text: body.text.trim(),
    };
    let signed = recommendation::sign(&state, &statement, body.signature.as_ref()).await?;
    sqlx::query!(
        "INSERT INTO recommendations (id, subject_id, author_id, kind, skill, status, body, message,
                                      signer, signature, written_at)
         VALUES ($1, $2, $3, $4, $5, 'written', $6, $7, $8, $9, now())",
        id,
        subject,
        session.account_id,
        body.kind as RecommendationKind,
        skill,
        statement.text,
        signed.message,
        &signed.signer.0[..],
        &signed.signature[..],
    )
    .execute(&state.db)
    .await?;
    after_written(&state, statement.kind, subject, session.account_id).await?;
    Ok((
        StatusCode::CREATED,
        axum::Json(load_one(&state.db, id).await?),
    ))
}

/// An endorsement earns its subject points in each organization where they are an employee and
/// the author a member; the cool-down keys on the author, so re-endorsing earns nothing.
async fn after_written(state: &AppState, kind: &str, subject: Uuid, author: Uuid) -> ApiResult<()> {
    if kind != "endorsement" {
        return Ok(());
    }
    let shared = sqlx::query_scalar!(
        "SELECT s.organization_id FROM memberships s JOIN memberships a USING (organization_id)
         WHERE s.account_id = $1 AND a.account_id = $2 AND s.accepted_at IS NOT NULL AND a.accepted_at IS NOT NULL",
        subject,
        author
    )
    .fetch_all(&state.db)
    .await?;
    for organization in shared {
        crate::gamification::rules::record_alone(
            &state.db,
            &state.settings.gamification,
            organization,
            subject,
            crate::gamification::rules::Action::EndorsementReceived,
            &format!("author:{author}"),
            state.clock.now(),
        )
        .await?;
    }
    Ok(())
}

/// The written, visible recommendations and endorsements about a person.
#[utoipa::path(get, path = "/v1/people/{handle}/recommendations", tag = "recommendations",
    params(("handle" = String, Path)),
    responses((status = 200, body = Vec<Recommendation>), (status = 404, body = Problem)))]
async fn of_person(
    state: axum::extract::State<AppState>,
    Path(handle): Path<String>,
) -> ApiResult<axum::Json<Vec<Recommendation>>> {
    let subject = account_of(&state.db, &handle, "person").await?;
    Ok(axum::Json(public_about(&state.db, subject).await?))
}

/// One recommendation: public once written and not hidden; its subject and author always see it.
#[utoipa::path(get, path = "/v1/recommendations/{id}", tag = "recommendations",
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Recommendation), (status = 400, body = Problem), (status = 404, body = Problem)))]
async fn one(
    state: axum::extract::State<AppState>,
    MaybeAuthUser(session): MaybeAuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Recommendation>> {
    let r = load_one(&state.db, id).await?;
    let viewer = session.map(|s| s.account_id);
    let party = parties(&state.db, id).await?;
    let public = r.status == "written" && !r.hidden;
    if public || viewer == Some(party.0) || viewer == Some(party.1) {
        Ok(axum::Json(r))
    } else {
        Err(ApiError::NotFound("recommendation"))
    }
}

/// (subject, author, status) of a recommendation.
async fn parties(db: &PgPool, id: Uuid) -> ApiResult<(Uuid, Uuid, String)> {
    let row = sqlx::query!(
        r#"SELECT subject_id, author_id, status::text AS "status!" FROM recommendations WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::NotFound("recommendation"))?;
    Ok((row.subject_id, row.author_id, row.status))
}

/// The request's author, while it waits: only they write or decline it.
async fn pending_for_author(db: &PgPool, id: Uuid, author: Uuid) -> ApiResult<Uuid> {
    let (subject, asked, status) = parties(db, id).await?;
    if asked != author {
        return Err(ApiError::Forbidden("this request was sent to someone else"));
    }
    if status != "requested" {
        return Err(ApiError::conflict(
            "not-pending",
            "this request was already answered",
        ));
    }
    Ok(subject)
}

/// Write (and sign) what a colleague asked for.
#[utoipa::path(post, path = "/v1/recommendations/{id}/write", tag = "recommendations",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = Writing,
    responses((status = 200, body = Recommendation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn write(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Writing>,
) -> ApiResult<axum::Json<Recommendation>> {
    check_text(&body.text)?;
    let subject = pending_for_author(&state.db, id, session.account_id).await?;
    let asked = load_one(&state.db, id).await?;
    let statement = Statement {
        kind: asked.kind.as_str(),
        skill: asked.skill.as_deref(),
        subject,
        author: session.account_id,
        text: body.text.trim(),
    };
    sign_and_store(&state, id, statement, body.signature.as_ref()).await?;
    Ok(axum::Json(load_one(&state.db, id).await?))
}

/// Decline a request.
#[utoipa::path(post, path = "/v1/recommendations/{id}/decline", tag = "recommendations",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Recommendation), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn decline(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Recommendation>> {
    pending_for_author(&state.db, id, session.account_id).await?;
    sqlx::query!(
        "UPDATE recommendations SET status = 'declined' WHERE id = $1",
        id
    )
    .execute(&state.db)
    .await?;
    Ok(axum::Json(load_one(&state.db, id).await?))
}

/// Everything about you: asked, written (hidden too) and declined.
#[utoipa::path(get, path = "/v1/me/recommendations", tag = "recommendations",
    security(("session" = [])),
    responses((status = 200, body = Vec<Recommendation>), (status = 401, body = Problem)))]
async fn mine(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<Recommendation>>> {
    Ok(axum::Json(
        load(&state.db, Filter::About(session.account_id)).await?,
    ))
}

/// Hide a recommendation about you from your profile, or show it again.
#[utoipa::path(put, path = "/v1/me/recommendations/{id}/hidden", tag = "recommendations",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = Hiding,
    responses((status = 200, body = Recommendation), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn set_hidden(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<Hiding>,
) -> ApiResult<axum::Json<Recommendation>> {
    let (subject, _, _) = parties(&state.db, id).await?;
    if subject != session.account_id {
        return Err(ApiError::Forbidden(
            "only its subject hides a recommendation",
        ));
    }
    sqlx::query!(
        "UPDATE recommendations SET hidden = $2 WHERE id = $1",
        id,
        body.hidden
    )
    .execute(&state.db)
    .await?;
    Ok(axum::Json(load_one(&state.db, id).await?))
}

/// Mint a written recommendation as a certificate of kind recommendation, issued by an
/// organization its author belongs to (its managers and admins).
#[utoipa::path(post, path = "/v1/organizations/{id}/recommendations/{recommendation}/mint", tag = "recommendations",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("recommendation" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn mint(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, id)): Path<(Uuid, Uuid)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("mint {organization} {id}");
    key.once(session.account_id, route, &())
        .created(async {
            let issuer = issuer(&state, organization, session.account_id).await?;
            let (subject, author, _) = parties(&state.db, id).await?;
            let r = load_one(&state.db, id).await?;
            if r.status != "written" || r.hidden {
                return Err(ApiError::conflict(
                    "not-written",
                    "only a written, visible recommendation is minted",
                ));
            }
            if r.certificate_id.is_some() {
                return Err(ApiError::conflict(
                    "already-minted",
                    "this recommendation is already a certificate",
                ));
            }
            if membership::role_of(&state.db, organization, author)
                .await?
                .is_none()
            {
                return Err(ApiError::Forbidden(
                    "the author is not a member of this organization",
                ));
            }
            let base = state.settings.public_url.trim_end_matches('/');
            let title = match &r.skill {
                Some(skill) => format!("Endorsement: {skill}"),
                None => "Recommendation".to_owned(),
            };
            let document = Document {
                title,
                description: r.text.clone().unwrap_or_default(),
                criteria: Some(format!(
                    "Written and signed by @{} with wallet {}",
                    r.author.handle,
                    r.signer.clone().unwrap_or_default()
                )),
                evidence: vec![format!("{base}/v1/recommendations/{id}")],
                position: None,
                skills: r.skill.clone().into_iter().collect(),
                valid_from: r.written_at,
                expires_at: None,
            };
            let holder = holder_address(&state, subject).await?;
            let issued = submit_issue(
                &state,
                Issue {
                    organization,
                    issuer: &issuer,
                    holder_account: Some(subject),
                    holder,
                    kind: CertificateKind::Recommendation,
                    document: &document,
                    supersedes: None,
                    evidence: None,
                },
            )
            .await?;
            sqlx::query!(
                "UPDATE recommendations SET certificate_id = $2 WHERE id = $1",
                id,
                issued.id as i64
            )
            .execute(&state.db)
            .await?;
            Ok(issued)
        })
        .await
}
