-- Issuer-key rotation (issue 15, item 10): an organization moves to a new custodial issuer
-- account and retires the old one on chain. The old wallet stays (its seed signs nothing new, but
-- its certificates keep verifying); one custodial wallet per owner is live at a time.
ALTER TABLE wallets ADD COLUMN retired_at timestamptz;
DROP INDEX wallets_one_custodial_per_organization;
CREATE UNIQUE INDEX wallets_one_custodial_per_organization
    ON wallets (organization_id) WHERE kind = 'custodial' AND retired_at IS NULL;

-- Which derived credential-signing key an organization signs with now; the JWKS publishes every
-- version up to it, so credentials signed before a rotation keep verifying.
ALTER TABLE organizations ADD COLUMN credential_key_version integer NOT NULL DEFAULT 1
    CHECK (credential_key_version >= 1);
