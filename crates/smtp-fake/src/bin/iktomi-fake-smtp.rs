//! `iktomi-fake-smtp --listen 127.0.0.1:2525 [--http 127.0.0.1:2526]`: a local SMTP server for
//! the dev platform, where no real mail should leave the machine. It logs each message the API
//! sends and, with `--http`, lists them at `GET /messages` (`DELETE /messages` clears them).
//! With `--user` and `--password` it requires exactly those in AUTH; without, it takes any AUTH
//! or none.
use clap::Parser;
use iktomi_smtp_fake::FakeSmtp;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:2525")]
    listen: std::net::SocketAddr,
    /// Where to serve `GET /messages`; not served when absent.
    #[arg(long)]
    http: Option<std::net::SocketAddr>,
    #[arg(long, env = "IKTOMI_FAKE_SMTP_USER", requires = "password")]
    user: Option<String>,
    #[arg(long, env = "IKTOMI_FAKE_SMTP_PASSWORD", requires = "user")]
    password: Option<String>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .init();
    let args = Args::parse();
    let credentials = args.user.as_deref().zip(args.password.as_deref());
    let smtp = FakeSmtp::start_on(args.listen, credentials).await?;
    tracing::info!(url = %smtp.url(), auth = credentials.is_some(), "fake SMTP server listening");
    if let Some(http) = args.http {
        let bound = smtp.serve_http(http).await?;
        tracing::info!(url = %format!("http://{bound}/messages"), "messages listed");
    }
    std::future::pending::<()>().await;
    Ok(())
}
