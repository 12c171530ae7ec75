//! The platform operator: whoever has bound one of the configured operator wallets. Operators
//! decide issuer verification requests (`organizations::issuer_verification`).
use uuid::Uuid;

use crate::auth::wallet::Address;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;

/// Whether the account has bound one of the configured operator wallets.
pub async fn is_operator(state: &AppState, account: Uuid) -> ApiResult<bool> {
    let operators: Vec<Vec<u8>> = state
        .settings
        .operators
        .iter()
        .filter_map(|a| Address::parse(a))
        .map(|a| a.0.to_vec())
        .collect();
    if operators.is_empty() {
        return Ok(false);
    }
    Ok(sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM wallets
                          WHERE account_id = $1 AND kind = 'external' AND address = ANY($2)) AS "x!""#,
        account,
        &operators,
    )
    .fetch_one(&state.db)
    .await?)
}

/// 403 unless the account is a platform operator.
pub async fn require_operator(state: &AppState, account: Uuid) -> ApiResult<()> {
    if is_operator(state, account).await? {
        Ok(())
    } else {
        Err(ApiError::Forbidden("only a platform operator may do this"))
    }
}
