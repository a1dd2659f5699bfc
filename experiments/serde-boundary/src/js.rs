//! The serde boundary's JS side: inputs through `serde_wasm_bindgen::from_value`, then the
//! generated `validate` and `write_wire`; outputs through `serde_wasm_bindgen::to_value`.

use alloc::string::String;
use alloc::vec::Vec;

use js_sys::{Array, Object, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::types::input;
use super::{Input, Metadata, TypedOutput, WireDate};
use crate::batch::{RecordKey, RecordsPlan};
use crate::call::{uuid_v4, Call};
use crate::json;
use crate::model::tables::{batch_meter_usage_request, BATCH_METER_USAGE_REQUEST};
use crate::model::walk::TopList;
use crate::model::{Operation, Path, ValidationError};
use crate::sts::AssumedCredentials;

#[wasm_bindgen]
extern "C" {
    /// A `Date` seen through a binding whose `getTime` catches (an object that only inherits
    /// from `Date.prototype` throws there).
    #[wasm_bindgen(js_name = Date)]
    type CheckedDate;
    #[wasm_bindgen(catch, method, js_name = getTime)]
    fn get_time(this: &CheckedDate) -> Result<f64, JsValue>;
}

/// The time of a `Date` (NaN when it is invalid or unreadable); `None` for any other value.
pub(crate) fn date_millis(value: &JsValue) -> Option<f64> {
    if !value.is_instance_of::<js_sys::Date>() {
        return None;
    }
    Some(
        value
            .unchecked_ref::<CheckedDate>()
            .get_time()
            .unwrap_or(f64::NAN),
    )
}

/// `from_value`, its error on `input`: serde-wasm-bindgen's message names no path.
fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, ValidationError> {
    serde_wasm_bindgen::from_value(value.clone()).map_err(|e| {
        let error: JsValue = e.into();
        let message = Reflect::get(&error, &JsValue::from_str("message"))
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        ValidationError {
            field: String::from("input"),
            rule: message,
        }
    })
}

/// An input member's own value (`undefined` when absent or unreadable).
pub(crate) fn member(value: &JsValue, name: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Refuses a member of the object `value` that is not one of `fields`, at its path, with a
/// hint when it is a known member in another case. serde-wasm-bindgen reads only the fields a
/// struct names, so `deny_unknown_fields` never sees the others: this looks at the object.
#[cfg(feature = "members")]
pub(crate) fn known_members(
    value: &JsValue,
    fields: &[&str],
    path: &Path<'_>,
) -> Result<(), ValidationError> {
    let Some(object) = value.dyn_ref::<Object>() else {
        return Ok(());
    };
    for key in Object::keys(object).iter() {
        let name = key.as_string().unwrap_or_default();
        if fields.contains(&name.as_str()) {
            continue;
        }
        let shown: String = name.chars().take(64).collect();
        let rule = match fields.iter().find(|f| f.eq_ignore_ascii_case(&name)) {
            Some(near) => {
                let mut rule = String::from("is not a known member; did you mean ");
                rule.push_str(near);
                rule.push('?');
                rule
            }
            None => String::from("is not a known member (check its spelling)"),
        };
        return Err(ValidationError::at(&path.member(&shown), rule));
    }
    Ok(())
}

/// The items of a list member, for the unknown-member pass.
#[cfg(feature = "members")]
pub(crate) fn items(value: &JsValue) -> Vec<JsValue> {
    if Array::is_array(value) {
        value.unchecked_ref::<Array>().iter().collect()
    } else {
        Vec::new()
    }
}

/// An input of type `T`: its unknown members (when the `members` feature is on), then
/// `from_value`, then every constraint of the model.
fn read<T: Input>(value: &JsValue, top: TopList) -> Result<T, ValidationError> {
    #[cfg(feature = "members")]
    T::check_members(value, &Path::Root)?;
    let input: T = from_js(value)?;
    input.validate(&Path::Root, top)?;
    Ok(input)
}

/// A call for one operation's JS input.
pub(crate) fn operation_call(
    op: Operation,
    value: &JsValue,
    seed: [u8; 16],
) -> Result<Call, ValidationError> {
    let token = uuid_v4(seed);
    let mut body = String::with_capacity(256);
    let (top, token) = (TopList::Bounded, Some(token.as_str()));
    match op {
        Operation::BatchMeterUsage => {
            read::<input::BatchMeterUsageRequest>(value, top)?.write_wire(&mut body, token)
        }
        Operation::MeterUsage => {
            read::<input::MeterUsageRequest>(value, top)?.write_wire(&mut body, token)
        }
        Operation::RegisterUsage => {
            read::<input::RegisterUsageRequest>(value, top)?.write_wire(&mut body, token)
        }
        Operation::ResolveCustomer => {
            read::<input::ResolveCustomerRequest>(value, top)?.write_wire(&mut body, token)
        }
    }
    Call::metering(op, body, seed)
}

/// `meterUsageRecords`' plan: the BatchMeterUsage input with any number of records.
pub(crate) fn records_plan(
    value: &JsValue,
    max_rounds: u32,
) -> Result<RecordsPlan, ValidationError> {
    let input: input::BatchMeterUsageRequest = read(value, TopList::Unbounded)?;
    let mut tail = String::new();
    if let Some(code) = input.product_code.as_deref().filter(|c| !c.is_empty()) {
        let name = BATCH_METER_USAGE_REQUEST
            .members
            .get(batch_meter_usage_request::PRODUCT_CODE)
            .map_or("", |m| m.wire_name);
        json::write_key(&mut tail, &mut false, name);
        json::write_string(&mut tail, code);
    }
    let records = input
        .usage_records
        .iter()
        .map(|r| {
            let mut w = String::new();
            r.write_wire(&mut w, None);
            let text = |s: &Option<String>| s.clone().unwrap_or_default();
            let key = RecordKey {
                seconds: r.timestamp.epoch_seconds(),
                quantity: i64::from(r.quantity.unwrap_or(0)),
                fields: [
                    r.dimension.clone(),
                    text(&r.customer_identifier),
                    text(&r.customer_aws_account_id),
                    text(&r.license_arn),
                ],
            };
            (w, key)
        })
        .collect();
    RecordsPlan::from_wire(tail, records, max_rounds)
}

fn to_js<T: serde::Serialize>(value: &T) -> Result<JsValue, JsValue> {
    serde_wasm_bindgen::to_value(value).map_err(JsValue::from)
}

/// An operation's output for JS, with `$metadata`.
pub(crate) fn output_value(output: &TypedOutput, metadata: &Metadata) -> Result<JsValue, JsValue> {
    let value = match output {
        TypedOutput::BatchMeterUsage(o) => to_js(o)?,
        TypedOutput::MeterUsage(o) => to_js(o)?,
        TypedOutput::RegisterUsage(o) => to_js(o)?,
        TypedOutput::ResolveCustomer(o) => to_js(o)?,
    };
    Reflect::set(&value, &JsValue::from_str("$metadata"), &to_js(metadata)?)?;
    Ok(value)
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct JsCredentials<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_token: Option<&'a str>,
    expiration: WireDate,
}

/// `fromAssumeRole`'s credentials for JS.
pub(crate) fn credentials_value(c: &AssumedCredentials) -> Result<JsValue, JsValue> {
    to_js(&JsCredentials {
        access_key_id: c.credentials.access_key_id(),
        secret_access_key: c.credentials.secret_access_key(),
        session_token: c.credentials.session_token(),
        expiration: WireDate {
            millis: c.expiration_ms,
        },
    })
}
