-- Issue 15: sign-in proofs bound to who asked for them, replay memory, handle reservations.

-- A VK ID flow is finished only by whoever started it: the session that started a link flow,
-- or the browser holding the nonce cookie of an anonymous one (both stored as SHA-256).
ALTER TABLE vk_logins
    ADD COLUMN session_hash       bytea,
    ADD COLUMN browser_nonce_hash bytea;
CREATE INDEX vk_logins_expires ON vk_logins (expires_at);

-- What a wallet challenge is for: signing in, or binding the wallet to `account_id`.
ALTER TABLE wallet_challenges
    ADD COLUMN purpose    text NOT NULL DEFAULT 'sign-in' CHECK (purpose IN ('sign-in', 'bind')),
    ADD COLUMN account_id uuid REFERENCES accounts ON DELETE CASCADE,
    ADD CONSTRAINT wallet_challenges_bind_names_account CHECK ((purpose = 'bind') = (account_id IS NOT NULL));
CREATE INDEX wallet_challenges_expires ON wallet_challenges (expires_at);

-- The wallet whose signature opened a session, and when: operator actions need a recent one.
ALTER TABLE sessions
    ADD COLUMN wallet_address   bytea,
    ADD COLUMN wallet_signed_at timestamptz;

-- Telegram initData already used to sign in, by its hash, until it would be too old anyway.
CREATE TABLE telegram_init_data_used (
    hash       bytea PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
CREATE INDEX telegram_init_data_used_expires ON telegram_init_data_used (expires_at);

-- A handle someone gave up stays theirs for a while, so links, invitations and certificates
-- made out to it cannot be taken over by the next person to claim it. The reservation outlives
-- a deleted account (NULL owner) for the same reason.
CREATE TABLE handle_reservations (
    handle         text PRIMARY KEY,
    account_id     uuid REFERENCES accounts ON DELETE SET NULL,
    reserved_until timestamptz NOT NULL
);
