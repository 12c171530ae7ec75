-- Talent pools (an organization's favourite resumes, with private notes) and applications to
-- vacancies, whose status moves only along the allowed transitions; every move is kept.
CREATE TABLE talent_pool (
    organization_id uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    resume_id       uuid        NOT NULL REFERENCES resumes ON DELETE CASCADE,
    note            text        NOT NULL DEFAULT '',
    added_by        uuid        NOT NULL REFERENCES accounts,
    added_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (organization_id, resume_id)
);

CREATE TYPE application_status AS ENUM
    ('new', 'in_review', 'interview', 'offer', 'hired', 'rejected', 'withdrawn');

CREATE TABLE applications (
    id         uuid PRIMARY KEY,
    vacancy_id uuid               NOT NULL REFERENCES vacancies ON DELETE CASCADE,
    resume_id  uuid               NOT NULL REFERENCES resumes ON DELETE CASCADE,
    account_id uuid               NOT NULL REFERENCES accounts ON DELETE CASCADE,
    cover      text               NOT NULL DEFAULT '',
    status     application_status NOT NULL DEFAULT 'new',
    created_at timestamptz        NOT NULL DEFAULT now(),
    updated_at timestamptz        NOT NULL DEFAULT now(),
    UNIQUE (vacancy_id, resume_id)
);
CREATE INDEX applications_account ON applications (account_id, created_at DESC);
CREATE INDEX applications_vacancy ON applications (vacancy_id, created_at DESC);

CREATE TABLE application_events (
    application_id uuid               NOT NULL REFERENCES applications ON DELETE CASCADE,
    at             timestamptz        NOT NULL DEFAULT clock_timestamp(),
    actor          uuid               NOT NULL REFERENCES accounts,
    from_status    application_status,
    to_status      application_status NOT NULL,
    note           text               NOT NULL DEFAULT ''
);
CREATE INDEX application_events_application ON application_events (application_id, at);
