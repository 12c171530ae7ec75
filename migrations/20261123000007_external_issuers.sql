-- An organization may issue from a wallet of its own instead of a custodial one: the admin names
-- one of their bound external wallets when asking for verification, and the operator registers
-- that address. The API then prepares issuing calls for that wallet to sign.
ALTER TABLE verification_requests
    ADD COLUMN issuer_address bytea CHECK (issuer_address IS NULL OR length(issuer_address) = 32);
