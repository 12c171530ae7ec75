//! What an organization states in a certificate: its kind and its document, checked before
//! anything is issued.
use chrono::{DateTime, Utc};
use iktomi_shared::Kind;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::error::{ApiResult, Checks};

/// Kinds an organization issues through the API (awards come from tenure programs).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    Diploma,
    Course,
    Employment,
    Achievement,
    Event,
    Recommendation,
    Badge,
}

impl CertificateKind {
    /// The kind of an issued record, when it is one the API issues.
    pub fn from_chain(kind: Kind) -> Option<Self> {
        Some(match kind {
            Kind::Diploma => Self::Diploma,
            Kind::Course => Self::Course,
            Kind::Employment => Self::Employment,
            Kind::Achievement => Self::Achievement,
            Kind::Event => Self::Event,
            Kind::Recommendation => Self::Recommendation,
            Kind::Badge => Self::Badge,
            Kind::Award | Kind::Other(_) => return None,
        })
    }

    pub fn chain(self) -> Kind {
        match self {
            Self::Diploma => Kind::Diploma,
            Self::Course => Kind::Course,
            Self::Employment => Kind::Employment,
            Self::Achievement => Kind::Achievement,
            Self::Event => Kind::Event,
            Self::Recommendation => Kind::Recommendation,
            Self::Badge => Kind::Badge,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Diploma => "diploma",
            Self::Course => "course",
            Self::Employment => "employment",
            Self::Achievement => "achievement",
            Self::Event => "event",
            Self::Recommendation => "recommendation",
            Self::Badge => "badge",
        }
    }
}

/// What the issuer states; becomes the Open Badges 3.0 credential.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = CertificateDocument)]
pub struct Document {
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    #[schema(max_length = 4000)]
    pub criteria: Option<String>,
    /// Links to evidence (a thesis, a project, a recording).
    #[serde(default)]
    pub evidence: Vec<String>,
    /// For employment: the position held.
    pub position: Option<String>,
    /// Skills the certificate attests; they mark the holder's resume skills verified.
    #[serde(default)]
    pub skills: Vec<String>,
    /// When it starts to hold; now when absent.
    pub valid_from: Option<DateTime<Utc>>,
    /// When it stops holding (on chain as the expiry).
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewCertificate {
    /// The holder's handle.
    pub holder: String,
    pub kind: CertificateKind,
    #[serde(flatten)]
    pub document: Document,
}

impl Document {
    pub fn check(&self, c: &mut Checks, employment: bool) {
        c.text(&self.title, "title", 1, 200);
        c.text(&self.description, "description", 0, 4000);
        if let Some(criteria) = &self.criteria {
            c.text(criteria, "criteria", 0, 4000);
        }
        c.check(self.evidence.len() <= 20, "evidence", "at most 20 links");
        for (i, url) in self.evidence.iter().enumerate() {
            let ok = url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "https" | "http"));
            c.check(
                ok && url.len() <= 500,
                format!("evidence[{i}]"),
                "must be an http(s) URL",
            );
        }
        c.check(self.skills.len() <= 20, "skills", "at most 20");
        for (i, skill) in self.skills.iter().enumerate() {
            c.text(skill.trim(), format!("skills[{i}]"), 1, 50);
        }
        match &self.position {
            Some(p) => c.text(p, "position", 1, 200),
            None => c.check(!employment, "position", "is required for employment"),
        }
        if let Some(expires) = self.expires_at {
            c.check(expires > Utc::now(), "expires_at", "must lie in the future");
        }
    }
}

impl NewCertificate {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        self.document
            .check(&mut c, self.kind == CertificateKind::Employment);
        c.finish()
    }
}
