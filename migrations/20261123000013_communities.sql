-- An organization's communities: a Telegram chat its talent pool is invited to (one personal
-- invite link per person, made by the Bot API) and mailings of vacancies and events to the
-- people invited. Opting out is muting the notification kind (`notification_mutes`).
CREATE TABLE communities (
    id               uuid PRIMARY KEY,
    organization_id  uuid        NOT NULL REFERENCES organizations ON DELETE CASCADE,
    name             text        NOT NULL,
    telegram_chat_id bigint      NOT NULL,
    created_by       uuid        NOT NULL REFERENCES accounts,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX communities_organization ON communities (organization_id, created_at);

CREATE TABLE community_invites (
    community_id uuid        NOT NULL REFERENCES communities ON DELETE CASCADE,
    account_id   uuid        NOT NULL REFERENCES accounts ON DELETE CASCADE,
    invite_link  text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (community_id, account_id)
);

CREATE TYPE mailing_kind AS ENUM ('vacancy', 'event');

CREATE TABLE mailings (
    id           uuid PRIMARY KEY,
    community_id uuid         NOT NULL REFERENCES communities ON DELETE CASCADE,
    kind         mailing_kind NOT NULL,
    vacancy_id   uuid REFERENCES vacancies ON DELETE SET NULL,
    title        text         NOT NULL,
    body         text         NOT NULL DEFAULT '',
    created_by   uuid         NOT NULL REFERENCES accounts,
    recipients   int          NOT NULL,
    created_at   timestamptz  NOT NULL DEFAULT now()
);
