//! The audit trail (#17): every look at an application's answers or documents and every
//! change is recorded — who, when, what, from where — in one trail a lead reads and
//! nobody else does; it holds none of the personal data, and no applicant's address.

use crate::applicant::{select, status_page, submitted, token};
use crate::information::{PDF, multipart};
use crate::reviewer::detail_page;
use api::test_api::TestApi;
use serde_json::{Value, json};

const STAFF_IP: &str = "10.1.2.3";
const APPLICANT_IP: &str = "198.51.100.9";

#[tokio::test]
async fn every_look_and_change_is_in_the_trail_and_only_a_lead_reads_it() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, code) = submitted(&api, 1).await;
    let app_url = format!("/api/review/applications/{reference}");
    let request = "Приложите справку 086-У";
    api.post(&format!("{app_url}/decision"))
        .as_reviewer("ana")
        .from(STAFF_IP)
        .form(&[("outcome", "information_requested"), ("message", request)])
        .send()
        .await
        .expect_status(303);
    // The applicant answers with a document.
    let page = status_page(&api, &reference, &code).await;
    let (ct, body) = multipart(
        &[("token", &token(&page, "/answer")), ("text", "Вот справка")],
        &[("answer", "справка-086.pdf", PDF)],
    );
    api.post(&format!("/api/applications/{reference}/answer"))
        .from(APPLICANT_IP)
        .body(&ct, body)
        .send()
        .await
        .expect_status(200);
    // ana opens it, downloads the answer's document, writes a note and refuses it.
    api.get(&format!("{app_url}?lang=ru"))
        .as_reviewer("ana")
        .from(STAFF_IP)
        .send()
        .await
        .expect_status(200);
    api.get(&format!("{app_url}/documents/r1d1"))
        .as_reviewer("ana")
        .from(STAFF_IP)
        .send()
        .await
        .expect_status(200);
    let note = "Звонила мама, справка старая";
    api.post(&format!("{app_url}/notes"))
        .as_reviewer("ana")
        .from(STAFF_IP)
        .form(&[("text", note)])
        .send()
        .await
        .expect_status(303);
    let reason = "Справка выдана больше месяца назад";
    api.post(&format!("{app_url}/decision"))
        .as_reviewer("ana")
        .from(STAFF_IP)
        .form(&[("outcome", "refused"), ("reason", reason)])
        .send()
        .await
        .expect_status(303);

    // Not a lead: refused, and told nothing of the application.
    let refused = api
        .get(&format!("{app_url}/trail"))
        .as_reviewer("ana")
        .json()
        .send()
        .await
        .expect_status(403)
        .text();
    assert!(!refused.contains(&reference), "{refused}");

    let answer = api
        .get(&format!("{app_url}/trail"))
        .as_reviewer("lena")
        .json()
        .send()
        .await
        .expect_status(200);
    let trail = answer.json()["trail"].as_array().unwrap().clone();
    let kinds: Vec<&str> = trail
        .iter()
        .map(|e| e["action"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "requested",
            "answered",
            "viewed",
            "downloaded",
            "noted",
            "decided"
        ]
    );
    let ana = json!({"staff": "ana"});
    for e in &trail {
        if e["action"]["kind"] == "answered" {
            assert_eq!(e["by"], "applicant");
            assert!(e.get("from").is_none(), "no applicant's address: {e}");
        } else {
            assert_eq!(e["by"], ana, "{e}");
            assert_eq!(e["from"], STAFF_IP, "{e}");
        }
        assert_eq!(e["reference"], Value::from(reference.as_str()));
    }
    assert_eq!(trail[3]["action"]["document"], "r1d1");
    assert_eq!(trail[5]["action"]["outcome"], "refused");
    // None of the personal data, nor what staff wrote, nor the applicant's address.
    let text = answer.text();
    for secret in [
        "Тест Студент",
        "student@example.kz",
        "701 234",
        "справка-086.pdf",
        request,
        note,
        reason,
        "Вот справка",
        APPLICANT_IP,
    ] {
        assert!(!text.contains(secret), "{secret:?} in the trail: {text}");
    }

    // The lead's page: a row an entry, the decision's outcome in words; the link to it
    // is on the application's page for a lead only (and that look is recorded too).
    let lead_view = detail_page(&api, "lena", &reference, "ru").await;
    assert_eq!(select(&lead_view, "[data-trail]").len(), 1);
    let ana_view = detail_page(&api, "ana", &reference, "ru").await;
    assert!(select(&ana_view, "[data-trail]").is_empty());
    let page = api
        .get(&format!("{app_url}/trail?lang=ru"))
        .as_reviewer("lena")
        .send()
        .await
        .expect_status(200)
        .text();
    let page = scraper::Html::parse_document(&page);
    let rows: Vec<&str> = select(&page, "tr[data-action]")
        .iter()
        .map(|r| r.value().attr("data-action").unwrap())
        .collect();
    assert_eq!(
        rows,
        [
            "requested",
            "answered",
            "viewed",
            "downloaded",
            "noted",
            "decided",
            "viewed",
            "viewed"
        ]
    );
    let decided: String = select(&page, "tr[data-action=decided]")[0].text().collect();
    assert!(
        decided.contains("Принято решение") && decided.contains("Отказано"),
        "{decided}"
    );
}
