//! `/c/{id}`: a certificate's public page, verified as the API verifies it, in the reader's
//! language.
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::{date, esc, not_found, page, qr_svg, reader, respond, share_links};
use crate::certificates::lookup::Verification;
use crate::certificates::verify_cache::verified;
use crate::http::extract::Path;
use crate::i18n::{certificate_kind, t, tr, Args, Lang};
use crate::state::AppState;

pub(super) async fn serve(
    state: axum::extract::State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let lang = reader(&headers);
    let Ok(id) = id.parse::<i64>() else {
        return not_found(lang, "page-no-certificate");
    };
    match verified(&state, id)
        .await
        .and_then(|kept| kept.map(|k| k.verification()).transpose())
    {
        Ok(Some(v)) => render(lang, &state.settings.public_url, id, &v),
        Ok(None) => not_found(lang, "page-no-certificate"),
        Err(e) => e.into_response(),
    }
}

fn render(lang: Lang, public_url: &str, id: i64, v: &Verification) -> Response {
    let base = public_url.trim_end_matches('/');
    let url = format!("{base}/c/{id}");
    let kind = certificate_kind(lang, &v.kind);
    let title = v
        .document
        .as_ref()
        .and_then(|d| d["name"].as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| kind.clone());
    let issuer = v
        .issuer
        .organization_name
        .clone()
        .unwrap_or_else(|| v.issuer.address.clone());
    let status_text = status_text(lang, v);
    let description = tr(
        lang,
        "cert-description",
        &Args::new()
            .with("title", title.as_str())
            .with("issuer", issuer.as_str())
            .with("status", status_text.as_str()),
    );
    let (vk, telegram) = share_links(&url, &format!("{title} — {issuer}"));
    let holder = holder(base, v);
    let document = match v.document_matches {
        Some(true) => "cert-document-matches",
        Some(false) => "cert-document-differs",
        None => "cert-document-absent",
    };
    let label = |id: &str| esc(&t(lang, id));
    let body = format!(
        r#"<h1>{title}</h1>
<p><span class="status {status}" id="status">{status_text}</span></p>
<dl>
<dt>{l_certificate}</dt><dd>#{id} ({kind})</dd>
<dt>{l_issuer}</dt><dd>{issuer} {verified}</dd>
<dt>{l_holder}</dt><dd>{holder}{placement}</dd>
<dt>{l_issued}</dt><dd>{issued}</dd>
{dates_and_chain}<dt>{l_document}</dt><dd>{document}<br><code>{hash}</code></dd>
</dl>
<div class="qr">{qr}</div>
<p class="share"><a id="share-vk" href="{vk}">{share_vk}</a><a id="share-telegram" href="{telegram}">{share_telegram}</a></p>
<p><a href="{base}/v1/verify/{id}">{machine}</a></p>"#,
        title = esc(&title),
        status = esc(&v.status),
        status_text = esc(&status_text),
        kind = esc(&kind),
        issuer = esc(&issuer),
        verified = if v.issuer.verified {
            label("cert-verified-issuer")
        } else {
            label("cert-unverified-issuer")
        },
        issued = date(lang, v.issued_at),
        placement = placement_text(lang, &v.placement),
        dates_and_chain = expiry_and_chain(lang, base, v),
        document = label(document),
        hash = esc(&v.content_hash),
        qr = qr_svg(&url),
        vk = esc(&vk),
        telegram = esc(&telegram),
        l_certificate = label("cert-label-certificate"),
        l_issuer = label("cert-label-issuer"),
        l_holder = label("cert-label-holder"),
        l_issued = label("cert-label-issued"),
        l_document = label("cert-label-document"),
        share_vk = label("share-vk"),
        share_telegram = label("share-telegram"),
        machine = label("cert-machine-readable"),
    );
    respond(
        StatusCode::OK,
        page(
            lang,
            &format!("{title} — Iktomi"),
            &description,
            &url,
            &body,
        ),
    )
}

fn status_text(lang: Lang, v: &Verification) -> String {
    match v.status.as_str() {
        "active" | "expired" | "superseded" | "issuer_suspended" => {
            t(lang, &format!("cert-status-{}", v.status))
        }
        _ => {
            let reason = v
                .revocation_reason
                .clone()
                .unwrap_or_else(|| t(lang, "cert-no-reason"));
            tr(
                lang,
                "cert-status-revoked-why",
                &Args::new().with("reason", reason),
            )
        }
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
fn expiry_and_chain(lang: Lang, base: &str, v: &Verification) -> String {
    let links = |ids: &[u64]| {
        ids.iter()
            .map(|i| format!(r#"<a href="{base}/c/{i}">#{i}</a>"#))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let row =
        |label: &str, value: String| format!("<dt>{}</dt><dd>{value}</dd>\n", esc(&t(lang, label)));
    let expires = v
        .expires_at
        .map(|at| row("cert-label-expires", date(lang, at)))
        .unwrap_or_default();
    let supersedes = if v.supersedes.is_empty() {
        String::new()
    } else {
        row("cert-label-replaces", links(&v.supersedes))
    };
    let superseded_by = if v.superseded_by.is_empty() {
        String::new()
    } else {
        row("cert-label-replaced-by", links(&v.superseded_by))
    };
    format!("{expires}{supersedes}{superseded_by}")
}

/// A certificate the holder has not accepted (or has hidden) is genuine, but the holder does not
/// vouch for it: an organization may send anyone anything.
fn placement_text(lang: Lang, placement: &str) -> String {
    let id = match placement {
        "pending" => "cert-pending",
        "hidden" => "cert-hidden",
        _ => return String::new(),
    };
    format!(r#" <span id="placement">{}</span>"#, esc(&t(lang, id)))
}
