//! Reviews after a completed contract: each side rates the other once (1–5, with a text). The
//! candidate's average feeds the matching score of their resumes, the organization's that of its
//! vacancies (`matching::score`).
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::application_flow::Side;
use crate::marketplace::employment::store::load;
use crate::marketplace::employment::types::{Contract, ContractStatus, Loaded, NewReview};
use crate::notifications::notify::{self, Kind};

/// Records `author`'s review for `side` of a completed contract; an employer's review notifies
/// the candidate.
pub async fn review(
    db: &PgPool,
    loaded: &Loaded,
    side: Side,
    author: Uuid,
    body: &NewReview,
) -> ApiResult<Contract> {
    let id = loaded.contract.id;
    if loaded.contract.status != ContractStatus::Completed {
        return Err(ApiError::conflict(
            "contract-not-completed",
            "reviews open when the contract is completed",
        ));
    }
    let side_name = match side {
        Side::Employer => "employer",
        Side::Candidate => "candidate",
    };
    let mut tx = db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO contract_reviews (contract_id, side, author, rating, text)
         VALUES ($1, $2::text::review_side, $3, $4, $5) ON CONFLICT DO NOTHING",
        id,
        side_name,
        author,
        body.rating,
        body.text.trim()
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Err(ApiError::conflict(
            "already-reviewed",
            "your side has reviewed this contract",
        ));
    }
    if side == Side::Employer {
        notify::push(
            &mut tx,
            loaded.candidate_id,
            Kind::Review,
            json!({"contract_id": id, "rating": body.rating, "organization": loaded.contract.organization_name}),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(load(db, id).await?.contract)
}
