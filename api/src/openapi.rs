//! The OpenAPI 3.1 document, generated from the handlers' annotations.
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Iktomi API", description = "Verifiable careers: people, organizations, wallets and certificates."),
    modifiers(&SessionAuth),
    tags(
        (name = "auth", description = "Sign-in with Telegram, VK ID or a wallet; sessions"),
        (name = "profiles", description = "Profiles with per-item visibility; people search"),
        (name = "organizations", description = "Organizations and their members"),
        (name = "verification", description = "Verified status and on-chain issuer registration"),
        (name = "wallets", description = "External and custodial wallets"),
        (name = "certificates", description = "Issuing, promoting, dismissing and revoking (Idempotency-Key required)"),
        (name = "verify", description = "Public verification of certificates; signed credential export and status lists"),
        (name = "artifacts", description = "Uploaded scans and PDFs, verified by organizations"),
        (name = "marketplace", description = "Vacancies, resumes, matching, applications, talent pools, responses and skill-gap roadmaps"),
        (name = "contracts", description = "Employment contracts signed by both sides, anchored on chain, hired from, reviewed"),
        (name = "communities", description = "Telegram communities of a talent pool: invites and mailings"),
        (name = "attestations", description = "Timed attestations: theory, attempts on the server's clock, results"),
        (name = "gamification", description = "Points ledger, levels, badges and leaderboards (employees earn)"),
        (name = "notifications", description = "The inbox and muted kinds (opting out of invites and mailings)"),
        (name = "operations", description = "Chain writes the API accepted (202): queued, submitted, in a block, finalized or failed"),
        (name = "recommendations", description = "Recommendations and skill endorsements, signed by their authors"),
        (name = "tenure", description = "Tenure programs, staking and award claims"),
    )
)]
pub struct ApiDoc;

struct SessionAuth;

impl Modify for SessionAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A session token from one of the /v1/auth sign-ins"))
                    .build(),
            ),
        );
    }
}
