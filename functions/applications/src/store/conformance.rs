//! The behaviour every store must have, as one suite run against each store (the
//! embedded one in unit tests; DynamoDB against a DynamoDB-compatible server).

use super::{Draft, Query, Revised, Store, StoreError, SubmitOutcome};
use crate::application::{Application, Decision, DecisionError, Status, TimelineEntry};
use crate::audit::{Action, By, Entry};
use crate::information::InformationError;
use crate::outbox::{Channel, Delivery, Message};
use crate::store::change::{Changed, change};
use chrono::{Duration, TimeZone, Utc};
use content_model::Lang;
use content_model::notification::Event;
use std::sync::Arc;

fn t0() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap()
}

pub fn application(reference: &str, applicant: &str, key: &str) -> Application {
    let name_keys = if reference == "AAAA2222" {
        vec!["name-key-1".into(), "name-key-2".into()]
    } else {
        vec![]
    };
    Application {
        reference: reference.into(),
        form: "dormitory".into(),
        lang: Lang::Ru,
        answers: [("full_name".to_string(), "Тест Тестов".to_string())].into(),
        documents: vec![],
        status: Status::UnderReview,
        reason: None,
        created_at: t0(),
        expected_decision: None,
        decided_at: None,
        decided_by: None,
        timeline: vec![TimelineEntry {
            at: t0(),
            status: Status::UnderReview,
            answered: false,
        }],
        idempotency_key: key.into(),
        applicant_hash: applicant.into(),
        expires_at: None,
        request_hash: None,
        revision: 0,
        rounds: vec![],
        holder: None,
        name_keys,
        notes: vec![],
    }
}

/// A decision through [`change`], as [`crate::decide()`] makes it, with `messages`.
pub async fn decide(
    store: &dyn Store,
    reference: &str,
    decision: &Decision,
    retention: Duration,
    messages: Vec<Message>,
) -> Result<Changed<DecisionError>, StoreError> {
    change(store, reference, by(reference, &decision.by), |app| {
        app.decide(decision, retention).map(|()| messages.clone())
    })
    .await
}

/// A reviewer's entry in the audit trail of `reference`.
fn by(reference: &str, name: &str) -> Entry {
    Entry::staff(reference, name, Some("192.0.2.1".into()), Action::Took)
}

fn decided(out: &Changed<DecisionError>) -> bool {
    matches!(out, Changed::Done(_))
}

pub fn message(reference: &str, event: Event, channel: Channel) -> Message {
    Message {
        id: format!("{reference}-{}-{channel:?}", event.as_str()),
        reference: reference.into(),
        event,
        channel,
        lang: Lang::Ru,
        to: "a@example.kz".into(),
        subject: Some("s".into()),
        text: "t".into(),
        html: None,
        status: Delivery::Pending,
        attempts: 0,
        last_error: None,
        next_attempt_at: t0(),
        sent_at: None,
        receipt: None,
    }
}

fn refusal(by: &str) -> Decision {
    Decision {
        outcome: Status::Refused,
        reason: Some("Нет справки".into()),
        by: by.into(),
        at: t0() + Duration::hours(1),
        seen: None,
        lead: false,
    }
}

/// Run every check; panics with a description on the first broken promise.
pub async fn run_all(store: Arc<dyn Store>) {
    submit_then_get(store.as_ref()).await;
    idempotent_submit(store.as_ref()).await;
    one_open_application_per_applicant(store.as_ref()).await;
    decisions_are_conditional(store.as_ref()).await;
    concurrent_decisions_have_one_winner(store.clone()).await;
    revisions_are_conditional(store.as_ref()).await;
    audit_trails(store.as_ref()).await;
    an_answer_and_a_decision_have_one_winner(store.clone()).await;
    concurrent_takes_have_one_winner(store.clone()).await;
    concurrent_identical_submissions_create_one(store.clone()).await;
    queue_filters(store.as_ref()).await;
    outbox_lifecycle(store.as_ref()).await;
    receipts(store.as_ref()).await;
    provider_links(store.as_ref()).await;
    claims(store.as_ref()).await;
    drafts(store.as_ref()).await;
    added_messages_are_added_once(store.as_ref()).await;
    send_counts_stop_at_the_cap(store.as_ref()).await;
    retention(store.as_ref()).await;
}

