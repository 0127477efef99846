//! Assignment (#17): a reviewer takes an application and it is theirs — another sees
//! who has it and can neither take, decide, ask about nor release it; a lead can; "mine"
//! filters the queue; of reviewers who take it at once exactly one gets it.

use crate::applicant::submitted;
use crate::reviewer::queue;
use api::test_api::{Answer, TestApi};
use serde_json::{Value, json};

async fn assign(api: &TestApi, reference: &str, who: &str, action: &str) -> Answer {
    api.post(&format!("/api/review/applications/{reference}/assignment"))
        .as_reviewer(who)
        .json_body(json!({"action": action}))
        .send()
        .await
}

async fn decide(api: &TestApi, reference: &str, who: &str, body: Value) -> Answer {
    api.post(&format!("/api/review/applications/{reference}/decision"))
        .as_reviewer(who)
        .json_body(body)
        .send()
        .await
}

#[tokio::test]
async fn a_taken_application_is_its_holders_or_a_leads() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, _) = submitted(&api, 1).await;
    let taken = assign(&api, &reference, "ana", "take")
        .await
        .expect_status(200)
        .json();
    assert_eq!(taken["holder"], "ana");

    // bota sees who has it, and can change nothing.
    let rows = queue(&api, "bota", "").await;
    assert_eq!(rows[0]["holder"], "ana");
    let refused = assign(&api, &reference, "bota", "take")
        .await
        .expect_status(409)
        .json();
    assert_eq!(refused["holder"], "ana");
    assign(&api, &reference, "bota", "release")
        .await
        .expect_status(409);
    decide(&api, &reference, "bota", json!({"outcome": "approved"}))
        .await
        .expect_status(409);
    decide(
        &api,
        &reference,
        "bota",
        json!({"outcome": "information_requested", "message": "Нужна справка"}),
    )
    .await
    .expect_status(409);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert!(stored.status.is_open() && stored.decided_by.is_none());

    // "Mine": ana's queue has it, bota's has nothing.
    assert_eq!(queue(&api, "ana", "?mine=1").await.len(), 1);
    assert!(queue(&api, "bota", "?mine=1").await.is_empty());

    // The page says who has it; bota's has no take button.
    let page = api
        .get(&format!("/api/review/applications/{reference}?lang=en"))
        .as_reviewer("bota")
        .send()
        .await
        .expect_status(200)
        .text();
    assert!(
        page.contains(r#"data-holder="ana""#) && !page.contains("data-take"),
        "{page}"
    );

    // A lead releases it, and bota takes it.
    assign(&api, &reference, "lena", "release")
        .await
        .expect_status(200);
    assign(&api, &reference, "bota", "take")
        .await
        .expect_status(200);
    // A lead decides what bota holds.
    decide(&api, &reference, "lena", json!({"outcome": "approved"}))
        .await
        .expect_status(200);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.decided_by.as_deref(), Some("lena"));
    assert_eq!(stored.holder.as_deref(), Some("bota"));
    // Decided: nobody takes it any more.
    assign(&api, &reference, "ana", "take")
        .await
        .expect_status(409);
}

#[tokio::test]
async fn one_nobody_took_is_taken_by_whoever_acts_on_it() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, _) = submitted(&api, 1).await;
    decide(
        &api,
        &reference,
        "ana",
        json!({"outcome": "information_requested", "message": "Нужна справка"}),
    )
    .await
    .expect_status(200);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.holder.as_deref(), Some("ana"));
    decide(
        &api,
        &reference,
        "bota",
        json!({"outcome": "refused", "reason": "Нет"}),
    )
    .await
    .expect_status(409);
    assign(&api, &reference, "nobody", "dance")
        .await
        .expect_status(422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn of_reviewers_taking_at_once_exactly_one_gets_it() {
    let api = std::sync::Arc::new(TestApi::embedded().with_form("certificate"));
    let (reference, _) = submitted(&api, 1).await;
    let mut tasks = Vec::new();
    for who in ["ana", "bota", "r3", "r4", "r5", "r6"] {
        let (api, reference) = (api.clone(), reference.clone());
        tasks.push(tokio::spawn(async move {
            let answer = assign(&api, &reference, who, "take").await;
            (who, answer.status.as_u16(), answer.json())
        }));
    }
    let mut winners = Vec::new();
    for t in tasks {
        let (who, status, body) = t.await.unwrap();
        match status {
            200 => winners.push(who),
            409 => assert!(body["holder"].is_string(), "{body}"),
            other => panic!("{who}: {other} {body}"),
        }
    }
    assert_eq!(winners.len(), 1, "{winners:?}");
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.holder.as_deref(), Some(winners[0]));
}
