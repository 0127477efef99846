//! What an applicant does in these tests: apply (a certificate request, by JSON), and
//! open the status page with the reference and access code, as the site's form does.

use api::test_api::{TestApi, certificate, iins};
use scraper::{Html, Selector};

/// The elements of `page` that `css` selects.
pub fn select<'a>(page: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    page.select(&Selector::parse(css).unwrap()).collect()
}

/// A submitted application: its reference and access code.
pub async fn submitted(api: &TestApi, n: usize) -> (String, String) {
    let iin = iins(n + 1).pop().unwrap();
    let created = api
        .submit(certificate(&iin))
        .send()
        .await
        .expect_status(201)
        .json();
    (
        created["reference"].as_str().unwrap().to_string(),
        created["access_code"].as_str().unwrap().to_string(),
    )
}

/// The applicant's status page, opened with the code.
pub async fn status_page(api: &TestApi, reference: &str, code: &str) -> Html {
    let text = api
        .post("/api/status")
        .form(&[("reference", reference), ("code", code), ("lang", "ru")])
        .send()
        .await
        .expect_status(200)
        .text();
    Html::parse_document(&text)
}

/// The value of the hidden `token` field of the form posting to `action_part`.
pub fn token(page: &Html, action_part: &str) -> String {
    select(page, "form")
        .into_iter()
        .find(|f| {
            f.value()
                .attr("action")
                .is_some_and(|a| a.contains(action_part))
        })
        .and_then(|f| {
            f.select(&Selector::parse("input[name=token]").unwrap())
                .next()
                .and_then(|i| i.value().attr("value").map(str::to_string))
        })
        .unwrap_or_else(|| panic!("no form posting to {action_part} with a token"))
}
