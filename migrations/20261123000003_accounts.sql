-- People, how they sign in, their profiles, organizations and wallets. Off-chain only: the chain
-- sees an organization through its issuer account and its id, never its name or documents.

CREATE TABLE accounts (
    id         uuid PRIMARY KEY,
    handle     text        NOT NULL CONSTRAINT accounts_handle_key UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per way a person signs in; (provider, subject) belongs to exactly one account, which is
-- how a second sign-in method glues onto the first account instead of creating another.
CREATE TABLE identities (
    provider   text        NOT NULL CHECK (provider IN ('telegram', 'vk')),
    subject    text        NOT NULL,
    account_id uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);
CREATE INDEX identities_account ON identities (account_id);

-- Only the SHA-256 of a session token is stored: a leaked table does not leak sessions.
CREATE TABLE sessions (
    token_hash       bytea PRIMARY KEY,
    account_id       uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    method           text        NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    revoked_at       timestamptz
);
CREATE INDEX sessions_account ON sessions (account_id);

-- A sign-in or binding challenge for one address; used at most once, before it expires.
CREATE TABLE wallet_challenges (
    nonce      text PRIMARY KEY,
    address    bytea       NOT NULL,
    message    text        NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

-- A VK ID authorization in flight: the PKCE verifier stays here, the browser only sees the state.
CREATE TABLE vk_logins (
    state         text PRIMARY KEY,
    code_verifier text        NOT NULL,
    redirect_uri  text        NOT NULL,
    link_account  uuid REFERENCES accounts ON DELETE CASCADE,
    expires_at    timestamptz NOT NULL,
    used_at       timestamptz
);

CREATE TYPE visibility AS ENUM ('public', 'organizations', 'private');

CREATE TABLE profiles (
    account_id          uuid PRIMARY KEY REFERENCES accounts ON DELETE CASCADE,
    display_name        text        NOT NULL DEFAULT '',
    headline            text        NOT NULL DEFAULT '',
    about               text        NOT NULL DEFAULT '',
    about_visibility    visibility  NOT NULL DEFAULT 'public',
    photo_url           text,
    photo_visibility    visibility  NOT NULL DEFAULT 'public',
    location            text,
    location_visibility visibility  NOT NULL DEFAULT 'public',
    updated_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE profile_skills (
    account_id uuid       NOT NULL REFERENCES accounts ON DELETE CASCADE,
    position   int        NOT NULL,
    name       text       NOT NULL,
    level      smallint   NOT NULL CHECK (level BETWEEN 1 AND 5),
    visibility visibility NOT NULL,
    PRIMARY KEY (account_id, position)
);
CREATE INDEX profile_skills_name ON profile_skills (lower(name));

CREATE TABLE profile_education (
    account_id  uuid       NOT NULL REFERENCES accounts ON DELETE CASCADE,
    position    int        NOT NULL,
    institution text       NOT NULL,
    degree      text       NOT NULL DEFAULT '',
    field       text       NOT NULL DEFAULT '',
    start_year  int,
    end_year    int,
    visibility  visibility NOT NULL,
    PRIMARY KEY (account_id, position)
);

CREATE TABLE profile_experience (
    account_id  uuid       NOT NULL REFERENCES accounts ON DELETE CASCADE,
    position    int        NOT NULL,
    company     text       NOT NULL,
    title       text       NOT NULL,
    description text       NOT NULL DEFAULT '',
    start_date  date,
    end_date    date,
    visibility  visibility NOT NULL,
    PRIMARY KEY (account_id, position)
);

CREATE TYPE organization_kind AS ENUM ('employer', 'university', 'course_provider', 'conference_organizer');
CREATE TYPE member_role AS ENUM ('employee', 'manager', 'admin');

CREATE TABLE organizations (
    id             uuid PRIMARY KEY,
    name           text              NOT NULL,
    kind           organization_kind NOT NULL,
    website        text,
    created_by     uuid              NOT NULL REFERENCES accounts,
    created_at     timestamptz       NOT NULL DEFAULT now(),
    -- Set when the operator approves verification; the organization is verified while the
    -- mirrored `issuers` row for this account exists and is not suspended.
    issuer_account bytea CONSTRAINT organizations_issuer_account_key UNIQUE
);
CREATE INDEX organizations_name ON organizations (lower(name), id);

CREATE TABLE memberships (
    organization_id uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    account_id      uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    role            member_role NOT NULL,
    invited_by      uuid REFERENCES accounts,
    invited_at      timestamptz NOT NULL DEFAULT now(),
    accepted_at     timestamptz,
    PRIMARY KEY (organization_id, account_id)
);
CREATE INDEX memberships_account ON memberships (account_id);

CREATE TYPE verification_status AS ENUM ('pending', 'approved', 'rejected');

CREATE TABLE verification_requests (
    id              uuid PRIMARY KEY,
    organization_id uuid                NOT NULL REFERENCES organizations ON DELETE CASCADE,
    requested_by    uuid                NOT NULL REFERENCES accounts,
    web_domain      text                NOT NULL,
    documents       jsonb               NOT NULL,
    status          verification_status NOT NULL DEFAULT 'pending',
    decided_by      uuid REFERENCES accounts,
    decided_at      timestamptz,
    reason          text,
    metadata_hash   bytea,
    chain_block     bytea,
    created_at      timestamptz         NOT NULL DEFAULT now()
);
-- At most one open request per organization.
CREATE UNIQUE INDEX verification_requests_one_pending
    ON verification_requests (organization_id) WHERE status = 'pending';
CREATE INDEX verification_requests_status ON verification_requests (status, created_at, id);

CREATE TYPE wallet_kind AS ENUM ('external', 'custodial');

-- A wallet belongs to a person or to an organization. A custodial wallet's sr25519 seed is sealed
-- with XChaCha20-Poly1305 under the API's master key; the address is the associated data, so a
-- sealed seed copied onto another row does not open.
CREATE TABLE wallets (
    address         bytea PRIMARY KEY CHECK (length(address) = 32),
    account_id      uuid REFERENCES accounts ON DELETE CASCADE,
    organization_id uuid REFERENCES organizations ON DELETE CASCADE,
    kind            wallet_kind NOT NULL,
    sealed_seed     bytea,
    created_at      timestamptz NOT NULL DEFAULT now(),
    CHECK ((account_id IS NULL) <> (organization_id IS NULL)),
    CHECK ((kind = 'custodial') = (sealed_seed IS NOT NULL))
);
CREATE INDEX wallets_account ON wallets (account_id);
CREATE UNIQUE INDEX wallets_one_custodial_per_account ON wallets (account_id) WHERE kind = 'custodial';
CREATE UNIQUE INDEX wallets_one_custodial_per_organization ON wallets (organization_id) WHERE kind = 'custodial';

-- Whether `viewer` and `owner` are both accepted members of at least one organization.
CREATE FUNCTION iktomi_share_organization(viewer uuid, owner uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM memberships a JOIN memberships b USING (organization_id)
        WHERE a.account_id = viewer AND b.account_id = owner
          AND a.accepted_at IS NOT NULL AND b.accepted_at IS NOT NULL)
$$;

-- What a viewer may see of an item with visibility `v` owned by `owner`.
CREATE FUNCTION iktomi_visible(v visibility, owner uuid, viewer uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT v = 'public'
        OR (viewer IS NOT NULL
            AND (viewer = owner
                 OR (v = 'organizations' AND iktomi_share_organization(viewer, owner))))
$$;
