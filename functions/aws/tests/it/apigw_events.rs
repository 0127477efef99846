//! The router answers API Gateway HTTP API (payload 2.0) events as Lambda receives them:
//! the event JSON is turned into a request by lambda_http exactly as in production.

use api::ReviewerAuth;
use api::reviewers::accounts::Accounts;
use api::reviewers::token::{self, Claims};
use api::test_api::TestApi;
use applications::secret::Secret;
use axum::body::Body;
use axum::http::StatusCode;
use serde_json::{Value, json};
use tower::ServiceExt;

/// The API as a Lambda serves it (reviewers of `reviewers`), on the embedded store.
fn app(reviewers: ReviewerAuth) -> TestApi {
    TestApi::builder()
        .reviewers(reviewers)
        .secret(b"k")
        .base_url("https://portal.example.edu.kz")
        .build()
}

/// An HTTP API v2 event, as API Gateway sends it (stage `$default`).
fn event(
    method: &str,
    path: &str,
    query: &str,
    body: Option<&str>,
    authorizer: Option<Value>,
) -> String {
    let mut e = json!({
        "version": "2.0",
        "routeKey": format!("{method} {path}"),
        "rawPath": path,
        "rawQueryString": query,
        "headers": {
            "accept": "application/json",
            "content-type": "application/json",
            "host": "abc123.execute-api.eu-central-1.amazonaws.com",
            "x-forwarded-for": "203.0.113.7",
            "x-forwarded-proto": "https"
        },
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.eu-central-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1", "sourceIp": "203.0.113.7", "userAgent": "test"},
            "requestId": "id-1",
            "routeKey": format!("{method} {path}"),
            "stage": "$default",
            "time": "25/Nov/2026:10:00:00 +0000",
            "timeEpoch": 1795600000000i64
        },
        "isBase64Encoded": false
    });
    if !query.is_empty() {
        let params: serde_json::Map<String, Value> = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
            .collect();
        e["queryStringParameters"] = Value::Object(params);
    }
    if let Some(b) = body {
        e["body"] = Value::String(b.to_string());
    }
    if let Some(a) = authorizer {
        e["requestContext"]["authorizer"] = a;
    }
    e.to_string()
}

async fn call(app: &axum::Router, event_json: &str, bearer: Option<&str>) -> (StatusCode, Value) {
    let req = lambda_http::request::from_str(event_json).expect("a valid API Gateway v2 event");
    let (mut parts, body) = req.into_parts();
    if let Some(token) = bearer {
        parts
            .headers
            .insert("authorization", format!("Bearer {token}").parse().unwrap());
    }
    let req = axum::http::Request::from_parts(parts, Body::from(body.to_vec()));
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes)
            .unwrap_or(Value::String(String::from_utf8_lossy(&bytes).into())),
    )
}

/// `event` as API Gateway hands it on once its JWT authorizer has verified `token`: the
/// token's claims in `requestContext.authorizer.jwt.claims`, each value a string (a list
/// written `[a b]`), as API Gateway writes them.
fn verified(event_json: &str, token: &str) -> String {
    use base64::Engine;
    let payload = token.split('.').nth(1).unwrap();
    let claims: Value = serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap();
    let strings: serde_json::Map<String, Value> = claims
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let s = match v {
                Value::Array(a) => format!(
                    "[{}]",
                    a.iter()
                        .map(|x| x.as_str().unwrap_or_default())
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (k.clone(), Value::String(s))
        })
        .collect();
    let mut e: Value = serde_json::from_str(event_json).unwrap();
    e["requestContext"]["authorizer"] = json!({"jwt": {"claims": strings, "scopes": null}});
    e.to_string()
}

fn jwt(groups: &[&str], exp: i64) -> String {
    use base64::Engine;
    let b = |v: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    // API Gateway has verified the RS256 signature before the function runs.
    format!(
        "{}.{}.c2lnbmF0dXJl",
        b(&json!({"alg": "RS256", "kid": "k1"})),
        b(&json!({"sub": "reviewer-1", "cognito:groups": groups, "exp": exp}))
    )
}

