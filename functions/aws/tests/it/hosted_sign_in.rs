//! The reviewers' sign-in in production (Cognito's hosted UI, authorization code with
//! PKCE) against a stand-in for Cognito's token endpoint on 127.0.0.1: start → callback
//! → the reviewer cookie → the queue → sign-out, and every way the callback can fail.

use api::ReviewerAuth;
use api::reviewers::accounts::Accounts;
use api::reviewers::hosted_ui::HostedUi;
use api::reviewers::token::GatewayClaims;
use api::test_api::TestApi;
use aws::cognito::CognitoTokens;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Request, StatusCode, header};
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

const SITE: &str = "https://portal.example.edu.kz";
const CLIENT: &str = "client-1";

/// What the stand-in for Cognito was sent, and the challenge it expects.
#[derive(Default)]
struct Cognito {
    challenge: Mutex<Option<String>>,
    requests: Mutex<Vec<HashMap<String, String>>>,
}

/// A token as API Gateway would pass it on (verified there; the function reads claims).
fn id_token(groups: &[&str]) -> String {
    let claims = serde_json::json!({
        "sub": "aigerim",
        "cognito:groups": groups,
        "exp": chrono::Utc::now().timestamp() + 3600,
        "aud": CLIENT,
    });
    format!(
        "{}.{}.signature",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","kid":"k1"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// Cognito's `/oauth2/token` for the authorization-code grant with PKCE: `good-code`
/// with the right client, redirect URI and verifier gets tokens; anything else
/// `invalid_grant`, as Cognito answers.
async fn token(
    State(cognito): State<Arc<Cognito>>,
    axum::extract::Form(form): axum::extract::Form<HashMap<String, String>>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    cognito.requests.lock().unwrap().push(form.clone());
    let verifier_ok = form.get("code_verifier").is_some_and(|v| {
        Some(URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes())))
            == *cognito.challenge.lock().unwrap()
    });
    let ok = form.get("grant_type").map(String::as_str) == Some("authorization_code")
        && form.get("client_id").map(String::as_str) == Some(CLIENT)
        && form.get("redirect_uri").map(String::as_str)
            == Some(&format!("{SITE}/api/review/callback"))
        && verifier_ok;
    let groups: &[&str] = match form.get("code").map(String::as_str) {
        Some("good-code") if ok => &["reviewers"],
        Some("student-code") if ok => &["students"],
        _ => {
            return (
                StatusCode::BAD_REQUEST,
                axum::Json(serde_json::json!({"error": "invalid_grant"})),
            )
                .into_response();
        }
    };
    axum::Json(serde_json::json!({
        "id_token": id_token(groups),
        "access_token": "access",
        "expires_in": 3600,
        "token_type": "Bearer",
    }))
    .into_response()
}

async fn start_cognito() -> (String, Arc<Cognito>) {
    let cognito = Arc::new(Cognito::default());
    let app = axum::Router::new()
        .route("/oauth2/token", post(token))
        .with_state(cognito.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), cognito)
}

/// The review function's API, behind API Gateway or local, with the hosted UI given.
fn app(reviewers: ReviewerAuth, hosted_ui: Option<HostedUi>) -> TestApi {
    TestApi::builder()
        .reviewers(reviewers)
        .secret(b"k")
        .base_url(SITE)
        .hosted_ui(hosted_ui)
        .build()
}

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect()
    }
}

async fn get(app: &TestApi, uri: &str, cookie: Option<&str>) -> Answer {
    get_with(app, uri, None, cookie).await
}

/// A request as it reaches the function behind CloudFront and API Gateway: with the
/// bearer token in Authorization, its claims as the JWT authorizer hands them on (the
/// stand-in token endpoint's tokens are the ones it verifies), and any cookies.
async fn get_with(app: &TestApi, uri: &str, bearer: Option<&str>, cookie: Option<&str>) -> Answer {
    let mut req = Request::get(uri);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(t) = bearer {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let mut req = req.body(Body::empty()).unwrap();
    if let Some(t) = bearer {
        req.extensions_mut().insert(gateway_claims(t));
    }
    let res = app.router().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// The claims of `token` as API Gateway's JWT authorizer hands them to the function:
/// every value a string, a list written `[a b]`.
fn gateway_claims(token: &str) -> GatewayClaims {
    let payload = URL_SAFE_NO_PAD
        .decode(token.split('.').nth(1).unwrap())
        .unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&payload).unwrap();
    GatewayClaims(
        claims
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| {
                let s = match v {
                    serde_json::Value::Array(a) => format!(
                        "[{}]",
                        a.iter()
                            .filter_map(|x| x.as_str())
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k.clone(), s)
            })
            .collect(),
    )
}

fn query_param(url: &str, name: &str) -> String {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
    serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .unwrap()
        .into_iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("{url} has no {name}"))
}

