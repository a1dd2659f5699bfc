//! Any number of usage records as BatchMeterUsage calls: split into calls of at most 25
//! records and under 1 MB each (the service's limits, in the model and the API reference),
//! and match each call's answer back to the records it carried, so every record ends in
//! exactly one place — a result or the unprocessed list.

use crate::model::validate::{ValidationError, MAX_BATCH_REQUEST_BYTES, MAX_USAGE_RECORDS};
use crate::model::wire::write_usage_record;
use crate::model::{BatchMeterUsageInput, BatchMeterUsageOutput, UsageRecord, UsageRecordResult};

/// The records (indices into the caller's list) that go together in one call.
pub type Chunk = Vec<usize>;

/// Splits `input`'s records, in order, into calls within the count and size limits. A record
/// too large to go even alone is a validation error naming it.
pub fn plan(input: &BatchMeterUsageInput) -> Result<Vec<Chunk>, ValidationError> {
    // `{"UsageRecords":[...],"ProductCode":"..."}` around the records, plus a comma each.
    let envelope = crate::model::wire::batch_meter_usage_body(&BatchMeterUsageInput {
        usage_records: Vec::new(),
        product_code: input.product_code.clone(),
    })
    .len();
    let mut chunks = Vec::new();
    let mut current: Chunk = Vec::new();
    let mut size = envelope;
    let mut scratch = String::new();
    for (i, record) in input.usage_records.iter().enumerate() {
        scratch.clear();
        write_usage_record(&mut scratch, record);
        let cost = scratch.len() + 1;
        if envelope + cost >= MAX_BATCH_REQUEST_BYTES {
            return Err(ValidationError {
                field: format!("usageRecords[{i}]"),
                rule: "is 1 MB or more on its own; the service takes less than 1 MB per request"
                    .to_owned(),
            });
        }
        if current.len() == MAX_USAGE_RECORDS || size + cost >= MAX_BATCH_REQUEST_BYTES {
            chunks.push(std::mem::take(&mut current));
            size = envelope;
        }
        current.push(i);
        size += cost;
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    Ok(chunks)
}

/// The call input for one chunk.
pub fn chunk_input(input: &BatchMeterUsageInput, chunk: &[usize]) -> BatchMeterUsageInput {
    BatchMeterUsageInput {
        usage_records: chunk
            .iter()
            .filter_map(|&i| input.usage_records.get(i).cloned())
            .collect(),
        product_code: input.product_code.clone(),
    }
}

/// Where each record of one call ended.
#[derive(Debug, Default, PartialEq)]
pub struct Reconciled {
    /// Records the service gave a final status (Success, CustomerNotSubscribed,
    /// DuplicateRecord), with that result.
    pub results: Vec<(usize, UsageRecordResult)>,
    /// Records to send again: listed as unprocessed, or (which the service should never do)
    /// not mentioned at all. Sending them again is safe: the service de-duplicates records
    /// per customer, dimension and hour.
    pub unprocessed: Vec<usize>,
}

// What identifies a record in the service's echo: the fields it de-duplicates on, plus the
// quantity (a missing quantity is 0 to the service).
fn same_record(a: &UsageRecord, b: &UsageRecord) -> bool {
    fn non_empty(s: &Option<String>) -> Option<&str> {
        s.as_deref().filter(|v| !v.is_empty())
    }
    a.timestamp.epoch_seconds() == b.timestamp.epoch_seconds()
        && a.dimension == b.dimension
        && non_empty(&a.customer_identifier) == non_empty(&b.customer_identifier)
        && non_empty(&a.customer_aws_account_id) == non_empty(&b.customer_aws_account_id)
        && non_empty(&a.license_arn) == non_empty(&b.license_arn)
        && a.quantity.unwrap_or(0) == b.quantity.unwrap_or(0)
}

/// Matches a call's answer to the records it carried (`chunk`, indices into `records`).
pub fn reconcile(
    records: &[UsageRecord],
    chunk: &[usize],
    output: &BatchMeterUsageOutput,
) -> Reconciled {
    let mut placed = vec![false; chunk.len()];
    let mut find = |echo: &UsageRecord| -> Option<usize> {
        let slot = chunk.iter().enumerate().position(|(k, &i)| {
            !placed.get(k).copied().unwrap_or(true)
                && records.get(i).is_some_and(|r| same_record(r, echo))
        })?;
        if let Some(p) = placed.get_mut(slot) {
            *p = true;
        }
        chunk.get(slot).copied()
    };
    let mut out = Reconciled::default();
    for result in &output.results {
        if let Some(i) = result.usage_record.as_ref().and_then(&mut find) {
            out.results.push((i, result.clone()));
        }
    }
    for echo in &output.unprocessed_records {
        if let Some(i) = find(echo) {
            out.unprocessed.push(i);
        }
    }
    for (k, &i) in chunk.iter().enumerate() {
        if !placed.get(k).copied().unwrap_or(true) {
            out.unprocessed.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Timestamp, UsageRecordResultStatus};

    fn record(i: usize, dimension_len: usize) -> UsageRecord {
        UsageRecord {
            timestamp: Timestamp::from_epoch_seconds(1_700_000_000),
            customer_identifier: Some(format!("cust-{i}")),
            dimension: "d".repeat(dimension_len.max(1)),
            quantity: Some(i as i32),
            usage_allocations: None,
            customer_aws_account_id: None,
            license_arn: None,
        }
    }

    fn input(records: Vec<UsageRecord>) -> BatchMeterUsageInput {
        BatchMeterUsageInput {
            usage_records: records,
            product_code: Some("prod".into()),
        }
    }

    #[test]
    fn splits_by_count_keeping_order() {
        let inp = input((0..60).map(|i| record(i, 5)).collect());
        let chunks = plan(&inp).unwrap();
        assert_eq!(
            chunks.iter().map(Vec::len).collect::<Vec<_>>(),
            vec![25, 25, 10]
        );
        assert_eq!(chunks.concat(), (0..60).collect::<Vec<_>>());
        assert!(plan(&input(vec![])).unwrap().is_empty());
    }

    #[test]
    fn splits_by_size_and_every_call_is_under_1_mb() {
        // 2500 allocations make a record of about 70 KB, so 20 of them exceed 1 MB.
        let mut records = Vec::new();
        for i in 0..20 {
            let mut r = record(i, 255);
            r.usage_allocations = Some(
                (0..2500)
                    .map(|_| crate::model::UsageAllocation {
                        allocated_usage_quantity: 1,
                        tags: None,
                    })
                    .collect(),
            );
            records.push(r);
        }
        let inp = input(records);
        let chunks = plan(&inp).unwrap();
        assert!(chunks.len() > 1, "{chunks:?}");
        assert_eq!(chunks.concat(), (0..20).collect::<Vec<_>>());
        for chunk in &chunks {
            let body = crate::model::wire::batch_meter_usage_body(&chunk_input(&inp, chunk));
            assert!(body.len() < MAX_BATCH_REQUEST_BYTES, "{} bytes", body.len());
            chunk_input(&inp, chunk).validate().unwrap();
        }
    }

    #[test]
    fn reconciles_results_unprocessed_and_silence() {
        let records: Vec<_> = (0..4).map(|i| record(i, 3)).collect();
        let chunk = vec![0, 1, 2, 3];
        let output = BatchMeterUsageOutput {
            results: vec![
                UsageRecordResult {
                    usage_record: Some(records[2].clone()),
                    metering_record_id: Some("m2".into()),
                    status: Some(UsageRecordResultStatus::Success),
                },
                UsageRecordResult {
                    usage_record: Some(records[0].clone()),
                    metering_record_id: Some("m0".into()),
                    status: Some(UsageRecordResultStatus::DuplicateRecord),
                },
                // An echo that matches nothing the call carried is ignored.
                UsageRecordResult {
                    usage_record: Some(record(9, 3)),
                    metering_record_id: None,
                    status: None,
                },
            ],
            unprocessed_records: vec![records[1].clone()],
        };
        let r = reconcile(&records, &chunk, &output);
        assert_eq!(
            r.results.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
            vec![2, 0]
        );
        assert_eq!(
            r.unprocessed,
            vec![1, 3],
            "record 3 was not mentioned: send it again"
        );
    }

    #[test]
    fn identical_records_are_each_placed_once() {
        let records = vec![record(1, 3), record(1, 3)];
        let result = UsageRecordResult {
            usage_record: Some(records[0].clone()),
            metering_record_id: Some("m".into()),
            status: Some(UsageRecordResultStatus::Success),
        };
        let output = BatchMeterUsageOutput {
            results: vec![result.clone(), result],
            unprocessed_records: vec![],
        };
        let r = reconcile(&records, &[0, 1], &output);
        assert_eq!(r.results.len(), 2);
        assert!(r.unprocessed.is_empty());
    }
}
