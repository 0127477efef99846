//! Exporting a form's applications as CSV (#17): any reviewer of the form gets them
//! without the personal fields, a lead with them; each application exported is in its
//! audit trail; a cell a spreadsheet would run is written so that it does not run.

use api::test_api::{TestApi, certificate, iins, token_with};
use chrono::Datelike;

fn this_month() -> String {
    let today = content_model::almaty::date(chrono::Utc::now());
    format!("{}-{:02}", today.year(), today.month())
}

async fn export(api: &TestApi, who: &str, query: &str) -> api::test_api::Answer {
    api.get(&format!("/api/review/export?form=certificate&{query}"))
        .as_reviewer(who)
        .from("10.1.2.3")
        .send()
        .await
}

/// The records of a CSV (no quoted line breaks in these), after the byte order mark
/// Excel needs to read it as UTF-8.
fn records(csv: &str) -> Vec<Vec<String>> {
    let csv = csv
        .strip_prefix('\u{feff}')
        .expect("a UTF-8 byte order mark first");
    csv.lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

#[tokio::test]
async fn a_reviewer_exports_without_personal_fields_and_a_lead_with_them_each_recorded() {
    let api = TestApi::embedded().with_form("certificate");
    let people = iins(2);
    let mut references = Vec::new();
    for (i, iin) in people.iter().enumerate() {
        let mut body = certificate(iin);
        if i == 1 {
            // What an applicant may type, that a spreadsheet would run.
            body["answers"]["where_needed"] = "=HYPERLINK(\"http://x.example\")".into();
        }
        let created = api.submit(body).send().await.expect_status(201).json();
        references.push(created["reference"].as_str().unwrap().to_string());
    }
    let month = this_month();

    let plain = export(&api, "ana", &format!("month={month}"))
        .await
        .expect_status(200);
    assert!(
        plain
            .header("content-type")
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        plain
            .header("content-disposition")
            .unwrap()
            .contains("attachment")
    );
    let rows = records(&plain.text());
    assert_eq!(
        rows[0],
        [
            "reference",
            "status",
            "received",
            "due",
            "decided_at",
            "decided_by",
            "holder",
            "rounds",
            "documents",
            "citizenship",
            "certificate_type"
        ]
    );
    let mut listed: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    listed.sort();
    let mut want: Vec<&str> = references.iter().map(String::as_str).collect();
    want.sort();
    assert_eq!(listed, want);
    let text = plain.text();
    for personal in [
        "Тест Студент",
        &people[0],
        "student@example.kz",
        "701",
        "HYPERLINK",
    ] {
        assert!(!text.contains(personal), "{personal:?} in {text}");
    }

    // Not a lead: no personal fields, and nothing recorded for asking.
    export(&api, "ana", &format!("month={month}&personal=1"))
        .await
        .expect_status(403);
    let lead = export(&api, "lena", &format!("month={month}&personal=1"))
        .await
        .expect_status(200)
        .text();
    let header = &records(&lead)[0];
    for column in ["full_name", "iin", "phone", "email", "where_needed"] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    assert!(lead.contains(&people[0]) && lead.contains("Тест Студент"));
    assert!(
        lead.contains("\"'=HYPERLINK(\"\"http://x.example\"\")\""),
        "a formula is written so that it does not run: {lead}"
    );

    for reference in &references {
        let trail = api.store().trail(reference).await.unwrap();
        let exports: Vec<(String, String)> = trail
            .iter()
            .map(|e| {
                (
                    format!("{:?}", e.by),
                    serde_json::to_value(&e.action).unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            exports,
            [
                (
                    r#"Staff("ana")"#.to_string(),
                    r#"{"kind":"exported","personal":false}"#.to_string()
                ),
                (
                    r#"Staff("lena")"#.to_string(),
                    r#"{"kind":"exported","personal":true}"#.to_string()
                ),
            ],
            "{reference}"
        );
        assert!(trail.iter().all(|e| e.from.as_deref() == Some("10.1.2.3")));
    }

    // Another month: the header only, and nothing recorded.
    let empty = export(&api, "ana", "month=2020-01")
        .await
        .expect_status(200);
    assert_eq!(records(&empty.text()).len(), 1);
    assert_eq!(api.store().trail(&references[0]).await.unwrap().len(), 2);
    // A reviewer of another form may not export this one (a lead sees every form).
    let other = token_with(
        api.secret(),
        &["reviewers", "forms-school-admission"],
        chrono::Utc::now().timestamp() + 600,
    );
    api.get("/api/review/export?form=certificate")
        .header("authorization", &format!("Bearer {other}"))
        .json()
        .send()
        .await
        .expect_status(404);
    // The report page links to both downloads for a lead, to one for the others.
    for (who, links) in [("ana", 1), ("lena", 2)] {
        let page = api
            .get("/api/review/reports?form=certificate&lang=ru")
            .as_reviewer(who)
            .send()
            .await
            .expect_status(200)
            .text();
        assert_eq!(page.matches("/api/review/export?").count(), links, "{who}");
    }
}
