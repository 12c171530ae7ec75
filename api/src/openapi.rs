//! The OpenAPI 3.1 document, generated from the handlers' annotations.
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

mod formats;

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

/// What the handlers' annotations cannot say once for all, applied to the merged document: a
/// refused or failed answer is `application/problem+json` (RFC 9457), dates, times and UUIDs
/// carry the pattern of their shape (see [`formats`]), and every operation has
/// its own `operationId` (handlers in different domains share names such as `approve`; a shared
/// name takes its method and path instead).
pub fn truthful(doc: &mut utoipa::openapi::OpenApi) {
    list_problem_types(doc);
    formats::assert_formats(doc);
    use std::collections::HashMap;
    let mut uses: HashMap<String, usize> = HashMap::new();
    for item in doc.paths.paths.values() {
        for op in operations(item) {
            if let Some(id) = &op.operation_id {
                *uses.entry(id.clone()).or_default() += 1;
            }
        }
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, op) in operations_mut(item) {
            if op.operation_id.as_ref().is_some_and(|id| uses[id] > 1) {
                op.operation_id = Some(id_from(method, path));
            }
            binary_bodies(op);
            idempotency_key(op);
            common_answers(method, path, op);
            for (status, response) in op.responses.responses.iter_mut() {
                let utoipa::openapi::RefOr::T(response) = response else {
                    continue;
                };
                if status.starts_with('4') || status.starts_with('5') {
                    if let Some(content) = response.content.shift_remove("application/json") {
                        response
                            .content
                            .insert("application/problem+json".into(), content);
                    }
                }
            }
        }
    }
}

/// The answers the extractors and middleware give on any route, declared where they can happen:
/// 400 `malformed-request` for a path, query or body that does not parse, 413 and 415 for a body,
/// 401 where a session is accepted (a missing, expired or revoked one), 429 on rate-limited routes.
fn common_answers(method: &str, path: &str, op: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::path::ParameterIn;
    let params = op.parameters.as_deref().unwrap_or_default();
    let has_params = !params.is_empty();
    let in_path = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let idempotent = params.iter().any(|p| p.name == "Idempotency-Key");
    let body = op.request_body.as_ref();
    let has_body = body.is_some();
    let json_body = body.is_some_and(|b| b.content.contains_key("application/json"));
    let limited = axum::http::Method::from_bytes(method.to_uppercase().as_bytes())
        .ok()
        .and_then(|m| crate::http::rate_limit::Bucket::of(&m, path))
        .is_some();
    let answers: [(bool, &str, &str); 8] = [
        (
            has_params || json_body,
            "400",
            "`malformed-request`: the path, query or body does not parse as the route expects",
        ),
        (
            op.security.is_some(),
            "401",
            "`unauthenticated`: the session is missing, expired or revoked",
        ),
        (
            in_path,
            "404",
            "`not-found`: nothing the caller may see is named by the path",
        ),
        (
            idempotent,
            "422",
            "`validation`: the `Idempotency-Key` or a field is out of range",
        ),
        (
            has_body,
            "413",
            "`payload-too-large`: the body is over the limit",
        ),
        (
            has_body,
            "415",
            "`unsupported-media-type`: the body is not sent with the media type declared",
        ),
        (
            idempotent,
            "503",
            "`unavailable`: this server has no chain to submit the transaction to",
        ),
        (
            limited,
            "429",
            "`rate-limited`: too many requests; retry after `Retry-After` seconds",
        ),
    ];
    for (applies, status, description) in answers {
        if applies && !op.responses.responses.contains_key(status) {
            op.responses
                .responses
                .insert(status.to_owned(), problem_response(description).into());
        }
    }
}

fn problem_response(description: &str) -> utoipa::openapi::Response {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build()
}

/// `Idempotency-Key`: 1–255 visible ASCII characters (spaces only inside).
fn idempotency_key(op: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    for param in op.parameters.iter_mut().flatten() {
        if param.name == "Idempotency-Key" {
            param.schema = Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .min_length(Some(1))
                    .max_length(Some(255))
                    .pattern(Some("^[!-~]([ -~]*[!-~])?$"))
                    .into(),
            );
        }
    }
}

/// A raw file body (`Vec<u8>` in the handler) is bytes of its media type, not a JSON array.
fn binary_bodies(op: &mut utoipa::openapi::path::Operation) {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    let Some(body) = op.request_body.as_mut() else {
        return;
    };
    for (media, content) in body.content.iter_mut() {
        if media != "application/json" && !media.starts_with("multipart/") {
            content.schema = Some(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                    .into(),
            );
        }
    }
}

/// `post /v1/verification-requests/{id}/approve` → `post_verification_requests_id_approve`.
fn id_from(method: &str, path: &str) -> String {
    let words: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty() && *s != "v1")
        .map(|s| {
            s.trim_matches(|c| c == '{' || c == '}')
                .replace(['-', '.'], "_")
        })
        .collect();
    format!("{method}_{}", words.join("_"))
}

fn operations(
    item: &utoipa::openapi::PathItem,
) -> impl Iterator<Item = &utoipa::openapi::path::Operation> {
    [&item.get, &item.put, &item.post, &item.delete, &item.patch]
        .into_iter()
        .flatten()
}

fn operations_mut(
    item: &mut utoipa::openapi::PathItem,
) -> impl Iterator<Item = (&'static str, &mut utoipa::openapi::path::Operation)> {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("patch", &mut item.patch),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_mut().map(|op| (method, op)))
}

/// The `type` of a problem is one of [`PROBLEM_SLUGS`](crate::http::problem_types::PROBLEM_SLUGS)
/// under the problems base: listed, a client can branch on it and translate each one.
fn list_problem_types(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{RefOr, Schema};
    let Some(components) = doc.components.as_mut() else {
        return;
    };
    let Some(RefOr::T(Schema::Object(problem))) = components.schemas.get_mut("Problem") else {
        return;
    };
    if let Some(RefOr::T(Schema::Object(kind))) = problem.properties.get_mut("type") {
        kind.enum_values = Some(
            crate::http::problem_types::PROBLEM_SLUGS
                .iter()
                .map(|slug| format!("https://iktomi.dev/problems/{slug}").into())
                .collect(),
        );
    }
}
