-- An organization's custodial issuer seed leaves the platform only with two people's consent:
-- one admin asks, another admin or a platform operator approves, and the asker then exports
-- once within a short window.
CREATE TABLE seed_export_approvals (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    address         bytea       NOT NULL REFERENCES wallets ON DELETE CASCADE,
    requested_by    uuid        NOT NULL REFERENCES accounts,
    requested_at    timestamptz NOT NULL DEFAULT now(),
    approved_by     uuid REFERENCES accounts,
    approved_at     timestamptz,
    used_at         timestamptz,
    CHECK (approved_by IS DISTINCT FROM requested_by)
);
CREATE INDEX seed_export_approvals_wallet ON seed_export_approvals (address);

-- The version of the master key each seed is sealed under, so the master key can be rotated:
-- `iktomi-rotate-master-key` re-seals every seed under the configured current version.
ALTER TABLE wallets ADD COLUMN seal_version integer NOT NULL DEFAULT 1;
ALTER TABLE wallets ADD CONSTRAINT wallets_seal_version_positive CHECK (seal_version > 0);
