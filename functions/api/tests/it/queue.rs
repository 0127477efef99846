//! The reviewers' queue as a service centre works it (#17): the soonest due first, and
//! for each application under review where it stands against its legal time limit in
//! working days — "due today", "overdue by N working days" — with the counts on top.

use api::test_api::TestApi;
use applications::application::Status;
use applications::store::conformance::application;
use chrono::{Duration, NaiveDate, Utc};
use content_model::working_days::Standing;

/// An application of `reference` due on `due` (or decided, without one), received at
/// `hours_ago`.
async fn put(api: &TestApi, reference: &str, due: Option<NaiveDate>, hours_ago: i64) {
    let mut a = application(reference, &format!("applicant-{reference}"), reference);
    a.created_at = Utc::now() - Duration::hours(hours_ago);
    a.expected_decision = due;
    if due.is_none() {
        a.status = Status::Approved;
    }
    api.store().submit(a, Vec::new()).await.unwrap();
}

#[tokio::test]
async fn the_queue_puts_the_soonest_due_first_and_tags_those_due_today_or_late() {
    let api = TestApi::embedded();
    let today = content_model::almaty::date(Utc::now());
    let late = today - Duration::days(14);
    put(&api, "LATE2345", Some(late), 400).await;
    put(&api, "LATER234", Some(today + Duration::days(30)), 1).await;
    put(&api, "DECIDED2", None, 2).await;
    put(&api, "TODAY234", Some(today), 100).await;
    let calendar = &api.app.site().calendar;
    let Standing::Overdue(n) = calendar.standing(late, today) else {
        panic!("two weeks ago is late");
    };

    let json = api
        .get("/api/review/applications")
        .json()
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200)
        .json();
    let order: Vec<&str> = json["applications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["reference"].as_str().unwrap())
        .collect();
    assert_eq!(order, ["LATE2345", "TODAY234", "LATER234", "DECIDED2"]);
    assert_eq!(json["applications"][1]["due"], today.to_string());
    assert!(
        json["applications"][3].get("due").is_none(),
        "decided: no due date"
    );

    let page = api
        .get("/api/review/applications?lang=en")
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200)
        .text();
    let at = |r: &str| page.find(&format!(r#"data-reference="{r}""#)).unwrap();
    assert!(at("LATE2345") < at("TODAY234") && at("TODAY234") < at("LATER234"));
    assert!(at("LATER234") < at("DECIDED2"));
    let plural = if n == 1 { "day" } else { "days" };
    assert!(
        page.contains(&format!(
            r#"<strong class="tag tag-overdue">Overdue by {n} working {plural}</strong>"#
        )),
        "{page}"
    );
    assert!(page.contains(r#"<strong class="tag tag-today">Due today</strong>"#));
    assert_eq!(page.matches("tag-overdue").count(), 1);
    assert!(
        page.contains("<li>Due today: 1</li><li>Overdue: 1</li>"),
        "{page}"
    );

    // In Russian, with its plural forms.
    let ru = api
        .get("/api/review/applications?lang=ru")
        .as_reviewer("ana")
        .send()
        .await
        .expect_status(200)
        .text();
    assert!(
        ru.contains("просрочено на") && ru.contains("Срок сегодня: 1"),
        "{ru}"
    );
}
