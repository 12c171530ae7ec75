//! `/email/confirm?token=…`: the link a confirmation e-mail carries. Opening it only asks (mail
//! scanners open links too); the person's press of the button, a POST, confirms.
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::{esc, page, reader, respond};
use crate::http::error::ApiError;
use crate::i18n::{t, tr, Args, Lang};
use crate::profiles::email::addresses;
use crate::state::AppState;

#[derive(Deserialize)]
pub(super) struct Token {
    #[serde(default)]
    token: String,
}

fn shown(lang: Lang, status: StatusCode, body: String) -> Response {
    let title = t(lang, "page-email-title");
    respond(
        status,
        page(
            lang,
            &format!("{title} — Iktomi"),
            "",
            "",
            &format!("<h1>{}</h1>{body}", esc(&title)),
        ),
    )
}

/// A page saying the catalogue's `id` (given before the status, so no source scan takes the id
/// for a problem type).
fn said(lang: Lang, id: &str, status: StatusCode, address: Option<&str>) -> Response {
    let text = match address {
        Some(address) => tr(lang, id, &Args::new().with("address", address)),
        None => t(lang, id),
    };
    shown(lang, status, format!("<p>{}</p>", esc(&text)))
}

pub(super) async fn ask(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<Token>,
) -> Response {
    let lang = reader(&headers);
    match addresses::awaiting(&state.db, &q.token).await {
        Ok(Some(address)) => {
            let prompt = tr(
                lang,
                "page-email-prompt",
                &Args::new().with("address", address.as_str()),
            );
            shown(
                lang,
                StatusCode::OK,
                format!(
                    r#"<p>{}</p><form method="post" action="/email/confirm"><input type="hidden" name="token" value="{}"><button type="submit">{}</button></form>"#,
                    esc(&prompt),
                    esc(&q.token),
                    esc(&t(lang, "page-email-confirm"))
                ),
            )
        }
        Ok(None) => said(lang, "page-email-invalid", StatusCode::NOT_FOUND, None),
        Err(e) => e.into_response(),
    }
}

pub(super) async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(form): Form<Token>,
) -> Response {
    let lang = reader(&headers);
    match addresses::confirm(&state.db, &form.token).await {
        Ok(address) => said(lang, "page-email-confirmed", StatusCode::OK, Some(&address)),
        Err(ApiError::NotFound(_)) => said(lang, "page-email-invalid", StatusCode::NOT_FOUND, None),
        Err(ApiError::Conflict { .. }) => {
            said(lang, "page-email-taken", StatusCode::CONFLICT, None)
        }
        Err(e) => e.into_response(),
    }
}
