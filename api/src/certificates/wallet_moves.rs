//! Moving certificates to another of the holder's wallets: the holder asks (one certificate, or
//! all from an issuer with the tenure earned there), the issuing organization approves or rejects.
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::auth::challenges::parse_address;
use crate::auth::wallet::Address;
use crate::certificates::issue::issuer;
use crate::chain::Included;
use crate::http::error::{ApiError, ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path};
use crate::http::idempotency::IdempotencyKey;
use crate::organizations::membership::{self, Role};
use crate::organizations::organization;
use crate::state::AppState;
use crate::wallets::custodial::holder_keypair;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(request_migration, my_migrations))
        .routes(routes!(organization_migrations))
        .routes(routes!(approve))
        .routes(routes!(reject))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewMigration {
    pub organization_id: Uuid,
    /// One certificate; absent = every certificate from this organization, with the tenure.
    pub certificate_id: Option<u64>,
    /// One of your bound wallets (SS58).
    pub to: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MigrationRequestedView {
    pub migration_id: u64,
    pub block: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MigrationView {
    pub id: u64,
    pub organization_name: Option<String>,
    pub holder_handle: Option<String>,
    pub from: String,
    pub to: String,
    /// `one` or `all_from_issuer`.
    pub scope: String,
    pub certificate_id: Option<i64>,
    /// `pending`, `approved`, `rejected` or `cancelled`.
    pub state: String,
    pub moved: Option<i32>,
    pub created_at: DateTime<Utc>,
}

/// Ask the issuing organization to move certificates to another of your wallets.
#[utoipa::path(post, path = "/v1/me/migrations", tag = "certificates", security(("session" = [])),
    params(("Idempotency-Key" = String, Header)), request_body = NewMigration,
    responses((status = 201, body = MigrationRequestedView), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem),
              (status = 422, body = Problem)))]
async fn request_migration(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    key: IdempotencyKey,
    Json(body): Json<NewMigration>,
) -> ApiResult<Response> {
    key.once(session.account_id, "migration", &body)
        .created(async {
            let to = parse_address(&body.to)?;
            let mine = sqlx::query_scalar!(
                "SELECT count(*) AS \"n!\" FROM wallets WHERE address = $1 AND account_id = $2",
                &to.0[..],
                session.account_id,
            )
            .fetch_one(&state.db)
            .await?;
            if mine == 0 {
                return Err(ApiError::invalid("to", "is not one of your wallets"));
            }
            let org = organization::fetch(&state.db, body.organization_id).await?;
            let issuer = org
                .issuer_address
                .as_deref()
                .and_then(Address::parse)
                .ok_or_else(|| {
                    ApiError::conflict(
                        "not-an-issuer",
                        "this organization is not verified as an issuer",
                    )
                })?;
            // The wallet the certificates are in now, among the caller's.
            let from = sqlx::query_scalar!(
                "SELECT c.holder FROM certificates c JOIN wallets w ON w.address = c.holder
             WHERE w.account_id = $1 AND c.issuer = $2 AND c.holder <> $3
               AND ($4::bigint IS NULL OR c.id = $4)
             ORDER BY c.id LIMIT 1",
                session.account_id,
                &issuer.0[..],
                &to.0[..],
                body.certificate_id.map(|id| id as i64),
            )
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::NotFound(
                "certificate of yours from this organization",
            ))?;
            let from = Address::from_bytes(&from).ok_or_else(|| anyhow::anyhow!("bad address"))?;
            let registry = state.chain()?;
            let key = holder_keypair(&state, registry, session.account_id, &from).await?;
            let (id, block) = registry
                .request_migration(&key, issuer.0, body.certificate_id, to.0)
                .await?;
            Ok(MigrationRequestedView {
                migration_id: id,
                block: iktomi_chain::hex0x(block),
            })
        })
        .await
}

async fn list(
    state: &AppState,
    holder: Option<Uuid>,
    organization: Option<Uuid>,
) -> ApiResult<Vec<MigrationView>> {
    let rows = sqlx::query!(
        r#"SELECT m.id, o.name AS "organization_name?", a.handle AS "handle?", m.from_account,
                  m.to_account, m.scope, m.certificate_id, m.state, m.moved, m.created_at
           FROM wallet_migrations m
           LEFT JOIN wallets w ON w.address = m.from_account
           LEFT JOIN accounts a ON a.id = w.account_id
           LEFT JOIN organizations o ON o.issuer_account = m.issuer
           WHERE ($1::uuid IS NULL OR w.account_id = $1) AND ($2::uuid IS NULL OR o.id = $2)
           ORDER BY m.id DESC LIMIT 500"#,
        holder,
        organization,
    )
    .fetch_all(&state.db)
    .await?;
    let ss58 = |b: &[u8]| Address::from_bytes(b).map(|a| a.ss58()).unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|r| MigrationView {
            id: u64::try_from(r.id).unwrap_or_default(),
            organization_name: r.organization_name,
            holder_handle: r.handle,
            from: ss58(&r.from_account),
            to: ss58(&r.to_account),
            scope: r.scope,
            certificate_id: r.certificate_id,
            state: r.state,
            moved: r.moved,
            created_at: r.created_at,
        })
        .collect())
}

/// Your migration requests.
#[utoipa::path(get, path = "/v1/me/migrations", tag = "certificates", security(("session" = [])),
    responses((status = 200, body = Vec<MigrationView>), (status = 401, body = Problem)))]
async fn my_migrations(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
) -> ApiResult<axum::Json<Vec<MigrationView>>> {
    Ok(axum::Json(
        list(&state, Some(session.account_id), None).await?,
    ))
}

/// Migration requests to this organization (managers and admins).
#[utoipa::path(get, path = "/v1/organizations/{id}/migrations", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Vec<MigrationView>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem)))]
async fn organization_migrations(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
) -> ApiResult<axum::Json<Vec<MigrationView>>> {
    membership::require(&state.db, organization, session.account_id, Role::Manager).await?;
    Ok(axum::Json(list(&state, None, Some(organization)).await?))
}

async fn decide(
    state: &AppState,
    session: &crate::auth::session::Session,
    organization: Uuid,
    migration: u64,
    approve: bool,
) -> ApiResult<Included> {
    let issuer = issuer(state, organization, session.account_id).await?;
    let block = state
        .chain()?
        .decide_migration(issuer.key()?, migration, approve)
        .await?;
    Ok(Included {
        block: iktomi_chain::hex0x(block),
    })
}

/// Approve: the certificates (and, for all, the tenure) move to the new wallet.
#[utoipa::path(post, path = "/v1/organizations/{id}/migrations/{migration}/approve", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("migration" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 200, body = Included), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn approve(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, migration)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("approve migration {organization} {migration}");
    key.once(session.account_id, route, &())
        .ok(async { decide(&state, &session, organization, migration, true).await })
        .await
}

/// Reject a migration request.
#[utoipa::path(post, path = "/v1/organizations/{id}/migrations/{migration}/reject", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("migration" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 200, body = Included), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn reject(
    state: axum::extract::State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, migration)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let route = format!("reject migration {organization} {migration}");
    key.once(session.account_id, route, &())
        .ok(async { decide(&state, &session, organization, migration, false).await })
        .await
}
