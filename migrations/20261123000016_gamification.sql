-- Gamification per organization: an append-only points ledger, levels by thresholds, badges from
-- rules or granted by admins, and the activity the anti-farming limits count. Only employees earn
-- (decided in api/src/gamification.rs).
CREATE FUNCTION iktomi_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TABLE point_entries (
    id              bigserial PRIMARY KEY,
    organization_id uuid        NOT NULL REFERENCES organizations,
    account_id      uuid        NOT NULL REFERENCES accounts,
    amount          int         NOT NULL,
    -- attestation_passed, certificate_received, endorsement_received, tenure_year, manual, level_raise
    action          text        NOT NULL,
    -- What the action was about (an attempt, a certificate, an author); cool-downs key on it.
    source          text        NOT NULL,
    reason          text        NOT NULL DEFAULT '',
    created_by      uuid REFERENCES accounts,
    at              timestamptz NOT NULL
);
CREATE INDEX point_entries_member ON point_entries (organization_id, account_id, action, source, at);
CREATE INDEX point_entries_board ON point_entries (organization_id, at);
CREATE TRIGGER point_entries_append_only BEFORE UPDATE OR DELETE ON point_entries
    FOR EACH ROW EXECUTE FUNCTION iktomi_append_only();

-- Every action that could earn, earning or not: the per-minute limit counts these.
CREATE TABLE point_activity (
    account_id      uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    organization_id uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    action          text        NOT NULL,
    source          text        NOT NULL,
    at              timestamptz NOT NULL,
    earned          boolean     NOT NULL
);
CREATE INDEX point_activity_recent ON point_activity (account_id, at);

-- Points needed for each level above 1; an organization without rows uses the defaults.
CREATE TABLE level_thresholds (
    organization_id uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
    level           int  NOT NULL CHECK (level >= 2),
    points          int  NOT NULL CHECK (points > 0),
    PRIMARY KEY (organization_id, level)
);

-- The highest level announced to a member, so "level reached" is told once.
CREATE TABLE member_levels (
    organization_id uuid NOT NULL REFERENCES organizations ON DELETE CASCADE,
    account_id      uuid NOT NULL REFERENCES accounts ON DELETE CASCADE,
    level           int  NOT NULL,
    PRIMARY KEY (organization_id, account_id)
);

-- The platform's automatic badges (organization_id NULL) and organizations' own, granted by hand.
CREATE TABLE badges (
    id              uuid PRIMARY KEY,
    organization_id uuid REFERENCES organizations ON DELETE CASCADE,
    code            text    NOT NULL,
    name            text    NOT NULL,
    description     text    NOT NULL DEFAULT '',
    automatic       boolean NOT NULL
);
CREATE UNIQUE INDEX badges_code ON badges (coalesce(organization_id, '00000000-0000-0000-0000-000000000000'), code);
INSERT INTO badges (id, code, name, description, automatic) VALUES
    ('00000000-0000-0000-0000-0000000000b1', 'first-certificate', 'First certificate', 'Received a first certificate from the organization', true),
    ('00000000-0000-0000-0000-0000000000b2', 'five-endorsements', 'Five endorsements', 'Five colleagues endorsed a skill', true),
    ('00000000-0000-0000-0000-0000000000b3', 'attestation-passed', 'Attestation passed', 'Passed an attestation', true),
    ('00000000-0000-0000-0000-0000000000b4', 'year-of-tenure', 'A year in the company', 'A year of verified tenure', true);

CREATE TABLE badge_awards (
    id              bigserial PRIMARY KEY,
    badge_id        uuid        NOT NULL REFERENCES badges,
    organization_id uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    account_id      uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    -- NULL when a rule granted it.
    granted_by      uuid REFERENCES accounts,
    reason          text        NOT NULL DEFAULT '',
    at              timestamptz NOT NULL,
    revoked_at      timestamptz,
    revoked_by      uuid REFERENCES accounts
);
CREATE UNIQUE INDEX badge_awards_held ON badge_awards (badge_id, organization_id, account_id) WHERE revoked_at IS NULL;
CREATE INDEX badge_awards_member ON badge_awards (organization_id, account_id);
