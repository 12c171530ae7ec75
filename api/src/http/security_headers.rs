//! Browser security headers on every answer. Responses that set their own policy (stored files
//! with a sandbox CSP) keep it; everything else gets the policy of its kind.
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// Telegram's web clients frame the Mini App (web.telegram.org/k/ and /a/); nobody else may.
macro_rules! frame_ancestors {
    () => {
        "frame-ancestors 'self' https://web.telegram.org https://*.web.telegram.org"
    };
}

/// JSON answers and the share pages: no scripts at all, the pages' inline styles, images of
/// this origin or inline (the QR code).
const DEFAULT_CSP: &str = concat!(
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; ",
    "base-uri 'none'; form-action 'none'; ",
    frame_ancestors!()
);

/// Swagger UI loads its bundle and stylesheet from this origin and draws icons as data: URLs.
const DOCS_CSP: &str =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The web app: its own scripts and styles (telegram-ui sets inline styles), images from
/// anywhere over https (avatars, QR codes drawn as data: URLs), and calls to this API only.
const APP_CSP: &str = concat!(
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; ",
    "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; ",
    "base-uri 'self'; form-action 'self'; ",
    frame_ancestors!()
);

/// A stored upload (a scan, a CV): never run as a document of this origin, never framed.
pub const FILE_CSP: &str = "sandbox; default-src 'none'; frame-ancestors 'none'";

const PERMISSIONS: &str = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Whether the site is served over TLS, so browsers may be told to insist on it.
#[derive(Clone, Copy)]
pub struct Https(pub bool);

/// Middleware: adds the headers a response does not already carry.
pub async fn add(State(Https(https)): State<Https>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let csp = if path.starts_with("/docs") {
        DOCS_CSP
    } else if path == "/app" || path.starts_with("/app/") {
        APP_CSP
    } else {
        DEFAULT_CSP
    };
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin-allow-popups",
        ),
    ];
    for (name, value) in set {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    }
    if https {
        headers
            .entry(header::STRICT_TRANSPORT_SECURITY)
            .or_insert(HeaderValue::from_static(HSTS));
    }
    response
}
