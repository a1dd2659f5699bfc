//! The JS side of the model: inputs arrive as `JSON.stringify` text with the camelCase names
//! of the JS API (`Date`s as `{"$date": ms}`, `{"$date": null}` for an invalid Date); outputs
//! leave the same way, for the wasm layer to revive.
//!
//! Unknown members are refused: a misspelt `quantitiy` would otherwise meter 0 without a word.
//! `null` for an optional member counts as absent, like `undefined`.

use crate::json::{self, write_array, Value};

use super::validate::{IntRange, PUBLIC_KEY_VERSION, QUANTITY};
use super::wire::{ObjectWriter, MAX_DATE_MILLIS};
use super::{
    BatchMeterUsageInput, BatchMeterUsageOutput, Input, MeterUsageInput, MeterUsageOutput,
    Operation, Output, Path, RegisterUsageInput, RegisterUsageOutput, ResolveCustomerInput,
    ResolveCustomerOutput, Tag, Timestamp, UsageAllocation, UsageRecord, UsageRecordResult,
    ValidationError,
};

type Result<T> = core::result::Result<T, ValidationError>;

/// Unknown member names are echoed in the error (they are names, not values) but cut short.
const MAX_NAME_SHOWN: usize = 64;

fn type_error(path: &Path<'_>, expected: &str, got: &Value) -> ValidationError {
    ValidationError::at(path, format!("must be {expected}, not {}", got.type_name()))
}

/// The members of object `v` by position in `names`; `null` members are absent, and any name
/// not in `names` is an error at that member.
fn members<'v, const N: usize>(
    v: &'v Value,
    path: &Path<'_>,
    names: [&'static str; N],
) -> Result<[Option<&'v Value>; N]> {
    let Value::Object(list) = v else {
        return Err(type_error(path, "an object", v));
    };
    let mut slots = [None; N];
    for (name, value) in list {
        let slot = names
            .iter()
            .position(|known| known == name)
            .and_then(|i| slots.get_mut(i));
        match slot {
            // A repeated name keeps the last value, as `JSON.parse` does.
            Some(slot) => *slot = Some(value).filter(|v| !matches!(v, Value::Null)),
            None => {
                let shown: String = name.chars().take(MAX_NAME_SHOWN).collect();
                return Err(ValidationError::at(
                    &path.member(&shown),
                    "is not a known member (check its spelling)",
                ));
            }
        }
    }
    Ok(slots)
}

fn required<'v>(slot: Option<&'v Value>, path: &Path<'_>) -> Result<&'v Value> {
    slot.ok_or_else(|| ValidationError::at(path, "is required"))
}

fn string(v: &Value, path: &Path<'_>) -> Result<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(type_error(path, "a string", v)),
    }
}

fn integer(v: &Value, range: IntRange, path: &Path<'_>) -> Result<i32> {
    let Value::Number(n) = *v else {
        return Err(type_error(path, "an integer", v));
    };
    if n.fract() != 0.0 {
        return Err(ValidationError::at(path, "must be an integer"));
    }
    // Checked as a float first, so a huge number never reaches a saturating cast.
    if !(range.min as f64..=range.max as f64).contains(&n) {
        return Err(range.error(path));
    }
    i32::try_from(n as i64).map_err(|_| range.error(path))
}

fn boolean(v: &Value, path: &Path<'_>) -> Result<bool> {
    match v {
        Value::Bool(b) => Ok(*b),
        _ => Err(type_error(path, "a boolean", v)),
    }
}

/// `{"$date": ms}`. Seconds on the wire are `floor(ms / 1000)`, see [`Timestamp`].
fn date(v: &Value, path: &Path<'_>) -> Result<Timestamp> {
    let inner = match v {
        Value::Object(list) => match list.as_slice() {
            [(name, inner)] if name == "$date" => inner,
            _ => return Err(ValidationError::at(path, "must be a Date")),
        },
        _ => return Err(type_error(path, "a Date", v)),
    };
    match inner {
        Value::Number(ms) if ms.abs() <= MAX_DATE_MILLIS => {
            Ok(Timestamp::from_epoch_millis(ms.floor() as i64))
        }
        _ => Err(ValidationError::at(path, "must be a valid Date")),
    }
}

