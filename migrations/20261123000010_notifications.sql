-- What a person is told: one row per (recipient, event), written in the same transaction as the
-- event itself (a transactional outbox), so a notice is never lost nor sent for a rolled-back
-- write. Delivery channels (the Telegram bot) read from here.
CREATE TABLE notifications (
    id         bigserial PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    kind       text        NOT NULL,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    read_at    timestamptz
);
CREATE INDEX notifications_account ON notifications (account_id, id DESC);

-- Kinds a person does not want (community invites, mailings, ...); nothing of a muted kind is
-- written for them.
CREATE TABLE notification_mutes (
    account_id uuid NOT NULL REFERENCES accounts ON DELETE CASCADE,
    kind       text NOT NULL,
    PRIMARY KEY (account_id, kind)
);

-- An organization answering a resume: kept for the organization, told to the candidate.
CREATE TABLE resume_responses (
    id              uuid PRIMARY KEY,
    resume_id       uuid        NOT NULL REFERENCES resumes ON DELETE CASCADE,
    organization_id uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    vacancy_id      uuid REFERENCES vacancies ON DELETE SET NULL,
    author          uuid        NOT NULL REFERENCES accounts,
    message         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX resume_responses_organization ON resume_responses (organization_id, created_at DESC);

-- Whether an organization may read a resume: public ones, and those shown to employers when the
-- organization is verified. The one place this rule lives for single-resume checks.
CREATE FUNCTION iktomi_resume_open_to(resume uuid, organization uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM resumes r, organizations o
        WHERE r.id = resume AND o.id = organization
          AND (r.visibility = 'public' OR (r.visibility = 'employers' AND o.issuer_account IS NOT NULL)))
$$;
