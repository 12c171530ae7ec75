//! `iktomi-api`: serves the HTTP API until Ctrl-C or SIGTERM.
use iktomi_api::config::Settings;
use iktomi_api::startup::{shutdown_signal, state, Application};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let settings = Settings::load()?;
    let state = state(settings).await?;
    let _workers = iktomi_api::workers::spawn(&state);
    let app = Application::build(state).await?;
    tracing::info!(port = app.port(), "iktomi-api listening");
    app.run_until(shutdown_signal()).await
}
