-- Issue 15: the audit log held session tokens and exported wallet seeds (every answer was its
-- `after`), and its chain was unkeyed SHA-256. From here on:
--
-- * Redaction: each route declares what it records (api/src/http/audit/policy.rs); the same
--   rules are applied here to the rows already written, then the legacy rows are re-chained.
-- * Epochs: `audit_epochs` says which scheme hashes which rows. Epoch 1 is the legacy unkeyed
--   SHA-256 chain, re-chained by this migration after redaction; `replaced_head` keeps the head
--   it had before, so a copy of that head taken earlier (a Telegram post) can still be matched to
--   this event. Epoch 2 is HMAC-SHA-256 under a key the database never sees: the API computes
--   each hash, `iktomi-audit-verify` needs the key. Its first row links to the last legacy hash,
--   so the legacy rows are covered by the first keyed row after them.
-- * The unkeyed append function is dropped: nothing can write an unkeyed row any more.
CREATE TABLE audit_epochs (
    epoch         int         PRIMARY KEY,
    first_id      bigint      NOT NULL UNIQUE,
    scheme        text        NOT NULL CHECK (scheme IN ('sha256', 'hmac-sha256')),
    started_at    timestamptz NOT NULL DEFAULT now(),
    replaced_head bytea,
    note          text        NOT NULL
);

-- Keys that name a secret anywhere in a recorded answer (matching `SECRET_KEYS` in Rust).
CREATE FUNCTION iktomi_audit_scrub(v jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(v) = 'object' THEN
        RETURN (SELECT coalesce(jsonb_object_agg(key,
                    CASE WHEN lower(replace(key, '_', '')) IN
                              ('token', 'sessiontoken', 'accesstoken', 'refreshtoken', 'seed',
                               'mnemonic', 'secret', 'nonce', 'initdata', 'password', 'privatekey')
                         THEN '"[redacted]"'::jsonb ELSE iktomi_audit_scrub(value) END), '{}'::jsonb)
                FROM jsonb_each(v));
    ELSIF jsonb_typeof(v) = 'array' THEN
        RETURN (SELECT coalesce(jsonb_agg(iktomi_audit_scrub(e) ORDER BY i), '[]'::jsonb)
                FROM jsonb_array_elements(v) WITH ORDINALITY AS t(e, i));
    END IF;
    RETURN v;
END
$$;

-- Routes whose answer carries a secret record only the listed fields (matching `Record::Only`).
CREATE FUNCTION iktomi_audit_keep(v jsonb, keys text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(v) = 'object'
                THEN (SELECT coalesce(jsonb_object_agg(key, value), '{}'::jsonb)
                      FROM jsonb_each(v) WHERE key = ANY (keys))
                ELSE v END
$$;

CREATE FUNCTION iktomi_audit_redact(action text, v jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT iktomi_audit_scrub(CASE
        WHEN action IN ('POST /v1/auth/telegram', 'POST /v1/auth/wallet', 'POST /v1/auth/vk/callback')
            THEN iktomi_audit_keep(v, ARRAY['account_id', 'handle', 'created', 'expires_at'])
        WHEN action IN ('POST /v1/me/wallets/{address}/export',
                        'POST /v1/organizations/{id}/wallets/{address}/export')
            THEN iktomi_audit_keep(v, ARRAY['address'])
        WHEN action = 'POST /v1/auth/wallet/challenge' THEN iktomi_audit_keep(v, ARRAY['expires_at'])
        WHEN action = 'POST /v1/auth/vk/start' THEN iktomi_audit_keep(v, ARRAY[]::text[])
        ELSE v END)
$$;

DROP FUNCTION iktomi_audit(uuid, text, text, jsonb, jsonb, text, bigint, bigint);

DO $$
DECLARE
    r        record;
    v_prev   bytea := decode(repeat('00', 32), 'hex');
    v_head   bytea;
    v_hash   bytea;
    v_before jsonb;
BEGIN
    SELECT hash INTO v_head FROM audit_log ORDER BY id DESC LIMIT 1;
    ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
    FOR r IN SELECT * FROM audit_log ORDER BY id LOOP
        -- `before` is the previous `after` of the same target, redacted by its own action.
        v_before := CASE WHEN r.before IS NULL THEN NULL ELSE
            iktomi_audit_redact(coalesce((SELECT p.action FROM audit_log p
                                          WHERE p.target = r.target AND p.id < r.id
                                          ORDER BY p.id DESC LIMIT 1), r.action), r.before) END;
        v_hash := sha256(v_prev || convert_to(iktomi_audit_text(r.id, r.at, r.actor, r.action, r.target,
                     v_before, iktomi_audit_redact(r.action, r.after), r.request_id), 'UTF8'));
        UPDATE audit_log SET before = v_before, after = iktomi_audit_redact(r.action, r.after),
                             prev_hash = v_prev, hash = v_hash
        WHERE id = r.id;
        v_prev := v_hash;
    END LOOP;
    ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
    INSERT INTO audit_epochs (epoch, first_id, scheme, replaced_head, note)
    VALUES (1, 0, 'sha256', v_head,
            'legacy unkeyed chain; secrets redacted and re-chained by migration 20261201000010');
    INSERT INTO audit_epochs (epoch, first_id, scheme, note)
    SELECT 2, CASE WHEN is_called THEN last_value + 1 ELSE last_value END, 'hmac-sha256',
           'HMAC-SHA-256 under the API''s audit key (not stored in the database)'
    FROM audit_log_id_seq;
END
$$;
