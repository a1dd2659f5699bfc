//! Inputs crossing into the core: an operation's input as the JSON text the core validates,
//! and the caller's own record objects, which `meterUsageRecords` hands back in its results.

use alloc::string::String;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use super::bindings;
use super::errors::{invalid, js_error};
use crate::error::CallError;

/// The input as the JSON text the core reads.
pub(crate) fn text(input: &JsValue) -> Result<String, JsValue> {
    let not_object = || invalid("input", "must be an object");
    if !input.is_object() || bindings::is_array(input) {
        return Err(not_object());
    }
    match bindings::stringify(input) {
        Ok(Some(text)) => Ok(text),
        Ok(None) => Err(not_object()),
        Err(cause) => Err(js_error(
            &CallError::validation("input", "must be plain data that JSON can represent (no BigInt, cycles or throwing getters)"),
            &cause,
        )),
    }
}

/// The caller's own record objects, read once through `Reflect` (which cannot throw through
/// wasm): a list that no longer has the records that were validated (a Proxy or a getter may
/// answer differently from the text) is refused before anything is sent.
pub(crate) fn records(input: &JsValue, count: usize) -> Result<Array, JsValue> {
    let name = crate::batch::records_js_name();
    let changed = || {
        invalid(name, "must be a plain array that reads the same every time (it changed or threw while being read)")
    };
    let list = Reflect::get(input, &JsValue::from_str(name)).map_err(|_| changed())?;
    let length = Reflect::get(&list, &JsValue::from_str("length")).map_err(|_| changed())?;
    if length.as_f64() != Some(count as f64) {
        return Err(changed());
    }
    let out = Array::new();
    for i in 0..count as u32 {
        out.push(&Reflect::get_u32(&list, i).map_err(|_| changed())?);
    }
    Ok(out)
}
