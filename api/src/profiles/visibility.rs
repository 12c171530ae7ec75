//! Who may see a profile item: everyone, members of an organization the owner belongs to, or
//! only the owner. The rule itself lives in SQL (`iktomi_visible`) so lists filter in the query.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    #[default]
    Public,
    Organizations,
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Public => "public",
            Self::Organizations => "organizations",
            Self::Private => "private",
        }
    }

    /// From the database's `visibility` enum; anything unknown is treated as the strictest.
    pub fn parse(text: &str) -> Self {
        match text {
            "public" => Self::Public,
            "organizations" => Self::Organizations,
            _ => Self::Private,
        }
    }
}
