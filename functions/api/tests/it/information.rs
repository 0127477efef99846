//! "More information needed" (#17): a reviewer returns an application with what is
//! missing, the applicant is told to look at the status page, reads the request there
//! and answers it with a text and a document (multipart, as the page's form sends it,
//! no JavaScript); the application is back in the queue, marked answered. An answer
//! without the page's token, a replayed one, and a decision made on a page older than
//! the answer are refused.

use crate::applicant::{select, status_page, submitted};
use crate::reviewer::{detail_page, queue};
use api::test_api::TestApi;
use applications::application::Status;

pub(crate) const PDF: &str = "%PDF-1.4\n%an answer\n";

/// A `multipart/form-data` body of text fields and (name, file name, bytes) files.
pub(crate) fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &str)]) -> (String, String) {
    let b = "answer-b0undary";
    let mut body = String::new();
    for (k, v) in fields {
        body.push_str(&format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        ));
    }
    for (k, name, bytes) in files {
        body.push_str(&format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n{bytes}\r\n"
        ));
    }
    body.push_str(&format!("--{b}--\r\n"));
    (format!("multipart/form-data; boundary={b}"), body)
}

async fn ask(api: &TestApi, reference: &str, message: &str) -> api::test_api::Answer {
    api.post(&format!("/api/review/applications/{reference}/decision"))
        .as_reviewer("ana")
        .form(&[
            ("outcome", "information_requested"),
            ("message", message),
            ("lang", "ru"),
        ])
        .send()
        .await
}

