//! The contracts' refusals as problems: the contract's rule is the authority, and each refusal a
//! client can act on has its own `type`. Anything else is logged with its cause and answered
//! without it.
use super::{ChainCallError, RegistryError, TenureError};
use crate::http::error::ApiError;

impl From<ChainCallError> for ApiError {
    fn from(error: ChainCallError) -> Self {
        match error {
            ChainCallError::Refused(e) => registry_refusal(e),
            ChainCallError::TenureRefused(e) => tenure_refusal(e),
            other => {
                tracing::warn!(error = %other, "chain call failed");
                ApiError::Upstream("the chain did not take the transaction; try again".into())
            }
        }
    }
}

fn registry_refusal(error: RegistryError) -> ApiError {
    match error {
        RegistryError::NotIssuer | RegistryError::NotHolder => {
            ApiError::Forbidden("the registry says this certificate is not yours to act on")
        }
        RegistryError::CertificateNotFound => ApiError::NotFound("certificate"),
        RegistryError::RequestNotFound => ApiError::NotFound("request"),
        RegistryError::MigrationNotFound => ApiError::NotFound("migration"),
        RegistryError::NotPending => {
            ApiError::conflict("not-pending", "the request was already decided")
        }
        RegistryError::CertificateRevoked => {
            ApiError::conflict("certificate-revoked", "the certificate is revoked")
        }
        RegistryError::CertificateExpired => {
            ApiError::conflict("certificate-expired", "the certificate has expired")
        }
        RegistryError::IssuerSuspended => {
            ApiError::conflict("issuer-suspended", "the issuer is suspended")
        }
        RegistryError::IssuerNotSuspended => {
            ApiError::conflict("issuer-not-suspended", "the issuer is not suspended")
        }
        RegistryError::UnknownIssuer => ApiError::NotFound("issuer"),
        RegistryError::IssuerRetired => ApiError::conflict(
            "issuer-retired",
            "this issuer key was retired; its successor acts for it",
        ),
        RegistryError::ForeignSupersede => ApiError::conflict(
            "foreign-supersede",
            "a promotion keeps the issuer and the holder of the certificate it replaces",
        ),
        RegistryError::HolderFull => ApiError::conflict(
            "holder-full",
            "the holder holds the most certificates allowed",
        ),
        RegistryError::MigrationNotAccepted => ApiError::conflict(
            "migration-not-accepted",
            "the destination wallet has not accepted this migration yet",
        ),
        RegistryError::NotDestination => {
            ApiError::Forbidden("only the destination wallet accepts a migration")
        }
        RegistryError::TooManyPending => ApiError::conflict(
            "too-many-pending",
            "this holder has not yet accepted the certificates this organization already sent",
        ),
        RegistryError::CertificateNotPending => ApiError::conflict(
            "certificate-not-pending",
            "the certificate is not waiting for your acceptance",
        ),
        RegistryError::CertificateHidden => {
            ApiError::conflict("certificate-hidden", "the certificate is already hidden")
        }
        RegistryError::LineageFull => ApiError::conflict(
            "lineage-full",
            "this wallet's tenure already merges the most wallets allowed",
        ),
        RegistryError::IssuerExists => ApiError::conflict(
            "issuer-exists",
            "this organization's wallet is already a registered issuer",
        ),
        other => {
            tracing::warn!(error = ?other, "the registry refused");
            ApiError::conflict("registry-refused", "the registry refused this call")
        }
    }
}

fn tenure_refusal(error: TenureError) -> ApiError {
    match error {
        TenureError::ProgramNotFound => ApiError::NotFound("tenure program"),
        TenureError::ProgramClosed => ApiError::conflict("program-closed", "the program is closed"),
        TenureError::MilestoneNotReached => ApiError::conflict(
            "milestone-not-reached",
            "your verifiable tenure with this issuer is below the program's milestone",
        ),
        TenureError::AlreadyClaimed => {
            ApiError::conflict("already-claimed", "you already claimed this award")
        }
        other => {
            tracing::warn!(error = ?other, "the tenure contract refused");
            ApiError::conflict("tenure-refused", "the tenure contract refused this call")
        }
    }
}
