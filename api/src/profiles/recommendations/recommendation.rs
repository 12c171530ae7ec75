//! A recommendation or endorsement as the API shows it, with its author's verified employment.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "recommendation_kind", rename_all = "snake_case")]
pub enum RecommendationKind {
    /// A written recommendation.
    Recommendation,
    /// A confirmation of one skill.
    Endorsement,
}

impl RecommendationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Recommendation => "recommendation",
            Self::Endorsement => "endorsement",
        }
    }
}

/// An employment of the author's that the chain holds as active.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifiedEmployment {
    pub certificate_id: i64,
    pub organization_id: Option<Uuid>,
    pub organization_name: Option<String>,
    pub position: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Person {
    pub handle: String,
    pub display_name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Recommendation {
    pub id: Uuid,
    pub kind: RecommendationKind,
    pub skill: Option<String>,
    /// requested, written or declined.
    pub status: String,
    pub subject: Person,
    pub author: Person,
    pub note: Option<String>,
    pub text: Option<String>,
    /// The signed message (canonical JSON of the statement), the signer's address and signature.
    pub message: Option<String>,
    pub signer: Option<String>,
    pub signature: Option<String>,
    /// Whether the signature verifies now (null until written).
    pub signature_valid: Option<bool>,
    pub hidden: bool,
    pub certificate_id: Option<i64>,
    pub author_employment: Vec<VerifiedEmployment>,
    pub created_at: DateTime<Utc>,
    pub written_at: Option<DateTime<Utc>>,
}
