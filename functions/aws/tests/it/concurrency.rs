//! Many clients at once, over real TCP on 127.0.0.1, against both stores (the embedded
//! one, and DynamoDB as moto serves it): every acknowledged application is stored once
//! and none is lost; a storm of identical submissions makes one application; of two
//! reviewers deciding the same application, exactly one wins and the other is told.
//! Bounded: a fixed number of requests, each with the client's 60 s time limit.

use crate::client;
use api::test_api::{Served, TestApi, certificate, iins};
use applications::application::Status;
use applications::store::{Query, Store};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Distinct applications sent at once.
const CLIENTS: usize = 1000;
/// Identical submissions sent at once.
const STORM: usize = 50;
/// Applications each decided by two reviewers at once.
const RACES: usize = 1000;

/// 503s seen (each answered with a retry by the client).
static UNAVAILABLE: AtomicUsize = AtomicUsize::new(0);

/// Send as a well-behaved client does: on a 503 ("try again"), the same request again
/// (same idempotency key) after a short pause, up to 30 times.
async fn post(
    http: &reqwest::Client,
    url: String,
    body: &Value,
    key: Option<&str>,
    token: Option<&str>,
) -> (StatusCode, Value) {
    for _ in 0..30 {
        let answer = post_once(http, url.clone(), body, key, token).await;
        if answer.0 != StatusCode::SERVICE_UNAVAILABLE {
            return answer;
        }
        UNAVAILABLE.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(rand::random_range(
            50..300,
        )))
        .await;
    }
    panic!("{url}: still 503 after 30 tries");
}

