//! Withdrawing (#17): from the status page, after "Are you sure?"; the applicant is told
//! by e-mail and SMS, may apply again, and the reviewers can no longer decide it. A
//! token of another application, a made-up one and one from a page older than the
//! application withdraw nothing.

use crate::applicant::{select, status_page, submitted, token};
use api::test_api::{Answer, TestApi, certificate, iins};
use applications::application::Status;
use scraper::Html;

async fn withdraw(api: &TestApi, reference: &str, token: &str, confirm: bool) -> Answer {
    let mut fields = vec![("token", token), ("lang", "ru")];
    if confirm {
        fields.push(("confirm", "yes"));
    }
    api.post(&format!("/api/applications/{reference}/withdraw"))
        .form(&fields)
        .send()
        .await
}

#[tokio::test]
async fn an_application_is_withdrawn_after_are_you_sure_and_its_applicant_may_apply_again() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, code) = submitted(&api, 1).await;
    let page = status_page(&api, &reference, &code).await;
    let token = token(&page, "/withdraw");
    // What staff do among themselves does not make the applicant's page out of date.
    api.post(&format!("/api/review/applications/{reference}/assignment"))
        .as_reviewer("ana")
        .json_body(serde_json::json!({"action": "take"}))
        .send()
        .await
        .expect_status(200);

    // First the question: nothing is withdrawn yet.
    let question = withdraw(&api, &reference, &token, false)
        .await
        .expect_status(200)
        .text();
    let question = Html::parse_document(&question);
    assert_eq!(select(&question, "input[name=confirm][value=yes]").len(), 1);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.status, Status::UnderReview);

    withdraw(&api, &reference, &token, true)
        .await
        .expect_status(200);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.status, Status::Withdrawn);
    assert!(
        stored.expires_at.is_some(),
        "kept for the retention period, then deleted"
    );
    for channel in ["email", "sms"] {
        let id = format!("{reference}-withdrawn-{channel}");
        assert!(api.store().message(&id).await.unwrap().is_some(), "{id}");
    }
    // Sent again: it is withdrawn already.
    withdraw(&api, &reference, &token, true)
        .await
        .expect_status(409);
    // The status page says so, and offers nothing more.
    let page = status_page(&api, &reference, &code).await;
    assert_eq!(select(&page, "[data-status=withdrawn]").len(), 1);
    assert!(select(&page, "[data-withdraw]").is_empty());
    // A reviewer can no longer decide it.
    let late = api
        .post(&format!("/api/review/applications/{reference}/decision"))
        .as_reviewer("ana")
        .json_body(serde_json::json!({"outcome": "approved"}))
        .send()
        .await
        .expect_status(409)
        .json();
    assert_eq!(late["current_status"], "withdrawn");
    // The same applicant may apply again.
    let iin = iins(2).pop().unwrap();
    api.submit(certificate(&iin))
        .send()
        .await
        .expect_status(201);
}

#[tokio::test]
async fn only_the_token_of_the_page_as_it_is_now_withdraws() {
    let api = TestApi::embedded().with_form("certificate");
    let (mine, code) = submitted(&api, 1).await;
    let (other, _) = submitted(&api, 2).await;
    let old = token(&status_page(&api, &mine, &code).await, "/withdraw");

    let unknown = withdraw(&api, "NNNN2345", &old, true)
        .await
        .expect_status(404)
        .text();
    let theirs = withdraw(&api, &other, &old, true)
        .await
        .expect_status(404)
        .text();
    let forged = withdraw(&api, &mine, "0.00ff", true)
        .await
        .expect_status(404)
        .text();
    let strip = |t: &str, r: &str| t.replace(r, "REF");
    assert_eq!(strip(&theirs, &other), strip(&unknown, "NNNN2345"));
    assert_eq!(strip(&forged, &mine), strip(&unknown, "NNNN2345"));

    // A request for information came after the page was made: look again first.
    api.post(&format!("/api/review/applications/{mine}/decision"))
        .as_reviewer("ana")
        .form(&[
            ("outcome", "information_requested"),
            ("message", "Нужна справка"),
        ])
        .send()
        .await
        .expect_status(303);
    withdraw(&api, &mine, &old, true).await.expect_status(409);
    let fresh = token(&status_page(&api, &mine, &code).await, "/withdraw");
    withdraw(&api, &mine, &fresh, true).await.expect_status(200);
    for (r, status) in [(&mine, Status::Withdrawn), (&other, Status::UnderReview)] {
        assert_eq!(
            api.store().get(r).await.unwrap().unwrap().status,
            status,
            "{r}"
        );
    }
}
