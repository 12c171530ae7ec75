//! What people read, in their language: Russian first, English second. One Fluent catalogue
//! (`api/locales/<lang>/*.ftl`) serves the bot, the notices, e-mails and the public pages, so a
//! text is translated once and a key missing in either language fails a test.
mod catalogue;
mod lang;

pub use catalogue::{certificate_kind, html_escape, plain, t, tr, Args};
pub use lang::Lang;
