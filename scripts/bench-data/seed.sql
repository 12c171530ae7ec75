-- Synthetic data for scripts/bench-api: one verified issuer, 1,000 people with profiles, skills
-- and wallets, :certs certificates (every tenth supersedes the one before) with documents.
--   psql -v certs=10000 -f scripts/bench-data/seed.sql
BEGIN;
INSERT INTO accounts (id, handle) VALUES ('00000000-0000-0000-0000-000000000001', 'bench_admin');
INSERT INTO profiles (account_id) VALUES ('00000000-0000-0000-0000-000000000001');
INSERT INTO organizations (id, name, kind, created_by, issuer_account)
VALUES ('00000000-0000-0000-0000-00000000000a', 'Bench University', 'university',
        '00000000-0000-0000-0000-000000000001', decode(repeat('ab', 32), 'hex'));
INSERT INTO issuers (account, organization_id, metadata_hash, registered_at, updated_block)
VALUES (decode(repeat('ab', 32), 'hex'), '00000000-0000-0000-0000-00000000000a',
        decode(repeat('00', 32), 'hex'), now(), 1);

INSERT INTO accounts (id, handle)
SELECT ('00000000-0000-0000-0001-' || lpad(to_hex(i), 12, '0'))::uuid, 'person' || i
FROM generate_series(1, 1000) i;
INSERT INTO profiles (account_id, display_name, headline, about, location)
SELECT id, 'Person ' || handle, 'Rust engineer', 'Builds verifiable things', 'Kazan'
FROM accounts WHERE handle LIKE 'person%';
INSERT INTO profile_skills (account_id, position, name, level, visibility)
SELECT a.id, s, 'skill' || s, 1 + s % 5, CASE WHEN s % 3 = 0 THEN 'private' ELSE 'public' END::visibility
FROM accounts a, generate_series(1, 10) s WHERE a.handle LIKE 'person%';
INSERT INTO profile_education (account_id, position, institution, degree, visibility)
SELECT id, 1, 'Kazan University', 'BSc', 'public' FROM accounts WHERE handle LIKE 'person%';
INSERT INTO profile_experience (account_id, position, company, title, visibility)
SELECT id, p, 'Company ' || p, 'Engineer', 'public'
FROM accounts, generate_series(1, 3) p WHERE handle LIKE 'person%';
INSERT INTO wallets (address, account_id, kind)
SELECT decode(lpad(to_hex(n), 64, '0'), 'hex'), id, 'external'
FROM (SELECT id, substr(handle, 7)::int AS n FROM accounts WHERE handle LIKE 'person%') people;

INSERT INTO certificates (id, issuer, holder, kind, content_hash, issued_at, supersedes,
                          superseded_by, revoked_at, revocation_reason, issued_block, updated_block)
SELECT i, decode(repeat('ab', 32), 'hex'), decode(lpad(to_hex(1 + i % 1000), 64, '0'), 'hex'),
       'diploma', sha256(i::text::bytea), now(),
       CASE WHEN i % 10 = 0 THEN i - 1 END,
       CASE WHEN i % 10 = 9 THEN i + 1 END,
       CASE WHEN i % 10 = 9 THEN now() END,
       CASE WHEN i % 10 = 9 THEN 'superseded' END, 1, 1
FROM generate_series(1, :certs) i;
INSERT INTO certificate_documents (content_hash, organization_id, document)
SELECT sha256(i::text::bytea), '00000000-0000-0000-0000-00000000000a',
       jsonb_build_object('name', 'Diploma ' || i, 'type', jsonb_build_array('OpenBadgeCredential'))
FROM generate_series(1, :certs) i;
COMMIT;
ANALYZE;
