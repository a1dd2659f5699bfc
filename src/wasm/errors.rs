//! Failures as the exported JS error classes: the core describes an error as JSON text and
//! js/errors.js builds the class from it (via js/runtime.js `error`).

use wasm_bindgen::JsValue;

use super::bindings;
use crate::error::CallError;

/// No `cause`.
pub(crate) const NONE: JsValue = JsValue::UNDEFINED;

/// The error class for `error`, with `cause` (undefined for none).
pub(crate) fn js_error(error: &CallError, cause: &JsValue) -> JsValue {
    bindings::error(&error.to_json(), cause)
}

/// A `ValidationError` for an option, an argument or an input (`field: rule`).
pub(crate) fn invalid(field: &str, rule: &str) -> JsValue {
    js_error(&CallError::validation(field, rule), &NONE)
}

/// What a call on a closed client rejects with: an exported `ClientClosedError`.
pub(crate) fn closed() -> JsValue {
    js_error(&CallError::closed(), &NONE)
}
