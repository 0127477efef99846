//! Reviewers' sign-in in production: Cognito's hosted UI with the OAuth 2.0
//! authorization-code flow and PKCE (RFC 7636), for a browser that follows links.
//!
//! 1. `GET /api/review/start` sends the browser to the hosted UI with a random `state`
//!    and a PKCE challenge; the state and the verifier wait in a short-lived cookie.
//! 2. Cognito sends it back to `GET /api/review/callback?code=…&state=…`; the state must
//!    match the cookie's, and the code is exchanged (with the verifier) for tokens at the
//!    token endpoint.
//! 3. The ID token goes into an `HttpOnly` cookie on `/api/review`. CloudFront copies it
//!    into the `Authorization` header (infra/template.yaml, ReviewerCookieFunction), where
//!    API Gateway's JWT authorizer verifies it; the review function then checks the
//!    group claim (`auth::verified_by_gateway`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

/// The cookie holding `state` and the PKCE verifier between steps 1 and 2.
pub const FLOW_COOKIE: &str = "portal_review_flow";

#[derive(Debug, Clone)]
pub struct HostedUi {
    /// `https://<prefix>.auth.<region>.amazoncognito.com` (tests: a local server).
    pub domain: String,
    pub client_id: String,
    /// `https://<site>/api/review/callback`, as registered on the app client.
    pub redirect_uri: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignInError {
    #[error("the sign-in was not started here or has expired; start again")]
    StateMismatch,
    #[error("the identity provider refused the sign-in: {0}")]
    Refused(String),
    #[error("the identity provider cannot be reached: {0}")]
    Unreachable(String),
}

/// What step 1 needs to remember for step 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flow {
    pub state: String,
    pub verifier: String,
}

impl Flow {
    pub fn new() -> Flow {
        Flow {
            state: crate::files::random_id(),
            // 2 × 128 random bits, hex: 64 characters of the unreserved set (RFC 7636 §4.1).
            verifier: format!("{}{}", crate::files::random_id(), crate::files::random_id()),
        }
    }

    pub fn cookie_value(&self) -> String {
        format!("{}.{}", self.state, self.verifier)
    }

    pub fn from_cookie(value: &str) -> Option<Flow> {
        let (state, verifier) = value.split_once('.')?;
        let hex = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
        (hex(state) && hex(verifier)).then(|| Flow {
            state: state.into(),
            verifier: verifier.into(),
        })
    }

    /// `S256`: base64url(SHA-256(verifier)).
    pub fn challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.verifier.as_bytes()))
    }
}

impl Default for Flow {
    fn default() -> Self {
        Flow::new()
    }
}

#[cfg(feature = "aws")]
#[derive(serde::Deserialize)]
struct TokenResponse {
    id_token: String,
    expires_in: Option<i64>,
}

