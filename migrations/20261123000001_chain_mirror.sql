-- The chain mirror: the raw contract event log, the indexer's cursor, and the current state of
-- the contracts, derived only from the events by iktomi_apply_events().

-- The chain and contracts this database mirrors, and the last block whose events are applied.
CREATE TABLE indexer_cursor (
    singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    genesis_hash      bytea       NOT NULL CHECK (length(genesis_hash) = 32),
    registry          bytea       NOT NULL,
    tenure            bytea       NOT NULL,
    last_block_number bigint      NOT NULL,
    last_block_hash   bytea       NOT NULL CHECK (length(last_block_hash) = 32),
    updated_at        timestamptz NOT NULL DEFAULT now()
);

-- Every event of the deployed contracts, in chain order.
CREATE TABLE chain_events (
    block_number    bigint  NOT NULL,
    event_index     integer NOT NULL,
    block_hash      bytea   NOT NULL,
    extrinsic_index integer,
    contract        bytea   NOT NULL,
    name            text    NOT NULL,
    payload         jsonb   NOT NULL,
    raw             bytea   NOT NULL,
    -- The record's topics, 32 bytes each, concatenated; the first is the signature topic.
    topics          bytea   NOT NULL,
    PRIMARY KEY (block_number, event_index)
);

CREATE TABLE registry_operator (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    operator  bytea,
    proposed  bytea
);

CREATE TABLE issuers (
    account         bytea PRIMARY KEY,
    organization_id uuid        NOT NULL,
    metadata_hash   bytea       NOT NULL,
    registered_at   timestamptz NOT NULL,
    suspended_at    timestamptz,
    updated_block   bigint      NOT NULL
);
CREATE INDEX issuers_organization ON issuers (organization_id);

-- Accounts an issuer lets issue certificates of a kind in its name (the tenure contract).
CREATE TABLE minters (
    issuer bytea NOT NULL,
    minter bytea NOT NULL,
    kind   text  NOT NULL,
    PRIMARY KEY (issuer, minter, kind)
);

CREATE TABLE certificates (
    id                bigint PRIMARY KEY,
    issuer            bytea       NOT NULL,
    holder            bytea       NOT NULL,
    kind              text        NOT NULL,
    content_hash      bytea       NOT NULL,
    issued_at         timestamptz NOT NULL,
    expires_at        timestamptz,
    revoked_at        timestamptz,
    revocation_reason text,
    supersedes        bigint,
    superseded_by     bigint,
    request_id        bigint,
    minter            bytea,
    issued_block      bigint      NOT NULL,
    updated_block     bigint      NOT NULL
);
CREATE INDEX certificates_holder ON certificates (holder);
CREATE INDEX certificates_issuer ON certificates (issuer);
CREATE INDEX certificates_content_hash ON certificates (content_hash);

-- Every move of a certificate to its holder's new wallet.
CREATE TABLE certificate_moves (
    certificate_id bigint NOT NULL,
    migration_id   bigint NOT NULL,
    from_account   bytea  NOT NULL,
    to_account     bytea  NOT NULL,
    block_number   bigint NOT NULL,
    PRIMARY KEY (certificate_id, migration_id)
);

CREATE TABLE certificate_requests (
    id             bigint PRIMARY KEY,
    issuer         bytea       NOT NULL,
    holder         bytea       NOT NULL,
    kind           text        NOT NULL,
    content_hash   bytea       NOT NULL,
    expires_at     timestamptz,
    created_at     timestamptz NOT NULL,
    state          text        NOT NULL,
    certificate_id bigint,
    reject_code    integer,
    resolved_at    timestamptz
);
CREATE INDEX certificate_requests_issuer ON certificate_requests (issuer, state);
CREATE INDEX certificate_requests_holder ON certificate_requests (holder);

CREATE TABLE wallet_migrations (
    id             bigint PRIMARY KEY,
    issuer         bytea       NOT NULL,
    from_account   bytea       NOT NULL,
    to_account     bytea       NOT NULL,
    scope          text        NOT NULL,
    certificate_id bigint,
    created_at     timestamptz NOT NULL,
    state          text        NOT NULL,
    moved          integer,
    resolved_at    timestamptz
);

-- A holder's tenure with an issuer, as the registry keeps it: settled time plus the open stake.
CREATE TABLE tenure (
    holder             bytea  NOT NULL,
    issuer             bytea  NOT NULL,
    accrued_ms         bigint NOT NULL,
    staked_certificate bigint,
    staked_since       timestamptz,
    PRIMARY KEY (holder, issuer)
);

-- Every interval a certificate was staked; open while ended_at is null.
CREATE TABLE tenure_intervals (
    certificate_id bigint      NOT NULL,
    started_at     timestamptz NOT NULL,
    holder         bytea       NOT NULL,
    issuer         bytea       NOT NULL,
    ended_at       timestamptz,
    PRIMARY KEY (certificate_id, started_at)
);

CREATE TABLE tenure_programs (
    id           integer PRIMARY KEY,
    issuer       bytea   NOT NULL,
    milestone_ms bigint  NOT NULL,
    award_kind   text    NOT NULL,
    content_hash bytea   NOT NULL,
    closed       boolean NOT NULL DEFAULT false
);

CREATE TABLE award_claims (
    program_id     integer NOT NULL,
    holder         bytea   NOT NULL,
    issuer         bytea   NOT NULL,
    certificate_id bigint  NOT NULL,
    PRIMARY KEY (program_id, holder)
);
