//! Every kind of bad input to the API gets a 4xx with a precise body, and nothing is
//! stored; an unreachable store gives 503 with a retry hint.

use api::test_api::TestApi;
use applications::store::embedded::EmbeddedStore;
use applications::store::faults::Faulty;
use applications::store::{Query, Store};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use std::sync::Arc;
use tower::ServiceExt;

fn api_with(store: Option<Arc<dyn Store>>) -> TestApi {
    match store {
        Some(store) => TestApi::builder().store(store).build(),
        None => TestApi::embedded(),
    }
}

async fn post_json(
    api: &TestApi,
    uri: &str,
    body: impl Into<Body>,
) -> (StatusCode, Value, axum::http::HeaderMap) {
    let answer = api.post(uri).body("application/json", body).send().await;
    (answer.status, answer.json(), answer.headers)
}

fn good() -> Value {
    json!({
        "lang": "en",
        "answers": {
            "full_name": "Test Student",
            "citizenship": "iin",
            "iin": "900101300017",
            "phone": "+7 701 234 56 78",
            "email": "student@example.kz",
            "category": "standard",
            "confirm_truth": true,
            "confirm_rules": true,
            "confirm_contract": true
        }
    })
}

async fn nothing_stored(api: &TestApi) {
    assert!(
        api.store()
            .list(&Query::default())
            .await
            .unwrap()
            .is_empty(),
        "nothing may be stored"
    );
}

fn field_messages(body: &Value) -> Vec<(String, String)> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| {
                    (
                        e["field"].as_str().unwrap().to_string(),
                        e["message"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn malformed_json_and_wrong_shapes_are_400() {
    let api = api_with(None);
    let (s, body, h) = post_json(&api, "/api/forms/dormitory/applications", "{not json").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_eq!(h[header::CONTENT_TYPE], "application/problem+json");
    assert_eq!(body["title"], "Malformed JSON");
    let (s, body, _) = post_json(
        &api,
        "/api/forms/dormitory/applications",
        r#"{"answers": {}, "extra": 1}"#,
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("unknown field `extra`")
    );
    nothing_stored(&api).await;
}

#[tokio::test]
async fn a_body_over_64_kb_is_413() {
    let api = api_with(None);
    let mut big = good();
    big["answers"]["full_name"] = json!("я".repeat(40_000));
    let (s, _, _) = post_json(&api, "/api/forms/dormitory/applications", big.to_string()).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    nothing_stored(&api).await;
}

#[tokio::test]
async fn an_unknown_form_is_404() {
    let api = api_with(None);
    let (s, body, _) = post_json(&api, "/api/forms/nope/applications", good().to_string()).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert_eq!(body["detail"], "there is no form `nope`");
}

#[tokio::test]
async fn each_invalid_answer_gets_its_own_message() {
    let api = api_with(None);
    let mut bad = good();
    let a = &mut bad["answers"];
    a["iin"] = json!("900101300018");
    a["phone"] = json!("+7 7232 54 00 00");
    a["email"] = json!("student at example");
    a["confirm_rules"] = json!(false);
    a["favourite_colour"] = json!("green");
    a["category"] = json!(["standard"]);
    let (s, body, _) = post_json(&api, "/api/forms/dormitory/applications", bad.to_string()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        field_messages(&body),
        vec![(
            "category".into(),
            "an answer is a string, a number or a boolean".into()
        )]
    );

    bad["answers"]["category"] = json!("standard");
    let (s, body, _) = post_json(&api, "/api/forms/dormitory/applications", bad.to_string()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = field_messages(&body);
    let has = |f: &str, m: &str| errors.iter().any(|(ef, em)| ef == f && em.contains(m));
    assert!(has("iin", "The IIN is not valid"), "{errors:?}");
    assert!(has("phone", "Kazakhstan mobile number"), "{errors:?}");
    assert!(has("email", "correct format"), "{errors:?}");
    assert!(
        has("confirm_rules", "accept the dormitory regulations"),
        "{errors:?}"
    );
    assert!(
        has("favourite_colour", "This form has no field"),
        "{errors:?}"
    );
    assert!(
        has("id_document", "Attach a copy of your identity document"),
        "{errors:?}"
    );
    nothing_stored(&api).await;
}

#[tokio::test]
async fn messages_follow_the_applicants_language() {
    let api = api_with(None);
    let mut bad = good();
    bad["lang"] = json!("kk");
    bad["answers"]["iin"] = json!("12345");
    let (_, body, _) = post_json(&api, "/api/forms/dormitory/applications", bad.to_string()).await;
    assert!(
        field_messages(&body)
            .iter()
            .any(|(f, m)| f == "iin" && m.contains("ЖСН")),
        "{body}"
    );
}

#[tokio::test]
async fn uploads_are_checked_by_content_and_size() {
    let api = api_with(None);
    let (s, body, _) = post_json(
        &api,
        "/api/uploads?form=dormitory",
        "MZ\u{90} pretending to be a PDF",
    )
    .await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("checked from its content")
    );
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(6 * 1024 * 1024, b'x');
    let (s, _, _) = post_json(&api, "/api/uploads?form=dormitory", big).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, up, _) = post_json(&api, "/api/uploads?form=dormitory", &b"%PDF-1.4\n%ok\n"[..]).await;
    assert_eq!(s, StatusCode::CREATED);
    // More files than the field takes.
    let id = up["id"].as_str().unwrap();
    let mut many = good();
    many["files"] = json!({"id_document": [id, id, id], "payment_receipt": [id]});
    let (s, body, _) = post_json(&api, "/api/forms/dormitory/applications", many.to_string()).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        field_messages(&body)
            .iter()
            .any(|(f, m)| f == "id_document" && m.contains("no more than 2")),
        "{body}"
    );
    // The right files: accepted, with a reference and an access code.
    let mut ok = good();
    ok["files"] = json!({"id_document": [id], "payment_receipt": [id]});
    let (s, body, _) = post_json(&api, "/api/forms/dormitory/applications", ok.to_string()).await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["reference"].as_str().unwrap().len(), 8);
    assert_eq!(body["status"], "under_review");
}

