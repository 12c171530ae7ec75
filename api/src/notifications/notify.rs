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
    /// A colleague asked you for a recommendation.
    RecommendationRequested,
    /// Someone asked your organization for a certificate (managers and admins).
    CertificateRequested,
    /// Someone asked your organization to confirm a document (managers and admins).
    ArtifactReviewRequested,
    /// You were invited to join an organization.
    OrganizationInvitation,
    /// A new application to your organization's vacancy (managers and admins).
    ApplicationReceived,
    /// Your organization's verification was approved or rejected (admins).
    VerificationDecided,
    /// A holder asked to move your organization's certificate to a new wallet (managers and admins).
    MigrationRequested,
}

impl Kind {
    pub const ALL: [Kind; 20] = [
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
        Kind::RecommendationRequested,
        Kind::CertificateRequested,
        Kind::ArtifactReviewRequested,
        Kind::OrganizationInvitation,
        Kind::ApplicationReceived,
        Kind::VerificationDecided,
        Kind::MigrationRequested,
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
            Kind::RecommendationRequested => "recommendation_requested",
            Kind::CertificateRequested => "certificate_requested",
            Kind::ArtifactReviewRequested => "artifact_review_requested",
            Kind::OrganizationInvitation => "organization_invitation",
            Kind::ApplicationReceived => "application_received",
            Kind::VerificationDecided => "verification_decided",
            Kind::MigrationRequested => "migration_requested",
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

/// Writes the notice to `organization`'s accepted members in `roles` (except `actor`, who caused
/// it), skipping those who muted `kind`; how many were written.
pub async fn push_to_members(
    conn: &mut PgConnection,
    organization: Uuid,
    roles: &[&str],
    actor: Option<Uuid>,
    kind: Kind,
    payload: Value,
) -> sqlx::Result<u64> {
    let roles: Vec<String> = roles.iter().map(|r| (*r).to_owned()).collect();
    Ok(sqlx::query!(
        "INSERT INTO notifications (account_id, kind, payload)
         SELECT m.account_id, $3, $4 FROM memberships m
         WHERE m.organization_id = $1 AND m.role::text = ANY($2) AND m.accepted_at IS NOT NULL
           AND m.account_id IS DISTINCT FROM $5
           AND NOT EXISTS (SELECT 1 FROM notification_mutes u
                           WHERE u.account_id = m.account_id AND u.kind = $3)",
        organization,
        &roles,
        kind.as_str(),
        payload,
        actor
    )
    .execute(conn)
    .await?
    .rows_affected())
}

/// How a notice names a person: "Name (@handle)", or "@handle" alone. The handle is always
/// there, as a display name is anyone's to choose ("Iktomi support").
pub async fn person_name(conn: &mut PgConnection, account: Uuid) -> sqlx::Result<String> {
    sqlx::query_scalar!(
        r#"SELECT CASE WHEN coalesce(p.display_name, '') IN ('', a.handle) THEN '@' || a.handle
                       ELSE p.display_name || ' (@' || a.handle || ')' END AS "name!"
           FROM accounts a LEFT JOIN profiles p ON p.account_id = a.id WHERE a.id = $1"#,
        account
    )
    .fetch_one(conn)
    .await
}

/// An organization's name, for notices about it.
pub async fn organization_name(
    conn: &mut PgConnection,
    organization: Uuid,
) -> sqlx::Result<String> {
    sqlx::query_scalar!("SELECT name FROM organizations WHERE id = $1", organization)
        .fetch_one(conn)
        .await
}
