//! Raw bindings to the JavaScript this crate needs, kept apart from the safe wrappers (as
//! workers-rs does). Everything reaches the runtime through the global scope or the two
//! snippets in `js/`; nothing uses `window`, which Workers, Deno and Node do not have.

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

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
