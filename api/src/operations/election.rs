//! Leadership through a PostgreSQL session advisory lock on a connection of its own: held while
//! the connection lives, released by the server when the process dies (a `kill -9` closes the
//! socket), so a standby takes over without any timeout of ours.
use sqlx::{Connection, PgConnection, PgPool};

pub struct Leadership {
    conn: PgConnection,
}

/// Leads `role` if nobody else does right now.
pub async fn try_lead(db: &PgPool, role: &str) -> sqlx::Result<Option<Leadership>> {
    let mut conn = db.acquire().await?.detach();
    let led = sqlx::query_scalar!(
        r#"SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS "led!""#,
        format!("iktomi:{role}")
    )
    .fetch_one(&mut conn)
    .await?;
    if led {
        Ok(Some(Leadership { conn }))
    } else {
        conn.close().await.ok();
        Ok(None)
    }
}

impl Leadership {
    /// Whether the lock's connection still answers; a leader that lost it must stop, as someone
    /// else may lead now.
    pub async fn held(&mut self) -> bool {
        self.conn.ping().await.is_ok()
    }
}
