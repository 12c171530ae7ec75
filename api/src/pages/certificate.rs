//! `/c/{id}`: a certificate's public page, verified as the API verifies it.
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};

use super::{esc, not_found, page, qr_svg, share_links};
use crate::certificates::lookup::{self as verify, Verification};
use crate::http::extract::Path;
use crate::state::AppState;

pub(super) async fn serve(
    state: axum::extract::State<AppState>,
    Path(id): Path<String>,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return not_found("certificate");
    };
    match verify::load(&state.db, id).await {
        Ok(Some(v)) => render(&state.settings.public_url, id, &v),
        Ok(None) => not_found("certificate"),
        Err(e) => e.into_response(),
    }
}

fn render(public_url: &str, id: i64, v: &Verification) -> Response {
    let base = public_url.trim_end_matches('/');
    let url = format!("{base}/c/{id}");
    let title = v
        .document
        .as_ref()
        .and_then(|d| d["name"].as_str())
        .unwrap_or(&v.kind)
        .to_owned();
    let issuer = v
        .issuer
        .organization_name
        .clone()
        .unwrap_or_else(|| v.issuer.address.clone());
    let status_text = status_text(v);
    let description = format!("{title} — issued by {issuer}. Status: {status_text}.");
    let (vk, telegram) = share_links(&url, &format!("{title} — {issuer}"));
    let holder = holder(base, v);
    let document = match v.document_matches {
        Some(true) => "matches the hash on chain",
        Some(false) => "DOES NOT match the hash on chain",
        None => "not held by this platform",
    };
    let body = format!(
        r#"<h1>{title}</h1>
<p><span class="status {status}" id="status">{status_text}</span></p>
<dl>
<dt>Certificate</dt><dd>#{id} ({kind})</dd>
<dt>Issuer</dt><dd>{issuer}{verified}</dd>
<dt>Holder</dt><dd>{holder}{placement}</dd>
<dt>Issued</dt><dd>{issued}</dd>
{dates_and_chain}<dt>Document</dt><dd>{document}<br><code>{hash}</code></dd>
</dl>
<div class="qr">{qr}</div>
<p class="share"><a id="share-vk" href="{vk}">Share on VK</a><a id="share-telegram" href="{telegram}">Share on Telegram</a></p>
<p><a href="{base}/v1/verify/{id}">Machine-readable verification</a></p>"#,
        title = esc(&title),
        status = esc(&v.status),
        status_text = esc(&status_text),
        kind = esc(&v.kind),
        issuer = esc(&issuer),
        verified = if v.issuer.verified {
            " ✔ verified issuer"
        } else {
            " (not a verified issuer)"
        },
        issued = v.issued_at.format("%Y-%m-%d"),
        placement = placement_text(&v.placement),
        dates_and_chain = expiry_and_chain(base, v),
        hash = esc(&v.content_hash),
        qr = qr_svg(&url),
        vk = esc(&vk),
        telegram = esc(&telegram),
    );
    (
        [(header::CACHE_CONTROL, "no-cache")],
        Html(page(
            &format!("{title} — Iktomi"),
            &description,
            &url,
            &body,
        )),
    )
        .into_response()
}

fn status_text(v: &Verification) -> String {
    match v.status.as_str() {
        "active" => "Valid".to_owned(),
        "expired" => "Expired".to_owned(),
        "superseded" => "Superseded".to_owned(),
        "issuer_suspended" => "Issuer suspended".to_owned(),
        _ => format!(
            "Revoked ({})",
            v.revocation_reason.as_deref().unwrap_or("no reason")
        ),
    }
}

/// The holder's page when they are a person here, else their address.
fn holder(base: &str, v: &Verification) -> String {
    match &v.holder.handle {
        Some(h) => format!(r#"<a href="{base}/u/{h}">@{h}</a>"#, h = esc(h)),
        None => format!("<code>{}</code>", esc(&v.holder.address)),
    }
}

/// The rows present only for some certificates: expiry, and what it replaced or was replaced by.
fn expiry_and_chain(base: &str, v: &Verification) -> String {
    let links = |ids: &[u64]| {
        ids.iter()
            .map(|i| format!(r#"<a href="{base}/c/{i}">#{i}</a>"#))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let expires = v
        .expires_at
        .map(|t| format!("<dt>Expires</dt><dd>{}</dd>\n", t.format("%Y-%m-%d")))
        .unwrap_or_default();
    let supersedes = if v.supersedes.is_empty() {
        String::new()
    } else {
        format!("<dt>Replaces</dt><dd>{}</dd>\n", links(&v.supersedes))
    };
    let superseded_by = if v.superseded_by.is_empty() {
        String::new()
    } else {
        format!("<dt>Replaced by</dt><dd>{}</dd>\n", links(&v.superseded_by))
    };
    format!("{expires}{supersedes}{superseded_by}")
}

/// A certificate the holder has not accepted (or has hidden) is genuine, but the holder does not
/// vouch for it: an organization may send anyone anything.
fn placement_text(placement: &str) -> &'static str {
    match placement {
        "pending" => " <span id=\"placement\">(not yet accepted by the holder)</span>",
        "hidden" => " <span id=\"placement\">(hidden by the holder)</span>",
        _ => "",
    }
}
