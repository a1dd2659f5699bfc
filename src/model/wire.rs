//! The awsJson1_1 bodies: inputs written with the model's PascalCase member names in model
//! order, outputs read back leniently (unknown members ignored, `null` = absent), as the AWS
//! SDKs read them. Timestamps are epoch seconds on the wire (no `timestampFormat` trait).
//!
//! This is the one place that knows the wire names.

use crate::json::{self, write_array, Value};

use super::{
    BatchMeterUsageInput, BatchMeterUsageOutput, Input, MeterUsageInput, MeterUsageOutput, Path,
    RegisterUsageInput, RegisterUsageOutput, ResolveCustomerInput, ResolveCustomerOutput, Tag,
    Timestamp, UsageAllocation, UsageRecord, UsageRecordResult, UsageRecordResultStatus,
};

/// Writes one JSON object member by member; names are trusted ASCII constants, so they are
/// written without escaping.
pub(crate) struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    pub(crate) fn open(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, empty: true }
    }

    /// Writes `"name":` and hands back the buffer for the value.
    pub(crate) fn key(&mut self, name: &str) -> &mut String {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
        self.out
    }

    pub(crate) fn string(&mut self, name: &str, value: &str) {
        json::write_string(self.key(name), value);
    }

    pub(crate) fn opt_string(&mut self, name: &str, value: Option<&str>) {
        if let Some(v) = value {
            self.string(name, v);
        }
    }

    pub(crate) fn int(&mut self, name: &str, value: i64) {
        json::write_i64(self.key(name), value);
    }

    pub(crate) fn close(self) {
        self.out.push('}');
    }
}

/// A Smithy `default ""` member: empty is the same as absent and is left out, so a
/// LicenseArn integration never sends `"ProductCode": ""`.
fn non_default(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|s| !s.is_empty())
}

fn write_tag(out: &mut String, tag: &Tag) {
    let mut o = ObjectWriter::open(out);
    o.string("Key", &tag.key);
    o.string("Value", &tag.value);
    o.close();
}

fn write_allocation(out: &mut String, allocation: &UsageAllocation) {
    let mut o = ObjectWriter::open(out);
    o.int(
        "AllocatedUsageQuantity",
        i64::from(allocation.allocated_usage_quantity),
    );
    if let Some(tags) = &allocation.tags {
        write_array(o.key("Tags"), tags, write_tag);
    }
    o.close();
}

pub(crate) fn write_usage_record(out: &mut String, record: &UsageRecord) {
    let mut o = ObjectWriter::open(out);
    o.int("Timestamp", record.timestamp.epoch_seconds());
    o.opt_string(
        "CustomerIdentifier",
        non_default(&record.customer_identifier),
    );
    o.string("Dimension", &record.dimension);
    if let Some(q) = record.quantity {
        o.int("Quantity", i64::from(q));
    }
    if let Some(list) = &record.usage_allocations {
        write_array(o.key("UsageAllocations"), list, write_allocation);
    }
    o.opt_string(
        "CustomerAWSAccountId",
        record.customer_aws_account_id.as_deref(),
    );
    o.opt_string("LicenseArn", record.license_arn.as_deref());
    o.close();
}

pub(crate) fn batch_meter_usage_body(input: &BatchMeterUsageInput) -> String {
    let mut out = String::with_capacity(64 + 160 * input.usage_records.len());
    let mut o = ObjectWriter::open(&mut out);
    write_array(
        o.key("UsageRecords"),
        &input.usage_records,
        write_usage_record,
    );
    o.opt_string("ProductCode", non_default(&input.product_code));
    o.close();
    out
}

/// A bound the serialized BatchMeterUsage body never exceeds, without serializing it: every
/// string byte escapes to at most 6 bytes (`\u00XX`), and each object's names, punctuation
/// and numbers fit in a fixed allowance. Lets validation skip writing the body a second time
/// just to learn that it is far below the 1 MB limit.
pub(crate) fn batch_meter_usage_body_bound(input: &BatchMeterUsageInput) -> usize {
    const ESCAPED: usize = 6;
    // `{"UsageRecords":[],"ProductCode":""}` and the like, rounded up generously.
    const ENVELOPE: usize = 64;
    // Member names, quotes, commas and two integers of a record (its strings aside).
    const RECORD: usize = 192;
    // `{"AllocatedUsageQuantity":-2147483648,"Tags":[]},` rounded up.
    const ALLOCATION: usize = 64;
    // `{"Key":"","Value":""},`
    const TAG: usize = 32;
    let text = |s: &Option<String>| s.as_ref().map_or(0, String::len).saturating_mul(ESCAPED);
    let mut bound = ENVELOPE.saturating_add(text(&input.product_code));
    for record in &input.usage_records {
        bound = bound
            .saturating_add(RECORD)
            .saturating_add(record.dimension.len().saturating_mul(ESCAPED))
            .saturating_add(text(&record.customer_identifier))
            .saturating_add(text(&record.customer_aws_account_id))
            .saturating_add(text(&record.license_arn));
        for allocation in record.usage_allocations.iter().flatten() {
            bound = bound.saturating_add(ALLOCATION);
            for tag in allocation.tags.iter().flatten() {
                let chars = tag.key.len().saturating_add(tag.value.len());
                bound = bound
                    .saturating_add(TAG)
                    .saturating_add(chars.saturating_mul(ESCAPED));
            }
        }
    }
    bound
}

