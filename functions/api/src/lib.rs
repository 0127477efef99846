//! The application API: one axum router, built from one route table ([`routes`]), for
//! both ways of running — behind API Gateway in the Lambdas, on the local listener
//! ([`listener`]) in `portal serve`.
//!
//! - [`apply`]: the HTML form's journey, the JSON API, uploads;
//! - [`status`]: the status lookup by reference and access code, and the applicant's
//!   answer to a request for more information;
//! - [`review`]: the reviewers' sign-in, queue, application and decision; who the
//!   reviewers are and how they prove it: [`reviewers`];
//! - [`error`]: every refusal, answered as a page or as problem+json in one place;
//! - [`app`]: the state (the stores, the secret) and the content it answers from
//!   ([`site`], swapped whole on an edit).
//!
//! Handlers stay thin: checking answers, submitting and deciding are the domain's
//! (`applications`), the pages' words are `views`'.

pub mod app;
mod apply;
mod client;
mod cookies;
mod error;
mod latin_edition;
pub mod listener;
mod origin;
pub mod rate_limit;
mod reply;
mod review;
pub mod reviewers;
mod rounds;
pub mod routes;
pub mod site;
mod spending;
mod status;
#[cfg(feature = "test-support")]
pub mod test_api;
mod throttle;

pub use app::{App, ReviewerAuth, Shared};
pub use routes::router;
pub use site::Site;
