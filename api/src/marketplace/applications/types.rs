//! An application as sent and as read with its history, and a move along the flow.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiResult, Checks};
use crate::marketplace::application_flow::Status;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewApplication {
    pub resume_id: Uuid,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub cover: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Move {
    pub status: Status,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Event {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub from: Option<Status>,
    pub to: Status,
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Application {
    pub id: Uuid,
    pub vacancy_id: Uuid,
    pub vacancy_title: String,
    pub organization_id: Uuid,
    pub resume_id: Uuid,
    pub candidate: String,
    pub cover: String,
    pub status: Status,
    pub history: Vec<Event>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl NewApplication {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(&self.cover, "cover", 0, 4000);
        c.finish()
    }
}

impl Move {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(&self.note, "note", 0, 1000);
        c.finish()
    }
}
