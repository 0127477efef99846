//! Cognito's token endpoint (`POST <domain>/oauth2/token`): the hosted sign-in's code
//! exchange, the one HTTPS request the functions make themselves.

use api::reviewers::hosted_ui::{HostedUi, SignInError, TokenEndpoint};
use async_trait::async_trait;

#[derive(serde::Deserialize)]
struct TokenResponse {
    id_token: String,
    expires_in: Option<i64>,
}

/// The exchange over HTTPS (rustls), within 10 seconds.
#[derive(Debug, Default)]
pub struct CognitoTokens {
    client: reqwest::Client,
}

#[async_trait]
impl TokenEndpoint for CognitoTokens {
    async fn exchange(
        &self,
        ui: &HostedUi,
        code: &str,
        verifier: &str,
    ) -> Result<(String, i64), SignInError> {
        let res = self
            .client
            .post(format!("{}/oauth2/token", ui.domain))
            .timeout(std::time::Duration::from_secs(10))
            .form(&[
                ("grant_type", "authorization_code"),
                ("client_id", ui.client_id.as_str()),
                ("code", code),
                ("redirect_uri", ui.redirect_uri.as_str()),
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
}