#[tokio::test]
async fn health_submit_and_status_through_api_gateway_events() {
    let api = app(ReviewerAuth::Gateway);
    let app = aws::lambda::with_gateway_context(api.router());
    let (s, body) = call(&app, &event("GET", "/api/health", "", None, None), None).await;
    assert_eq!((s, body), (StatusCode::OK, Value::String("ok".into())));

    let submission = json!({
        "lang": "en",
        "answers": {"full_name": "Test", "citizenship": "passport", "passport_number": "N1234567", "phone": "87012345678",
                    "email": "t@example.kz", "certificate_type": "transcript", "where_needed": "Employer"}
    });
    let (s, body) = call(
        &app,
        &event(
            "POST",
            "/api/forms/certificate/applications",
            "",
            Some(&submission.to_string()),
            None,
        ),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    let reference = body["reference"].as_str().unwrap().to_string();
    let code = body["access_code"].as_str().unwrap().to_string();
    assert!(
        body["expected_decision"].is_string(),
        "the transcript takes up to 5 working days"
    );

    let (s, body) = call(
        &app,
        &event(
            "GET",
            &format!("/api/applications/{reference}"),
            &format!("code={code}"),
            None,
            None,
        ),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["status"], "under_review");
    let (s, _) = call(
        &app,
        &event(
            "GET",
            &format!("/api/applications/{reference}"),
            "code=AAAAAAAA",
            None,
            None,
        ),
        None,
    )
    .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn reviewer_routes_check_the_group_claim_of_the_gateway_verified_token() {
    let api = app(ReviewerAuth::Gateway);
    let app = aws::lambda::with_gateway_context(api.router());
    let now = chrono::Utc::now().timestamp();
    let queue = event("GET", "/api/review/applications", "", None, None);
    assert_eq!(call(&app, &queue, None).await.0, StatusCode::UNAUTHORIZED);
    let students = jwt(&["students"], now + 600);
    assert_eq!(
        call(&app, &verified(&queue, &students), Some(&students))
            .await
            .0,
        StatusCode::FORBIDDEN
    );
    let expired = jwt(&["reviewers"], now - 10);
    assert_eq!(
        call(&app, &verified(&queue, &expired), Some(&expired))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
    let good = jwt(&["reviewers"], now + 600);
    // A token of the reviewers' group that no authorizer verified (a route API Gateway
    // would not guard): refused; the function reads only what the authorizer handed on.
    assert_eq!(
        call(&app, &queue, Some(&good)).await.0,
        StatusCode::UNAUTHORIZED
    );
    let (s, body) = call(&app, &verified(&queue, &good), Some(&good)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert!(body["applications"].is_array());
    // Local sign-in does not exist in production.
    let login = event(
        "POST",
        "/api/review/login",
        "",
        Some("username=a&password=b"),
        None,
    )
    .replace(
        "\"content-type\":\"application/json\"",
        "\"content-type\":\"application/x-www-form-urlencoded\"",
    );
    assert_eq!(call(&app, &login, None).await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn locally_signed_tokens_are_refused_when_the_signature_is_wrong() {
    let api = app(ReviewerAuth::Local(Accounts::parse("r:p")));
    let app = aws::lambda::with_gateway_context(api.router());
    let claims = Claims {
        sub: "r".into(),
        groups: vec!["reviewers".into()],
        exp: chrono::Utc::now().timestamp() + 600,
    };
    let good = token::issue(&Secret::new(b"k".to_vec()), &claims);
    let forged = token::issue(&Secret::new(b"not-the-secret".to_vec()), &claims);
    let queue = event("GET", "/api/review/applications", "", None, None);
    assert_eq!(call(&app, &queue, Some(&good)).await.0, StatusCode::OK);
    assert_eq!(
        call(&app, &queue, Some(&forged)).await.0,
        StatusCode::UNAUTHORIZED
    );
    // In production the gateway's claims come unsigned-checked; a gateway token is not
    // accepted by a local server.
    assert_eq!(
        call(&app, &queue, Some(&jwt(&["reviewers"], claims.exp)))
            .await
            .0,
        StatusCode::UNAUTHORIZED
    );
}

/// `event` from `source_ip` (as API Gateway verified it) with a forged X-Forwarded-For.
fn from(source_ip: &str, event_json: String) -> String {
    let mut e: Value = serde_json::from_str(&event_json).unwrap();
    e["requestContext"]["http"]["sourceIp"] = json!(source_ip);
    e["headers"]["x-forwarded-for"] = json!(format!("10.9.8.{}", rand_octet()));
    e.to_string()
}

fn rand_octet() -> u8 {
    use std::sync::atomic::{AtomicU8, Ordering};
    static NEXT: AtomicU8 = AtomicU8::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

#[tokio::test]
async fn the_per_client_throttle_keys_on_the_source_address_api_gateway_verified() {
    let api = app(ReviewerAuth::Gateway);
    let app = aws::lambda::with_gateway_context(api.router());
    let lookup = |ip: &str, reference: &str| {
        from(
            ip,
            event(
                "GET",
                &format!("/api/applications/{reference}"),
                "code=WRONG",
                None,
                None,
            ),
        )
    };
    // Five wrong codes from one address, each on another reference (and each with another
    // forged X-Forwarded-For): free; the sixth waits.
    for r in ["AAAA2345", "AAAA2346", "AAAA2347", "AAAA2348", "AAAA2349"] {
        let (status, _) = call(&app, &lookup("198.51.100.1", r), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
    let (status, _) = call(&app, &lookup("198.51.100.1", "AAAA2352"), None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Another address is not held back by it.
    let (status, _) = call(&app, &lookup("198.51.100.2", "AAAA2353"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
