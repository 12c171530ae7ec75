//! The follow-up of every kind of chain operation: which domain records what once a call is
//! final, and what the request that queued it answers. The queue (`operations`) runs these in
//! the transaction that marks the operation finalized or failed.
use futures::future::BoxFuture;
use serde_json::Value;
use sqlx::PgConnection;

use crate::attestations::owed_certificates;
use crate::certificates::artifacts::reviews;
use crate::certificates::batch;
use crate::certificates::issue::{self, IssuedCertificate};
use crate::certificates::requests::{asking as request_asking, deciding as request_deciding};
use crate::certificates::revocation;
use crate::certificates::tenure::{awards, programs};
use crate::certificates::wallet_moves::asking as move_asking;
use crate::chain::Included;
use crate::http::error::{ApiError, ApiResult};
use crate::marketplace::employment::{hiring, signing};
use crate::operations::follow_up::{Answer, FollowUps, Landed};
use crate::operations::queue::from_payload;
use crate::organizations::issuer_verification::{decisions, rotation, suspension};
use crate::profiles::recommendations::minting;
use crate::state::AppState;
use crate::wallets::funding;

pub struct Table;

impl FollowUps for Table {
    fn landed<'a>(
        &'a self,
        state: &'a AppState,
        conn: &'a mut PgConnection,
        kind: &'a str,
        payload: &'a Value,
        landed: &'a Landed,
    ) -> BoxFuture<'a, ApiResult<Answer>> {
        Box::pin(landed_by_kind(state, conn, kind, payload, landed))
    }

    fn failed<'a>(
        &'a self,
        state: &'a AppState,
        conn: &'a mut PgConnection,
        kind: &'a str,
        payload: &'a Value,
    ) -> BoxFuture<'a, ApiResult<()>> {
        let _ = state;
        Box::pin(failed_by_kind(conn, kind, payload))
    }
}

async fn landed_by_kind(
    state: &AppState,
    conn: &mut PgConnection,
    kind: &str,
    payload: &Value,
    landed: &Landed,
) -> ApiResult<Answer> {
    let included = || {
        Answer::ok(Included {
            block: iktomi_chain::hex0x(landed.block),
        })
    };
    match kind {
        "certificate.issue" => {
            let payload: issue::IssuePayload = from_payload(payload)?;
            let issued = issue::issue_landed(state, conn, &payload, landed).await?;
            match &payload.then {
                Some(then) => issued_then(state, conn, then, issued).await,
                None => Answer::created(issued),
            }
        }
        "certificate.revoke" => {
            Answer::ok(revocation::revoke_landed(conn, &from_payload(payload)?, landed).await?)
        }
        "certificate.batch" => Answer::created(batch::batch_landed(from_payload(payload)?, landed)),
        "request.ask" => {
            Answer::created(request_asking::ask_landed(conn, from_payload(payload)?, landed).await?)
        }
        "request.approve" => {
            Answer::created(request_deciding::approve_landed(state, conn, landed).await?)
        }
        "migration.ask" => Answer::created(move_asking::ask_landed(conn, landed).await?),
        "program.create" => {
            Answer::created(programs::create_landed(from_payload(payload)?, landed)?)
        }
        "award.claim" => Answer::created(
            awards::claim_landed(state, conn, from_payload(payload)?, landed).await?,
        ),
        "issuer.register" => {
            Answer::ok(decisions::register_landed(conn, from_payload(payload)?, landed).await?)
        }
        suspension::SUSPEND | suspension::REINSTATE => {
            Answer::ok(suspension::change_landed(conn, from_payload(payload)?).await?)
        }
        rotation::KIND => {
            Answer::ok(rotation::rotate_landed(conn, from_payload(payload)?, landed).await?)
        }
        "contract.anchor" => {
            Answer::ok(signing::anchor_landed(conn, from_payload(payload)?, landed).await?)
        }
        "chain.included" | "chain.step" | funding::KIND | crate::http::audit::anchor::KIND => {
            included()
        }
        other => Err(unknown(other)),
    }
}

/// What the domain that asked for a certificate records once it is on chain.
async fn issued_then(
    state: &AppState,
    conn: &mut PgConnection,
    then: &Value,
    issued: IssuedCertificate,
) -> ApiResult<Answer> {
    match then["kind"].as_str().unwrap_or_default() {
        hiring::HIRED => Answer::created(hiring::hired(state, conn, then, &issued).await?),
        reviews::CONFIRMED => {
            reviews::confirmed(conn, then, &issued).await?;
            Answer::created(issued)
        }
        owed_certificates::ISSUED => {
            owed_certificates::issued(conn, then, &issued).await?;
            Answer::created(issued)
        }
        minting::MINTED => {
            minting::minted(conn, then, &issued).await?;
            Answer::created(issued)
        }
        other => Err(unknown(other)),
    }
}

async fn failed_by_kind(conn: &mut PgConnection, kind: &str, payload: &Value) -> ApiResult<()> {
    match kind {
        funding::KIND => funding::fund_failed(conn, &from_payload(payload)?).await,
        "certificate.issue" => match payload.get("then").filter(|t| !t.is_null()) {
            Some(then) => match then["kind"].as_str().unwrap_or_default() {
                hiring::HIRED => hiring::hire_failed(conn, then).await,
                owed_certificates::ISSUED => owed_certificates::failed(conn, then).await,
                // A review or a recommendation stays as it was; its claim is freed.
                _ => Ok(()),
            },
            None => Ok(()),
        },
        // Everything else changed nothing of ours before it landed; its claims are freed.
        _ => Ok(()),
    }
}

fn unknown(kind: &str) -> ApiError {
    ApiError::Internal(anyhow::anyhow!(
        "no follow-up for operations of kind {kind}"
    ))
}
