-- A candidate's skill-gap roadmap from one resume to one vacancy: the computed steps, which the
-- candidate may reorder, extend and tick off.
CREATE TABLE roadmaps (
    id         uuid PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    resume_id  uuid        NOT NULL REFERENCES resumes ON DELETE CASCADE,
    vacancy_id uuid        NOT NULL REFERENCES vacancies ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (resume_id, vacancy_id)
);

CREATE TABLE roadmap_steps (
    roadmap_id    uuid     NOT NULL REFERENCES roadmaps ON DELETE CASCADE,
    position      int      NOT NULL,
    skill         text     NOT NULL,
    target_level  smallint NOT NULL CHECK (target_level BETWEEN 1 AND 5),
    current_level smallint NOT NULL CHECK (current_level BETWEEN 0 AND 5),
    -- missing | weak | prerequisite | added
    reason        text     NOT NULL,
    -- The required skills this step leads to (for prerequisites).
    unlocks       text[]   NOT NULL DEFAULT '{}',
    known         boolean  NOT NULL DEFAULT false,
    PRIMARY KEY (roadmap_id, skill),
    UNIQUE (roadmap_id, position) DEFERRABLE INITIALLY DEFERRED
);
