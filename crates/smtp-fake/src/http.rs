//! The fake's HTTP face, for the dev platform and scripts: `GET /messages` lists what it caught
//! as JSON, `DELETE /messages` forgets it.
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};

use crate::{FakeSmtp, Mail};

pub(crate) fn router(smtp: FakeSmtp) -> Router {
    Router::new()
        .route("/messages", get(messages).delete(clear))
        .with_state(smtp)
}

async fn messages(State(smtp): State<FakeSmtp>) -> Json<Vec<Mail>> {
    Json(smtp.messages())
}

async fn clear(State(smtp): State<FakeSmtp>) -> StatusCode {
    smtp.clear();
    StatusCode::NO_CONTENT
}
