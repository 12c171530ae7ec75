//! A response to a resume as written and as read.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiResult, Checks};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewResponse {
    pub resume_id: Uuid,
    /// One of the organization's open vacancies the message is about.
    pub vacancy_id: Option<Uuid>,
    #[schema(pattern = r"\S", max_length = 4000)]
    pub message: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResumeResponse {
    pub id: Uuid,
    pub resume_id: Uuid,
    pub candidate: String,
    pub vacancy_id: Option<Uuid>,
    pub author: String,
    pub message: String,
    pub created_at: DateTime<Utc>,
}

impl NewResponse {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(&self.message, "message", 1, 4000);
        c.finish()
    }
}
