-- A person's language for what the platform tells them (bot, notices, e-mail): the one they chose,
-- else the one Telegram last reported, else Russian. Kept as two columns so that Telegram's
-- report never overrides a choice.
ALTER TABLE accounts
    ADD COLUMN language text CHECK (language IN ('ru', 'en')),
    ADD COLUMN telegram_language text CHECK (char_length(telegram_language) <= 35);

-- Private chats the bot does not send to: the person blocked the bot (Telegram answered 403;
-- until they write to it again) or sent /stop (until /start). Their notices stay in the inbox.
CREATE TABLE telegram_unreachable (
    chat_id bigint      PRIMARY KEY,
    reason  text        NOT NULL DEFAULT 'blocked' CHECK (reason IN ('blocked', 'stopped')),
    since   timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION iktomi_queue_telegram() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO deliveries (notification_id, chat_id)
    SELECT NEW.id, subject::bigint FROM identities
    WHERE account_id = NEW.account_id AND provider = 'telegram' AND subject ~ '^[0-9]{1,19}$'
      AND NOT EXISTS (SELECT 1 FROM telegram_unreachable u WHERE u.chat_id = subject::bigint)
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

-- Telegram updates handled, by id: Telegram may deliver one twice, and a webhook retry or a new
-- poller may repeat one; its effects commit with this mark, so each is handled once. Old marks
-- are swept after a week, past any redelivery (Telegram keeps an update for a day).
-- Keyed by the bot too: a new token starts a new sequence of ids.
CREATE TABLE bot_updates (
    bot_id      bigint      NOT NULL,
    update_id   bigint      NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (bot_id, update_id)
);

-- One pending request per colleague and statement: asking again is not a way to message them.
CREATE UNIQUE INDEX recommendations_one_pending ON recommendations
    (subject_id, author_id, kind, coalesce(skill, '')) WHERE status = 'requested';
