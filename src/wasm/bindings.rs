//! Raw bindings to the JavaScript this crate needs, kept apart from the safe wrappers (as
//! workers-rs does). Everything reaches the runtime through the global scope or the two
//! snippets in `js/`; nothing uses `window`, which Workers, Deno and Node do not have.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// `JSON.stringify` with Dates as `{"$date": ms}`; throws what JSON cannot carry.
    #[wasm_bindgen(catch, js_name = toWire)]
    pub fn to_wire(input: &JsValue) -> Result<String, JsValue>;

    /// `JSON.parse` reviving `{"$date": ms}` into Dates.
    #[wasm_bindgen(catch, js_name = fromWire)]
    pub fn from_wire(text: &str) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_name = randomBytes)]
    pub fn random_bytes(n: u32) -> Vec<u8>;

    /// `Date.now()`: the only clock the client reads; the core takes the time as a parameter.
    pub fn now() -> f64;

    pub fn sleep(ms: f64, signals: &Array) -> Promise;

    /// One fetch; see js/runtime.js for the resolved and rejected shapes.
    pub fn send(
        fetch: &JsValue,
        url: &str,
        headers: Vec<String>,
        body: &[u8],
        timeout_ms: f64,
        signals: &Array,
    ) -> Promise;
}

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// Builds the exported error class for a description object.
    #[wasm_bindgen(js_name = makeError)]
    pub fn make_error(description: &JsValue) -> JsValue;
}

// Built-ins that throw for hostile values (a revoked Proxy, an object that only pretends to be
// a Date). js-sys binds them without `catch`, and a JS exception that unwinds through Rust
// skips destructors: a RefCell stays borrowed (the next call panics and traps) and the call's
// promise never settles. These catching bindings turn the exception into a value.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_or_throw(value: &JsValue) -> Result<bool, JsValue>;

    /// A `Date` seen through a binding whose `getTime` catches.
    #[wasm_bindgen(js_name = Date)]
    type CheckedDate;

    #[wasm_bindgen(catch, method, js_name = getTime)]
    fn get_time_or_throw(this: &CheckedDate) -> Result<f64, JsValue>;
}

/// `Array.isArray`, with a value it cannot inspect (a revoked Proxy) counted as an array:
/// callers use it to refuse non-objects, and such a value is refused either way.
pub fn is_array(value: &JsValue) -> bool {
    is_array_or_throw(value).unwrap_or(true)
}

/// The time of a `Date`, or `None` for an object that is not really one.
pub fn date_time(date: &js_sys::Date) -> Option<f64> {
    date.unchecked_ref::<CheckedDate>().get_time_or_throw().ok()
}