async fn submit_then_get(store: &dyn Store) {
    let app = application("AAAA2222", "h-get", "k-get");
    let out = store.submit(app.clone(), vec![]).await.unwrap();
    assert_eq!(out, SubmitOutcome::Created(app.clone()));
    assert_eq!(store.get("AAAA2222").await.unwrap(), Some(app.clone()));
    assert_eq!(store.get("NOSUCH22").await.unwrap(), None);
    // The queue keeps what a search finds it by.
    let listed = store.list(&Query::default()).await.unwrap();
    let summary = listed.iter().find(|s| s.reference == "AAAA2222").unwrap();
    assert_eq!(summary.keys.applicant, "h-get");
    assert_eq!(summary.keys.names, ["name-key-1", "name-key-2"]);
    // A reference drawn twice (another applicant, another key) never overwrites.
    let collision = store
        .submit(application("AAAA2222", "h-other", "k-other"), vec![])
        .await;
    assert!(
        matches!(collision, Err(StoreError::Unavailable(_))),
        "{collision:?}"
    );
    assert_eq!(store.get("AAAA2222").await.unwrap(), Some(app));
}

async fn idempotent_submit(store: &dyn Store) {
    let first = application("BBBB2222", "h-idem", "k-idem");
    store.submit(first.clone(), vec![]).await.unwrap();
    // A retry carries the same key but (being generated anew) another reference.
    let retry = application("BBBB3333", "h-idem", "k-idem");
    match store.submit(retry, vec![]).await.unwrap() {
        SubmitOutcome::AlreadySubmitted(a) => assert_eq!(a.reference, "BBBB2222"),
        other => panic!("a retried submission must return the first application, got {other:?}"),
    }
    assert_eq!(
        store.get("BBBB3333").await.unwrap(),
        None,
        "the retry must store nothing"
    );
}

async fn one_open_application_per_applicant(store: &dyn Store) {
    store
        .submit(application("CCCC2222", "h-open", "k-open-1"), vec![])
        .await
        .unwrap();
    match store
        .submit(application("CCCC3333", "h-open", "k-open-2"), vec![])
        .await
        .unwrap()
    {
        SubmitOutcome::OpenApplicationExists { reference } => assert_eq!(reference, "CCCC2222"),
        other => panic!("a second open application must be refused, got {other:?}"),
    }
    // Asked for more information, the application is still open.
    let asked = change(store, "CCCC2222", by("CCCC2222", "rev"), |app| {
        app.request_information("Справка", "rev", t0(), None)
            .map(|()| vec![])
    })
    .await
    .unwrap();
    assert!(matches!(asked, Changed::Done(_)), "{asked:?}");
    let refused = store
        .submit(application("CCCC3333", "h-open", "k-open-2"), vec![])
        .await
        .unwrap();
    assert!(
        matches!(refused, SubmitOutcome::OpenApplicationExists { .. }),
        "an application asked for information is still open: {refused:?}"
    );
    let out = decide(
        store,
        "CCCC2222",
        &refusal("rev"),
        Duration::days(30),
        vec![],
    )
    .await
    .unwrap();
    assert!(decided(&out), "{out:?}");
    // After a refusal the applicant may apply again…
    let again = store
        .submit(application("CCCC4444", "h-open", "k-open-3"), vec![])
        .await
        .unwrap();
    assert!(matches!(again, SubmitOutcome::Created(_)), "{again:?}");
    // …and after withdrawing one.
    let withdrawn = change(store, "CCCC4444", by("CCCC4444", "rev"), |app| {
        app.withdraw(t0(), Duration::days(30), app.steps())
            .map(|()| vec![])
    })
    .await
    .unwrap();
    assert!(matches!(withdrawn, Changed::Done(_)), "{withdrawn:?}");
    let third = store
        .submit(application("CCCC5555", "h-open", "k-open-4"), vec![])
        .await
        .unwrap();
    assert!(matches!(third, SubmitOutcome::Created(_)), "{third:?}");
}

