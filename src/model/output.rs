//! The operations' result shapes (`BatchMeterUsageResult`, `MeterUsageResult`,
//! `RegisterUsageResult`, `ResolveCustomerResult` in service-2.json).
//!
//! Every top-level output member is optional in the model; the lists of `BatchMeterUsage`
//! are kept as (possibly empty) `Vec`s because the JS API always hands back both arrays.

use super::{Operation, Timestamp, UsageRecord};

/// `UsageRecordResultStatus`. Values added by AWS later are kept as [`Self::Unknown`], as the
/// AWS SDKs keep unknown enum values, rather than failing a batch that took effect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsageRecordResultStatus {
    Success,
    CustomerNotSubscribed,
    DuplicateRecord,
    Unknown(String),
}

impl UsageRecordResultStatus {
    pub fn from_wire(s: &str) -> Self {
        match s {
            "Success" => Self::Success,
            "CustomerNotSubscribed" => Self::CustomerNotSubscribed,
            "DuplicateRecord" => Self::DuplicateRecord,
            other => Self::Unknown(other.to_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Success => "Success",
            Self::CustomerNotSubscribed => "CustomerNotSubscribed",
            Self::DuplicateRecord => "DuplicateRecord",
            Self::Unknown(s) => s,
        }
    }
}

/// `UsageRecordResult`: one record's fate in a batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageRecordResult {
    pub usage_record: Option<UsageRecord>,
    pub metering_record_id: Option<String>,
    pub status: Option<UsageRecordResultStatus>,
}

/// `BatchMeterUsageResult`. `unprocessed_records` failed on the service side: retry them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct BatchMeterUsageOutput {
    pub results: Vec<UsageRecordResult>,
    pub unprocessed_records: Vec<UsageRecord>,
}

/// `MeterUsageResult`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct MeterUsageOutput {
    pub metering_record_id: Option<String>,
}

/// `RegisterUsageResult`. `signature` is a JWT the caller verifies with the AWS Marketplace
/// public key of the version it sent.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RegisterUsageOutput {
    pub public_key_rotation_timestamp: Option<Timestamp>,
    pub signature: Option<String>,
}

/// `ResolveCustomerResult`. `customer_identifier` is not populated for new SaaS integrations.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ResolveCustomerOutput {
    pub customer_identifier: Option<String>,
    pub product_code: Option<String>,
    pub customer_aws_account_id: Option<String>,
    pub license_arn: Option<String>,
}

/// Any operation's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    BatchMeterUsage(BatchMeterUsageOutput),
    MeterUsage(MeterUsageOutput),
    RegisterUsage(RegisterUsageOutput),
    ResolveCustomer(ResolveCustomerOutput),
}

impl Output {
    pub fn operation(&self) -> Operation {
        match self {
            Output::BatchMeterUsage(_) => Operation::BatchMeterUsage,
            Output::MeterUsage(_) => Operation::MeterUsage,
            Output::RegisterUsage(_) => Operation::RegisterUsage,
            Output::ResolveCustomer(_) => Operation::ResolveCustomer,
        }
    }
}
