//! An organization's communities: a Telegram chat its talent pool is invited to (a chat the bot and
//! the admin who adds it both administer, proven through the Bot API), each person with
//! a personal one-use invite link the bot creates (`createChatInviteLink`), delivered as a
//! notification; and mailings of vacancies and events to everyone invited. People opt out by
//! muting `community_invite` or `mailing`: nobody muted is asked for a link or written to.
pub mod chat_proof;
pub mod community;
pub mod invites;
pub mod mailings;
pub mod routes;
