//! The skill-gap roadmap: from what a resume has to what a vacancy requires, the steps to take —
//! required skills missing or below the level, and the prerequisites they build on (from the skill
//! graph shipped in `api/data/skill-graph.json`) that the candidate does not yet have — ordered so
//! every prerequisite comes before what needs it; among steps free to go next, the larger gap
//! first, then by name, so the same inputs always give the same roadmap.
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[schema(as = StepReason)]
pub enum Reason {
    /// Required and not on the resume.
    Missing,
    /// Required at a higher level than the resume's.
    Weak,
    /// Not required, but a required skill builds on it.
    Prerequisite,
    /// Added by the candidate.
    Added,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Missing => "missing",
            Reason::Weak => "weak",
            Reason::Prerequisite => "prerequisite",
            Reason::Added => "added",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "missing" => Reason::Missing,
            "weak" => Reason::Weak,
            "prerequisite" => Reason::Prerequisite,
            _ => Reason::Added,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub skill: String,
    pub target_level: i16,
    pub current_level: i16,
    pub reason: Reason,
    /// The required skills this step leads to.
    pub unlocks: BTreeSet<String>,
}

#[derive(Deserialize)]
struct GraphFile {
    skills: Vec<GraphSkill>,
}

#[derive(Deserialize)]
struct GraphSkill {
    name: String,
    requires: Vec<Requirement>,
}

#[derive(Deserialize)]
struct Requirement {
    skill: String,
    level: i16,
}

/// Skill → its prerequisites with the level each needs.
pub struct SkillGraph {
    requires: HashMap<String, Vec<(String, i16)>>,
}

static GRAPH: LazyLock<SkillGraph> = LazyLock::new(|| {
    SkillGraph::parse(include_str!("../../../data/skill-graph.json"))
        .expect("api/data/skill-graph.json is checked by a unit test")
});

