//! The production adapters (SES v2, SNS, S3) against moto's server, started by this test
//! on a free port of 127.0.0.1 and stopped when it ends, passes or panics; what was sent
//! is read back from moto's `GET /moto-api/data.json`. And the stream handler, against
//! the embedded store (no server).

use api::test_api::TestApi;
use applications::files::{FileError, FileStore};
use applications::notifier::{Notifier, RetryPolicy, SendError, Sender};
use applications::outbox::{Channel, Delivery, Message};
use applications::store::conformance::{application, message};
use applications::store::embedded::EmbeddedStore;
use applications::store::faults::Faulty;
use applications::store::{Query, Store};
use async_trait::async_trait;
use aws::s3::S3Files;
use aws::ses::SesEmail;
use aws::sns::SnsSms;
use aws_sdk_s3::config::{Credentials, Region};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::Duration as Minutes;
use content_model::notification::Event as NotificationEvent;
use serde_json::{Value, json};
use std::process::Command;
use std::sync::Arc;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tower::ServiceExt;

use crate::moto::{Moto, STARTUP};

/// The configuration a Lambda would load, pointed at moto.
async fn config(endpoint: &str) -> aws_config::SdkConfig {
    aws_config::defaults(aws_config::BehaviorVersion::latest())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "test"))
        .load()
        .await
}

// ---------------------------------------------------------------------------------------
// Against moto

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn adapters_against_moto() {
    let mut moto = Moto::start();
    moto.wait_listening();
    let (_dynamo, ses, sns, s3) = aws::clients::clients(&config(&moto.endpoint()).await);

    // Listening is not answering yet: wait (same bound) for a first answer.
    loop {
        match s3.list_buckets().send().await {
            Ok(_) => break,
            Err(e) if Instant::now() > moto.deadline => panic!(
                "moto_server did not answer within {STARTUP:?}: {}\n{}",
                aws_sdk_s3::error::DisplayErrorContext(&e),
                moto.log_text()
            ),
            Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
        }
    }

    email(&moto, ses).await;
    sms(&moto, sns).await;
    files(s3.clone()).await;
    presigned_uploads_through_the_api(s3).await;
    drop(moto);
}

fn email_message() -> Message {
    let mut m = message("MAIL2345", NotificationEvent::Submitted, Channel::Email);
    m.to = "applicant@example.kz".into();
    m.subject = Some("Заявление MAIL2345 принято".into());
    m.text = "Ваше заявление принято.\n\nНомер: MAIL2345".into();
    m.html = Some("<p>Ваше заявление принято.</p>\n<p>Номер: MAIL2345</p>".into());
    m
}

async fn email(moto: &Moto, ses: aws_sdk_sesv2::Client) {
    let from = "noreply@portal.example.kz";
    ses.create_email_identity()
        .email_identity(from)
        .send()
        .await
        .expect("create the sender identity");
    let m = email_message();
    SesEmail::new(ses.clone(), from)
        .send(&m)
        .await
        .expect("SES accepts the e-mail");

    let data = moto.data();
    let sent = data["ses"]["Message"]
        .as_array()
        .unwrap_or_else(|| panic!("no ses.Message in moto's data: {data}"));
    let ours: Vec<_> = sent
        .iter()
        .filter(|s| s["subject"] == "Заявление MAIL2345 принято")
        .collect();
    assert_eq!(ours.len(), 1, "{sent:?}");
    let ours = ours[0];
    assert_eq!(ours["source"], from);
    assert_eq!(
        ours["destinations"]["ToAddresses"],
        serde_json::json!(["applicant@example.kz"])
    );
    // moto keeps one body: the HTML one when there is one.
    let body = ours["body"].as_str().unwrap();
    assert!(
        body.contains("<p>Ваше заявление принято.</p>") && body.contains("lang=\"ru\""),
        "{body}"
    );

    // A refusal (unverified sender) says why, and not to whom.
    let e = SesEmail::new(ses, "other@unverified.example.kz")
        .send(&m)
        .await
        .expect_err("an unverified sender is refused");
    assert!(e.0.contains("MessageRejected"), "{e}");
    assert!(!e.0.contains("applicant@example.kz"), "{e}");
    assert!(!e.0.contains('@'), "{e}");
}

