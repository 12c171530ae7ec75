-- Chain writes as durable operations: a request that needs a transaction stores one row here in
-- the same transaction as its own rows and answers 202. One submitter per signer (elected with
-- an advisory lock) signs with explicit nonces and submits; a watcher reading finalized blocks
-- matches transaction hashes and applies the follow-up in the same transaction that marks the
-- operation finalized, so it happens exactly once.
CREATE TYPE operation_status AS ENUM ('queued', 'submitted', 'in_block', 'finalized', 'failed');

CREATE TABLE chain_operations (
    id              uuid             PRIMARY KEY,
    -- What the follow-up does once the call is final, e.g. `certificate.issue`.
    kind            text             NOT NULL,
    signer          bytea            NOT NULL CHECK (length(signer) = 32),
    -- The runtime call as the signer signs it (pallet, call, arguments).
    call_data       bytea            NOT NULL,
    -- A contract call's target and message input: how to ask the contract why it reverted.
    contract        bytea,
    contract_input  bytea,
    -- What the follow-up needs; no secrets.
    payload         jsonb            NOT NULL DEFAULT '{}',
    -- Who asked; only they (and operators) read the operation.
    account_id      uuid             REFERENCES accounts ON DELETE SET NULL,
    idempotency_key text,
    status          operation_status NOT NULL DEFAULT 'queued',
    nonce           bigint,
    tx_hash         bytea,
    signed_tx       bytea,
    submit_attempts integer          NOT NULL DEFAULT 0,
    last_error      text,
    submitted_at    timestamptz,
    block_hash      bytea,
    block_number    bigint,
    in_block_at     timestamptz,
    finalized_at    timestamptz,
    -- The answer the request would have had if it waited: HTTP status and body.
    result_status   smallint,
    result          jsonb,
    -- A failure as an RFC 9457 problem.
    problem         jsonb,
    created_at      timestamptz      NOT NULL DEFAULT now(),
    updated_at      timestamptz      NOT NULL DEFAULT now(),
    UNIQUE (account_id, idempotency_key),
    CHECK (status = 'queued' OR nonce IS NOT NULL OR status = 'failed')
);

CREATE INDEX chain_operations_pending ON chain_operations (signer, created_at)
    WHERE status IN ('queued', 'submitted', 'in_block');
CREATE INDEX chain_operations_in_flight ON chain_operations (tx_hash)
    WHERE status IN ('submitted', 'in_block');
-- One nonce, one live transaction per signer.
CREATE UNIQUE INDEX chain_operations_nonce ON chain_operations (signer, nonce)
    WHERE status IN ('submitted', 'in_block');

-- The last finalized block the watcher has read.
CREATE TABLE chain_watch_cursor (
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    block_number bigint  NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- An idempotency key points at the operation its request queued: a retry after any crash finds
-- the operation, not a request "in progress" forever. A reservation whose request died before
-- it queued anything expires.
ALTER TABLE idempotency_keys ADD COLUMN operation_id uuid REFERENCES chain_operations ON DELETE SET NULL;

-- What a queued operation is acting on (`request:7`, `migration:3`, `verification:<id>`): a
-- second concurrent call on the same subject is refused instead of sending a second
-- transaction. A failed operation frees its claims.
CREATE TABLE chain_claims (
    subject      text        PRIMARY KEY,
    operation_id uuid        NOT NULL REFERENCES chain_operations ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now()
);

-- The operation issuing an attestation's certificate: the claim, instead of counting tries.
ALTER TABLE attestation_certificates ADD COLUMN operation_id uuid REFERENCES chain_operations ON DELETE SET NULL;
