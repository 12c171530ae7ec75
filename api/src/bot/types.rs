//! The parts of Bot API `Update`s the bot reads; everything else in an update is ignored.
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Update {
    pub update_id: i64,
    #[serde(default)]
    pub message: Option<Message>,
    #[serde(default)]
    pub callback_query: Option<CallbackQuery>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Message {
    pub message_id: i64,
    #[serde(default)]
    pub from: Option<User>,
    pub chat: Chat,
    #[serde(default)]
    pub text: Option<String>,
}

/// A user as updates describe them: the same object initData carries.
pub use crate::auth::telegram::TelegramUser as User;

#[derive(Debug, Clone, Deserialize)]
pub struct Chat {
    pub id: i64,
    /// private, group, supergroup or channel.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CallbackQuery {
    pub id: String,
    pub from: User,
    #[serde(default)]
    pub message: Option<CallbackMessage>,
    #[serde(default)]
    pub data: Option<String>,
}

/// The message a pressed button sits under (an inaccessible one still has its chat and id).
#[derive(Debug, Clone, Deserialize)]
pub struct CallbackMessage {
    pub message_id: i64,
    pub chat: Chat,
}

/// A command and its argument: `/start invite_x` or `/start@iktomi_bot invite_x` → ("start",
/// "invite_x", Some("iktomi_bot")).
pub fn command(text: &str) -> Option<(String, &str, Option<&str>)> {
    let rest = text.strip_prefix('/')?;
    let (word, argument) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let (name, addressee) = match word.split_once('@') {
        Some((name, bot)) => (name, Some(bot)),
        None => (word, None),
    };
    if name.is_empty() || name.len() > 32 {
        return None;
    }
    Some((name.to_ascii_lowercase(), argument.trim(), addressee))
}

#[cfg(test)]
mod tests {
    use super::command;

    #[test]
    fn commands_are_read_as_telegram_writes_them() {
        assert_eq!(command("/start"), Some(("start".into(), "", None)));
        assert_eq!(
            command("/start invite_abc"),
            Some(("start".into(), "invite_abc", None))
        );
        assert_eq!(
            command("/Help@iktomi_bot  now"),
            Some(("help".into(), "now", Some("iktomi_bot")))
        );
        assert_eq!(command("hello"), None);
        assert_eq!(command("/"), None);
    }
}
