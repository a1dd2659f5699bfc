//! What needs a JS engine, in real ones: Node (`wasm-pack test --node`) and headless Chromium
//! (`WASM_BINDGEN_USE_BROWSER=1 wasm-pack test --headless --chrome`) run this one suite.
//! Options, Dates and hostile JS values at the boundary; the driver's fetch, timer, AbortSignal
//! and credentials-provider wiring (js/runtime.js); the exported error classes (js/errors.js);
//! `meterUsageRecords` and `fromAssumeRole` end to end; SigV4 compiled to wasm. Every pure
//! decision (retry counts, backoff, quota, clock skew, credential refresh windows) has a
//! native transcript in tests/call_machine.rs instead.
//!
//! `fetch` is a recording function (the `inline_js` module below): it keeps each call's URL,
//! method, headers as handed to fetch, body bytes, time and signal, and answers from a script.
//! So the assertions see exactly what a server would be sent, and answers are parsed through
//! the runtime's own `Response`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use marketplace_metering_wasm::model::schema::{ErrorShape, Fault};
use marketplace_metering_wasm::model::tables::ERRORS;
use marketplace_metering_wasm::sigv4::{
    sign, Credentials, SignableRequest, SigningKeyCache, SigningParams, SigningSettings,
};
use marketplace_metering_wasm::time::{format_amz_date, parse_rfc3339_millis};
use marketplace_metering_wasm::wasm::{from_assume_role, MarketplaceMetering};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