async fn sms(moto: &Moto, sns: aws_sdk_sns::Client) {
    let mut m = message("TEXT2345", NotificationEvent::Submitted, Channel::Sms);
    m.to = "+77011234567".into();
    m.subject = None;
    m.text = "Заявление TEXT2345 принято.".into();
    let sent = SnsSms::new(sns.clone(), Some("StudentSvc".into()))
        .send(&m)
        .await
        .expect("SNS accepts the SMS");
    assert!(
        sent.provider_id.as_deref().is_some_and(|id| !id.is_empty()),
        "SNS's id is kept, for its delivery log: {sent:?}"
    );

    let data = moto.data();
    let sent = data["sns"]["SMS"]
        .as_array()
        .unwrap_or_else(|| panic!("no sns.SMS in moto's data: {data}"));
    let ours: Vec<_> = sent
        .iter()
        .filter(|s| s["phone_number"] == "+77011234567")
        .collect();
    assert_eq!(ours.len(), 1, "{sent:?}");
    assert_eq!(ours[0]["message"], "Заявление TEXT2345 принято.");

    // A refusal (not an E.164 number) does not repeat the number.
    m.to = "+7701123456789012345".into();
    let e = SnsSms::new(sns, None)
        .send(&m)
        .await
        .expect_err("an invalid number is refused");
    assert!(!e.0.contains("7701123456789012345"), "{e}");
}

async fn files(s3: aws_sdk_s3::Client) {
    let bucket = "portal-documents";
    s3.create_bucket()
        .bucket(bucket)
        .send()
        .await
        .expect("create the bucket");
    let store = S3Files::new(s3.clone(), bucket);

    let pdf = b"%PDF-1.7 not really".to_vec();
    store
        .put("doc-1", pdf.clone(), "application/pdf")
        .await
        .unwrap();
    let head = s3
        .head_object()
        .bucket(bucket)
        .key("doc-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        head.server_side_encryption(),
        Some(&aws_sdk_s3::types::ServerSideEncryption::Aes256)
    );
    assert_eq!(head.content_type(), Some("application/pdf"));
    let limit = pdf.len() as u64;
    assert_eq!(store.get("doc-1", limit).await.unwrap(), pdf);
    // One byte less than the file: refused, not read.
    assert!(matches!(
        store.get("doc-1", limit - 1).await,
        Err(FileError::TooLarge { .. })
    ));
    // A copy on the server side, encrypted like the original.
    store.copy("doc-1", "doc-1-copy").await.unwrap();
    assert_eq!(store.get("doc-1-copy", limit).await.unwrap(), pdf);
    let head = s3
        .head_object()
        .bucket(bucket)
        .key("doc-1-copy")
        .send()
        .await
        .unwrap();
    assert!(head.server_side_encryption().is_some());
    assert!(matches!(
        store.copy("never-was", "doc-x").await,
        Err(FileError::NotFound)
    ));
    store.delete("doc-1").await.unwrap();
    assert!(matches!(
        store.get("doc-1", limit).await,
        Err(FileError::NotFound)
    ));
    // Deleting what is not there is fine; a missing key is NotFound, not unavailable.
    store.delete("doc-1").await.unwrap();
    assert!(matches!(
        store.get("never-was", limit).await,
        Err(FileError::NotFound)
    ));

    // A presigned PUT, as a browser would use it: with the headers the API names.
    let png = b"\x89PNG\r\n\x1a\n fake".to_vec();
    let url = store
        .presign_put(
            "doc-2",
            "image/png",
            png.len() as u64,
            Duration::from_secs(300),
        )
        .await
        .unwrap();
    assert!(url.contains("X-Amz-Signature="), "{url}");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("scan.png");
    std::fs::write(&file, &png).unwrap();
    let put = |file: &std::path::Path| {
        Command::new("curl")
            .args(["-sS", "--max-time", "10", "-X", "PUT", "-o", "/dev/null"])
            .args(["-w", "%{http_code}"])
            .args(["-H", "Content-Type: image/png", "-H", "If-None-Match: *"])
            .arg("--data-binary")
            .arg(format!("@{}", file.display()))
            .arg(&url)
            .output()
            .expect("curl")
    };
    let out = put(&file);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "200",
        "PUT to the presigned URL: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(store.get("doc-2", png.len() as u64).await.unwrap(), png);
    // The URL again, with other bytes: the object is not replaced.
    let other = dir.path().join("other.png");
    std::fs::write(&other, b"\x89PNG\r\n\x1a\n else").unwrap();
    assert_eq!(String::from_utf8_lossy(&put(&other).stdout), "412");
    assert_eq!(store.get("doc-2", png.len() as u64).await.unwrap(), png);
    let head = s3
        .head_object()
        .bucket(bucket)
        .key("doc-2")
        .send()
        .await
        .unwrap();
    assert_eq!(head.content_type(), Some("image/png"));

    // A bucket that does not exist: unavailable, not "no such file".
    let missing = S3Files::new(s3, "no-such-bucket");
    assert!(matches!(
        missing.get("doc-1", 10).await,
        Err(FileError::Unavailable(_))
    ));
}

