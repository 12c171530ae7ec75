//! Issuing through the API: an organization's managers issue certificates (and hire, promote,
//! dismiss) with the organization's custodial issuer key; each call takes an Idempotency-Key.
//! An organization that keeps its key in its own wallet asks for the unsigned call instead.
//! The rules live in `certificates::issue`, `certificates::batch` and `certificates::unsigned`.
use axum::extract::State;
use axum::response::Response;
use iktomi_shared::RevocationReason;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::certificates::batch::{self, IssuedBatch, NewBatch};
use crate::certificates::batch_preview::{self, BatchPreview, CohortFile};
use crate::certificates::document::{CertificateKind, Document, NewCertificate};
use crate::certificates::issue::{self, IssuedCertificate, Revoked};
use crate::certificates::issued::{self, IssuedListing, IssuedQuery};
use crate::certificates::revocation;
use crate::certificates::unsigned::{self, UnsignedIssue};
use crate::http::error::{ApiResult, Problem};
use crate::http::extract::{AuthUser, Json, Path, Query};
use crate::http::idempotency::IdempotencyKey;
use crate::http::pagination::Page;
use crate::operations::types::Operation;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(issue_certificate, issued_certificates))
        .routes(routes!(issue_batch))
        .routes(routes!(preview_batch))
        .routes(routes!(unsigned_issue))
        .routes(routes!(issue_employment))
        .routes(routes!(promote))
        .routes(routes!(dismiss))
        .routes(routes!(revoke))
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Hire {
    /// The employee's handle.
    pub holder: String,
    #[serde(flatten)]
    pub document: Document,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[schema(as = RevocationReasonKind)]
pub enum Reason {
    IssuedInError,
    Fraud,
    Dismissed,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Revocation {
    pub reason: Reason,
}

/// Issue a certificate to a person (managers and admins of a verified organization).
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = NewCertificate,
    responses((status = 202, body = Operation), (status = 201, body = IssuedCertificate), (status = 400, body = Problem),
              (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem), (status = 422, body = Problem), (status = 502, body = Problem)))]
async fn issue_certificate(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    key: IdempotencyKey,
    Json(body): Json<NewCertificate>,
) -> ApiResult<Response> {
    key.once(session.account_id, format!("issue {organization}"), &body)
        .accepted(issue::to_handle(&state, &session, organization, &body))
        .await
}

/// Issue one certificate to each person of a cohort in one transaction (all or none).
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates/batch", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = NewBatch,
    responses((status = 202, body = Operation), (status = 201, body = IssuedBatch), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn issue_batch(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    key: IdempotencyKey,
    Json(body): Json<NewBatch>,
) -> ApiResult<Response> {
    key.once(session.account_id, format!("batch {organization}"), &body)
        .accepted(batch::issue(&state, &session, organization, &body))
        .await
}

/// The certificates the organization issued, newest first (its managers): to promote, dismiss
/// or revoke from.
#[utoipa::path(get, path = "/v1/organizations/{id}/certificates", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), IssuedQuery),
    responses((status = 200, body = Page<IssuedListing>), (status = 401, body = Problem),
              (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn issued_certificates(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Query(query): Query<IssuedQuery>,
) -> ApiResult<axum::Json<Page<IssuedListing>>> {
    Ok(axum::Json(
        issued::issued_by(&state.db, organization, session.account_id, &query).await?,
    ))
}

/// Check a cohort file before issuing (managers): every row with what is wrong with it — no
/// handle, not a handle, a repeat, nobody by that handle, past the batch's 100 people.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates/batch/preview", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = CohortFile,
    responses((status = 200, body = BatchPreview), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 422, body = Problem)))]
async fn preview_batch(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<CohortFile>,
) -> ApiResult<axum::Json<BatchPreview>> {
    Ok(axum::Json(
        batch_preview::preview(&state, session.account_id, organization, &body).await?,
    ))
}

/// The unsigned `issue` call for an organization that issues from its own wallet.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates/unsigned", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path)), request_body = NewCertificate,
    responses((status = 200, body = UnsignedIssue), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn unsigned_issue(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    Json(body): Json<NewCertificate>,
) -> ApiResult<axum::Json<UnsignedIssue>> {
    Ok(axum::Json(
        unsigned::prepare(&state, session.account_id, organization, &body).await?,
    ))
}

/// Hire: issue an employment certificate (its `position` is required).
#[utoipa::path(post, path = "/v1/organizations/{id}/employments", tag = "certificates",
    security(("session" = [])), params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header)),
    request_body = Hire,
    responses((status = 202, body = Operation), (status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn issue_employment(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path(organization): Path<Uuid>,
    key: IdempotencyKey,
    Json(body): Json<Hire>,
) -> ApiResult<Response> {
    let certificate = NewCertificate {
        holder: body.holder.clone(),
        kind: CertificateKind::Employment,
        document: body.document.clone(),
    };
    key.once(session.account_id, format!("hire {organization}"), &body)
        .accepted(issue::to_handle(
            &state,
            &session,
            organization,
            &certificate,
        ))
        .await
}

/// Promote: a new employment certificate that supersedes this one (which is revoked as
/// `Superseded` in the same transaction; tenure carries over).
#[utoipa::path(post, path = "/v1/organizations/{id}/employments/{certificate}/promote", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("certificate" = u64, Path), ("Idempotency-Key" = String, Header)),
    request_body = Document,
    responses((status = 202, body = Operation), (status = 201, body = IssuedCertificate), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)))]
async fn promote(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, certificate)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
    Json(body): Json<Document>,
) -> ApiResult<Response> {
    let route = format!("promote {organization} {certificate}");
    key.once(session.account_id, route, &body)
        .accepted(issue::promote(
            &state,
            &session,
            organization,
            certificate,
            &body,
        ))
        .await
}

/// Dismiss: revoke an employment certificate with reason `Dismissed` (tenure stops accruing).
#[utoipa::path(post, path = "/v1/organizations/{id}/employments/{certificate}/dismiss", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("certificate" = u64, Path), ("Idempotency-Key" = String, Header)),
    responses((status = 202, body = Operation), (status = 200, body = Revoked), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn dismiss(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, certificate)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
) -> ApiResult<Response> {
    let reason = RevocationReason::Dismissed;
    key.once(
        session.account_id,
        format!("dismiss {organization} {certificate}"),
        &(),
    )
    .accepted(revocation::revoke(
        &state,
        &session,
        organization,
        certificate,
        reason,
    ))
    .await
}

/// Revoke a certificate this organization issued.
#[utoipa::path(post, path = "/v1/organizations/{id}/certificates/{certificate}/revoke", tag = "certificates",
    security(("session" = [])),
    params(("id" = Uuid, Path), ("certificate" = u64, Path), ("Idempotency-Key" = String, Header)),
    request_body = Revocation,
    responses((status = 202, body = Operation), (status = 200, body = Revoked), (status = 401, body = Problem), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, body = Problem)))]
async fn revoke(
    State(state): State<AppState>,
    AuthUser(session): AuthUser,
    Path((organization, certificate)): Path<(Uuid, u64)>,
    key: IdempotencyKey,
    Json(body): Json<Revocation>,
) -> ApiResult<Response> {
    let reason = match body.reason {
        Reason::IssuedInError => RevocationReason::IssuedInError,
        Reason::Fraud => RevocationReason::Fraud,
        Reason::Dismissed => RevocationReason::Dismissed,
    };
    key.once(
        session.account_id,
        format!("revoke {organization} {certificate}"),
        &body,
    )
    .accepted(revocation::revoke(
        &state,
        &session,
        organization,
        certificate,
        reason,
    ))
    .await
}