async fn post_once(
    http: &reqwest::Client,
    url: String,
    body: &Value,
    key: Option<&str>,
    token: Option<&str>,
) -> (StatusCode, Value) {
    let mut req = http
        .post(url)
        .header("accept", "application/json")
        .json(body);
    if let Some(k) = key {
        req = req.header("idempotency-key", k);
    }
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.expect("the server answers");
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

async fn count(store: &dyn Store) -> usize {
    store
        .list(&Query {
            form: Some("certificate".into()),
            status: None,
        })
        .await
        .unwrap()
        .len()
}

/// The three scenarios against one served API; returns the references of step 1.
pub async fn scenarios(served: &Served, clients: usize, races: usize) {
    let http = client();
    let submit_url = served.url("/api/forms/certificate/applications");
    let people = iins(clients + 2);

    // 1. `clients` distinct applications at once.
    let before = count(served.store().as_ref()).await;
    let tasks: Vec<_> = people[..clients]
        .iter()
        .enumerate()
        .map(|(i, iin)| {
            let (http, url, body) = (http.clone(), submit_url.clone(), certificate(iin));
            tokio::spawn(async move {
                let key = format!("client-{i}");
                post(&http, url, &body, Some(&key), None).await
            })
        })
        .collect();
    let mut references = Vec::new();
    for (i, t) in tasks.into_iter().enumerate() {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "client {i}: {body}");
        references.push(body["reference"].as_str().unwrap().to_string());
    }
    let distinct: HashSet<_> = references.iter().collect();
    assert_eq!(
        distinct.len(),
        clients,
        "every client got its own reference"
    );
    assert_eq!(count(served.store().as_ref()).await, before + clients);
    for (reference, iin) in references.iter().zip(&people) {
        let stored = served.store().get(reference).await.unwrap();
        let stored = stored.unwrap_or_else(|| panic!("{reference} acknowledged, not stored"));
        assert_eq!(stored.answers.get("iin"), Some(iin), "{reference}");
    }

    // 2a. The same submission `STORM` times at once with one idempotency key (a client
    // retrying): one application, every answer names it.
    let body = certificate(&people[clients]);
    let storm: Vec<_> = (0..STORM)
        .map(|_| {
            let (http, url, body) = (http.clone(), submit_url.clone(), body.clone());
            tokio::spawn(async move { post(&http, url, &body, Some("storm-key"), None).await })
        })
        .collect();
    let mut named = HashSet::new();
    for t in storm {
        let (status, body) = t.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        named.insert(body["reference"].as_str().unwrap().to_string());
    }
    assert_eq!(named.len(), 1, "one application for the storm: {named:?}");
    assert_eq!(count(served.store().as_ref()).await, before + clients + 1);

    // 2b. A double-click storm without a key (each click a new request): the applicant
    // may have one open application to the form, so one is created and every other
    // click is refused — without its reference (the sender may only know the IIN): that
    // goes once to the contacts in the application.
    let body = certificate(&people[clients + 1]);
    let clicks: Vec<_> = (0..STORM)
        .map(|_| {
            let (http, url, body) = (http.clone(), submit_url.clone(), body.clone());
            tokio::spawn(async move { post(&http, url, &body, None, None).await })
        })
        .collect();
    let (mut created, mut refused) = (Vec::new(), Vec::new());
    for t in clicks {
        match t.await.unwrap() {
            (StatusCode::CREATED, b) => created.push(b["reference"].as_str().unwrap().to_string()),
            (StatusCode::CONFLICT, b) => refused.push(b),
            (s, b) => panic!("a click answered {s}: {b}"),
        }
    }
    assert_eq!(created.len(), 1, "exactly one application: {created:?}");
    assert_eq!(refused.len(), STORM - 1);
    assert!(
        refused.iter().all(|b| !b.to_string().contains(&created[0])),
        "{refused:?}"
    );
    assert_eq!(count(served.store().as_ref()).await, before + clients + 2);

    // 3. Two reviewers decide each application at the same moment.
    let (ana, bota) = (
        Arc::new(served.reviewer_token("ana")),
        Arc::new(served.reviewer_token("bota")),
    );
    let limit = Arc::new(tokio::sync::Semaphore::new(200));
    let duels: Vec<_> = references[..races]
        .iter()
        .map(|reference| {
            let url = served.url(&format!("/api/review/applications/{reference}/decision"));
            let (http, ana, bota, limit) = (http.clone(), ana.clone(), bota.clone(), limit.clone());
            tokio::spawn(async move {
                let _permit = limit.acquire().await.unwrap();
                let approve = serde_json::json!({"outcome": "approved"});
                let refuse = serde_json::json!({"outcome": "refused", "reason": "Нет мест"});
                tokio::join!(
                    post(&http, url.clone(), &approve, None, Some(&ana)),
                    post(&http, url, &refuse, None, Some(&bota)),
                )
            })
        })
        .collect();
    for (reference, duel) in references.iter().zip(duels) {
        let (a, b) = duel.await.unwrap();
        let stored = served.store().get(reference).await.unwrap().unwrap();
        let (winner, outcome) = match stored.decided_by.as_deref() {
            Some("ana") => ((&a, &b), Status::Approved),
            Some("bota") => ((&b, &a), Status::Refused),
            other => panic!("{reference}: decided by {other:?}"),
        };
        assert_eq!(stored.status, outcome, "{reference}");
        // The loser is told who won; the winner was told it won, unless its answer was
        // lost to a 503 and its retry found its own decision in place (a 409 naming it).
        let (won, lost) = winner;
        assert_eq!(lost.0, StatusCode::CONFLICT, "{reference}: {a:?} {b:?}");
        assert_eq!(
            lost.1["current_status"],
            outcome.as_str(),
            "{reference}: {lost:?}"
        );
        match won.0 {
            StatusCode::OK => assert_eq!(won.1["status"], outcome.as_str()),
            StatusCode::CONFLICT => assert_eq!(won.1["current_status"], outcome.as_str()),
            _ => panic!("{reference}: {a:?} {b:?}"),
        }
    }

    // Messages: for every decided application, its submission's and its one decision's
    // (an e-mail and an SMS each), never both decisions' nor any twice.
    let far = chrono::Utc::now() + chrono::Duration::days(30);
    let mut by_reference: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in served.store().due_messages(far, 100_000).await.unwrap() {
        by_reference
            .entry(m.reference.clone())
            .or_default()
            .push(m.id);
    }
    for reference in &references[..races] {
        let mut ids = by_reference.remove(reference).unwrap_or_default();
        ids.sort();
        let events: HashSet<_> = ids
            .iter()
            .map(|id| id.split('-').nth(1).unwrap().to_string())
            .collect();
        assert_eq!(ids.len(), 4, "{reference}: {ids:?}");
        assert_eq!(events.len(), 2, "{reference}: {ids:?}");
        assert!(events.contains("submitted"), "{reference}: {ids:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_clients_against_the_embedded_store() {
    // Many clients on one address: the per-client limit would stop them (abuse.rs).
    let served = TestApi::builder()
        .without_rate_limits()
        .build()
        .serve()
        .await;
    let t = std::time::Instant::now();
    scenarios(&served, CLIENTS, RACES).await;
    eprintln!(
        "embedded store: {CLIENTS} clients, {STORM} identical, {RACES} races in {:?}",
        t.elapsed()
    );
}

/// Against moto, a tenth of the load: moto serves one request at a time (see
/// `moto.rs`) and copies the whole table for every transaction, so 100 clients take
/// about 30 s here and 1,000 would take many minutes. The guarantees under test are
/// DynamoDB's conditions and transactions as the store uses them, which this exercises.
const MOTO_SCALE: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_clients_against_dynamodb() {
    let mut moto = crate::moto::Moto::start();
    let store = crate::moto::dynamo_store(&mut moto, "portal-concurrency").await;
    let served = TestApi::builder()
        .store(Arc::new(store))
        .without_rate_limits()
        .build()
        .serve()
        .await;
    let t = std::time::Instant::now();
    scenarios(&served, MOTO_SCALE, MOTO_SCALE).await;
    eprintln!(
        "DynamoDB (moto): {MOTO_SCALE} clients, {STORM} identical, {MOTO_SCALE} races in {:?}; {} answers were 503 and retried",
        t.elapsed(),
        UNAVAILABLE.load(Ordering::SeqCst)
    );
    drop(moto);
}
