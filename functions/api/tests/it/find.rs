//! Finding an application (#17): by reference, by the applicant's IIN, by a name in
//! whole words — within the forms the reviewer may see, and without the queue's answer
//! carrying what it is found by.

use crate::applicant::select;
use crate::reviewer::queue;
use api::test_api::{TestApi, certificate, iins, token_with};
use scraper::Html;

async fn applied(api: &TestApi, iin: &str, name: &str) -> String {
    let mut body = certificate(iin);
    body["answers"]["full_name"] = name.into();
    let created = api.submit(body).send().await.expect_status(201).json();
    created["reference"].as_str().unwrap().to_string()
}

fn references(rows: &[serde_json::Value]) -> Vec<String> {
    let mut r: Vec<String> = rows
        .iter()
        .map(|x| x["reference"].as_str().unwrap().to_string())
        .collect();
    r.sort();
    r
}

#[tokio::test]
async fn an_application_is_found_by_reference_iin_or_name_within_the_forms_one_sees() {
    let api = TestApi::embedded().with_form("certificate");
    let people = iins(3);
    let bolat = applied(&api, &people[0], "Болат Асанов").await;
    let aliya = applied(&api, &people[1], "Әлия Асанова-Жұмабаева").await;
    let semyon = applied(&api, &people[2], "Семён Ёлкин").await;
    let adam = applied(&api, &iins(4)[3], "Adam Hart").await;
    let find = |q: &str| serde_urlencoded::to_string([("q", q)]).unwrap();

    let spaced = format!(
        "{} {} {}",
        &people[1][..4],
        &people[1][4..8],
        &people[1][8..]
    );
    let cases: Vec<(String, Vec<&String>)> = vec![
        (bolat.to_lowercase(), vec![&bolat]),
        (format!("{}-{}", &aliya[..4], &aliya[4..]), vec![&aliya]),
        (spaced, vec![&aliya]),
        ("асанов болат".into(), vec![&bolat]),
        ("ЖҰМАБАЕВА".into(), vec![&aliya]),
        ("семен елкин".into(), vec![&semyon]),
        // Shaped like a reference: found as the name it is.
        ("Adam Hart".into(), vec![&adam]),
        // Whole words only, every word.
        ("Асан".into(), vec![]),
        ("Асанов Ерлан".into(), vec![]),
        ("ABCD2345".into(), vec![]),
    ];
    for (q, want) in cases {
        let mut want: Vec<String> = want.into_iter().cloned().collect();
        want.sort();
        let rows = queue(&api, "ana", &format!("?{}", find(&q))).await;
        assert_eq!(references(&rows), want, "q={q:?}");
        for row in &rows {
            assert!(row.get("keys").is_none(), "found-by hashes are kept: {row}");
        }
    }
    // With the other filters: a decided status finds none of these.
    let rows = queue(&api, "ana", &format!("?{}&status=approved", find(&bolat))).await;
    assert!(rows.is_empty());

    // A reviewer of another form finds nothing, by any of them.
    let other = token_with(
        api.secret(),
        &["reviewers", "forms-school-admission"],
        chrono::Utc::now().timestamp() + 600,
    );
    for q in [bolat.clone(), people[0].clone(), "Асанов".into()] {
        let body = api
            .get(&format!("/api/review/applications?{}", find(&q)))
            .header("authorization", &format!("Bearer {other}"))
            .json()
            .send()
            .await
            .expect_status(200)
            .json();
        assert_eq!(body["applications"], serde_json::json!([]), "q={q:?}");
    }

    // The page: the search box keeps what was typed; nothing found is said so.
    let page = api
        .get(&format!(
            "/api/review/applications?lang=ru&{}",
            find("Ерлан")
        ))
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200)
        .text();
    let page = Html::parse_document(&page);
    let typed = select(&page, "#f-q")[0].value().attr("value");
    assert_eq!(typed, Some("Ерлан"));
    let none: String = select(&page, "[data-find-none]")[0].text().collect();
    assert!(none.contains("«Ерлан»"), "{none}");
    // Too long to be anything: refused, and said why.
    let long = "я".repeat(201);
    api.get(&format!("/api/review/applications?{}", find(&long)))
        .as_reviewer("ana")
        .json()
        .send()
        .await
        .expect_status(400);
}
