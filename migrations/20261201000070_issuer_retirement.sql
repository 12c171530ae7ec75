-- Issuer-key rotation: the operator retires an issuer account (IssuerRetired) and names its
-- successor, an active account of the same organization that now acts for what the retired one
-- issued. A retired account's certificates keep their status; it only stops acting.
ALTER TABLE issuers ADD COLUMN retired_at timestamptz;
ALTER TABLE issuers ADD COLUMN successor bytea;

CREATE OR REPLACE FUNCTION iktomi_apply_events(from_block bigint, to_block bigint) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    e record;
    p jsonb;
    applied integer := 0;
    n integer;
BEGIN
    -- Issues and revocations, most of the volume, are applied set-wise first. That equals
    -- applying them in chain order: an issue only creates a row with a new id, nothing else
    -- touches the revocation columns, and a certificate is revoked at most once.
    INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at, expires_at,
                              supersedes, request_id, minter, issued_block, updated_block, placement)
    SELECT (payload->>'id')::bigint, iktomi_bytes(payload->>'issuer'), iktomi_bytes(payload->>'holder'), payload->>'kind',
           iktomi_bytes(payload->>'content_hash'), iktomi_time((payload->>'issued_at')::bigint),
           iktomi_time((payload->>'expires_at')::bigint), (payload->>'supersedes')::bigint,
           (payload->>'request')::bigint, iktomi_bytes(payload->>'minter'), block_number, block_number,
           CASE WHEN (payload->>'pending')::boolean THEN 'pending' ELSE 'listed' END
    FROM (SELECT block_number, payload FROM chain_events
          WHERE block_number BETWEEN from_block AND to_block AND name = 'CertificateIssued') issued;
    GET DIAGNOSTICS applied = ROW_COUNT;
    UPDATE certificates c SET revoked_at = iktomi_time((r.payload->>'at')::bigint),
        revocation_reason = r.payload->>'reason', superseded_by = (r.payload->>'superseded_by')::bigint,
        updated_block = greatest(c.updated_block, r.block_number)
    FROM (SELECT block_number, payload FROM chain_events
          WHERE block_number BETWEEN from_block AND to_block AND name = 'CertificateRevoked') r
    WHERE c.id = (r.payload->>'id')::bigint;
    GET DIAGNOSTICS n = ROW_COUNT;
    applied := applied + n;

    FOR e IN
        SELECT block_number, name, payload FROM chain_events
        WHERE block_number BETWEEN from_block AND to_block
          AND name NOT IN ('CertificateIssued', 'CertificateRevoked')
        ORDER BY block_number, event_index
    LOOP
        p := e.payload;
        applied := applied + 1;
        CASE e.name
        WHEN 'OperatorProposed' THEN
            INSERT INTO registry_operator (operator, proposed)
            VALUES (iktomi_bytes(p->>'operator'), iktomi_bytes(p->>'proposed'))
            ON CONFLICT (singleton) DO UPDATE SET operator = EXCLUDED.operator, proposed = EXCLUDED.proposed;
        WHEN 'OperatorChanged' THEN
            INSERT INTO registry_operator (operator, proposed)
            VALUES (iktomi_bytes(p->>'operator'), NULL)
            ON CONFLICT (singleton) DO UPDATE SET operator = EXCLUDED.operator, proposed = NULL;
        WHEN 'IssuerRegistered' THEN
            INSERT INTO issuers (account, organization_id, metadata_hash, registered_at, suspended_at, updated_block)
            VALUES (iktomi_bytes(p->>'issuer'), (p->>'organization')::uuid, iktomi_bytes(p->>'metadata_hash'),
                    iktomi_time((p->>'at')::bigint), NULL, e.block_number)
            ON CONFLICT (account) DO UPDATE SET organization_id = EXCLUDED.organization_id,
                metadata_hash = EXCLUDED.metadata_hash, registered_at = EXCLUDED.registered_at,
                suspended_at = NULL, updated_block = EXCLUDED.updated_block;
        WHEN 'IssuerSuspended' THEN
            UPDATE issuers SET suspended_at = iktomi_time((p->>'at')::bigint), updated_block = greatest(updated_block, e.block_number)
            WHERE account = iktomi_bytes(p->>'issuer');
        WHEN 'IssuerReinstated' THEN
            UPDATE issuers SET suspended_at = NULL, updated_block = greatest(updated_block, e.block_number)
            WHERE account = iktomi_bytes(p->>'issuer');
        WHEN 'IssuerRetired' THEN
            UPDATE issuers SET retired_at = iktomi_time((p->>'at')::bigint), successor = iktomi_bytes(p->>'successor'), updated_block = greatest(updated_block, e.block_number)
            WHERE account = iktomi_bytes(p->>'issuer');
        WHEN 'MinterChanged' THEN
            IF (p->>'allowed')::boolean THEN
                INSERT INTO minters (issuer, minter, kind)
                VALUES (iktomi_bytes(p->>'issuer'), iktomi_bytes(p->>'minter'), p->>'kind')
                ON CONFLICT DO NOTHING;
            ELSE
                DELETE FROM minters WHERE issuer = iktomi_bytes(p->>'issuer')
                    AND minter = iktomi_bytes(p->>'minter') AND kind = p->>'kind';
            END IF;
        WHEN 'CertificateAccepted' THEN
            UPDATE certificates SET placement = 'listed', updated_block = greatest(updated_block, e.block_number)
            WHERE id = (p->>'id')::bigint;
        WHEN 'CertificateHidden' THEN
            UPDATE certificates SET placement = 'hidden', updated_block = greatest(updated_block, e.block_number)
            WHERE id = (p->>'id')::bigint;
        WHEN 'ExpiryChanged' THEN
            UPDATE certificates SET expires_at = iktomi_time((p->>'expires_at')::bigint), updated_block = greatest(updated_block, e.block_number)
            WHERE id = (p->>'id')::bigint;
            IF p->>'tenure_accrued_ms' IS NOT NULL THEN
                UPDATE tenure SET accrued_ms = (p->>'tenure_accrued_ms')::bigint,
                    staked_since = iktomi_time((p->>'at')::bigint)
                WHERE holder = iktomi_bytes(p->>'holder') AND issuer = iktomi_bytes(p->>'issuer');
            END IF;
        WHEN 'CertificateRequested' THEN
            INSERT INTO certificate_requests (id, issuer, holder, kind, content_hash, expires_at, created_at, state)
            VALUES ((p->>'id')::bigint, iktomi_bytes(p->>'issuer'), iktomi_bytes(p->>'holder'), p->>'kind',
                    iktomi_bytes(p->>'content_hash'), iktomi_time((p->>'expires_at')::bigint),
                    iktomi_time((p->>'at')::bigint), 'pending');
        WHEN 'RequestResolved' THEN
            UPDATE certificate_requests SET state = p->>'state', certificate_id = (p->>'certificate')::bigint,
                reject_code = (p->>'reject_code')::integer, resolved_at = iktomi_time((p->>'at')::bigint)
            WHERE id = (p->>'id')::bigint;
        WHEN 'MigrationRequested' THEN
            INSERT INTO wallet_migrations (id, issuer, from_account, to_account, scope, certificate_id, created_at, state)
            VALUES ((p->>'id')::bigint, iktomi_bytes(p->>'issuer'), iktomi_bytes(p->>'from'), iktomi_bytes(p->>'to'),
                    p->>'scope', (p->>'certificate')::bigint, iktomi_time((p->>'at')::bigint), 'pending');
        WHEN 'MigrationResolved' THEN
            UPDATE wallet_migrations SET state = p->>'state', moved = (p->>'moved')::integer,
                resolved_at = iktomi_time((p->>'at')::bigint)
            WHERE id = (p->>'id')::bigint;
        WHEN 'CertificateMigrated' THEN
            UPDATE certificates SET holder = iktomi_bytes(p->>'to'), updated_block = greatest(updated_block, e.block_number)
            WHERE id = (p->>'id')::bigint;
            INSERT INTO certificate_moves (certificate_id, migration_id, from_account, to_account, block_number)
            VALUES ((p->>'id')::bigint, (p->>'migration')::bigint, iktomi_bytes(p->>'from'),
                    iktomi_bytes(p->>'to'), e.block_number);
        WHEN 'TenureMoved' THEN
            -- `to` had its own stake: the moved one was settled and closed at `at`.
            UPDATE tenure_intervals SET ended_at = iktomi_time((p->>'at')::bigint)
            WHERE holder = iktomi_bytes(p->>'from') AND issuer = iktomi_bytes(p->>'issuer') AND ended_at IS NULL
              AND certificate_id IS DISTINCT FROM (p->>'staked_certificate')::bigint;
            UPDATE tenure_intervals SET holder = iktomi_bytes(p->>'to')
            WHERE holder = iktomi_bytes(p->>'from') AND issuer = iktomi_bytes(p->>'issuer') AND ended_at IS NULL;
            DELETE FROM tenure WHERE holder = iktomi_bytes(p->>'from') AND issuer = iktomi_bytes(p->>'issuer');
            INSERT INTO tenure (holder, issuer, accrued_ms, staked_certificate, staked_since)
            VALUES (iktomi_bytes(p->>'to'), iktomi_bytes(p->>'issuer'), (p->>'accrued_ms')::bigint,
                    (p->>'staked_certificate')::bigint, iktomi_time((p->>'staked_since')::bigint))
            ON CONFLICT (holder, issuer) DO UPDATE SET accrued_ms = EXCLUDED.accrued_ms,
                staked_certificate = EXCLUDED.staked_certificate, staked_since = EXCLUDED.staked_since;
        WHEN 'Staked' THEN
            INSERT INTO tenure (holder, issuer, accrued_ms, staked_certificate, staked_since)
            VALUES (iktomi_bytes(p->>'holder'), iktomi_bytes(p->>'issuer'), 0, (p->>'id')::bigint,
                    iktomi_time((p->>'at')::bigint))
            ON CONFLICT (holder, issuer) DO UPDATE SET staked_certificate = EXCLUDED.staked_certificate,
                staked_since = EXCLUDED.staked_since;
            INSERT INTO tenure_intervals (certificate_id, started_at, holder, issuer)
            VALUES ((p->>'id')::bigint, iktomi_time((p->>'at')::bigint), iktomi_bytes(p->>'holder'),
                    iktomi_bytes(p->>'issuer'))
            ON CONFLICT DO NOTHING;
        WHEN 'Unstaked' THEN
            UPDATE tenure SET accrued_ms = (p->>'accrued_ms')::bigint, staked_certificate = NULL, staked_since = NULL
            WHERE holder = iktomi_bytes(p->>'holder') AND issuer = iktomi_bytes(p->>'issuer');
            UPDATE tenure_intervals SET ended_at = iktomi_time((p->>'at')::bigint)
            WHERE certificate_id = (p->>'id')::bigint AND ended_at IS NULL;
        WHEN 'ProgramCreated' THEN
            INSERT INTO tenure_programs (id, issuer, milestone_ms, award_kind, content_hash)
            VALUES ((p->>'id')::integer, iktomi_bytes(p->>'issuer'), (p->>'milestone_ms')::bigint,
                    p->>'award_kind', iktomi_bytes(p->>'content_hash'));
        WHEN 'ProgramClosed' THEN
            UPDATE tenure_programs SET closed = true WHERE id = (p->>'id')::integer;
        WHEN 'AwardClaimed' THEN
            INSERT INTO award_claims (program_id, holder, issuer, certificate_id)
            VALUES ((p->>'program')::integer, iktomi_bytes(p->>'holder'), iktomi_bytes(p->>'issuer'),
                    (p->>'certificate')::bigint);
        ELSE
            RAISE EXCEPTION 'iktomi_apply_events: unknown event %', e.name;
        END CASE;
    END LOOP;
    RETURN applied;
END $$;
