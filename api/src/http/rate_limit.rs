//! Rate limits on the routes that cost work before anyone is known (sign-in, challenges,
//! verification) or that are expensive (search, matching, uploads). Each route group has a
//! quota per client address and, for signed-in routes, per account; a caller over it gets 429
//! `rate-limited` with `Retry-After`. The client address is the TCP peer, unless the peer is a
//! configured trusted proxy: only then are `Forwarded` / `X-Forwarded-For` read, right to left,
//! so a client cannot pick its own key by sending the header itself.
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use uuid::Uuid;

use crate::http::error::problem;
pub use crate::http::rate_limit_settings::{Quota, RateLimitSettings};
use crate::state::AppState;

/// The route groups that are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    SignIn,
    Challenge,
    Search,
    Matching,
    Verify,
    Upload,
    /// Writes that message someone else (a request, an invitation, a confirmation e-mail): the
    /// bot must not become a way to spam people.
    Ask,
}

impl Bucket {
    /// The group of a route template, if it is limited.
    pub fn of(method: &Method, route: &str) -> Option<Self> {
        let get = method == Method::GET;
        Some(match route {
            "/v1/auth/wallet"
            | "/v1/auth/telegram"
            | "/v1/auth/vk/start"
            | "/v1/auth/vk/callback" => Self::SignIn,
            "/v1/auth/wallet/challenge" => Self::Challenge,
            "/v1/people" | "/v1/vacancies" | "/v1/organizations/{id}/talent-pool" if get => {
                Self::Search
            }
            "/v1/me/resumes/{id}/matches" | "/v1/vacancies/{id}/matches" => Self::Matching,
            "/v1/verify"
            | "/v1/verify/{id}"
            | "/v1/certificates/{id}/credential"
            | "/v1/organizations/{id}/status-lists/revocation" => Self::Verify,
            "/v1/me/artifacts" | "/v1/me/resumes/{id}/cv" if !get => Self::Upload,
            "/v1/me/recommendation-requests"
            | "/v1/organizations/{id}/members"
            | "/v1/me/artifacts/{id}/reviews"
            | "/v1/me/email"
                if method == Method::POST || method == Method::PUT =>
            {
                Self::Ask
            }
            _ => return None,
        })
    }

    fn quota(self, s: &RateLimitSettings) -> Quota {
        match self {
            Self::SignIn => s.sign_in,
            Self::Challenge => s.challenge,
            Self::Search => s.search,
            Self::Matching => s.matching,
            Self::Verify => s.verify,
            Self::Upload => s.upload,
            Self::Ask => s.ask,
        }
    }

    /// Signed-in routes are limited per account too, so one account cannot spread its load
    /// over many addresses.
    fn per_account(self) -> bool {
        matches!(
            self,
            Self::Search | Self::Matching | Self::Upload | Self::Ask
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Account(Uuid),
}

/// How often stale cells are swept, and the table size that makes a sweep worth it.
const SWEEP_EVERY: Duration = Duration::from_secs(1);
const SWEEP_ABOVE: usize = 10_000;

#[derive(Default)]
struct Cells {
    /// Each key's theoretical arrival time: the caller is within quota while it is not too far
    /// ahead of now.
    due: HashMap<(Bucket, Key), Instant>,
    swept: Option<Instant>,
}

pub struct Limiter {
    settings: RateLimitSettings,
    cells: Mutex<Cells>,
}

impl Limiter {
    pub fn new(settings: RateLimitSettings) -> Self {
        Self {
            settings,
            cells: Mutex::default(),
        }
    }

    /// Takes one request from the key's quota, or says how long to wait.
    fn take(&self, bucket: Bucket, key: Key, now: Instant) -> Result<(), Duration> {
        let quota = bucket.quota(&self.settings);
        let interval = Duration::from_secs(60) / quota.per_minute.max(1);
        let tolerance = interval * quota.burst.max(1);
        let mut cells = self.cells.lock().unwrap_or_else(|e| e.into_inner());
        if cells.due.len() > SWEEP_ABOVE && cells.swept.is_none_or(|t| now - t > SWEEP_EVERY) {
            cells.due.retain(|_, due| *due > now);
            cells.swept = Some(now);
        }
        let due = cells.due.get(&(bucket, key)).map_or(now, |d| (*d).max(now));
        let next = due + interval;
        if next > now + tolerance {
            return Err(next - (now + tolerance));
        }
        cells.due.insert((bucket, key), next);
        Ok(())
    }

    fn trusted(&self, ip: IpAddr) -> bool {
        self.settings
            .trusted_proxies
            .iter()
            .any(|net| net.contains(&ip))
    }

    /// The client's address: the peer's, or when the peer is a trusted proxy, the nearest
    /// untrusted hop its forwarding headers name.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let peer = canonical(peer);
        if !self.trusted(peer) {
            return peer;
        }
        let mut nearest = peer;
        for hop in forwarded_hops(headers).into_iter().rev() {
            // A hop that is no address ("unknown", an obfuscated name) ends what can be known.
            let Some(hop) = hop.map(canonical) else {
                return nearest;
            };
            if !self.trusted(hop) {
                return hop;
            }
            nearest = hop;
        }
        nearest
    }
}

/// IPv4-mapped addresses as IPv4; IPv6 by its /64, which one subscriber usually holds whole.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
        },
        v4 => v4,
    }
}

