//! The AWS side's integration tests, as one test binary: the DynamoDB store against
//! moto's server (the store conformance suite), the S3, SES and SNS adapters and the
//! stream handler against moto, API Gateway events through the Lambda wiring, the
//! hosted sign-in against a stand-in token endpoint, and the concurrency scenarios on
//! both stores.

mod apigw_events;
mod aws_adapters;
mod concurrency;
mod dynamo_store;
mod hosted_sign_in;
mod moto;

/// An HTTP client for 127.0.0.1 only: no proxy from the environment. Idle connections
/// are dropped before the listener's 10 s header-read limit closes them, so a request
/// never goes out on a connection the server is closing (a flake seen once under the
/// moto storm). A request may wait long behind moto's one-at-a-time queue: 120 s.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .pool_idle_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(120))
        .build()
        .unwrap()
}