async fn decisions_are_conditional(store: &dyn Store) {
    store
        .submit(application("DDDD2222", "h-dec", "k-dec"), vec![])
        .await
        .unwrap();
    let msg = message("DDDD2222", Event::Refused, Channel::Email);
    let out = decide(
        store,
        "DDDD2222",
        &refusal("alice"),
        Duration::days(30),
        vec![msg.clone()],
    )
    .await
    .unwrap();
    let Changed::Done(app) = out else {
        panic!("{out:?}")
    };
    assert_eq!(app.revision, 1);
    assert_eq!(store.get("DDDD2222").await.unwrap().as_ref(), Some(&*app));
    assert_eq!(app.status, Status::Refused);
    assert_eq!(app.reason.as_deref(), Some("Нет справки"));
    assert_eq!(app.decided_by.as_deref(), Some("alice"));
    assert_eq!(app.timeline.len(), 2);
    assert!(app.expires_at.is_some());
    assert_eq!(
        store.message(&msg.id).await.unwrap().map(|m| m.id),
        Some(msg.id.clone())
    );
    let again = decide(
        store,
        "DDDD2222",
        &refusal("bob"),
        Duration::days(30),
        vec![],
    )
    .await
    .unwrap();
    assert!(
        matches!(
            again,
            Changed::Refused(DecisionError::AlreadyDecided(Status::Refused), _)
        ),
        "{again:?}"
    );
    let missing = decide(
        store,
        "NOSUCH22",
        &refusal("bob"),
        Duration::days(30),
        vec![],
    )
    .await
    .unwrap();
    assert_eq!(missing, Changed::NotFound);
}

/// A revision written from an older one is refused, and writes nothing.
async fn revisions_are_conditional(store: &dyn Store) {
    store
        .submit(application("DDDD3333", "h-rev", "k-rev"), vec![])
        .await
        .unwrap();
    let mut first = store.get("DDDD3333").await.unwrap().unwrap();
    first.revision = 1;
    first.reason = Some("first".into());
    let msg = message("DDDD3333", Event::InformationRequested, Channel::Email);
    assert_eq!(
        store
            .revise(first.clone(), vec![], by("DDDD3333", "rev"))
            .await
            .unwrap(),
        Revised::Written
    );
    let mut late = first.clone();
    late.reason = Some("late".into());
    assert_eq!(
        store
            .revise(late, vec![msg.clone()], by("DDDD3333", "late"))
            .await
            .unwrap(),
        Revised::Stale,
        "revision 1 again, made from revision 0"
    );
    assert_eq!(store.get("DDDD3333").await.unwrap(), Some(first.clone()));
    assert_eq!(
        store.message(&msg.id).await.unwrap(),
        None,
        "nothing written"
    );
    let mut skipping = first.clone();
    skipping.revision = 3;
    assert_eq!(
        store
            .revise(skipping, vec![], by("DDDD3333", "skip"))
            .await
            .unwrap(),
        Revised::Stale
    );
    let mut gone = application("NOSUCH33", "h", "k");
    gone.revision = 1;
    assert_eq!(
        store
            .revise(gone, vec![], by("NOSUCH33", "rev"))
            .await
            .unwrap(),
        Revised::NotFound
    );
    // Only the change that was written is in the trail.
    let trail = store.trail("DDDD3333").await.unwrap();
    assert_eq!(trail.len(), 1, "{trail:?}");
    assert_eq!(trail[0].by, By::Staff("rev".into()));
    assert!(store.trail("NOSUCH33").await.unwrap().is_empty());
}

/// Audit entries are added, kept in time order per application, never replaced, and
/// each change's is written with it.
async fn audit_trails(store: &dyn Store) {
    store
        .submit(application("AUDT2222", "h-audit", "k-audit"), vec![])
        .await
        .unwrap();
    store
        .submit(application("AUDT3333", "h-audit-2", "k-audit-2"), vec![])
        .await
        .unwrap();
    let at = |minutes| t0() + Duration::minutes(minutes);
    let mut viewed = Entry::staff("AUDT2222", "ana", Some("192.0.2.7".into()), Action::Viewed);
    viewed.at = at(10);
    let mut downloaded = Entry::staff(
        "AUDT2222",
        "ana",
        None,
        Action::Downloaded {
            document: "doc-1".into(),
        },
    );
    downloaded.at = at(5);
    let mut other = Entry::staff("AUDT3333", "bota", None, Action::Viewed);
    other.at = at(1);
    store
        .record(vec![viewed.clone(), downloaded.clone(), other.clone()])
        .await
        .unwrap();
    // A retry of the same write adds nothing, and cannot replace an entry.
    let mut forged = viewed.clone();
    forged.by = By::Staff("mallory".into());
    store.record(vec![viewed.clone(), forged]).await.unwrap();
    assert_eq!(
        store.trail("AUDT2222").await.unwrap(),
        [downloaded.clone(), viewed.clone()],
        "oldest first, each once, as first written"
    );
    assert_eq!(store.trail("AUDT3333").await.unwrap(), [other]);
    let mut entry = Entry::staff(
        "AUDT2222",
        "ana",
        None,
        Action::Decided {
            outcome: Status::Refused,
        },
    );
    entry.at = at(20);
    let out = change(store, "AUDT2222", entry.clone(), |app| {
        app.decide(&refusal("ana"), Duration::days(30))
            .map(|()| vec![])
    })
    .await
    .unwrap();
    assert!(decided(&out), "{out:?}");
    assert_eq!(
        store.trail("AUDT2222").await.unwrap(),
        [downloaded, viewed, entry]
    );
}

