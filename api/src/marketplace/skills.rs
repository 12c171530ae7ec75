//! Skills at a level, as vacancies require them and resumes declare them. Names are compared
//! case-insensitively, so they are stored trimmed and lower-case.
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::error::Checks;

pub const MAX_SKILLS: usize = 30;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
pub struct SkillLevel {
    /// Compared case-insensitively: a name is listed once.
    #[schema(pattern = r"\S", max_length = 50)]
    pub name: String,
    /// 1 (basic) to 5 (expert).
    #[schema(minimum = 1, maximum = 5)]
    pub level: i16,
}

/// The skills normalized, after checking them into `c` under `field`.
pub fn check(c: &mut Checks, field: &str, skills: &[SkillLevel]) -> Vec<SkillLevel> {
    c.check(
        skills.len() <= MAX_SKILLS,
        field,
        format!("at most {MAX_SKILLS}"),
    );
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(skills.len());
    for (i, s) in skills.iter().enumerate() {
        let name = s.name.trim().to_lowercase();
        c.text(&name, format!("{field}[{i}].name"), 1, 50);
        c.check(
            (1..=5).contains(&s.level),
            format!("{field}[{i}].level"),
            "must be 1 to 5",
        );
        c.check(
            seen.insert(name.clone()),
            format!("{field}[{i}].name"),
            "is listed twice",
        );
        out.push(SkillLevel {
            name,
            level: s.level,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalized_and_repeats_refused() {
        let mut c = Checks::default();
        let skills = check(
            &mut c,
            "skills",
            &[SkillLevel {
                name: " Rust ".into(),
                level: 4,
            }],
        );
        assert!(c.finish().is_ok());
        assert_eq!(skills[0].name, "rust");

        let mut c = Checks::default();
        check(
            &mut c,
            "skills",
            &[
                SkillLevel {
                    name: "Rust".into(),
                    level: 4,
                },
                SkillLevel {
                    name: "rust".into(),
                    level: 9,
                },
            ],
        );
        assert!(c.finish().is_err());
    }
}
