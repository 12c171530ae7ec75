-- Attestations: theory, then a timed test. The timer is the server's: an attempt's deadline is
-- fixed when it starts (the time limit, or the closing time if sooner), its question and option
-- order is frozen then (`layout`), and at the deadline it finishes by itself on the answers given
-- (Moodle's `overduehandling = autosubmit`: `finished_at` is the deadline).
CREATE TYPE question_kind AS ENUM ('single', 'multiple');
CREATE TYPE attempt_state AS ENUM ('in_progress', 'finished');

CREATE TABLE attestations (
    id                 uuid PRIMARY KEY,
    organization_id    uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    title              text        NOT NULL,
    theory             text        NOT NULL DEFAULT '',
    time_limit_secs    int         NOT NULL CHECK (time_limit_secs > 0),
    -- Percent of questions answered right.
    passing_score      int         NOT NULL CHECK (passing_score BETWEEN 0 AND 100),
    max_attempts       int         NOT NULL CHECK (max_attempts > 0),
    opens_at           timestamptz NOT NULL,
    closes_at          timestamptz NOT NULL,
    -- What passing earns (employees only).
    points             int         NOT NULL DEFAULT 0 CHECK (points >= 0),
    -- Whether passing issues an achievement certificate (the organization must be an issuer).
    certificate        boolean     NOT NULL DEFAULT false,
    opened_announced   boolean     NOT NULL DEFAULT false,
    created_by         uuid        NOT NULL REFERENCES accounts,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK (closes_at > opens_at)
);
CREATE INDEX attestations_organization ON attestations (organization_id, opens_at);

CREATE TABLE attestation_questions (
    id             uuid PRIMARY KEY,
    attestation_id uuid          NOT NULL REFERENCES attestations ON DELETE CASCADE,
    position       int           NOT NULL,
    text           text          NOT NULL,
    kind           question_kind NOT NULL,
    options        text[]        NOT NULL,
    -- Indexes into `options` as authored.
    correct        int[]         NOT NULL,
    UNIQUE (attestation_id, position)
);

CREATE TABLE attestation_assignees (
    attestation_id uuid        NOT NULL REFERENCES attestations ON DELETE CASCADE,
    account_id     uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    assigned_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (attestation_id, account_id)
);

-- The test starts only after the theory was opened (by an assignee, or a manager taking it).
CREATE TABLE theory_reads (
    attestation_id uuid        NOT NULL REFERENCES attestations ON DELETE CASCADE,
    account_id     uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    read_at        timestamptz NOT NULL,
    PRIMARY KEY (attestation_id, account_id)
);
CREATE INDEX attestation_assignees_account ON attestation_assignees (account_id);

CREATE TABLE attempts (
    id             uuid PRIMARY KEY,
    attestation_id uuid          NOT NULL REFERENCES attestations ON DELETE CASCADE,
    account_id     uuid          NOT NULL REFERENCES accounts ON DELETE CASCADE,
    number         int           NOT NULL,
    started_at     timestamptz   NOT NULL,
    deadline       timestamptz   NOT NULL,
    -- [{"question": id, "options": [authored indexes in the order shown]}], in the order shown.
    layout         jsonb         NOT NULL,
    state          attempt_state NOT NULL DEFAULT 'in_progress',
    finished_at    timestamptz,
    timed_out      boolean,
    correct        int,
    total          int,
    score          int,
    passed         boolean,
    UNIQUE (attestation_id, account_id, number)
);
CREATE UNIQUE INDEX attempts_one_open ON attempts (attestation_id, account_id) WHERE state = 'in_progress';
CREATE INDEX attempts_open_deadline ON attempts (deadline) WHERE state = 'in_progress';

CREATE TABLE attempt_answers (
    attempt_id  uuid        NOT NULL REFERENCES attempts ON DELETE CASCADE,
    question_id uuid        NOT NULL REFERENCES attestation_questions ON DELETE CASCADE,
    -- Authored option indexes.
    chosen      int[]       NOT NULL,
    answered_at timestamptz NOT NULL,
    PRIMARY KEY (attempt_id, question_id)
);

-- Certificates owed for passed attempts: queued with the result, issued on chain by the API's
-- background work (a chain call does not belong in the transaction that finishes an attempt).
CREATE TABLE attestation_certificates (
    attempt_id     uuid PRIMARY KEY REFERENCES attempts ON DELETE CASCADE,
    tries          int         NOT NULL DEFAULT 0,
    certificate_id bigint,
    last_error     text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attestation_certificates_owed ON attestation_certificates (created_at) WHERE certificate_id IS NULL;