/// The hops a request passed, client first: from `Forwarded` (RFC 7239) when present, else
/// `X-Forwarded-For`. `None` for a hop that is not an address.
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all(header::FORWARDED)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .map(|element| {
                element
                    .split(';')
                    .filter_map(|pair| pair.trim().split_once('='))
                    .find(|(k, _)| k.eq_ignore_ascii_case("for"))
                    .and_then(|(_, v)| address(v.trim_matches('"')))
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|hop| address(hop.trim()))
        .collect()
}

/// `1.2.3.4`, `1.2.3.4:80`, `2001:db8::1` or `[2001:db8::1]:80`.
fn address(text: &str) -> Option<IpAddr> {
    IpAddr::from_str(text)
        .ok()
        .or_else(|| SocketAddr::from_str(text).ok().map(|a| a.ip()))
        .or_else(|| {
            let inner = text.strip_prefix('[')?.split(']').next()?;
            IpAddr::from_str(inner).ok()
        })
}

/// The middleware's state: the limiter and the database that names a token's account.
#[derive(Clone)]
pub struct Limits {
    pub limiter: Arc<Limiter>,
    pub state: AppState,
}

/// Middleware: refuses a request over its route group's quota before the handler runs.
pub async fn limit(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let bucket = request
        .extensions()
        .get::<MatchedPath>()
        .and_then(|route| Bucket::of(request.method(), route.as_str()));
    let Some(bucket) = bucket.filter(|_| limits.limiter.settings.enabled) else {
        return next.run(request).await;
    };
    let now = Instant::now();
    // Without a socket (a test's `oneshot`) every caller shares one key, which still limits.
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
    let client = limits.limiter.client(peer, request.headers());
    if let Err(wait) = limits.limiter.take(bucket, Key::Address(client), now) {
        return too_many(bucket, wait);
    }
    if bucket.per_account() {
        if let Some(account) = account_of(&limits.state, request.headers()).await {
            if let Err(wait) = limits.limiter.take(bucket, Key::Account(account), now) {
                return too_many(bucket, wait);
            }
        }
    }
    next.run(request).await
}

/// The account a bearer token signs in, if valid; the handler answers 401 otherwise.
async fn account_of(state: &AppState, headers: &HeaderMap) -> Option<Uuid> {
    let token = headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")?;
    match crate::auth::session::resolve(&state.db, token.trim()).await {
        Ok(session) => session.map(|s| s.account_id),
        Err(e) => {
            tracing::warn!(error = %e, "rate limit: the session could not be read");
            None
        }
    }
}

fn too_many(bucket: Bucket, wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    tracing::info!(?bucket, seconds, "rate limited");
    let mut response = problem(
        StatusCode::TOO_MANY_REQUESTS,
        "rate-limited",
        Some(format!("too many requests; retry in {seconds} s")),
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limiter(trusted: &[&str]) -> Limiter {
        Limiter::new(RateLimitSettings {
            trusted_proxies: trusted.iter().map(|t| t.parse().unwrap()).collect(),
            sign_in: Quota::new(60, 2),
            ..RateLimitSettings::default()
        })
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, v.parse().unwrap());
        }
        h
    }

    #[test]
    fn a_burst_passes_then_one_request_per_interval() {
        let l = limiter(&[]);
        let key = Key::Address("203.0.113.9".parse().unwrap());
        let t = Instant::now();
        assert!(l.take(Bucket::SignIn, key, t).is_ok());
        assert!(l.take(Bucket::SignIn, key, t).is_ok());
        let wait = l.take(Bucket::SignIn, key, t).unwrap_err();
        assert_eq!(wait, Duration::from_secs(1));
        assert!(l.take(Bucket::SignIn, key, t + wait).is_ok());
        let other = Key::Address("203.0.113.10".parse().unwrap());
        assert!(l.take(Bucket::SignIn, other, t).is_ok());
    }

    #[test]
    fn forwarding_headers_count_only_from_trusted_proxies() {
        let spoofed = headers(&[("x-forwarded-for", "198.51.100.1")]);
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        assert_eq!(limiter(&[]).client(peer, &spoofed), peer);

        let l = limiter(&["10.0.0.0/8"]);
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        // The client prepends a lie; the proxy appends what it saw.
        let chain = headers(&[("x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.0.0.3")]);
        assert_eq!(
            l.client(proxy, &chain),
            "198.51.100.7".parse::<IpAddr>().unwrap()
        );
        let rfc = headers(&[("forwarded", "for=\"[2001:db8:1:2::7]:443\";proto=https")]);
        assert_eq!(
            l.client(proxy, &rfc),
            "2001:db8:1:2::".parse::<IpAddr>().unwrap()
        );
        let unknown = headers(&[("forwarded", "for=unknown")]);
        assert_eq!(l.client(proxy, &unknown), proxy);
    }
}
