//! The serde boundary of the serde-boundary experiment (experiments/serde-boundary/README.md):
//! the model's inputs and outputs as serde types generated from the model ([`types`]), crossing
//! from JS with `serde_wasm_bindgen::from_value` and back with `to_value`, validated against
//! the same generated constraint tables as the product, with paths built while walking the
//! typed values. Copied into `src/serde_model/` of a copy of the crate by build.sh; never part
//! of the product.
//!
//! What serde and serde-wasm-bindgen give no path for — a wrong type, a missing member — is
//! reported on `input` with serde's own message. Dates deserialize as any JS value (through
//! `serde_wasm_bindgen::preserve`) and are checked in `validate`, so a bad Date has its path.

use alloc::string::String;

use serde::de::{Deserialize, Deserializer, Error as _};

use crate::json::Value;
use crate::model::schema::{IntegerShape, ListShape, StringShape};
use crate::model::walk::{self, TopList};
use crate::model::{Operation, Path, ValidationError};

#[cfg(target_arch = "wasm32")]
pub mod js;
pub mod types;
mod value_de;

use types::output;

/// A generated input type: what the boundary does with it after `from_value`.
#[cfg(target_arch = "wasm32")]
pub(crate) trait Input: serde::de::DeserializeOwned {
    /// Every constraint of the model, at the member's path as the caller wrote it.
    fn validate(&self, path: &Path<'_>, top: TopList) -> Result<(), ValidationError>;
    /// The awsJson1_1 body of a value `validate` accepted; `token` fills an absent
    /// idempotency token.
    fn write_wire(&self, out: &mut String, token: Option<&str>);
    /// Refuses members the type does not have, at their path (before `from_value`).
    #[cfg(feature = "members")]
    fn check_members(value: &wasm_bindgen::JsValue, path: &Path<'_>)
        -> Result<(), ValidationError>;
}

/// The largest instant a JS `Date` can hold: 8.64e15 ms either side of 1970.
const MAX_DATE_MILLIS: f64 = 8.64e15;

pub(crate) fn check_string(
    shape: &StringShape,
    s: &str,
    path: &Path<'_>,
) -> Result<(), ValidationError> {
    walk::check_string(shape, s, path)
}

pub(crate) fn check_integer(
    shape: &IntegerShape,
    n: i32,
    path: &Path<'_>,
) -> Result<(), ValidationError> {
    let n = i64::from(n);
    if n < shape.min || n > shape.max {
        let mut rule = String::from("must be an integer from ");
        crate::json::write_i64(&mut rule, shape.min);
        rule.push_str(" to ");
        crate::json::write_i64(&mut rule, shape.max);
        return Err(ValidationError::at(path, rule));
    }
    Ok(())
}

pub(crate) fn check_list(
    shape: &ListShape,
    n: usize,
    path: &Path<'_>,
    top: TopList,
) -> Result<(), ValidationError> {
    let n = n as u64;
    if n < u64::from(shape.min) || (top == TopList::Bounded && n > u64::from(shape.max)) {
        return Err(ValidationError::at(
            path,
            walk::count_rule(shape.min, shape.max, "items"),
        ));
    }
    Ok(())
}

pub(crate) fn check_date(date: &JsDate, path: &Path<'_>) -> Result<(), ValidationError> {
    match date.millis {
        Some(ms) if ms.is_finite() && ms.abs() <= MAX_DATE_MILLIS => Ok(()),
        Some(_) => Err(ValidationError::at(path, "must be a valid Date")),
        None => Err(ValidationError::at(path, "must be a Date")),
    }
}

/// A timestamp member of an input: any JS value, kept as the `Date`'s time when it is one
/// (`None` otherwise), so that `validate` can refuse it with its path.
#[derive(Clone, Copy, Debug)]
pub struct JsDate {
    millis: Option<f64>,
}

impl JsDate {
    /// Epoch seconds, floored (as the product sends them: a record never moves into the next
    /// hour). Only called on a value `check_date` accepted.
    pub fn epoch_seconds(&self) -> i64 {
        (self.millis.unwrap_or(0.0) as i64).div_euclid(1000)
    }
}

#[cfg(target_arch = "wasm32")]
impl<'de> Deserialize<'de> for JsDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value: wasm_bindgen::JsValue = serde_wasm_bindgen::preserve::deserialize(d)?;
        Ok(JsDate {
            millis: js::date_millis(&value),
        })
    }
}

/// A timestamp of an output: epoch seconds on the wire, a `Date` in JS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WireDate {
    pub millis: i64,
}

impl<'de> Deserialize<'de> for WireDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let secs = f64::deserialize(d)?;
        let millis = crate::num::round(secs * 1000.0);
        if millis.is_nan() || millis.abs() > MAX_DATE_MILLIS {
            return Err(D::Error::custom(
                "expected epoch seconds within the JS Date range",
            ));
        }
        Ok(WireDate {
            millis: millis as i64,
        })
    }
}

#[cfg(target_arch = "wasm32")]
impl serde::Serialize for WireDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(self.millis as f64));
        serde_wasm_bindgen::preserve::serialize(&date, s)
    }
}

/// An operation's output, read from its 2xx body.
#[derive(Debug, PartialEq, Eq)]
pub enum TypedOutput {
    BatchMeterUsage(output::BatchMeterUsageResult),
    MeterUsage(output::MeterUsageResult),
    RegisterUsage(output::RegisterUsageResult),
    ResolveCustomer(output::ResolveCustomerResult),
}

/// The AWS SDK's `$metadata`, as the product writes it.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(target_arch = "wasm32", derive(serde::Serialize))]
#[cfg_attr(target_arch = "wasm32", serde(rename_all = "camelCase"))]
pub struct Metadata {
    #[cfg_attr(target_arch = "wasm32", serde(skip_serializing_if = "Option::is_none"))]
    pub http_status_code: Option<u16>,
    #[cfg_attr(target_arch = "wasm32", serde(skip_serializing_if = "Option::is_none"))]
    pub request_id: Option<String>,
    pub attempts: u32,
    pub total_retry_delay: u64,
}

/// The output of `op` from its parsed 2xx body, or why it does not fit (serde's message).
pub fn read_output(op: Operation, body: &Value<'_>) -> Result<TypedOutput, String> {
    let de = value_de::De(body);
    let read = match op {
        Operation::BatchMeterUsage => {
            Deserialize::deserialize(de).map(TypedOutput::BatchMeterUsage)
        }
        Operation::MeterUsage => Deserialize::deserialize(de).map(TypedOutput::MeterUsage),
        Operation::RegisterUsage => Deserialize::deserialize(de).map(TypedOutput::RegisterUsage),
        Operation::ResolveCustomer => {
            Deserialize::deserialize(de).map(TypedOutput::ResolveCustomer)
        }
    };
    read.map_err(|e| e.0)
}
