//! Tenure award programs: the award's document an organization's admins define, registered on
//! chain with its milestone, and the programs as mirrored from the chain.
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::credential::{content_hash, open_badge, Parties, Statement};
use crate::certificates::issue::{issuer_for, store_document, IssuerInfo};
use crate::certificates::tenure::MS_PER_DAY;
use crate::chain::first;
use crate::http::error::{ApiResult, Checks};
use crate::operations::follow_up::Landed;
use crate::operations::queue::to_payload;
use crate::operations::{enqueue_all, Queued};
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use iktomi_shared::events::ProgramCreated;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewProgram {
    /// The award's name ("1 year at Acme").
    #[schema(pattern = r"\S")]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    /// Tenure needed, in days (fractions allowed: 0.5 = 12 hours).
    #[schema(exclusive_minimum = 0, maximum = 36500)]
    pub milestone_days: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Program {
    pub id: u32,
    pub milestone_days: f64,
    pub closed: bool,
    pub title: Option<String>,
    pub content_hash: String,
}

impl NewProgram {
    fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(&self.title, "title", 1, 200);
        c.text(&self.description, "description", 0, 4000);
        c.check(
            self.milestone_days.is_finite()
                && self.milestone_days > 0.0
                && self.milestone_days <= 36_500.0,
            "milestone_days",
            "must be more than 0 and at most 36500",
        );
        c.finish()
    }
}

/// The award's document: every holder's award certificate carries its hash.
fn award_document(
    state: &AppState,
    organization: Uuid,
    issuer: &IssuerInfo,
    body: &NewProgram,
) -> Value {
    open_badge(
        &Statement {
            kind: "award",
            title: body.title.trim(),
            description: body.description.trim(),
            criteria: Some(&format!(
                "Verifiable tenure of at least {} days at {}",
                body.milestone_days, issuer.name
            )),
            position: None,
            skills: &[],
            evidence: &[],
            valid_from: Utc::now(),
            valid_until: None,
        },
        &Parties {
            public_url: &state.settings.public_url,
            organization_id: organization,
            organization_name: &issuer.name,
            issuer_address: &issuer.address.ss58(),
            holder_address: "any holder who meets the milestone",
        },
    )
}

/// Queues a program (organization admins, with the custodial issuer key): the award's document
/// is stored with the operation.
pub async fn create(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    body: &NewProgram,
) -> ApiResult<Queued> {
    body.check()?;
    membership::require(&state.db, organization, account, Role::Admin).await?;
    let issuer = issuer_for(state, organization).await?;
    let key = issuer.key()?;
    let document = award_document(state, organization, &issuer.info, body);
    let hash = content_hash(&document);
    let milestone_ms = (body.milestone_days * MS_PER_DAY).round().max(1.0) as u64;
    let calls = state
        .chain()?
        .create_program(key, milestone_ms, hash)
        .await?;
    let payload = ProgramPayload {
        milestone_days: body.milestone_days,
        title: body.title.trim().to_owned(),
        content_hash: iktomi_chain::hex0x(hash),
    };
    let mut tx = state.db.begin().await?;
    store_document(&mut tx, &hash, organization, None, &document).await?;
    let queued = enqueue_all(
        &mut tx,
        Some(account),
        "program.create",
        &calls,
        to_payload(&payload)?,
    )
    .await?;
    tx.commit().await?;
    Ok(queued)
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ProgramPayload {
    pub milestone_days: f64,
    pub title: String,
    pub content_hash: String,
}

/// The program is on chain: its id comes from the event.
pub fn create_landed(payload: ProgramPayload, landed: &Landed) -> ApiResult<Program> {
    Ok(Program {
        id: first::<ProgramCreated>(&landed.events)?.id,
        milestone_days: payload.milestone_days,
        closed: false,
        title: Some(payload.title),
        content_hash: payload.content_hash,
    })
}

/// The organization's programs, as mirrored from the chain.
pub async fn of_organization(state: &AppState, organization: Uuid) -> ApiResult<Vec<Program>> {
    organization::fetch(&state.db, organization).await?;
    let rows = sqlx::query!(
        r#"SELECT p.id, p.milestone_ms, p.closed, p.content_hash, d.document->>'name' AS title
           FROM tenure_programs p JOIN issuers i ON i.account = p.issuer
           JOIN organizations o ON o.id = i.organization_id
           LEFT JOIN certificate_documents d ON d.content_hash = p.content_hash
           WHERE o.id = $1 ORDER BY p.id"#,
        organization
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Program {
            id: u32::try_from(r.id).unwrap_or_default(),
            milestone_days: r.milestone_ms as f64 / MS_PER_DAY,
            closed: r.closed,
            title: r.title,
            content_hash: iktomi_chain::hex0x(&r.content_hash),
        })
        .collect())
}
