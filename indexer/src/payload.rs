//! The JSON form of each event, for people reading the log (`chain_events.payload`, written from
//! the raw bytes while the indexer is idle: `store::render_payloads`); the state is applied from
//! the decoded events themselves (`apply`). Accounts and hashes are 0x-hex, times are
//! milliseconds since the epoch, enums are snake_case ("other-N" when numbered).
use iktomi_chain::hex0x;
use iktomi_shared::{
    AccountId, Kind, MigrationScope, MigrationState, RequestState, RevocationReason,
};
use serde_json::{json, Value};

use crate::decode::ContractEvent;

fn account(a: &AccountId) -> String {
    hex0x(<AccountId as AsRef<[u8]>>::as_ref(a))
}

pub fn kind(k: Kind) -> String {
    match k {
        Kind::Diploma => "diploma".into(),
        Kind::Course => "course".into(),
        Kind::Employment => "employment".into(),
        Kind::Achievement => "achievement".into(),
        Kind::Event => "event".into(),
        Kind::Award => "award".into(),
        Kind::Recommendation => "recommendation".into(),
        Kind::Badge => "badge".into(),
        Kind::Other(n) => format!("other-{n}"),
    }
}

pub fn reason(r: RevocationReason) -> String {
    match r {
        RevocationReason::Dismissed => "dismissed".into(),
        RevocationReason::IssuedInError => "issued_in_error".into(),
        RevocationReason::Fraud => "fraud".into(),
        RevocationReason::Superseded => "superseded".into(),
        RevocationReason::Other(n) => format!("other-{n}"),
    }
}

fn request_state(s: RequestState) -> (&'static str, Option<u64>, Option<u16>) {
    match s {
        RequestState::Pending => ("pending", None, None),
        RequestState::Approved(id) => ("approved", Some(id), None),
        RequestState::Rejected(code) => ("rejected", None, Some(code)),
        RequestState::Cancelled => ("cancelled", None, None),
    }
}

fn migration_state(s: MigrationState) -> (&'static str, Option<u32>) {
    match s {
        MigrationState::Pending => ("pending", None),
        MigrationState::Approved(moved) => ("approved", Some(moved)),
        MigrationState::Rejected => ("rejected", None),
        MigrationState::Cancelled => ("cancelled", None),
        MigrationState::Accepted => ("accepted", None),
    }
}

/// The event's fields as JSON.
pub fn payload(event: &ContractEvent) -> Value {
    use ContractEvent as E;
    match event {
        E::OperatorProposed(e) => {
            json!({"operator": account(&e.operator), "proposed": account(&e.proposed)})
        }
        E::OperatorChanged(e) => {
            json!({"previous": account(&e.previous), "operator": account(&e.operator)})
        }
        E::IssuerRegistered(e) => json!({
            "issuer": account(&e.issuer),
            "organization": uuid::Uuid::from_bytes(e.organization).to_string(),
            "metadata_hash": hex0x(e.metadata_hash),
            "at": e.at,
        }),
        E::IssuerSuspended(e) => json!({"issuer": account(&e.issuer), "at": e.at}),
        E::IssuerReinstated(e) => json!({"issuer": account(&e.issuer), "at": e.at}),
        E::IssuerRetired(e) => json!({
            "issuer": account(&e.issuer),
            "successor": account(&e.successor),
            "at": e.at,
        }),
        E::MinterChanged(e) => json!({
            "issuer": account(&e.issuer),
            "minter": account(&e.minter),
            "kind": kind(e.kind),
            "allowed": e.allowed,
        }),
        E::CertificateIssued(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "holder": account(&e.holder),
            "kind": kind(e.kind),
            "content_hash": hex0x(e.content_hash),
            "issued_at": e.issued_at,
            "expires_at": e.expires_at,
            "supersedes": e.supersedes,
            "request": e.request,
            "minter": e.minter.as_ref().map(account),
            "pending": e.pending,
        }),
        E::CertificateAccepted(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "holder": account(&e.holder),
            "at": e.at,
        }),
        E::CertificateHidden(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "holder": account(&e.holder),
            "at": e.at,
        }),
        E::CertificateRevoked(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "holder": account(&e.holder),
            "reason": reason(e.reason),
            "at": e.at,
            "superseded_by": e.superseded_by,
        }),
        E::ExpiryChanged(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "holder": account(&e.holder),
            "expires_at": e.expires_at,
            "at": e.at,
            "tenure_accrued_ms": e.tenure_accrued_ms,
        }),
        E::CertificateRequested(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "holder": account(&e.holder),
            "kind": kind(e.kind),
            "content_hash": hex0x(e.content_hash),
            "expires_at": e.expires_at,
            "at": e.at,
        }),
        E::RequestResolved(e) => {
            let (state, certificate, reject_code) = request_state(e.state);
            json!({
                "id": e.id,
                "issuer": account(&e.issuer),
                "holder": account(&e.holder),
                "state": state,
                "certificate": certificate,
                "reject_code": reject_code,
                "at": e.at,
            })
        }
        E::MigrationRequested(e) => {
            let (scope, certificate) = match e.scope {
                MigrationScope::One(id) => ("one", Some(id)),
                MigrationScope::AllFromIssuer => ("all_from_issuer", None),
            };
            json!({
                "id": e.id,
                "issuer": account(&e.issuer),
                "from": account(&e.from),
                "to": account(&e.to),
                "scope": scope,
                "certificate": certificate,
                "at": e.at,
            })
        }
        E::MigrationResolved(e) => {
            let (state, moved) = migration_state(e.state);
            json!({
                "id": e.id,
                "issuer": account(&e.issuer),
                "from": account(&e.from),
                "to": account(&e.to),
                "state": state,
                "moved": moved,
                "at": e.at,
            })
        }
        E::CertificateMigrated(e) => json!({
            "id": e.id,
            "from": account(&e.from),
            "to": account(&e.to),
            "migration": e.migration,
        }),
        E::TenureMoved(e) => json!({
            "issuer": account(&e.issuer),
            "from": account(&e.from),
            "to": account(&e.to),
            "accrued_ms": e.accrued_ms,
            "staked_certificate": e.stake.map(|s| s.certificate),
            "staked_since": e.stake.map(|s| s.since),
            "at": e.at,
        }),
        E::Staked(e) => json!({
            "id": e.id,
            "holder": account(&e.holder),
            "issuer": account(&e.issuer),
            "at": e.at,
        }),
        E::Unstaked(e) => json!({
            "id": e.id,
            "holder": account(&e.holder),
            "issuer": account(&e.issuer),
            "at": e.at,
            "accrued_ms": e.accrued_ms,
        }),
        E::ProgramCreated(e) => json!({
            "id": e.id,
            "issuer": account(&e.issuer),
            "milestone_ms": e.milestone_ms,
            "award_kind": kind(e.award_kind),
            "content_hash": hex0x(e.content_hash),
        }),
        E::ProgramClosed(e) => json!({"id": e.id, "issuer": account(&e.issuer)}),
        E::AwardClaimed(e) => json!({
            "program": e.program,
            "holder": account(&e.holder),
            "issuer": account(&e.issuer),
            "certificate": e.certificate,
        }),
    }
}
