//! Access, over real TCP: every reviewer operation in the OpenAPI description refuses a
//! missing, expired, wrongly signed or wrong-group token (and answers a good one);
//! an applicant's code opens only their own application, and a wrong code answers
//! exactly like an unknown reference; wrong codes are slowed, then refused for a
//! while, per reference and per client, and a forged X-Forwarded-For changes nothing.

use api::test_api::{Served, TestApi, certificate, iins, token_with};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::net::IpAddr;
use std::path::Path;

/// A client whose connections come from `ip` (any 127.x.y.z is this machine).
fn client_from(ip: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .local_address(ip.parse::<IpAddr>().unwrap())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Every operation the description protects with the reviewer's bearer token.
fn reviewer_operations() -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi.yaml");
    let doc: content_model::yaml::Value =
        content_model::yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut ops = Vec::new();
    for (path, item) in doc["paths"].as_mapping().unwrap() {
        for (method, op) in item.as_mapping().unwrap() {
            let secured = op["security"]
                .as_sequence()
                .is_some_and(|s| s.iter().any(|r| r.get("reviewerBearer").is_some()));
            if secured {
                ops.push((
                    method.as_str().unwrap().to_uppercase(),
                    path.as_str().unwrap().to_string(),
                ));
            }
        }
    }
    ops
}

