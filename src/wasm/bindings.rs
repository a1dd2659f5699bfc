//! Raw bindings to the JavaScript the edge needs, kept apart from the safe code (as
//! workers-rs does): js/runtime.js (the driver loop and its I/O) and the few built-ins whose
//! js-sys bindings would let a hostile value throw through Rust.

use alloc::string::String;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/runtime.js")]
extern "C" {
    /// `JSON.stringify`: throws for what JSON cannot carry (BigInt, cycles, throwing getters);
    /// `undefined` for a function or a symbol.
    #[wasm_bindgen(catch)]
    pub fn stringify(input: &JsValue) -> Result<Option<String>, JsValue>;

    /// `crypto.getRandomValues` into `buffer`.
    #[wasm_bindgen(js_name = randomFill)]
    pub fn random_fill(buffer: &mut [u8]);

    /// A provider function around an object with a `credentials(props)` method.
    pub fn provider(source: JsValue) -> JsValue;

    /// What one client holds for I/O (fetch, the credentials provider, the logger, the close
    /// signal) and its `requestTimeoutMs` (0 for none), which bounds each attempt and each
    /// wait for the provider.
    pub type Io;
    #[wasm_bindgen(constructor)]
    pub fn new(fetch: JsValue, provider: JsValue, logger: JsValue, timeout_ms: u32) -> Io;
    #[wasm_bindgen(method, getter)]
    pub fn closed(this: &Io) -> bool;
    #[wasm_bindgen(method)]
    pub fn close(this: &Io, reason: &JsValue);

    /// Drives a call (a `Call` of src/wasm/call.rs) to its end; `prepare` stops at the first
    /// request and resolves with it.
    pub fn drive(call: JsValue, io: &Io, signal: &JsValue, prepare: bool) -> Promise;

    /// Drives a records plan with `concurrency` calls at once; `records` are the caller's own
    /// record objects, handed back in the results.
    #[wasm_bindgen(js_name = driveRecords)]
    pub fn drive_records(
        plan: JsValue,
        io: &Io,
        signal: &JsValue,
        concurrency: u32,
        records: Array,
    ) -> Promise;
}

#[wasm_bindgen(module = "/js/errors.js")]
extern "C" {
    /// The exported error class for a description the core wrote (JSON text).
    #[wasm_bindgen(js_name = errorFromCore)]
    pub fn error(description: &str, cause: &JsValue) -> JsValue;
}

// Built-ins that throw for hostile values (a revoked Proxy, an object that only pretends to be
// a Date). js-sys binds them without `catch`; these catching bindings turn the exception into
// a value instead of letting it unwind through Rust.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_or_throw(value: &JsValue) -> Result<bool, JsValue>;

    #[wasm_bindgen(js_name = AbortSignal)]
    pub type AbortSignal;

    /// An `AbortSignal` seen through a binding whose `aborted` getter catches: an object that
    /// only inherits from `AbortSignal.prototype` throws there.
    #[wasm_bindgen(js_name = AbortSignal)]
    pub type CheckedSignal;
    #[wasm_bindgen(catch, method, getter)]
    pub fn aborted(this: &CheckedSignal) -> Result<bool, JsValue>;

    /// A `Date` seen through a binding whose `getTime` catches.
    #[wasm_bindgen(js_name = Date)]
    pub type CheckedDate;
    #[wasm_bindgen(catch, method, js_name = getTime)]
    pub fn get_time(this: &CheckedDate) -> Result<f64, JsValue>;
}

/// `Array.isArray`, a value it cannot inspect (a revoked Proxy) counting as an array: callers
/// use it to refuse non-objects, and such a value is refused either way.
pub fn is_array(value: &JsValue) -> bool {
    is_array_or_throw(value).unwrap_or(true)
}