#[tokio::test]
async fn a_request_for_information_is_answered_with_a_document_and_the_application_is_back() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, code) = submitted(&api, 1).await;

    // No message: the reviewer's form again, with the error by the field.
    let page = ask(&api, &reference, "  ").await.expect_status(422).text();
    assert!(page.contains(r#"id="f-message-error""#), "{page}");

    let missing = "Приложите справку с места учёбы (форма 086-У)";
    ask(&api, &reference, missing).await.expect_status(303);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.status, Status::InformationRequested);
    // Told by e-mail and SMS to look, without the request itself (it may be medical).
    for channel in ["email", "sms"] {
        let id = format!("{reference}-information_requested-{channel}-1");
        let m = api.store().message(&id).await.unwrap();
        let m = m.unwrap_or_else(|| panic!("no {channel} message {id}"));
        assert!(
            m.text.contains(&reference) && !m.text.contains("086-У"),
            "{}",
            m.text
        );
    }
    // Waiting for the applicant, the queue shows no due date.
    let rows = queue(&api, "ana", "").await;
    let row = &rows[0];
    assert_eq!(row["status"], "information_requested");
    assert!(row.get("due").is_none(), "paused: {row}");

    // The applicant reads the request and finds the form to answer it.
    let page = status_page(&api, &reference, &code).await;
    let requests: Vec<String> = select(&page, "[data-request]")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(requests, [missing]);
    let form = select(&page, "form[enctype='multipart/form-data']");
    let action = form[0].value().attr("action").unwrap().to_string();
    assert_eq!(
        action,
        format!("/api/applications/{reference}/answer?lang=ru")
    );
    let token = select(&page, "input[name=token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    assert!(
        !page.html().contains("ana"),
        "the applicant is not told who asked"
    );

    // Nothing in it: the page again, with the error by the field.
    let (ct, body) = multipart(&[("token", &token), ("text", " "), ("lang", "ru")], &[]);
    let again = api
        .post(&action)
        .body(&ct, body)
        .send()
        .await
        .expect_status(422)
        .text();
    assert!(again.contains(r#"id="f-text-error""#), "{again}");
    // A file that is not a PDF, JPEG or PNG: refused by the field, nothing kept.
    let (ct, body) = multipart(
        &[("token", &token)],
        &[("answer", "notes.txt", "just text")],
    );
    let again = api
        .post(&action)
        .body(&ct, body)
        .send()
        .await
        .expect_status(422)
        .text();
    assert!(again.contains(r#"id="f-answer-error""#), "{again}");

    let (ct, body) = multipart(
        &[
            ("token", &token),
            ("text", "Справка приложена"),
            ("lang", "ru"),
        ],
        &[("answer", "справка-086.pdf", PDF)],
    );
    let sent = api
        .post(&action)
        .body(&ct, body.clone())
        .send()
        .await
        .expect_status(200)
        .text();
    assert!(sent.contains(&reference), "{sent}");

    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.status, Status::UnderReview);
    let answer = stored.rounds[0].answer.as_ref().unwrap();
    assert_eq!(answer.text.as_deref(), Some("Справка приложена"));
    assert_eq!(answer.documents, ["r1d1"]);
    let doc = stored.documents.iter().find(|d| d.id == "r1d1").unwrap();
    assert_eq!(doc.file_name, "справка-086.pdf");
    let kept = std::fs::read(api.uploads().join(&doc.key)).unwrap();
    assert_eq!(kept, PDF.as_bytes());
    assert!(stored.timeline.last().unwrap().answered);

    // Back in the queue, marked answered, with its due date again.
    let rows = queue(&api, "ana", "").await;
    let row = &rows[0];
    assert_eq!(
        (&row["status"], &row["answered"]),
        (&"under_review".into(), &true.into())
    );
    assert!(row.get("due").is_some(), "{row}");
    // The reviewer sees the round with the answer and its document.
    let detail = detail_page(&api, "bota", &reference, "ru").await;
    let answers: Vec<String> = select(&detail, "[data-answer]")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(answers, ["Справка приложена"]);
    assert!(detail.html().contains("справка-086.pdf"));

    // The same answer sent again (a refresh): the request is no longer open.
    api.post(&action)
        .body(&ct, body)
        .send()
        .await
        .expect_status(409);
    assert_eq!(
        api.store()
            .get(&reference)
            .await
            .unwrap()
            .unwrap()
            .rounds
            .len(),
        1
    );
}

#[tokio::test]
async fn an_answer_needs_the_token_of_its_own_open_request() {
    let api = TestApi::embedded().with_form("certificate");
    let (mine, code) = submitted(&api, 1).await;
    let (other, _) = submitted(&api, 2).await;
    ask(&api, &mine, "Нужна справка").await.expect_status(303);
    ask(&api, &other, "Нужна справка").await.expect_status(303);
    let page = status_page(&api, &mine, &code).await;
    let token = select(&page, "input[name=token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    let answer = |reference: &str, token: &str| {
        let (ct, body) = multipart(&[("token", token), ("text", "вот")], &[]);
        api.post(&format!("/api/applications/{reference}/answer"))
            .body(&ct, body)
            .send()
    };
    // My token does not answer someone else's request, a made-up one answers nothing,
    // and both are answered as an unknown application would be.
    let unknown = answer("NNNN2345", &token).await.expect_status(404).text();
    let theirs = answer(&other, &token).await.expect_status(404).text();
    let forged = answer(&mine, "1.00ff").await.expect_status(404).text();
    let none = answer(&mine, "").await.expect_status(404).text();
    let strip = |t: &str, r: &str| t.replace(r, "REF");
    assert_eq!(strip(&theirs, &other), strip(&unknown, "NNNN2345"));
    assert_eq!(strip(&forged, &mine), strip(&unknown, "NNNN2345"));
    assert_eq!(none, forged);
    // Without the token first nothing else of the body is read: a body over the limits
    // answers like an unknown reference, whether the reference exists or not.
    let parts: Vec<(&str, &str)> = (0..300).map(|_| ("text", "x")).collect();
    let (ct, body) = multipart(&parts, &[]);
    let mut answers = Vec::new();
    for r in [mine.as_str(), "NNNN2345"] {
        let a = api
            .post(&format!("/api/applications/{r}/answer"))
            .body(&ct, body.clone())
            .send()
            .await
            .expect_status(404);
        answers.push(a.text());
    }
    assert_eq!(answers[0], answers[1]);
    for r in [&mine, &other] {
        let a = api.store().get(r).await.unwrap().unwrap();
        assert_eq!(a.status, Status::InformationRequested, "{r} unanswered");
    }
    answer(&mine, &token).await.expect_status(200);
}

#[tokio::test]
async fn a_decision_made_on_a_page_older_than_the_answer_is_refused() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, code) = submitted(&api, 1).await;
    ask(&api, &reference, "Нужна справка")
        .await
        .expect_status(303);
    // The reviewer's page, with the revision it shows.
    let detail = detail_page(&api, "ana", &reference, "en").await;
    let seen = select(&detail, "input[name=revision]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    // Meanwhile the applicant answers.
    let page = status_page(&api, &reference, &code).await;
    let token = select(&page, "input[name=token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    let (ct, body) = multipart(&[("token", &token), ("text", "вот справка")], &[]);
    api.post(&format!("/api/applications/{reference}/answer"))
        .body(&ct, body)
        .send()
        .await
        .expect_status(200);
    // The refusal made on the page without the answer changes nothing.
    let refused = api
        .post(&format!("/api/review/applications/{reference}/decision"))
        .as_reviewer("ana")
        .json_body(
            serde_json::json!({"outcome": "refused", "reason": "Нет справки", "revision": seen}),
        )
        .send()
        .await
        .expect_status(409)
        .json();
    assert_eq!(refused["current_status"], "under_review");
    assert_eq!(refused["revision"], 2);
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.revision), (Status::UnderReview, 2));
    // Read again, the decision goes through.
    api.post(&format!("/api/review/applications/{reference}/decision"))
        .as_reviewer("ana")
        .json_body(serde_json::json!({"outcome": "approved", "revision": "2"}))
        .send()
        .await
        .expect_status(200);
}
