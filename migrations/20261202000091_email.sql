-- E-mail as a second channel, for people not reachable on Telegram: one address per person,
-- used once confirmed through a link. Only the SHA-256 of the confirmation token is kept.
CREATE TABLE email_addresses (
    account_id       uuid        PRIMARY KEY REFERENCES accounts ON DELETE CASCADE,
    address          text        NOT NULL CHECK (char_length(address) BETWEEN 3 AND 254),
    confirmed_at     timestamptz,
    token_hash       bytea,
    token_expires_at timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX email_addresses_confirmed ON email_addresses (lower(address))
    WHERE confirmed_at IS NOT NULL;
CREATE UNIQUE INDEX email_addresses_token ON email_addresses (token_hash) WHERE token_hash IS NOT NULL;

CREATE TRIGGER audit_change AFTER INSERT OR UPDATE OR DELETE ON email_addresses
    FOR EACH ROW EXECUTE FUNCTION iktomi_audit_change('account_id');

-- The outbox carries e-mails too, with the same leases, attempts and back-off as Telegram. An
-- e-mail row sends a notice (rendered when sent, in the reader's language of that moment) or a
-- message rendered when queued (`email`: subject, text, html), which is cleared once sent so a
-- confirmation link does not outlive its delivery.
ALTER TABLE deliveries
    ADD COLUMN channel text NOT NULL DEFAULT 'telegram' CHECK (channel IN ('telegram', 'email')),
    ADD COLUMN address text,
    ADD COLUMN email   jsonb,
    ALTER COLUMN chat_id DROP NOT NULL;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_what CHECK (
    (channel = 'telegram' AND chat_id IS NOT NULL AND address IS NULL
        AND (notification_id IS NULL) <> (audit_id IS NULL))
    OR (channel = 'email' AND address IS NOT NULL AND chat_id IS NULL AND audit_id IS NULL));
CREATE UNIQUE INDEX deliveries_email_once ON deliveries (notification_id, address)
    WHERE channel = 'email' AND notification_id IS NOT NULL;

-- A notice goes to the person's Telegram chats the bot can reach; when there is none, to their
-- confirmed e-mail address. Contracts always go by e-mail too (with the document), as the
-- requirements want them sent.
CREATE OR REPLACE FUNCTION iktomi_queue_telegram() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deliveries (notification_id, chat_id)
    SELECT NEW.id, subject::bigint FROM identities
    WHERE account_id = NEW.account_id AND provider = 'telegram' AND subject ~ '^[0-9]{1,19}$'
      AND NOT EXISTS (SELECT 1 FROM telegram_unreachable u WHERE u.chat_id = subject::bigint)
    ON CONFLICT DO NOTHING;
    IF NOT FOUND OR NEW.kind = 'contract' THEN
        INSERT INTO deliveries (notification_id, channel, address)
        SELECT NEW.id, 'email', e.address FROM email_addresses e
        WHERE e.account_id = NEW.account_id AND e.confirmed_at IS NOT NULL
        ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END
$$;
