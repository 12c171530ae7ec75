-- The audit log: every write by users and admins, append-only and hash-chained. Each row's hash is
-- SHA-256 of the previous row's hash and the row's canonical text, so altering, removing or
-- reordering a row breaks the chain from there on (`iktomi-audit-verify` finds the first such row).
-- Appends are serialized by an advisory lock held to commit, so the chain follows commit order.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL,
    actor      uuid,
    action     text        NOT NULL,
    target     text        NOT NULL,
    before     jsonb,
    after      jsonb,
    request_id text,
    prev_hash  bytea       NOT NULL,
    hash       bytea       NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target, id DESC);
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION iktomi_append_only();

ALTER TABLE deliveries ADD CONSTRAINT deliveries_audit FOREIGN KEY (audit_id) REFERENCES audit_log;

CREATE FUNCTION iktomi_audit_text(id bigint, at timestamptz, actor uuid, action text, target text,
                                  before jsonb, after jsonb, request_id text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT concat_ws(chr(31), id::text, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                     coalesce(actor::text, ''), action, target, coalesce(before::text, 'null'),
                     coalesce(after::text, 'null'), coalesce(request_id, ''))
$$;

-- Appends one entry (and, when `chat` is given, its delivery to that group topic); its id.
CREATE FUNCTION iktomi_audit(p_actor uuid, p_action text, p_target text, p_before jsonb, p_after jsonb,
                             p_request_id text, p_chat bigint, p_thread bigint) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v_id   bigint;
    v_at   timestamptz;
    v_prev bytea;
BEGIN
    -- The id is taken under the lock, so ids follow the chain.
    PERFORM pg_advisory_xact_lock(7331, 1);
    v_id := nextval('audit_log_id_seq');
    v_at := clock_timestamp();
    SELECT hash INTO v_prev FROM audit_log ORDER BY id DESC LIMIT 1;
    v_prev := coalesce(v_prev, decode(repeat('00', 32), 'hex'));
    INSERT INTO audit_log (id, at, actor, action, target, before, after, request_id, prev_hash, hash)
    VALUES (v_id, v_at, p_actor, p_action, p_target, p_before, p_after, p_request_id, v_prev,
            sha256(v_prev || convert_to(iktomi_audit_text(v_id, v_at, p_actor, p_action, p_target,
                                                          p_before, p_after, p_request_id), 'UTF8')));
    IF p_chat IS NOT NULL THEN
        INSERT INTO deliveries (audit_id, chat_id, thread_id) VALUES (v_id, p_chat, p_thread);
    END IF;
    RETURN v_id;
END
$$;
