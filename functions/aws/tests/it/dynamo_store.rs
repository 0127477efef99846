//! The DynamoDB store against a real DynamoDB-compatible server: this test starts moto
//! (`moto_server`) on a free port of 127.0.0.1, creates the table and runs the same
//! conformance suite as the embedded store. The server is stopped when the test ends,
//! passes or panics.

use aws::dynamo::DynamoStore;
use std::sync::Arc;

use crate::moto::Moto;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_dynamo_store_conforms_against_moto() {
    let mut moto = Moto::start();
    let client = crate::moto::dynamo_client(&mut moto).await;
    let store = DynamoStore::new(client, "portal-test");
    store.create_table().await.expect("create the table");
    // Creating it again is not an error (local setup may run twice).
    store.create_table().await.expect("create the table again");

    let run = tokio::spawn(applications::store::conformance::run_all(Arc::new(
        store.clone(),
    )));
    if let Err(e) = run.await {
        let log = moto.log_text();
        panic!(
            "{e}\n--- moto ---\n{}",
            &log[log.len().saturating_sub(6000)..]
        );
    }
    dynamo_specifics(&store).await;
    drop(moto);
}

/// What the suite cannot see: the key design (sparse index, TTLs, locks), a query over
/// every status, paging, and what purging removes besides the application.
async fn dynamo_specifics(store: &DynamoStore) {
    use applications::store::{Query, Store};
    use aws_sdk_dynamodb::types::AttributeValue;
    use chrono::{Duration, TimeZone, Utc};

    let t0 = Utc.with_ymd_and_hms(2026, 9, 1, 9, 0, 0).unwrap();
    let client = store.client();
    let item = |pk: &str| {
        let pk = pk.to_string();
        async move {
            client
                .get_item()
                .table_name(store.table())
                .key("pk", AttributeValue::S(pk))
                .consistent_read(true)
                .send()
                .await
                .unwrap()
                .item
        }
    };
    let has = |item: &Option<std::collections::HashMap<String, AttributeValue>>, a: &str| {
        item.as_ref().is_some_and(|i| i.contains_key(a))
    };

    // Every status at once, oldest first (then by reference).
    let all = store.list(&Query::default()).await.unwrap();
    let mut sorted = all.clone();
    sorted.sort_by(|a, b| (a.created_at, &a.reference).cmp(&(b.created_at, &b.reference)));
    assert_eq!(all, sorted);
    for reference in ["GGGG2222", "DDDD2222", "HHHH2222"] {
        assert!(all.iter().any(|s| s.reference == reference), "{reference}");
    }

    // A limit smaller than what is due (one index page at a time).
    let far = t0 + Duration::days(3650);
    assert_eq!(store.due_messages(far, 1).await.unwrap().len(), 1);

    // The pending index is sparse: a sent or failed message leaves it.
    let sent = item("MSG#HHHH2222-submitted-Email").await;
    assert!(sent.is_some() && !has(&sent, "gsi2pk") && !has(&sent, "gsi2sk"));
    let failed = item("MSG#HHHH2222-submitted-Sms").await;
    assert!(failed.is_some() && !has(&failed, "gsi2pk"));
    let pending = item("MSG#DDDD2222-refused-Email").await;
    assert!(has(&pending, "gsi2pk"));

    // A decision: TTL on the application, its key and its messages; the lock is gone.
    assert!(has(&item("APP#DDDD2222").await, "ttl"));
    assert!(has(&item("IDEM#k-dec").await, "ttl"));
    assert!(has(&pending, "ttl"));
    assert!(item("OPEN#h-dec").await.is_none());
    // Under review: no TTL, the lock is held.
    assert!(!has(&item("APP#HHHH2222").await, "ttl"));
    assert_eq!(
        item("OPEN#h-out").await.unwrap()["ref"],
        AttributeValue::S("HHHH2222".into())
    );

    // Purging removes the key and the messages with the application, and stale drafts.
    let purged = store.purge_expired(t0 + Duration::days(31)).await.unwrap();
    assert!(
        purged
            .applications
            .iter()
            .any(|a| a.reference == "DDDD2222")
    );
    assert!(item("APP#DDDD2222").await.is_none());
    assert!(item("IDEM#k-dec").await.is_none());
    assert!(item("MSG#DDDD2222-refused-Email").await.is_none());
    assert_eq!(store.get_draft("draft-1").await.unwrap(), None);
    assert!(store.get("HHHH2222").await.unwrap().is_some());
    assert!(item("MSG#HHHH2222-submitted-Email").await.is_some());
}
