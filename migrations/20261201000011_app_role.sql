-- The API's least-privilege role (issue 15). The role that runs these migrations (the indexer's,
-- which owns every table) keeps DDL; the API connects as a login role that is a member of
-- `iktomi_app`, which may read and write the tables but owns none, so it cannot disable the audit
-- log's append-only trigger (ALTER TABLE needs ownership), and on `audit_log` may only SELECT and
-- INSERT: no UPDATE, DELETE or TRUNCATE (which fires no row trigger). `audit_epochs` is read-only
-- to it. Deployments: CREATE ROLE iktomi_api LOGIN PASSWORD '…' IN ROLE iktomi_app; and give the
-- API that role's `DATABASE_URL` (api/README.md).
--
-- Roles are cluster-wide, and several databases may be migrated at once (tests), so the role is
-- created once and a concurrent creation is not an error.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'iktomi_app') THEN
        CREATE ROLE iktomi_app NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO iktomi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO iktomi_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO iktomi_app;
-- Tables later migrations create get the same.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO iktomi_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO iktomi_app;

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM iktomi_app;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_epochs, _sqlx_migrations FROM iktomi_app;
