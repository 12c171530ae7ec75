-- Employment contracts drafted for an application. Once the first party signs, the terms are
-- frozen: both sign the SHA-256 of the same canonical JSON; with both signatures the hash is
-- anchored on chain (a `System::remark_with_event`), and hiring from it issues the employment
-- certificate. Only the hash ever reaches the chain.
CREATE TYPE contract_status AS ENUM ('draft', 'signing', 'signed', 'active', 'completed', 'cancelled');
CREATE TYPE rate_period AS ENUM ('hour', 'month', 'fixed');

CREATE TABLE contracts (
    id                  uuid PRIMARY KEY,
    application_id      uuid            NOT NULL REFERENCES applications ON DELETE CASCADE,
    organization_id     uuid            NOT NULL REFERENCES organizations ON DELETE CASCADE,
    candidate_id        uuid            NOT NULL REFERENCES accounts ON DELETE CASCADE,
    drafted_by          uuid            NOT NULL REFERENCES accounts,
    position            text            NOT NULL,
    terms               text            NOT NULL,
    starts_on           date            NOT NULL,
    ends_on             date,
    -- In the currency's minor units (cents) per `rate_period`.
    rate_minor          bigint          NOT NULL CHECK (rate_minor >= 0),
    currency            char(3)         NOT NULL,
    rate_period         rate_period     NOT NULL,
    status              contract_status NOT NULL DEFAULT 'draft',
    -- Set when the first party signs; the terms cannot change after that.
    document            jsonb,
    content_hash        bytea,
    employer_signer     uuid REFERENCES accounts,
    employer_address    bytea,
    employer_signature  bytea,
    employer_signed_at  timestamptz,
    candidate_address   bytea,
    candidate_signature bytea,
    candidate_signed_at timestamptz,
    anchor_block        bytea,
    anchored_at         timestamptz,
    certificate_id      bigint,
    completed_at        timestamptz,
    created_at          timestamptz     NOT NULL DEFAULT now(),
    updated_at          timestamptz     NOT NULL DEFAULT now(),
    CHECK (ends_on IS NULL OR ends_on >= starts_on)
);
-- One live contract per application.
CREATE UNIQUE INDEX contracts_one_per_application ON contracts (application_id) WHERE status <> 'cancelled';
CREATE INDEX contracts_candidate ON contracts (candidate_id, created_at DESC);
CREATE INDEX contracts_organization ON contracts (organization_id, created_at DESC);

-- After a completed contract each side reviews the other once. The candidate's ratings feed the
-- matching score of their resumes; the organization's feed its vacancies'.
CREATE TYPE review_side AS ENUM ('employer', 'candidate');

CREATE TABLE contract_reviews (
    contract_id uuid        NOT NULL REFERENCES contracts ON DELETE CASCADE,
    side        review_side NOT NULL,
    author      uuid        NOT NULL REFERENCES accounts,
    rating      smallint    NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text        text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (contract_id, side)
);

-- Average ratings received: a candidate's from employers, an organization's from candidates.
CREATE VIEW candidate_ratings AS
    SELECT c.candidate_id AS account_id, avg(r.rating)::float8 AS rating, count(*) AS reviews
    FROM contract_reviews r JOIN contracts c ON c.id = r.contract_id
    WHERE r.side = 'employer'
    GROUP BY c.candidate_id;

CREATE VIEW organization_ratings AS
    SELECT c.organization_id, avg(r.rating)::float8 AS rating, count(*) AS reviews
    FROM contract_reviews r JOIN contracts c ON c.id = r.contract_id
    WHERE r.side = 'candidate'
    GROUP BY c.organization_id;
