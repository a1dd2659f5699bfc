//! Failures as the exported JS error classes: the core describes an error as JSON text and
//! js/errors.js builds the class from it (via js/runtime.js `error`).

use wasm_bindgen::JsValue;

use super::bindings;
use crate::error::{CallError, ErrorKind};
use crate::model::ValidationError;

/// The error class for `error`, with `cause` (undefined for none).
pub(crate) fn js_error(error: &CallError, cause: &JsValue) -> JsValue {
    bindings::error(&error.to_json(), cause)
}

/// A `ValidationError` for an option or argument.
pub(crate) fn invalid(field: &str, rule: &str) -> JsValue {
    js_error(&CallError::validation(field, rule), &JsValue::UNDEFINED)
}

pub(crate) fn validation(e: &ValidationError) -> JsValue {
    invalid(&e.field, &e.rule)
}

/// What a call on a closed client rejects with: an exported `ClientClosedError`.
pub(crate) fn closed() -> JsValue {
    js_error(
        &CallError::new(
            ErrorKind::Closed,
            "the MarketplaceMetering client was closed",
        ),
        &JsValue::UNDEFINED,
    )
}