fn list<'v>(v: &'v Value, path: &Path<'_>) -> Result<&'v [Value]> {
    match v {
        Value::Array(items) => Ok(items),
        _ => Err(type_error(path, "an array", v)),
    }
}

fn vec_of<T>(
    v: &Value,
    path: &Path<'_>,
    item: fn(&Value, &Path<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    list(v, path)?
        .iter()
        .enumerate()
        .map(|(i, v)| item(v, &path.index(i)))
        .collect()
}

fn opt<T>(
    slot: Option<&Value>,
    path: &Path<'_>,
    name: &str,
    read: impl FnOnce(&Value, &Path<'_>) -> Result<T>,
) -> Result<Option<T>> {
    slot.map(|v| read(v, &path.member(name))).transpose()
}

fn req<T>(
    slot: Option<&Value>,
    path: &Path<'_>,
    name: &str,
    read: impl FnOnce(&Value, &Path<'_>) -> Result<T>,
) -> Result<T> {
    let at = path.member(name);
    read(required(slot, &at)?, &at)
}

fn tag(v: &Value, path: &Path<'_>) -> Result<Tag> {
    let [key, value] = members(v, path, ["key", "value"])?;
    Ok(Tag {
        key: req(key, path, "key", string)?,
        value: req(value, path, "value", string)?,
    })
}

fn quantity(v: &Value, path: &Path<'_>) -> Result<i32> {
    integer(v, QUANTITY, path)
}

fn allocation(v: &Value, path: &Path<'_>) -> Result<UsageAllocation> {
    let [quantity_slot, tags] = members(v, path, ["allocatedUsageQuantity", "tags"])?;
    Ok(UsageAllocation {
        allocated_usage_quantity: req(quantity_slot, path, "allocatedUsageQuantity", quantity)?,
        tags: opt(tags, path, "tags", |v, p| vec_of(v, p, tag))?,
    })
}

fn allocations(v: &Value, path: &Path<'_>) -> Result<Vec<UsageAllocation>> {
    vec_of(v, path, allocation)
}

fn usage_record(v: &Value, path: &Path<'_>) -> Result<UsageRecord> {
    let [timestamp, customer_identifier, dimension, quantity_slot, usage_allocations, customer_aws_account_id, license_arn] =
        members(
            v,
            path,
            [
                "timestamp",
                "customerIdentifier",
                "dimension",
                "quantity",
                "usageAllocations",
                "customerAWSAccountId",
                "licenseArn",
            ],
        )?;
    Ok(UsageRecord {
        timestamp: req(timestamp, path, "timestamp", date)?,
        customer_identifier: opt(customer_identifier, path, "customerIdentifier", string)?,
        dimension: req(dimension, path, "dimension", string)?,
        quantity: opt(quantity_slot, path, "quantity", quantity)?,
        usage_allocations: opt(usage_allocations, path, "usageAllocations", allocations)?,
        customer_aws_account_id: opt(
            customer_aws_account_id,
            path,
            "customerAWSAccountId",
            string,
        )?,
        license_arn: opt(license_arn, path, "licenseArn", string)?,
    })
}

fn batch_shape(v: &Value) -> Result<BatchMeterUsageInput> {
    let root = Path::Root;
    let [product_code, usage_records] = members(v, &root, ["productCode", "usageRecords"])?;
    Ok(BatchMeterUsageInput {
        usage_records: req(usage_records, &root, "usageRecords", |v, p| {
            vec_of(v, p, usage_record)
        })?,
        product_code: opt(product_code, &root, "productCode", string)?,
    })
}

/// `batchMeterUsage({ productCode?, usageRecords })`, shape-checked then validated.
pub fn batch_meter_usage_from_js(v: &Value) -> Result<BatchMeterUsageInput> {
    let input = batch_shape(v)?;
    input.validate()?;
    Ok(input)
}

/// `meterUsageRecords({ productCode?, usageRecords })`: the same shape with any number of
/// records; each record is validated, the split into calls comes later.
pub fn usage_records_from_js(v: &Value) -> Result<BatchMeterUsageInput> {
    let input = batch_shape(v)?;
    input.validate_records()?;
    Ok(input)
}

/// `meterUsage({ productCode, timestamp, usageDimension, usageQuantity?, dryRun?,
/// usageAllocations?, clientToken? })`. A missing `clientToken` stays `None`.
pub fn meter_usage_from_js(v: &Value) -> Result<MeterUsageInput> {
    let root = Path::Root;
    let [product_code, timestamp, usage_dimension, usage_quantity, dry_run, usage_allocations, client_token] =
        members(
            v,
            &root,
            [
                "productCode",
                "timestamp",
                "usageDimension",
                "usageQuantity",
                "dryRun",
                "usageAllocations",
                "clientToken",
            ],
        )?;
    let input = MeterUsageInput {
        product_code: req(product_code, &root, "productCode", string)?,
        timestamp: req(timestamp, &root, "timestamp", date)?,
        usage_dimension: req(usage_dimension, &root, "usageDimension", string)?,
        usage_quantity: opt(usage_quantity, &root, "usageQuantity", quantity)?,
        dry_run: opt(dry_run, &root, "dryRun", boolean)?,
        usage_allocations: opt(usage_allocations, &root, "usageAllocations", allocations)?,
        client_token: opt(client_token, &root, "clientToken", string)?,
    };
    input.validate()?;
    Ok(input)
}

/// `registerUsage({ productCode, publicKeyVersion, nonce? })`.
pub fn register_usage_from_js(v: &Value) -> Result<RegisterUsageInput> {
    let root = Path::Root;
    let [product_code, public_key_version, nonce] =
        members(v, &root, ["productCode", "publicKeyVersion", "nonce"])?;
    let input = RegisterUsageInput {
        product_code: req(product_code, &root, "productCode", string)?,
        public_key_version: req(public_key_version, &root, "publicKeyVersion", |v, p| {
            integer(v, PUBLIC_KEY_VERSION, p)
        })?,
        nonce: opt(nonce, &root, "nonce", string)?,
    };
    input.validate()?;
    Ok(input)
}

/// `resolveCustomer({ registrationToken })`.
pub fn resolve_customer_from_js(v: &Value) -> Result<ResolveCustomerInput> {
    let root = Path::Root;
    let [registration_token] = members(v, &root, ["registrationToken"])?;
    let input = ResolveCustomerInput {
        registration_token: req(registration_token, &root, "registrationToken", string)?,
    };
    input.validate()?;
    Ok(input)
}

/// Any operation's input from its parsed JS JSON.
pub fn input_from_js(op: Operation, v: &Value) -> Result<Input> {
    Ok(match op {
        Operation::BatchMeterUsage => Input::BatchMeterUsage(batch_meter_usage_from_js(v)?),
        Operation::MeterUsage => Input::MeterUsage(meter_usage_from_js(v)?),
        Operation::RegisterUsage => Input::RegisterUsage(register_usage_from_js(v)?),
        Operation::ResolveCustomer => Input::ResolveCustomer(resolve_customer_from_js(v)?),
    })
}

/// Any operation's input from the `JSON.stringify` text the wasm layer hands over. The only
/// way such text fails to parse is a string holding a lone UTF-16 surrogate (which
/// `JSON.stringify` escapes as `\udXXX`): it has no UTF-8 form, so it cannot be sent.
pub fn input_from_js_text(op: Operation, text: &[u8]) -> Result<Input> {
    input_from_js(op, &parse_js_text(text)?)
}

/// [`usage_records_from_js`] from `JSON.stringify` text.
pub fn usage_records_from_js_text(text: &[u8]) -> Result<BatchMeterUsageInput> {
    usage_records_from_js(&parse_js_text(text)?)
}

fn parse_js_text(text: &[u8]) -> Result<Value> {
    json::parse(text).map_err(|e| {
        ValidationError::at(
            &Path::Root,
            if e.reason == "lone surrogate in string" {
                "holds a string with a lone UTF-16 surrogate, which cannot be sent"
            } else {
                "is not valid JSON"
            },
        )
    })
}

fn write_date(out: &mut String, t: Timestamp) {
    let mut o = ObjectWriter::open(out);
    o.int("$date", t.epoch_millis());
    o.close();
}

fn write_tag(out: &mut String, tag: &Tag) {
    let mut o = ObjectWriter::open(out);
    o.string("key", &tag.key);
    o.string("value", &tag.value);
    o.close();
}

fn write_allocation(out: &mut String, a: &UsageAllocation) {
    let mut o = ObjectWriter::open(out);
    o.int(
        "allocatedUsageQuantity",
        i64::from(a.allocated_usage_quantity),
    );
    if let Some(tags) = &a.tags {
        write_array(o.key("tags"), tags, write_tag);
    }
    o.close();
}

fn write_usage_record(out: &mut String, r: &UsageRecord) {
    let mut o = ObjectWriter::open(out);
    write_date(o.key("timestamp"), r.timestamp);
    o.opt_string("customerIdentifier", r.customer_identifier.as_deref());
    o.string("dimension", &r.dimension);
    if let Some(q) = r.quantity {
        o.int("quantity", i64::from(q));
    }
    if let Some(list) = &r.usage_allocations {
        write_array(o.key("usageAllocations"), list, write_allocation);
    }
    o.opt_string("customerAWSAccountId", r.customer_aws_account_id.as_deref());
    o.opt_string("licenseArn", r.license_arn.as_deref());
    o.close();
}

fn write_result(out: &mut String, r: &UsageRecordResult) {
    let mut o = ObjectWriter::open(out);
    if let Some(record) = &r.usage_record {
        write_usage_record(o.key("usageRecord"), record);
    }
    o.opt_string("meteringRecordId", r.metering_record_id.as_deref());
    o.opt_string("status", r.status.as_ref().map(|s| s.as_str()));
    o.close();
}

fn batch_meter_usage_to_js(out: &mut String, v: &BatchMeterUsageOutput) {
    let mut o = ObjectWriter::open(out);
    write_array(o.key("results"), &v.results, write_result);
    write_array(
        o.key("unprocessedRecords"),
        &v.unprocessed_records,
        write_usage_record,
    );
    o.close();
}

fn meter_usage_to_js(out: &mut String, v: &MeterUsageOutput) {
    let mut o = ObjectWriter::open(out);
    o.opt_string("meteringRecordId", v.metering_record_id.as_deref());
    o.close();
}

fn register_usage_to_js(out: &mut String, v: &RegisterUsageOutput) {
    let mut o = ObjectWriter::open(out);
    o.opt_string("signature", v.signature.as_deref());
    if let Some(t) = v.public_key_rotation_timestamp {
        write_date(o.key("publicKeyRotationTimestamp"), t);
    }
    o.close();
}

fn resolve_customer_to_js(out: &mut String, v: &ResolveCustomerOutput) {
    let mut o = ObjectWriter::open(out);
    o.opt_string("customerIdentifier", v.customer_identifier.as_deref());
    o.opt_string("productCode", v.product_code.as_deref());
    o.opt_string("customerAWSAccountId", v.customer_aws_account_id.as_deref());
    o.opt_string("licenseArn", v.license_arn.as_deref());
    o.close();
}

impl Output {
    /// The camelCase JSON text the JS API returns; absent members are left out (`undefined`),
    /// timestamps are `{"$date": ms}`.
    pub fn to_js(&self) -> String {
        let mut out = String::with_capacity(128);
        match self {
            Output::BatchMeterUsage(v) => batch_meter_usage_to_js(&mut out, v),
            Output::MeterUsage(v) => meter_usage_to_js(&mut out, v),
            Output::RegisterUsage(v) => register_usage_to_js(&mut out, v),
            Output::ResolveCustomer(v) => resolve_customer_to_js(&mut out, v),
        }
        out
    }
}