/// An applicant's answer and a reviewer's decision made on what they saw before it:
/// exactly one of them wins, whichever comes first.
async fn an_answer_and_a_decision_have_one_winner(store: Arc<dyn Store>) {
    for i in 0..4 {
        let reference = format!("FFFF{}", 2222 + i);
        store
            .submit(
                application(&reference, &format!("h-ans-{i}"), &format!("k-ans-{i}")),
                vec![],
            )
            .await
            .unwrap();
        change(store.as_ref(), &reference, by(&reference, "rev"), |app| {
            app.request_information("Справка", "rev", t0(), None)
                .map(|()| vec![])
        })
        .await
        .unwrap();
        let seen = store.get(&reference).await.unwrap().unwrap().revision;
        let calendar = content_model::working_days::Calendar::new(&[]);
        let (s1, s2, r1, r2) = (
            store.clone(),
            store.clone(),
            reference.clone(),
            reference.clone(),
        );
        let answer = tokio::spawn(async move {
            change(s1.as_ref(), &r1, by(&r1, "rev"), |app| {
                app.answer(Some("вот"), vec![], t0() + Duration::hours(2), &calendar)
                    .map(|()| vec![])
            })
            .await
            .unwrap()
        });
        let decision = tokio::spawn(async move {
            let d = Decision {
                seen: Some(seen),
                ..refusal("rev")
            };
            decide(s2.as_ref(), &r2, &d, Duration::days(30), vec![])
                .await
                .unwrap()
        });
        let (answer, decision) = (answer.await.unwrap(), decision.await.unwrap());
        let answered = matches!(answer, Changed::Done(_));
        assert_ne!(
            answered,
            decided(&decision),
            "exactly one must win: {answer:?} {decision:?}"
        );
        if answered {
            assert!(matches!(
                decision,
                Changed::Refused(DecisionError::Changed { .. }, _)
            ));
        } else {
            assert!(matches!(
                answer,
                Changed::Refused(InformationError::NotNow(Status::Refused), _)
            ));
        }
        let stored = store.get(&reference).await.unwrap().unwrap();
        assert_eq!(stored.revision, 2);
    }
}

async fn concurrent_decisions_have_one_winner(store: Arc<dyn Store>) {
    store
        .submit(application("EEEE2222", "h-race", "k-race"), vec![])
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let m = message("EEEE2222", Event::Refused, Channel::Sms);
            decide(
                store.as_ref(),
                "EEEE2222",
                &refusal(&format!("r{i}")),
                Duration::days(30),
                vec![m],
            )
            .await
            .unwrap()
        }));
    }
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Changed::Done(_) => won += 1,
            Changed::Refused(e, _) => {
                assert_eq!(e, DecisionError::AlreadyDecided(Status::Refused))
            }
            Changed::NotFound => panic!("the application exists"),
        }
    }
    assert_eq!(won, 1, "exactly one of concurrent decisions must win");
}

async fn concurrent_identical_submissions_create_one(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for i in 0..20 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let reference = format!("FF{:06}", i).replace('0', "2").replace('1', "3");
            store
                .submit(application(&reference, "h-storm", "k-storm"), vec![])
                .await
                .unwrap()
        }));
    }
    let mut created = 0;
    for t in tasks {
        match t.await.unwrap() {
            SubmitOutcome::Created(_) => created += 1,
            SubmitOutcome::AlreadySubmitted(_) | SubmitOutcome::OpenApplicationExists { .. } => {}
        }
    }
    assert_eq!(
        created, 1,
        "a double-click storm must create exactly one application"
    );
}

