-- Every API replica keeps some public answers in memory (api/src/http/announced): certificate
-- verifications, people's public profiles, issuers' revocation lists and public keys. A change to anything such an answer is built from
-- announces itself on the channel `iktomi_changes`, in the transaction that makes it, whoever
-- writes it: the indexer, the API, an operator at psql. A notification is delivered only if its transaction commits, and in
-- commit order, so a replica that drops what it is told about never answers from before a
-- commit it has heard of.
--
-- Payload: tokens separated by spaces, each naming what changed:
--   c<id>   a certificate (its row; its supersede chain neighbours carry their own token)
--   a<hex>  an account on chain: an issuer (registered, suspended, retired) or a wallet
--   o<uuid> an organization: its name, signing key version, issuer accounts
--   i<hex>  the certificates of an issuer account, as a set (a certificate added or changed)
--   h<hex>  the stored document of a content hash
--   p<uuid> a person's account or profile
-- NOTIFY payloads stop at 8000 bytes, so certificate ids go 300 to a notification.

CREATE FUNCTION iktomi_announce_certificates() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('iktomi_changes', string_agg('c' || id, ' '))
    FROM (SELECT id, (row_number() OVER ()) / 300 AS chunk FROM changed) ids
    GROUP BY chunk;
    -- The issuers whose set of certificates changed (their revocation lists).
    PERFORM pg_notify('iktomi_changes', string_agg('i' || encode(issuer, 'hex'), ' '))
    FROM (SELECT DISTINCT issuer, (dense_rank() OVER (ORDER BY issuer)) / 100 AS chunk
          FROM changed) issuers
    GROUP BY chunk;
    RETURN NULL;
END $$;

-- A trigger with transition tables takes one event.
CREATE TRIGGER certificates_inserted_announce AFTER INSERT ON certificates
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION iktomi_announce_certificates();
CREATE TRIGGER certificates_updated_announce AFTER UPDATE ON certificates
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION iktomi_announce_certificates();
CREATE TRIGGER certificates_deleted_announce AFTER DELETE ON certificates
    REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION iktomi_announce_certificates();

-- The rest changes a row at a time, and rarely. `changed` is the row as JSON, where a bytea reads
-- "\x<hex>".
CREATE FUNCTION iktomi_announce(source name, changed jsonb) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    CASE source
    WHEN 'issuers' THEN
        PERFORM pg_notify('iktomi_changes', 'a' || substr(changed->>'account', 3));
        -- Its organization's set of issuer accounts, and whether it issues at all.
        PERFORM pg_notify('iktomi_changes', 'o' || (changed->>'organization_id'));
    WHEN 'wallets' THEN
        PERFORM pg_notify('iktomi_changes', 'a' || substr(changed->>'address', 3));
    WHEN 'organizations' THEN
        PERFORM pg_notify('iktomi_changes', 'o' || (changed->>'id'));
    WHEN 'certificate_documents' THEN
        PERFORM pg_notify('iktomi_changes', 'h' || substr(changed->>'content_hash', 3));
    WHEN 'accounts' THEN
        PERFORM pg_notify('iktomi_changes', 'p' || (changed->>'id'));
        -- A handle shows beside every wallet of its account.
        PERFORM pg_notify('iktomi_changes', 'a' || encode(w.address, 'hex'))
        FROM wallets w WHERE w.account_id = (changed->>'id')::uuid;
    ELSE
        -- profiles and the items on them
        PERFORM pg_notify('iktomi_changes', 'p' || (changed->>'account_id'));
    END CASE;
END $$;

CREATE FUNCTION iktomi_announce_row() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'DELETE' THEN
        PERFORM iktomi_announce(TG_TABLE_NAME, to_jsonb(NEW));
    END IF;
    IF TG_OP <> 'INSERT' THEN
        PERFORM iktomi_announce(TG_TABLE_NAME, to_jsonb(OLD));
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER issuers_announce AFTER INSERT OR UPDATE OR DELETE ON issuers
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER wallets_announce AFTER INSERT OR UPDATE OR DELETE ON wallets
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER certificate_documents_announce AFTER INSERT OR UPDATE OR DELETE ON certificate_documents
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER organizations_announce AFTER UPDATE OF name, credential_key_version OR DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER accounts_announce AFTER UPDATE OF handle OR DELETE ON accounts
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER profiles_announce AFTER INSERT OR UPDATE OR DELETE ON profiles
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER profile_skills_announce AFTER INSERT OR UPDATE OR DELETE ON profile_skills
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER profile_education_announce AFTER INSERT OR UPDATE OR DELETE ON profile_education
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
CREATE TRIGGER profile_experience_announce AFTER INSERT OR UPDATE OR DELETE ON profile_experience
    FOR EACH ROW EXECUTE FUNCTION iktomi_announce_row();
