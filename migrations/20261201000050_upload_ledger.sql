-- Every file a person made the server keep (an artifact or a CV), for upload quotas. A replaced
-- CV's file stays on disk, so the ledger, not the current rows, says what each person stored.
CREATE TABLE upload_ledger (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('artifact', 'cv')),
    size_bytes bigint      NOT NULL CHECK (size_bytes >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX upload_ledger_account ON upload_ledger (account_id, created_at);

-- Uploads made before the ledger count too (CVs stored then have no recorded size).
INSERT INTO upload_ledger (account_id, kind, size_bytes, created_at)
SELECT account_id, 'artifact', size_bytes, created_at FROM artifacts;
