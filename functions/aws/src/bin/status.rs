//! The `status` Lambda: the API router, wired to DynamoDB and S3. API Gateway sends this
//! function only its own routes, and its role allows only what they need.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    aws::lambda::run_http().await?;
    Ok(())
}