impl SkillGraph {
    pub fn shipped() -> &'static SkillGraph {
        &GRAPH
    }

    pub fn parse(json: &str) -> Result<Self, serde_json::Error> {
        let file: GraphFile = serde_json::from_str(json)?;
        Ok(Self {
            requires: file
                .skills
                .into_iter()
                .map(|s| {
                    let reqs = s.requires.into_iter().map(|r| (r.skill, r.level)).collect();
                    (s.name, reqs)
                })
                .collect(),
        })
    }

    fn prerequisites(&self, skill: &str) -> &[(String, i16)] {
        self.requires.get(skill).map(Vec::as_slice).unwrap_or(&[])
    }

    /// A skill that (transitively) requires itself, if any.
    pub fn cycle(&self) -> Option<String> {
        fn visit<'a>(
            g: &'a SkillGraph,
            skill: &'a str,
            path: &mut Vec<&'a str>,
            done: &mut BTreeSet<&'a str>,
        ) -> Option<String> {
            if path.contains(&skill) {
                return Some(skill.to_owned());
            }
            if !done.insert(skill) {
                return None;
            }
            path.push(skill);
            for (p, _) in g.prerequisites(skill) {
                if let Some(c) = visit(g, p, path, done) {
                    return Some(c);
                }
            }
            path.pop();
            None
        }
        let mut done = BTreeSet::new();
        let mut names: Vec<&String> = self.requires.keys().collect();
        names.sort();
        names
            .into_iter()
            .find_map(|s| visit(self, s, &mut Vec::new(), &mut done))
    }

    /// Prerequisites named in the graph that it does not define.
    pub fn undefined(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .requires
            .values()
            .flatten()
            .filter(|(p, _)| !self.requires.contains_key(p))
            .map(|(p, _)| p.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

/// The roadmap from `has` to `required`.
pub fn plan(
    graph: &SkillGraph,
    required: &[(String, i16)],
    has: &HashMap<String, i16>,
) -> Vec<Step> {
    let level = |s: &str| has.get(s).copied().unwrap_or(0);
    let mut steps: BTreeMap<String, Step> = BTreeMap::new();
    for (skill, target) in required {
        let current = level(skill);
        if current >= *target {
            continue;
        }
        steps.insert(
            skill.clone(),
            Step {
                skill: skill.clone(),
                target_level: *target,
                current_level: current,
                reason: if current == 0 {
                    Reason::Missing
                } else {
                    Reason::Weak
                },
                unlocks: BTreeSet::new(),
            },
        );
    }
    let roots: Vec<String> = steps.keys().cloned().collect();
    for root in &roots {
        // Walk down from each gap; a prerequisite already met stops the walk there.
        let mut stack: Vec<&str> = vec![root];
        let mut seen = BTreeSet::new();
        while let Some(skill) = stack.pop() {
            if !seen.insert(skill.to_owned()) {
                continue;
            }
            for (p, need) in graph.prerequisites(skill) {
                if level(p) >= *need {
                    continue;
                }
                let step = steps.entry(p.clone()).or_insert_with(|| Step {
                    skill: p.clone(),
                    target_level: *need,
                    current_level: level(p),
                    reason: Reason::Prerequisite,
                    unlocks: BTreeSet::new(),
                });
                step.target_level = step.target_level.max(*need);
                if p != root {
                    step.unlocks.insert(root.clone());
                }
                stack.push(p);
            }
        }
    }
    order(graph, steps)
}

/// Kahn's algorithm over the prerequisite edges among the steps.
fn order(graph: &SkillGraph, mut steps: BTreeMap<String, Step>) -> Vec<Step> {
    let mut waiting: BTreeMap<String, usize> = steps
        .keys()
        .map(|s| {
            let n = graph
                .prerequisites(s)
                .iter()
                .filter(|(p, _)| steps.contains_key(p))
                .count();
            (s.clone(), n)
        })
        .collect();
    let mut out = Vec::with_capacity(steps.len());
    while !waiting.is_empty() {
        let next = waiting
            .iter()
            .filter(|(_, n)| **n == 0)
            .map(|(s, _)| s)
            .min_by_key(|s| {
                let st = &steps[*s];
                (-(st.target_level - st.current_level), (*s).clone())
            })
            // A cycle cannot happen with the checked graph; take the smallest name to finish.
            .or_else(|| waiting.keys().next())
            .cloned()
            .expect("waiting is not empty");
        waiting.remove(&next);
        for (s, n) in waiting.iter_mut() {
            if graph.prerequisites(s).iter().any(|(p, _)| *p == next) {
                *n = n.saturating_sub(1);
            }
        }
        out.push(steps.remove(&next).expect("a step per waiting skill"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph() -> SkillGraph {
        SkillGraph::parse(
            r#"{"skills": [
                {"name": "basics", "requires": []},
                {"name": "sql", "requires": [{"skill": "basics", "level": 1}]},
                {"name": "rust", "requires": [{"skill": "basics", "level": 3}]},
                {"name": "axum", "requires": [{"skill": "rust", "level": 3}, {"skill": "http", "level": 2}]},
                {"name": "http", "requires": []}
            ]}"#,
        )
        .expect("graph")
    }

    fn has(pairs: &[(&str, i16)]) -> HashMap<String, i16> {
        pairs.iter().map(|(s, l)| ((*s).to_owned(), *l)).collect()
    }

    fn names(steps: &[Step]) -> Vec<&str> {
        steps.iter().map(|s| s.skill.as_str()).collect()
    }

    #[test]
    fn the_shipped_graph_parses_is_acyclic_and_defines_every_prerequisite() {
        let g = SkillGraph::shipped();
        assert_eq!(g.cycle(), None);
        assert_eq!(g.undefined(), Vec::<String>::new());
        assert!(g.requires.len() >= 40);
    }

    #[test]
    fn prerequisites_come_first_and_met_ones_are_left_out() {
        let required = vec![("axum".to_owned(), 3), ("sql".to_owned(), 2)];
        let steps = plan(&graph(), &required, &has(&[("sql", 1), ("http", 2)]));
        assert_eq!(names(&steps), ["basics", "rust", "axum", "sql"]);
        assert_eq!(steps[0].reason, Reason::Prerequisite);
        assert_eq!(steps[0].target_level, 3, "the highest level any step needs");
        assert_eq!(
            steps[0].unlocks,
            BTreeSet::from(["axum".to_owned(), "sql".to_owned()])
        );
        assert_eq!(steps[2].reason, Reason::Missing);
        assert_eq!((steps[3].reason, steps[3].current_level), (Reason::Weak, 1));
    }

    #[test]
    fn nothing_to_do_when_every_requirement_is_met_and_cycles_are_found() {
        let required = vec![("rust".to_owned(), 2)];
        assert!(plan(&graph(), &required, &has(&[("rust", 4)])).is_empty());
        let cyclic = SkillGraph::parse(
            r#"{"skills": [{"name": "a", "requires": [{"skill": "b", "level": 1}]},
                           {"name": "b", "requires": [{"skill": "a", "level": 1}]}]}"#,
        )
        .expect("graph");
        assert!(cyclic.cycle().is_some());
    }
}
