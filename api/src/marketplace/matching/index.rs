//! The in-memory skill index behind matching: for each skill, the resumes and the open vacancies
//! that list it with their levels (posting lists). Candidate generation walks only the postings of
//! the skills asked for and keeps the best by declared fit — the same order the SQL it replaces
//! used (`sum(least(has, required))`, then the id), so results do not change, only their cost.
//! Private resumes and closed vacancies are not in it. Kept current by `matching::sync`.
use std::collections::HashMap;

use uuid::Uuid;

/// Who may see a resume in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    /// Only verified employers.
    Employers,
}

#[derive(Default)]
struct Side {
    ids: Vec<Uuid>,
    slot_of: HashMap<Uuid, u32>,
    /// Per slot: its skills (to remove its postings) and the sum of their levels.
    skills: Vec<Vec<(u32, i16)>>,
    total: Vec<u32>,
    audience: Vec<Audience>,
    free: Vec<u32>,
    /// Per skill: (slot, level).
    postings: Vec<Vec<(u32, i16)>>,
}

impl Side {
    fn remove(&mut self, id: Uuid) {
        let Some(slot) = self.slot_of.remove(&id) else {
            return;
        };
        for (skill, _) in std::mem::take(&mut self.skills[slot as usize]) {
            self.postings[skill as usize].retain(|(s, _)| *s != slot);
        }
        self.total[slot as usize] = 0;
        self.ids[slot as usize] = Uuid::nil();
        self.free.push(slot);
    }

    fn put(&mut self, id: Uuid, audience: Audience, skills: Vec<(u32, i16)>) {
        self.remove(id);
        if skills.is_empty() {
            return;
        }
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.ids.push(Uuid::nil());
                self.skills.push(Vec::new());
                self.total.push(0);
                self.audience.push(Audience::Public);
                (self.ids.len() - 1) as u32
            }
        };
        let i = slot as usize;
        for &(skill, level) in &skills {
            if self.postings.len() <= skill as usize {
                self.postings.resize_with(skill as usize + 1, Vec::new);
            }
            self.postings[skill as usize].push((slot, level));
        }
        self.ids[i] = id;
        self.total[i] = skills.iter().map(|(_, l)| *l as u32).sum();
        self.audience[i] = audience;
        self.skills[i] = skills;
        self.slot_of.insert(id, slot);
    }

    /// Per touched slot, `sum(min(level, wanted))` over the asked skills.
    fn reach(&self, asked: &[(u32, i16)]) -> Vec<(u32, u32)> {
        let mut acc = vec![0u32; self.ids.len()];
        let mut touched = Vec::new();
        for &(skill, wanted) in asked {
            let Some(postings) = self.postings.get(skill as usize) else {
                continue;
            };
            for &(slot, level) in postings {
                let a = &mut acc[slot as usize];
                if *a == 0 {
                    touched.push(slot);
                }
                *a += level.min(wanted).max(0) as u32;
            }
        }
        touched.into_iter().map(|s| (s, acc[s as usize])).collect()
    }
}

/// Keeps the `limit` best of `items` by `better` (a total order), best first.
fn top<T>(
    mut items: Vec<T>,
    limit: usize,
    better: impl Fn(&T, &T) -> std::cmp::Ordering,
) -> Vec<T> {
    if items.len() > limit && limit > 0 {
        items.select_nth_unstable_by(limit - 1, &better);
        items.truncate(limit);
    }
    items.sort_by(better);
    items.truncate(limit);
    items
}

#[derive(Default)]
pub struct MatchIndex {
    skill_ids: HashMap<String, u32>,
    skill_names: Vec<String>,
    resumes: Side,
    vacancies: Side,
}

impl MatchIndex {
    fn intern(&mut self, skills: &[(String, i16)]) -> Vec<(u32, i16)> {
        skills
            .iter()
            .map(|(name, level)| {
                let id = match self.skill_ids.get(name) {
                    Some(id) => *id,
                    None => {
                        let id = self.skill_names.len() as u32;
                        self.skill_ids.insert(name.clone(), id);
                        self.skill_names.push(name.clone());
                        id
                    }
                };
                (id, *level)
            })
            .collect()
    }

    fn known(&self, skills: &[(String, i16)]) -> Vec<(u32, i16)> {
        skills
            .iter()
            .filter_map(|(name, level)| self.skill_ids.get(name).map(|id| (*id, *level)))
            .collect()
    }

    /// A resume as it now is; `None` (private or deleted) takes it out.
    pub fn put_resume(&mut self, id: Uuid, audience: Option<Audience>, skills: &[(String, i16)]) {
        match audience {
            Some(audience) => {
                let skills = self.intern(skills);
                self.resumes.put(id, audience, skills);
            }
            None => self.resumes.remove(id),
        }
    }

    /// A vacancy as it now is; `open == false` (closed or deleted) takes it out.
    pub fn put_vacancy(&mut self, id: Uuid, open: bool, skills: &[(String, i16)]) {
        if open {
            let skills = self.intern(skills);
            self.vacancies.put(id, Audience::Public, skills);
        } else {
            self.vacancies.remove(id);
        }
    }

