//! A pool entry as kept and as read.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiResult, Checks};

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Keep {
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PoolEntry {
    pub resume_id: Uuid,
    pub owner: String,
    pub title: String,
    pub note: String,
    pub added_at: DateTime<Utc>,
}

impl Keep {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.text(&self.note, "note", 0, 2000);
        c.finish()
    }
}
