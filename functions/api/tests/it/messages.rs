//! Delivery status (#17): a reviewer sees each message to the applicant, by channel,
//! with what became of it — a bounced e-mail said plainly, the SMS going on its own —
//! and never its address or text.

use crate::applicant::{select, submitted};
use crate::reviewer::detail_page;
use api::test_api::TestApi;
use applications::outbox::Delivery;
use applications::receipt::{Outcome, Receipt};
use chrono::Utc;

#[tokio::test]
async fn a_reviewer_sees_what_became_of_each_message_and_a_bounced_email_is_said() {
    let api = TestApi::embedded().with_form("certificate");
    let (reference, _) = submitted(&api, 1).await;
    let email = format!("{reference}-submitted-email");
    let sms = format!("{reference}-submitted-sms");
    let states = |page: &scraper::Html| -> Vec<String> {
        select(page, "[data-message-state]")
            .iter()
            .map(|e| e.value().attr("data-message-state").unwrap().to_string())
            .collect()
    };

    let page = detail_page(&api, "ana", &reference, "ru").await;
    assert_eq!(states(&page), ["pending", "pending"]);
    assert!(select(&page, "[data-email-bounced]").is_empty());

    let now = Utc::now();
    for id in [&email, &sms] {
        api.store()
            .record_attempt(id, Delivery::Sent, None, now, now)
            .await
            .unwrap();
    }
    let report = |outcome| Receipt { outcome, at: now };
    assert!(
        api.store()
            .record_receipt(&email, report(Outcome::Bounced))
            .await
            .unwrap()
    );
    let page = detail_page(&api, "ana", &reference, "ru").await;
    let mut got = states(&page);
    got.sort();
    assert_eq!(got, ["bounced", "sent"]);
    let notice: String = select(&page, "[data-email-bounced]")[0].text().collect();
    assert!(notice.contains("SMS"), "{notice}");
    // Neither the address nor the text is on the page's messages table.
    let table: String = select(&page, "table.messages")[0].html();
    assert!(
        !table.contains("student@example.kz") && !table.contains("+7701"),
        "{table}"
    );

    // Delivered by SMS too: still the bounce is said.
    api.store()
        .record_receipt(&sms, report(Outcome::Delivered))
        .await
        .unwrap();
    let page = detail_page(&api, "ana", &reference, "en").await;
    let mut got = states(&page);
    got.sort();
    assert_eq!(got, ["bounced", "delivered"]);
    assert_eq!(select(&page, "[data-email-bounced]").len(), 1);
}
