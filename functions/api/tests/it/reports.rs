//! Reports for the head of the centre (#17): a form's month in figures, as a page (an
//! SVG chart with the same figures in a table for screen readers), as JSON and as CSV;
//! only for the forms the reviewer may see.

use crate::applicant::select;
use api::test_api::{TestApi, token_with};
use applications::application::Status;
use applications::store::conformance::application;
use chrono::{TimeZone, Utc};
use scraper::Html;

/// A dormitory application that came in on `day` of September 2026, decided on
/// `decided` (a day of September) with `status`, due on the `limit`th.
async fn put(api: &TestApi, n: u32, day: u32, decided: Option<(u32, Status)>, limit: u32) {
    let reference = format!("REPT{}", 2000 + n);
    let mut a = application(&reference, &format!("h-{n}"), &format!("k-{n}"));
    a.created_at = Utc.with_ymd_and_hms(2026, 9, day, 5, 0, 0).unwrap();
    a.expected_decision = chrono::NaiveDate::from_ymd_opt(2026, 9, limit);
    if let Some((d, status)) = decided {
        a.status = status;
        a.decided_at = Some(Utc.with_ymd_and_hms(2026, 9, d, 8, 0, 0).unwrap());
    }
    api.store().submit(a, vec![]).await.unwrap();
}

#[tokio::test]
async fn a_months_figures_as_a_page_as_json_and_as_csv() {
    let api = TestApi::embedded();
    put(&api, 1, 1, Some((3, Status::Approved)), 10).await;
    put(&api, 2, 1, Some((15, Status::Refused)), 10).await;
    put(&api, 3, 2, None, 11).await;
    let url = "/api/review/reports?form=dormitory&month=2026-09";

    let json = api
        .get(url)
        .json()
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200)
        .json();
    let f = &json["figures"];
    assert_eq!((&f["received"], &f["decided"]), (&"3".into(), &"2".into()));
    assert_eq!((&f["approved"], &f["refused"]), (&"1".into(), &"1".into()));
    assert_eq!(f["over_limit"], "1", "the refusal came after the 10th");

    let page = api
        .get(&format!("{url}&lang=ru"))
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200)
        .text();
    let page = Html::parse_document(&page);
    assert_eq!(select(&page, "svg.chart[aria-hidden=true] rect").len(), 60);
    let rows = select(&page, "table.report-days tbody tr");
    assert_eq!(rows.len(), 30, "a row a day of September");
    let first: Vec<String> = rows[0]
        .text()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect();
    assert_eq!(first[1..], ["2", "0"], "{first:?}");
    assert_eq!(
        select(&page, "[data-figure=report_received]")[0]
            .text()
            .collect::<String>(),
        "3"
    );

    let csv = api
        .get(&format!("{url}&format=csv&lang=en"))
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let text = csv.text();
    assert!(
        text.starts_with("\u{feff}form,month,figure,label,value\r\n"),
        "{text}"
    );
    assert!(
        text.contains("dormitory,2026-09,received,Received,3\r\n"),
        "{text}"
    );
    assert!(
        text.contains("dormitory,2026-09-01,received,Received,2\r\n"),
        "{text}"
    );

    // A reviewer of another form gets no figures of this one.
    let other = token_with(
        api.secret(),
        &["reviewers", "forms-school-admission"],
        Utc::now().timestamp() + 600,
    );
    api.get(url)
        .json()
        .header("authorization", &format!("Bearer {other}"))
        .send()
        .await
        .expect_status(404);
    // A month that is no month.
    api.get("/api/review/reports?form=dormitory&month=2026-13")
        .json()
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(400);
}
