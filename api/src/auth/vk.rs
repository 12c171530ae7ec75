//! VK ID sign-in: OAuth 2.1 authorization code with PKCE (S256). The API keeps the verifier;
//! the browser gets an authorize URL with `state` and the S256 challenge, returns with `code`,
//! `state` and `device_id`, and the API exchanges them at `{base}/oauth2/auth`.
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// A random URL-safe string of 43 characters (32 bytes): a valid PKCE verifier and a good state.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The S256 code challenge of a verifier.
pub fn challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

pub fn authorize_url(
    base: &str,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    verifier: &str,
) -> String {
    let mut url = format!("{}/authorize?", base.trim_end_matches('/'));
    url.push_str(
        &url::form_urlencoded::Serializer::new(String::new())
            .append_pair("response_type", "code")
            .append_pair("client_id", client_id)
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state)
            .append_pair("code_challenge", &challenge(verifier))
            .append_pair("code_challenge_method", "S256")
            .append_pair("scope", "vkid.personal_info")
            .finish(),
    );
    url
}

#[derive(Debug, Deserialize)]
struct TokenAnswer {
    access_token: Option<String>,
    user_id: Option<serde_json::Value>,
    error: Option<String>,
    error_description: Option<String>,
}

/// The VK user behind an authorization code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VkUser {
    pub user_id: String,
}

#[derive(Debug, thiserror::Error)]
pub enum VkError {
    /// VK refused the exchange (bad code, verifier or device): the person's proof is invalid.
    #[error("VK ID refused the code: {0}")]
    Refused(String),
    /// VK could not be reached or answered nonsense.
    #[error("VK ID is unavailable: {0}")]
    Unavailable(String),
}

pub struct Exchange<'a> {
    pub base: &'a str,
    pub client_id: &'a str,
    pub redirect_uri: &'a str,
    pub code: &'a str,
    pub verifier: &'a str,
    pub device_id: &'a str,
    pub state: &'a str,
}

/// `POST {base}/oauth2/auth` with `grant_type=authorization_code`.
pub async fn exchange(http: &reqwest::Client, ex: Exchange<'_>) -> Result<VkUser, VkError> {
    let url = format!("{}/oauth2/auth", ex.base.trim_end_matches('/'));
    let response = http
        .post(url)
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", ex.code),
            ("code_verifier", ex.verifier),
            ("client_id", ex.client_id),
            ("device_id", ex.device_id),
            ("redirect_uri", ex.redirect_uri),
            ("state", ex.state),
        ])
        .send()
        .await
        .map_err(|e| VkError::Unavailable(e.to_string()))?;
    let status = response.status();
    let answer: TokenAnswer = response
        .json()
        .await
        .map_err(|e| VkError::Unavailable(format!("HTTP {status}: {e}")))?;
    if let Some(error) = answer.error {
        let detail = answer.error_description.unwrap_or_default();
        return Err(VkError::Refused(
            format!("{error} {detail}").trim().to_owned(),
        ));
    }
    if status.is_server_error() {
        return Err(VkError::Unavailable(format!("HTTP {status}")));
    }
    let user_id = match answer.user_id {
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(serde_json::Value::String(s)) if !s.is_empty() => s,
        _ => return Err(VkError::Unavailable("no user_id in the answer".into())),
    };
    if answer.access_token.is_none() {
        return Err(VkError::Unavailable("no access_token in the answer".into()));
    }
    Ok(VkUser { user_id })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7636 appendix B.
    #[test]
    fn the_s256_challenge_matches_rfc_7636() {
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn verifiers_are_43_url_safe_characters() {
        let v = random_token();
        assert_eq!(v.len(), 43);
        assert!(v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    }
}
