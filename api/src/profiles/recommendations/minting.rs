//! Minting a written recommendation as a certificate of kind recommendation, issued by an
//! organization its author belongs to.
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::certificates::document::{CertificateKind, Document};
use crate::certificates::issue::{issuer, submit_issue, Issue, IssuedCertificate};
use crate::http::error::{ApiError, ApiResult};
use crate::operations::Queued;
use crate::organizations::membership;
use crate::profiles::recommendations::recommendation::Recommendation;
use crate::profiles::recommendations::store::{load_one, parties};
use crate::state::AppState;
use crate::wallets::custodial::holder_address;

/// `account` (a manager or admin of `organization`) mints recommendation `id` to its subject.
pub async fn mint(
    state: &AppState,
    account: Uuid,
    organization: Uuid,
    id: Uuid,
) -> ApiResult<Queued> {
    let issuer = issuer(state, organization, account).await?;
    let (subject, r) = mintable(&state.db, organization, id).await?;
    let document = document(&state.settings.public_url, id, &r);
    let holder = holder_address(state, subject).await?;
    submit_issue(
        state,
        Issue {
            organization,
            issuer: &issuer,
            holder_account: Some(subject),
            holder,
            kind: CertificateKind::Recommendation,
            document: &document,
            supersedes: None,
            evidence: None,
            by: Some(account),
            then: Some(json!({ "kind": MINTED, "recommendation": id })),
            claim: Some(format!("recommendation:{id}")),
        },
    )
    .await
}

pub const MINTED: &str = "recommendation.minted";

/// The certificate is on chain: the recommendation points at it.
pub async fn minted(
    conn: &mut sqlx::PgConnection,
    then: &serde_json::Value,
    issued: &IssuedCertificate,
) -> ApiResult<()> {
    let id = then["recommendation"]
        .as_str()
        .and_then(|s| s.parse::<Uuid>().ok())
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("a minting follow-up without its id")))?;
    sqlx::query!(
        "UPDATE recommendations SET certificate_id = $2 WHERE id = $1",
        id,
        issued.id as i64
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The subject and the recommendation, if it is written, visible, not yet minted, and its author
/// is a member of `organization`.
async fn mintable(db: &PgPool, organization: Uuid, id: Uuid) -> ApiResult<(Uuid, Recommendation)> {
    let (subject, author, _) = parties(db, id).await?;
    let r = load_one(db, id).await?;
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
    if membership::role_of(db, organization, author)
        .await?
        .is_none()
    {
        return Err(ApiError::Forbidden(
            "the author is not a member of this organization",
        ));
    }
    Ok((subject, r))
}

/// The certificate's document: the statement, who signed it with which wallet, and a link back.
fn document(public_url: &str, id: Uuid, r: &Recommendation) -> Document {
    let base = public_url.trim_end_matches('/');
    let title = match &r.skill {
        Some(skill) => format!("Endorsement: {skill}"),
        None => "Recommendation".to_owned(),
    };
    Document {
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
    }
}
