//! The functions' integration tests, as one test binary: each of these modules used to
//! link its own copy of the AWS SDK, which made a clean `cargo test` several gigabytes
//! larger and slower to link (the mdBook `testsuite` layout).

mod access;
mod apigw_events;
mod aws_adapters;
mod bad_input;
mod concurrency;
mod dynamo_store;
mod faults;
mod hosted_sign_in;
mod hostile;
mod journey;
mod moto;
mod routes;
mod served;
mod working_days_vectors;
