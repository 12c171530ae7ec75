//! Turning a checked proof into a session on one account: an unknown proof with no session
//! creates an account; with a session it is glued onto that account; a known proof signs in to
//! its account — unless a session for another account is present, which is a conflict. And what
//! an account shows of itself: its handle and how it signs in.
use rand::RngCore;
use serde::Serialize;
use sqlx::{Postgres, Transaction};
use utoipa::ToSchema;
use uuid::Uuid;

use super::telegram::TelegramUser;
use super::wallet::Address;
use crate::auth::session::{self, Method, Session, SignedIn};
use crate::http::error::{ApiError, ApiResult};
use crate::i18n::Lang;
use crate::profiles::handle::Handle;
use crate::state::AppState;

pub enum Proof {
    /// A Telegram or VK user id.
    Identity {
        provider: &'static str,
        subject: String,
    },
    Wallet(Address),
}

impl Proof {
    fn method(&self) -> Method {
        match self {
            Self::Identity {
                provider: "telegram",
                ..
            } => Method::Telegram,
            Self::Identity { .. } => Method::Vk,
            Self::Wallet(_) => Method::Wallet,
        }
    }
}

async fn owner(tx: &mut Transaction<'_, Postgres>, proof: &Proof) -> ApiResult<Option<Uuid>> {
    Ok(match proof {
        Proof::Identity { provider, subject } => {
            sqlx::query_scalar!(
                "SELECT account_id FROM identities WHERE provider = $1 AND subject = $2",
                provider,
                subject,
            )
            .fetch_optional(&mut **tx)
            .await?
        }
        Proof::Wallet(address) => {
            let row = sqlx::query!(
                "SELECT account_id, organization_id FROM wallets WHERE address = $1",
                &address.0[..],
            )
            .fetch_optional(&mut **tx)
            .await?;
            match row {
                Some(r) if r.organization_id.is_some() => {
                    return Err(ApiError::conflict(
                        "wallet-belongs-to-organization",
                        "this wallet is an organization's wallet",
                    ))
                }
                Some(r) => r.account_id,
                None => None,
            }
        }
    })
}

/// Attaches `proof` to `account`; a concurrent attach of the same proof elsewhere is a conflict.
pub async fn attach(
    tx: &mut Transaction<'_, Postgres>,
    account: Uuid,
    proof: &Proof,
) -> ApiResult<()> {
    let inserted = match proof {
        Proof::Identity { provider, subject } => sqlx::query!(
            "INSERT INTO identities (provider, subject, account_id) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING",
            provider,
            subject,
            account,
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
        Proof::Wallet(address) => sqlx::query!(
            "INSERT INTO wallets (address, account_id, kind) VALUES ($1, $2, 'external')
             ON CONFLICT DO NOTHING",
            &address.0[..],
            account,
        )
        .execute(&mut **tx)
        .await?
        .rows_affected(),
    };
    if inserted == 0 {
        return Err(linked_elsewhere());
    }
    Ok(())
}

fn linked_elsewhere() -> ApiError {
    ApiError::conflict(
        "identity-linked-elsewhere",
        "this sign-in method already belongs to another account",
    )
}

/// What a sign-in method tells about a person it creates an account for: a handle to try first
/// (a Telegram username) and the name their profile starts with.
#[derive(Debug, Default, Clone, Copy)]
pub struct Newcomer<'a> {
    pub handle: Option<&'a str>,
    pub first_name: Option<&'a str>,
    pub last_name: Option<&'a str>,
    /// The language the sign-in method reports (Telegram's `language_code`), kept up to date on
    /// every sign-in: it is what the person reads when they chose none.
    pub language: Option<&'a str>,
}

/// A Telegram user's proof and what they tell about themselves, as both the Mini App's initData
/// and the bot's updates describe them.
pub fn telegram(user: &TelegramUser) -> (Proof, Newcomer<'_>) {
    (
        Proof::Identity {
            provider: "telegram",
            subject: user.id.to_string(),
        },
        Newcomer {
            handle: user.username.as_deref(),
            first_name: user.first_name.as_deref(),
            last_name: user.last_name.as_deref(),
            language: user.language_code.as_deref(),
        },
    )
}

impl Newcomer<'_> {
    /// "First Last", trimmed, at most the profile's 100 characters, without control characters.
    fn display_name(&self) -> String {
        let joined = [self.first_name, self.last_name]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        joined
            .chars()
            .filter(|c| !c.is_control())
            .take(100)
            .collect::<String>()
            .trim()
            .to_owned()
    }
}

async fn create_account(
    tx: &mut Transaction<'_, Postgres>,
    newcomer: Newcomer<'_>,
) -> ApiResult<(Uuid, String)> {
    let id = Uuid::new_v4();
    let mut candidates: Vec<String> = newcomer
        .handle
        .and_then(|s| Handle::parse(&s.to_lowercase()).ok())
        .map(|h| vec![h.0])
        .unwrap_or_default();
    let mut bytes = [0u8; 5];
    rand::rng().fill_bytes(&mut bytes);
    candidates.push(format!("u{}", hex::encode(bytes)));
    for handle in candidates {
        let inserted = sqlx::query!(
            "INSERT INTO accounts (id, handle)
             SELECT $1, $2 WHERE NOT EXISTS (
                 SELECT 1 FROM handle_reservations WHERE handle = $2 AND reserved_until > now())
             ON CONFLICT (handle) DO NOTHING",
            id,
            handle,
        )
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if inserted == 1 {
            sqlx::query!(
                "INSERT INTO profiles (account_id, display_name) VALUES ($1, $2)",
                id,
                newcomer.display_name(),
            )
            .execute(&mut **tx)
            .await?;
            return Ok((id, handle));
        }
    }
    Err(ApiError::conflict(
        "handle-taken",
        "could not find a free handle; try again",
    ))
}

