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
//!    group claim (`token::verified_by_gateway`).
//!
//! The exchange itself is a [`TokenEndpoint`]: an HTTPS request to Cognito in the
//! `aws` crate, so that nothing here needs an HTTP client.

use applications::ids::random_id;
use applications::secret::same;
use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use content_model::Lang;
use sha2::{Digest, Sha256};
use std::sync::Arc;
use views::urls;

/// The cookie holding `state` and the PKCE verifier between steps 1 and 2.
pub use super::cookies::FLOW as FLOW_COOKIE;

#[derive(Clone)]
pub struct HostedUi {
    /// `https://<prefix>.auth.<region>.amazoncognito.com` (tests: a local server).
    pub domain: String,
    pub client_id: String,
    /// `https://<site>/api/review/callback`, as registered on the app client.
    pub redirect_uri: String,
    /// Where the code is exchanged for the ID token.
    pub tokens: Arc<dyn TokenEndpoint>,
}

impl std::fmt::Debug for HostedUi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostedUi")
            .field("domain", &self.domain)
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// The identity provider's token endpoint (`POST <domain>/oauth2/token`).
#[async_trait]
pub trait TokenEndpoint: Send + Sync {
    /// Exchange an authorization code and its PKCE verifier for the ID token and the
    /// seconds it is valid.
    async fn exchange(
        &self,
        ui: &HostedUi,
        code: &str,
        verifier: &str,
    ) -> Result<(String, i64), SignInError>;
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
            state: random_id(),
            // 2 × 128 random bits, hex: 64 characters of the unreserved set (RFC 7636 §4.1).
            verifier: format!("{}{}", random_id(), random_id()),
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

impl HostedUi {
    /// Where step 1 sends the browser.
    pub fn authorize_url(&self, flow: &Flow, lang: Lang) -> String {
        let query = serde_urlencoded::to_string([
            ("response_type", "code"),
            ("client_id", self.client_id.as_str()),
            ("redirect_uri", self.redirect_uri.as_str()),
            ("scope", "openid email"),
            ("state", &format!("{}.{lang}", flow.state)),
            ("code_challenge", &flow.challenge()),
            ("code_challenge_method", "S256"),
        ])
        .unwrap_or_default();
        format!("{}/oauth2/authorize?{query}", self.domain)
    }

    /// Sign out at Cognito too, then back to the sign-in page of `lang`.
    pub fn logout_url(&self, site: &str, lang: Lang) -> String {
        let query = serde_urlencoded::to_string([
            ("client_id", self.client_id.as_str()),
            ("logout_uri", &format!("{site}{}", urls::review(lang))),
        ])
        .unwrap_or_default();
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
        if !same(returned.as_bytes(), flow.state.as_bytes()) {
            return Err(SignInError::StateMismatch);
        }
        self.tokens.exchange(self, code, &flow.verifier).await
    }
}

/// The language a `state` carries back (`<state>.<lang>`).
pub fn lang_of_state(state: &str) -> Option<&str> {
    state.split_once('.').map(|(_, l)| l)
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

    /// A token endpoint that counts the exchanges asked of it and cannot be reached.
    #[derive(Default)]
    struct Unreachable(std::sync::atomic::AtomicUsize);

    #[async_trait]
    impl TokenEndpoint for Unreachable {
        async fn exchange(
            &self,
            _: &HostedUi,
            _: &str,
            _: &str,
        ) -> Result<(String, i64), SignInError> {
            self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Err(SignInError::Unreachable("nothing listens".into()))
        }
    }

    #[test]
    fn the_authorize_url_carries_the_challenge_and_the_state_with_the_language() {
        let ui = HostedUi {
            domain: "https://r.auth.eu-central-1.amazoncognito.com".into(),
            client_id: "client1".into(),
            redirect_uri: "https://portal.example.kz/api/review/callback".into(),
            tokens: Arc::new(Unreachable::default()),
        };
        let flow = Flow {
            state: "aa11".into(),
            verifier: "bb22".into(),
        };
        let url = ui.authorize_url(&flow, Lang::Ru);
        assert!(url.starts_with(
            "https://r.auth.eu-central-1.amazoncognito.com/oauth2/authorize?response_type=code&client_id=client1&redirect_uri=https%3A%2F%2Fportal.example.kz%2Fapi%2Freview%2Fcallback&scope=openid+email&state=aa11.ru&code_challenge="
        ), "{url}");
        assert!(url.ends_with("&code_challenge_method=S256"), "{url}");
        assert_eq!(lang_of_state("aa11.ru"), Some("ru"));
    }

    #[tokio::test]
    async fn a_state_that_is_not_the_cookies_is_refused_before_any_request() {
        let tokens = Arc::new(Unreachable::default());
        let ui = HostedUi {
            domain: "http://127.0.0.1:9".into(),
            client_id: "c".into(),
            redirect_uri: "http://127.0.0.1/api/review/callback".into(),
            tokens: tokens.clone(),
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
        assert_eq!(tokens.0.load(std::sync::atomic::Ordering::SeqCst), 0);
        assert!(matches!(
            ui.finish(Some(&flow), &format!("{}.ru", flow.state), "code")
                .await,
            Err(SignInError::Unreachable(_))
        ));
        assert_eq!(tokens.0.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
