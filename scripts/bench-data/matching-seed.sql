-- Synthetic marketplace for scripts/bench-matching: :n open vacancies and :n resumes (psql -v n=...,
-- 100,000 by default) over a vocabulary of 300 skills (a few popular, most rare: skill i is drawn
-- with weight ~1/i), 3-8 skills each at levels 1-5, one verified employer with a manager whose
-- session token is `bench-matching` (only its SHA-256 is stored, as for real sessions).
\if :{?n}
\else
\set n 100000
\endif
-- Triggers off (foreign keys and the match change log): the rows are consistent by construction,
-- the API builds its index from the tables, and a million rows seed in minutes, not an hour.
SET session_replication_role = replica;
BEGIN;
SELECT setseed(0.42);
INSERT INTO accounts (id, handle) VALUES ('00000000-0000-0000-0000-000000000001', 'bench_hr');
INSERT INTO organizations (id, name, kind, created_by, issuer_account)
VALUES ('00000000-0000-0000-0000-00000000000a', 'Bench Employer', 'employer',
        '00000000-0000-0000-0000-000000000001', decode(repeat('ab', 32), 'hex'));
INSERT INTO memberships (organization_id, account_id, role, accepted_at)
VALUES ('00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001', 'admin', now());
INSERT INTO sessions (token_hash, account_id, method, expires_at)
VALUES (sha256('bench-matching'::bytea), '00000000-0000-0000-0000-000000000001', 'wallet',
        now() + interval '1 day');

-- Zipf-like skill draw: floor(300^u) for uniform u gives P(i) ~ 1/i.
CREATE TEMP TABLE draws AS
SELECT g AS owner, least(300, floor(power(300, random()))::int) AS skill, 1 + floor(random() * 5)::int AS level
FROM generate_series(1, :n) g, generate_series(1, 3 + floor(random() * 6)::int) k;

INSERT INTO vacancies (id, organization_id, created_by, title, description, kind, format)
SELECT ('00000000-0000-0000-0002-' || lpad(to_hex(g), 12, '0'))::uuid,
       '00000000-0000-0000-0000-00000000000a', '00000000-0000-0000-0000-000000000001',
       'Engineer ' || g, 'Build things with skill' || (g % 300), 'job', 'remote'
FROM generate_series(1, :n) g;
INSERT INTO vacancy_skills (vacancy_id, skill, level)
SELECT DISTINCT ON (owner, skill) ('00000000-0000-0000-0002-' || lpad(to_hex(owner), 12, '0'))::uuid,
       'skill' || skill, level
FROM draws ORDER BY owner, skill;

INSERT INTO accounts (id, handle)
SELECT ('00000000-0000-0000-0001-' || lpad(to_hex(g), 12, '0'))::uuid, 'cand' || g
FROM generate_series(1, :n) g;
INSERT INTO resumes (id, account_id, title, summary, visibility)
SELECT ('00000000-0000-0000-0003-' || lpad(to_hex(g), 12, '0'))::uuid,
       ('00000000-0000-0000-0001-' || lpad(to_hex(g), 12, '0'))::uuid,
       'Engineer', 'Knows skill' || (g % 300), 'employers'
FROM generate_series(1, :n) g;
-- Resumes draw their own skills (the same distribution, shifted owners).
INSERT INTO resume_skills (resume_id, skill, level)
SELECT DISTINCT ON (owner, skill) ('00000000-0000-0000-0003-' || lpad(to_hex(1 + (owner + :n / 2) % :n), 12, '0'))::uuid,
       'skill' || skill, 6 - level
FROM draws ORDER BY owner, skill;
COMMIT;
ANALYZE;

-- Every candidate can ask for their own matches: session token `cand<g>`.
INSERT INTO sessions (token_hash, account_id, method, expires_at)
SELECT sha256(('cand' || g)::bytea), ('00000000-0000-0000-0001-' || lpad(to_hex(g), 12, '0'))::uuid,
       'wallet', now() + interval '1 day'
FROM generate_series(1, :n) g;
