//! Asking for, writing, signing and declining recommendations and endorsements, and the points
//! an endorsement earns its subject once written.
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::gamification::rules::{self, Action};
use crate::http::error::{ApiError, ApiResult, Checks};
use crate::notifications::notify::{self, Kind};
use crate::profiles::recommendations::recommendation::{Recommendation, RecommendationKind};
use crate::profiles::recommendations::statement::{self, ExternalSignature, Statement};
use crate::profiles::recommendations::store::{account_of, load_one, parties};
use crate::state::AppState;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ask {
    /// The colleague's handle.
    pub author: String,
    pub kind: RecommendationKind,
    /// The skill to confirm (endorsements only).
    pub skill: Option<String>,
    /// A note to the colleague.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Writing {
    #[schema(pattern = r"\S", max_length = 4000)]
    pub text: String,
    /// A signature made in one of your external wallets; without it, your custodial wallet signs.
    pub signature: Option<ExternalSignature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Unasked {
    pub kind: RecommendationKind,
    pub skill: Option<String>,
    #[schema(pattern = r"\S", max_length = 4000)]
    pub text: String,
    pub signature: Option<ExternalSignature>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = RecommendationDraft)]
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

fn check_text(text: &str) -> ApiResult<()> {
    let mut c = Checks::default();
    c.text(text, "text", 1, 4000);
    c.finish()
}

/// `subject` asks the colleague named in `ask`; the request waits for them.
pub async fn ask(db: &PgPool, subject: Uuid, ask: &Ask) -> ApiResult<Recommendation> {
    let mut c = Checks::default();
    check_statement(&mut c, ask.kind, ask.skill.as_deref());
    if let Some(note) = &ask.note {
        c.text(note, "note", 0, 1000);
    }
    c.finish()?;
    let author = account_of(db, &ask.author, "author").await?;
    if author == subject {
        return Err(ApiError::invalid("author", "ask someone else"));
    }
    let id = Uuid::new_v4();
    let skill = ask.skill.as_deref().map(str::trim);
    let mut tx = db.begin().await?;
    sqlx::query!(
        "INSERT INTO recommendations (id, subject_id, author_id, kind, skill, status, request_note)
         VALUES ($1, $2, $3, $4, $5, 'requested', $6)",
        id,
        subject,
        author,
        ask.kind as RecommendationKind,
        skill,
        ask.note,
    )
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(d) if d.is_unique_violation() => ApiError::conflict(
            "already-asked",
            "you already asked this colleague for this; they have your request",
        ),
        e => e.into(),
    })?;
    let from = notify::person_name(&mut tx, subject).await?;
    notify::push(
        &mut tx,
        author,
        Kind::RecommendationRequested,
        json!({"recommendation_id": id, "from": from, "kind": ask.kind, "skill": skill, "note": ask.note}),
    )
    .await?;
    tx.commit().await?;
    load_one(db, id).await
}

/// The message `author` would sign for `draft`, to sign in an external wallet.
pub async fn message_for(db: &PgPool, author: Uuid, draft: &Draft) -> ApiResult<Message> {
    let mut c = Checks::default();
    check_statement(&mut c, draft.kind, draft.skill.as_deref());
    c.finish()?;
    let subject = account_of(db, &draft.subject, "subject").await?;
    let statement = Statement {
        kind: draft.kind.as_str(),
        skill: draft.skill.as_deref().map(str::trim),
        subject,
        author,
        text: draft.text.trim(),
    };
    Ok(Message {
        message: statement.message(),
    })
}

/// `author` writes and signs a statement about the person with `handle`, who did not ask. It stays
/// hidden until that person shows it (`PUT /v1/me/recommendations/{id}/hidden`): what goes on
/// their profile is their choice.
pub async fn write_unasked(
    state: &AppState,
    author: Uuid,
    handle: &str,
    body: &Unasked,
) -> ApiResult<Recommendation> {
    let mut c = Checks::default();
    check_statement(&mut c, body.kind, body.skill.as_deref());
    c.text(&body.text, "text", 1, 4000);
    c.finish()?;
    let subject = account_of(&state.db, handle, "person").await?;
    if subject == author {
        return Err(ApiError::Forbidden("you cannot recommend yourself"));
    }
    let id = Uuid::new_v4();
    let skill = body.skill.as_deref().map(str::trim);
    let statement = Statement {
        kind: body.kind.as_str(),
        skill,
        subject,
        author,
        text: body.text.trim(),
    };
    let signed = statement::sign(state, &statement, body.signature.as_ref()).await?;
    sqlx::query!(
        "INSERT INTO recommendations (id, subject_id, author_id, kind, skill, status, body, message,
                                      signer, signature, hidden, written_at)
         VALUES ($1, $2, $3, $4, $5, 'written', $6, $7, $8, $9, true, now())",
        id,
        subject,
        author,
        body.kind as RecommendationKind,
        skill,
        statement.text,
        signed.message,
        &signed.signer.0[..],
        &signed.signature[..],
    )
    .execute(&state.db)
    .await?;
    after_written(state, statement.kind, subject, author).await?;
    load_one(&state.db, id).await
}

/// `author` writes and signs what was asked of them in request `id`.
pub async fn write(
    state: &AppState,
    author: Uuid,
    id: Uuid,
    body: &Writing,
) -> ApiResult<Recommendation> {
    check_text(&body.text)?;
    let subject = pending_for_author(&state.db, id, author).await?;
    let asked = load_one(&state.db, id).await?;
    let statement = Statement {
        kind: asked.kind.as_str(),
        skill: asked.skill.as_deref(),
        subject,
        author,
        text: body.text.trim(),
    };
    sign_and_store(state, id, statement, body.signature.as_ref()).await?;
    load_one(&state.db, id).await
}

/// `author` declines request `id`.
pub async fn decline(db: &PgPool, author: Uuid, id: Uuid) -> ApiResult<Recommendation> {
    pending_for_author(db, id, author).await?;
    sqlx::query!(
        "UPDATE recommendations SET status = 'declined' WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    load_one(db, id).await
}

/// The request's subject, while it waits for `author`: only they write or decline it.
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

/// Signs and stores the statement as written.
async fn sign_and_store(
    state: &AppState,
    id: Uuid,
    statement: Statement<'_>,
    signature: Option<&ExternalSignature>,
) -> ApiResult<()> {
    let signed = statement::sign(state, &statement, signature).await?;
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
        rules::record_alone(
            &state.db,
            &state.settings.gamification,
            organization,
            subject,
            Action::EndorsementReceived,
            &format!("author:{author}"),
            state.clock.now(),
        )
        .await?;
    }
    Ok(())
}
