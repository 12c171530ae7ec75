-- Why an operator suspended an issuer. The suspension itself is chain state (issuers.suspended_at,
-- mirrored by the indexer); its reason is personal to the decision and stays off chain.
CREATE TABLE issuer_suspensions (
    account      bytea       PRIMARY KEY,
    reason       text        NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 500),
    suspended_by uuid        NOT NULL REFERENCES accounts (id),
    suspended_at timestamptz NOT NULL DEFAULT now()
);

CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON issuer_suspensions
    FOR EACH ROW EXECUTE FUNCTION iktomi_audit_change('account');