impl HostedUi {
    /// Where step 1 sends the browser.
    pub fn authorize_url(&self, flow: &Flow, lang: &str) -> String {
        let query = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("scope", "openid email"),
            ("state", &format!("{}.{lang}", flow.state)),
            ("code_challenge", &flow.challenge()),
            ("code_challenge_method", "S256"),
        ])
        .expect("strings encode");
        format!("{}/oauth2/authorize?{query}", self.domain)
    }

    /// Sign out at Cognito too, then back to the sign-in page of `lang`.
    pub fn logout_url(&self, site: &str, lang: &str) -> String {
        let query = serde_urlencoded::to_string([
            ("client_id", self.client_id.as_str()),
            ("logout_uri", &format!("{site}/{lang}/review/")),
        ])
        .expect("strings encode");
        format!("{}/logout?{query}", self.domain)
    }

    /// Step 2: the `state` returned must be the one in the cookie; the code is then
    /// exchanged for the ID token (and how many seconds it is valid).
    pub async fn finish(
        &self,
        flow: Option<&Flow>,
        state: &str,
        code: &str,
    ) -> Result<(String, i64), SignInError> {
        let flow = flow.ok_or(SignInError::StateMismatch)?;
        let returned = state.split_once('.').map_or(state, |(s, _)| s);
        if !constant_time_eq(returned.as_bytes(), flow.state.as_bytes()) {
            return Err(SignInError::StateMismatch);
        }
        self.exchange(code, &flow.verifier).await
    }

    #[cfg(feature = "aws")]
    async fn exchange(&self, code: &str, verifier: &str) -> Result<(String, i64), SignInError> {
        let res = reqwest::Client::new()
            .post(format!("{}/oauth2/token", self.domain))
            .timeout(std::time::Duration::from_secs(10))
            .form(&[
                ("grant_type", "authorization_code"),
                ("client_id", self.client_id.as_str()),
                ("code", code),
                ("redirect_uri", self.redirect_uri.as_str()),
                ("code_verifier", verifier),
            ])
            .send()
            .await
            // Without the URL: it names the code.
            .map_err(|e| SignInError::Unreachable(e.without_url().to_string()))?;
        if !res.status().is_success() {
            let status = res.status();
            // Cognito's error body is `{"error":"invalid_grant"}`: no secret, no token.
            let body = res.text().await.unwrap_or_default();
            let error = serde_json::from_str::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_owned))
                .unwrap_or_else(|| status.to_string());
            return Err(SignInError::Refused(error));
        }
        let tokens: TokenResponse = res
            .json()
            .await
            .map_err(|e| SignInError::Refused(format!("unreadable token response: {e}")))?;
        Ok((tokens.id_token, tokens.expires_in.unwrap_or(3600)))
    }

    // Without the `aws` feature (the fuzzing build) there is no Cognito to ask.
    #[cfg(not(feature = "aws"))]
    async fn exchange(&self, _code: &str, _verifier: &str) -> Result<(String, i64), SignInError> {
        Err(SignInError::Unreachable(
            "built without the aws feature".into(),
        ))
    }
}

/// The language a `state` carries back (`<state>.<lang>`).
pub fn lang_of_state(state: &str) -> Option<&str> {
    state.split_once('.').map(|(_, l)| l)
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, Appendix B.
        let flow = Flow {
            state: "ab".into(),
            verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk".into(),
        };
        assert_eq!(
            flow.challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn the_flow_survives_its_cookie_and_nothing_else_passes_for_it() {
        let flow = Flow::new();
        assert_eq!(Flow::from_cookie(&flow.cookie_value()), Some(flow));
        assert_eq!(Flow::from_cookie("nodot"), None);
        assert_eq!(Flow::from_cookie("ab.<script>"), None);
        assert_eq!(Flow::from_cookie(".ab"), None);
    }

    #[test]
    fn the_authorize_url_carries_the_challenge_and_the_state_with_the_language() {
        let ui = HostedUi {
            domain: "https://r.auth.eu-central-1.amazoncognito.com".into(),
            client_id: "client1".into(),
            redirect_uri: "https://portal.example.kz/api/review/callback".into(),
        };
        let flow = Flow {
            state: "aa11".into(),
            verifier: "bb22".into(),
        };
        let url = ui.authorize_url(&flow, "ru");
        assert!(url.starts_with(
            "https://r.auth.eu-central-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=client1&redirect_uri=https%3A%2F%2Fportal.example.kz%2Fapi%2Freview%2Fcallback&scope=openid+email&state=aa11.ru&code_challenge="
        ), "{url}");
        assert!(url.ends_with("&code_challenge_method=S256"), "{url}");
        assert_eq!(lang_of_state("aa11.ru"), Some("ru"));
    }

    #[tokio::test]
    async fn a_state_that_is_not_the_cookies_is_refused_before_any_request() {
        let ui = HostedUi {
            // Nothing listens here: a request would fail as Unreachable.
            domain: "http://127.0.0.1:9".into(),
            client_id: "c".into(),
            redirect_uri: "http://127.0.0.1/api/review/callback".into(),
        };
        let flow = Flow::new();
        assert_eq!(
            ui.finish(Some(&flow), "0000.ru", "code").await,
            Err(SignInError::StateMismatch)
        );
        assert_eq!(
            ui.finish(None, &format!("{}.ru", flow.state), "code").await,
            Err(SignInError::StateMismatch)
        );
        assert!(matches!(
            ui.finish(Some(&flow), &format!("{}.ru", flow.state), "code")
                .await,
            Err(SignInError::Unreachable(_))
        ));
    }
}
