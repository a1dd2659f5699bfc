//! Sends one [`HttpRequest`] with the runtime's `fetch` (through js/runtime.js) and reads the
//! whole [`HttpResponse`]. The body handed to fetch is the exact byte string that was signed.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::bindings;
use crate::http::{HttpRequest, HttpResponse};

/// No Metering response comes near this (a 25-record batch echo is well under 2 MB): a
/// larger body is not copied into wasm memory and reads as unreadable.
const MAX_RESPONSE_BYTES: u32 = 8 << 20;

/// Why an attempt produced no response.
pub(crate) enum TransportError {
    /// A caller's `abortSignal` (or `close()`) fired: the value is the signal's reason.
    Aborted(JsValue),
    /// `requestTimeoutMs` passed first.
    Timeout(JsValue),
    /// fetch threw (DNS, connection reset, refused, CORS), or the body could not be read
    /// after a response with this status arrived.
    Network(JsValue, Option<u16>),
}

pub(crate) async fn send(
    fetch: &JsValue,
    request: &HttpRequest,
    timeout_ms: f64,
    signals: &Array,
) -> Result<HttpResponse, TransportError> {
    let mut headers = Vec::with_capacity(request.headers.len() * 2);
    for (name, value) in &request.headers {
        headers.push(name.clone());
        headers.push(value.clone());
    }
    let promise = bindings::send(
        fetch,
        &request.url,
        headers,
        &request.body,
        timeout_ms,
        signals,
    );
    match JsFuture::from(promise).await {
        Ok(value) => Ok(read_response(&value)),
        Err(rejection) => {
            let error = get(&rejection, "error");
            Err(match get(&rejection, "failure").as_string().as_deref() {
                Some("aborted") => TransportError::Aborted(error),
                Some("timeout") => TransportError::Timeout(error),
                _ => TransportError::Network(error, status_of(&get(&rejection, "status"))),
            })
        }
    }
}

fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

// fetch statuses are 200..=599 (0 for opaque responses); anything else reads as none.
fn status_of(value: &JsValue) -> Option<u16> {
    value
        .as_f64()
        .filter(|s| (0.0..=999.0).contains(s))
        .map(|s| s as u16)
}

fn read_response(value: &JsValue) -> HttpResponse {
    let flat: Array = get(value, "headers").dyn_into().unwrap_or_default();
    let mut headers = Vec::with_capacity(flat.length() as usize / 2);
    let mut i = 0;
    while i + 1 < flat.length() {
        if let (Some(name), Some(v)) = (flat.get(i).as_string(), flat.get(i + 1).as_string()) {
            headers.push((name, v));
        }
        i += 2;
    }
    let body = match get(value, "body").dyn_into::<Uint8Array>() {
        Ok(bytes) if bytes.length() <= MAX_RESPONSE_BYTES => bytes.to_vec(),
        // An oversized body becomes a non-JSON marker, which the protocol layer reports as
        // an unreadable (or unparseable error) response instead of copying it.
        _ => b"<response body too large>".to_vec(),
    };
    HttpResponse {
        status: status_of(&get(value, "status")).unwrap_or(0),
        headers,
        body,
    }
}