async fn queue_filters(store: &dyn Store) {
    let mut other = application("GGGG2222", "h-q", "k-q");
    other.form = "certificate".into();
    store.submit(other, vec![]).await.unwrap();
    let certs = store
        .list(&Query {
            form: Some("certificate".into()),
            status: Some(Status::UnderReview),
        })
        .await
        .unwrap();
    assert_eq!(
        certs
            .iter()
            .map(|s| s.reference.as_str())
            .collect::<Vec<_>>(),
        ["GGGG2222"]
    );
    let refused = store
        .list(&Query {
            form: None,
            status: Some(Status::Refused),
        })
        .await
        .unwrap();
    assert!(refused.iter().all(|s| s.status == Status::Refused) && !refused.is_empty());
}

/// A provider's reports on sent messages: the weightiest is kept, whatever their order;
/// an application's messages are found by it.
async fn receipts(store: &dyn Store) {
    use crate::receipt::{Outcome, Receipt};
    let email = message("RCPT2222", Event::Submitted, Channel::Email);
    let sms = message("RCPT2222", Event::Submitted, Channel::Sms);
    let other = message("RCPT3333", Event::Submitted, Channel::Email);
    store
        .submit(
            application("RCPT2222", "h-rcpt", "k-rcpt"),
            vec![email.clone(), sms.clone()],
        )
        .await
        .unwrap();
    store
        .submit(
            application("RCPT3333", "h-rcpt-2", "k-rcpt-2"),
            vec![other.clone()],
        )
        .await
        .unwrap();
    let mut ids: Vec<String> = store
        .messages_of("RCPT2222")
        .await
        .unwrap()
        .into_iter()
        .map(|m| m.id)
        .collect();
    ids.sort();
    let mut want = vec![email.id.clone(), sms.id.clone()];
    want.sort();
    assert_eq!(ids, want);
    let at = t0() + Duration::minutes(2);
    let r = |outcome| Receipt { outcome, at };
    assert!(
        store
            .record_receipt(&email.id, r(Outcome::Delivered))
            .await
            .unwrap()
    );
    assert!(
        store
            .record_receipt(&email.id, r(Outcome::Bounced))
            .await
            .unwrap()
    );
    // A delivery report arriving after the bounce does not hide it.
    assert!(
        store
            .record_receipt(&email.id, r(Outcome::Delivered))
            .await
            .unwrap()
    );
    let kept = store.message(&email.id).await.unwrap().unwrap();
    assert_eq!(kept.receipt, Some(r(Outcome::Bounced)));
    assert_eq!(kept.status, Delivery::Pending, "the send state is its own");
    let listed = store.messages_of("RCPT2222").await.unwrap();
    let listed = listed.iter().find(|m| m.id == email.id).unwrap();
    assert_eq!(listed.receipt, Some(r(Outcome::Bounced)));
    assert_eq!(store.message(&sms.id).await.unwrap().unwrap().receipt, None);
    assert!(
        !store
            .record_receipt("NOSUCH22-submitted-email", r(Outcome::Delivered))
            .await
            .unwrap()
    );
    assert!(store.messages_of("NOSUCH22").await.unwrap().is_empty());
}

/// A provider's id of a sent message finds it while the link lasts.
async fn provider_links(store: &dyn Store) {
    let now = Utc::now();
    store
        .link_provider("sns-1", "RCPT2222-submitted-sms", now)
        .await
        .unwrap();
    assert_eq!(
        store.provider_message("sns-1").await.unwrap().as_deref(),
        Some("RCPT2222-submitted-sms")
    );
    assert_eq!(store.provider_message("sns-2").await.unwrap(), None);
    let long_ago = now - super::provider_link_lifetime() - Duration::minutes(1);
    store
        .link_provider("sns-old", "RCPT2222-submitted-email", long_ago)
        .await
        .unwrap();
    assert_eq!(store.provider_message("sns-old").await.unwrap(), None);
}