// ---------------------------------------------------------------------------------------
// The stream handler

/// Records what it was asked to send.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<String>>,
}

#[async_trait]
impl Sender for Recorder {
    async fn send(&self, m: &Message) -> Result<applications::notifier::Sent, SendError> {
        self.sent.lock().unwrap().push(m.id.clone());
        Ok(Default::default())
    }
}

fn stream_event(records: &[(&str, &str, &str)]) -> aws_lambda_events::event::dynamodb::Event {
    let records: Vec<_> = records
        .iter()
        .map(|(name, pk, sequence)| {
            serde_json::json!({
                "eventID": format!("id-{sequence}"),
                "eventName": name,
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": "eu-central-1",
                "eventSourceARN": "arn:aws:dynamodb:eu-central-1:123456789012:table/portal/stream/2026-09-01T00:00:00.000",
                "dynamodb": {
                    "ApproximateCreationDateTime": 1788253200,
                    "Keys": {"pk": {"S": pk}},
                    "SequenceNumber": sequence,
                    "SizeBytes": 64,
                    "StreamViewType": "KEYS_ONLY"
                }
            })
        })
        .collect();
    serde_json::from_value(serde_json::json!({ "Records": records })).expect("a stream event")
}

#[tokio::test]
async fn the_stream_handler_sends_each_message_once() {
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("store.redb")).unwrap();
    let m = message("STRM2345", NotificationEvent::Submitted, Channel::Email);
    let t0 = m.next_attempt_at;
    store
        .submit(
            application("STRM2345", "h-stream", "k-stream"),
            vec![m.clone()],
        )
        .await
        .unwrap();
    let email = Recorder::default();
    let sms = Recorder::default();
    let notifier = Notifier {
        store: &store,
        email: &email,
        sms: &sms,
        policy: RetryPolicy::default(),
        daily_cap: applications::notifier::DAILY_CAP,
    };
    let batch = || {
        stream_event(&[
            ("INSERT", &format!("MSG#{}", m.id), "100"),
            ("INSERT", "APP#STRM2345", "101"),
            ("INSERT", "IDEM#k-stream", "102"),
        ])
    };

    // Not due yet (e.g. waiting for a retry): left for the scheduled sweep.
    let early = aws::stream::handle_at(&notifier, batch(), t0 - Minutes::minutes(1)).await;
    assert!(early.batch_item_failures.is_empty());
    assert!(email.sent.lock().unwrap().is_empty());

    let first = aws::stream::handle_at(&notifier, batch(), t0).await;
    assert!(first.batch_item_failures.is_empty());
    assert_eq!(*email.sent.lock().unwrap(), vec![m.id.clone()]);
    assert!(sms.sent.lock().unwrap().is_empty());
    let stored = store.message(&m.id).await.unwrap().unwrap();
    assert_eq!(stored.status, Delivery::Sent);

    // The same batch again (streams are at least once), and the MODIFY that recording
    // the send causes: nothing is sent twice.
    let again = aws::stream::handle_at(&notifier, batch(), t0 + Minutes::minutes(1)).await;
    assert!(again.batch_item_failures.is_empty());
    let modify = stream_event(&[("MODIFY", &format!("MSG#{}", m.id), "103")]);
    let after = aws::stream::handle_at(&notifier, modify, t0 + Minutes::minutes(1)).await;
    assert!(after.batch_item_failures.is_empty());
    assert_eq!(*email.sent.lock().unwrap(), vec![m.id.clone()]);

    // A message that no longer exists (purged) is not a failure.
    let gone = stream_event(&[("INSERT", "MSG#GONE2345-submitted-Email", "104")]);
    let gone = aws::stream::handle_at(&notifier, gone, t0).await;
    assert!(gone.batch_item_failures.is_empty());
}

