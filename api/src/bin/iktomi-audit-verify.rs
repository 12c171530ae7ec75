//! `iktomi-audit-verify`: walks the audit log's hash chain in the database at `DATABASE_URL` and
//! reports the first row that was altered, removed or reordered; exits 1 if there is one.
use anyhow::Context;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let db = sqlx::PgPool::connect(&std::env::var("DATABASE_URL").context("DATABASE_URL")?).await?;
    let verdict = iktomi_api::http::audit::verify(&db).await?;
    match verdict.first_tampered {
        None => {
            println!("audit log intact: {} entries", verdict.entries);
            Ok(())
        }
        Some(id) => {
            println!(
                "audit log TAMPERED: the chain breaks at entry {id} (of {})",
                verdict.entries
            );
            std::process::exit(1);
        }
    }
}
