//! The one statement a match sends to the database, each way. With the candidates the skill
//! index proposed, it reads in one snapshot what the index cannot hold: who may ask, the other
//! side's text relevance, verified skills and ratings, and the change rows that tell whether the
//! index was current. The verified-skill rule repeats `resumes::verified_skills` so it can run in
//! the same statement; the API tests on verified matches keep the two in step.
use std::collections::{HashMap, HashSet};

use sqlx::PgPool;
use uuid::Uuid;

/// The most change rows a statement reads; more means the index is behind anyway. The limit
/// also keeps the generic plan's estimate small: without it the planner prices a third of the
/// change log, keeps re-planning the statement for every request, and that alone costs more than
/// running it.
const CHANGES_READ: usize = 1000;

/// What the snapshot says about the index: the change rows from the watermark on.
pub struct Freshness {
    pub changed: Vec<i64>,
}

impl Freshness {
    /// All the change rows are in `changed`.
    pub fn complete(&self) -> bool {
        self.changed.len() < CHANGES_READ
    }
}

pub struct ResumeCandidate {
    pub id: Uuid,
    pub account_id: Uuid,
    pub handle: String,
    pub title: String,
    pub text_rank: f64,
    pub rating: Option<f64>,
}

pub struct ForVacancy {
    pub freshness: Freshness,
    /// `None` when there is no such vacancy.
    pub organization: Option<Uuid>,
    pub verified_employer: bool,
    /// The caller's accepted role in the organization.
    pub role: Option<String>,
    /// Strongest first, as the vacancy is shown.
    pub required: Vec<(String, i16)>,
    /// Those of the asked candidates the organization may see.
    pub candidates: Vec<ResumeCandidate>,
    pub verified: HashMap<Uuid, HashSet<String>>,
}

/// Reads everything `candidates` of `vacancy` need, and the role of `viewer`.
pub async fn for_vacancy(
    db: &PgPool,
    vacancy: Uuid,
    viewer: Option<Uuid>,
    candidates: &[Uuid],
    watermark: u64,
) -> anyhow::Result<ForVacancy> {
    let row = sqlx::query!(
        r#"WITH vacancy AS (
               SELECT v.organization_id, o.issuer_account IS NOT NULL AS verified_employer,
                      plainto_tsquery('simple', v.title || ' ' || v.description) AS query,
                      CASE WHEN m.accepted_at IS NOT NULL THEN m.role::text END AS role
               FROM vacancies v
               JOIN organizations o ON o.id = v.organization_id
               LEFT JOIN memberships m ON m.organization_id = o.id AND m.account_id = $2
               WHERE v.id = $1),
           candidate AS (
               SELECT r.id, r.account_id, a.handle, r.title,
                      ts_rank(r.search, vacancy.query)::float8 AS text_rank,
                      (SELECT g.rating FROM candidate_ratings g WHERE g.account_id = r.account_id) AS rating
               FROM vacancy, resumes r JOIN accounts a ON a.id = r.account_id
               WHERE r.id = ANY($3)
                 AND (r.visibility = 'public' OR (r.visibility = 'employers' AND vacancy.verified_employer))),
           verified AS (
               SELECT DISTINCT w.account_id, lower(substring(t.tag FROM 7)) AS skill
               FROM wallets w
               JOIN certificate_status c ON c.holder = w.address AND c.status = 'active'
               JOIN certificates p ON p.id = c.id AND p.placement = 'listed'
               JOIN certificate_documents d ON d.content_hash = c.content_hash
               CROSS JOIN LATERAL jsonb_array_elements_text(
                   coalesce(d.document #> '{credentialSubject,achievement,tag}', '[]'::jsonb)) AS t(tag)
               WHERE w.account_id IN (SELECT account_id FROM candidate) AND t.tag LIKE 'skill:%')
           SELECT ARRAY(SELECT c.seq FROM match_changes c WHERE c.xid >= $4::text::xid8
                        ORDER BY c.xid LIMIT 1000) AS "changed!",
                  (SELECT organization_id FROM vacancy) AS "organization?",
                  coalesce((SELECT verified_employer FROM vacancy), false) AS "verified_employer!",
                  (SELECT role FROM vacancy) AS "role?",
                  ARRAY(SELECT s.skill FROM vacancy_skills s WHERE s.vacancy_id = $1
                        ORDER BY s.level DESC, s.skill) AS "skills!",
                  ARRAY(SELECT s.level FROM vacancy_skills s WHERE s.vacancy_id = $1
                        ORDER BY s.level DESC, s.skill) AS "levels!",
                  cs.ids AS "ids!", cs.accounts AS "accounts!", cs.handles AS "handles!",
                  cs.titles AS "titles!", cs.text_ranks AS "text_ranks!",
                  cs.ratings AS "ratings!: Vec<Option<f64>>",
                  vs.accounts AS "verified_accounts!", vs.skills AS "verified_skills!"
           FROM (SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(account_id), '{}') AS accounts,
                        coalesce(array_agg(handle), '{}') AS handles, coalesce(array_agg(title), '{}') AS titles,
                        coalesce(array_agg(text_rank), '{}') AS text_ranks,
                        coalesce(array_agg(rating), '{}') AS ratings
                 FROM candidate) cs,
                (SELECT coalesce(array_agg(account_id), '{}') AS accounts,
                        coalesce(array_agg(skill), '{}') AS skills
                 FROM verified) vs"#,
        vacancy,
        viewer,
        candidates,
        watermark.to_string()
    )
    .fetch_one(db)
    .await?;
    let candidates = row
        .ids
        .into_iter()
        .zip(row.accounts)
        .zip(row.handles)
        .zip(row.titles)
        .zip(row.text_ranks)
        .zip(row.ratings)
        .map(
            |(((((id, account_id), handle), title), text_rank), rating)| ResumeCandidate {
                id,
                account_id,
                handle,
                title,
                text_rank,
                rating,
            },
        )
        .collect();
    let mut verified: HashMap<Uuid, HashSet<String>> = HashMap::new();
    for (account, skill) in row.verified_accounts.into_iter().zip(row.verified_skills) {
        verified.entry(account).or_default().insert(skill);
    }
    Ok(ForVacancy {
        freshness: Freshness {
            changed: row.changed,
        },
        organization: row.organization,
        verified_employer: row.verified_employer,
        role: row.role,
        required: row.skills.into_iter().zip(row.levels).collect(),
        candidates,
        verified,
    })
}

