-- What changed for matching, for the API's in-memory skill index (api/src/match_index.rs) to catch
-- up from before each query: one row per written resume or vacancy (or their skills), with the id
-- of the writing transaction, so a reader can tell which rows may still be in flight.
CREATE TABLE match_changes (
    seq    bigserial PRIMARY KEY,
    xid    xid8        NOT NULL DEFAULT pg_current_xact_id(),
    -- 'r' a resume, 'v' a vacancy
    entity "char"      NOT NULL,
    id     uuid        NOT NULL,
    at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX match_changes_xid ON match_changes (xid);
CREATE INDEX match_changes_at ON match_changes (at);

-- TG_ARGV: the entity letter and the column holding its id.
CREATE FUNCTION iktomi_log_match_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO match_changes (entity, id) VALUES (TG_ARGV[0]::"char", (to_jsonb(OLD) ->> TG_ARGV[1])::uuid);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO match_changes (entity, id) VALUES (TG_ARGV[0]::"char", (to_jsonb(NEW) ->> TG_ARGV[1])::uuid);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER resumes_match AFTER INSERT OR UPDATE OR DELETE ON resumes
    FOR EACH ROW EXECUTE FUNCTION iktomi_log_match_change('r', 'id');
CREATE TRIGGER resume_skills_match AFTER INSERT OR UPDATE OR DELETE ON resume_skills
    FOR EACH ROW EXECUTE FUNCTION iktomi_log_match_change('r', 'resume_id');
CREATE TRIGGER vacancies_match AFTER INSERT OR UPDATE OR DELETE ON vacancies
    FOR EACH ROW EXECUTE FUNCTION iktomi_log_match_change('v', 'id');
CREATE TRIGGER vacancy_skills_match AFTER INSERT OR UPDATE OR DELETE ON vacancy_skills
    FOR EACH ROW EXECUTE FUNCTION iktomi_log_match_change('v', 'vacancy_id');
