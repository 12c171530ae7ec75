//! A kept roadmap and its steps as read, and the candidate's changes to it.
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::roadmaps::plan::Reason;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewRoadmap {
    pub resume_id: Uuid,
    pub vacancy_id: Uuid,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RoadmapStep {
    pub skill: String,
    pub target_level: i16,
    /// The resume's level (0 = none).
    pub current_level: i16,
    pub reason: Reason,
    /// The vacancy's skills this step leads to.
    pub unlocks: Vec<String>,
    pub known: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Roadmap {
    pub id: Uuid,
    pub resume_id: Uuid,
    pub vacancy_id: Uuid,
    pub vacancy_title: String,
    /// In the candidate's order: the computed one until they reorder.
    pub steps: Vec<RoadmapStep>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Order {
    /// Every step's skill, once, in the new order.
    pub skills: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Mark {
    pub known: bool,
}

impl Order {
    /// Refuses an order that does not name every step of `current` exactly once.
    pub fn check(&self, current: &Roadmap) -> ApiResult<()> {
        let have: HashSet<&str> = current.steps.iter().map(|s| s.skill.as_str()).collect();
        let given: HashSet<&str> = self.skills.iter().map(String::as_str).collect();
        if given != have || self.skills.len() != have.len() {
            return Err(ApiError::invalid(
                "skills",
                "must name every step of the roadmap exactly once",
            ));
        }
        Ok(())
    }
}