fn meter_usage_body(input: &MeterUsageInput) -> String {
    let mut out = String::with_capacity(256);
    let mut o = ObjectWriter::open(&mut out);
    o.string("ProductCode", &input.product_code);
    o.int("Timestamp", input.timestamp.epoch_seconds());
    o.string("UsageDimension", &input.usage_dimension);
    if let Some(q) = input.usage_quantity {
        o.int("UsageQuantity", i64::from(q));
    }
    if let Some(dry_run) = input.dry_run {
        o.key("DryRun")
            .push_str(if dry_run { "true" } else { "false" });
    }
    if let Some(list) = &input.usage_allocations {
        write_array(o.key("UsageAllocations"), list, write_allocation);
    }
    o.opt_string("ClientToken", input.client_token.as_deref());
    o.close();
    out
}

fn register_usage_body(input: &RegisterUsageInput) -> String {
    let mut out = String::with_capacity(128);
    let mut o = ObjectWriter::open(&mut out);
    o.string("ProductCode", &input.product_code);
    o.int("PublicKeyVersion", i64::from(input.public_key_version));
    o.opt_string("Nonce", input.nonce.as_deref());
    o.close();
    out
}

fn resolve_customer_body(input: &ResolveCustomerInput) -> String {
    let mut out = String::with_capacity(32 + input.registration_token.len());
    let mut o = ObjectWriter::open(&mut out);
    o.string("RegistrationToken", &input.registration_token);
    o.close();
    out
}

/// The request body of any operation.
pub fn body(input: &Input) -> String {
    match input {
        Input::BatchMeterUsage(i) => batch_meter_usage_body(i),
        Input::MeterUsage(i) => meter_usage_body(i),
        Input::RegisterUsage(i) => register_usage_body(i),
        Input::ResolveCustomer(i) => resolve_customer_body(i),
    }
}

/// Why a 2xx body does not fit the output shape: the wire path and what was expected there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError {
    pub path: String,
    pub expected: &'static str,
}

fn wrong(path: &Path<'_>, expected: &'static str) -> WireError {
    let mut rendered = path.render();
    if rendered.is_empty() {
        rendered.push_str("body");
    }
    WireError {
        path: rendered,
        expected,
    }
}

/// A member, `None` when absent or `null`.
fn member<'v>(object: &'v Value, name: &str) -> Option<&'v Value> {
    object.get(name).filter(|v| !matches!(v, Value::Null))
}

fn object<'v>(v: &'v Value, path: &Path<'_>) -> Result<&'v Value, WireError> {
    match v {
        Value::Object(_) => Ok(v),
        _ => Err(wrong(path, "an object")),
    }
}

fn opt_string(obj: &Value, name: &str, path: &Path<'_>) -> Result<Option<String>, WireError> {
    match member(obj, name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(wrong(&path.member(name), "a string")),
    }
}

