//! The `notify` Lambda: sends the e-mails (SES) and SMS (SNS) written to the outbox, fed
//! by the table's DynamoDB stream; failed records are reported for retry.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    aws::lambda::run_notifier().await?;
    Ok(())
}
