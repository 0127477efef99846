//! The applications domain, plain Rust without HTTP or AWS: what an application is and
//! how it lives (under review, perhaps asked for more information, then approved or
//! refused), checking answers against the form's definition, IINs, phone numbers,
//! references and access codes, [`submit()`], [`decide()`] and the requests for more
//! information ([`request`]), withdrawing ([`withdrawal`]), each change made through [`store::change::change`]; the
//! transactional outbox and its notifier, retention; the [`Store`] trait with the
//! embedded store, and the [`FileStore`] trait with a local folder.
//!
//! [`Store`]: store::Store
//! [`FileStore`]: files::FileStore

pub mod applicant;
pub mod application;
pub mod assign;
pub mod assignment;
pub mod audit;
pub mod decide;
pub mod file_kind;
pub mod files;
pub mod find;
pub mod ids;
pub mod iin;
pub mod information;
pub mod note;
pub mod notifier;
pub mod office;
pub mod outbox;
pub mod outbox_folder;
pub mod phone;
pub mod receipt;
pub mod reference;
pub mod report;
pub mod request;
pub mod retention;
pub mod round;
pub mod secret;
pub mod store;
pub mod submission;
pub mod submit;
pub mod withdrawal;

pub use assign::assign;
/// Working days come from the content model, shared with the site's calculators.
pub use content_model::working_days;
pub use decide::decide;
pub use office::Office;
pub use secret::Secret;
pub use submit::{NewApplication, SubmitError, submit};
