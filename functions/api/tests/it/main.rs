//! The API's integration tests, as one test binary (the mdBook `testsuite` layout), each
//! on `api::test_api::TestApi`: the real content, the embedded store, local reviewers.
//!
//! - `access`: every reviewer operation refuses every bad token; codes open only their
//!   own application; guessing is throttled per reference and per client;
//! - `bad_input`: every kind of bad input gets a precise 4xx and stores nothing;
//! - `faults`: the store failing at each step, a slow store, a notifier killed mid-batch;
//! - `hostile`: slow clients, deep JSON, fake PDFs, path traversal;
//! - `queue`: the reviewers' queue, soonest due first, tagged in working days;
//! - `privileges`: what each function may do on AWS, and the web ACL, from the templates;
//! - `routes`: the route table, the router, the OpenAPI description and the template agree.

mod abuse;
mod access;
mod applicant;
mod assignment;
mod audit;
mod bad_input;
mod export;
mod faults;
mod find;
mod hostile;
mod information;
mod latin_edition;
mod messages;
mod notes;
mod privileges;
mod queue;
mod reports;
mod reviewer;
mod routes;
mod sam;
mod withdrawal;

/// An HTTP client for 127.0.0.1 only: no proxy from the environment.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}
