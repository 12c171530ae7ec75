-- Scans and PDFs people upload as evidence. Files live under the API's data directory, named by
-- their SHA-256; a row per upload (two people may upload the same file). An upload is
-- unverified until an organization confirms it by issuing a certificate bound to its hash.
CREATE TABLE artifacts (
    id           uuid PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    content_hash bytea       NOT NULL CHECK (length(content_hash) = 32),
    media_type   text        NOT NULL,
    size_bytes   bigint      NOT NULL,
    title        text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX artifacts_account ON artifacts (account_id, created_at DESC);

CREATE TYPE artifact_review_status AS ENUM ('pending', 'confirmed', 'rejected');

CREATE TABLE artifact_reviews (
    id              uuid PRIMARY KEY,
    artifact_id     uuid                   NOT NULL REFERENCES artifacts ON DELETE CASCADE,
    organization_id uuid                   NOT NULL REFERENCES organizations,
    status          artifact_review_status NOT NULL DEFAULT 'pending',
    note            text,
    reason          text,
    certificate_id  bigint,
    created_at      timestamptz            NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    CHECK (status <> 'rejected' OR reason IS NOT NULL)
);
-- One open request per artifact and organization.
CREATE UNIQUE INDEX artifact_reviews_open ON artifact_reviews (artifact_id, organization_id)
    WHERE status = 'pending';
CREATE INDEX artifact_reviews_organization ON artifact_reviews (organization_id, status);
