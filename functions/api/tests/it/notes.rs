//! Internal notes (#17): a reviewer writes one, the others see it with its author and
//! time; an empty or overlong one is refused by the field; the applicant never sees
//! any, on the status page or in its JSON.

use crate::applicant::{select, status_page, submitted};
use crate::reviewer::detail_page;
use api::test_api::TestApi;
use serde_json::json;

#[tokio::test]
async fn staff_see_each_others_notes_and_the_applicant_never_does() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, code) = submitted(&api, 1).await;
    let url = format!("/api/review/applications/{reference}/notes");
    let note = "Мама звонила: справка будет в пятницу";

    let empty = api
        .post(&format!("{url}?lang=ru"))
        .as_reviewer("ana")
        .form(&[("text", "  ")])
        .send()
        .await
        .expect_status(422)
        .text();
    assert!(empty.contains(r#"id="f-note-error""#), "{empty}");
    api.post(&url)
        .as_reviewer("ana")
        .json_body(json!({"text": "ә".repeat(2001)}))
        .send()
        .await
        .expect_status(422);
    api.post(&url)
        .as_reviewer("ana")
        .form(&[("text", note), ("lang", "ru")])
        .send()
        .await
        .expect_status(303);

    let page = detail_page(&api, "bota", &reference, "ru").await;
    let notes: Vec<String> = select(&page, "[data-note]")
        .iter()
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(notes, [note]);
    let byline: String = select(&page, "li.round p.small")
        .last()
        .map(|e| e.text().collect())
        .unwrap_or_default();
    assert!(
        byline.ends_with(" · ana"),
        "the author is shown: {byline:?}"
    );
    let stored = api.store().get(&reference).await.unwrap().unwrap();
    assert_eq!(stored.notes.len(), 1);
    assert_eq!(stored.notes[0].by, "ana");
    assert!(stored.holder.is_none(), "writing a note does not take it");

    // The applicant: not on the status page, not in the status JSON.
    let status = status_page(&api, &reference, &code).await;
    assert!(!status.html().contains("пятницу"));
    let json = api
        .get(&format!("/api/applications/{reference}"))
        .header("x-access-code", &code)
        .send()
        .await
        .expect_status(200)
        .text();
    assert!(!json.contains("пятницу"), "{json}");
}
