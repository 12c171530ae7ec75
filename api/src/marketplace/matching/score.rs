//! How well a resume fits a vacancy, with the reasons. Each required skill weighs its required
//! level; a skill counts by how much of that level the resume reaches, in full when a certificate
//! verifies it and at `DECLARED_WEIGHT` when it is only declared. Text relevance (PostgreSQL
//! full-text rank of one side's words in the other) adds a smaller share, and the reviews the
//! other side received after completed contracts the smallest (no reviews count as a middling 3 of
//! 5, so they neither help nor hurt). Scores are in [0, 1]; ties break on the id, so a ranking is
//! deterministic.
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

/// What a declared (unverified) skill counts for, relative to a verified one.
pub const DECLARED_WEIGHT: f64 = 0.7;
/// The share of the score that comes from skills; the rest from text relevance.
pub const SKILL_SHARE: f64 = 0.85;
/// The share of the final score that comes from the average review rating.
pub const REVIEW_SHARE: f64 = 0.1;
/// What no reviews count as.
pub const NEUTRAL_RATING: f64 = 3.0;

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct SkillReason {
    pub name: String,
    pub required: i16,
    /// The resume's level (0 when it lacks the skill).
    pub has: i16,
    pub verified: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Reasons {
    /// Required skills the resume reaches at the required level.
    pub matched: Vec<SkillReason>,
    /// Required skills it lacks or has below the required level.
    pub missing: Vec<SkillReason>,
    /// The part of the skill score that verified skills carry.
    pub verified_weight: f64,
    /// Skill fit in [0, 1].
    pub skill_score: f64,
    /// Text relevance in [0, 1).
    pub text_score: f64,
    /// The other side's average review rating (1–5) after completed contracts, when reviewed.
    pub review_score: Option<f64>,
}

/// Scores `has` against `required`; `text_rank` is PostgreSQL's `ts_rank` (≥ 0), `review` the
/// average rating the other side received.
pub fn score(
    required: &[(String, i16)],
    has: &HashMap<String, i16>,
    verified: &HashSet<String>,
    text_rank: f64,
    review: Option<f64>,
) -> (f64, Reasons) {
    let skills = Skills {
        has: |name: &String| has.get(name).copied().unwrap_or(0),
        verified: |name: &String| verified.contains(name),
        name: |name: &String| name.clone(),
    };
    score_by(required, &skills, text_rank, review, true)
}

/// How `score_by` reads a required skill `K`: the level the other side has (0 without it),
/// whether a certificate verifies it there, and its name for the reasons.
pub struct Skills<H, V, N> {
    pub has: H,
    pub verified: V,
    pub name: N,
}

/// `score` over skills named any way (interned ids while ranking many candidates). Without
/// `explain` the reasons list no skills: ranking scores every candidate but explains only those it
/// keeps. The figures are the same either way.
pub fn score_by<K, H, V, N>(
    required: &[(K, i16)],
    skills: &Skills<H, V, N>,
    text_rank: f64,
    review: Option<f64>,
    explain: bool,
) -> (f64, Reasons)
where
    H: Fn(&K) -> i16,
    V: Fn(&K) -> bool,
    N: Fn(&K) -> String,
{
    let total: f64 = required.iter().map(|(_, l)| f64::from(*l)).sum();
    let mut skill = 0.0;
    let mut verified_part = 0.0;
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for (name, level) in required {
        let got = (skills.has)(name);
        let is_verified = got > 0 && (skills.verified)(name);
        let reach = f64::from(got.min(*level)) / f64::from(*level);
        let part = f64::from(*level) * reach * if is_verified { 1.0 } else { DECLARED_WEIGHT };
        skill += part;
        if is_verified {
            verified_part += part;
        }
        if !explain {
            continue;
        }
        let reason = SkillReason {
            name: (skills.name)(name),
            required: *level,
            has: got,
            verified: is_verified,
        };
        if got >= *level {
            matched.push(reason);
        } else {
            missing.push(reason);
        }
    }
    let skill_score = if total > 0.0 { skill / total } else { 0.0 };
    let text_score = text_rank.max(0.0) / (1.0 + text_rank.max(0.0));
    let fit = if total > 0.0 {
        SKILL_SHARE * skill_score + (1.0 - SKILL_SHARE) * text_score
    } else {
        text_score
    };
    let rating = review.unwrap_or(NEUTRAL_RATING).clamp(1.0, 5.0);
    let score = (1.0 - REVIEW_SHARE) * fit + REVIEW_SHARE * (rating - 1.0) / 4.0;
    let reasons = Reasons {
        matched,
        missing,
        verified_weight: if skill > 0.0 {
            verified_part / skill
        } else {
            0.0
        },
        skill_score,
        text_score,
        review_score: review,
    };
    (score, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req() -> Vec<(String, i16)> {
        vec![("rust".into(), 4), ("sql".into(), 2)]
    }

    fn has(pairs: &[(&str, i16)]) -> HashMap<String, i16> {
        pairs.iter().map(|(n, l)| ((*n).to_owned(), *l)).collect()
    }

    #[test]
    fn a_full_verified_match_scores_the_skill_share_and_reasons_list_each_skill() {
        let verified: HashSet<String> = ["rust".into(), "sql".into()].into();
        let (s, r) = score(
            &req(),
            &has(&[("rust", 5), ("sql", 2)]),
            &verified,
            0.0,
            None,
        );
        let neutral = REVIEW_SHARE * (NEUTRAL_RATING - 1.0) / 4.0;
        assert!((s - ((1.0 - REVIEW_SHARE) * SKILL_SHARE + neutral)).abs() < 1e-9);
        assert_eq!(r.matched.len(), 2);
        assert!(r.missing.is_empty());
        assert!((r.verified_weight - 1.0).abs() < 1e-9);
    }

    #[test]
    fn verified_beats_declared_and_declared_beats_missing() {
        let both = has(&[("rust", 4), ("sql", 2)]);
        let none = HashSet::new();
        let rust: HashSet<String> = ["rust".into()].into();
        let (declared, _) = score(&req(), &both, &none, 0.0, None);
        let (verified, _) = score(&req(), &both, &rust, 0.0, None);
        let (partial, r) = score(&req(), &has(&[("rust", 2)]), &none, 0.0, None);
        assert!(verified > declared && declared > partial && partial > 0.0);
        assert_eq!(
            r.missing
                .iter()
                .map(|m| (m.name.as_str(), m.has))
                .collect::<Vec<_>>(),
            [("rust", 2), ("sql", 0)]
        );
    }

    #[test]
    fn good_reviews_lift_and_bad_ones_lower_but_never_beat_a_better_fit() {
        let both = has(&[("rust", 4), ("sql", 2)]);
        let none = HashSet::new();
        let (unreviewed, r) = score(&req(), &both, &none, 0.0, None);
        let (praised, p) = score(&req(), &both, &none, 0.0, Some(5.0));
        let (panned, _) = score(&req(), &both, &none, 0.0, Some(1.0));
        assert!(praised > unreviewed && unreviewed > panned);
        assert_eq!((r.review_score, p.review_score), (None, Some(5.0)));
        let (weaker_but_praised, _) = score(&req(), &has(&[("rust", 1)]), &none, 0.0, Some(5.0));
        assert!(weaker_but_praised < unreviewed);
    }

    #[test]
    fn text_relevance_only_breaks_what_skills_leave_open() {
        let both = has(&[("rust", 4), ("sql", 2)]);
        let (quiet, _) = score(&req(), &both, &HashSet::new(), 0.0, None);
        let (relevant, r) = score(&req(), &both, &HashSet::new(), 0.5, None);
        assert!(relevant > quiet && relevant - quiet <= 1.0 - SKILL_SHARE);
        assert!((0.0..=1.0).contains(&relevant));
        assert!(r.text_score > 0.0 && r.text_score < 1.0);
    }
}