#[tokio::test]
async fn a_retried_request_with_the_same_idempotency_key_creates_one_application() {
    let api = TestApi::embedded().with_form("dormitory");
    let (_, up, _) = post_json(&api, "/api/uploads?form=dormitory", &b"%PDF-1.4\n"[..]).await;
    let mut ok = good();
    ok["files"] = json!({"id_document": [up["id"]], "payment_receipt": [up["id"]]});
    let mut refs = Vec::new();
    for _ in 0..3 {
        let v = api
            .submit(ok.clone())
            .header("idempotency-key", "click-123")
            .send()
            .await
            .json();
        refs.push(v["reference"].as_str().unwrap().to_string());
    }
    assert!(refs.windows(2).all(|w| w[0] == w[1]), "{refs:?}");
    assert_eq!(api.store().list(&Query::default()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_unreachable_store_gives_503_with_a_retry_hint_and_no_reference() {
    let dir = tempfile::tempdir().unwrap();
    let down = Faulty::new(Arc::new(
        EmbeddedStore::open(&dir.path().join("s.redb")).unwrap(),
    ));
    down.set_down(true);
    let api = api_with(Some(Arc::new(down)));
    let (_, up, _) = post_json(&api, "/api/uploads?form=dormitory", &b"%PDF-1.4\n"[..]).await;
    let mut ok = good();
    ok["files"] = json!({"id_document": [up["id"]], "payment_receipt": [up["id"]]});
    let (s, body, h) = post_json(&api, "/api/forms/dormitory/applications", ok.to_string()).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(h[header::RETRY_AFTER], "30");
    assert!(body.get("reference").is_none());
}

#[tokio::test]
async fn a_field_sent_twice_in_a_form_body_is_refused() {
    let api = api_with(None);
    let boundary = "b0undary";
    let mut body = String::new();
    for (k, v) in [("lang", "en"), ("full_name", "One"), ("full_name", "Two")] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let req = Request::post("/api/forms/dormitory/check?lang=en")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(body))
        .unwrap();
    let res = api.router().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = String::from_utf8(
        axum::body::to_bytes(res.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec(),
    )
    .unwrap();
    assert!(
        page.contains("“full_name” was sent more than once"),
        "the summary names the repeated field"
    );
    nothing_stored(&api).await;
}
