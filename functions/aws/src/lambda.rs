//! Production wiring, shared by the four Lambda binaries: the same router as the local
//! server, with DynamoDB, S3, SES and SNS, configured from the environment the SAM
//! template sets. Outside Lambda (no `AWS_LAMBDA_RUNTIME_API`) the router is served on
//! a TCP port instead, so the production build can be tried against a local AWS-compatible
//! server.

use crate::clients::clients_from_env;
use crate::cognito::CognitoTokens;
use crate::dynamo::DynamoStore;
use crate::s3::S3Files;
use crate::ses::SesEmail;
use crate::sns::SnsSms;
use api::reviewers::hosted_ui::HostedUi;
use api::reviewers::token::GatewayClaims;
use api::{App, ReviewerAuth, Site, router};
use applications::notifier::{DAILY_CAP, Notifier, RetryPolicy};
use applications::secret::Secret;
use applications::store::deadline::{self, Deadline};
use std::path::PathBuf;
use std::sync::Arc;
use views::RenderOptions;

#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error("the environment variable {0} is not set")]
    Missing(&'static str),
    #[error("the content in {dir} cannot be loaded:\n{diagnostics}")]
    Content { dir: String, diagnostics: String },
    #[error("the pages cannot be prepared: {0}")]
    Render(#[from] views::TemplateError),
    #[error("{0}")]
    Serve(String),
    #[error("the secret cannot be read from SSM: {0}")]
    Secret(String),
}

fn env(name: &'static str) -> Result<String, SetupError> {
    std::env::var(name)
        .ok()
        .filter(|v| !v.is_empty())
        .ok_or(SetupError::Missing(name))
}

/// Logs as JSON lines for CloudWatch; personal data is never passed to them.
pub fn init_logging() {
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .without_time()
        .try_init();
}

fn content() -> Result<content_model::Content, SetupError> {
    let dir =
        PathBuf::from(std::env::var("PORTAL_CONTENT_DIR").unwrap_or_else(|_| "content".into()));
    content_model::load_to_serve(&dir)
        .map(|l| l.content)
        .map_err(|d| SetupError::Content {
            dir: dir.display().to_string(),
            diagnostics: d.to_string(),
        })
}

/// The HMAC secret: `PORTAL_SECRET` itself (tests, local runs), or read once at start
/// from the SSM SecureString named by `PORTAL_SECRET_PARAM` (production).
async fn secret() -> Result<Secret, SetupError> {
    if let Ok(s) = env("PORTAL_SECRET") {
        return Ok(Secret::new(s));
    }
    Ok(Secret::new(parameter(&env("PORTAL_SECRET_PARAM")?).await?))
}

/// What CloudFront sends in `X-Origin-Verify`: read once at start through SSM's
/// reference to the Secrets Manager secret named by `PORTAL_ORIGIN_VERIFY_PARAM`
/// (`/aws/reference/secretsmanager/…`). Without the variable (tests), no check.
async fn origin_key() -> Result<Option<String>, SetupError> {
    match env("PORTAL_ORIGIN_VERIFY_PARAM") {
        Ok(name) => Ok(Some(parameter(&name).await?)),
        Err(_) => Ok(None),
    }
}

/// An SSM parameter's value, decrypted; an empty one is an error.
async fn parameter(name: &str) -> Result<String, SetupError> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let out = aws_sdk_ssm::Client::new(&config)
        .get_parameter()
        .name(name)
        .with_decryption(true)
        .send()
        .await
        .map_err(|e| {
            SetupError::Secret(format!(
                "{name}: {}",
                aws_sdk_ssm::error::DisplayErrorContext(e)
            ))
        })?;
    out.parameter
        .and_then(|p| p.value)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| SetupError::Secret(format!("{name} is empty")))
}

/// The application as it runs on AWS.
pub async fn production_app() -> Result<App, SetupError> {
    let (dynamo, _, _, s3) = clients_from_env().await;
    let store = Arc::new(Deadline::new(
        Arc::new(DynamoStore::new(dynamo, env("PORTAL_TABLE")?)),
        deadline::DEFAULT_LIMIT,
    ));
    let mut files = S3Files::new(s3, env("PORTAL_UPLOADS_BUCKET")?);
    // Uploads are encrypted with the stack's customer key, as the bucket's policy expects.
    if let Ok(key) = env("PORTAL_UPLOADS_KMS_KEY") {
        files = files.with_kms_key(key);
    }
    let base_url = env("PORTAL_BASE_URL")?;
    let site = Site::new(
        content()?,
        &RenderOptions {
            base_url: Some(base_url.clone()),
            ..RenderOptions::default()
        },
    )?;
    let mut app = App::new(
        site,
        store,
        Arc::new(files),
        secret().await?,
        ReviewerAuth::Gateway,
        base_url,
    );
    app.secure_cookies = true;
    app.origin_key = origin_key().await?;
    // The review function's hosted sign-in (`/api/review/start`, `/callback`).
    if let (Ok(domain), Ok(client_id)) = (
        env("PORTAL_COGNITO_DOMAIN"),
        env("PORTAL_COGNITO_CLIENT_ID"),
    ) {
        app.hosted_ui = Some(HostedUi {
            domain: domain.trim_end_matches('/').to_string(),
            client_id,
            redirect_uri: format!("{}{}", app.base_url, views::urls::api::REVIEW_CALLBACK),
            tokens: Arc::new(CognitoTokens::default()),
        });
    }
    Ok(app)
}

