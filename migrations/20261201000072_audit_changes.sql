-- Every change to a business table leaves a trace in the same transaction (issue 15, item 8):
-- a row trigger appends (table, operation, primary key) to `audit_changes`, tagged with the audit
-- scope the API sets on its connection for the request (`iktomi.audit_scope`). The HMAC-chained
-- entry the API writes once the handler answers lists its scope's changes; a sweeper chains any
-- change no entry covers (a crash between commit and entry, a worker's write). No row data is
-- copied, so no secret lands here. The API's role may only insert and read; it owns no table, so
-- it can neither drop nor disable these triggers.
CREATE TABLE audit_changes (
    id         bigserial   PRIMARY KEY,
    scope      uuid,
    -- The writing transaction's id (xid8 as a number): an entry written in the same
    -- transaction covers the change.
    xact       bigint      NOT NULL DEFAULT pg_current_xact_id()::text::bigint,
    table_name text        NOT NULL,
    operation  text        NOT NULL,
    row_key    jsonb       NOT NULL,
    at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_changes_scope ON audit_changes (scope) WHERE scope IS NOT NULL;
CREATE TRIGGER audit_changes_append_only BEFORE UPDATE OR DELETE ON audit_changes
    FOR EACH ROW EXECUTE FUNCTION iktomi_append_only();
-- An entry covers the changes it lists under `_changes`: a request's by its scope, a worker's
-- (written in the same transaction) by the transaction id.
CREATE INDEX audit_log_changes_scope ON audit_log ((after -> '_changes' ->> 'scope'))
    WHERE after ? '_changes';
CREATE INDEX audit_log_changes_xact ON audit_log ((after -> '_changes' ->> 'xact'))
    WHERE after ? '_changes';

CREATE INDEX audit_changes_xact ON audit_changes (xact);

-- How far back the sweeper need not look any more: every change up to here is covered. Moved
-- only by `iktomi_audit_sweep_advance`, which checks that.
CREATE TABLE audit_sweep (
    one             boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_change_id  bigint  NOT NULL
);
INSERT INTO audit_sweep (last_change_id) VALUES (0);

-- Whether an entry covers change `c`: it lists the change's request scope, or its transaction,
-- with a last change id at or after it. A change written later under a scope or id that an
-- entry already covers (a forged `iktomi.audit_scope`) is not covered by it.
CREATE FUNCTION iktomi_audit_covered(c audit_changes) RETURNS boolean
    LANGUAGE sql STABLE SET search_path = pg_catalog, public AS $$
    SELECT EXISTS (
        SELECT 1 FROM public.audit_log l
        WHERE l.after ? '_changes'
          AND ((c.scope IS NOT NULL AND l.after -> '_changes' ->> 'scope' = c.scope::text)
               OR l.after -> '_changes' ->> 'xact' = c.xact::text)
          AND (l.after -> '_changes' ->> 'last_id')::bigint >= c.id)
$$;

-- Moves the sweeper's mark to `upto`, refusing while a change up to there is not covered: the
-- API's role can chain changes, not skip them.
CREATE FUNCTION iktomi_audit_sweep_advance(upto bigint) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    mark bigint;
BEGIN
    SELECT last_change_id INTO mark FROM public.audit_sweep FOR UPDATE;
    IF upto <= mark THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM public.audit_changes c
               WHERE c.id > mark AND c.id <= upto AND NOT iktomi_audit_covered(c)) THEN
        RAISE EXCEPTION 'audit changes up to % are not all covered', upto
            USING ERRCODE = 'check_violation';
    END IF;
    UPDATE public.audit_sweep SET last_change_id = upto;
END
$$;

-- The trigger's arguments name the table's primary key columns. It runs as its owner, with a
-- fixed search path: the API's role may not write `audit_changes` itself, and a temporary table
-- of that name cannot catch its rows.
CREATE FUNCTION iktomi_audit_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    r jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
    k jsonb := '{}';
    c text;
BEGIN
    FOREACH c IN ARRAY coalesce(TG_ARGV, ARRAY[]::text[]) LOOP
        k := k || jsonb_build_object(c, r -> c);
    END LOOP;
    INSERT INTO public.audit_changes (scope, table_name, operation, row_key)
    VALUES (nullif(current_setting('iktomi.audit_scope', true), '')::uuid, TG_TABLE_NAME, TG_OP, k);
    RETURN NULL;
END
$$;

-- The tables people's actions change. Not the chain mirror (the indexer writes it from finalized
-- blocks), nor bookkeeping (sessions, challenges, deliveries, queues, rate ledgers, caches).
DO $$
DECLARE
    t text;
    cols text;
BEGIN
    FOREACH t IN ARRAY ARRAY[
        'accounts', 'identities', 'profiles', 'profile_skills', 'profile_education',
        'profile_experience', 'organizations', 'memberships', 'verification_requests', 'wallets',
        'seed_export_approvals', 'handle_reservations', 'recommendations', 'artifacts',
        'artifact_reviews', 'certificate_documents', 'vacancies', 'vacancy_skills', 'resumes',
        'resume_skills', 'resume_responses', 'talent_pool', 'applications', 'application_events',
        'roadmaps', 'roadmap_steps', 'contracts', 'contract_reviews', 'communities',
        'community_invites', 'attestations', 'attestation_questions', 'attestation_assignees',
        'attestation_certificates', 'attempts', 'badges', 'badge_awards', 'point_entries',
        'mailings', 'notification_mutes'
    ] LOOP
        -- Its primary key; a table without one (a history) by the columns of its first index.
        SELECT coalesce(string_agg(quote_literal(a.attname), ', ' ORDER BY array_position(i.indkey::int2[], a.attnum)), '')
          INTO cols
          FROM pg_index i
          JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
         WHERE i.indexrelid = (SELECT x.indexrelid FROM pg_index x
                               WHERE x.indrelid = t::regclass
                               ORDER BY x.indisprimary DESC, x.indexrelid LIMIT 1);
        EXECUTE format(
            'CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON %I
                 FOR EACH ROW EXECUTE FUNCTION iktomi_audit_change(%s)', t, cols);
    END LOOP;
END
$$;

REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_changes FROM iktomi_app;
REVOKE UPDATE, USAGE ON SEQUENCE audit_changes_id_seq FROM iktomi_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_sweep FROM iktomi_app;