#[wasm_bindgen(inline_js = r#"
// Records every call and answers from `script`, one entry per call, taken when fetch is
// called (so concurrent calls take entries in the order they call): `{ status, headers, body }`;
// `{ status, headers, bodyFails: true }` for a head whose body cannot be read; "hang" for a
// call that only ends when its signal aborts (as fetch does); "fail" for a fetch that throws;
// "echo" for a BatchMeterUsage answer that meters every record sent. Headers are recorded as
// given, before a Headers object could drop a forbidden `host` or merge names.
export function recordingFetch(script) {
  const calls = [];
  let next = 0;
  async function fetch(url, init = {}) {
    const answer = script[next++];
    const call = {
      url: String(url), method: init.method ?? "GET", headers: headerList(init.headers),
      body: bodyBytes(init.body), at: Date.now(), signal: init.signal, thrown: undefined,
    };
    calls.push(call);
    if (answer === undefined || answer === "fail") {
      call.thrown = new TypeError(`fetch #${calls.length} failed`);
      throw call.thrown;
    }
    if (answer === "hang") {
      return new Promise((_, reject) => {
        const signal = init.signal;
        if (!signal) return;
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    if (answer === "echo") return echo(call.body, calls.length);
    if (answer.bodyFails) {
      call.thrown = new TypeError("connection reset while the body was read");
      const stream = new ReadableStream({ start(c) { c.error(call.thrown); } });
      return new Response(stream, { status: answer.status, headers: answer.headers });
    }
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }
  return { fetch, calls };
}

function headerList(raw) {
  const out = [];
  if (raw == null) return out;
  if (Array.isArray(raw)) for (const [n, v] of raw) out.push([String(n), String(v)]);
  else if (typeof raw.forEach === "function") raw.forEach((v, n) => out.push([n, v]));
  else for (const [n, v] of Object.entries(raw)) out.push([n, String(v)]);
  return out;
}

function bodyBytes(body) {
  if (body == null) return new Uint8Array(0);
  if (typeof body === "string") return new TextEncoder().encode(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
  throw new TypeError(`a body fetch would not send as bytes: ${Object.prototype.toString.call(body)}`);
}

// BatchMeterUsage as the service answers when it meters every record: each echoed, Success.
function echo(body, n) {
  const request = JSON.parse(new TextDecoder().decode(body));
  const Results = request.UsageRecords.map((UsageRecord, i) => ({ UsageRecord, MeteringRecordId: `mr-${n}-${i}`, Status: "Success" }));
  return new Response(JSON.stringify({ Results, UnprocessedRecords: [] }), {
    status: 200,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": `req-${n}` },
  });
}

// A credentials provider whose calls wait until the test settles them; each call keeps the
// `props` it was given. `honoursSignal`: a call settled after its signal aborted rejects with
// the signal's reason, as a provider that checks its signal after its own I/O does.
export function controlledProvider(honoursSignal) {
  const calls = [];
  const provider = (props) => new Promise((resolve, reject) => {
    const call = { props, signal: props?.abortSignal };
    call.settle = (value) => (honoursSignal && call.signal?.aborted ? reject(call.signal.reason) : resolve(value));
    calls.push(call);
  });
  provider.calls = calls;
  return provider;
}

export function settleProviderCall(provider, i, value) {
  provider.calls[i].settle(value);
}

// A synchronous provider that answers from `queue`: `{ value }` is returned as it is,
// `{ error }` is thrown.
export function queueProvider(queue) {
  const provider = () => {
    provider.calls++;
    const next = queue.shift();
    if (next && "error" in next) throw next.error;
    return next?.value;
  };
  provider.calls = 0;
  return provider;
}

// A logger that records `[method, event]` for every method called.
export function recordingLogger() {
  const events = [];
  const logger = { events };
  for (const level of ["debug", "info", "warn", "error"]) logger[level] = (event) => events.push([level, event]);
  return logger;
}

// Hostile values.
export function revokedProxy() {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}
export function throwingGetter(target, name, error) {
  Object.defineProperty(target, name, { enumerable: true, get() { throw error; } });
  return target;
}
export function fakeDate() { return Object.create(Date.prototype); }
export function fakeSignal() { return Object.create(AbortSignal.prototype); }
export function signalLike() { return { aborted: false, reason: undefined, addEventListener() {}, removeEventListener() {} }; }
export function throwingThenable(error) { return { get then() { throw error; } }; }
export function withBigInt() { return { registrationToken: 1n }; }
export function cyclic() { const o = { registrationToken: "t" }; o.again = o; return o; }
// An input whose `usageRecords` is a different array at each read.
export function changingRecords(first, then) {
  let reads = 0;
  return { get usageRecords() { return reads++ === 0 ? first : then; } };
}

// JSON with {"$date": ms} as Dates: how the tests write inputs and expected outputs.
export function fromWire(text) {
  return JSON.parse(text, (_k, v) =>
    v !== null && typeof v === "object" && typeof v.$date === "number" ? new Date(v.$date) : v);
}

// Where `actual` differs from `expected`, or "" when they are equal. Dates must be Dates,
// and objects must have exactly the expected keys (an absent member is absent, not undefined).
export function difference(actual, expected, path = "$") {
  const show = (v) => (v instanceof Date ? `Date(${v.getTime()})` : JSON.stringify(v));
  if (expected instanceof Date) {
    return actual instanceof Date && actual.getTime() === expected.getTime() ? "" : `${path}: ${show(actual)} != ${show(expected)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return `${path}: ${show(actual)} != ${show(expected)}`;
    for (let i = 0; i < expected.length; i++) {
      const d = difference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return "";
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual) || actual instanceof Date) return `${path}: ${show(actual)} is not an object`;
    const a = Object.keys(actual).sort().join(), e = Object.keys(expected).sort().join();
    if (a !== e) return `${path}: keys [${a}] != [${e}]`;
    for (const k of Object.keys(expected)) {
      const d = difference(actual[k], expected[k], `${path}.${k}`);
      if (d) return d;
    }
    return "";
  }
  return Object.is(actual, expected) ? "" : `${path}: ${show(actual)} != ${show(expected)}`;
}

export function instanceOf(value, cls) {
  return value instanceof cls;
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = recordingFetch)]
    fn recording_fetch(script: &Array) -> JsValue;
    #[wasm_bindgen(js_name = controlledProvider)]
    fn controlled_provider(honours_signal: bool) -> JsValue;
    #[wasm_bindgen(js_name = settleProviderCall)]
    fn settle_provider_call(provider: &JsValue, i: u32, value: &JsValue);
    #[wasm_bindgen(js_name = queueProvider)]
    fn queue_provider(queue: &Array) -> JsValue;
    #[wasm_bindgen(js_name = recordingLogger)]
    fn recording_logger() -> JsValue;
    #[wasm_bindgen(js_name = revokedProxy)]
    fn revoked_proxy() -> JsValue;
    #[wasm_bindgen(js_name = throwingGetter)]
    fn throwing_getter(target: &JsValue, name: &str, error: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fakeDate)]
    fn fake_date() -> JsValue;
    #[wasm_bindgen(js_name = fakeSignal)]
    fn fake_signal() -> JsValue;
    #[wasm_bindgen(js_name = signalLike)]
    fn signal_like() -> JsValue;
    #[wasm_bindgen(js_name = throwingThenable)]
    fn throwing_thenable(error: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = withBigInt)]
    fn with_big_int() -> JsValue;
    fn cyclic() -> JsValue;
    #[wasm_bindgen(js_name = changingRecords)]
    fn changing_records(first: &JsValue, then: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = fromWire)]
    fn from_wire(text: &str) -> JsValue;
    fn difference(actual: &JsValue, expected: &JsValue) -> String;
    #[wasm_bindgen(js_name = instanceOf)]
    fn instance_of(value: &JsValue, class: &JsValue) -> bool;
    fn delay(ms: u32) -> Promise;
}

// The classes the package exports, from the very module the client builds its errors with.
// Which service codes exist is ERRORS' business: `every_modelled_error_becomes_its_class`
// walks ERRORS and fails for a code this list (and so js/errors.js) lacks.
macro_rules! error_classes {
    ($($class:ident),* $(,)?) => {
        #[wasm_bindgen(module = "/js/errors.js")]
        extern "C" {
            $(
                #[allow(non_upper_case_globals)]
                #[wasm_bindgen(thread_local_v2)]
                static $class: JsValue;
            )*
        }

        const BOUND_CLASSES: &[&str] = &[$(stringify!($class)),*];

        fn bound_class(name: &str) -> Option<JsValue> {
            match name {
                $(stringify!($class) => Some($class.with(JsValue::clone)),)*
                _ => None,
            }
        }
    };
}

error_classes!(
    MarketplaceMeteringError,
    MarketplaceMeteringServiceException,
    ValidationError,
    CredentialsError,
    NetworkError,
    TimeoutError,
    BatchError,
    ClientClosedError,
    CustomerNotEntitledException,
    DisabledApiException,
    DuplicateRequestException,
    ExpiredTokenException,
    IdempotencyConflictException,
    InternalServiceErrorException,
    InvalidCustomerIdentifierException,
    InvalidEndpointRegionException,
    InvalidLicenseException,
    InvalidProductCodeException,
    InvalidPublicKeyVersionException,
    InvalidRegionException,
    InvalidTagException,
    InvalidTokenException,
    InvalidUsageAllocationsException,
    InvalidUsageDimensionException,
    PlatformNotSupportedException,
    ThrottlingException,
    TimestampOutOfBoundsException,
);

/// The classes that are not one modelled service error.
const BASE_CLASSES: &[&str] = &[
    "MarketplaceMeteringError",
    "MarketplaceMeteringServiceException",
    "ValidationError",
    "CredentialsError",
    "NetworkError",
    "TimeoutError",
    "BatchError",
    "ClientClosedError",
];

fn class(name: &str) -> JsValue {
    bound_class(name).unwrap_or_else(|| {
        panic!("js/errors.js exports no class {name} (or error_classes! lacks it)")
    })
}

const ENDPOINT: &str = "https://metering.marketplace.us-east-1.amazonaws.com/";
const STS_ENDPOINT: &str = "https://sts.us-east-1.amazonaws.com/";
const UA: &str = concat!(
    "marketplace-metering-wasm/",
    env!("CARGO_PKG_VERSION"),
    " lang/js"
);
const REQUEST_ID: &str = "1b2c3d4e-0000-4000-8000-000000000001";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/Metering";

/// A set of credentials the tests sign with.
#[derive(Clone, Copy, PartialEq, Debug)]
struct Keys {
    access_key_id: &'static str,
    secret: &'static str,
    token: Option<&'static str>,
}

const LONG_TERM: Keys = Keys {
    access_key_id: "AKIDEXAMPLE",
    secret: SECRET,
    token: None,
};
const SESSION: Keys = Keys {
    access_key_id: "ASIAEXAMPLESESSION",
    secret: "sessionSecret/K7MDENG+bPxRfiCYEXAMPLEKEY",
    token: Some("IQoJb3JpZ2luX2VjEXAMPLE/+token=="),
};
/// What the STS answers in these tests hand out.
const ASSUMED: Keys = Keys {
    access_key_id: "ASIAASSUMEDEXAMPLE",
    secret: "assumedSecret/K7MDENG+bPxRfiCYEXAMPLEKEY",
    token: Some("FwoGZXIvYXdzEAssumedSessionToken/+=="),
};

// ---------------------------------------------------------------------------------------
// Helpers: JS values, the recorder, clients.

fn get(target: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(target.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

fn has(target: &JsValue, key: &str) -> bool {
    Reflect::has(target, &JsValue::from_str(key)).unwrap_or(false)
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    Reflect::set(target, &JsValue::from_str(key), value).expect("set a property");
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o: JsValue = Object::new().into();
    for (key, value) in pairs {
        set(&o, key, value);
    }
    o
}

fn string(target: &JsValue, path: &str) -> String {
    get(target, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path} is not a string: {:?}", get(target, path)))
}

fn number(target: &JsValue, path: &str) -> f64 {
    get(target, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number: {:?}", get(target, path)))
}

fn array(target: &JsValue, path: &str) -> Array {
    get(target, path)
        .dyn_into()
        .unwrap_or_else(|v| panic!("{path} is not an array: {v:?}"))
}

fn now() -> f64 {
    js_sys::Date::now()
}

fn js_error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

fn keys_object(keys: Keys) -> JsValue {
    let o = object(&[
        ("accessKeyId", keys.access_key_id.into()),
        ("secretAccessKey", keys.secret.into()),
    ]);
    if let Some(token) = keys.token {
        set(&o, "sessionToken", &token.into());
    }
    o
}

/// One canned answer.
fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> JsValue {
    let h = Array::new();
    for (name, value) in headers {
        h.push(&Array::of2(&(*name).into(), &(*value).into()));
    }
    object(&[
        ("status", f64::from(status).into()),
        ("headers", h.into()),
        ("body", body.into()),
    ])
}

/// A 200 answer as the service sends one.
fn ok(body: &str) -> JsValue {
    answer(
        200,
        &[
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amzn-requestid", REQUEST_ID),
        ],
        body,
    )
}

/// A modelled error answer, the code in the body's `__type` with its namespace.
fn service_error(status: u16, code: &str, message: &str) -> JsValue {
    answer(
        status,
        &[
            ("content-type", "application/x-amz-json-1.1"),
            ("x-amzn-requestid", REQUEST_ID),
        ],
        &format!(
            r#"{{"__type":"com.amazonaws.marketplacemetering#{code}","message":"{message}"}}"#
        ),
    )
}

fn bare_503(headers: &[(&str, &str)]) -> JsValue {
    let mut all = vec![("x-amzn-requestid", REQUEST_ID)];
    all.extend_from_slice(headers);
    answer(503, &all, "")
}

fn hang() -> JsValue {
    "hang".into()
}

/// fetch itself throws, as it does when the connection fails.
fn network_failure() -> JsValue {
    "fail".into()
}

fn echo() -> JsValue {
    "echo".into()
}

/// One request as fetch received it.
struct Sent {
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    at_ms: f64,
    signal: JsValue,
    thrown: JsValue,
}

impl Sent {
    /// The one value of a header (any case); a name sent twice fails the test.
    fn header(&self, name: &str) -> Option<&str> {
        let mut found = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name));
        let first = found.next().map(|(_, v)| v.as_str());
        assert!(
            found.next().is_none(),
            "{name} sent twice: {:?}",
            self.names()
        );
        first
    }

    fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        names.sort();
        names
    }

    fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }

    fn signal_aborted(&self) -> bool {
        get(&self.signal, "aborted").as_bool() == Some(true)
    }
}

fn header_pairs(list: &JsValue) -> Vec<(String, String)> {
    list.clone()
        .dyn_into::<Array>()
        .expect("headers array")
        .iter()
        .map(|pair| {
            let pair: Array = pair.dyn_into().expect("a [name, value] pair");
            (
                pair.get(0).as_string().expect("header name"),
                pair.get(1).as_string().expect("header value"),
            )
        })
        .collect()
}

struct Recorder(JsValue);

impl Recorder {
    fn new(script: &[JsValue]) -> Self {
        Recorder(recording_fetch(&script.iter().collect()))
    }

    fn fetch(&self) -> JsValue {
        get(&self.0, "fetch")
    }

    fn count(&self) -> usize {
        array(&self.0, "calls").length() as usize
    }

    fn calls(&self) -> Vec<Sent> {
        array(&self.0, "calls")
            .iter()
            .map(|c| Sent {
                url: string(&c, "url"),
                method: string(&c, "method"),
                headers: header_pairs(&get(&c, "headers")),
                body: get(&c, "body")
                    .dyn_into::<Uint8Array>()
                    .expect("body bytes")
                    .to_vec(),
                at_ms: number(&c, "at"),
                signal: get(&c, "signal"),
                thrown: get(&c, "thrown"),
            })
            .collect()
    }
}

/// Valid client options: `us-east-1`, `keys` (none: no `credentials`), the recorder's fetch,
/// then `extra`.
fn options(recorder: &Recorder, keys: Option<Keys>, extra: &[(&str, JsValue)]) -> JsValue {
    let o = object(&[("region", "us-east-1".into()), ("fetch", recorder.fetch())]);
    if let Some(keys) = keys {
        set(&o, "credentials", &keys_object(keys));
    }
    for (key, value) in extra {
        set(&o, key, value);
    }
    o
}

fn client(recorder: &Recorder, keys: Keys, extra: &[(&str, JsValue)]) -> MarketplaceMetering {
    MarketplaceMetering::new(options(recorder, Some(keys), extra)).expect("the options are valid")
}

fn provider_client(
    recorder: &Recorder,
    provider: &JsValue,
    extra: &[(&str, JsValue)],
) -> MarketplaceMetering {
    let o = options(recorder, None, extra);
    set(&o, "credentialsProvider", provider);
    MarketplaceMetering::new(o).expect("the options are valid")
}

fn resolve_customer(c: &MarketplaceMetering, call_options: JsValue) -> Promise {
    c.resolve_customer(from_wire(r#"{"registrationToken":"t"}"#), call_options)
}

fn with_signal(controller: &AbortController) -> JsValue {
    object(&[("abortSignal", controller.signal().into())])
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

async fn succeed(promise: Promise) -> JsValue {
    match settle(promise).await {
        Ok(v) => v,
        Err(e) => panic!(
            "expected success, got {:?}: {:?}",
            get(&e, "name"),
            get(&e, "message")
        ),
    }
}

async fn fail(promise: Promise) -> JsValue {
    match settle(promise).await {
        Ok(v) => panic!("expected a rejection, got {v:?}"),
        Err(e) => e,
    }
}

async fn sleep(ms: u32) {
    JsFuture::from(delay(ms)).await.expect("timer");
}

/// Waits (2 ms at a time, at most ~2 s) until `done`.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..1000 {
        if done() {
            return;
        }
        sleep(2).await;
    }
    panic!("gave up waiting until {what}");
}

fn provider_calls(provider: &JsValue) -> u32 {
    array(provider, "calls").length()
}

fn provider_signal(provider: &JsValue, i: u32) -> JsValue {
    get(&array(provider, "calls").get(i), "signal")
}

fn assert_output(actual: &JsValue, expected_wire: &str) {
    let diff = difference(actual, &from_wire(expected_wire));
    assert!(diff.is_empty(), "output differs at {diff}");
}

/// `$metadata` as the output and errors carry it (`requestId` of `REQUEST_ID`).
fn metadata(status: u16, attempts: u32) -> String {
    format!(
        r#""$metadata":{{"httpStatusCode":{status},"requestId":"{REQUEST_ID}","attempts":{attempts},"totalRetryDelay":0}}"#
    )
}

/// The error's class is `name`'s (and no other service class), with the base classes above it.
fn assert_class(e: &JsValue, name: &str) {
    assert!(
        instance_of(e, &class(name)),
        "{:?} ({:?}) is not a {name}",
        get(e, "name"),
        get(e, "message")
    );
    assert!(instance_of(e, &class("MarketplaceMeteringError")));
    assert!(e.is_instance_of::<js_sys::Error>());
    for other in BOUND_CLASSES {
        let above = *other == "MarketplaceMeteringError"
            || (*other == "MarketplaceMeteringServiceException" && !BASE_CLASSES.contains(&name))
            || *other == name;
        assert_eq!(
            instance_of(e, &class(other)),
            above,
            "a {name} is{} a {other}",
            if above { " not" } else { "" }
        );
    }
}

/// A ValidationError for `field` breaking `rule`, before anything was sent.
fn assert_validation(e: &JsValue, field: &str, rule: &str) {
    assert_class(e, "ValidationError");
    assert_eq!(string(e, "name"), "ValidationError");
    assert_eq!(string(e, "field"), field);
    assert_eq!(string(e, "rule"), rule);
    assert_eq!(string(e, "message"), format!("{field}: {rule}"));
    assert_eq!(string(e, "$fault"), "client");
    assert!(!has(e, "$retryable"), "{field}: $retryable is absent");
    assert_error_metadata(e, None, None, 0);
}

/// What `new MarketplaceMetering(options)` throws.
fn refused(options: JsValue) -> JsValue {
    match MarketplaceMetering::new(options) {
        Ok(_) => panic!("the options were accepted"),
        Err(e) => e,
    }
}

/// An error's `$metadata`: as the AWS SDK v3 writes it, `httpStatusCode` and `requestId` are
/// always keys, undefined when unknown; no retry waited.
fn assert_error_metadata(
    e: &JsValue,
    status: Option<u16>,
    request_id: Option<&str>,
    attempts: u32,
) {
    let metadata = get(e, "$metadata");
    let mut keys: Vec<String> = Object::keys(metadata.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    keys.sort();
    assert_eq!(
        keys,
        ["attempts", "httpStatusCode", "requestId", "totalRetryDelay"]
    );
    assert_eq!(
        get(&metadata, "httpStatusCode").as_f64(),
        status.map(f64::from)
    );
    assert_eq!(
        get(&metadata, "requestId").as_string().as_deref(),
        request_id
    );
    assert_eq!(
        get(&metadata, "attempts").as_f64(),
        Some(f64::from(attempts))
    );
    assert_eq!(get(&metadata, "totalRetryDelay").as_f64(), Some(0.0));
}

fn assert_credentials_error(e: &JsValue, message: &str) {
    assert_class(e, "CredentialsError");
    assert_eq!(string(e, "name"), "CredentialsError");
    assert_eq!(string(e, "message"), message);
    assert_eq!(string(e, "$fault"), "client");
    assert!(!has(e, "$retryable"));
}

fn assert_closed(e: &JsValue) {
    assert_class(e, "ClientClosedError");
    assert_eq!(string(e, "name"), "ClientClosedError");
    assert_eq!(
        string(e, "message"),
        "the MarketplaceMetering client was closed"
    );
}

/// `20260101T000000Z` -> unix seconds.
fn amz_date_secs(amz_date: &str) -> i64 {
    let b = amz_date.as_bytes();
    assert!(
        b.len() == 16
            && b[8] == b'T'
            && b[15] == b'Z'
            && amz_date[..8]
                .bytes()
                .chain(amz_date[9..15].bytes())
                .all(|c| c.is_ascii_digit()),
        "x-amz-date {amz_date:?} is not YYYYMMDDTHHMMSSZ"
    );
    let rfc3339 = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &amz_date[0..4],
        &amz_date[4..6],
        &amz_date[6..8],
        &amz_date[9..11],
        &amz_date[11..13],
        &amz_date[13..15]
    );
    let secs = parse_rfc3339_millis(&rfc3339).expect("a real date") / 1000;
    assert_eq!(format_amz_date(secs), amz_date);
    secs
}

/// What a signed request must be.
struct Expected<'a> {
    url: &'a str,
    service: &'a str,
    keys: Keys,
    /// The request's own headers, all signed: everything but `host` (fetch sends the URL's),
    /// `x-amz-date`, `x-amz-security-token` and `authorization`, which signing adds, and the
    /// unsigned `user-agent`, which must equal `x-amz-user-agent`.
    headers: Vec<(&'a str, String)>,
    body: &'a [u8],
}

/// A Metering request: the awsJson headers, the user agent, the body.
fn metering<'a>(operation: &str, keys: Keys, ua: &str, body: &'a [u8]) -> Expected<'a> {
    Expected {
        url: ENDPOINT,
        service: "aws-marketplace",
        keys,
        headers: vec![
            ("content-type", "application/x-amz-json-1.1".into()),
            ("x-amz-target", format!("AWSMPMeteringService.{operation}")),
            ("x-amz-user-agent", ua.into()),
        ],
        body,
    }
}

/// Exactly the expected request, and nothing else: the URL, POST, these header names and
/// values, no `host`, `body` byte for byte, SigV4 for `us-east-1` and the service over
/// exactly the signed headers. The signature is then computed again with the crate's public
/// signer from what was recorded, so the bytes sent are the bytes signed.
fn assert_signed(sent: &Sent, expected: &Expected<'_>) {
    assert_eq!(sent.url, expected.url);
    assert_eq!(sent.method, "POST");
    let keys = expected.keys;
    let mut names: Vec<String> = expected
        .headers
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    names.extend(["authorization", "user-agent", "x-amz-date"].map(String::from));
    if keys.token.is_some() {
        names.push("x-amz-security-token".into());
    }
    names.sort();
    assert_eq!(sent.names(), names, "the headers sent (no host)");
    assert_eq!(sent.header("host"), None);
    for (name, value) in &expected.headers {
        assert_eq!(sent.header(name), Some(value.as_str()), "{name}");
    }
    assert_eq!(
        sent.header("user-agent"),
        sent.header("x-amz-user-agent"),
        "user-agent is the unsigned copy of x-amz-user-agent"
    );
    assert_eq!(sent.header("x-amz-security-token"), keys.token);
    assert!(
        sent.body == expected.body,
        "the body sent: {:?} != {:?}",
        sent.body_text(),
        String::from_utf8_lossy(expected.body)
    );

    let amz_date = sent.header("x-amz-date").expect("x-amz-date");
    let signed_at = amz_date_secs(amz_date);
    let at = (sent.at_ms / 1000.0).floor() as i64;
    assert!(
        (signed_at - at).abs() <= 300,
        "signed at {signed_at}, sent at {at}"
    );

    let host = expected
        .url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("a URL with a host");
    let mut signed: Vec<(&str, &str)> = vec![("host", host)];
    signed.extend(expected.headers.iter().map(|(n, v)| (*n, v.as_str())));
    let mut signed_names: Vec<&str> = signed.iter().map(|(n, _)| *n).collect();
    signed_names.push("x-amz-date");
    if keys.token.is_some() {
        signed_names.push("x-amz-security-token");
    }
    signed_names.sort_unstable();
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential={}/{}/us-east-1/{}/aws4_request, SignedHeaders={}, Signature=",
        keys.access_key_id,
        &amz_date[..8],
        expected.service,
        signed_names.join(";"),
    );
    let authorization = sent.header("authorization").expect("authorization");
    let signature = authorization
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("authorization {authorization:?} does not start {prefix:?}"));

    let credentials = Credentials::new(
        keys.access_key_id,
        keys.secret,
        keys.token.map(str::to_owned),
    );
    let path = expected
        .url
        .split("://")
        .nth(1)
        .and_then(|rest| rest.find('/').map(|i| &rest[i..]))
        .unwrap_or("/");
    let again = sign(
        &SignableRequest {
            method: "POST",
            path,
            query: "",
            headers: &signed,
            body: &sent.body,
        },
        &SigningSettings::default(),
        &SigningParams {
            credentials: &credentials,
            region: "us-east-1",
            service: expected.service,
            time: signed_at,
        },
        &mut SigningKeyCache::new(),
    )
    .expect("sign again");
    assert_eq!(
        again.signature(),
        signature,
        "the signature is not over the request sent"
    );
}

/// `resolve_customer`'s request.
fn resolve_customer_request(keys: Keys) -> Expected<'static> {
    metering("ResolveCustomer", keys, UA, br#"{"RegistrationToken":"t"}"#)
}

fn assert_uuid_v4(token: &str) {
    let b = token.as_bytes();
    let shape = b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        });
    assert!(
        shape && b[14] == b'4' && matches!(b[19], b'8' | b'9' | b'a' | b'b'),
        "{token:?} is not a lowercase UUID v4"
    );
}

fn client_token(sent: &Sent) -> String {
    string(
        &js_sys::JSON::parse(&sent.body_text()).expect("a JSON body"),
        "ClientToken",
    )
}

// ---------------------------------------------------------------------------------------
// Each operation's request as fetch receives it, and its output as a JS value.

#[wasm_bindgen_test]
async fn batch_meter_usage_sends_epoch_seconds_and_gives_dates_and_metadata() {
    let recorder = Recorder::new(&[ok(concat!(
        r#"{"Results":[{"UsageRecord":{"Timestamp":1767225599,"CustomerIdentifier":"cust-1","Dimension":"users","Quantity":3,"#,
        r#""UsageAllocations":[{"AllocatedUsageQuantity":3,"Tags":[{"Key":"team","Value":"a"}]}]},"MeteringRecordId":"mr-1","Status":"Success","NewMember":1},"#,
        r#"{"UsageRecord":{"Timestamp":1767222000.5,"CustomerAWSAccountId":"123456789012","LicenseArn":"arn:aws:license-manager::123456789012:license:l-1","Dimension":"gb"},"Status":"CustomerNotSubscribed"}],"#,
        r#""UnprocessedRecords":[{"Timestamp":1767222000,"Dimension":"gb","Quantity":1}]}"#
    ))]);
    let c = client(&recorder, LONG_TERM, &[]);
    let input = from_wire(concat!(
        r#"{"productCode":"prod-demo-saas","usageRecords":["#,
        r#"{"timestamp":{"$date":1767225599600},"customerIdentifier":"cust-1","dimension":"users","quantity":3,"#,
        r#""usageAllocations":[{"allocatedUsageQuantity":3,"tags":[{"key":"team","value":"a"}]}]},"#,
        r#"{"timestamp":{"$date":1767222000000},"customerAWSAccountId":"123456789012","licenseArn":"arn:aws:license-manager::123456789012:license:l-1","dimension":"gb"}]}"#
    ));
    let output = succeed(c.batch_meter_usage(input, JsValue::UNDEFINED)).await;

    let calls = recorder.calls();
    assert_eq!(calls.len(), 1);
    // Milliseconds are cut to seconds; the record without a quantity sends none.
    let body = concat!(
        r#"{"UsageRecords":[{"Timestamp":1767225599,"CustomerIdentifier":"cust-1","Dimension":"users","Quantity":3,"#,
        r#""UsageAllocations":[{"AllocatedUsageQuantity":3,"Tags":[{"Key":"team","Value":"a"}]}]},"#,
        r#"{"Timestamp":1767222000,"Dimension":"gb","CustomerAWSAccountId":"123456789012","LicenseArn":"arn:aws:license-manager::123456789012:license:l-1"}],"#,
        r#""ProductCode":"prod-demo-saas"}"#
    );
    assert_signed(
        &calls[0],
        &metering("BatchMeterUsage", LONG_TERM, UA, body.as_bytes()),
    );
    // Unknown members (`NewMember`) are dropped; absent ones stay absent; Dates are Dates.
    assert_output(
        &output,
        &format!(
            "{}{}{}{},{}}}",
            r#"{"results":[{"usageRecord":{"timestamp":{"$date":1767225599000},"customerIdentifier":"cust-1","dimension":"users","quantity":3,"#,
            r#""usageAllocations":[{"allocatedUsageQuantity":3,"tags":[{"key":"team","value":"a"}]}]},"meteringRecordId":"mr-1","status":"Success"},"#,
            r#"{"usageRecord":{"timestamp":{"$date":1767222000500},"customerAWSAccountId":"123456789012","licenseArn":"arn:aws:license-manager::123456789012:license:l-1","dimension":"gb"},"status":"CustomerNotSubscribed"}],"#,
            r#""unprocessedRecords":[{"timestamp":{"$date":1767222000000},"dimension":"gb","quantity":1}]"#,
            metadata(200, 1)
        ),
    );
}

#[wasm_bindgen_test]
async fn meter_usage_gets_a_random_uuid_v4_client_token_per_call_or_keeps_the_given_one() {
    let recorder = Recorder::new(&[
        ok(r#"{"MeteringRecordId":"8f5e3c2a-1111-4222-8333-944455566677"}"#),
        ok(r#"{"MeteringRecordId":"mr-2"}"#),
        ok("{}"),
    ]);
    let c = client(&recorder, SESSION, &[]);
    let input = || {
        from_wire(
            r#"{"productCode":"prod-container","timestamp":{"$date":1767225600999},"usageDimension":"vcpu_hours","usageQuantity":7,"dryRun":false}"#,
        )
    };
    let output = succeed(c.meter_usage(input(), JsValue::UNDEFINED)).await;
    assert_output(
        &output,
        &format!(
            r#"{{"meteringRecordId":"8f5e3c2a-1111-4222-8333-944455566677",{}}}"#,
            metadata(200, 1)
        ),
    );
    succeed(c.meter_usage(input(), JsValue::UNDEFINED)).await;
    // An empty answer is an output with no members: `meteringRecordId` absent, not undefined.
    let output = succeed(c.meter_usage(
        from_wire(
            r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"d","clientToken":"my-token-1"}"#,
        ),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(&output, &format!("{{{}}}", metadata(200, 1)));

    let calls = recorder.calls();
    assert_eq!(calls.len(), 3);
    let first = client_token(&calls[0]);
    assert_uuid_v4(&first);
    let body = format!(
        r#"{{"ProductCode":"prod-container","Timestamp":1767225600,"UsageDimension":"vcpu_hours","UsageQuantity":7,"DryRun":false,"ClientToken":"{first}"}}"#
    );
    assert_signed(
        &calls[0],
        &metering("MeterUsage", SESSION, UA, body.as_bytes()),
    );
    // Two calls are two usages: each gets its own token (crypto.getRandomValues).
    let second = client_token(&calls[1]);
    assert_uuid_v4(&second);
    assert_ne!(first, second);
    // A given token is sent as it is, and nothing that was not given is sent.
    assert_signed(
        &calls[2],
        &metering(
            "MeterUsage",
            SESSION,
            UA,
            br#"{"ProductCode":"p","Timestamp":0,"UsageDimension":"d","ClientToken":"my-token-1"}"#,
        ),
    );
}

#[wasm_bindgen_test]
async fn register_usage_request_and_output_with_a_date() {
    let recorder = Recorder::new(&[
        ok(
            r#"{"Signature":"eyJhbGciOiJQUzI1NiJ9.e30.sig","PublicKeyRotationTimestamp":1767225600.5}"#,
        ),
        answer(200, &[], r#"{"Signature":"s2"}"#),
    ]);
    let c = client(&recorder, SESSION, &[]);
    let output = succeed(c.register_usage(
        from_wire(r#"{"productCode":"prod-container","publicKeyVersion":1,"nonce":"n-123"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(
        &output,
        &format!(
            r#"{{"signature":"eyJhbGciOiJQUzI1NiJ9.e30.sig","publicKeyRotationTimestamp":{{"$date":1767225600500}},{}}}"#,
            metadata(200, 1)
        ),
    );
    // No request id in the answer: `requestId` is absent from `$metadata`.
    let output = succeed(c.register_usage(
        from_wire(r#"{"productCode":"prod-container","publicKeyVersion":2}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(
        &output,
        r#"{"signature":"s2","$metadata":{"httpStatusCode":200,"attempts":1,"totalRetryDelay":0}}"#,
    );

    let calls = recorder.calls();
    assert_signed(
        &calls[0],
        &metering(
            "RegisterUsage",
            SESSION,
            UA,
            br#"{"ProductCode":"prod-container","PublicKeyVersion":1,"Nonce":"n-123"}"#,
        ),
    );
    assert_signed(
        &calls[1],
        &metering(
            "RegisterUsage",
            SESSION,
            UA,
            br#"{"ProductCode":"prod-container","PublicKeyVersion":2}"#,
        ),
    );
}

#[wasm_bindgen_test]
async fn resolve_customer_request_and_output() {
    let recorder = Recorder::new(&[
        ok(
            r#"{"CustomerIdentifier":"cust-1","ProductCode":"prod-demo-saas","CustomerAWSAccountId":"123456789012","LicenseArn":"arn:aws:license-manager::123456789012:license:l-1"}"#,
        ),
        ok(
            r#"{"ProductCode":"prod-demo-saas","CustomerAWSAccountId":"123456789012","CustomerIdentifier":null}"#,
        ),
    ]);
    let c = client(&recorder, LONG_TERM, &[]);
    let output = succeed(c.resolve_customer(
        object(&[("registrationToken", "tok/+=abc\n\"é".into())]),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(
        &output,
        &format!(
            r#"{{"customerIdentifier":"cust-1","productCode":"prod-demo-saas","customerAWSAccountId":"123456789012","licenseArn":"arn:aws:license-manager::123456789012:license:l-1",{}}}"#,
            metadata(200, 1)
        ),
    );
    // A null member is absent.
    let output = succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_output(
        &output,
        &format!(
            r#"{{"productCode":"prod-demo-saas","customerAWSAccountId":"123456789012",{}}}"#,
            metadata(200, 1)
        ),
    );

    let calls = recorder.calls();
    assert_signed(
        &calls[0],
        &metering(
            "ResolveCustomer",
            LONG_TERM,
            UA,
            "{\"RegistrationToken\":\"tok/+=abc\\n\\\"é\"}".as_bytes(),
        ),
    );
    assert_signed(&calls[1], &resolve_customer_request(LONG_TERM));
}

#[wasm_bindgen_test]
async fn prepare_request_gives_the_request_a_call_would_send() {
    let recorder = Recorder::new(&[]);
    let c = client(&recorder, SESSION, &[]);
    let started = now();
    let prepared = succeed(c.prepare_request(
        "ResolveCustomer".into(),
        from_wire(r#"{"registrationToken":"t"}"#),
    ))
    .await;
    let headers = Object::entries(&get(&prepared, "headers").dyn_into().expect("headers"));
    let sent = Sent {
        url: string(&prepared, "url"),
        method: string(&prepared, "method"),
        headers: header_pairs(&headers.into()),
        body: get(&prepared, "body")
            .dyn_into::<Uint8Array>()
            .expect("body bytes")
            .to_vec(),
        at_ms: started,
        signal: JsValue::UNDEFINED,
        thrown: JsValue::UNDEFINED,
    };
    assert_signed(&sent, &resolve_customer_request(SESSION));
    assert_eq!(recorder.count(), 0, "nothing is sent");

    let e = fail(c.prepare_request("resolveCustomer".into(), from_wire("{}"))).await;
    assert_validation(
        &e,
        "operation",
        "must be the name of an operation: BatchMeterUsage, MeterUsage, RegisterUsage, ResolveCustomer",
    );
}

// ---------------------------------------------------------------------------------------
// Errors as the exported classes.

#[wasm_bindgen_test]
async fn every_modelled_error_becomes_its_class() {
    // The service codes the bound classes name are exactly the model's.
    let mut bound: Vec<&str> = BOUND_CLASSES
        .iter()
        .copied()
        .filter(|n| !BASE_CLASSES.contains(n))
        .collect();
    bound.sort_unstable();
    let mut modelled: Vec<&str> = ERRORS.iter().map(|e| e.code).collect();
    modelled.sort_unstable();
    assert_eq!(
        bound, modelled,
        "error_classes! against model::tables::ERRORS"
    );
    // The two worth retrying; `$retryable` is absent on every other.
    assert!(ERRORS.iter().any(|e| e.code == "ThrottlingException"));
    assert!(ERRORS
        .iter()
        .any(|e| e.code == "InternalServiceErrorException"));

    // The model's `@httpError` status, else what the service sends for the fault.
    let status = |e: &ErrorShape| match (e.http_status, e.fault) {
        (0, Fault::Server) => 500,
        (0, Fault::Client) => 400,
        (status, _) => status,
    };
    let script: Vec<JsValue> = ERRORS
        .iter()
        .map(|e| service_error(status(e), e.code, &format!("about {}", e.code)))
        .collect();
    let recorder = Recorder::new(&script);
    // One attempt each, so the retryable ones fail at once and the script stays in step.
    let c = client(&recorder, LONG_TERM, &[("maxAttempts", 1.into())]);
    for e in ERRORS.iter() {
        let error = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
        assert_class(&error, e.code);
        assert_eq!(string(&error, "name"), e.code);
        assert_eq!(string(&error, "message"), format!("about {}", e.code));
        let fault = match e.fault {
            Fault::Server => "server",
            Fault::Client => "client",
        };
        assert_eq!(string(&error, "$fault"), fault, "{} $fault", e.code);
        match e.code {
            "ThrottlingException" => {
                assert_output(&get(&error, "$retryable"), r#"{"throttling":true}"#)
            }
            "InternalServiceErrorException" => {
                assert_output(&get(&error, "$retryable"), r#"{"throttling":false}"#)
            }
            code => assert!(!has(&error, "$retryable"), "{code}: $retryable is absent"),
        }
        assert_error_metadata(&error, Some(status(e)), Some(REQUEST_ID), 1);
    }
    assert_eq!(recorder.count(), ERRORS.len());
}

#[wasm_bindgen_test]
async fn codes_outside_the_model_are_the_base_service_exception() {
    let recorder = Recorder::new(&[
        service_error(400, "DryRunOperation", "would have succeeded"),
        bare_503(&[]),
    ]);
    let c = client(&recorder, LONG_TERM, &[("maxAttempts", 1.into())]);
    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_class(&e, "MarketplaceMeteringServiceException");
    assert_eq!(string(&e, "name"), "DryRunOperation");
    assert_eq!(string(&e, "message"), "would have succeeded");
    assert_eq!(string(&e, "$fault"), "client");
    assert!(!has(&e, "$retryable"));

    // No code at all: named by the status, a server fault, retryable.
    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_class(&e, "MarketplaceMeteringServiceException");
    assert_eq!(string(&e, "name"), "503");
    assert_eq!(string(&e, "message"), "503 (HTTP 503) from ResolveCustomer");
    assert_eq!(string(&e, "$fault"), "server");
    assert_output(&get(&e, "$retryable"), r#"{"throttling":false}"#);
    assert_error_metadata(&e, Some(503), Some(REQUEST_ID), 1);
}

#[wasm_bindgen_test]
async fn the_error_type_header_wins_with_its_colon_suffix_cut() {
    let recorder = Recorder::new(&[answer(
        400,
        &[
            (
                "x-amzn-errortype",
                "InvalidUsageDimensionException:http://internal.amazon.com/coral/com.amazon.coral.service/",
            ),
            ("x-amzn-requestid", REQUEST_ID),
        ],
        r#"{"__type":"com.amazonaws.marketplacemetering#InvalidProductCodeException","Message":"Dimension nope is not valid"}"#,
    )]);
    let c = client(&recorder, LONG_TERM, &[]);
    let e = fail(c.meter_usage(
        from_wire(r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"nope"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_class(&e, "InvalidUsageDimensionException");
    assert_eq!(string(&e, "name"), "InvalidUsageDimensionException");
    assert_eq!(string(&e, "message"), "Dimension nope is not valid");
    assert!(!has(&e, "$retryable"));
    assert_eq!(number(&e, "$metadata.attempts"), 1.0);
    assert_eq!(recorder.count(), 1);
}

// ---------------------------------------------------------------------------------------
// The fetch and timer wiring.

#[wasm_bindgen_test]
async fn a_retry_waits_on_a_real_timer_and_sends_the_same_request_signed_again() {
    // The service asks for 60 ms at least; full jitter after a first 503 is under 100 ms.
    let recorder = Recorder::new(&[
        bare_503(&[("x-amz-retry-after", "60")]),
        ok(r#"{"MeteringRecordId":"mr-1"}"#),
    ]);
    let c = client(&recorder, SESSION, &[]);
    let output = succeed(c.meter_usage(
        from_wire(r#"{"productCode":"p","timestamp":{"$date":1767225600000},"usageDimension":"d","usageQuantity":1}"#),
        JsValue::UNDEFINED,
    ))
    .await;

    let waited = number(&output, "$metadata.totalRetryDelay");
    assert!((60.0..100.0).contains(&waited), "totalRetryDelay {waited}");
    assert_output(
        &output,
        &format!(
            r#"{{"meteringRecordId":"mr-1","$metadata":{{"httpStatusCode":200,"requestId":"{REQUEST_ID}","attempts":2,"totalRetryDelay":{waited}}}}}"#
        ),
    );
    let calls = recorder.calls();
    assert_eq!(calls.len(), 2);
    // Timers may fire a millisecond early by Date.now().
    let gap = calls[1].at_ms - calls[0].at_ms;
    assert!(
        gap >= waited - 2.0,
        "the retry went {gap} ms after the first attempt, before its {waited} ms wait"
    );
    // The same usage: the same body and client token, signed afresh.
    assert_eq!(calls[0].body, calls[1].body);
    assert_uuid_v4(&client_token(&calls[1]));
    for sent in &calls {
        assert_signed(sent, &metering("MeterUsage", SESSION, UA, &calls[1].body));
    }
}

#[wasm_bindgen_test]
async fn request_timeout_ms_fires_a_timeout_error_through_a_real_timer() {
    let recorder = Recorder::new(&[hang()]);
    let c = client(
        &recorder,
        LONG_TERM,
        &[("maxAttempts", 1.into()), ("requestTimeoutMs", 30.into())],
    );
    let started = now();
    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    let elapsed = now() - started;
    assert_class(&e, "TimeoutError");
    assert_eq!(string(&e, "name"), "TimeoutError");
    assert_eq!(
        string(&e, "message"),
        "no response within requestTimeoutMs (30 ms)"
    );
    assert_output(&get(&e, "$retryable"), r#"{"throttling":false}"#);
    assert_error_metadata(&e, None, None, 1);
    assert_eq!(string(&e, "cause.message"), "no answer within 30 ms");
    assert!(elapsed >= 28.0, "timed out after {elapsed} ms");
    let calls = recorder.calls();
    assert_eq!(calls.len(), 1);
    assert!(calls[0].signal_aborted(), "the request itself is cancelled");
}

#[wasm_bindgen_test]
async fn a_failing_fetch_is_a_network_error_with_what_fetch_threw_as_its_cause() {
    // The second answer's head arrives but its body cannot be read.
    let unreadable = answer(200, &[("x-amzn-requestid", REQUEST_ID)], "");
    set(&unreadable, "bodyFails", &true.into());
    let recorder = Recorder::new(&[network_failure(), unreadable]);
    let c = client(&recorder, LONG_TERM, &[("maxAttempts", 1.into())]);

    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_class(&e, "NetworkError");
    assert_eq!(string(&e, "name"), "NetworkError");
    assert_eq!(
        string(&e, "message"),
        "the request could not be sent (see `cause`)"
    );
    assert_eq!(string(&e, "$fault"), "client");
    assert_output(&get(&e, "$retryable"), r#"{"throttling":false}"#);
    assert_error_metadata(&e, None, None, 1);
    let calls = recorder.calls();
    assert!(Object::is(&get(&e, "cause"), &calls[0].thrown));
    assert!(calls[0].thrown.is_instance_of::<js_sys::TypeError>());

    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_class(&e, "NetworkError");
    assert_eq!(
        string(&e, "message"),
        "the service answered HTTP 200 but the response could not be read (see `cause`)"
    );
    assert_eq!(string(&e, "$fault"), "server");
    assert_error_metadata(&e, Some(200), None, 1);
    // What reading the body rejected with: the stream's error in Node, the engine's own
    // TypeError in Chromium.
    assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>());
}

// ---------------------------------------------------------------------------------------
// Abort and close.

#[wasm_bindgen_test]
async fn an_already_aborted_signal_rejects_with_its_reason_before_any_io() {
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let provider = controlled_provider(false);
    let c = provider_client(&recorder, &provider, &[]);
    let controller = AbortController::new().expect("AbortController");
    let reason = JsValue::from_str("already aborted");
    controller.abort_with_reason(&reason);
    let e = fail(resolve_customer(&c, with_signal(&controller))).await;
    assert!(Object::is(&e, &reason), "rejected with {e:?}");
    let e = fail(c.meter_usage(
        from_wire(r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"d"}"#),
        with_signal(&controller),
    ))
    .await;
    assert!(Object::is(&e, &reason), "rejected with {e:?}");
    assert_eq!(provider_calls(&provider), 0, "the provider is never called");
    assert_eq!(recorder.count(), 0, "fetch is never called");

    // With static credentials too; and a signal that never fires changes nothing.
    let c = client(&recorder, LONG_TERM, &[]);
    let e = fail(resolve_customer(&c, with_signal(&controller))).await;
    assert!(Object::is(&e, &reason));
    assert_eq!(recorder.count(), 0);
    let quiet = AbortController::new().expect("AbortController");
    let output = succeed(resolve_customer(&c, with_signal(&quiet))).await;
    assert_eq!(string(&output, "customerIdentifier"), "c");
}

#[wasm_bindgen_test]
async fn aborting_in_flight_rejects_with_the_reason_and_cancels_the_request() {
    let recorder = Recorder::new(&[hang(), bare_503(&[("x-amz-retry-after", "10000")])]);
    let c = client(&recorder, LONG_TERM, &[]);

    let controller = AbortController::new().expect("AbortController");
    let pending = resolve_customer(&c, with_signal(&controller));
    until("fetch is called", || recorder.count() == 1).await;
    let reason = js_error("caller gave up");
    controller.abort_with_reason(&reason);
    let e = fail(pending).await;
    assert!(
        Object::is(&e, &reason),
        "rejected with {e:?}, not the signal's reason"
    );
    assert!(recorder.calls()[0].signal_aborted());

    // Aborted while waiting 10 s to retry: at once, and not sent again.
    let controller = AbortController::new().expect("AbortController");
    let pending = resolve_customer(&c, with_signal(&controller));
    until("fetch is called", || recorder.count() == 2).await;
    sleep(5).await;
    let started = now();
    let reason = js_error("no more waiting");
    controller.abort_with_reason(&reason);
    let e = fail(pending).await;
    assert!(Object::is(&e, &reason));
    assert!(now() - started < 1000.0, "the backoff wait was cut short");
    assert_eq!(recorder.count(), 2);
}

#[wasm_bindgen_test]
async fn close_aborts_calls_in_flight_and_refuses_later_calls() {
    let recorder = Recorder::new(&[hang(), bare_503(&[("x-amz-retry-after", "10000")])]);
    let c = client(&recorder, LONG_TERM, &[]);
    let in_flight = resolve_customer(&c, JsValue::UNDEFINED);
    until("fetch is called", || recorder.count() == 1).await;
    let backing_off = resolve_customer(&c, JsValue::UNDEFINED);
    until("fetch is called again", || recorder.count() == 2).await;
    sleep(5).await;
    c.close();
    let e = fail(in_flight).await;
    assert_closed(&e);
    let again = fail(backing_off).await;
    assert_closed(&again);
    assert!(recorder.calls()[0].signal_aborted());

    c.close(); // idempotent
    assert_closed(
        &fail(c.meter_usage(
            from_wire(r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"d"}"#),
            JsValue::UNDEFINED,
        ))
        .await,
    );
    assert_closed(
        &fail(c.meter_usage_records(from_wire(r#"{"usageRecords":[]}"#), JsValue::UNDEFINED)).await,
    );
    assert_closed(&fail(c.prepare_request("ResolveCustomer".into(), from_wire("{}"))).await);
    assert_eq!(recorder.count(), 2, "a closed client sends nothing");
}

// ---------------------------------------------------------------------------------------
// The credentials provider.

#[wasm_bindgen_test]
async fn a_slow_provider_is_cut_short_by_the_calls_abort_and_told_no_call_waits() {
    let recorder = Recorder::new(&[]);
    let provider = controlled_provider(false);
    let c = provider_client(&recorder, &provider, &[]);
    let controller = AbortController::new().expect("AbortController");
    let pending = resolve_customer(&c, with_signal(&controller));
    assert_eq!(provider_calls(&provider), 1);
    let signal = provider_signal(&provider, 0);
    assert!(
        signal.is_instance_of::<web_sys::AbortSignal>(),
        "the provider gets {{ abortSignal }}"
    );
    assert_eq!(get(&signal, "aborted").as_bool(), Some(false));

    let reason = js_error("caller gave up");
    controller.abort_with_reason(&reason);
    let e = fail(pending).await;
    assert!(Object::is(&e, &reason), "rejected with {e:?}");
    // No call waits for the provider any more: its signal says so.
    assert_eq!(get(&signal, "aborted").as_bool(), Some(true));
    assert_eq!(
        string(&signal, "reason.message"),
        "no call waits for these credentials any more"
    );
    assert_eq!(recorder.count(), 0);
}

#[wasm_bindgen_test]
async fn a_slow_provider_is_cut_short_by_close_and_its_signal_aborts() {
    let recorder = Recorder::new(&[]);
    let provider = controlled_provider(false);
    let c = provider_client(&recorder, &provider, &[]);
    let pending = resolve_customer(&c, JsValue::UNDEFINED);
    let signal = provider_signal(&provider, 0);
    c.close();
    let e = fail(pending).await;
    assert_closed(&e);
    assert_eq!(get(&signal, "aborted").as_bool(), Some(true));
    assert!(
        Object::is(&get(&signal, "reason"), &e),
        "the provider's signal aborts with the same ClientClosedError"
    );
    assert_eq!(provider_calls(&provider), 1);
    assert_eq!(recorder.count(), 0);
}

#[wasm_bindgen_test]
async fn a_slow_provider_is_cut_short_by_request_timeout_ms() {
    let recorder = Recorder::new(&[]);
    let provider = controlled_provider(false);
    let c = provider_client(&recorder, &provider, &[("requestTimeoutMs", 30.into())]);
    let started = now();
    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    let elapsed = now() - started;
    assert_class(&e, "TimeoutError");
    assert_eq!(
        string(&e, "message"),
        "credentialsProvider gave no credentials within requestTimeoutMs (30 ms)"
    );
    assert!(!has(&e, "$retryable"));
    assert_eq!(number(&e, "$metadata.attempts"), 0.0);
    assert!(elapsed >= 28.0, "timed out after {elapsed} ms");
    let signal = provider_signal(&provider, 0);
    assert_eq!(get(&signal, "aborted").as_bool(), Some(true));
    assert_eq!(recorder.count(), 0);
}

#[wasm_bindgen_test]
async fn concurrent_calls_share_one_provider_call() {
    let recorder = Recorder::new(&[
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
    ]);
    let provider = controlled_provider(false);
    let c = provider_client(&recorder, &provider, &[]);
    let calls: Vec<Promise> = (0..3)
        .map(|_| resolve_customer(&c, JsValue::UNDEFINED))
        .collect();
    sleep(5).await;
    assert_eq!(
        provider_calls(&provider),
        1,
        "one provider call for three calls"
    );
    settle_provider_call(&provider, 0, &keys_object(SESSION));
    for call in calls {
        succeed(call).await;
    }
    let sent = recorder.calls();
    assert_eq!(sent.len(), 3);
    for s in &sent {
        assert_signed(s, &resolve_customer_request(SESSION));
    }
    assert_eq!(provider_calls(&provider), 1);
}

#[wasm_bindgen_test]
async fn a_call_after_an_aborted_wait_asks_the_provider_afresh() {
    // A provider that checks its signal after its own I/O, as a fetch-based one does.
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let provider = controlled_provider(true);
    let c = provider_client(&recorder, &provider, &[]);
    let controller = AbortController::new().expect("AbortController");
    let first = resolve_customer(&c, with_signal(&controller));
    controller.abort_with_reason(&js_error("caller gave up"));
    fail(first).await;
    assert_eq!(
        get(&provider_signal(&provider, 0), "aborted").as_bool(),
        Some(true)
    );

    // The next call must not wait on the provider call that was told nobody waits.
    let second = resolve_customer(&c, JsValue::UNDEFINED);
    assert_eq!(
        provider_calls(&provider),
        2,
        "a new call joined a provider call whose signal had aborted"
    );
    assert_eq!(
        get(&provider_signal(&provider, 1), "aborted").as_bool(),
        Some(false)
    );
    settle_provider_call(&provider, 0, &keys_object(SESSION));
    settle_provider_call(&provider, 1, &keys_object(SESSION));
    let output = succeed(second).await;
    assert_eq!(string(&output, "customerIdentifier"), "c");
}

/// What a CredentialsError's `cause` must be.
enum Cause {
    Is(JsValue),
    TypeError,
    None,
}

#[wasm_bindgen_test]
async fn provider_failures_and_bad_results_are_credentials_errors() {
    let class_of_credentials: Function = class("CredentialsError").unchecked_into();
    let own = Reflect::construct(
        &class_of_credentials,
        &Array::of2(
            &"the provider's own words".into(),
            &object(&[("name", "AccessDenied".into())]),
        ),
    )
    .expect("a CredentialsError");
    let thrown = js_error("vault unreachable");
    let from_then = js_error("then threw");
    let proxy = revoked_proxy();
    let good = keys_object(SESSION);
    let with = |key: &str, value: JsValue| {
        let o = keys_object(SESSION);
        set(&o, key, &value);
        o
    };
    let value = |v: JsValue| object(&[("value", v)]);
    let throws = |e: &JsValue| object(&[("error", e.clone())]);
    let shape = "credentialsProvider result: ";
    let failed = "credentialsProvider failed (see `cause`)";
    let mut cases: Vec<(JsValue, String, Cause)> = vec![
        (throws(&thrown), failed.into(), Cause::Is(thrown.clone())),
        (throws(&proxy), failed.into(), Cause::Is(proxy.clone())),
        (
            value(throwing_thenable(&from_then)),
            failed.into(),
            Cause::Is(from_then.clone()),
        ),
        (
            value(JsValue::UNDEFINED),
            format!("{shape}must be an object {{ accessKeyId, secretAccessKey, sessionToken?, expiration? }}"),
            Cause::None,
        ),
        (
            value("AKID:secret".into()),
            format!("{shape}must be an object {{ accessKeyId, secretAccessKey, sessionToken?, expiration? }}"),
            Cause::None,
        ),
        (
            value(with("accessKeyId", "".into())),
            format!("{shape}accessKeyId must be a non-empty string"),
            Cause::None,
        ),
        (
            value(with("secretAccessKey", 5.into())),
            format!("{shape}secretAccessKey must be a non-empty string"),
            Cause::None,
        ),
        (
            value(with("sessionToken", 5.into())),
            format!("{shape}sessionToken must be a non-empty string when given"),
            Cause::None,
        ),
        (
            value(with("expiration", "2099-01-01T00:00:00Z".into())),
            format!("{shape}expiration must be a valid Date when given"),
            Cause::None,
        ),
        (
            value(with("expiration", fake_date())),
            format!("{shape}expiration must be a valid Date when given"),
            Cause::None,
        ),
        (
            value(with("expiration", js_sys::Date::new(&f64::NAN.into()).into())),
            format!("{shape}expiration must be a valid Date when given"),
            Cause::None,
        ),
        // Awaiting a revoked Proxy reads its `then`, which throws.
        (value(revoked_proxy()), failed.into(), Cause::TypeError),
        (
            value(throwing_getter(
                &keys_object(SESSION),
                "accessKeyId",
                &js_error("getter"),
            )),
            format!("{shape}accessKeyId must be a non-empty string"),
            Cause::None,
        ),
    ];
    // A provider's own CredentialsError (as fromAssumeRole throws) is passed on as it is.
    cases.push((throws(&own), String::new(), Cause::None));
    let queue: Array = cases.iter().map(|(entry, _, _)| entry.clone()).collect();
    queue.push(&value(good));
    let provider = queue_provider(&queue);
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let c = provider_client(&recorder, &provider, &[]);
    for (i, (_, message, cause)) in cases.iter().enumerate() {
        let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
        if message.is_empty() {
            assert!(
                Object::is(&e, &own),
                "case {i}: not the provider's own error"
            );
            assert_eq!(string(&e, "name"), "AccessDenied");
            continue;
        }
        // The bad results hold SESSION's secret; the message names the member only.
        assert_credentials_error(&e, message);
        match cause {
            Cause::Is(cause) => assert!(
                Object::is(&get(&e, "cause"), cause),
                "case {i}: the cause is what the provider threw"
            ),
            Cause::TypeError => assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>()),
            Cause::None => assert!(!has(&e, "cause"), "case {i}: no cause"),
        }
    }
    assert_eq!(number(&provider, "calls") as usize, cases.len());
    assert_eq!(recorder.count(), 0);
    // The client keeps working, and the good result is used.
    let output = succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_eq!(string(&output, "customerIdentifier"), "c");
    assert_signed(&recorder.calls()[0], &resolve_customer_request(SESSION));
}

#[wasm_bindgen_test]
async fn a_provider_results_expiration_crosses_as_the_dates_instant() {
    // An hour left: kept for the next call. A Date read as anything but its instant (0,
    // seconds, NaN) would be inside the 5-minute refresh window and be asked again.
    let recorder = Recorder::new(&[
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
    ]);
    let provider = controlled_provider(false);
    let c = provider_client(&recorder, &provider, &[]);
    let first = resolve_customer(&c, JsValue::UNDEFINED);
    let expiring = keys_object(SESSION);
    set(
        &expiring,
        "expiration",
        &js_sys::Date::new(&(now() + 3_600_000.0).into()).into(),
    );
    settle_provider_call(&provider, 0, &expiring);
    succeed(first).await;
    succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_eq!(provider_calls(&provider), 1);
}

// ---------------------------------------------------------------------------------------
// Options, inputs and hostile values at the boundary.

#[wasm_bindgen_test]
async fn every_option_is_validated_and_the_client_keeps_working() {
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let region = "is required: a non-empty string such as \"us-east-1\"";
    let attempts = "must be an integer from 1 to 20";
    let timeout = "must be a number of milliseconds from 0 to 2147483647";
    let logger = "must be an object with debug, info, warn and error methods (each optional)";
    let as_a_whole = "must be an object with at least `region`";
    let getter = throwing_getter(&Object::new().into(), "region", &js_error("getter"));
    for (o, field, rule) in [
        (JsValue::UNDEFINED, "options", as_a_whole),
        ("us-east-1".into(), "options", as_a_whole),
        (revoked_proxy(), "region", region),
        (getter, "region", region),
    ] {
        assert_validation(&refused(o), field, rule);
    }
    // One option changed from valid ones: (option, value, rule).
    let region_label =
        "Region not accepted: region=\"us east-1\" is not a valid hostname component.";
    let one_option: Vec<(&str, JsValue, &str)> = vec![
        ("region", JsValue::UNDEFINED, region),
        ("region", "".into(), region),
        ("region", 5.into(), region),
        ("region", "us east-1".into(), region_label),
        ("useFipsEndpoint", "yes".into(), "must be a boolean"),
        ("useDualStackEndpoint", 1.into(), "must be a boolean"),
        ("endpointUrl", 5.into(), "must be a string URL"),
        (
            "fetch",
            "fetch".into(),
            "must be a function like the global fetch",
        ),
        ("maxAttempts", 0.into(), attempts),
        ("maxAttempts", 21.into(), attempts),
        ("maxAttempts", 2.5.into(), attempts),
        ("maxAttempts", "3".into(), attempts),
        ("maxAttempts", f64::NAN.into(), attempts),
        ("requestTimeoutMs", (-1).into(), timeout),
        ("requestTimeoutMs", 2_147_483_648_f64.into(), timeout),
        ("requestTimeoutMs", f64::INFINITY.into(), timeout),
        ("requestTimeoutMs", "30".into(), timeout),
        ("logger", 5.into(), logger),
        ("logger", "console".into(), logger),
        ("customUserAgent", 5.into(), "must be a string"),
        (
            "customUserAgent",
            "app/1\r\nx-evil: 1".into(),
            "must be printable ASCII (a header value)",
        ),
        // fetch's Headers refuses bytes outside ASCII too.
        (
            "customUserAgent",
            "app/1 \u{1F600}".into(),
            "must be printable ASCII (a header value)",
        ),
    ];
    for (key, value, rule) in one_option {
        let o = options(&recorder, Some(LONG_TERM), &[(key, value)]);
        assert_validation(&refused(o), key, rule);
    }
    // A custom endpoint with FIPS or dual-stack is refused as the endpoint rules say.
    for (flag, rule) in [
        ("useFipsEndpoint", "FIPS"),
        ("useDualStackEndpoint", "Dualstack"),
    ] {
        let custom = ("endpointUrl", JsValue::from_str("http://localhost:4566"));
        let o = options(&recorder, Some(LONG_TERM), &[custom, (flag, true.into())]);
        let rule = format!("Invalid Configuration: {rule} and custom endpoint are not supported");
        assert_validation(&refused(o), "endpointUrl", &rule);
    }

    // Credentials problems are CredentialsErrors that name the member, never a value.
    let shape = "must be an object { accessKeyId, secretAccessKey, sessionToken?, expiration? }";
    let keys_with = |key: &str, value: JsValue| {
        let k = keys_object(LONG_TERM);
        set(&k, key, &value);
        k
    };
    let not_date = "expiration must be a valid Date when given";
    let credential_cases: Vec<(JsValue, &str)> = vec![
        ("AKID:secret".into(), shape),
        (
            keys_with("secretAccessKey", JsValue::UNDEFINED),
            "secretAccessKey must be a non-empty string",
        ),
        (
            keys_with("accessKeyId", 5.into()),
            "accessKeyId must be a non-empty string",
        ),
        (
            keys_with("sessionToken", "".into()),
            "sessionToken must be a non-empty string when given",
        ),
        (keys_with("expiration", fake_date()), not_date),
        (
            keys_with("expiration", 4_070_908_800_000_f64.into()),
            not_date,
        ),
        (revoked_proxy(), "accessKeyId must be a non-empty string"),
    ];
    for (credentials, rule) in credential_cases {
        let e = refused(options(&recorder, None, &[("credentials", credentials)]));
        assert_credentials_error(&e, &format!("credentials: {rule}"));
        assert!(!string(&e, "message").contains(SECRET));
    }
    let o = options(&recorder, None, &[("credentialsProvider", "p".into())]);
    let e = refused(o);
    assert_credentials_error(&e, "credentialsProvider must be a function");

    // The edges of each range are accepted; fractions of a millisecond are dropped.
    for (key, value) in [
        ("maxAttempts", 1.0),
        ("maxAttempts", 20.0),
        ("requestTimeoutMs", 0.0),
        ("requestTimeoutMs", 2_147_483_647.0),
        ("requestTimeoutMs", 12.5),
    ] {
        let o = options(&recorder, Some(LONG_TERM), &[(key, value.into())]);
        assert!(
            MarketplaceMetering::new(o).is_ok(),
            "{key}: {value} refused"
        );
    }
    // A revoked Proxy or throwing methods as logger: accepted, and never break a call.
    let noisy = object(&[(
        "debug",
        js_sys::Function::new_no_args("throw new Error('logger')").into(),
    )]);
    for logger in [revoked_proxy(), noisy] {
        let o = options(&recorder, Some(LONG_TERM), &[("logger", logger)]);
        assert!(MarketplaceMetering::new(o).is_ok());
    }

    // Static credentials win over a provider: the provider is never called.
    let provider = controlled_provider(false);
    let c = MarketplaceMetering::new(options(
        &recorder,
        Some(LONG_TERM),
        &[
            ("credentialsProvider", provider.clone()),
            ("logger", revoked_proxy()),
        ],
    ))
    .expect("valid options");
    let output = succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_eq!(string(&output, "customerIdentifier"), "c");
    assert_eq!(provider_calls(&provider), 0);
    assert_signed(&recorder.calls()[0], &resolve_customer_request(LONG_TERM));
}

#[wasm_bindgen_test]
async fn no_credentials_at_all_fails_the_call_before_fetch() {
    let recorder = Recorder::new(&[]);
    let c = MarketplaceMetering::new(options(&recorder, None, &[])).expect("valid options");
    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_credentials_error(
        &e,
        "no credentials: pass `credentials` or `credentialsProvider` to the client",
    );
    assert_eq!(recorder.count(), 0);
}

#[wasm_bindgen_test]
async fn the_endpoint_options_choose_the_url_and_what_is_signed() {
    let recorder = Recorder::new(&[]);
    for (extra, url) in [
        (vec![], ENDPOINT),
        (
            vec![("useFipsEndpoint", true.into())],
            "https://metering.marketplace-fips.us-east-1.amazonaws.com/",
        ),
        (
            vec![("useDualStackEndpoint", true.into())],
            "https://metering-marketplace.us-east-1.api.aws/",
        ),
        (
            vec![
                ("useFipsEndpoint", true.into()),
                ("useDualStackEndpoint", true.into()),
            ],
            "https://metering.marketplace-fips.us-east-1.api.aws/",
        ),
        (
            vec![("endpointUrl", "http://localhost:4566".into())],
            "http://localhost:4566/",
        ),
    ] {
        let c = client(&recorder, LONG_TERM, &extra);
        let prepared = succeed(c.prepare_request(
            "ResolveCustomer".into(),
            from_wire(r#"{"registrationToken":"t"}"#),
        ))
        .await;
        assert_eq!(string(&prepared, "url"), url);
    }

    // Sent to the custom endpoint and signed for its host (port included), still for us-east-1.
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let c = client(
        &recorder,
        LONG_TERM,
        &[("endpointUrl", "http://localhost:4566".into())],
    );
    succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    let mut expected = resolve_customer_request(LONG_TERM);
    expected.url = "http://localhost:4566/";
    assert_signed(&recorder.calls()[0], &expected);
}

#[wasm_bindgen_test]
async fn custom_user_agent_is_in_both_user_agents() {
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let c = client(
        &recorder,
        LONG_TERM,
        &[("customUserAgent", "my-app/1.2 (billing)".into())],
    );
    succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    let sent = recorder.calls();
    let ua = format!("{UA} my-app/1.2 (billing)");
    assert_eq!(sent[0].header("user-agent"), Some(ua.as_str()));
    // Signed, and sent as signed.
    assert_signed(
        &sent[0],
        &metering(
            "ResolveCustomer",
            LONG_TERM,
            &ua,
            br#"{"RegistrationToken":"t"}"#,
        ),
    );
}

#[wasm_bindgen_test]
async fn a_date_crosses_as_its_iso_text_and_other_values_are_refused_by_name() {
    let recorder = Recorder::new(&[ok("{}"), ok("{}")]);
    let c = client(&recorder, LONG_TERM, &[]);
    let meter = |timestamp: JsValue| {
        let input = from_wire(r#"{"productCode":"p","usageDimension":"d","clientToken":"t-1"}"#);
        set(&input, "timestamp", &timestamp);
        c.meter_usage(input, JsValue::UNDEFINED)
    };
    // An ISO string is what a Date becomes: accepted as one.
    succeed(meter("2026-01-01T00:00:00.999Z".into())).await;
    succeed(meter(
        js_sys::Date::new(&1_767_225_600_999_f64.into()).into(),
    ))
    .await;
    let calls = recorder.calls();
    assert_eq!(calls[0].body, calls[1].body);
    assert_eq!(
        calls[0].body_text(),
        r#"{"ProductCode":"p","Timestamp":1767225600,"UsageDimension":"d","ClientToken":"t-1"}"#
    );

    for (timestamp, rule) in [
        ("yesterday".into(), "must be a valid Date"),
        (1_767_225_600_000_f64.into(), "must be a Date, not number"),
        (
            js_sys::Date::new(&f64::NAN.into()).into(),
            "must be a valid Date",
        ),
        (JsValue::NULL, "must be a valid Date"),
    ] {
        let e = fail(meter(timestamp)).await;
        assert_validation(&e, "timestamp", rule);
    }
    let e = fail(c.batch_meter_usage(
        from_wire(r#"{"usageRecords":[{"timestamp":"2026-13-01T00:00:00Z","dimension":"d"}]}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_validation(&e, "usageRecords[0].timestamp", "must be a valid Date");

    // An object that only pretends to be a Date cannot become JSON: refused, with why.
    let e = fail(meter(fake_date())).await;
    assert_validation(
        &e,
        "input",
        "must be plain data that JSON can represent (no BigInt, cycles or throwing getters)",
    );
    assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>());
    assert_eq!(recorder.count(), 2);
}

#[wasm_bindgen_test]
async fn hostile_inputs_and_call_options_are_refused_and_the_client_keeps_working() {
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let c = client(&recorder, LONG_TERM, &[]);
    let json_rule =
        "must be plain data that JSON can represent (no BigInt, cycles or throwing getters)";

    // A member in another case gets a hint; a misspelt one is named where it is.
    let e = fail(c.meter_usage(
        from_wire(r#"{"ProductCode":"p","timestamp":{"$date":0},"usageDimension":"d"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_validation(
        &e,
        "ProductCode",
        "is not a known member; did you mean productCode?",
    );
    let e = fail(c.batch_meter_usage(
        from_wire(r#"{"usageRecords":[{"timestamp":{"$date":0},"dimension":"d","quantitiy":5}]}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_validation(
        &e,
        "usageRecords[0].quantitiy",
        "is not a known member (check its spelling)",
    );

    for input in [
        revoked_proxy(),
        JsValue::from_str("t"),
        JsValue::NULL,
        Array::new().into(),
    ] {
        let e = fail(c.resolve_customer(input, JsValue::UNDEFINED)).await;
        assert_validation(&e, "input", "must be an object");
    }
    let getter_error = js_error("getter");
    let e = fail(c.resolve_customer(
        throwing_getter(&Object::new().into(), "registrationToken", &getter_error),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_validation(&e, "input", json_rule);
    assert!(Object::is(&get(&e, "cause"), &getter_error));
    for input in [with_big_int(), cyclic()] {
        let e = fail(c.resolve_customer(input, JsValue::UNDEFINED)).await;
        assert_validation(&e, "input", json_rule);
        assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>());
    }

    // Call options: only a real AbortSignal.
    for options in [fake_signal(), signal_like(), JsValue::from_str("signal")] {
        let e = fail(resolve_customer(&c, object(&[("abortSignal", options)]))).await;
        assert_validation(&e, "abortSignal", "must be an AbortSignal");
    }
    let e = fail(resolve_customer(&c, 5.into())).await;
    assert_validation(&e, "options", "must be an object { abortSignal? }");

    // A records list that reads differently once validated is refused before sending.
    let e = fail(c.meter_usage_records(
        changing_records(
            &from_wire(r#"[{"timestamp":{"$date":0},"dimension":"d"}]"#),
            &from_wire("[]"),
        ),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_validation(
        &e,
        "usageRecords",
        "must be a plain array that reads the same every time (it changed or threw while being read)",
    );

    assert_eq!(recorder.count(), 0, "nothing may be sent");
    let output = succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_eq!(string(&output, "customerIdentifier"), "c");
}

// ---------------------------------------------------------------------------------------
// The logger.

#[wasm_bindgen_test]
async fn the_logger_gets_each_attempt_and_decision_at_its_level_without_secrets() {
    let recorder = Recorder::new(&[
        bare_503(&[("x-amz-retry-after", "20")]),
        ok(r#"{"CustomerIdentifier":"c"}"#),
        service_error(400, "InvalidTokenException", "bad token"),
    ]);
    let logger = recording_logger();
    let c = client(&recorder, SESSION, &[("logger", logger.clone())]);
    let output = succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    let waited = number(&output, "$metadata.totalRetryDelay");
    fail(resolve_customer(&c, JsValue::UNDEFINED)).await;

    let events = array(&logger, "events");
    let expected = format!(
        "[{}]",
        [
            format!(r#"["debug",{{"event":"attempt","operation":"ResolveCustomer","attempt":1,"httpStatusCode":503,"requestId":"{REQUEST_ID}","errorCode":"503"}}]"#),
            format!(r#"["warn",{{"event":"retry","operation":"ResolveCustomer","attempt":1,"errorCode":"503","delayMs":{waited}}}]"#),
            format!(r#"["debug",{{"event":"attempt","operation":"ResolveCustomer","attempt":2,"httpStatusCode":200,"requestId":"{REQUEST_ID}"}}]"#),
            format!(r#"["debug",{{"event":"attempt","operation":"ResolveCustomer","attempt":1,"httpStatusCode":400,"requestId":"{REQUEST_ID}","errorCode":"InvalidTokenException"}}]"#),
            r#"["error",{"event":"fail","operation":"ResolveCustomer","attempt":1,"errorCode":"InvalidTokenException"}]"#.to_string(),
        ]
        .join(",")
    );
    assert_output(&events, &expected);
    let text = String::from(js_sys::JSON::stringify(&events).expect("JSON"));
    let sent = recorder.calls();
    let signature = sent[0]
        .header("authorization")
        .and_then(|a| a.rsplit("Signature=").next())
        .expect("a signature");
    for secret in [SESSION.secret, SESSION.token.unwrap_or_default(), signature] {
        assert!(!text.contains(secret), "a log event holds a secret");
    }
}

// ---------------------------------------------------------------------------------------
// meterUsageRecords.

/// `n` distinct records (one hour, dimension `d`, customers `c0`…) as the caller's objects.
fn records(n: usize) -> JsValue {
    let list: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"timestamp":{{"$date":1767225600000}},"customerIdentifier":"c{i}","dimension":"d","quantity":{i}}}"#))
        .collect();
    from_wire(&format!(
        r#"{{"productCode":"prod-1","usageRecords":[{}]}}"#,
        list.join(",")
    ))
}

fn records_of(sent: &Sent) -> u32 {
    array(
        &js_sys::JSON::parse(&sent.body_text()).expect("JSON"),
        "UsageRecords",
    )
    .length()
}

#[wasm_bindgen_test]
async fn meter_usage_records_splits_into_calls_and_hands_back_the_callers_own_records() {
    let recorder = Recorder::new(&[echo(), echo()]);
    let c = client(&recorder, LONG_TERM, &[]);
    let input = records(30);
    let output = succeed(c.meter_usage_records(input.clone(), JsValue::UNDEFINED)).await;

    let sent = recorder.calls();
    assert_eq!(sent.len(), 2);
    let mut sizes: Vec<u32> = sent.iter().map(records_of).collect();
    sizes.sort_unstable();
    assert_eq!(sizes, [5, 25]);
    for s in &sent {
        assert_signed(s, &metering("BatchMeterUsage", LONG_TERM, UA, &s.body));
        assert!(s.body_text().ends_with(r#"],"ProductCode":"prod-1"}"#));
    }
    let mut keys: Vec<String> = Object::keys(output.unchecked_ref::<Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    keys.sort();
    assert_eq!(keys, ["results", "unprocessedRecords"]);
    let given = array(&input, "usageRecords");
    let results = array(&output, "results");
    assert_eq!(results.length(), 30);
    for (i, r) in results.iter().enumerate() {
        assert!(
            Object::is(&get(&r, "usageRecord"), &given.get(i as u32)),
            "result {i} does not carry the caller's own record"
        );
        assert_eq!(string(&r, "status"), "Success");
        assert!(string(&r, "meteringRecordId").starts_with("mr-"));
    }
    assert_eq!(array(&output, "unprocessedRecords").length(), 0);

    let e = fail(c.meter_usage_records(records(1), object(&[("concurrency", 11.into())]))).await;
    assert_validation(&e, "concurrency", "must be an integer from 1 to 10");
}

#[wasm_bindgen_test]
async fn a_failed_records_call_gives_a_batch_error_with_its_records() {
    // One call at a time, so the first (25 records) meets the error and the second the echo.
    let recorder = Recorder::new(&[
        service_error(400, "InvalidProductCodeException", "no such product"),
        echo(),
    ]);
    let c = client(&recorder, LONG_TERM, &[]);
    let input = records(30);
    let e = fail(c.meter_usage_records(input.clone(), object(&[("concurrency", 1.into())]))).await;
    assert_class(&e, "BatchError");
    assert_eq!(string(&e, "name"), "BatchError");
    // The message quotes the first failed call's own error.
    assert_eq!(
        string(&e, "message"),
        "25 of 30 usage records were not metered: 1 call(s) failed (first: no such product); see `failures` and the unprocessed records"
    );
    assert_output(&get(&e, "$retryable"), r#"{"throttling":false}"#);

    let given = array(&input, "usageRecords");
    let same = |list: &Array, from: u32, what: &str| {
        for (k, r) in list.iter().enumerate() {
            assert!(
                Object::is(&r, &given.get(from + k as u32)),
                "{what}[{k}] is not the caller's own record"
            );
        }
    };
    let failures = array(&e, "failures");
    assert_eq!(failures.length(), 1);
    let failure = failures.get(0);
    let error = get(&failure, "error");
    assert_class(&error, "InvalidProductCodeException");
    assert_eq!(string(&error, "message"), "no such product");
    let carried = array(&failure, "usageRecords");
    assert_eq!(carried.length(), 25);
    same(&carried, 0, "failures[0].usageRecords");
    let unprocessed = array(&e, "unprocessedRecords");
    assert_eq!(unprocessed.length(), 25);
    same(&unprocessed, 0, "unprocessedRecords");
    let results = array(&e, "results");
    assert_eq!(results.length(), 5);
    let echoed: Array = results.iter().map(|r| get(&r, "usageRecord")).collect();
    same(&echoed, 25, "results");
    let sent = recorder.calls();
    assert_eq!(sent.iter().map(records_of).collect::<Vec<_>>(), [25, 5]);
}

// ---------------------------------------------------------------------------------------
// fromAssumeRole.

fn sts_answer(keys: Keys, expiration: &str) -> JsValue {
    answer(
        200,
        &[("content-type", "text/xml")],
        &format!(
            concat!(
                r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>"#,
                r#"<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Metering/s1</Arn><AssumedRoleId>AROAEXAMPLE:s1</AssumedRoleId></AssumedRoleUser>"#,
                r#"<Credentials><AccessKeyId>{}</AccessKeyId><SecretAccessKey>{}</SecretAccessKey><SessionToken>{}</SessionToken><Expiration>{}</Expiration></Credentials>"#,
                r#"</AssumeRoleResult><ResponseMetadata><RequestId>sts-req-1</RequestId></ResponseMetadata></AssumeRoleResponse>"#
            ),
            keys.access_key_id,
            keys.secret,
            keys.token.unwrap_or_default(),
            expiration
        ),
    )
}

fn assume_role_options(sts: &Recorder, extra: &[(&str, JsValue)]) -> JsValue {
    let o = object(&[
        ("roleArn", ROLE_ARN.into()),
        ("credentials", keys_object(LONG_TERM)),
        ("fetch", sts.fetch()),
    ]);
    for (key, value) in extra {
        set(&o, key, value);
    }
    o
}

fn sts_request<'a>(body: &'a [u8]) -> Expected<'a> {
    Expected {
        url: STS_ENDPOINT,
        service: "sts",
        keys: LONG_TERM,
        headers: vec![
            (
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            ),
            ("x-amz-user-agent", UA.into()),
        ],
        body,
    }
}

#[wasm_bindgen_test]
async fn from_assume_role_signs_an_sts_query_and_the_client_signs_with_its_session() {
    let sts = Recorder::new(&[sts_answer(ASSUMED, "2099-01-01T00:00:00Z")]);
    let provider = from_assume_role(assume_role_options(
        &sts,
        &[
            ("roleSessionName", "s1".into()),
            ("externalId", "ext-1".into()),
            ("durationSeconds", 900.into()),
        ],
    ))
    .expect("valid options");
    assert!(provider.is_function());
    let metering_fetch = Recorder::new(&[
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
    ]);
    let c = provider_client(&metering_fetch, &provider, &[]);
    succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;
    succeed(resolve_customer(&c, JsValue::UNDEFINED)).await;

    let sent = sts.calls();
    assert_eq!(
        sent.len(),
        1,
        "the session is kept until near its expiration"
    );
    assert_signed(
        &sent[0],
        &sts_request(
            b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FMetering&RoleSessionName=s1&DurationSeconds=900&ExternalId=ext-1",
        ),
    );
    for s in &metering_fetch.calls() {
        assert_signed(s, &resolve_customer_request(ASSUMED));
    }

    // Called directly, the provider gives the credentials with their expiration as a Date;
    // without a session name it makes one from the time.
    let sts = Recorder::new(&[sts_answer(ASSUMED, "2099-01-01T00:00:00.250Z")]);
    let provider = from_assume_role(assume_role_options(&sts, &[])).expect("valid options");
    let started = now();
    let props = object(&[]);
    let promise: Promise = provider
        .unchecked_ref::<Function>()
        .call1(&JsValue::UNDEFINED, &props)
        .expect("the provider returns")
        .dyn_into()
        .expect("a promise");
    let credentials = succeed(promise).await;
    let expected = format!(
        r#"{{"accessKeyId":"{}","secretAccessKey":"{}","sessionToken":"{}","expiration":{{"$date":{}}}}}"#,
        ASSUMED.access_key_id,
        ASSUMED.secret,
        ASSUMED.token.unwrap_or_default(),
        parse_rfc3339_millis("2099-01-01T00:00:00.250Z").expect("a date")
    );
    assert_output(&credentials, &expected);
    let body = sts.calls()[0].body_text();
    let session = body
        .strip_prefix("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FMetering&RoleSessionName=marketplace-metering-wasm-")
        .unwrap_or_else(|| panic!("body {body:?}"));
    let ms: f64 = session.parse().expect("the session name ends in the time");
    assert!(
        (started - 1.0..=now() + 1.0).contains(&ms),
        "session {session}"
    );
}

#[wasm_bindgen_test]
async fn an_sts_error_rejects_the_metering_call_with_a_credentials_error_named_by_its_code() {
    let sts = Recorder::new(&[answer(
        403,
        &[("content-type", "text/xml")],
        concat!(
            r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>AccessDenied</Code>"#,
            r#"<Message>User: arn:aws:iam::123456789012:user/metering is not authorized to perform: sts:AssumeRole</Message></Error>"#,
            r#"<RequestId>sts-req-2</RequestId></ErrorResponse>"#
        ),
    )]);
    let provider = from_assume_role(assume_role_options(&sts, &[])).expect("valid options");
    let metering_fetch = Recorder::new(&[]);
    let c = provider_client(&metering_fetch, &provider, &[]);
    let e = fail(resolve_customer(&c, JsValue::UNDEFINED)).await;
    assert_class(&e, "CredentialsError");
    assert_eq!(string(&e, "name"), "AccessDenied");
    assert_eq!(
        string(&e, "message"),
        "User: arn:aws:iam::123456789012:user/metering is not authorized to perform: sts:AssumeRole"
    );
    assert!(!has(&e, "$retryable"));
    assert_error_metadata(&e, Some(403), Some("sts-req-2"), 1);
    assert_eq!(sts.count(), 1);
    assert_eq!(metering_fetch.count(), 0);
}

#[wasm_bindgen_test]
fn from_assume_role_options_are_checked_at_once() {
    let sts = Recorder::new(&[]);
    let refuse = |extra: &[(&str, JsValue)]| {
        from_assume_role(assume_role_options(&sts, extra)).expect_err("refused")
    };
    assert_validation(
        &refuse(&[("roleArn", JsValue::UNDEFINED)]),
        "roleArn",
        "is required",
    );
    assert_validation(
        &refuse(&[("roleArn", "Metering".into())]),
        "roleArn",
        "must be a role ARN (arn:aws:iam::<account>:role/<name>), 20 to 2048 characters",
    );
    assert_validation(
        &refuse(&[("roleSessionName", "a b".into())]),
        "roleSessionName",
        "must be 2 to 64 characters of letters, digits and _+=,.@-",
    );
    assert_validation(
        &refuse(&[("durationSeconds", 899.into())]),
        "durationSeconds",
        "must be an integer from 900 to 43200",
    );
    assert_validation(
        &refuse(&[("maxAttempts", 0.into())]),
        "maxAttempts",
        "must be an integer from 1 to 20",
    );
    assert_validation(
        &from_assume_role(JsValue::UNDEFINED).expect_err("refused"),
        "options",
        "must be an object with at least `roleArn`",
    );
    assert_credentials_error(
        &refuse(&[("credentials", JsValue::UNDEFINED)]),
        "fromAssumeRole needs `credentials` or `credentialsProvider` to call STS with",
    );
    assert_eq!(sts.count(), 0);
}

// ---------------------------------------------------------------------------------------
// SigV4 compiled to wasm.

/// The signer as compiled for wasm32 (32-bit usize, no native intrinsics) against a published
/// vector. The signing key derivation is private, so AWS's IAM signing-key example cannot be
/// checked directly; a full `sign()` of aws-c-auth's `get-vanilla` case covers the same HMAC
/// chain. Expected values copied from aws-c-auth `tests/aws-signing-test-suite/v4/get-vanilla/`
/// (`header-string-to-sign.txt`, `header-signature.txt`), also in
/// shared/testdata/sigv4-suite/aws-c-auth/v4/get-vanilla.
#[wasm_bindgen_test]
fn sigv4_signs_aws_c_auth_get_vanilla_inside_wasm() {
    let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
    let output = sign(
        &SignableRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &[("Host", "example.amazonaws.com")],
            body: b"",
        },
        &SigningSettings::default(),
        &SigningParams {
            credentials: &credentials,
            region: "us-east-1",
            service: "service",
            time: parse_rfc3339_millis("2015-08-30T12:36:00Z").expect("a date") / 1000,
        },
        &mut SigningKeyCache::new(),
    )
    .expect("sign");
    assert_eq!(
        output.string_to_sign().to_string(),
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
         bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
    );
    assert_eq!(
        output.signature(),
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
    );
    let authorization = output
        .instructions()
        .headers()
        .iter()
        .find(|(name, _)| *name == "authorization")
        .map(|(_, value)| value.as_str());
    assert_eq!(
        authorization,
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
    );
}