/// An application with a document, as the dormitory form takes it.
async fn application_with_document(served: &Served) -> (String, String, String) {
    let http = client_from("127.0.0.1");
    let up: Value = http
        .post(served.url("/api/uploads?form=dormitory"))
        .body(&b"%PDF-1.4\n%access test\n"[..])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let iin = iins(50).pop().unwrap();
    let body = json!({
        "lang": "kk",
        "answers": {
            "full_name": "Access Test", "citizenship": "iin", "iin": iin,
            "phone": "+7 701 234 56 78", "email": "a@example.kz", "category": "standard",
            "confirm_truth": true, "confirm_rules": true, "confirm_contract": true
        },
        "files": {"id_document": [up["id"]], "payment_receipt": [up["id"]]}
    });
    let res = http
        .post(served.url("/api/forms/dormitory/applications"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let v: Value = res.json().await.unwrap();
    let reference = v["reference"].as_str().unwrap().to_string();
    let code = v["access_code"].as_str().unwrap().to_string();
    let app = served.store().get(&reference).await.unwrap().unwrap();
    (reference, code, app.documents[0].id.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_reviewer_operation_refuses_every_bad_token() {
    let served = TestApi::embedded().serve().await;
    let (reference, _, document) = application_with_document(&served).await;
    let now = chrono::Utc::now().timestamp();
    let bad = [
        ("no token", None, StatusCode::UNAUTHORIZED),
        (
            "an expired token",
            Some(token_with(served.secret(), &["reviewers"], now - 60)),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "a token signed with another key",
            Some(token_with(b"not-the-secret", &["reviewers"], now + 600)),
            StatusCode::UNAUTHORIZED,
        ),
        (
            "a token of another group",
            Some(token_with(served.secret(), &["students"], now + 600)),
            StatusCode::FORBIDDEN,
        ),
        (
            "a malformed token",
            Some("not.a.jwt".to_string()),
            StatusCode::UNAUTHORIZED,
        ),
        // A reviewer given other forms: the dormitory application is not there for them.
        (
            "a reviewer of another form",
            Some(token_with(
                served.secret(),
                &["reviewers", "forms-school-admission"],
                now + 600,
            )),
            StatusCode::NOT_FOUND,
        ),
    ];
    let ops = reviewer_operations();
    assert_eq!(
        ops.len(),
        9,
        "the description's reviewer operations: {ops:?}"
    );
    let http = client_from("127.0.0.1");
    let good = served.reviewer_token("ana");
    for (method, template) in &ops {
        let path = template
            .replace("{reference}", &reference)
            .replace("{document}", &document);
        // What each operation that changes something is sent.
        let body = if template.ends_with("/assignment") {
            json!({"action": "take"})
        } else if template.ends_with("/notes") {
            json!({"text": "Access test note"})
        } else {
            json!({"outcome": "refused", "reason": "test"})
        };
        let send = |token: Option<&str>| {
            let mut req = http
                .request(method.parse().unwrap(), served.url(&path))
                .header("accept", "application/json")
                .json(&body);
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            req.send()
        };
        // What lists applications answers another form's reviewer, without this one.
        let listing = [
            "/api/review/applications",
            "/api/review/reports",
            "/api/review/export",
        ];
        for (what, token, expected) in &bad {
            let res = send(token.as_deref()).await.unwrap();
            // The queue answers another form's reviewer, without this application.
            let expected =
                if listing.contains(&template.as_str()) && *expected == StatusCode::NOT_FOUND {
                    StatusCode::OK
                } else if template.ends_with("/trail") && *expected == StatusCode::NOT_FOUND {
                    // Not a lead: refused before the application is looked for.
                    StatusCode::FORBIDDEN
                } else {
                    *expected
                };
            assert_eq!(res.status(), expected, "{method} {template} with {what}");
            let text = res.text().await.unwrap();
            // Nothing of the application in a refusal.
            assert!(
                !text.contains("Access Test") && !text.contains("%PDF"),
                "{text}"
            );
            if listing.contains(&template.as_str()) {
                assert!(!text.contains(&reference), "{what}: listed in {text}");
            }
        }
        // The control: a reviewer's token is let in. The decision is made once, after
        // the loop, so that the other operations still see the application open.
        if template.ends_with("/trail") {
            // A reviewer who is not a lead is refused it; a lead reads it.
            let res = send(Some(&good)).await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{template} for ana");
            assert!(!res.text().await.unwrap().contains(&reference));
            let lead = served.reviewer_token("lena");
            let res = send(Some(&lead)).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{template} for a lead");
        } else if !template.ends_with("/decision") {
            let res = send(Some(&good)).await.unwrap();
            let ok = if template.ends_with("/notes") {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            assert_eq!(res.status(), ok, "{method} {template} with a good token");
        }
    }
    let decided = http
        .post(served.url(&format!("/api/review/applications/{reference}/decision")))
        .header("accept", "application/json")
        .bearer_auth(&good)
        .json(&json!({"outcome": "approved"}))
        .send()
        .await
        .unwrap();
    assert_eq!(decided.status(), StatusCode::OK);
    // No refusal above changed anything: ana took it and decided it.
    let app = served.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(app.decided_by.as_deref(), Some("ana"));
    assert_eq!(app.holder.as_deref(), Some("ana"));
}

async fn status(
    http: &reqwest::Client,
    served: &Served,
    reference: &str,
    code: &str,
) -> (StatusCode, Option<String>, String) {
    let res = http
        .get(served.url(&format!("/api/applications/{reference}")))
        .header("x-access-code", code)
        .header("x-forwarded-for", "203.0.113.77")
        .send()
        .await
        .unwrap();
    let retry = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    (res.status(), retry, res.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_open_only_their_own_application_and_guessing_is_throttled() {
    let served = TestApi::embedded().serve().await;
    let http = client_from("127.0.0.1");
    let people = iins(3);
    let mut apps = Vec::new();
    for iin in &people[..2] {
        let v: Value = http
            .post(served.url("/api/forms/certificate/applications"))
            .json(&certificate(iin))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        apps.push((
            v["reference"].as_str().unwrap().to_string(),
            v["access_code"].as_str().unwrap().to_string(),
        ));
    }
    let ((a, a_code), (b, b_code)) = (apps[0].clone(), apps[1].clone());
    let owner = client_from("127.0.0.9");
    assert_eq!(status(&owner, &served, &a, &a_code).await.0, StatusCode::OK);

    // A's code on B, and an unknown reference: the same answer, word for word.
    let guesser = client_from("127.0.0.2");
    let other = status(&guesser, &served, &b, &a_code).await;
    let unknown = status(&guesser, &served, "ZZZZ2345", &a_code).await;
    assert_eq!(other.0, StatusCode::NOT_FOUND);
    assert_eq!((other.0, &other.2), (unknown.0, &unknown.2));

    // Per reference: five free wrong codes for B (one spent above), each from another
    // client; then B waits, whoever asks, even with B's own code.
    for i in 0..4 {
        let someone = client_from(&format!("127.0.1.{}", i + 1));
        assert_eq!(
            status(&someone, &served, &b, "WRONG-CODE").await.0,
            StatusCode::NOT_FOUND
        );
    }
    let waited = status(&client_from("127.0.0.3"), &served, &b, &b_code).await;
    assert_eq!(waited.0, StatusCode::TOO_MANY_REQUESTS, "{}", waited.2);
    assert!(waited.1.is_some(), "a 429 says when to come back");

    // Per client: 127.0.0.2 failed twice above; three more on references nobody has
    // tried, and a fourth fresh one is refused too. A forged X-Forwarded-For (sent with
    // every request here) changes nothing.
    for fresh in ["YYYY2345", "YYYY2346", "YYYY2347"] {
        assert_eq!(
            status(&guesser, &served, fresh, "WRONG").await.0,
            StatusCode::NOT_FOUND
        );
    }
    let refused = status(&guesser, &served, "YYYY2348", "WRONG").await;
    assert_eq!(refused.0, StatusCode::TOO_MANY_REQUESTS, "{}", refused.2);
    // Meanwhile another client reads its own application.
    assert_eq!(status(&owner, &served, &a, &a_code).await.0, StatusCode::OK);
}

/// Signed in with the local form, as a browser is: the reviewer's cookie.
async fn reviewer_cookie(api: &TestApi) -> String {
    let answer = api
        .post("/api/review/login")
        .form(&[("username", "ana"), ("password", "pw1"), ("lang", "en")])
        .send()
        .await
        .expect_status(303);
    answer
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("the reviewer's cookie")
        .to_string()
}

#[tokio::test]
async fn a_decision_posted_from_another_site_is_refused() {
    let api = TestApi::embedded().with_form("certificate");
    let created = api
        .submit(certificate(&iins(1)[0]))
        .send()
        .await
        .expect_status(201)
        .json();
    let reference = created["reference"].as_str().unwrap().to_string();
    let cookie = reviewer_cookie(&api).await;
    let decide = |headers: &[(&str, &str)]| {
        let mut call = api
            .post(&format!(
                "/api/review/applications/{reference}/decision?lang=en"
            ))
            .form(&[("outcome", "approved"), ("lang", "en")])
            .header("cookie", &cookie);
        for (k, v) in headers {
            call = call.header(k, v);
        }
        call.send()
    };
    // A form on another site (a sibling subdomain included) posts with the cookie.
    decide(&[("sec-fetch-site", "cross-site")])
        .await
        .expect_status(403);
    decide(&[("sec-fetch-site", "same-site")])
        .await
        .expect_status(403);
    decide(&[("origin", "https://evil.example.kz")])
        .await
        .expect_status(403);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(
        stored.status.as_str(),
        "under_review",
        "nothing was decided"
    );
    // The portal's own page.
    decide(&[
        ("sec-fetch-site", "same-origin"),
        ("origin", "http://127.0.0.1"),
    ])
    .await
    .expect_status(303);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.status.as_str(), "approved");
    // Nor can another site sign a browser in.
    api.post("/api/review/login")
        .form(&[("username", "ana"), ("password", "pw1")])
        .header("origin", "https://evil.example.kz")
        .send()
        .await
        .expect_status(403);
}
