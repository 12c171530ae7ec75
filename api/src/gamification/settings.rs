//! The configured side of gamification: what each action earns, the limits on earning, and the
//! level thresholds of organizations that set none.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct GamificationSettings {
    pub certificate_points: i32,
    pub endorsement_points: i32,
    pub tenure_year_points: i32,
    /// The same action about the same thing earns again only after this long.
    pub cooldown_secs: i64,
    /// More actions than this within a minute earn nothing.
    pub max_actions_per_minute: i64,
    /// Points for levels 2, 3, ... where an organization set none.
    pub default_thresholds: Vec<i32>,
}

impl Default for GamificationSettings {
    fn default() -> Self {
        Self {
            certificate_points: 50,
            endorsement_points: 10,
            tenure_year_points: 200,
            cooldown_secs: 24 * 3600,
            max_actions_per_minute: 10,
            default_thresholds: vec![100, 250, 500, 1000, 2000],
        }
    }
}
