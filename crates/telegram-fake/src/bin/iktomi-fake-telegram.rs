//! `iktomi-fake-telegram --listen 127.0.0.1:8081 --token <bot token>`: a local Bot API for the dev
//! platform, where Telegram cannot be reached. It logs each message the API's outbox delivers and
//! lists them at `GET /messages` (every call at `GET /calls`). Users speak to the bot through
//! `POST /updates` (see `scripts/bot-say`), which the bot reads by `getUpdates` or its webhook.
//! `--chat-admin <telegram user id>` (repeatable) makes people administrators of its group, so
//! they can add it as a community.
use clap::Parser;
use iktomi_telegram_fake::{FakeBot, Status, CHAT};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: std::net::SocketAddr,
    #[arg(long, env = "IKTOMI_FAKE_TELEGRAM_TOKEN")]
    token: String,
    /// Telegram users who administer the fake's group.
    #[arg(long = "chat-admin")]
    chat_admins: Vec<i64>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    let args = Args::parse();
    let bot = FakeBot::start_on(args.listen, &args.token).await?;
    for admin in args.chat_admins {
        bot.set_member(CHAT, admin, Status::Administrator);
    }
    tracing::info!(url = %bot.url, "fake Telegram Bot API listening");
    std::future::pending::<()>().await;
    Ok(())
}