pub struct VacancyCandidate {
    pub id: Uuid,
    pub organization_name: String,
    pub title: String,
    pub text_rank: f64,
    pub rating: Option<f64>,
}

pub struct ForResume {
    pub freshness: Freshness,
    /// The resume is `owner`'s.
    pub found: bool,
    pub has: Vec<(String, i16)>,
    /// The owner's verified skills.
    pub verified: HashSet<String>,
    /// Those of the asked candidates still open.
    pub candidates: Vec<VacancyCandidate>,
}

/// Reads everything `candidates` need for the resume `resume` of `owner`.
pub async fn for_resume(
    db: &PgPool,
    resume: Uuid,
    owner: Uuid,
    candidates: &[Uuid],
    watermark: u64,
) -> anyhow::Result<ForResume> {
    let row = sqlx::query!(
        r#"WITH resume AS (
               SELECT plainto_tsquery('simple', r.title || ' ' || r.summary) AS query FROM resumes r
               WHERE r.id = $1 AND r.account_id = $2),
           candidate AS (
               SELECT v.id, o.name AS organization_name, v.title,
                      ts_rank(v.search, resume.query)::float8 AS text_rank,
                      g.rating
               FROM resume, vacancies v
               JOIN organizations o ON o.id = v.organization_id
               LEFT JOIN organization_ratings g ON g.organization_id = v.organization_id
               WHERE v.id = ANY($3) AND v.status = 'open')
           SELECT ARRAY(SELECT c.seq FROM match_changes c WHERE c.xid >= $4::text::xid8
                        ORDER BY c.xid LIMIT 1000) AS "changed!",
                  EXISTS (SELECT FROM resume) AS "found!",
                  ARRAY(SELECT s.skill FROM resume_skills s WHERE s.resume_id = $1 ORDER BY s.skill) AS "skills!",
                  ARRAY(SELECT s.level FROM resume_skills s WHERE s.resume_id = $1 ORDER BY s.skill) AS "levels!",
                  ARRAY(SELECT DISTINCT lower(substring(t.tag FROM 7))
                        FROM wallets w
                        JOIN certificate_status c ON c.holder = w.address AND c.status = 'active'
                        JOIN certificates p ON p.id = c.id AND p.placement = 'listed'
                        JOIN certificate_documents d ON d.content_hash = c.content_hash
                        CROSS JOIN LATERAL jsonb_array_elements_text(
                            coalesce(d.document #> '{credentialSubject,achievement,tag}', '[]'::jsonb)) AS t(tag)
                        WHERE w.account_id = $2 AND t.tag LIKE 'skill:%') AS "verified!",
                  cs.ids AS "ids!", cs.names AS "names!", cs.titles AS "titles!",
                  cs.text_ranks AS "text_ranks!", cs.ratings AS "ratings!: Vec<Option<f64>>"
           FROM (SELECT coalesce(array_agg(id), '{}') AS ids, coalesce(array_agg(organization_name), '{}') AS names,
                        coalesce(array_agg(title), '{}') AS titles,
                        coalesce(array_agg(text_rank), '{}') AS text_ranks,
                        coalesce(array_agg(rating), '{}') AS ratings
                 FROM candidate) cs"#,
        resume,
        owner,
        candidates,
        watermark.to_string()
    )
    .fetch_one(db)
    .await?;
    let candidates = row
        .ids
        .into_iter()
        .zip(row.names)
        .zip(row.titles)
        .zip(row.text_ranks)
        .zip(row.ratings)
        .map(
            |((((id, organization_name), title), text_rank), rating)| VacancyCandidate {
                id,
                organization_name,
                title,
                text_rank,
                rating,
            },
        )
        .collect();
    Ok(ForResume {
        freshness: Freshness {
            changed: row.changed,
        },
        found: row.found,
        has: row.skills.into_iter().zip(row.levels).collect(),
        verified: row.verified.into_iter().collect(),
        candidates,
    })
}
