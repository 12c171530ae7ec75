-- Telegram deliveries, queued in the transaction that wrote what they carry: a notification for a
-- person who signed in with Telegram (to their private chat with the bot), or an audit entry (to
-- the audit group's topic). The sender claims a row with a lease, so a crashed sender's row is
-- sent again after the lease and no two senders send the same row; one row per (notification,
-- chat), so an event reaches a recipient once.
CREATE TYPE delivery_status AS ENUM ('pending', 'sent', 'failed');

CREATE TABLE deliveries (
    id              bigserial PRIMARY KEY,
    notification_id bigint REFERENCES notifications ON DELETE CASCADE,
    audit_id        bigint,
    chat_id         bigint          NOT NULL,
    -- A forum topic (`message_thread_id`) in a group.
    thread_id       bigint,
    status          delivery_status NOT NULL DEFAULT 'pending',
    attempts        int             NOT NULL DEFAULT 0,
    next_attempt_at timestamptz     NOT NULL DEFAULT now(),
    lease_until     timestamptz,
    last_error      text,
    sent_at         timestamptz,
    message_id      bigint,
    CHECK ((notification_id IS NULL) <> (audit_id IS NULL))
);
CREATE UNIQUE INDEX deliveries_once ON deliveries (notification_id, chat_id) WHERE notification_id IS NOT NULL;
CREATE UNIQUE INDEX deliveries_audit_once ON deliveries (audit_id) WHERE audit_id IS NOT NULL;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';

CREATE FUNCTION iktomi_queue_telegram() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deliveries (notification_id, chat_id)
    SELECT NEW.id, subject::bigint FROM identities
    WHERE account_id = NEW.account_id AND provider = 'telegram' AND subject ~ '^[0-9]{1,19}$'
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER notifications_telegram AFTER INSERT ON notifications
    FOR EACH ROW EXECUTE FUNCTION iktomi_queue_telegram();
