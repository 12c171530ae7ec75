-- The indexer folds decoded events into the state tables from Rust, with typed statements
-- (indexer/src/apply.rs), so the JSON round trip through iktomi_apply_events() is gone. The raw
-- SCALE bytes stay the log's record of each event; its JSON rendering (indexer/src/payload.rs)
-- is written later, while the indexer is caught up and idle, so it is NULL until then.
DROP FUNCTION iktomi_apply_events(bigint, bigint);
-- Only iktomi_apply_events() decoded hex strings; iktomi_time() and iktomi_ms() stay, the typed
-- statements and the queries of times use them.
DROP FUNCTION iktomi_bytes(text);

ALTER TABLE chain_events ALTER COLUMN payload DROP NOT NULL;

-- The rows still waiting for their JSON, found in chain order without a scan of the whole log.
CREATE INDEX chain_events_payload_pending ON chain_events (block_number, event_index)
    WHERE payload IS NULL;
