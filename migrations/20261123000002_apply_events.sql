-- Derives the current state from chain_events. The indexer inserts a batch of blocks' events and
-- calls iktomi_apply_events() for that range in the same transaction as the cursor update, so the
-- state is always exactly the fold of the event log up to the cursor.
--
-- Payload conventions (indexer/src/payload.rs): accounts and hashes are 0x-hex strings, times are
-- milliseconds since the epoch, enums are snake_case strings ("other-N" for numbered variants).

CREATE FUNCTION iktomi_bytes(hex text) RETURNS bytea
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT decode(substr(hex, 3), 'hex') $$;

-- Only immutable operations in these helpers, so the planner inlines them (timestamptz +
-- interval is merely stable and would turn every call into a function call).
-- A double holds any millisecond time of this era exactly enough for microsecond rounding.
CREATE FUNCTION iktomi_time(ms bigint) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT to_timestamp(ms::double precision / 1000) $$;

CREATE FUNCTION iktomi_ms(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT (extract(epoch FROM t) * 1000)::bigint $$;

-- A certificate's status at `at`, ranked as the registry's status(): a revocation outranks
-- expiry, which outranks the issuer's suspension.
CREATE FUNCTION iktomi_status(c certificates, issuer_suspended boolean, at timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN c.revocation_reason = 'superseded' AND c.superseded_by IS NOT NULL THEN 'superseded'
        WHEN c.revoked_at IS NOT NULL THEN 'revoked'
        WHEN c.expires_at <= at THEN 'expired'
        WHEN issuer_suspended THEN 'issuer_suspended'
        ELSE 'active'
    END $$;

CREATE VIEW certificate_status AS
    SELECT c.*, iktomi_status(c, i.suspended_at IS NOT NULL, now()) AS status
    FROM certificates c LEFT JOIN issuers i ON i.account = c.issuer;

-- Tenure in milliseconds at `at`, as the registry's tenure_of(): the open stake counts until the
-- staked certificate's revocation or expiry.
CREATE FUNCTION iktomi_tenure_ms(holder_account bytea, issuer_account bytea, at timestamptz) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT coalesce((
        SELECT t.accrued_ms + CASE
            WHEN t.staked_certificate IS NULL THEN 0
            ELSE greatest(0, iktomi_ms(least(at, c.revoked_at, c.expires_at)) - iktomi_ms(t.staked_since))
        END
        FROM tenure t LEFT JOIN certificates c ON c.id = t.staked_certificate
        WHERE t.holder = holder_account AND t.issuer = issuer_account), 0) $$;

CREATE FUNCTION iktomi_apply_events(from_block bigint, to_block bigint) RETURNS integer
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
                              supersedes, request_id, minter, issued_block, updated_block)
    SELECT (payload->>'id')::bigint, iktomi_bytes(payload->>'issuer'), iktomi_bytes(payload->>'holder'), payload->>'kind',
           iktomi_bytes(payload->>'content_hash'), iktomi_time((payload->>'issued_at')::bigint),
           iktomi_time((payload->>'expires_at')::bigint), (payload->>'supersedes')::bigint,
           (payload->>'request')::bigint, iktomi_bytes(payload->>'minter'), block_number, block_number
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
        WHEN 'MinterChanged' THEN
            IF (p->>'allowed')::boolean THEN
                INSERT INTO minters (issuer, minter, kind)
                VALUES (iktomi_bytes(p->>'issuer'), iktomi_bytes(p->>'minter'), p->>'kind')
                ON CONFLICT DO NOTHING;
            ELSE
                DELETE FROM minters WHERE issuer = iktomi_bytes(p->>'issuer')
                    AND minter = iktomi_bytes(p->>'minter') AND kind = p->>'kind';
            END IF;
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
