//! Notices to people, written in the transaction of the event they tell about (an outbox: the
//! notice exists exactly when the event committed). Nothing is written of a kind the recipient
//! muted. Delivery channels read the table; the in-app inbox is `GET /v1/me/notifications`.
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::PgConnection;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
#[schema(as = NotificationKind)]
pub enum Kind {
    /// An organization answered one of your resumes.
    ResumeResponse,
    /// An application of yours, or to your vacancy, changed status.
    ApplicationStatus,
    /// A contract was drafted for you, signed by the other side, or anchored.
    Contract,
    /// A review of you after a completed contract.
    Review,
    /// An invitation to an organization's community (opting out of invites = muting this).
    CommunityInvite,
    /// A community mailing of a vacancy or an event (opting out of mailings = muting this).
    Mailing,
    /// An attestation was assigned to you.
    AttestationAssigned,
    /// An attestation assigned to you opened.
    AttestationOpened,
    /// Someone in your organization passed or failed an attestation (managers and admins).
    AttestationResult,
    BadgeReceived,
    LevelReached,
    /// A certificate was issued to you.
    CertificateIssued,
    /// A certificate of yours was revoked.
    CertificateRevoked,
}

impl Kind {
    pub const ALL: [Kind; 13] = [
        Kind::ResumeResponse,
        Kind::ApplicationStatus,
        Kind::Contract,
        Kind::Review,
        Kind::CommunityInvite,
        Kind::Mailing,
        Kind::AttestationAssigned,
        Kind::AttestationOpened,
        Kind::AttestationResult,
        Kind::BadgeReceived,
        Kind::LevelReached,
        Kind::CertificateIssued,
        Kind::CertificateRevoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ResumeResponse => "resume_response",
            Kind::ApplicationStatus => "application_status",
            Kind::Contract => "contract",
            Kind::Review => "review",
            Kind::CommunityInvite => "community_invite",
            Kind::Mailing => "mailing",
            Kind::AttestationAssigned => "attestation_assigned",
            Kind::AttestationOpened => "attestation_opened",
            Kind::AttestationResult => "attestation_result",
            Kind::BadgeReceived => "badge_received",
            Kind::LevelReached => "level_reached",
            Kind::CertificateIssued => "certificate_issued",
            Kind::CertificateRevoked => "certificate_revoked",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Writes a notice for `account` unless they muted `kind`; whether one was written.
pub async fn push(
    conn: &mut PgConnection,
    account: Uuid,
    kind: Kind,
    payload: Value,
) -> sqlx::Result<bool> {
    let written = sqlx::query!(
        "INSERT INTO notifications (account_id, kind, payload)
         SELECT $1, $2, $3
         WHERE NOT EXISTS (SELECT 1 FROM notification_mutes WHERE account_id = $1 AND kind = $2)",
        account,
        kind.as_str(),
        payload
    )
    .execute(conn)
    .await?
    .rows_affected();
    Ok(written == 1)
}

/// Whether `account` muted `kind` (checked before work that only serves the notice, such as
/// asking Telegram for an invite link).
pub async fn muted(conn: &mut PgConnection, account: Uuid, kind: Kind) -> sqlx::Result<bool> {
    sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM notification_mutes WHERE account_id = $1 AND kind = $2) AS "muted!""#,
        account,
        kind.as_str()
    )
    .fetch_one(conn)
    .await
}