/// The router as a Lambda runs it, with what API Gateway verified put where the API
/// looks for it: the address the request came from (behind CloudFront, the viewer's: API
/// Gateway reads it from the `X-Forwarded-For` entry CloudFront added) where the
/// connection's peer goes, for the status lookups' per-client throttle; and the claims
/// of the token its JWT authorizer verified, for the reviewer routes (a route without
/// the authorizer has none, and the reviewer routes then refuse whatever token is sent).
pub fn with_gateway_context(router: axum::Router) -> axum::Router {
    router.layer(axum::middleware::map_request(gateway_context))
}

async fn gateway_context(mut req: axum::extract::Request) -> axum::extract::Request {
    use lambda_http::RequestExt;
    use lambda_http::request::RequestContext;
    #[allow(irrefutable_let_patterns)] // one variant with the features this crate uses
    let (ip, claims) = match req.request_context_ref() {
        Some(RequestContext::ApiGatewayV2(ctx)) => (
            ctx.http.source_ip.clone(),
            ctx.authorizer
                .as_ref()
                .and_then(|a| a.jwt.as_ref())
                .map(|jwt| jwt.claims.clone()),
        ),
        _ => (None, None),
    };
    if let Some(ip) = ip.and_then(|ip| ip.parse::<std::net::IpAddr>().ok()) {
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(ip, 0)));
    }
    if let Some(claims) = claims {
        req.extensions_mut().insert(GatewayClaims(claims));
    }
    req
}

/// Run an HTTP function: under Lambda with `lambda_http`, elsewhere on `PORT`.
pub async fn run_http() -> Result<(), SetupError> {
    init_logging();
    let app = router(Arc::new(production_app().await?));
    if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() {
        lambda_http::run(with_gateway_context(app))
            .await
            .map_err(|e| SetupError::Serve(e.to_string()))
    } else {
        let port = std::env::var("PORT").unwrap_or_else(|_| "3000".into());
        let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}"))
            .await
            .map_err(|e| SetupError::Serve(e.to_string()))?;
        api::listener::run(listener, app, Default::default(), std::future::pending())
            .await
            .map_err(|e| SetupError::Serve(e.to_string()))
    }
}

/// Run the notifier: on the table's stream (new messages, at once), on SES's delivery
/// reports (from EventBridge) and SNS's SMS delivery logs (a CloudWatch Logs
/// subscription), and on a schedule
/// (retries whose backoff has passed, which no stream record announces, and the purge of
/// what has expired, with the documents it owns).
pub async fn run_notifier() -> Result<(), SetupError> {
    init_logging();
    let (dynamo, ses, sns, s3) = clients_from_env().await;
    let store = DynamoStore::new(dynamo, env("PORTAL_TABLE")?);
    let email = SesEmail::new(ses, env("PORTAL_SENDER")?);
    let sms = SnsSms::new(sns, std::env::var("PORTAL_SMS_SENDER_ID").ok());
    // Only deletes: the notifier writes no document, so it needs no KMS key.
    let files = S3Files::new(s3, env("PORTAL_UPLOADS_BUCKET")?);
    let shared = Arc::new((store, email, sms, files));
    lambda_runtime::run(lambda_runtime::service_fn(
        move |event: lambda_runtime::LambdaEvent<serde_json::Value>| {
            let shared = shared.clone();
            async move {
                let (store, email, sms, files) = shared.as_ref();
                let notifier = Notifier {
                    store,
                    email,
                    sms,
                    policy: RetryPolicy::default(),
                    daily_cap: DAILY_CAP,
                };
                if crate::sns_logs::is_logs_event(&event.payload) {
                    let kept = crate::sns_logs::handle(store, event.payload).await?;
                    Ok(serde_json::json!({"reports": kept}))
                } else if crate::ses_events::is_ses_event(&event.payload) {
                    crate::ses_events::handle(store, event.payload).await?;
                    Ok(serde_json::json!({"report": "kept"}))
                } else if event.payload.get("Records").is_some() {
                    let batch: aws_lambda_events::event::dynamodb::Event =
                        serde_json::from_value(event.payload)?;
                    let response = crate::stream::handle(&notifier, batch).await;
                    Ok::<_, lambda_runtime::Error>(serde_json::to_value(response)?)
                } else {
                    let now = chrono::Utc::now();
                    let round = notifier.run_once(now).await?;
                    let purge = applications::retention::purge(store, files, now).await?;
                    tracing::info!(
                        sent = round.sent,
                        retried = round.retried,
                        failed = round.failed,
                        suppressed = round.suppressed,
                        purged_applications = purge.applications,
                        purged_drafts = purge.drafts,
                        deleted_files = purge.files,
                        "scheduled sweep"
                    );
                    Ok(serde_json::json!({
                        "sent": round.sent,
                        "retried": round.retried,
                        "failed": round.failed,
                        "suppressed": round.suppressed,
                        "purged_applications": purge.applications,
                        "purged_drafts": purge.drafts,
                        "deleted_files": purge.files,
                    }))
                }
            }
        },
    ))
    .await
    .map_err(|e| SetupError::Serve(e.to_string()))
}
