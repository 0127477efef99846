//! The API's pages for the Kazakh Latin-script edition: a request from a `/kk-latn/`
//! page (`?lang=kk-latn`) gets its pages in Latin letters, its links and redirects in
//! the edition, and the applicant's own words as they were typed.

use api::test_api::{TestApi, iins};

/// The certificate form's answers as the HTML form of the Latin edition posts them.
fn certificate_form(iin: &str, name: &str) -> (String, String) {
    crate::information::multipart(
        &[
            ("lang", "kk-latn"),
            ("full_name", name),
            ("citizenship", "iin"),
            ("iin", iin),
            ("phone", "+7 701 234 56 78"),
            ("email", "student@example.kz"),
            ("certificate_type", "place_of_requirement"),
            ("where_needed", "Талап ету орны бойынша"),
        ],
        &[],
    )
}

#[tokio::test]
async fn a_form_with_errors_comes_back_in_latin_letters() {
    let api = TestApi::embedded();
    let (content_type, body) = certificate_form("123", "Әлия Сапарова");
    let page = api
        .post("/api/forms/certificate/check?lang=kk-latn")
        .body(&content_type, body)
        .send()
        .await
        .expect_status(422)
        .text();
    assert!(page.contains("<html lang=\"kk-Latn\">"), "{page}");
    // The error summary's heading (i18n `error_summary_title`), in Latin letters.
    assert!(page.contains("Qateler bar"), "{page}");
    // What was typed is given back as typed.
    assert!(page.contains("value=\"Әлия Сапарова\""), "{page}");
    // The form posts on in the edition.
    assert!(page.contains("?lang=kk-latn\""), "{page}");
    // The same request from a Cyrillic page stays Cyrillic.
    let (content_type, body) = certificate_form("123", "Әлия Сапарова");
    let cyrillic = api
        .post("/api/forms/certificate/check?lang=kk")
        .body(&content_type, body)
        .send()
        .await
        .expect_status(422)
        .text();
    assert!(cyrillic.contains("<html lang=\"kk\">"));
    assert!(!cyrillic.contains("lang=kk-latn") && !cyrillic.contains("<html lang=\"kk-Latn\">"));
}

#[tokio::test]
async fn check_your_answers_keeps_the_edition_and_the_answers_as_typed() {
    let api = TestApi::embedded();
    let (content_type, body) = certificate_form(&iins(1)[0], "Әлия Сапарова");
    let made = api
        .post("/api/forms/certificate/check?lang=kk-latn")
        .body(&content_type, body)
        .send()
        .await
        .expect_status(303);
    let check = made.location().unwrap().to_string();
    assert!(check.ends_with("?lang=kk-latn"), "{check}");
    let cookie = made
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .unwrap()
        .to_string();
    let page = api
        .get(&check)
        .header("cookie", &cookie)
        .send()
        .await
        .expect_status(200)
        .text();
    assert!(page.contains("<html lang=\"kk-Latn\">"), "{page}");
    assert!(
        page.contains("<span translate=\"no\">Әлия Сапарова</span>"),
        "{page}"
    );
    // The page's own words are in Latin letters ("Жауаптарыңызды тексеріңіз").
    assert!(!page.contains("тексеріңіз"), "{page}");
    assert!(page.contains("?lang=kk-latn"), "{page}");
}

#[tokio::test]
async fn the_status_page_in_latin_letters_shows_the_applicants_answer_as_typed() {
    use crate::applicant::{select, submitted};
    use crate::information::{PDF, multipart};
    let api = TestApi::embedded().with_form("certificate");
    let (reference, code) = submitted(&api, 3).await;
    api.post(&format!("/api/review/applications/{reference}/decision"))
        .as_reviewer("ana")
        .form(&[
            ("outcome", "information_requested"),
            ("message", "Анықтаманы тіркеңіз"),
            ("lang", "kk"),
        ])
        .send()
        .await
        .expect_status(303);
    let lookup = |lang: &'static str| {
        let (reference, code) = (reference.clone(), code.clone());
        let api = &api;
        async move {
            let text = api
                .post(&format!("/api/status?lang={lang}"))
                .form(&[("reference", &reference), ("code", &code), ("lang", lang)])
                .send()
                .await
                .expect_status(200)
                .text();
            scraper::Html::parse_document(&text)
        }
    };
    let page = lookup("kk-latn").await;
    let token = select(&page, "input[name=token]")[0]
        .value()
        .attr("value")
        .unwrap()
        .to_string();
    let form = select(&page, "form[enctype='multipart/form-data']");
    let action = form[0].value().attr("action").unwrap().to_string();
    assert!(action.ends_with("?lang=kk-latn"), "{action}");
    let (ct, body) = multipart(
        &[
            ("token", &token),
            ("text", "Анықтама жіберілді"),
            ("lang", "kk-latn"),
        ],
        &[("answer", "анықтама.pdf", PDF)],
    );
    api.post(&action)
        .body(&ct, body)
        .send()
        .await
        .expect_status(200);
    let page = lookup("kk-latn").await;
    let html = page.html();
    assert!(html.contains("<html lang=\"kk-Latn\">"), "{html}");
    // The reviewer's request is Kazakh text for the reader: in Latin letters.
    let request: String = select(&page, "[data-request]")[0].text().collect();
    assert_eq!(request, "Anyqtamany tırkeñız");
    // The applicant's own answer and file name, as typed.
    let answer: String = select(&page, "[data-answer]")[0].text().collect();
    assert_eq!(answer, "Анықтама жіберілді");
    assert!(html.contains("анықтама.pdf"), "{html}");
}