async fn outbox_lifecycle(store: &dyn Store) {
    let email = message("HHHH2222", Event::Submitted, Channel::Email);
    let sms = message("HHHH2222", Event::Submitted, Channel::Sms);
    store
        .submit(
            application("HHHH2222", "h-out", "k-out"),
            vec![email.clone(), sms.clone()],
        )
        .await
        .unwrap();
    let due = store.due_messages(t0(), 100).await.unwrap();
    assert!(due.iter().any(|m| m.id == email.id) && due.iter().any(|m| m.id == sms.id));
    let later = t0() + Duration::minutes(1);
    store
        .record_attempt(&email.id, Delivery::Sent, None, later, later)
        .await
        .unwrap();
    store
        .record_attempt(
            &sms.id,
            Delivery::Pending,
            Some("timeout".into()),
            t0() + Duration::minutes(5),
            later,
        )
        .await
        .unwrap();
    let due = store.due_messages(later, 100).await.unwrap();
    assert!(
        !due.iter().any(|m| m.id == email.id),
        "a sent message is not due again"
    );
    assert!(
        !due.iter().any(|m| m.id == sms.id),
        "a retry waits for its time"
    );
    let due = store
        .due_messages(t0() + Duration::minutes(6), 100)
        .await
        .unwrap();
    assert!(due.iter().any(|m| m.id == sms.id));
    store
        .record_attempt(
            &sms.id,
            Delivery::Failed,
            Some("gave up".into()),
            later,
            later,
        )
        .await
        .unwrap();
    let sms_now = store.message(&sms.id).await.unwrap().unwrap();
    assert_eq!((sms_now.status, sms_now.attempts), (Delivery::Failed, 2));
    assert_eq!(sms_now.last_error.as_deref(), Some("gave up"));
    // A late report for a sent message changes nothing.
    store
        .record_attempt(
            &email.id,
            Delivery::Failed,
            Some("late".into()),
            later,
            later,
        )
        .await
        .unwrap();
    let email_now = store.message(&email.id).await.unwrap().unwrap();
    assert_eq!((email_now.status, email_now.attempts), (Delivery::Sent, 1));
}

/// A claim takes a due message once; it is due again when the lease ends; a sent
/// message cannot be claimed.
async fn claims(store: &dyn Store) {
    let m = message("CLAM2222", Event::Submitted, Channel::Email);
    let t = m.next_attempt_at;
    store
        .submit(
            application("CLAM2222", "h-claim", "k-claim"),
            vec![m.clone()],
        )
        .await
        .unwrap();
    let lease = t + Duration::minutes(5);
    assert!(
        store.claim(&m.id, t, lease).await.unwrap(),
        "the first claim"
    );
    assert!(
        !store.claim(&m.id, t, lease).await.unwrap(),
        "a second worker with the same read"
    );
    let due = |at| async move { store.due_messages(at, 100).await.unwrap() };
    assert!(
        !due(t + Duration::minutes(1))
            .await
            .iter()
            .any(|d| d.id == m.id)
    );
    assert!(
        due(lease).await.iter().any(|d| d.id == m.id),
        "due again after the lease"
    );
    assert!(
        store
            .claim(&m.id, lease, lease + Duration::minutes(5))
            .await
            .unwrap()
    );
    store
        .record_attempt(&m.id, Delivery::Sent, None, lease, lease)
        .await
        .unwrap();
    assert!(!store.claim(&m.id, lease, lease).await.unwrap(), "sent");
    assert!(
        !store
            .claim("NOSUCH-submitted-Email", t, lease)
            .await
            .unwrap()
    );
}

async fn drafts(store: &dyn Store) {
    let d = Draft {
        id: "draft-1".into(),
        form: "dormitory".into(),
        lang: Lang::Kk,
        answers: [("a".to_string(), "b".to_string())].into(),
        documents: vec![],
        created_at: t0(),
        reference: None,
    };
    store.put_draft(d.clone()).await.unwrap();
    assert_eq!(store.get_draft("draft-1").await.unwrap(), Some(d.clone()));
    assert_eq!(store.get_draft("nope").await.unwrap(), None);
    let sent = Draft {
        id: "draft-2".into(),
        reference: Some("HHHH2222".into()),
        ..d
    };
    store.put_draft(sent).await.unwrap();
}

async fn added_messages_are_added_once(store: &dyn Store) {
    store
        .submit(application("LLLL2222", "h-add", "k-add"), vec![])
        .await
        .unwrap();
    let first = message("LLLL2222", Event::Reminder, Channel::Sms);
    store
        .add_messages("LLLL2222", vec![first.clone()])
        .await
        .unwrap();
    // The same id again (the same day's reminder): the first one stays.
    let again = Message {
        text: "another text".into(),
        ..first.clone()
    };
    store.add_messages("LLLL2222", vec![again]).await.unwrap();
    assert_eq!(store.message(&first.id).await.unwrap(), Some(first));
    // No application, no message.
    let orphan = message("NOSUCH22", Event::Reminder, Channel::Sms);
    store
        .add_messages("NOSUCH22", vec![orphan.clone()])
        .await
        .unwrap();
    assert_eq!(store.message(&orphan.id).await.unwrap(), None);
}

