//! `iktomi-fake-telegram --listen 127.0.0.1:8081 --token <bot token>`: a local Bot API for the dev
//! platform, where Telegram cannot be reached. It logs each message the API's outbox delivers and
//! lists them at `GET /messages`.
use clap::Parser;
use iktomi_telegram_fake::FakeBot;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: std::net::SocketAddr,
    #[arg(long, env = "IKTOMI_FAKE_TELEGRAM_TOKEN")]
    token: String,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    let args = Args::parse();
    let bot = FakeBot::start_on(args.listen, &args.token).await?;
    tracing::info!(url = %bot.url, "fake Telegram Bot API listening");
    std::future::pending::<()>().await;
    Ok(())
}
