//! Faults: the store failing at each write step in turn (before, during, after), a
//! slow store, and a notifier killed in the middle of a batch. Whatever fails, nothing
//! acknowledged is lost, a retry makes no second application or decision, and no
//! message is lost or sent twice by the notifier. And retention: what expires is deleted.

use api::test_api::{TestApi, certificate, iins};
use applications::files::LocalFiles;
use applications::notifier::{Notifier, RetryPolicy, SendError, Sender};
use applications::outbox::{Delivery, Message};
use applications::store::deadline::Deadline;
use applications::store::embedded::EmbeddedStore;
use applications::store::faults::{Faulty, Step, Write};
use applications::store::{Query, Store};
use axum::http::{StatusCode, header};
use chrono::{Duration, Utc};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const STEPS: [Step; 3] = [Step::Before, Step::During, Step::After];
const SECRET: &[u8] = b"faults-secret";

struct Api {
    api: TestApi,
    faulty: Arc<Faulty>,
    _dir: tempfile::TempDir,
}

fn api(deadline: Option<std::time::Duration>) -> Api {
    let dir = tempfile::tempdir().unwrap();
    let faulty = Arc::new(Faulty::new(Arc::new(
        EmbeddedStore::open(&dir.path().join("s.redb")).unwrap(),
    )));
    let store: Arc<dyn Store> = match deadline {
        Some(limit) => Arc::new(Deadline::new(faulty.clone(), limit)),
        None => faulty.clone(),
    };
    Api {
        api: TestApi::builder().store(store).secret(SECRET).build(),
        faulty,
        _dir: dir,
    }
}

/// POST a JSON body as the reviewer `ana` (an API client), with an idempotency key.
async fn post(
    api: &Api,
    uri: &str,
    body: &Value,
    key: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let mut call = api
        .api
        .post(uri)
        .json_body(body.clone())
        .json()
        .as_reviewer("ana");
    if let Some(k) = key {
        call = call.header("idempotency-key", k);
    }
    let answer = call.send().await;
    (answer.status, answer.headers.clone(), answer.json())
}

/// Message ids waiting for `reference`, sorted.
async fn messages_of(store: &dyn Store, reference: &str) -> Vec<String> {
    let far = Utc::now() + Duration::days(30);
    let mut ids: Vec<String> = store
        .due_messages(far, 10_000)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.reference == reference)
        .map(|m| m.id)
        .collect();
    ids.sort();
    ids
}

/// A write that "happens during" goes on in the background: let it finish.
async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_failing_at_any_step_loses_nothing_and_a_retry_repeats_nothing() {
    let api = api(None);
    let store = api.faulty.clone();
    let people = iins(STEPS.len());
    for (step, iin) in STEPS.into_iter().zip(&people) {
        // The submission fails: 503 with a retry hint and no reference.
        let before = store.list(&Query::default()).await.unwrap().len();
        let key = format!("key-{step:?}");
        let url = "/api/forms/certificate/applications";
        api.faulty.fail_next(Write::Submit, step);
        let (status, headers, body) = post(&api, url, &certificate(iin), Some(&key)).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{step:?}: {body}");
        assert_eq!(headers[header::RETRY_AFTER], "30", "{step:?}");
        assert!(body.get("reference").is_none(), "{step:?}: {body}");
        assert!(!api.faulty.is_armed());
        settle().await;

        // The client's retry: acknowledged once, stored once, its messages once.
        let (status, _, body) = post(&api, url, &certificate(iin), Some(&key)).await;
        assert_eq!(status, StatusCode::CREATED, "{step:?}: {body}");
        let reference = body["reference"].as_str().unwrap().to_string();
        assert_eq!(
            store.list(&Query::default()).await.unwrap().len(),
            before + 1
        );
        assert!(store.get(&reference).await.unwrap().is_some());
        let submitted = messages_of(store.as_ref(), &reference).await;
        assert_eq!(submitted.len(), 2, "{step:?}: {submitted:?}");

        // The decision fails the same way; the reviewer's retry decides it once (a 409
        // naming the reviewer's own decision if the first try was in fact written).
        let url = format!("/api/review/applications/{reference}/decision");
        let approve = json!({"outcome": "approved"});
        api.faulty.fail_next(Write::Revise, step);
        let (status, headers, _) = post(&api, &url, &approve, None).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{step:?}");
        assert_eq!(headers[header::RETRY_AFTER], "30");
        settle().await;
        let (status, _, body) = post(&api, &url, &approve, None).await;
        match (step, status) {
            (Step::Before, StatusCode::OK) => {}
            (Step::During, StatusCode::OK | StatusCode::CONFLICT) => {}
            (Step::After, StatusCode::CONFLICT) => assert_eq!(body["current_status"], "approved"),
            other => panic!("{other:?}: {body}"),
        }
        let stored = store.get(&reference).await.unwrap().unwrap();
        assert_eq!(stored.status.as_str(), "approved");
        let all = messages_of(store.as_ref(), &reference).await;
        assert_eq!(all.len(), 4, "{step:?}: {all:?}");
        assert_eq!(all.iter().filter(|id| id.contains("-approved-")).count(), 2);
    }
}

