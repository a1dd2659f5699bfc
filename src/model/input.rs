//! The operations' request shapes (`BatchMeterUsageRequest`, `MeterUsageRequest`,
//! `RegisterUsageRequest`, `ResolveCustomerRequest` in service-2.json), member for member.
//!
//! Required members are plain fields, optional ones `Option`. Constraints are checked by
//! [`super::validate`], never by construction, so a Rust caller can build any value and still
//! get one validation answer.

use super::{Operation, Timestamp};

/// `Tag`: one key/value pair that names a bucket of usage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

/// `UsageAllocation`: a share of a record's quantity, attributed to a set of tags
/// (no tags = the untagged bucket).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageAllocation {
    pub allocated_usage_quantity: i32,
    pub tags: Option<Vec<Tag>>,
}

/// `UsageRecord`, in model member order. Also echoed back in `BatchMeterUsage` results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageRecord {
    pub timestamp: Timestamp,
    /// Smithy default `""`: an empty value is the same as none, and is not sent.
    pub customer_identifier: Option<String>,
    pub dimension: String,
    /// The service counts a missing quantity as 0.
    pub quantity: Option<i32>,
    pub usage_allocations: Option<Vec<UsageAllocation>>,
    pub customer_aws_account_id: Option<String>,
    pub license_arn: Option<String>,
}

/// `BatchMeterUsageRequest` (SaaS products, seller credentials).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchMeterUsageInput {
    pub usage_records: Vec<UsageRecord>,
    /// Optional since 2026-02-26 (LicenseArn integrations must leave it out). Smithy default
    /// `""`: an empty value is the same as none, and is not sent.
    pub product_code: Option<String>,
}

/// `MeterUsageRequest` (AMI, container and AgentCore products, buyer-account credentials).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterUsageInput {
    pub product_code: String,
    pub timestamp: Timestamp,
    pub usage_dimension: String,
    pub usage_quantity: Option<i32>,
    pub dry_run: Option<bool>,
    pub usage_allocations: Option<Vec<UsageAllocation>>,
    /// The model's idempotency token. `None` from JS: the wasm layer fills a fresh UUID v4
    /// before the request is built, as the AWS SDKs do, so that retries reuse it.
    pub client_token: Option<String>,
}

/// `RegisterUsageRequest` (paid container products).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterUsageInput {
    pub product_code: String,
    pub public_key_version: i32,
    pub nonce: Option<String>,
}

/// `ResolveCustomerRequest` (SaaS registration).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolveCustomerInput {
    pub registration_token: String,
}

/// Any operation's input, so the client and the protocol can take one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    BatchMeterUsage(BatchMeterUsageInput),
    MeterUsage(MeterUsageInput),
    RegisterUsage(RegisterUsageInput),
    ResolveCustomer(ResolveCustomerInput),
}

impl Input {
    pub fn operation(&self) -> Operation {
        match self {
            Input::BatchMeterUsage(_) => Operation::BatchMeterUsage,
            Input::MeterUsage(_) => Operation::MeterUsage,
            Input::RegisterUsage(_) => Operation::RegisterUsage,
            Input::ResolveCustomer(_) => Operation::ResolveCustomer,
        }
    }
}
