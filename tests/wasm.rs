//! The exported `MarketplaceMetering` class inside real JS engines: Node (`wasm-pack test
//! --node`) and headless Chromium (`wasm-pack test --headless --chrome`) run this one suite.
//!
//! `fetch` is a recording function (the `inline_js` module below): it keeps each call's URL,
//! method, headers as handed to fetch and body bytes, and answers from a script of canned
//! `Response`s. So the assertions see exactly what a server would be sent, and the client
//! parses answers through the runtime's own `Response`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
use marketplace_metering_wasm::sigv4::{
    sign, Credentials, SignableRequest, SigningKeyCache, SigningParams, SigningSettings,
};
use marketplace_metering_wasm::time::{format_amz_date, parse_rfc3339_millis};
use marketplace_metering_wasm::wasm::MarketplaceMetering;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;
use web_sys::AbortController;

#[wasm_bindgen(inline_js = r#"
// Records every call and answers from `script`, one entry per call: `{ status, headers,
// body }`, or "hang" for a call that only ends when its signal aborts (as fetch does). Headers
// are recorded as given, before a Headers object could drop a forbidden `host` or merge names.
export function recordingFetch(script) {
  const calls = [];
  let next = 0;
  async function fetch(url, init = {}) {
    const raw = init.headers ?? [];
    const headers = [];
    if (Array.isArray(raw)) for (const [n, v] of raw) headers.push([String(n), String(v)]);
    else if (typeof raw.forEach === "function") raw.forEach((v, n) => headers.push([n, v]));
    else for (const [n, v] of Object.entries(raw)) headers.push([n, String(v)]);
    const body = init.body == null ? new Uint8Array(0) : new Uint8Array(await new Response(init.body).arrayBuffer());
    calls.push({ url: String(url), method: init.method ?? "GET", headers, body, at: Date.now() });
    const answer = script[next++];
    if (answer === undefined || answer === "fail") throw new TypeError(`fetch #${next} failed`);
    if (answer === "hang") {
      return new Promise((_, reject) => {
        const signal = init.signal;
        if (!signal) return;
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  }
  return { fetch, calls };
}

// An async credentials provider that counts its calls; its credentials expire `expiresInMs`
// after each call.
export function countingProvider(accessKeyId, secretAccessKey, sessionToken, expiresInMs) {
  const provider = async () => {
    provider.calls++;
    return { accessKeyId, secretAccessKey, sessionToken, expiration: new Date(Date.now() + expiresInMs) };
  };
  provider.calls = 0;
  return provider;
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
    #[wasm_bindgen(js_name = fromWire)]
    fn from_wire(text: &str) -> JsValue;
    fn difference(actual: &JsValue, expected: &JsValue) -> String;
    #[wasm_bindgen(js_name = instanceOf)]
    fn instance_of(value: &JsValue, class: &JsValue) -> bool;
    fn delay(ms: u32) -> Promise;
    #[wasm_bindgen(js_name = countingProvider)]
    fn counting_provider(
        access_key_id: &str,
        secret_access_key: &str,
        session_token: &str,
        expires_in_ms: f64,
    ) -> JsValue;
}

// The classes the package exports, from the very module the client builds its errors with.
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

        fn error_class(name: &str) -> JsValue {
            match name {
                $(stringify!($class) => $class.with(JsValue::clone),)*
                _ => panic!("js/errors.js exports no class {name}"),
            }
        }
    };
}

error_classes!(
    MarketplaceMeteringError,
    MarketplaceMeteringServiceException,
    ValidationError,
    NetworkError,
    TimeoutError,
    InternalServiceErrorException,
    InvalidProductCodeException,
    InvalidUsageDimensionException,
    InvalidTagException,
    InvalidUsageAllocationsException,
    InvalidCustomerIdentifierException,
    TimestampOutOfBoundsException,
    ThrottlingException,
    DisabledApiException,
    InvalidLicenseException,
    InvalidEndpointRegionException,
    DuplicateRequestException,
    IdempotencyConflictException,
    CustomerNotEntitledException,
    InvalidRegionException,
    InvalidPublicKeyVersionException,
    PlatformNotSupportedException,
    InvalidTokenException,
    ExpiredTokenException,
);

const ENDPOINT: &str = "https://metering.marketplace.us-east-1.amazonaws.com/";
const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SESSION_ACCESS_KEY_ID: &str = "ASIAEXAMPLESESSION";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLE/+token==";
const REQUEST_ID: &str = "1b2c3d4e-0000-4000-8000-000000000001";

// ---------------------------------------------------------------------------------------
// Helpers: JS values, the recorder, the client.

fn get(target: &JsValue, path: &str) -> JsValue {
    path.split('.').fold(target.clone(), |v, key| {
        Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

fn set(target: &Object, key: &str, value: &JsValue) {
    Reflect::set(target, &JsValue::from_str(key), value).expect("set a property");
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

/// One canned answer.
fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> JsValue {
    let a = Object::new();
    set(&a, "status", &f64::from(status).into());
    let h = Array::new();
    for (name, value) in headers {
        h.push(&Array::of2(&(*name).into(), &(*value).into()));
    }
    set(&a, "headers", &h);
    set(&a, "body", &body.into());
    a.into()
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

fn hang() -> JsValue {
    "hang".into()
}

/// fetch itself throws, as it does when the connection fails.
fn network_failure() -> JsValue {
    "fail".into()
}

struct Call {
    url: String,
    method: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    at_ms: f64,
}

impl Call {
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
}

struct Recorder(JsValue);

impl Recorder {
    fn new(script: &[JsValue]) -> Self {
        Recorder(recording_fetch(&script.iter().collect()))
    }

    fn fetch(&self) -> JsValue {
        get(&self.0, "fetch")
    }

    fn calls(&self) -> Vec<Call> {
        let calls: Array = get(&self.0, "calls").dyn_into().expect("calls array");
        calls
            .iter()
            .map(|c| Call {
                url: string(&c, "url"),
                method: string(&c, "method"),
                headers: get(&c, "headers")
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
                    .collect(),
                body: get(&c, "body")
                    .dyn_into::<Uint8Array>()
                    .expect("body bytes")
                    .to_vec(),
                at_ms: number(&c, "at"),
            })
            .collect()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Creds {
    LongTerm,
    Session,
}

impl Creds {
    fn access_key_id(self) -> &'static str {
        match self {
            Creds::LongTerm => ACCESS_KEY_ID,
            Creds::Session => SESSION_ACCESS_KEY_ID,
        }
    }

    fn session_token(self) -> Option<&'static str> {
        match self {
            Creds::LongTerm => None,
            Creds::Session => Some(SESSION_TOKEN),
        }
    }
}

fn client(recorder: &Recorder, creds: Creds, extra: &[(&str, JsValue)]) -> MarketplaceMetering {
    let credentials = Object::new();
    set(&credentials, "accessKeyId", &creds.access_key_id().into());
    set(&credentials, "secretAccessKey", &SECRET.into());
    if let Some(token) = creds.session_token() {
        set(&credentials, "sessionToken", &token.into());
    }
    let options = Object::new();
    set(&options, "region", &"us-east-1".into());
    set(&options, "credentials", &credentials);
    set(&options, "fetch", &recorder.fetch());
    for (key, value) in extra {
        set(&options, key, value);
    }
    MarketplaceMetering::new(options.into()).expect("the options are valid")
}

fn resolve_customer(c: &MarketplaceMetering, registration_token: &str) -> Promise {
    let input = Object::new();
    set(&input, "registrationToken", &registration_token.into());
    c.resolve_customer(input.into(), JsValue::UNDEFINED)
}

async fn settle(promise: Promise) -> Result<JsValue, JsValue> {
    JsFuture::from(promise).await
}

async fn succeed(promise: Promise) -> JsValue {
    match settle(promise).await {
        Ok(v) => v,
        Err(e) => panic!(
            "expected success, got {}: {}",
            string(&e, "name"),
            string(&e, "message")
        ),
    }
}

async fn fail(promise: Promise) -> JsValue {
    match settle(promise).await {
        Ok(v) => panic!("expected a rejection, got {v:?}"),
        Err(e) => e,
    }
}

fn assert_output(actual: &JsValue, expected_wire: &str) {
    let diff = difference(actual, &from_wire(expected_wire));
    assert!(diff.is_empty(), "output differs at {diff}");
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

/// Everything a Metering request must carry, and nothing else: the endpoint, POST, the
/// awsJson headers, SigV4 for `us-east-1`/`aws-marketplace` over exactly these headers, no
/// `host` (fetch sends the URL's), and `body` byte for byte. The signature is then computed
/// again with the crate's public signer from what was recorded, so the bytes sent are the
/// bytes signed.
fn assert_signed_request(call: &Call, operation: &str, creds: Creds, body: &str) {
    assert_eq!(call.url, ENDPOINT);
    assert_eq!(call.method, "POST");
    let mut expected_names = vec![
        "authorization",
        "content-type",
        "x-amz-date",
        "x-amz-target",
    ];
    if creds == Creds::Session {
        expected_names.push("x-amz-security-token");
    }
    expected_names.sort();
    assert_eq!(call.names(), expected_names, "the headers sent (no host)");
    assert_eq!(call.header("host"), None);
    assert_eq!(
        call.header("content-type"),
        Some("application/x-amz-json-1.1")
    );
    let target = format!("AWSMPMeteringService.{operation}");
    assert_eq!(call.header("x-amz-target"), Some(target.as_str()));
    assert_eq!(call.header("x-amz-security-token"), creds.session_token());
    assert_eq!(call.body_text(), body, "the body sent");

    let amz_date = call.header("x-amz-date").expect("x-amz-date");
    let signed_at = amz_date_secs(amz_date);
    let now = (call.at_ms / 1000.0).floor() as i64;
    assert!(
        (signed_at - now).abs() <= 300,
        "signed at {signed_at}, sent at {now}"
    );

    let signed_headers = match creds {
        Creds::LongTerm => "content-type;host;x-amz-date;x-amz-target",
        Creds::Session => "content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
    };
    let authorization = call.header("authorization").expect("authorization");
    let prefix = format!(
        "AWS4-HMAC-SHA256 Credential={}/{}/us-east-1/aws-marketplace/aws4_request, SignedHeaders={signed_headers}, Signature=",
        creds.access_key_id(),
        &amz_date[..8],
    );
    let signature = authorization
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("authorization {authorization:?} does not start {prefix:?}"));
    assert!(
        signature.len() == 64
            && signature
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "signature {signature:?} is not 64 lowercase hex digits"
    );

    let credentials = Credentials::new(
        creds.access_key_id(),
        SECRET,
        creds.session_token().map(str::to_owned),
    );
    let headers = [
        ("host", "metering.marketplace.us-east-1.amazonaws.com"),
        ("content-type", "application/x-amz-json-1.1"),
        ("x-amz-target", target.as_str()),
    ];
    let again = sign(
        &SignableRequest {
            method: "POST",
            path: "/",
            query: "",
            headers: &headers,
            body: &call.body,
        },
        &SigningSettings::default(),
        &SigningParams {
            credentials: &credentials,
            region: "us-east-1",
            service: "aws-marketplace",
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

// ---------------------------------------------------------------------------------------
// Requests and outputs, one operation at a time.

#[wasm_bindgen_test]
async fn batch_meter_usage_sends_pascal_case_epoch_seconds_and_parses_the_results() {
    let recorder = Recorder::new(&[ok(concat!(
        r#"{"Results":[{"UsageRecord":{"Timestamp":1767225599,"CustomerIdentifier":"cust-1","Dimension":"users","Quantity":3,"#,
        r#""UsageAllocations":[{"AllocatedUsageQuantity":3,"Tags":[{"Key":"team","Value":"a"}]}]},"MeteringRecordId":"mr-1","Status":"Success","NewMember":1},"#,
        r#"{"UsageRecord":{"Timestamp":1767222000.5,"CustomerAWSAccountId":"123456789012","LicenseArn":"arn:aws:license-manager::123456789012:license:l-1","Dimension":"gb"},"Status":"CustomerNotSubscribed"}],"#,
        r#""UnprocessedRecords":[{"Timestamp":1767222000,"Dimension":"gb","Quantity":1}]}"#
    ))]);
    let c = client(&recorder, Creds::LongTerm, &[]);
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
    assert_signed_request(
        &calls[0],
        "BatchMeterUsage",
        Creds::LongTerm,
        concat!(
            r#"{"UsageRecords":[{"Timestamp":1767225599,"CustomerIdentifier":"cust-1","Dimension":"users","Quantity":3,"#,
            r#""UsageAllocations":[{"AllocatedUsageQuantity":3,"Tags":[{"Key":"team","Value":"a"}]}]},"#,
            r#"{"Timestamp":1767222000,"Dimension":"gb","CustomerAWSAccountId":"123456789012","LicenseArn":"arn:aws:license-manager::123456789012:license:l-1"}],"#,
            r#""ProductCode":"prod-demo-saas"}"#
        ),
    );
    // Unknown members (`NewMember`) are dropped; absent ones stay absent; Dates are Dates.
    assert_output(
        &output,
        concat!(
            r#"{"results":[{"usageRecord":{"timestamp":{"$date":1767225599000},"customerIdentifier":"cust-1","dimension":"users","quantity":3,"#,
            r#""usageAllocations":[{"allocatedUsageQuantity":3,"tags":[{"key":"team","value":"a"}]}]},"meteringRecordId":"mr-1","status":"Success"},"#,
            r#"{"usageRecord":{"timestamp":{"$date":1767222000500},"customerAWSAccountId":"123456789012","licenseArn":"arn:aws:license-manager::123456789012:license:l-1","dimension":"gb"},"status":"CustomerNotSubscribed"}],"#,
            r#""unprocessedRecords":[{"timestamp":{"$date":1767222000000},"dimension":"gb","quantity":1}]}"#
        ),
    );
}

#[wasm_bindgen_test]
async fn meter_usage_with_a_session_token_gets_a_uuid_v4_client_token() {
    let recorder = Recorder::new(&[
        ok(r#"{"MeteringRecordId":"8f5e3c2a-1111-4222-8333-944455566677"}"#),
        ok(r#"{"MeteringRecordId":"mr-2"}"#),
    ]);
    let c = client(&recorder, Creds::Session, &[]);
    let input = || {
        from_wire(
            r#"{"productCode":"prod-container","timestamp":{"$date":1767225600999},"usageDimension":"vcpu_hours","usageQuantity":7,"dryRun":false}"#,
        )
    };
    let output = succeed(c.meter_usage(input(), JsValue::UNDEFINED)).await;
    assert_output(
        &output,
        r#"{"meteringRecordId":"8f5e3c2a-1111-4222-8333-944455566677"}"#,
    );
    succeed(c.meter_usage(input(), JsValue::UNDEFINED)).await;

    let calls = recorder.calls();
    assert_eq!(calls.len(), 2);
    let token = |call: &Call| {
        string(
            &js_sys::JSON::parse(&call.body_text()).unwrap(),
            "ClientToken",
        )
    };
    let first = token(&calls[0]);
    assert_uuid_v4(&first);
    assert_signed_request(
        &calls[0],
        "MeterUsage",
        Creds::Session,
        &format!(
            r#"{{"ProductCode":"prod-container","Timestamp":1767225600,"UsageDimension":"vcpu_hours","UsageQuantity":7,"DryRun":false,"ClientToken":"{first}"}}"#
        ),
    );
    // Two calls are two usages: each gets its own token.
    let second = token(&calls[1]);
    assert_uuid_v4(&second);
    assert_ne!(first, second);
}

#[wasm_bindgen_test]
async fn meter_usage_sends_only_what_was_given_and_a_given_client_token_as_is() {
    let recorder = Recorder::new(&[ok(r#"{"MeteringRecordId":"mr-1"}"#)]);
    let c = client(&recorder, Creds::LongTerm, &[]);
    let input = from_wire(
        r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"d","clientToken":"my-token-1"}"#,
    );
    succeed(c.meter_usage(input, JsValue::UNDEFINED)).await;
    assert_signed_request(
        &recorder.calls()[0],
        "MeterUsage",
        Creds::LongTerm,
        r#"{"ProductCode":"p","Timestamp":0,"UsageDimension":"d","ClientToken":"my-token-1"}"#,
    );
}

#[wasm_bindgen_test]
async fn register_usage_request_and_output_with_a_date() {
    let recorder = Recorder::new(&[
        ok(
            r#"{"Signature":"eyJhbGciOiJQUzI1NiJ9.e30.sig","PublicKeyRotationTimestamp":1767225600.5}"#,
        ),
        ok(r#"{"Signature":"s2"}"#),
    ]);
    let c = client(&recorder, Creds::Session, &[]);
    let output = succeed(c.register_usage(
        from_wire(r#"{"productCode":"prod-container","publicKeyVersion":1,"nonce":"n-123"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(
        &output,
        r#"{"signature":"eyJhbGciOiJQUzI1NiJ9.e30.sig","publicKeyRotationTimestamp":{"$date":1767225600500}}"#,
    );
    let output = succeed(c.register_usage(
        from_wire(r#"{"productCode":"prod-container","publicKeyVersion":2}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(&output, r#"{"signature":"s2"}"#);

    let calls = recorder.calls();
    assert_signed_request(
        &calls[0],
        "RegisterUsage",
        Creds::Session,
        r#"{"ProductCode":"prod-container","PublicKeyVersion":1,"Nonce":"n-123"}"#,
    );
    assert_signed_request(
        &calls[1],
        "RegisterUsage",
        Creds::Session,
        r#"{"ProductCode":"prod-container","PublicKeyVersion":2}"#,
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
    let c = client(&recorder, Creds::LongTerm, &[]);
    let output = succeed(resolve_customer(&c, "tok/+=abc\n\"é")).await;
    assert_output(
        &output,
        r#"{"customerIdentifier":"cust-1","productCode":"prod-demo-saas","customerAWSAccountId":"123456789012","licenseArn":"arn:aws:license-manager::123456789012:license:l-1"}"#,
    );
    let output = succeed(resolve_customer(&c, "t2")).await;
    assert_output(
        &output,
        r#"{"productCode":"prod-demo-saas","customerAWSAccountId":"123456789012"}"#,
    );

    let calls = recorder.calls();
    assert_signed_request(
        &calls[0],
        "ResolveCustomer",
        Creds::LongTerm,
        "{\"RegistrationToken\":\"tok/+=abc\\n\\\"é\"}",
    );
    assert_signed_request(
        &calls[1],
        "ResolveCustomer",
        Creds::LongTerm,
        r#"{"RegistrationToken":"t2"}"#,
    );
}

// ---------------------------------------------------------------------------------------
// Errors.

/// The AWS SDK v3 error shape, and the class chain up to `Error`.
fn assert_service_error(
    e: &JsValue,
    class: &str,
    name: &str,
    status: u16,
    fault: &str,
    retryable: bool,
    attempts: u32,
) {
    assert!(
        instance_of(e, &error_class(class)),
        "{} is not a {class}",
        string(e, "name")
    );
    assert!(instance_of(
        e,
        &error_class("MarketplaceMeteringServiceException")
    ));
    assert!(instance_of(e, &error_class("MarketplaceMeteringError")));
    assert!(e.is_instance_of::<js_sys::Error>());
    assert_eq!(string(e, "name"), name);
    assert_eq!(number(e, "$metadata.httpStatusCode"), f64::from(status));
    assert_eq!(string(e, "$metadata.requestId"), REQUEST_ID);
    assert_eq!(string(e, "$fault"), fault, "{name} $fault");
    assert_eq!(
        get(e, "$retryable").as_bool(),
        Some(retryable),
        "{name} $retryable"
    );
    assert_eq!(
        number(e, "$metadata.attempts"),
        f64::from(attempts),
        "{name} attempts"
    );
}

#[wasm_bindgen_test]
async fn every_modelled_error_becomes_its_class() {
    // (code, status, $fault, $retryable): the model marks InternalServiceErrorException a
    // server fault; it and ThrottlingException are the two worth retrying.
    let cases: &[(&str, u16, &str, bool)] = &[
        ("InternalServiceErrorException", 500, "server", true),
        ("InvalidProductCodeException", 400, "client", false),
        ("InvalidUsageDimensionException", 400, "client", false),
        ("InvalidTagException", 400, "client", false),
        ("InvalidUsageAllocationsException", 400, "client", false),
        ("InvalidCustomerIdentifierException", 400, "client", false),
        ("TimestampOutOfBoundsException", 400, "client", false),
        ("ThrottlingException", 400, "client", true),
        ("DisabledApiException", 400, "client", false),
        ("InvalidLicenseException", 400, "client", false),
        ("InvalidEndpointRegionException", 400, "client", false),
        ("DuplicateRequestException", 400, "client", false),
        ("IdempotencyConflictException", 409, "client", false),
        ("CustomerNotEntitledException", 400, "client", false),
        ("InvalidRegionException", 400, "client", false),
        ("InvalidPublicKeyVersionException", 400, "client", false),
        ("PlatformNotSupportedException", 400, "client", false),
        ("InvalidTokenException", 400, "client", false),
        ("ExpiredTokenException", 400, "client", false),
    ];
    let script: Vec<JsValue> = cases
        .iter()
        .map(|(code, status, _, _)| service_error(*status, code, &format!("about {code}")))
        .collect();
    let recorder = Recorder::new(&script);
    // One attempt each, so the retryable two fail at once and the script stays in step.
    let c = client(&recorder, Creds::LongTerm, &[("maxAttempts", 1.into())]);
    for (code, status, fault, retryable) in cases {
        let e = fail(resolve_customer(&c, "t")).await;
        assert_service_error(&e, code, code, *status, fault, *retryable, 1);
        assert_eq!(string(&e, "message"), format!("about {code}"));
    }
    assert_eq!(recorder.calls().len(), cases.len());
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
    let c = client(&recorder, Creds::LongTerm, &[]);
    let e = fail(c.meter_usage(
        from_wire(r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"nope"}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_service_error(
        &e,
        "InvalidUsageDimensionException",
        "InvalidUsageDimensionException",
        400,
        "client",
        false,
        1,
    );
    assert_eq!(string(&e, "message"), "Dimension nope is not valid");
    assert_eq!(recorder.calls().len(), 1);
}

#[wasm_bindgen_test]
async fn a_bare_503_is_retried_with_the_same_client_token_then_succeeds() {
    let bare_503 = answer(503, &[("x-amzn-requestid", REQUEST_ID)], "");
    let recorder = Recorder::new(&[bare_503, ok(r#"{"MeteringRecordId":"mr-1"}"#)]);
    let c = client(&recorder, Creds::Session, &[]);
    let output = succeed(c.meter_usage(
        from_wire(r#"{"productCode":"p","timestamp":{"$date":1767225600000},"usageDimension":"d","usageQuantity":1}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert_output(&output, r#"{"meteringRecordId":"mr-1"}"#);

    let calls = recorder.calls();
    assert_eq!(calls.len(), 2);
    // The retry is the same usage: the same client token, so the service counts it once.
    assert_eq!(calls[0].body, calls[1].body);
    let body = calls[1].body_text();
    let token = string(&js_sys::JSON::parse(&body).unwrap(), "ClientToken");
    assert_uuid_v4(&token);
    for call in &calls {
        assert_signed_request(call, "MeterUsage", Creds::Session, &body);
    }
}

#[wasm_bindgen_test]
async fn a_bare_503_every_time_ends_as_a_server_fault_named_by_its_status() {
    let bare_503 = || answer(503, &[("x-amzn-requestid", REQUEST_ID)], "");
    let recorder = Recorder::new(&[bare_503(), bare_503()]);
    let c = client(&recorder, Creds::LongTerm, &[("maxAttempts", 2.into())]);
    let e = fail(resolve_customer(&c, "t")).await;
    assert_service_error(
        &e,
        "MarketplaceMeteringServiceException",
        "503",
        503,
        "server",
        true,
        2,
    );
    assert_eq!(recorder.calls().len(), 2);
}

#[wasm_bindgen_test]
async fn throttling_is_retried_and_the_attempts_are_counted() {
    let throttled = || {
        answer(
            400,
            &[
                (
                    "x-amzn-errortype",
                    "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/",
                ),
                ("x-amzn-requestid", REQUEST_ID),
            ],
            r#"{"message":"Rate exceeded"}"#,
        )
    };
    let recorder = Recorder::new(&[
        throttled(),
        throttled(),
        throttled(),
        throttled(),
        ok(r#"{"Results":[],"UnprocessedRecords":[]}"#),
    ]);
    let c = client(&recorder, Creds::LongTerm, &[("maxAttempts", 3.into())]);
    let input = || {
        from_wire(
            r#"{"usageRecords":[{"timestamp":{"$date":1767225600000},"customerIdentifier":"c","dimension":"d"}]}"#,
        )
    };
    let e = fail(c.batch_meter_usage(input(), JsValue::UNDEFINED)).await;
    assert_service_error(
        &e,
        "ThrottlingException",
        "ThrottlingException",
        400,
        "client",
        true,
        3,
    );
    assert_eq!(string(&e, "message"), "Rate exceeded");
    // Full-jitter backoff from a 500 ms throttling base: at most 500 + 1000 ms for two waits.
    let waited = number(&e, "$metadata.totalRetryDelay");
    assert!((0.0..=1500.0).contains(&waited), "totalRetryDelay {waited}");
    assert_eq!(recorder.calls().len(), 3);

    // The next call is retried past one more throttle and succeeds on its second attempt.
    let output = succeed(c.batch_meter_usage(input(), JsValue::UNDEFINED)).await;
    assert_output(&output, r#"{"results":[],"unprocessedRecords":[]}"#);
    let calls = recorder.calls();
    assert_eq!(calls.len(), 5);
    assert_eq!(calls[3].body, calls[4].body);
}

#[wasm_bindgen_test]
async fn a_signature_time_error_teaches_the_clock_offset_and_the_retry_uses_it() {
    // The service's clock is an hour ahead of this one.
    let server = js_sys::Date::new_0();
    server.set_time(server.get_time() + 3_600_000.0);
    let recorder = Recorder::new(&[
        answer(
            400,
            &[
                ("x-amzn-errortype", "InvalidSignatureException"),
                ("x-amzn-requestid", REQUEST_ID),
                ("date", &String::from(server.to_utc_string())),
            ],
            r#"{"message":"Signature expired: 20260101T000000Z is now earlier than 20260101T010000Z (20260101T011500Z - 15 min.)"}"#,
        ),
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
    ]);
    let c = client(&recorder, Creds::LongTerm, &[]);
    succeed(resolve_customer(&c, "t")).await;
    succeed(resolve_customer(&c, "t")).await;

    let calls = recorder.calls();
    assert_eq!(calls.len(), 3);
    let skew = |call: &Call| {
        let signed = amz_date_secs(call.header("x-amz-date").expect("x-amz-date"));
        signed - (call.at_ms / 1000.0).floor() as i64
    };
    assert!(
        skew(&calls[0]).abs() <= 300,
        "first signed on the local clock"
    );
    // The retry, and every later call, is signed on the service's clock.
    for call in &calls[1..] {
        assert!(
            (skew(call) - 3600).abs() <= 300,
            "signed {} s off the local clock",
            skew(call)
        );
    }
}

#[wasm_bindgen_test]
async fn a_failed_fetch_is_retried_then_ends_as_a_network_error() {
    let recorder = Recorder::new(&[
        network_failure(),
        ok(r#"{"CustomerIdentifier":"c"}"#),
        network_failure(),
        network_failure(),
    ]);
    let c = client(&recorder, Creds::LongTerm, &[("maxAttempts", 2.into())]);
    let output = succeed(resolve_customer(&c, "t")).await;
    assert_output(&output, r#"{"customerIdentifier":"c"}"#);

    let e = fail(resolve_customer(&c, "t")).await;
    assert!(instance_of(&e, &error_class("NetworkError")));
    assert!(instance_of(&e, &error_class("MarketplaceMeteringError")));
    assert_eq!(string(&e, "name"), "NetworkError");
    assert_eq!(get(&e, "$retryable").as_bool(), Some(true));
    assert_eq!(number(&e, "$metadata.attempts"), 2.0);
    // What fetch threw is kept as the cause.
    assert!(get(&e, "cause").is_instance_of::<js_sys::TypeError>());
    assert_eq!(recorder.calls().len(), 4);
}

#[wasm_bindgen_test]
async fn a_request_past_its_timeout_is_retried_then_ends_as_a_timeout_error() {
    let recorder = Recorder::new(&[hang(), hang()]);
    let c = client(
        &recorder,
        Creds::LongTerm,
        &[("maxAttempts", 2.into()), ("requestTimeoutMs", 30.into())],
    );
    let e = fail(resolve_customer(&c, "t")).await;
    assert!(instance_of(&e, &error_class("TimeoutError")));
    assert_eq!(string(&e, "name"), "TimeoutError");
    assert_eq!(get(&e, "$retryable").as_bool(), Some(true));
    assert_eq!(number(&e, "$metadata.attempts"), 2.0);
    assert_eq!(recorder.calls().len(), 2);
}

#[wasm_bindgen_test]
async fn a_credentials_provider_is_called_once_until_its_credentials_near_expiry() {
    let recorder = Recorder::new(&[
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
        ok(r#"{"CustomerIdentifier":"c"}"#),
    ]);
    let fresh = counting_provider(SESSION_ACCESS_KEY_ID, SECRET, SESSION_TOKEN, 3_600_000.0);
    let options = Object::new();
    set(&options, "region", &"us-east-1".into());
    set(&options, "credentialsProvider", &fresh);
    set(&options, "fetch", &recorder.fetch());
    let c = MarketplaceMetering::new(options.clone().into()).expect("valid options");
    succeed(resolve_customer(&c, "t")).await;
    succeed(resolve_customer(&c, "t")).await;
    assert_eq!(number(&fresh, "calls"), 1.0, "an hour left: cached");

    // Credentials with a minute left are inside the five-minute refresh window.
    let expiring = counting_provider(SESSION_ACCESS_KEY_ID, SECRET, SESSION_TOKEN, 60_000.0);
    set(&options, "credentialsProvider", &expiring);
    let c = MarketplaceMetering::new(options.into()).expect("valid options");
    succeed(resolve_customer(&c, "t")).await;
    succeed(resolve_customer(&c, "t")).await;
    assert_eq!(
        number(&expiring, "calls"),
        2.0,
        "a minute left: asked again"
    );

    for call in recorder.calls() {
        assert_signed_request(
            &call,
            "ResolveCustomer",
            Creds::Session,
            r#"{"RegistrationToken":"t"}"#,
        );
    }
}

#[wasm_bindgen_test]
async fn invalid_input_is_refused_before_anything_is_fetched() {
    let recorder = Recorder::new(&[]);
    let c = client(&recorder, Creds::LongTerm, &[]);
    // A misspelt member would otherwise meter nothing: it is refused where it is.
    let e = fail(c.meter_usage(
        from_wire(r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"d","usageQuantitty":5}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert!(instance_of(&e, &error_class("ValidationError")));
    assert!(instance_of(&e, &error_class("MarketplaceMeteringError")));
    assert!(!instance_of(
        &e,
        &error_class("MarketplaceMeteringServiceException")
    ));
    assert_eq!(string(&e, "name"), "ValidationError");
    assert_eq!(string(&e, "field"), "usageQuantitty");
    assert_eq!(
        string(&e, "rule"),
        "is not a known member (check its spelling)"
    );
    assert_eq!(string(&e, "$fault"), "client");
    assert_eq!(get(&e, "$retryable").as_bool(), Some(false));
    assert_eq!(number(&e, "$metadata.attempts"), 0.0);

    let e = fail(c.batch_meter_usage(
        from_wire(r#"{"usageRecords":[{"timestamp":{"$date":0},"customerIdentifier":"c","dimension":""}]}"#),
        JsValue::UNDEFINED,
    ))
    .await;
    assert!(instance_of(&e, &error_class("ValidationError")));
    assert_eq!(string(&e, "field"), "usageRecords[0].dimension");

    let e = fail(c.register_usage(from_wire(r#"{"productCode":"p"}"#), JsValue::UNDEFINED)).await;
    assert_eq!(string(&e, "field"), "publicKeyVersion");
    assert_eq!(string(&e, "rule"), "is required");
    assert_eq!(recorder.calls().len(), 0, "nothing may be sent");
}

// ---------------------------------------------------------------------------------------
// Cancellation.

/// Waits (a few ms at a time, at most ~2 s) until `recorder` has seen `n` calls.
async fn until_fetched(recorder: &Recorder, n: usize) {
    for _ in 0..400 {
        if recorder.calls().len() >= n {
            return;
        }
        JsFuture::from(delay(5)).await.expect("timer");
    }
    panic!("fetch was not called {n} times");
}

#[wasm_bindgen_test]
async fn abort_rejects_with_the_signals_reason() {
    let recorder = Recorder::new(&[hang(), hang()]);
    let c = client(&recorder, Creds::LongTerm, &[]);
    let call_options = |controller: &AbortController| {
        let o = Object::new();
        set(&o, "abortSignal", &controller.signal());
        JsValue::from(o)
    };
    let input = || from_wire(r#"{"registrationToken":"t"}"#);

    // Aborted while the request is in flight.
    let controller = AbortController::new().unwrap();
    let pending = c.resolve_customer(input(), call_options(&controller));
    until_fetched(&recorder, 1).await;
    let reason = js_sys::Error::new("caller gave up");
    controller.abort_with_reason(&reason);
    let e = fail(pending).await;
    assert!(
        Object::is(&e, &reason),
        "rejected with {e:?}, not the signal's reason"
    );

    // Aborted before the call: it rejects with that reason too, and is not retried.
    let controller = AbortController::new().unwrap();
    let reason = JsValue::from_str("already aborted");
    controller.abort_with_reason(&reason);
    let e = fail(c.resolve_customer(input(), call_options(&controller))).await;
    assert!(Object::is(&e, &reason), "rejected with {e:?}");
    assert!(recorder.calls().len() <= 2);

    // A signal that never fires changes nothing.
    let recorder = Recorder::new(&[ok(r#"{"CustomerIdentifier":"c"}"#)]);
    let c = client(&recorder, Creds::LongTerm, &[]);
    let controller = AbortController::new().unwrap();
    let output = succeed(c.resolve_customer(input(), call_options(&controller))).await;
    assert_output(&output, r#"{"customerIdentifier":"c"}"#);
}

#[wasm_bindgen_test]
async fn close_aborts_calls_in_flight_and_refuses_later_ones() {
    let recorder = Recorder::new(&[hang()]);
    let c = client(&recorder, Creds::LongTerm, &[]);
    let input = || from_wire(r#"{"registrationToken":"t"}"#);
    let pending = c.resolve_customer(input(), JsValue::UNDEFINED);
    until_fetched(&recorder, 1).await;
    c.close();
    let closed = |e: &JsValue| {
        assert!(instance_of(e, &error_class("MarketplaceMeteringError")));
        assert!(!instance_of(
            e,
            &error_class("MarketplaceMeteringServiceException")
        ));
        assert_eq!(string(e, "name"), "ClientClosedError");
    };
    closed(&fail(pending).await);

    c.close(); // idempotent
    closed(
        &fail(c.meter_usage(
            from_wire(r#"{"productCode":"p","timestamp":{"$date":0},"usageDimension":"d"}"#),
            JsValue::UNDEFINED,
        ))
        .await,
    );
    assert_eq!(recorder.calls().len(), 1, "a closed client sends nothing");
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
