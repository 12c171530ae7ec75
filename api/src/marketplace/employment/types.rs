//! An employment contract as drafted and as read (with its signatures, anchor and reviews), the
//! bodies of signing and reviewing, and the checks a draft and a review pass.
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::certificates::issue::IssuedCertificate;
use crate::http::error::{ApiResult, Checks};
use crate::marketplace::employment::terms::parse_rate;
use crate::profiles::recommendations::statement::ExternalSignature;

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "contract_status", rename_all = "snake_case")]
pub enum ContractStatus {
    /// The employer may still edit it.
    Draft,
    /// One side signed; the terms are frozen.
    Signing,
    /// Both signed and the hash is on chain.
    Signed,
    /// Hired from it: the employment certificate is issued.
    Active,
    Completed,
    Cancelled,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema, PartialEq, Eq, sqlx::Type)]
#[serde(rename_all = "snake_case")]
#[sqlx(type_name = "rate_period", rename_all = "snake_case")]
pub enum RatePeriod {
    Hour,
    Month,
    Fixed,
}

impl RatePeriod {
    pub fn as_str(self) -> &'static str {
        match self {
            RatePeriod::Hour => "hour",
            RatePeriod::Month => "month",
            RatePeriod::Fixed => "fixed",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[schema(as = ContractDraft)]
pub struct Draft {
    pub position: String,
    pub terms: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    /// An amount like "2500" or "12.50".
    #[schema(pattern = r"^\d{1,12}(\.\d{1,2})?$")]
    pub rate: String,
    /// ISO 4217, e.g. "EUR".
    #[schema(pattern = "^[A-Z]{3}$")]
    pub currency: String,
    pub rate_period: RatePeriod,
}

/// A checked draft: trimmed texts, upper-case currency and the rate in minor units.
pub struct CheckedDraft {
    pub position: String,
    pub terms: String,
    pub currency: String,
    pub rate_minor: i64,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub rate_period: RatePeriod,
}

impl Draft {
    pub fn check(&self) -> ApiResult<CheckedDraft> {
        let mut c = Checks::default();
        c.text(self.position.trim(), "position", 1, 200);
        c.text(self.terms.trim(), "terms", 1, 20_000);
        let currency = self.currency.trim().to_uppercase();
        c.check(
            currency.len() == 3 && currency.bytes().all(|b| b.is_ascii_uppercase()),
            "currency",
            "must be a three-letter ISO 4217 code",
        );
        let rate = parse_rate(&mut c, "rate", self.rate.trim());
        if let Some(ends) = self.ends_on {
            c.check(
                ends >= self.starts_on,
                "ends_on",
                "must not be before starts_on",
            );
        }
        c.finish()?;
        Ok(CheckedDraft {
            position: self.position.trim().to_owned(),
            terms: self.terms.trim().to_owned(),
            currency,
            rate_minor: rate,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            rate_period: self.rate_period,
        })
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartySignature {
    /// The handle of the person who signed.
    pub signer: String,
    pub address: String,
    /// sr25519 over `message`, hex.
    pub signature: String,
    pub signed_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Anchor {
    /// The block holding the operator's `System::remark_with_event`.
    pub block: String,
    /// The remark: `iktomi:contract:` and the hash, hex.
    pub remark: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ContractReview)]
pub struct Review {
    /// Who wrote it: `employer` or `candidate`.
    pub side: String,
    pub author: String,
    pub rating: i16,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contract {
    pub id: Uuid,
    pub application_id: Uuid,
    pub organization_id: Uuid,
    pub organization_name: String,
    pub candidate: String,
    pub position: String,
    pub terms: String,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub rate: String,
    pub currency: String,
    pub rate_period: RatePeriod,
    pub status: ContractStatus,
    /// SHA-256 of `document`'s canonical JSON, once the terms are frozen.
    pub content_hash: Option<String>,
    /// What each side signs: `iktomi-contract:0x<content_hash>`.
    pub message: Option<String>,
    pub document: Option<Value>,
    pub employer_signature: Option<PartySignature>,
    pub candidate_signature: Option<PartySignature>,
    pub anchor: Option<Anchor>,
    pub certificate_id: Option<i64>,
    pub reviews: Vec<Review>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A contract and the accounts behind it, for the services that act on it.
pub struct Loaded {
    pub contract: Contract,
    pub candidate_id: Uuid,
    pub vacancy_id: Uuid,
    pub hash: Option<Vec<u8>>,
    pub rate_minor: i64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Sign {
    /// A signature made in one of your bound external wallets; without it your custodial
    /// wallet signs.
    pub signature: Option<ExternalSignature>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Hired {
    pub contract: Contract,
    pub certificate: IssuedCertificate,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct NewReview {
    /// 1 to 5.
    #[schema(minimum = 1, maximum = 5)]
    pub rating: i16,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub text: String,
}

impl NewReview {
    pub fn check(&self) -> ApiResult<()> {
        let mut c = Checks::default();
        c.check((1..=5).contains(&self.rating), "rating", "must be 1 to 5");
        c.text(&self.text, "text", 0, 4000);
        c.finish()
    }
}
