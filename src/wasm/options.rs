//! Reading options off JS objects: each option is read once through `Reflect` (which cannot
//! throw through wasm) as an [`Opt`], in the order the core's rules (`crate::options`) ask for
//! it. The function-valued options (`fetch`, `credentialsProvider`, `logger`) stay JS values
//! for the driver.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::bindings::{self, AbortSignal, CheckedDate, CheckedSignal};
use super::errors::{invalid, js_error, NONE};
use crate::options::{self as rules, Built, Opt, Refused, Source, CREDENTIAL_MEMBERS};

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A JS value as the core's rules see it.
fn opt(value: &JsValue) -> Opt {
    if value.is_undefined() || value.is_null() {
        Opt::Absent
    } else if let Some(s) = value.as_string() {
        Opt::Str(s)
    } else if let Some(n) = value.as_f64() {
        Opt::Num(n)
    } else if let Some(b) = value.as_bool() {
        Opt::Bool(b)
    } else if value.is_function() {
        Opt::Function
    } else if value.is_instance_of::<js_sys::Date>() {
        // Through a `getTime` that catches: an object that only pretends to be a Date throws.
        let time = value.unchecked_ref::<CheckedDate>().get_time();
        Opt::Date(time.unwrap_or(f64::NAN))
    } else if value.is_object() {
        Opt::Object
    } else {
        Opt::Other
    }
}

fn read(options: &JsValue, key: &str) -> Opt {
    opt(&get(options, key))
}

/// `{ accessKeyId, secretAccessKey, sessionToken?, expiration? }`'s members, if an object.
pub(crate) fn credentials(value: &JsValue) -> Option<[Opt; 4]> {
    value
        .is_object()
        .then(|| CREDENTIAL_MEMBERS.map(|key| read(value, key)))
}

/// A client's options object, keeping the function-valued options it read.
pub(crate) struct Reader<'a> {
    options: &'a JsValue,
    /// `fetch`, `logger`, `credentialsProvider` and `credentials`, once read.
    kept: [JsValue; 4],
}

const KEPT: [&str; 4] = ["fetch", "logger", "credentialsProvider", "credentials"];

impl Source for Reader<'_> {
    fn is_object(&self) -> bool {
        self.options.is_object()
    }

    fn get(&mut self, key: &'static str) -> Opt {
        let value = get(self.options, key);
        let opt = opt(&value);
        if let Some(slot) = KEPT.iter().zip(&mut self.kept).find(|(k, _)| **k == key) {
            *slot.1 = value;
        }
        opt
    }

    fn credentials(&mut self) -> Option<[Opt; 4]> {
        credentials(&self.kept[3])
    }
}

impl<'a> Reader<'a> {
    pub(crate) fn new(options: &'a JsValue) -> Self {
        let kept = [JsValue::UNDEFINED; 4];
        Reader { options, kept }
    }

    /// The I/O the client `built` keeps: the function-valued options its rules accepted.
    pub(crate) fn io(self, built: &Built) -> bindings::Io {
        let [fetch, logger, provider, _] = self.kept;
        let keep = |v: JsValue, keep: bool| if keep { v } else { JsValue::UNDEFINED };
        let settings = built.client.settings();
        bindings::Io::new(
            keep(fetch, built.fetch),
            keep(provider, built.client.has_provider()),
            keep(logger, settings.logging),
            settings.request_timeout_ms,
        )
    }
}

/// A call's `abortSignal`, if its options have one.
pub(crate) fn signal(options: &JsValue) -> Result<JsValue, JsValue> {
    if matches!(opt(options), Opt::Absent) {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(invalid("options", "must be an object { abortSignal? }"));
    }
    let signal = get(options, "abortSignal");
    // An object that only inherits from AbortSignal.prototype throws at `aborted`.
    let real = || {
        signal.is_instance_of::<AbortSignal>()
            && signal.unchecked_ref::<CheckedSignal>().aborted().is_ok()
    };
    if matches!(opt(&signal), Opt::Absent) || real() {
        Ok(signal)
    } else {
        Err(invalid("abortSignal", "must be an AbortSignal"))
    }
}

/// `meterUsageRecords`'s `concurrency`.
pub(crate) fn concurrency(options: &JsValue) -> Result<u32, JsValue> {
    rules::concurrency(read(options, "concurrency"))
        .map_err(|e| js_error(&Refused::from(e).into(), &NONE))
}
