//! What a script could make the API spend or reveal on the routes that need no sign-in
//! (issue #15), each refused before it costs anything: a body naming hundreds of uploads,
//! a body of a million parts, an idempotency key replayed with someone else's answers, an
//! expired draft, a script creating applications as fast as it can.

use api::test_api::{TestApi, certificate, iins};
use applications::files::{FileError, FileStore, LocalFiles};
use applications::store::{Draft, Query};
use async_trait::async_trait;
use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file store that counts every read (`get` and `size`).
struct CountingFiles {
    inner: LocalFiles,
    reads: AtomicUsize,
}

#[async_trait]
impl FileStore for CountingFiles {
    async fn put(&self, key: &str, bytes: Vec<u8>, content_type: &str) -> Result<(), FileError> {
        self.inner.put(key, bytes, content_type).await
    }
    async fn get(&self, key: &str, limit: u64) -> Result<Vec<u8>, FileError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.get(key, limit).await
    }
    async fn copy(&self, from: &str, to: &str) -> Result<(), FileError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.copy(from, to).await
    }
    async fn size(&self, key: &str) -> Result<u64, FileError> {
        self.reads.fetch_add(1, Ordering::SeqCst);
        self.inner.size(key).await
    }
    async fn delete(&self, key: &str) -> Result<(), FileError> {
        self.inner.delete(key).await
    }
}

#[tokio::test]
async fn a_body_naming_hundreds_of_uploads_is_refused_before_any_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let files = Arc::new(CountingFiles {
        inner: LocalFiles::new(dir.path().join("uploads")).unwrap(),
        reads: AtomicUsize::new(0),
    });
    let api = TestApi::builder()
        .files(files.clone())
        .build()
        .with_form("dormitory");
    // As many ids as fit in the 64 KB body, as a script would send.
    let ids: Vec<String> = (0..1_800).map(|i| format!("{i:032x}")).collect();
    let mut body = json!({
        "lang": "en",
        "answers": {"full_name": "Test Student", "citizenship": "iin", "iin": "900101300017"},
        "files": {"id_document": ids},
    });
    assert!(body.to_string().len() < 64 * 1024);
    let answer = api.submit(body.clone()).send().await.expect_status(422);
    let errors = answer.json()["errors"].to_string();
    assert!(errors.contains("id_document"), "{errors}");
    assert_eq!(files.reads.load(Ordering::SeqCst), 0, "no upload was read");

    // One id named three times counts as three files, and an id under a field that takes
    // no files is refused, both before any read.
    body["files"] = json!({"id_document": ["a1", "a1", "a1"], "full_name": ["b2"]});
    let answer = api.submit(body).send().await.expect_status(422);
    assert!(answer.json()["errors"].to_string().contains("full_name"));
    assert_eq!(files.reads.load(Ordering::SeqCst), 0, "no upload was read");
}

#[tokio::test]
async fn a_body_of_many_parts_gets_one_answer_not_one_error_a_part() {
    let api = TestApi::embedded();
    let boundary = "b0undary";
    let mut body = String::new();
    for i in 0..20_000 {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"f{i}\"\r\n\r\nx\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    let answer = api
        .post("/api/forms/dormitory/check?lang=en")
        .body(&format!("multipart/form-data; boundary={boundary}"), body)
        .send()
        .await
        .expect_status(413);
    assert!(answer.body.len() < 4096, "one short refusal");

    // A text answer far longer than any field takes.
    let long = "x".repeat(100 * 1024);
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"full_name\"\r\n\r\n{long}\r\n--{boundary}--\r\n"
    );
    api.post("/api/forms/dormitory/check?lang=en")
        .body(&format!("multipart/form-data; boundary={boundary}"), body)
        .send()
        .await
        .expect_status(413);
}

#[tokio::test]
async fn an_idempotency_key_replayed_with_other_answers_reveals_nothing() {
    let api = TestApi::embedded().with_form("certificate");
    let people = iins(2);
    let first = api
        .submit(certificate(&people[0]))
        .header("idempotency-key", "shared-key")
        .send()
        .await
        .expect_status(201)
        .json();
    // The same request again: the same application (a retry).
    let again = api
        .submit(certificate(&people[0]))
        .header("idempotency-key", "shared-key")
        .send()
        .await
        .expect_status(201)
        .json();
    assert_eq!(again["reference"], first["reference"]);
    // Another applicant's answers under the same key: refused, and nothing of the first.
    let other = api
        .submit(certificate(&people[1]))
        .header("idempotency-key", "shared-key")
        .send()
        .await
        .expect_status(422);
    let text = other.text();
    for secret in [&first["reference"], &first["access_code"]] {
        assert!(!text.contains(secret.as_str().unwrap()), "{text}");
    }
    assert_eq!(api.store().list(&Query::default()).await.unwrap().len(), 1);
}

#[tokio::test]
async fn an_expired_draft_is_gone() {
    let api = TestApi::embedded();
    let draft = Draft {
        id: "0123456789abcdef0123456789abcdef".into(),
        form: "certificate".into(),
        lang: content_model::Lang::En,
        answers: Default::default(),
        documents: Vec::new(),
        created_at: chrono::Utc::now() - chrono::Duration::days(2),
        reference: None,
    };
    api.store().put_draft(draft.clone()).await.unwrap();
    let cookie = api.draft_cookie(&draft.id);
    for path in ["", "/edit", "/done"] {
        api.get(&format!(
            "/api/forms/certificate/drafts/{}{path}?lang=en",
            draft.id
        ))
        .header("cookie", &cookie)
        .send()
        .await
        .expect_status(404);
    }
}

