//! The platform operator: whoever has bound one of the configured operator wallets. Operators
//! decide issuer verification requests (`organizations::issuer_verification`).
use uuid::Uuid;

use crate::auth::session::Session;
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

/// 403 unless the session is a platform operator's, opened by a signature of an operator
/// wallet within `reauth_window_secs`: a stolen or stale session, or one opened with Telegram or
/// VK, cannot act as the operator.
pub async fn require_operator(state: &AppState, session: &Session) -> ApiResult<()> {
    if !is_operator(state, session.account_id).await? {
        return Err(ApiError::Forbidden("only a platform operator may do this"));
    }
    let signed_by_operator = session
        .freshly_signed_by(state.settings.reauth_window_secs)
        .is_some_and(|wallet| {
            state
                .settings
                .operators
                .iter()
                .filter_map(|a| Address::parse(a))
                .any(|operator| operator == wallet)
        });
    if signed_by_operator {
        Ok(())
    } else {
        Err(ApiError::ReauthenticationRequired)
    }
}
