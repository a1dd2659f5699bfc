//! The four Marketplace Metering operations' inputs and outputs, as modelled in
//! `shared/aws-model/service-2.json` (API 2016-01-14, botocore revision of 2026-07-20).
//!
//! Data flows one way: JS JSON -> [`js`] (shape and types) -> [`validate`] (model
//! constraints) -> [`wire`] (awsJson1_1 body). Responses come back through [`wire`] into the
//! output types and leave through [`js`] as camelCase JSON text.

pub mod input;
pub mod js;
pub mod output;
pub mod schema;
pub mod tables;
pub mod validate;
pub mod wire;

#[cfg(test)]
mod validation_tests;

pub use input::{
    BatchMeterUsageInput, Input, MeterUsageInput, RegisterUsageInput, ResolveCustomerInput, Tag,
    UsageAllocation, UsageRecord,
};
pub use output::{
    BatchMeterUsageOutput, MeterUsageOutput, Output, RegisterUsageOutput, ResolveCustomerOutput,
    UsageRecordResult, UsageRecordResultStatus,
};
pub use validate::ValidationError;

/// The service's `targetPrefix`: `X-Amz-Target` is `AWSMPMeteringService.<Operation>`.
pub const TARGET_PREFIX: &str = "AWSMPMeteringService";

/// The four operations of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    BatchMeterUsage,
    MeterUsage,
    RegisterUsage,
    ResolveCustomer,
}

impl Operation {
    pub const ALL: [Operation; 4] = [
        Operation::BatchMeterUsage,
        Operation::MeterUsage,
        Operation::RegisterUsage,
        Operation::ResolveCustomer,
    ];

    /// The operation's name in the model, e.g. `BatchMeterUsage`.
    pub fn wire_name(self) -> &'static str {
        match self {
            Operation::BatchMeterUsage => "BatchMeterUsage",
            Operation::MeterUsage => "MeterUsage",
            Operation::RegisterUsage => "RegisterUsage",
            Operation::ResolveCustomer => "ResolveCustomer",
        }
    }

    /// The `X-Amz-Target` header value, e.g. `AWSMPMeteringService.BatchMeterUsage`.
    pub fn target(self) -> &'static str {
        match self {
            Operation::BatchMeterUsage => "AWSMPMeteringService.BatchMeterUsage",
            Operation::MeterUsage => "AWSMPMeteringService.MeterUsage",
            Operation::RegisterUsage => "AWSMPMeteringService.RegisterUsage",
            Operation::ResolveCustomer => "AWSMPMeteringService.ResolveCustomer",
        }
    }
}

/// A point in time, kept in epoch milliseconds (a JS `Date`'s resolution).
///
/// Requests carry [`Timestamp::epoch_seconds`], truncated as botocore and the Dart client do:
/// rounding would move 10:59:59.600 into the 11:00 hour, which is the idempotency and billing
/// bucket for MeterUsage. Responses may carry fractional seconds, so outputs keep millis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    epoch_millis: i64,
}

impl Timestamp {
    pub fn from_epoch_millis(epoch_millis: i64) -> Self {
        Timestamp { epoch_millis }
    }

    pub fn from_epoch_seconds(epoch_seconds: i64) -> Self {
        Timestamp {
            epoch_millis: epoch_seconds.saturating_mul(1000),
        }
    }

    pub fn epoch_millis(self) -> i64 {
        self.epoch_millis
    }

    /// `floor(ms / 1000)`: for dates before 1970 too, so the second never moves forward.
    pub fn epoch_seconds(self) -> i64 {
        self.epoch_millis.div_euclid(1000)
    }
}

/// Where a member sits in an input or a response, built on the stack as validation walks down
/// and rendered to text only when an error needs it (`usageRecords[3].usageAllocations[0]`).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Path<'a> {
    Root,
    Member(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    pub(crate) fn member(&'a self, name: &'a str) -> Path<'a> {
        Path::Member(self, name)
    }

    pub(crate) fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        self.render_into(&mut out);
        out
    }

    // Depth is bounded by the model's nesting (at most six levels), not by the input.
    fn render_into(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Member(parent, name) => {
                parent.render_into(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(parent, i) => {
                parent.render_into(out);
                out.push('[');
                crate::json::write_i64(out, i64::try_from(*i).unwrap_or(i64::MAX));
                out.push(']');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_truncate_toward_the_past() {
        assert_eq!(
            Timestamp::from_epoch_millis(1_767_225_599_600).epoch_seconds(),
            1_767_225_599
        );
        assert_eq!(Timestamp::from_epoch_millis(-1).epoch_seconds(), -1);
        assert_eq!(Timestamp::from_epoch_millis(-1000).epoch_seconds(), -1);
        assert_eq!(Timestamp::from_epoch_seconds(5).epoch_millis(), 5000);
    }

    #[test]
    fn paths_render_as_written_in_js() {
        let root = Path::Root;
        let records = root.member("usageRecords");
        let rec = records.index(3);
        let allocs = rec.member("usageAllocations");
        let alloc = allocs.index(0);
        let tags = alloc.member("tags");
        let tag = tags.index(1);
        assert_eq!(
            tag.member("key").render(),
            "usageRecords[3].usageAllocations[0].tags[1].key"
        );
        assert_eq!(Path::Root.render(), "");
    }

    #[test]
    fn targets_use_the_prefix() {
        for op in Operation::ALL {
            assert_eq!(op.target(), format!("{TARGET_PREFIX}.{}", op.wire_name()));
        }
    }
}
