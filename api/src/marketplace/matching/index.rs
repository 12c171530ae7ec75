//! The in-memory skill index behind matching: for each skill, the resumes and the open vacancies
//! that list it with their levels (posting lists). Candidate generation walks only the postings of
//! the skills asked for and keeps the best by declared fit — the same order the SQL it replaces
//! used (`sum(least(has, required))`, then the id), so results do not change, only their cost.
//! Private resumes and closed vacancies are not in it. Kept current by `matching::sync`.
use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashMap;

use uuid::Uuid;

use crate::marketplace::matching::best::{Best, Descending};

/// Who may see a resume in matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    Public,
    /// Only verified employers.
    Employers,
}

thread_local! {
    /// Per slot, the reach summed so far in a walk; all zero between walks. Reused because
    /// zeroing a fresh one per query costs as much as the walk at a million entries.
    static REACH: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

#[derive(Default)]
struct Side {
    ids: Vec<Uuid>,
    slot_of: HashMap<Uuid, u32>,
    /// Per slot: its skills (to remove its postings) and the sum of their levels.
    skills: Vec<Vec<(u32, i16)>>,
    total: Vec<u32>,
    audience: Vec<Audience>,
    /// Per slot: the vacancy's organization (nil for resumes).
    owner: Vec<Uuid>,
    free: Vec<u32>,
    /// Per skill: (slot, level), in slot order as built, so a walk reads the sums mostly forward.
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
        self.owner[slot as usize] = Uuid::nil();
        self.free.push(slot);
    }

    fn put(&mut self, id: Uuid, audience: Audience, owner: Uuid, skills: Vec<(u32, i16)>) {
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
                self.owner.push(Uuid::nil());
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
        self.owner[i] = owner;
        self.skills[i] = skills;
        self.slot_of.insert(id, slot);
    }

    /// Calls `visit(slot, reach)` for each slot that has any asked skill, where reach is
    /// `sum(min(level, wanted))` over the asked skills.
    fn walk(&self, asked: &[(u32, i16)], mut visit: impl FnMut(u32, u32)) {
        let lists: Vec<(i16, &[(u32, i16)])> = asked
            .iter()
            .filter_map(|(skill, wanted)| {
                Some((*wanted, self.postings.get(*skill as usize)?.as_slice()))
            })
            .collect();
        let walked: usize = lists.iter().map(|(_, l)| l.len()).sum();
        let slots = self.ids.len();
        REACH.with_borrow_mut(|acc| {
            if acc.len() < slots {
                acc.resize(slots, 0);
            }
            // Few postings: remember the touched slots; many: one pass over all sums is cheaper
            // than a push per slot.
            let sparse = walked * 4 < slots;
            let mut touched = Vec::new();
            for (wanted, postings) in lists {
                for &(slot, level) in postings {
                    let a = &mut acc[slot as usize];
                    if sparse && *a == 0 {
                        touched.push(slot);
                    }
                    *a += level.min(wanted).max(0) as u32;
                }
            }
            if sparse {
                for slot in touched {
                    let a = std::mem::take(&mut acc[slot as usize]);
                    if a > 0 {
                        visit(slot, a);
                    }
                }
            } else {
                for (slot, a) in acc[..slots].iter_mut().enumerate() {
                    if *a > 0 {
                        visit(slot as u32, std::mem::take(a));
                    }
                }
            }
        });
    }
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
                self.resumes.put(id, audience, Uuid::nil(), skills);
            }
            None => self.resumes.remove(id),
        }
    }

    /// A vacancy as it now is, open in `organization`; `None` (closed or deleted) takes it out.
    pub fn put_vacancy(&mut self, id: Uuid, organization: Option<Uuid>, skills: &[(String, i16)]) {
        match organization {
            Some(organization) => {
                let skills = self.intern(skills);
                self.vacancies
                    .put(id, Audience::Public, organization, skills);
            }
            None => self.vacancies.remove(id),
        }
    }

    /// The organization of an indexed open vacancy.
    pub fn vacancy_organization(&self, id: Uuid) -> Option<Uuid> {
        let slot = *self.vacancies.slot_of.get(&id)?;
        Some(self.vacancies.owner[slot as usize])
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

    /// The interned id of each named skill (`None`: nothing indexed has it).
    pub fn skill_ids<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> Vec<Option<u32>> {
        names
            .into_iter()
            .map(|name| self.skill_ids.get(name).copied())
            .collect()
    }

    pub fn skill_name(&self, id: u32) -> &str {
        &self.skill_names[id as usize]
    }

    /// An indexed resume's skills by interned id, for scoring many without naming them.
    pub fn resume_levels(&self, id: Uuid) -> Option<&[(u32, i16)]> {
        let slot = *self.resumes.slot_of.get(&id)?;
        Some(&self.resumes.skills[slot as usize])
    }

    /// An indexed open vacancy's required skills by interned id, in the order `vacancy_skills`
    /// names them.
    pub fn vacancy_levels(&self, id: Uuid) -> Option<&[(u32, i16)]> {
        let slot = *self.vacancies.slot_of.get(&id)?;
        Some(&self.vacancies.skills[slot as usize])
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
        let mut best = Best::new(limit);
        side.walk(&self.known(required), |slot, reach| {
            if verified_employer || side.audience[slot as usize] == Audience::Public {
                best.offer(Reverse(reach), || side.ids[slot as usize]);
            }
        });
        best.into_ids()
    }

    /// The `limit` open vacancies a resume with `has` reaches best, relative to all they
    /// require: by reach / required levels, then id.
    pub fn vacancies_for(&self, has: &[(String, i16)], limit: usize) -> Vec<Uuid> {
        let side = &self.vacancies;
        let mut best = Best::new(limit);
        side.walk(&self.known(has), |slot, reach| {
            let share = f64::from(reach) / f64::from(side.total[slot as usize].max(1));
            best.offer(Descending(share), || side.ids[slot as usize]);
        });
        best.into_ids()
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

        index.put_vacancy(id(7), Some(id(70)), &skills(&[("sql", 2), ("rust", 2)]));
        index.put_vacancy(id(8), Some(id(70)), &skills(&[("sql", 1)]));
        assert_eq!(
            index.vacancies_for(&skills(&[("sql", 1)]), 10),
            [id(8), id(7)]
        );
        index.put_vacancy(id(8), None, &[]);
        assert_eq!(index.vacancy_organization(id(7)), Some(id(70)));
        assert_eq!(index.vacancy_organization(id(8)), None);
        assert_eq!(index.vacancies_for(&skills(&[("sql", 1)]), 10), [id(7)]);
    }

    /// A deterministic spread of resumes and vacancies: skill `k` is common for small `k`.
    fn spread(n: u128) -> MatchIndex {
        let mut index = MatchIndex::default();
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        for i in 1..=n {
            let count = 1 + next(6);
            let owned: Vec<(String, i16)> = (0..count)
                .map(|_| {
                    let spread = 1 + next(40);
                    (format!("s{}", next(spread)), 1 + next(5) as i16)
                })
                .collect::<HashMap<_, _>>()
                .into_iter()
                .collect();
            let audience = if next(3) == 0 {
                Audience::Public
            } else {
                Audience::Employers
            };
            index.put_resume(id(i), Some(audience), &owned);
            index.put_vacancy(id(n + i), Some(id(0)), &owned);
        }
        index
    }

    #[test]
    fn the_walk_ranks_as_sorting_every_reach_would_for_rare_and_common_skills() {
        let index = spread(3000);
        for asked in [
            skills(&[("s39", 3)]),
            skills(&[("s0", 5), ("s1", 2)]),
            skills(&[("s0", 3), ("s2", 4), ("s7", 1), ("s30", 5)]),
        ] {
            let asked_ids = index.known(&asked);
            for verified in [true, false] {
                let side = &index.resumes;
                let mut all: Vec<(Reverse<u32>, Uuid)> = (0..side.ids.len())
                    .filter(|s| verified || side.audience[*s] == Audience::Public)
                    .filter_map(|s| {
                        let reach: u32 = asked_ids
                            .iter()
                            .filter_map(|(k, w)| {
                                let l = side.skills[s].iter().find(|(o, _)| o == k)?.1;
                                Some(l.min(*w) as u32)
                            })
                            .sum();
                        (reach > 0).then_some((Reverse(reach), side.ids[s]))
                    })
                    .collect();
                all.sort();
                let want: Vec<Uuid> = all.iter().take(25).map(|(_, id)| *id).collect();
                assert_eq!(index.resumes_for(&asked, verified, 25), want);
            }
            let side = &index.vacancies;
            let mut all: Vec<(Descending, Uuid)> = (0..side.ids.len())
                .filter_map(|s| {
                    let reach: u32 = asked_ids
                        .iter()
                        .filter_map(|(k, w)| {
                            let l = side.skills[s].iter().find(|(o, _)| o == k)?.1;
                            Some(l.min(*w) as u32)
                        })
                        .sum();
                    let share = f64::from(reach) / f64::from(side.total[s].max(1));
                    (reach > 0).then_some((Descending(share), side.ids[s]))
                })
                .collect();
            all.sort();
            let want: Vec<Uuid> = all.iter().take(25).map(|(_, id)| *id).collect();
            assert_eq!(index.vacancies_for(&asked, 25), want);
        }
    }
}
