//! What a reviewer reads in these tests: the queue (as JSON) and an application's page.

use api::test_api::TestApi;
use scraper::Html;
use serde_json::Value;

/// The queue's rows as `who` gets them, with `query` (`?mine=1` …).
pub async fn queue(api: &TestApi, who: &str, query: &str) -> Vec<Value> {
    let json = api
        .get(&format!("/api/review/applications{query}"))
        .json()
        .as_reviewer(who)
        .send()
        .await
        .expect_status(200)
        .json();
    json["applications"].as_array().unwrap().clone()
}

/// The application's page as `who` sees it, in `lang`.
pub async fn detail_page(api: &TestApi, who: &str, reference: &str, lang: &str) -> Html {
    let text = api
        .get(&format!("/api/review/applications/{reference}?lang={lang}"))
        .as_reviewer(who)
        .send()
        .await
        .expect_status(200)
        .text();
    Html::parse_document(&text)
}