#[tokio::test]
async fn the_stream_handler_reports_failed_records() {
    let email = Recorder::default();
    let sms = Recorder::default();
    let dir = tempfile::tempdir().unwrap();
    let unreachable = Faulty::new(Arc::new(
        EmbeddedStore::open(&dir.path().join("s.redb")).unwrap(),
    ));
    unreachable.set_down(true);
    let notifier = Notifier {
        store: &unreachable,
        email: &email,
        sms: &sms,
        policy: RetryPolicy::default(),
        daily_cap: applications::notifier::DAILY_CAP,
    };
    let event = stream_event(&[
        ("INSERT", "APP#FAIL2345", "200"),
        ("INSERT", "MSG#FAIL2345-submitted-Email", "201"),
        ("REMOVE", "MSG#FAIL2345-submitted-Sms", "202"),
        ("MODIFY", "MSG#FAIL2345-submitted-Sms", "203"),
    ]);
    let response = aws::stream::handle(&notifier, event).await;
    let failed: Vec<_> = response
        .batch_item_failures
        .iter()
        .map(|f| f.item_identifier.as_deref())
        .collect();
    assert_eq!(failed, vec![Some("201"), Some("203")]);
    // As Lambda reads it.
    let json = serde_json::to_value(&response).unwrap();
    assert_eq!(json["batchItemFailures"][0]["itemIdentifier"], "201");
    assert!(email.sent.lock().unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------
// The production upload path, through the API

async fn post_json(router: &axum::Router, uri: &str, body: &str) -> (StatusCode, Value) {
    let req = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

/// `PUT`s `bytes` to a presigned URL as a browser would (curl: a real HTTP client), with
/// the headers the API names (curl sends the Content-Length of the bytes).
fn put(url: &str, content_type: &str, bytes: &[u8]) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("upload");
    std::fs::write(&file, bytes).unwrap();
    Command::new("curl")
        .args(["-sS", "--fail", "--max-time", "10", "-X", "PUT"])
        .args([
            "-H",
            &format!("Content-Type: {content_type}"),
            "-H",
            "If-None-Match: *",
            "--data-binary",
        ])
        .arg(format!("@{}", file.display()))
        .arg(url)
        .output()
        .expect("curl")
        .status
        .success()
}

/// `POST /api/upload-urls` → `PUT` to S3 → the JSON application names the ids: what S3
/// holds is checked as any upload (size, and the type from the bytes), and only then
/// is the application stored.
async fn presigned_uploads_through_the_api(s3: aws_sdk_s3::Client) {
    let bucket = "portal-uploads-api";
    s3.create_bucket().bucket(bucket).send().await.unwrap();
    let test_api = TestApi::builder()
        .files(Arc::new(S3Files::new(s3.clone(), bucket)))
        .build();
    let store = test_api.store().clone();
    let api = test_api.router();

    // What the client declares is checked first.
    for (body, status, title) in [
        (
            r#"{"form":"nope","content_type":"application/pdf","size":10}"#,
            StatusCode::NOT_FOUND,
            "Unknown form",
        ),
        (
            r#"{"form":"dormitory","content_type":"text/html","size":10}"#,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported file",
        ),
        (
            r#"{"form":"dormitory","content_type":"application/pdf","size":0}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid file size",
        ),
        (
            r#"{"form":"dormitory","content_type":"application/pdf","size":5242881}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "Invalid file size",
        ),
        (
            r#"{"form":"dormitory","content_type":"application/pdf","size":10,"name":"a.pdf"}"#,
            StatusCode::BAD_REQUEST,
            "Malformed JSON",
        ),
    ] {
        let (got, problem) = post_json(&api, "/api/upload-urls", body).await;
        assert_eq!(got, status, "{body}: {problem}");
        assert_eq!(problem["title"], title, "{body}: {problem}");
    }

    let pdf = b"%PDF-1.7\n presigned upload test".to_vec();
    let (mut ids, mut urls) = (Vec::new(), Vec::new());
    for bytes in [&pdf[..], &pdf[..], b"MZ an executable called a PDF"] {
        let body =
            json!({"form": "dormitory", "content_type": "application/pdf", "size": bytes.len()});
        let (status, grant) = post_json(&api, "/api/upload-urls", &body.to_string()).await;
        assert_eq!(status, StatusCode::CREATED, "{grant}");
        assert_eq!(grant["method"], "PUT");
        assert_eq!(grant["headers"]["content-type"], "application/pdf");
        assert_eq!(grant["headers"]["content-length"], bytes.len().to_string());
        assert_eq!(grant["headers"]["if-none-match"], "*");
        let url = grant["url"].as_str().unwrap();
        urls.push(url.to_string());
        assert!(url.contains("X-Amz-Signature="), "{url}");
        assert!(put(url, "application/pdf", bytes), "PUT to {url}");
        ids.push(grant["id"].as_str().unwrap().to_string());
    }
    // A URL granted and never used.
    let (_, unused) = post_json(
        &api,
        "/api/upload-urls",
        r#"{"form":"dormitory","content_type":"image/png","size":8}"#,
    )
    .await;
    let application = |id_doc: &str, category_doc: &str| {
        json!({
            "lang": "en",
            "answers": {
                "full_name": "Test Student", "citizenship": "iin", "iin": "900101300017",
                "phone": "+7 701 234 56 78", "email": "student@example.kz",
                "category": "orphan",
                "confirm_truth": true, "confirm_rules": true, "confirm_contract": true
            },
            "files": {"id_document": [id_doc], "category_documents": [category_doc]}
        })
        .to_string()
    };
    // The third file is no PDF, whatever was declared: refused, nothing stored.
    let (status, problem) = post_json(
        &api,
        "/api/forms/dormitory/applications",
        &application(&ids[0], &ids[2]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(
        problem["errors"][0]["field"], "category_documents",
        "{problem}"
    );
    assert!(store.list(&Query::default()).await.unwrap().is_empty());
    // A URL granted but never used names no file.
    let (status, problem) = post_json(
        &api,
        "/api/forms/dormitory/applications",
        &application(&ids[0], unused["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["title"], "Unknown upload", "{problem}");

    // A URL asked for a small file, used for a large one: measured (HeadObject) before
    // it is read, and refused.
    let (_, grant) = post_json(
        &api,
        "/api/upload-urls",
        r#"{"form":"dormitory","content_type":"application/pdf","size":100}"#,
    )
    .await;
    let mut large = b"%PDF-1.7\n".to_vec();
    large.resize(5 * 1024 * 1024 + 1, b' ');
    assert!(put(
        grant["url"].as_str().unwrap(),
        "application/pdf",
        &large
    ));
    let (status, problem) = post_json(
        &api,
        "/api/forms/dormitory/applications",
        &application(&ids[0], grant["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert_eq!(problem["title"], "File too large", "{problem}");
    assert!(store.list(&Query::default()).await.unwrap().is_empty());

    let (status, created) = post_json(
        &api,
        "/api/forms/dormitory/applications",
        &application(&ids[0], &ids[1]),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let stored = store
        .get(created["reference"].as_str().unwrap())
        .await
        .unwrap()
        .expect("the application is stored");
    let keys: Vec<&str> = stored.documents.iter().map(|d| d.key.as_str()).collect();
    assert_eq!(keys.len(), 2, "{keys:?}");
    // The documents are copies at keys no client was told: the uploads' URLs cannot
    // reach them. A second PUT to a URL is refused; and even the upload itself replaced
    // (here by the bucket's owner) changes nothing the reviewer reads.
    for key in &keys {
        assert!(key.starts_with("doc-") && !ids.iter().any(|id| key.contains(id.as_str())));
    }
    assert!(!put(&urls[1], "application/pdf", b"%PDF-1.7\n replaced"));
    s3.put_object()
        .bucket(bucket)
        .key(format!("incoming-{}", ids[1]))
        .body(b"MZ replaced".to_vec().into())
        .send()
        .await
        .unwrap();
    for key in keys {
        let object = s3
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .unwrap();
        assert_eq!(
            object.body.collect().await.unwrap().into_bytes().to_vec(),
            pdf
        );
    }
}

/// A CloudWatch Logs subscription's event, as AWS sends it: the batch gzipped, then
/// base64 in `awslogs.data`.
fn logs_event(lines: &[&str]) -> Value {
    use base64::Engine;
    use std::io::Write;
    let events: Vec<Value> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| json!({"id": format!("e{i}"), "timestamp": 1_788_000_000_000_i64, "message": l}))
        .collect();
    let data = json!({
        "messageType": "DATA_MESSAGE",
        "owner": "123456789012",
        "logGroup": "sns/eu-central-1/123456789012/DirectPublishToPhoneNumber",
        "logStream": "stream",
        "subscriptionFilters": ["portal-sms-reports"],
        "logEvents": events,
    });
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(data.to_string().as_bytes()).unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(gz.finish().unwrap());
    json!({"awslogs": {"data": b64}})
}

#[tokio::test]
async fn an_sms_delivery_log_reaches_its_message_through_snss_id() {
    use applications::receipt::Outcome;
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("s.redb")).unwrap();
    let m = message("LOGS2345", NotificationEvent::Submitted, Channel::Sms);
    store
        .submit(application("LOGS2345", "h-logs", "k-logs"), vec![m.clone()])
        .await
        .unwrap();
    store
        .link_provider("34d9b400-sns", &m.id, chrono::Utc::now())
        .await
        .unwrap();
    let delivered = r#"{"notification":{"messageId":"34d9b400-sns","timestamp":"2026-08-25 04:00:01.558"},"delivery":{"destination":"+7701XXX4567","smsType":"Transactional","providerResponse":"Message has been accepted by phone carrier"},"status":"SUCCESS"}"#;
    let unknown = r#"{"notification":{"messageId":"not-ours","timestamp":"2026-08-25 04:00:01.558"},"status":"FAILURE"}"#;
    let payload = logs_event(&[delivered, unknown, "START RequestId: x"]);
    assert!(aws::sns_logs::is_logs_event(&payload));
    let kept = aws::sns_logs::handle(&store, payload).await.unwrap();
    assert_eq!(kept, 1);
    let stored = store.message(&m.id).await.unwrap().unwrap();
    assert_eq!(stored.receipt.map(|r| r.outcome), Some(Outcome::Delivered));
}