    fn named(&self, side: &Side, id: Uuid) -> Option<Vec<(String, i16)>> {
        let slot = *side.slot_of.get(&id)?;
        Some(
            side.skills[slot as usize]
                .iter()
                .map(|(skill, level)| (self.skill_names[*skill as usize].clone(), *level))
                .collect(),
        )
    }

    /// An indexed resume's skills, so ranking need not read them again.
    pub fn resume_skills(&self, id: Uuid) -> Option<Vec<(String, i16)>> {
        self.named(&self.resumes, id)
    }

    /// An indexed open vacancy's required skills.
    pub fn vacancy_skills(&self, id: Uuid) -> Option<Vec<(String, i16)>> {
        self.named(&self.vacancies, id)
    }

    pub fn len(&self) -> (usize, usize) {
        (self.resumes.slot_of.len(), self.vacancies.slot_of.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0)
    }

    /// The `limit` resumes that best reach `required` (verified employers also see resumes shown
    /// to employers only): by declared reach, then id.
    pub fn resumes_for(
        &self,
        required: &[(String, i16)],
        verified_employer: bool,
        limit: usize,
    ) -> Vec<Uuid> {
        let side = &self.resumes;
        // Keys carry the id itself: ties (common, reach is a small integer) compare without a
        // lookup per comparison.
        let hits: Vec<(std::cmp::Reverse<u32>, Uuid)> = side
            .reach(&self.known(required))
            .into_iter()
            .filter(|(slot, _)| {
                verified_employer || side.audience[*slot as usize] == Audience::Public
            })
            .map(|(slot, reach)| (std::cmp::Reverse(reach), side.ids[slot as usize]))
            .collect();
        top(hits, limit, Ord::cmp)
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    }

    /// The `limit` open vacancies a resume with `has` reaches best, relative to all they
    /// require: by reach / required levels, then id.
    pub fn vacancies_for(&self, has: &[(String, i16)], limit: usize) -> Vec<Uuid> {
        let side = &self.vacancies;
        let hits: Vec<(f64, Uuid)> = side
            .reach(&self.known(has))
            .into_iter()
            .map(|(slot, reach)| {
                let share = f64::from(reach) / f64::from(side.total[slot as usize].max(1));
                (share, side.ids[slot as usize])
            })
            .collect();
        top(hits, limit, |a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)))
            .into_iter()
            .map(|(_, id)| id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skills(pairs: &[(&str, i16)]) -> Vec<(String, i16)> {
        pairs.iter().map(|(n, l)| ((*n).to_owned(), *l)).collect()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    #[test]
    fn resumes_rank_by_declared_reach_then_id_and_respect_the_audience() {
        let mut index = MatchIndex::default();
        index.put_resume(id(1), Some(Audience::Public), &skills(&[("rust", 2)]));
        index.put_resume(
            id(2),
            Some(Audience::Employers),
            &skills(&[("rust", 5), ("sql", 3)]),
        );
        index.put_resume(
            id(3),
            Some(Audience::Public),
            &skills(&[("rust", 4), ("sql", 1)]),
        );
        index.put_resume(id(4), Some(Audience::Public), &skills(&[("go", 5)]));
        index.put_resume(id(5), Some(Audience::Public), &skills(&[("rust", 2)]));
        let required = skills(&[("rust", 4), ("sql", 2)]);
        assert_eq!(
            index.resumes_for(&required, true, 10),
            [id(2), id(3), id(1), id(5)]
        );
        assert_eq!(index.resumes_for(&required, false, 2), [id(3), id(1)]);
        assert_eq!(
            index.resume_skills(id(3)),
            Some(skills(&[("rust", 4), ("sql", 1)]))
        );
        assert_eq!(index.resume_skills(id(9)), None);
        assert!(index
            .resumes_for(&skills(&[("cobol", 3)]), true, 10)
            .is_empty());
    }

    #[test]
    fn changes_replace_what_was_indexed_and_private_or_closed_leave() {
        let mut index = MatchIndex::default();
        index.put_resume(id(1), Some(Audience::Public), &skills(&[("rust", 5)]));
        index.put_resume(id(1), Some(Audience::Public), &skills(&[("sql", 5)]));
        assert!(index
            .resumes_for(&skills(&[("rust", 1)]), true, 10)
            .is_empty());
        assert_eq!(index.resumes_for(&skills(&[("sql", 1)]), true, 10), [id(1)]);
        index.put_resume(id(1), None, &[]);
        assert!(index
            .resumes_for(&skills(&[("sql", 1)]), true, 10)
            .is_empty());
        index.put_resume(id(2), Some(Audience::Public), &skills(&[("sql", 1)]));
        assert_eq!(index.len(), (1, 0), "the freed slot is reused");

        index.put_vacancy(id(7), true, &skills(&[("sql", 2), ("rust", 2)]));
        index.put_vacancy(id(8), true, &skills(&[("sql", 1)]));
        assert_eq!(
            index.vacancies_for(&skills(&[("sql", 1)]), 10),
            [id(8), id(7)]
        );
        index.put_vacancy(id(8), false, &[]);
        assert_eq!(index.vacancies_for(&skills(&[("sql", 1)]), 10), [id(7)]);
    }
}