/// The certificate form's answers as the HTML form posts them (no files).
fn certificate_form(iin: &str) -> (String, String) {
    let boundary = "f0rm";
    let mut body = String::new();
    for (k, v) in [
        ("lang", "ru"),
        ("full_name", "Тест Студент"),
        ("citizenship", "iin"),
        ("iin", iin),
        ("phone", "+7 701 234 56 78"),
        ("email", "student@example.kz"),
        ("certificate_type", "place_of_requirement"),
        ("where_needed", "По месту требования"),
    ] {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_draft_is_shown_only_to_the_browser_that_made_it() {
    let api = TestApi::embedded();
    let (content_type, body) = certificate_form(&iins(1)[0]);
    let made = api
        .post("/api/forms/certificate/check?lang=ru")
        .body(&content_type, body)
        .send()
        .await
        .expect_status(303);
    let check = made.location().unwrap().to_string();
    let cookie = made
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .expect("the draft's cookie")
        .to_string();
    assert!(cookie.starts_with("portal_draft="), "{cookie}");
    // Someone with the link alone (a shared screen, a browser history) gets nothing.
    let elsewhere = api.get(&check).send().await.expect_status(404);
    assert!(!elsewhere.text().contains("Тест Студент"));
    // The browser that made it sees its answers.
    let here = api.get(&check).header("cookie", &cookie).send().await;
    let here = here.expect_status(200);
    assert!(here.text().contains("Тест Студент"));
    // Nor can another browser send it, or post over it.
    let id = check
        .split("/drafts/")
        .nth(1)
        .unwrap()
        .split('?')
        .next()
        .unwrap();
    api.post("/api/forms/certificate/send")
        .form(&[("draft", id), ("lang", "ru")])
        .send()
        .await
        .expect_status(404);
}

#[tokio::test]
async fn one_client_sending_application_after_application_is_stopped_and_others_are_not() {
    let api = TestApi::embedded().with_form("certificate");
    let applicants = iins(12);
    for iin in &applicants[..10] {
        api.submit(certificate(iin))
            .from("203.0.113.7")
            .send()
            .await
            .expect_status(201);
    }
    let refused = api
        .submit(certificate(&applicants[10]))
        .from("203.0.113.7")
        .send()
        .await
        .expect_status(429);
    let wait: u64 = refused
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .unwrap();
    assert!((170..=180).contains(&wait), "Retry-After: {wait}");
    assert_eq!(
        refused.header("content-type"),
        Some("application/problem+json")
    );
    assert!(refused.json()["detail"].as_str().unwrap().contains("wait"));
    let all = api.store().list(&Query::default()).await.unwrap();
    assert_eq!(
        all.len(),
        10,
        "the refused one was not written, so sends nothing"
    );

    // Another client is counted on its own.
    api.submit(certificate(&applicants[11]))
        .from("198.51.100.20")
        .send()
        .await
        .expect_status(201);
}

#[tokio::test]
async fn a_browser_past_its_share_of_drafts_gets_a_page_saying_how_long_to_wait() {
    let api = TestApi::embedded();
    let applicant = &iins(1)[0];
    for _ in 0..60 {
        let (content_type, body) = certificate_form(applicant);
        api.post("/api/forms/certificate/check?lang=ru")
            .from("2001:db8:7:7::1")
            .body(&content_type, body)
            .send()
            .await
            .expect_status(303);
    }
    // Another address of the same /64 is the same machine.
    let (content_type, body) = certificate_form(applicant);
    let refused = api
        .post("/api/forms/certificate/check?lang=ru")
        .from("2001:db8:7:7::abcd")
        .body(&content_type, body)
        .send()
        .await
        .expect_status(429);
    assert_eq!(refused.header("retry-after"), Some("10"));
    let page = refused.text();
    assert!(page.contains("Сейчас отправить нельзя"), "{page}");
    assert!(page.contains("Подождите 1 минуту"), "{page}");
}

#[tokio::test]
async fn behind_cloudfront_a_request_that_went_around_it_is_refused_before_anything_is_spent() {
    let api = TestApi::builder()
        .origin_key("k3y-from-secrets-manager")
        .build()
        .with_form("certificate");
    let applicant = &iins(1)[0];
    for header in [None, Some("wrong"), Some("k3y-from-secrets-manage")] {
        let mut call = api.submit(certificate(applicant)).from("203.0.113.7");
        if let Some(h) = header {
            call = call.header("x-origin-verify", h);
        }
        let refused = call.send().await.expect_status(403);
        assert!(refused.json()["detail"].as_str().unwrap().contains("site"));
    }
    assert!(
        api.store()
            .list(&Query::default())
            .await
            .unwrap()
            .is_empty()
    );
    api.submit(certificate(applicant))
        .from("203.0.113.7")
        .header("x-origin-verify", "k3y-from-secrets-manager")
        .send()
        .await
        .expect_status(201);
}
