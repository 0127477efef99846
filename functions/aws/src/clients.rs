//! The AWS clients, from the Lambda's environment.

use aws_config::{BehaviorVersion, SdkConfig};

/// The four clients from the standard environment (`AWS_REGION`, the Lambda's role,
/// `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>` for a local server).
pub async fn clients_from_env() -> (
    aws_sdk_dynamodb::Client,
    aws_sdk_sesv2::Client,
    aws_sdk_sns::Client,
    aws_sdk_s3::Client,
) {
    let config = aws_config::load_defaults(BehaviorVersion::latest()).await;
    clients(&config)
}

/// The four clients from one loaded configuration. S3 uses path-style addressing when
/// its endpoint is overridden (a local server has no `<bucket>.host` names).
pub fn clients(
    config: &SdkConfig,
) -> (
    aws_sdk_dynamodb::Client,
    aws_sdk_sesv2::Client,
    aws_sdk_sns::Client,
    aws_sdk_s3::Client,
) {
    let overridden = config.endpoint_url().is_some()
        || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some_and(|v| !v.is_empty());
    let s3 = aws_sdk_s3::config::Builder::from(config)
        .force_path_style(overridden)
        .build();
    (
        aws_sdk_dynamodb::Client::new(config),
        aws_sdk_sesv2::Client::new(config),
        aws_sdk_sns::Client::new(config),
        aws_sdk_s3::Client::from_conf(s3),
    )
}