#[tokio::test]
async fn a_reviewer_signs_in_through_the_hosted_ui_and_out_again() {
    let (cognito_url, cognito) = start_cognito().await;
    let app = app(
        ReviewerAuth::Gateway,
        Some(HostedUi {
            domain: cognito_url.clone(),
            client_id: CLIENT.into(),
            redirect_uri: format!("{SITE}/api/review/callback"),
            tokens: Arc::new(CognitoTokens::default()),
        }),
    );

    // 1. Start: on to the hosted UI, with PKCE; the state and verifier in a cookie.
    let start = get(&app, "/api/review/start?lang=ru", None).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    let to = start.location().to_string();
    assert!(
        to.starts_with(&format!("{cognito_url}/oauth2/authorize?")),
        "{to}"
    );
    assert_eq!(query_param(&to, "response_type"), "code");
    assert_eq!(query_param(&to, "client_id"), CLIENT);
    assert_eq!(
        query_param(&to, "redirect_uri"),
        format!("{SITE}/api/review/callback")
    );
    assert_eq!(query_param(&to, "code_challenge_method"), "S256");
    let state = query_param(&to, "state");
    assert!(state.ends_with(".ru"), "{state}");
    *cognito.challenge.lock().unwrap() = Some(query_param(&to, "code_challenge"));
    let flow_cookie = start
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-portal_review_flow="))
        .expect("the flow cookie");
    for attribute in [
        "Path=/;",
        "HttpOnly",
        "Secure",
        "SameSite=Lax",
        "Max-Age=600",
    ] {
        assert!(flow_cookie.contains(attribute), "{flow_cookie}");
    }
    let flow = flow_cookie.split(';').next().unwrap().to_string();
    let callback = |code: &str, state: &str| {
        format!(
            "/api/review/callback?{}",
            serde_urlencoded::to_string([("code", code), ("state", state)]).unwrap()
        )
    };

    // 2. Every way back that is not this browser's own sign-in is refused, in Russian,
    //    with no reviewer cookie; none of them reaches the token endpoint.
    for (uri, cookie) in [
        (callback("good-code", &state), None),
        (callback("good-code", "0123abcd.ru"), Some(flow.as_str())),
        (
            "/api/review/callback?error=access_denied&state=x.ru".to_string(),
            Some(flow.as_str()),
        ),
    ] {
        let refused = get(&app, &uri, cookie).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(
            refused.body.contains("Вход не завершён"),
            "{uri}: {}",
            refused.body
        );
        assert!(refused.body.contains("href=\"/api/review/start?lang=ru\""));
        assert!(
            !refused
                .cookies()
                .iter()
                .any(|c| c.contains("portal_review=")),
            "{uri}"
        );
    }
    assert!(cognito.requests.lock().unwrap().is_empty());

    // 3. A code Cognito refuses.
    let refused = get(&app, &callback("stale-code", &state), Some(&flow)).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.body.contains("Вход не завершён"));

    // 4. The real way back: the code and the verifier are exchanged for the ID token,
    //    which goes into the reviewer cookie.
    let back = get(&app, &callback("good-code", &state), Some(&flow)).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER, "{}", back.body);
    assert_eq!(back.location(), "/api/review/applications?lang=ru");
    let sent = cognito.requests.lock().unwrap().last().cloned().unwrap();
    assert_eq!(sent["code"], "good-code");
    let reviewer_cookie = back
        .cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-portal_review="))
        .expect("the reviewer cookie");
    for attribute in [
        "Path=/;",
        "HttpOnly",
        "Secure",
        "SameSite=Lax",
        "Max-Age=3600",
    ] {
        assert!(reviewer_cookie.contains(attribute), "{reviewer_cookie}");
    }
    assert!(
        back.cookies()
            .iter()
            .any(|c| c.starts_with("__Host-portal_review_flow=;") && c.contains("Max-Age=0")),
        "the flow cookie is cleared"
    );
    let session = reviewer_cookie.split(';').next().unwrap().to_string();

    // 5. The queue opens with the token in Authorization, where CloudFront copies the
    //    cookie and API Gateway verifies it. The cookie alone is not read: beside a
    //    token the authorizer accepted, a forged cookie must not count.
    let token = session
        .trim_start_matches("__Host-portal_review=")
        .to_string();
    let queue = get_with(&app, "/api/review/applications?lang=ru", Some(&token), None).await;
    assert_eq!(queue.status, StatusCode::OK, "{}", queue.body);
    let cookie_only = get(&app, "/api/review/applications?lang=ru", Some(&session)).await;
    assert_eq!(cookie_only.status, StatusCode::UNAUTHORIZED);
    let student = id_token(&["students"]);
    let forged = get_with(
        &app,
        "/api/review/applications?lang=ru",
        Some(&student),
        Some(&format!(
            "__Host-portal_review={}",
            id_token(&["reviewers"])
        )),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let without = get(&app, "/api/review/applications?lang=ru", None).await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    // Signed out of the hosted UI's page, the sign-in page links to the start.
    assert!(without.body.contains("href=\"/api/review/start?lang=ru\""));
    assert!(!without.body.contains("type=\"password\""));

    // 6. Signing out ends Cognito's session too and comes back to the sign-in page.
    let out = get_with(
        &app,
        "/api/review/logout?lang=ru",
        Some(&token),
        Some(&session),
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let to = out.location();
    assert!(to.starts_with(&format!("{cognito_url}/logout?")), "{to}");
    assert_eq!(query_param(to, "client_id"), CLIENT);
    assert_eq!(query_param(to, "logout_uri"), format!("{SITE}/ru/review/"));
    assert!(
        out.cookies()
            .iter()
            .any(|c| c.starts_with("__Host-portal_review=;") && c.contains("Max-Age=0"))
    );

    // Signing out works with an expired (or no) token too: it only clears the cookie.
    let expired = get(&app, "/api/review/logout?lang=kk", None).await;
    assert_eq!(expired.status, StatusCode::SEE_OTHER);
    assert!(
        expired
            .location()
            .starts_with(&format!("{cognito_url}/logout?"))
    );

    // 7. Someone Cognito knows who is not in the reviewers group gets no queue.
    let start = get(&app, "/api/review/start?lang=en", None).await;
    *cognito.challenge.lock().unwrap() = Some(query_param(start.location(), "code_challenge"));
    let state = query_param(start.location(), "state");
    let flow = start.cookies()[0].split(';').next().unwrap().to_string();
    let back = get(&app, &callback("student-code", &state), Some(&flow)).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let session = back.cookies()[0].split(';').next().unwrap().to_string();
    let token = session.trim_start_matches("__Host-portal_review=");
    let queue = get_with(&app, "/api/review/applications?lang=en", Some(token), None).await;
    assert_eq!(queue.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_a_hosted_ui_the_sign_in_routes_lead_to_the_local_form_or_nowhere() {
    // Local accounts: start is the accounts' form; there is no callback.
    let local = app(ReviewerAuth::Local(Accounts::parse("r:p")), None);
    let start = get(&local, "/api/review/start?lang=kk", None).await;
    assert_eq!(start.status, StatusCode::SEE_OTHER);
    assert_eq!(start.location(), "/kk/review/");
    assert!(start.cookies().is_empty());
    let callback = get(&local, "/api/review/callback?code=x&state=y.kk", None).await;
    assert_eq!(callback.status, StatusCode::NOT_FOUND);

    // Behind API Gateway without PORTAL_COGNITO_DOMAIN: both answer 404.
    let gateway = app(ReviewerAuth::Gateway, None);
    for uri in [
        "/api/review/start?lang=kk",
        "/api/review/callback?code=x&state=y.kk",
    ] {
        assert_eq!(get(&gateway, uri, None).await.status, StatusCode::NOT_FOUND);
    }
}
