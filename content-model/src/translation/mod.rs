//! Keeping translations right as their sources change: every text a translator
//! translates (`unit`), a fingerprint of the source text (`fingerprint`), the record of
//! which source each translation was made from (`record`), what that makes each
//! translation (`status`: current, stale or unrecorded), the warnings and the page
//! notice (`stale`), and marking translations as reviewed (`review`).

pub mod exchange;
pub mod fingerprint;
pub mod record;
pub mod review;
pub mod stale;
pub mod status;
pub mod unit;
pub mod write_back;
pub mod xliff;

pub use fingerprint::Fingerprint;
pub use record::{Made, Record};
pub use status::{Stale, Status, Translations};
pub use unit::Unit;
