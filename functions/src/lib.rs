//! The application API: the domain (forms, references, working days, decisions), the
//! stores (embedded, DynamoDB), the notifiers (file outbox, SES, SNS), the HTTP router
//! shared by the local server and the Lambdas.

pub mod application;
pub mod auth;
#[cfg(feature = "aws")]
pub mod aws;
pub mod files;
pub mod hosted_ui;
pub mod http;
pub mod iin;
#[cfg(feature = "aws")]
pub mod lambda;
pub mod local;
pub mod notifier;
pub mod outbox;
pub mod phone;
pub mod reference;
pub mod retention;
pub mod store;
#[cfg(feature = "aws")]
pub mod stream;
pub mod submission;
/// Working days come from the content model, shared with the generator's calculators.
pub use content_model::working_days;
