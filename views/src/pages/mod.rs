//! One module per kind of page: each gathers the small context its template needs.
//! Texts are resolved for the page's language here, so templates only lay them out.
//! The static ones are built by the site builder; the ones with someone's answers
//! (form with errors, check your answers, confirmation, status, review) by the API,
//! from the same code and templates.

pub mod catalogue;
pub mod check;
pub mod done;
pub mod form;
pub mod glossary;
pub mod guides;
pub mod home;
pub mod message;
pub mod not_found;
pub mod report;
pub mod review;
pub mod rounds;
pub mod service;
pub mod status;
pub mod trail;

pub use catalogue::catalogue;
pub use check::check_page;
pub use done::done_page;
pub use form::{FormState, field_anchor, form_page};
pub use glossary::glossary;
pub use guides::{guide, guides};
pub use home::home;
pub use message::{Confirm, confirm_page, message_page};
pub use not_found::not_found;
pub use report::{ReportFigures, report_page};
pub use review::{
    QueueFilter, QueueItem, ReviewDetail, ReviewDocument, ReviewMessage, review_detail_page,
    review_login_page, review_queue_page, status_label,
};
pub use rounds::{AnswerItem, RoundItem};
pub use service::service;
pub use status::{AnswerForm, Found, status_page};
pub use trail::{TrailRow, trail_page};