/// The account `proof` belongs to — the caller's own (`current`) when the proof is new to it, or
/// a new account for a newcomer — and whether it was created now. The Mini App's sign-in and the
/// bot's `/start` both come here, so a person is one account however they arrive.
pub async fn resolve(
    tx: &mut Transaction<'_, Postgres>,
    proof: &Proof,
    current: Option<&Session>,
    newcomer: Newcomer<'_>,
) -> ApiResult<(Uuid, bool)> {
    let known = owner(tx, proof).await?;
    let (account_id, created) = match (known, current) {
        (Some(owner), Some(s)) if owner != s.account_id => return Err(linked_elsewhere()),
        (Some(owner), _) => (owner, false),
        (None, Some(s)) => {
            attach(tx, s.account_id, proof).await?;
            (s.account_id, false)
        }
        (None, None) => {
            let (id, _) = create_account(tx, newcomer).await?;
            attach(tx, id, proof).await?;
            (id, true)
        }
    };
    if let Some(language) = newcomer.language.filter(|l| l.len() <= 35) {
        sqlx::query!(
            "UPDATE accounts SET telegram_language = $2
             WHERE id = $1 AND telegram_language IS DISTINCT FROM $2",
            account_id,
            language
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok((account_id, created))
}

/// Signs in with `proof`; `current` is the caller's session, if they sent one.
pub async fn sign_in(
    state: &AppState,
    proof: Proof,
    current: Option<Session>,
    newcomer: Newcomer<'_>,
) -> ApiResult<SignedIn> {
    let mut tx = state.db.begin().await?;
    let (account_id, created) = resolve(&mut tx, &proof, current.as_ref(), newcomer).await?;
    let wallet = match &proof {
        Proof::Wallet(address) => Some(address),
        Proof::Identity { .. } => None,
    };
    let (token, expires_at) = session::create(
        &mut *tx,
        account_id,
        proof.method(),
        wallet,
        state.settings.session_ttl_hours,
    )
    .await?;
    let handle = sqlx::query_scalar!("SELECT handle FROM accounts WHERE id = $1", account_id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(%account_id, method = proof.method().as_str(), created, "signed in");
    Ok(SignedIn {
        token,
        expires_at,
        account_id,
        handle,
        created,
    })
}

#[derive(Serialize, ToSchema)]
pub struct Me {
    pub account_id: Uuid,
    pub handle: String,
    /// `telegram`, `vk`.
    pub identities: Vec<String>,
    /// SS58 addresses of the wallets bound to this account.
    pub wallets: Vec<String>,
    pub is_operator: bool,
    /// The language the platform writes to you in: your choice, else Telegram's, else Russian.
    pub language: Lang,
}

/// The account `id` and how it can sign in.
pub async fn me(state: &AppState, id: Uuid) -> ApiResult<Me> {
    let account = sqlx::query!(
        "SELECT handle, language, telegram_language FROM accounts WHERE id = $1",
        id
    )
    .fetch_one(&state.db)
    .await?;
    let identities = sqlx::query_scalar!(
        "SELECT provider FROM identities WHERE account_id = $1 ORDER BY provider",
        id
    )
    .fetch_all(&state.db)
    .await?;
    let wallets: Vec<String> = sqlx::query_scalar!(
        "SELECT address FROM wallets WHERE account_id = $1 ORDER BY created_at, address",
        id
    )
    .fetch_all(&state.db)
    .await?
    .iter()
    .filter_map(|a| Address::from_bytes(a))
    .map(|a| a.ss58())
    .collect();
    Ok(Me {
        account_id: id,
        language: Lang::of_person(
            account.language.as_deref(),
            account.telegram_language.as_deref(),
        ),
        handle: account.handle,
        identities,
        is_operator: crate::organizations::operator::is_operator(state, id).await?,
        wallets,
    })
}

#[cfg(test)]
mod tests {
    use super::Newcomer;

    #[test]
    fn a_newcomer_is_named_as_their_sign_in_method_names_them() {
        let named = |first, last| {
            Newcomer {
                handle: None,
                first_name: first,
                last_name: last,
                language: None,
            }
            .display_name()
        };
        assert_eq!(named(Some(" Анна "), Some("Петрова")), "Анна Петрова");
        assert_eq!(named(Some("Anna"), None), "Anna");
        assert_eq!(named(None, None), "");
        assert_eq!(named(Some("A\u{0}\u{7}b"), Some("  ")), "Ab");
        assert_eq!(named(Some(&"я".repeat(150)), None).chars().count(), 100);
    }
}
