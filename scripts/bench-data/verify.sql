-- The query GET /v1/verify/{id} runs when it reads the database (api/src/certificates/lookup.rs
-- `fetch_many`, asked for one id); keep in step. Run as: pgbench -D certs=<n> -f verify.sql
\set id random(1, :certs)
SELECT c.id, c.kind, c.status, c.revocation_reason, c.revoked_at, c.issued_at, c.expires_at,
       c.content_hash, c.issuer, c.holder, i.account IS NOT NULL, i.suspended_at IS NOT NULL,
       o.id, o.name, a.handle, d.document, p.placement,
       ARRAY(WITH RECURSIVE back(id, depth) AS (
                 SELECT c.supersedes, 1 WHERE c.supersedes IS NOT NULL
                 UNION ALL
                 SELECT p.supersedes, b.depth + 1 FROM certificates p JOIN back b ON p.id = b.id
                 WHERE p.supersedes IS NOT NULL AND b.depth < 100)
             SELECT id FROM back ORDER BY depth),
       ARRAY(WITH RECURSIVE forward(id, depth) AS (
                 SELECT c.superseded_by, 1 WHERE c.superseded_by IS NOT NULL
                 UNION ALL
                 SELECT n.superseded_by, f.depth + 1 FROM certificates n JOIN forward f ON n.id = f.id
                 WHERE n.superseded_by IS NOT NULL AND f.depth < 100)
             SELECT id FROM forward ORDER BY depth)
FROM certificate_status c
JOIN certificates p ON p.id = c.id
LEFT JOIN issuers i ON i.account = c.issuer
LEFT JOIN organizations o ON o.id = i.organization_id
LEFT JOIN wallets w ON w.address = c.holder
LEFT JOIN accounts a ON a.id = w.account_id
LEFT JOIN certificate_documents d ON d.content_hash = c.content_hash
WHERE c.id = ANY(ARRAY[:id]::bigint[]);
