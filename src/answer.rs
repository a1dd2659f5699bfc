//! What a records plan needs from a BatchMeterUsage call: the service's request size limit,
//! the key that finds a record in the service's echo, and the answer read down to those keys,
//! statuses and ids. Apart from the plan ([`crate::batch`]) so that the call machine, which
//! reads the answer, and the plan, which makes the calls, do not depend on each other.

use alloc::string::String;
use alloc::vec::Vec;

use crate::json::Value;
use crate::model::tables::{
    batch_meter_usage_result as result, usage_record, usage_record_result,
    BATCH_METER_USAGE_RESULT, USAGE_RECORD, USAGE_RECORD_RESULT,
};
use crate::model::walk::{self, Naming};

/// The service refuses a BatchMeterUsage request of 1 MB or more ("each request must be less
/// than 1 MB in size").
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// What the service de-duplicates a record on (customer, dimension, hour), plus the quantity:
/// enough to find a record in the service's echo. A missing or empty customer field is `""`,
/// a missing quantity 0 (as the service counts it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordKey {
    seconds: i64,
    quantity: i64,
    fields: [String; 4],
}

impl RecordKey {
    /// The key of a usage record, in JS (input) or wire (echo) names.
    pub fn of(record: &Value<'_>, naming: Naming) -> Option<RecordKey> {
        let member = |i: usize| {
            USAGE_RECORD
                .members
                .get(i)
                .and_then(|m| walk::member(record, m, naming))
        };
        let text = |i: usize| {
            member(i)
                .and_then(Value::as_str)
                .map(|s| s.into_owned())
                .unwrap_or_default()
        };
        Some(RecordKey {
            seconds: walk::epoch_seconds(member(usage_record::TIMESTAMP)?)?,
            quantity: member(usage_record::QUANTITY)
                .and_then(Value::as_f64)
                .unwrap_or(0.0) as i64,
            fields: [
                text(usage_record::DIMENSION),
                text(usage_record::CUSTOMER_IDENTIFIER),
                text(usage_record::CUSTOMER_AWS_ACCOUNT_ID),
                text(usage_record::LICENSE_ARN),
            ],
        })
    }
}

/// A BatchMeterUsage answer, as a plan needs it: each result's record key, status and id,
/// and the unprocessed records' keys.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BatchAnswer {
    pub results: Vec<(RecordKey, Option<String>, Option<String>)>,
    pub unprocessed: Vec<RecordKey>,
}

/// Reads an answer `walk::write_output` accepted (so every echoed record has its required
/// members).
pub(crate) fn read_answer(body: &Value<'_>) -> BatchAnswer {
    let list = |i: usize| -> &[Value<'_>] {
        match BATCH_METER_USAGE_RESULT
            .members
            .get(i)
            .and_then(|m| walk::member(body, m, Naming::Wire))
        {
            Some(Value::Array(items)) => items,
            _ => &[],
        }
    };
    fn field<'v, 'a>(v: &'v Value<'a>, i: usize) -> Option<&'v Value<'a>> {
        USAGE_RECORD_RESULT
            .members
            .get(i)
            .and_then(|m| walk::member(v, m, Naming::Wire))
    }
    let mut answer = BatchAnswer::default();
    for r in list(result::RESULTS) {
        let key = field(r, usage_record_result::USAGE_RECORD)
            .and_then(|u| RecordKey::of(u, Naming::Wire));
        if let Some(key) = key {
            let text = |i| field(r, i).and_then(Value::as_str).map(|s| s.into_owned());
            answer.results.push((
                key,
                text(usage_record_result::STATUS),
                text(usage_record_result::METERING_RECORD_ID),
            ));
        }
    }
    for u in list(result::UNPROCESSED_RECORDS) {
        if let Some(key) = RecordKey::of(u, Naming::Wire) {
            answer.unprocessed.push(key);
        }
    }
    answer
}