async fn send_counts_stop_at_the_cap(store: &dyn Store) {
    let day = almaty_day();
    for _ in 0..2 {
        assert!(store.count_send("recipient-a", day, 2).await.unwrap());
    }
    assert!(!store.count_send("recipient-a", day, 2).await.unwrap());
    // Refused counts are not counted: a higher cap has room for one more.
    assert!(store.count_send("recipient-a", day, 3).await.unwrap());
    assert!(store.count_send("recipient-b", day, 2).await.unwrap());
    let next = day.succ_opt().unwrap();
    assert!(store.count_send("recipient-a", next, 2).await.unwrap());
}

/// The day of [`t0`] in Almaty.
fn almaty_day() -> chrono::NaiveDate {
    content_model::almaty::date(t0())
}

async fn retention(store: &dyn Store) {
    store
        .submit(application("JJJJ2222", "h-ret", "k-ret"), vec![])
        .await
        .unwrap();
    decide(store, "JJJJ2222", &refusal("r"), Duration::days(10), vec![])
        .await
        .unwrap();
    store
        .record(vec![Entry::staff("JJJJ2222", "r", None, Action::Viewed)])
        .await
        .unwrap();
    store
        .record(vec![Entry::staff("HHHH2222", "r", None, Action::Viewed)])
        .await
        .unwrap();
    let early = store.purge_expired(t0() + Duration::days(5)).await.unwrap();
    assert!(!early.applications.iter().any(|a| a.reference == "JJJJ2222"));
    // Both drafts are gone; only the one never sent is returned (its files are its own).
    let drafts: Vec<&str> = early.drafts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(drafts, ["draft-1"]);
    assert_eq!(store.get_draft("draft-1").await.unwrap(), None);
    assert_eq!(store.get_draft("draft-2").await.unwrap(), None);
    // Counts of past days are gone with them: the cap has room again.
    assert!(
        store
            .count_send("recipient-a", almaty_day(), 2)
            .await
            .unwrap()
    );
    let purged = store
        .purge_expired(t0() + Duration::days(11))
        .await
        .unwrap();
    assert!(
        purged
            .applications
            .iter()
            .any(|a| a.reference == "JJJJ2222")
    );
    assert!(purged.drafts.is_empty());
    assert_eq!(store.get("JJJJ2222").await.unwrap(), None);
    // Its retention has ended: so has its trail's (the others' are kept).
    assert!(store.trail("JJJJ2222").await.unwrap().is_empty());
    assert_eq!(store.trail("HHHH2222").await.unwrap().len(), 1);
    // Undecided applications are kept whatever their age.
    assert!(store.get("HHHH2222").await.unwrap().is_some());
}

/// Reviewers who take the same application at once: exactly one gets it, and the
/// others are told who did.
async fn concurrent_takes_have_one_winner(store: Arc<dyn Store>) {
    use crate::assignment::{AssignmentError, Reviewer};
    store
        .submit(application("TAKE2222", "h-take", "k-take"), vec![])
        .await
        .unwrap();
    let names: Vec<String> = (0..6).map(|i| format!("reviewer-{i}")).collect();
    let mut tasks = Vec::new();
    for name in names.clone() {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let who = Reviewer {
                name: &name,
                lead: false,
            };
            let out = change(store.as_ref(), "TAKE2222", by("TAKE2222", "rev"), |app| {
                app.take(who).map(|()| vec![])
            })
            .await
            .unwrap();
            (name.clone(), out)
        }));
    }
    let mut winners = Vec::new();
    let mut told = Vec::new();
    for t in tasks {
        match t.await.unwrap() {
            (name, Changed::Done(_)) => winners.push(name),
            (_, Changed::Refused(AssignmentError::HeldBy(h), _)) => told.push(h),
            (_, other) => panic!("{other:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one take wins: {winners:?}");
    assert!(told.iter().all(|h| *h == winners[0]), "{told:?}");
    let stored = store.get("TAKE2222").await.unwrap().unwrap();
    assert_eq!(stored.holder.as_deref(), Some(winners[0].as_str()));
}
