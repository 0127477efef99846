//! `portal`: the command line (`main.rs`) and the local server it runs. `serve` is the
//! whole product on one machine: the site, rebuilt and reloaded live; the application API
//! on the embedded store, answering from the same content as the pages; the outbox
//! written to a folder. No AWS: the API is the `api` crate without the `aws` one.

pub mod live_reload;
pub mod local_api;
pub mod serve;
pub mod sms_report;
pub mod static_files;
pub mod translations;
