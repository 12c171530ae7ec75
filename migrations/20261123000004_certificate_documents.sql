-- The off-chain half of a certificate: the Open Badges 3.0 credential the API built, bound to the
-- chain by the SHA-256 of its canonical JSON (the certificate's content_hash on chain).
CREATE TABLE certificate_documents (
    content_hash    bytea PRIMARY KEY CHECK (length(content_hash) = 32),
    organization_id uuid        NOT NULL REFERENCES organizations,
    holder_account  uuid REFERENCES accounts,
    document        jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX certificate_documents_holder ON certificate_documents (holder_account);

-- Idempotency-Key (draft-ietf-httpapi-idempotency-key-header): the first request with a key
-- reserves it; its answer is stored and replayed to retries; another body under the same key is
-- refused. Keys are per account.
CREATE TABLE idempotency_keys (
    account_id   uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    key          text        NOT NULL,
    request_hash bytea       NOT NULL,
    status       smallint,
    response     jsonb,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key)
);

-- When the operator last sent a custodial wallet funds for its fees (holders sign their own
-- stakes and claims with custodial keys; the platform sponsors those fees once per wallet).
ALTER TABLE wallets ADD COLUMN funded_at timestamptz;
