//! Reviews after a completed contract: each side rates the other once (1–5, with a text). The
//! candidate's average feeds the matching score of their resumes, the organization's that of its
//! vacancies (`matching::score`).
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Checks, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::marketplace::application_flow::Side;
use crate::marketplace::employment::contracts::{load, side_of, Contract, ContractStatus};
use crate::notifications::notify::{self, Kind};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(review))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewReview {
    /// 1 to 5.
    pub rating: i16,
    #[serde(default)]
    pub text: String,
}

/// Review the other side of a completed contract (once per side).
#[utoipa::path(post, path = "/v1/contracts/{id}/reviews", tag = "contracts", security(("session" = [])),
    params(("id" = Uuid, Path)), request_body = NewReview,
    responses((status = 201, body = Contract), (status = 401, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn review(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
    Json(body): Json<NewReview>,
) -> ApiResult<(StatusCode, axum::Json<Contract>)> {
    let mut c = Checks::default();
    c.check((1..=5).contains(&body.rating), "rating", "must be 1 to 5");
    c.text(&body.text, "text", 0, 4000);
    c.finish()?;
    let loaded = load(&state.db, id).await?;
    let side = side_of(&state.db, &loaded, session.account_id).await?;
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
    let mut tx = state.db.begin().await?;
    let inserted = sqlx::query!(
        "INSERT INTO contract_reviews (contract_id, side, author, rating, text)
         VALUES ($1, $2::text::review_side, $3, $4, $5) ON CONFLICT DO NOTHING",
        id,
        side_name,
        session.account_id,
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
    Ok((
        StatusCode::CREATED,
        axum::Json(load(&state.db, id).await?.contract),
    ))
}