fn opt_i32(obj: &Value, name: &str, path: &Path<'_>) -> Result<Option<i32>, WireError> {
    match member(obj, name) {
        None => Ok(None),
        Some(Value::Number(n))
            if n.fract() == 0.0 && (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(n) =>
        {
            Ok(Some(*n as i32))
        }
        Some(_) => Err(wrong(&path.member(name), "a 32-bit integer")),
    }
}

/// The largest instant a JS `Date` can hold: 8.64e15 ms either side of 1970.
pub(crate) const MAX_DATE_MILLIS: f64 = 8.64e15;

/// Epoch seconds, integer or fractional, to millis (the JS `Date` resolution).
fn opt_timestamp(obj: &Value, name: &str, path: &Path<'_>) -> Result<Option<Timestamp>, WireError> {
    match member(obj, name) {
        None => Ok(None),
        Some(Value::Number(secs)) => {
            let millis = (secs * 1000.0).round();
            if millis.abs() <= MAX_DATE_MILLIS {
                Ok(Some(Timestamp::from_epoch_millis(millis as i64)))
            } else {
                Err(wrong(
                    &path.member(name),
                    "epoch seconds within the JS Date range",
                ))
            }
        }
        Some(_) => Err(wrong(&path.member(name), "a number of epoch seconds")),
    }
}

/// A list member read item by item; `None` when absent or `null`.
fn opt_vec<T>(
    obj: &Value,
    name: &str,
    path: &Path<'_>,
    read: fn(&Value, &Path<'_>) -> Result<T, WireError>,
) -> Result<Option<Vec<T>>, WireError> {
    let list_path = path.member(name);
    match member(obj, name) {
        None => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| read(item, &list_path.index(i)))
            .collect::<Result<Vec<T>, _>>()
            .map(Some),
        Some(_) => Err(wrong(&list_path, "an array")),
    }
}

fn required<T>(value: Option<T>, name: &str, path: &Path<'_>) -> Result<T, WireError> {
    value.ok_or_else(|| wrong(&path.member(name), "a required member"))
}

fn read_tag(v: &Value, path: &Path<'_>) -> Result<Tag, WireError> {
    let v = object(v, path)?;
    Ok(Tag {
        key: required(opt_string(v, "Key", path)?, "Key", path)?,
        value: required(opt_string(v, "Value", path)?, "Value", path)?,
    })
}

fn read_allocation(v: &Value, path: &Path<'_>) -> Result<UsageAllocation, WireError> {
    let v = object(v, path)?;
    let allocated_usage_quantity = required(
        opt_i32(v, "AllocatedUsageQuantity", path)?,
        "AllocatedUsageQuantity",
        path,
    )?;
    let tags = opt_vec(v, "Tags", path, read_tag)?;
    Ok(UsageAllocation {
        allocated_usage_quantity,
        tags,
    })
}

/// A `UsageRecord` echoed by the service. Its required members (Timestamp, Dimension) must be
/// there: a record without them cannot be matched to what was sent.
fn read_usage_record(v: &Value, path: &Path<'_>) -> Result<UsageRecord, WireError> {
    let v = object(v, path)?;
    Ok(UsageRecord {
        timestamp: required(opt_timestamp(v, "Timestamp", path)?, "Timestamp", path)?,
        customer_identifier: opt_string(v, "CustomerIdentifier", path)?,
        dimension: required(opt_string(v, "Dimension", path)?, "Dimension", path)?,
        quantity: opt_i32(v, "Quantity", path)?,
        usage_allocations: opt_vec(v, "UsageAllocations", path, read_allocation)?,
        customer_aws_account_id: opt_string(v, "CustomerAWSAccountId", path)?,
        license_arn: opt_string(v, "LicenseArn", path)?,
    })
}

fn read_result(v: &Value, path: &Path<'_>) -> Result<UsageRecordResult, WireError> {
    let v = object(v, path)?;
    let usage_record = match member(v, "UsageRecord") {
        None => None,
        Some(record) => Some(read_usage_record(record, &path.member("UsageRecord"))?),
    };
    Ok(UsageRecordResult {
        usage_record,
        metering_record_id: opt_string(v, "MeteringRecordId", path)?,
        status: opt_string(v, "Status", path)?
            .as_deref()
            .map(UsageRecordResultStatus::from_wire),
    })
}

pub(crate) fn batch_meter_usage_output(v: &Value) -> Result<BatchMeterUsageOutput, WireError> {
    let root = Path::Root;
    let v = object(v, &root)?;
    let results = opt_vec(v, "Results", &root, read_result)?.unwrap_or_default();
    let unprocessed_records =
        opt_vec(v, "UnprocessedRecords", &root, read_usage_record)?.unwrap_or_default();
    Ok(BatchMeterUsageOutput {
        results,
        unprocessed_records,
    })
}

pub(crate) fn meter_usage_output(v: &Value) -> Result<MeterUsageOutput, WireError> {
    let root = Path::Root;
    let v = object(v, &root)?;
    Ok(MeterUsageOutput {
        metering_record_id: opt_string(v, "MeteringRecordId", &root)?,
    })
}

pub(crate) fn register_usage_output(v: &Value) -> Result<RegisterUsageOutput, WireError> {
    let root = Path::Root;
    let v = object(v, &root)?;
    Ok(RegisterUsageOutput {
        public_key_rotation_timestamp: opt_timestamp(v, "PublicKeyRotationTimestamp", &root)?,
        signature: opt_string(v, "Signature", &root)?,
    })
}

pub(crate) fn resolve_customer_output(v: &Value) -> Result<ResolveCustomerOutput, WireError> {
    let root = Path::Root;
    let v = object(v, &root)?;
    Ok(ResolveCustomerOutput {
        customer_identifier: opt_string(v, "CustomerIdentifier", &root)?,
        product_code: opt_string(v, "ProductCode", &root)?,
        customer_aws_account_id: opt_string(v, "CustomerAWSAccountId", &root)?,
        license_arn: opt_string(v, "LicenseArn", &root)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(customer_identifier: Option<&str>) -> UsageRecord {
        UsageRecord {
            timestamp: Timestamp::from_epoch_millis(1_767_225_599_600),
            customer_identifier: customer_identifier.map(str::to_owned),
            dimension: "d".into(),
            quantity: None,
            usage_allocations: None,
            customer_aws_account_id: None,
            license_arn: None,
        }
    }

    #[test]
    fn body_bound_is_never_below_the_body() {
        // The worst cases for the bound: strings of control characters (6 bytes each on the
        // wire), the longest integers, empty strings (all punctuation), and many small parts.
        let nasty = "\u{1}\"\\\n".repeat(40);
        let full = UsageRecord {
            timestamp: Timestamp::from_epoch_millis(-62_135_596_800_000),
            customer_identifier: Some(nasty.clone()),
            dimension: nasty.clone(),
            quantity: Some(i32::MIN),
            usage_allocations: Some(vec![
                UsageAllocation {
                    allocated_usage_quantity: i32::MIN,
                    tags: Some(vec![
                        Tag {
                            key: nasty.clone(),
                            value: nasty.clone()
                        };
                        5
                    ]),
                };
                50
            ]),
            customer_aws_account_id: Some(nasty.clone()),
            license_arn: Some(nasty.clone()),
        };
        let bare = UsageRecord {
            dimension: String::new(),
            usage_allocations: Some(vec![
                UsageAllocation {
                    allocated_usage_quantity: 0,
                    tags: Some(vec![])
                };
                100
            ]),
            ..record(None)
        };
        for records in [
            vec![],
            vec![full.clone(); 25],
            vec![bare; 25],
            vec![record(Some("c")); 25],
        ] {
            for product_code in [None, Some(nasty.clone())] {
                let input = BatchMeterUsageInput {
                    usage_records: records.clone(),
                    product_code,
                };
                let (bound, body) = (
                    batch_meter_usage_body_bound(&input),
                    batch_meter_usage_body(&input).len(),
                );
                assert!(bound >= body, "bound {bound} < body {body}");
            }
        }
    }

    #[test]
    fn smithy_default_empty_strings_are_not_sent() {
        let input = BatchMeterUsageInput {
            usage_records: vec![record(Some("")), record(Some("c"))],
            product_code: Some(String::new()),
        };
        assert_eq!(
            batch_meter_usage_body(&input),
            r#"{"UsageRecords":[{"Timestamp":1767225599,"Dimension":"d"},{"Timestamp":1767225599,"CustomerIdentifier":"c","Dimension":"d"}]}"#
        );
    }

    #[test]
    fn outputs_ignore_unknown_members_and_null() {
        let v = json::parse(br#"{"MeteringRecordId":null,"New":{"x":1}}"#).unwrap();
        assert_eq!(meter_usage_output(&v).unwrap(), MeterUsageOutput::default());
    }

    #[test]
    fn outputs_refuse_wrong_types_with_their_path() {
        let v = json::parse(
            br#"{"UnprocessedRecords":[{"Timestamp":1,"Dimension":"d","Quantity":1.5}]}"#,
        )
        .unwrap();
        let err = batch_meter_usage_output(&v).unwrap_err();
        assert_eq!(err.path, "UnprocessedRecords[0].Quantity");
        assert_eq!(err.expected, "a 32-bit integer");
        let v = json::parse(br#"{"Results":[{"UsageRecord":{"Timestamp":1}}]}"#).unwrap();
        let err = batch_meter_usage_output(&v).unwrap_err();
        assert_eq!(err.path, "Results[0].UsageRecord.Dimension");
        let v = json::parse(br#"{"PublicKeyRotationTimestamp":1e13}"#).unwrap();
        assert!(register_usage_output(&v).is_err(), "past the JS Date range");
    }
}
