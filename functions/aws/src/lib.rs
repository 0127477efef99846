//! Production on AWS: the DynamoDB store ([`dynamo`]), documents in S3 ([`s3`]), e-mail by
//! SES ([`ses`], with its delivery reports: [`ses_events`]) and SMS by SNS ([`sns`], with its delivery logs: [`sns_logs`]), Cognito's token endpoint ([`cognito`]), and
//! the Lambda wiring ([`lambda`], [`stream`]) the four binaries call. The API and the
//! domain are the same crates `portal serve` runs; only the stores and senders differ.
//!
//! Errors never carry a recipient ([`redact`]).

pub mod clients;
pub mod cognito;
pub mod dynamo;
pub mod lambda;
pub mod redact;
pub mod s3;
pub mod ses;
pub mod ses_events;
pub mod sns;
pub mod sns_logs;
pub mod stream;
