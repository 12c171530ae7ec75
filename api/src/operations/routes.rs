//! `GET /v1/operations/{id}`: where a chain write stands.
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Path};
use crate::operations::queue::load;
use crate::operations::types::Operation;
use crate::organizations::operator::is_operator;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(operation))
}

/// A chain write the API accepted (202): queued → submitted → in_block → finalized, or failed
/// with a problem. Readable by whoever asked for it and by operators.
#[utoipa::path(get, path = "/v1/operations/{id}", tag = "operations", security(("session" = [])),
    params(("id" = Uuid, Path)),
    responses((status = 200, body = Operation), (status = 401, body = Problem),
              (status = 404, body = Problem)))]
async fn operation(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(id): Path<Uuid>,
) -> ApiResult<axum::Json<Operation>> {
    let row = load(&state.db, id).await?;
    // Another person's operation is answered as missing, not forbidden: ids are not a probe.
    if row.account_id != Some(session.account_id)
        && !is_operator(&state, session.account_id).await?
    {
        return Err(ApiError::NotFound("operation"));
    }
    Ok(axum::Json(row.into()))
}
