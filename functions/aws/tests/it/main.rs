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

/// An HTTP client for 127.0.0.1 only: no proxy from the environment.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}