#[tokio::test]
async fn a_slow_store_gives_503_at_the_deadline_not_a_hung_request() {
    let api = api(Some(std::time::Duration::from_millis(200)));
    api.faulty
        .set_delay(Some(std::time::Duration::from_secs(30)));
    let started = std::time::Instant::now();
    let iin = &iins(1)[0];
    let (status, headers, body) = post(
        &api,
        "/api/forms/certificate/applications",
        &certificate(iin),
        Some("slow"),
    )
    .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(headers[header::RETRY_AFTER], "30");
    // Answered at the deadline, long before the store would have.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
}

// ---------------------------------------------------------------------------------------
// The notifier

/// A sender that records what it sent, and can hang (a send that never returns, until
/// its worker is killed) on its `hang_on`th call.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<String>>,
    calls: AtomicUsize,
    hang_on: Option<usize>,
}

#[async_trait::async_trait]
impl Sender for Recorder {
    async fn send(&self, m: &Message) -> Result<applications::notifier::Sent, SendError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
        if Some(call) == self.hang_on {
            std::future::pending::<()>().await;
        }
        self.sent.lock().unwrap().push(m.id.clone());
        Ok(Default::default())
    }
}

/// `n` applications with their two messages each, in a faulty store: the store, the
/// message ids (sorted) and when they are all due.
async fn outbox(
    n: usize,
) -> (
    Arc<Faulty>,
    Vec<String>,
    chrono::DateTime<Utc>,
    tempfile::TempDir,
) {
    use applications::outbox::Channel;
    use applications::store::conformance::{application, message};
    use content_model::notification::Event;
    let dir = tempfile::tempdir().unwrap();
    let faulty = Arc::new(Faulty::new(Arc::new(
        EmbeddedStore::open(&dir.path().join("s.redb")).unwrap(),
    )));
    let (mut ids, mut due) = (Vec::new(), None);
    for i in 0..n {
        let reference = format!("NTFY{i:04}");
        // Each application its own contacts (one recipient gets only the daily cap).
        let mut email = message(&reference, Event::Submitted, Channel::Email);
        email.to = format!("student{i}@example.kz");
        let mut sms = message(&reference, Event::Submitted, Channel::Sms);
        sms.to = format!("+7701{i:07}");
        let messages = vec![email, sms];
        ids.extend(messages.iter().map(|m| m.id.clone()));
        due = messages.iter().map(|m| m.next_attempt_at).max().max(due);
        faulty
            .submit(
                application(&reference, &format!("h{i}"), &format!("k{i}")),
                messages,
            )
            .await
            .unwrap();
    }
    ids.sort();
    (faulty, ids, due.expect("at least one message"), dir)
}

fn notifier<'a>(store: &'a dyn Store, sender: &'a Recorder) -> Notifier<'a> {
    Notifier {
        store,
        email: sender,
        sms: sender,
        policy: RetryPolicy::default(),
        daily_cap: applications::notifier::DAILY_CAP,
    }
}

fn sorted(r: &Recorder) -> Vec<String> {
    let mut v = r.sent.lock().unwrap().clone();
    v.sort();
    v
}

