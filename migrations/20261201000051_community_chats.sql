-- A community's Telegram chat is proven before the bot makes invite links to it: the bot and the
-- admin who adds it both administer the chat. Communities added before this keep their rows but
-- are unproven (no invites) until an admin of the chat proves it; a proven chat belongs to one
-- community, so one organization.
ALTER TABLE communities
    ADD COLUMN verified_at timestamptz,
    ADD COLUMN verified_by_telegram bigint;
CREATE UNIQUE INDEX communities_proven_chat ON communities (telegram_chat_id)
    WHERE verified_at IS NOT NULL;
