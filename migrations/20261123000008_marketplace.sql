-- The talent marketplace: organizations' vacancies and people's resumes, each with skills at
-- levels 1-5 (skill names are stored lower-case so they match across both sides).
CREATE TYPE vacancy_kind AS ENUM ('job', 'gig');
CREATE TYPE work_format AS ENUM ('office', 'remote', 'hybrid');
CREATE TYPE vacancy_status AS ENUM ('open', 'closed');
CREATE TYPE resume_visibility AS ENUM ('public', 'employers', 'private');

CREATE TABLE vacancies (
    id              uuid PRIMARY KEY,
    organization_id uuid           NOT NULL REFERENCES organizations ON DELETE CASCADE,
    created_by      uuid           NOT NULL REFERENCES accounts,
    title           text           NOT NULL,
    description     text           NOT NULL,
    kind            vacancy_kind   NOT NULL,
    format          work_format    NOT NULL,
    location        text,
    salary_min      bigint CHECK (salary_min >= 0),
    salary_max      bigint CHECK (salary_max >= 0),
    currency        text CHECK (currency ~ '^[A-Z]{3}$'),
    tags            text[]         NOT NULL DEFAULT '{}',
    status          vacancy_status NOT NULL DEFAULT 'open',
    created_at      timestamptz    NOT NULL DEFAULT now(),
    updated_at      timestamptz    NOT NULL DEFAULT now(),
    search          tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', title || ' ' || description || ' ' || coalesce(location, ''))
    ) STORED,
    CHECK (salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max),
    CHECK ((salary_min IS NULL AND salary_max IS NULL) OR currency IS NOT NULL)
);
CREATE INDEX vacancies_open ON vacancies (created_at DESC, id DESC) WHERE status = 'open';
CREATE INDEX vacancies_organization ON vacancies (organization_id, created_at DESC);
CREATE INDEX vacancies_search ON vacancies USING gin (search);

CREATE TABLE vacancy_skills (
    vacancy_id uuid     NOT NULL REFERENCES vacancies ON DELETE CASCADE,
    skill      text     NOT NULL CHECK (skill = lower(skill)),
    level      smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (vacancy_id, skill)
);
CREATE INDEX vacancy_skills_skill ON vacancy_skills (skill);

CREATE TABLE resumes (
    id            uuid PRIMARY KEY,
    account_id    uuid              NOT NULL REFERENCES accounts ON DELETE CASCADE,
    title         text              NOT NULL,
    summary       text              NOT NULL,
    desired_kind  vacancy_kind,
    visibility    resume_visibility NOT NULL DEFAULT 'employers',
    experience    jsonb             NOT NULL DEFAULT '[]',
    cv_hash       bytea CHECK (cv_hash IS NULL OR length(cv_hash) = 32),
    created_at    timestamptz       NOT NULL DEFAULT now(),
    updated_at    timestamptz       NOT NULL DEFAULT now(),
    search        tsvector GENERATED ALWAYS AS (to_tsvector('simple', title || ' ' || summary)) STORED
);
CREATE INDEX resumes_account ON resumes (account_id);
CREATE INDEX resumes_search ON resumes USING gin (search);

CREATE TABLE resume_skills (
    resume_id uuid     NOT NULL REFERENCES resumes ON DELETE CASCADE,
    skill     text     NOT NULL CHECK (skill = lower(skill)),
    level     smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
    PRIMARY KEY (resume_id, skill)
);
CREATE INDEX resume_skills_skill ON resume_skills (skill);

-- A vacancy as the API shows it: with its organization's name and its skills, strongest first.
CREATE VIEW vacancy_view AS
SELECT v.*, o.name AS organization_name,
       coalesce((SELECT json_agg(json_build_object('name', s.skill, 'level', s.level)
                                 ORDER BY s.level DESC, s.skill)
                 FROM vacancy_skills s WHERE s.vacancy_id = v.id), '[]'::json) AS skills
FROM vacancies v JOIN organizations o ON o.id = v.organization_id;
