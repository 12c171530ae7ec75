-- Recommendations and skill endorsements between colleagues. The subject asks (or the author
-- writes unasked); the author writes and signs the statement with a wallet of theirs; the
-- subject may hide it; an organization the author belongs to may mint it as a certificate.
CREATE TYPE recommendation_kind AS ENUM ('recommendation', 'endorsement');
CREATE TYPE recommendation_status AS ENUM ('requested', 'written', 'declined');

CREATE TABLE recommendations (
    id             uuid PRIMARY KEY,
    subject_id     uuid                  NOT NULL REFERENCES accounts ON DELETE CASCADE,
    author_id      uuid                  NOT NULL REFERENCES accounts ON DELETE CASCADE,
    kind           recommendation_kind   NOT NULL,
    -- The skill an endorsement confirms; none for a recommendation.
    skill          text CHECK ((kind = 'endorsement') = (skill IS NOT NULL)),
    status         recommendation_status NOT NULL,
    request_note   text,
    body           text,
    -- The exact message signed (canonical JSON), the signer's sr25519 address and signature.
    message        text,
    signer         bytea CHECK (signer IS NULL OR length(signer) = 32),
    signature      bytea CHECK (signature IS NULL OR length(signature) = 64),
    hidden         boolean               NOT NULL DEFAULT false,
    certificate_id bigint,
    created_at     timestamptz           NOT NULL DEFAULT now(),
    written_at     timestamptz,
    CHECK (subject_id <> author_id),
    CHECK (status <> 'written' OR (body IS NOT NULL AND message IS NOT NULL
                                   AND signer IS NOT NULL AND signature IS NOT NULL))
);
CREATE INDEX recommendations_subject ON recommendations (subject_id, written_at DESC);
CREATE INDEX recommendations_author ON recommendations (author_id, status);