async fn all_sent(store: &dyn Store, ids: &[String]) {
    for id in ids {
        let m = store.message(id).await.unwrap().unwrap();
        assert_eq!(m.status, Delivery::Sent, "{id}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_claim_neither_loses_nor_repeats_a_message() {
    let lease = RetryPolicy::default().lease;
    for step in STEPS {
        let (store, ids, t0, _dir) = outbox(1).await;
        let sender = Recorder::default();
        store.fail_next(Write::Claim, step);
        assert!(
            notifier(store.as_ref(), &sender)
                .run_once(t0)
                .await
                .is_err()
        );
        settle().await;
        // Whatever the failed claim left, a later round sends each message once.
        for later in [t0, t0 + lease + Duration::seconds(1)] {
            notifier(store.as_ref(), &sender)
                .run_once(later)
                .await
                .unwrap();
        }
        assert_eq!(sorted(&sender), ids, "{step:?}");
        all_sent(store.as_ref(), &ids).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notifier_killed_in_the_middle_of_a_batch_loses_and_repeats_nothing() {
    let (store, ids, t0, _dir) = outbox(10).await;
    let sender = Arc::new(Recorder {
        hang_on: Some(7),
        ..Recorder::default()
    });
    // Killed while its 7th send hangs.
    let worker = {
        let (store, sender) = (store.clone(), sender.clone());
        tokio::spawn(async move {
            let n = notifier(store.as_ref(), &sender);
            n.run_once(t0).await
        })
    };
    while sender.calls.load(Ordering::SeqCst) < 7 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    worker.abort();
    assert!(worker.await.unwrap_err().is_cancelled());
    assert_eq!(sender.sent.lock().unwrap().len(), 6);

    // A new worker sends the rest at once, and the one in flight after its lease.
    let lease = RetryPolicy::default().lease;
    let fresh = Recorder::default();
    notifier(store.as_ref(), &fresh).run_once(t0).await.unwrap();
    assert_eq!(fresh.sent.lock().unwrap().len(), 13);
    notifier(store.as_ref(), &fresh)
        .run_once(t0 + lease + Duration::seconds(1))
        .await
        .unwrap();
    let mut everything = sorted(&sender);
    everything.extend(sorted(&fresh));
    everything.sort();
    assert_eq!(everything, ids, "each message sent exactly once");
    all_sent(store.as_ref(), &ids).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_notifiers_at_once_send_each_message_once() {
    let (store, ids, t0, _dir) = outbox(50).await;
    let sender = Arc::new(Recorder::default());
    // The stream handler and the scheduled sweep, say.
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (store, sender) = (store.clone(), sender.clone());
            tokio::spawn(async move { notifier(store.as_ref(), &sender).run_once(t0).await })
        })
        .collect();
    for w in workers {
        w.await.unwrap().unwrap();
    }
    assert_eq!(sorted(&sender), ids);
    all_sent(store.as_ref(), &ids).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_record_of_a_send_is_the_one_window_for_a_repeat_and_it_keeps_the_id() {
    let (store, ids, t0, _dir) = outbox(1).await;
    let sender = Recorder::default();
    // The message is sent, then its record fails: the store still says "pending".
    store.fail_next(Write::RecordAttempt, Step::Before);
    assert!(
        notifier(store.as_ref(), &sender)
            .run_once(t0)
            .await
            .is_err()
    );
    assert_eq!(sender.sent.lock().unwrap().len(), 1);
    let first = sender.sent.lock().unwrap()[0].clone();
    // Not lost: after the lease it is sent again, under the same id (the outbox folder
    // replaces its file; a receiver can drop the repeat by Message-ID).
    let lease = RetryPolicy::default().lease;
    notifier(store.as_ref(), &sender)
        .run_once(t0 + lease + Duration::seconds(1))
        .await
        .unwrap();
    let sent = sorted(&sender);
    assert_eq!(sent.len(), 3);
    assert_eq!(sent.iter().filter(|id| **id == first).count(), 2);
    all_sent(store.as_ref(), &ids).await;
}

// ---------------------------------------------------------------------------------------
// Retention

/// A document in `files` at `key`, as the applicant attached it.
async fn document(files: &LocalFiles, key: &str) -> applications::application::Document {
    use applications::files::FileStore;
    files
        .put(key, b"%PDF-1.4\n".to_vec(), "application/pdf")
        .await
        .unwrap();
    applications::application::Document {
        id: format!("id-{key}"),
        field: "id_document".into(),
        file_name: "passport.pdf".into(),
        content_type: "application/pdf".into(),
        size: 9,
        key: key.into(),
    }
}

#[tokio::test]
async fn every_file_lives_as_long_as_what_owns_it() {
    use applications::files::FileStore;
    use applications::store::{Draft, conformance::application};
    let dir = tempfile::tempdir().unwrap();
    let store = EmbeddedStore::open(&dir.path().join("s.redb")).unwrap();
    let files = LocalFiles::new(dir.path().join("uploads")).unwrap();
    let exists = |key: &'static str| {
        let files = &files;
        async move { files.size(key).await.is_ok() }
    };
    // An application decided now, and one never decided.
    let mut decided = application("RTNN2345", "h-rtn", "k-rtn");
    decided.documents = vec![document(&files, "doc-decided").await];
    store.submit(decided, vec![]).await.unwrap();
    let mut open = application("RTNN3456", "h-open", "k-open");
    open.created_at = Utc::now() - Duration::days(400);
    open.documents = vec![document(&files, "doc-undecided").await];
    store.submit(open, vec![]).await.unwrap();
    let decision = applications::application::Decision {
        outcome: applications::application::Status::Approved,
        reason: None,
        by: "ana".into(),
        at: Utc::now(),
        seen: None,
        lead: false,
    };
    applications::store::conformance::decide(
        &store,
        "RTNN2345",
        &decision,
        Duration::days(30),
        vec![],
    )
    .await
    .unwrap();
    // A draft never sent, and one sent (its file is its application's).
    let draft = Draft {
        id: "draft-unsent".into(),
        form: "dormitory".into(),
        lang: content_model::Lang::Ru,
        answers: Default::default(),
        documents: vec![document(&files, "doc-draft").await],
        created_at: Utc::now(),
        reference: None,
    };
    store.put_draft(draft.clone()).await.unwrap();
    let sent = Draft {
        id: "draft-sent".into(),
        documents: vec![document(&files, "doc-undecided").await],
        reference: Some("RTNN3456".into()),
        ..draft
    };
    store.put_draft(sent).await.unwrap();
    // An upload never named by an application.
    document(&files, "incoming-0123456789abcdef0123456789abcdef").await;

    let purge = |at| applications::retention::purge(&store, &files, at);
    // Within a day: everything is kept.
    let report = purge(Utc::now() + Duration::hours(1)).await.unwrap();
    assert_eq!(report, Default::default());
    // After a day: the draft never sent and the upload never named are gone.
    let report = purge(Utc::now() + Duration::days(2)).await.unwrap();
    assert_eq!((report.drafts, report.files), (1, 2));
    assert!(!exists("doc-draft").await);
    assert!(!exists("incoming-0123456789abcdef0123456789abcdef").await);
    assert!(exists("doc-decided").await && exists("doc-undecided").await);
    // Within the retention: kept.
    let report = purge(Utc::now() + Duration::days(29)).await.unwrap();
    assert_eq!(report.applications, 0);
    assert!(files.get("doc-decided", 9).await.is_ok());
    // After it: the application and its document are gone; the undecided one's stays,
    // whatever its age, as long as the application does.
    let report = purge(Utc::now() + Duration::days(31)).await.unwrap();
    assert_eq!((report.applications, report.files), (1, 1));
    assert!(store.get("RTNN2345").await.unwrap().is_none());
    assert!(files.get("doc-decided", 9).await.is_err());
    assert!(store.get("RTNN3456").await.unwrap().is_some());
    assert!(exists("doc-undecided").await);
}

/// An application's answers are shown only once the look is in its audit trail: a
/// store that cannot record it answers 503, with none of the answers.
#[tokio::test]
async fn nothing_is_shown_that_the_trail_could_not_record() {
    let api = api(None);
    let iin = iins(1).pop().unwrap();
    let url = "/api/forms/certificate/applications";
    let (status, _, body) = post(&api, url, &certificate(&iin), Some("k-audit")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let reference = body["reference"].as_str().unwrap().to_string();
    let page = format!("/api/review/applications/{reference}");
    for json in [false, true] {
        api.faulty.fail_next(Write::Record, Step::Before);
        let mut call = api.api.get(&page).as_reviewer("ana");
        if json {
            call = call.json();
        }
        let answer = call.send().await.expect_status(503);
        assert!(!answer.text().contains("Тест Студент"), "{}", answer.text());
    }
    // Nor is an export sent.
    api.faulty.fail_next(Write::Record, Step::Before);
    let export = api
        .api
        .get("/api/review/export?form=certificate")
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(503);
    assert!(!export.text().contains(&reference), "{}", export.text());
    assert!(api.api.store().trail(&reference).await.unwrap().is_empty());
    // Recorded, it is shown.
    let shown = api.api.get(&page).as_reviewer("ana").send().await;
    assert!(shown.expect_status(200).text().contains("Тест Студент"));
    assert_eq!(api.api.store().trail(&reference).await.unwrap().len(), 1);
}
