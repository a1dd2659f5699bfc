//! The exported `MarketplaceMetering` class: options, the four operations as Promises, and
//! the attempt loop (sign, fetch, parse, decide, wait) around the sans-IO core.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Math, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::{AbortController, AbortSignal};

use super::bindings;
use super::credentials::{self, Source};
use super::error::{ErrorInfo, Kind};
use super::transport::{self, TransportError};
use crate::client::{self, Client, ClientConfig};
use crate::error::{Fault, ResponseError};
use crate::http::{HttpRequest, HttpResponse};
use crate::model::js::input_from_js_text;
use crate::model::{Input, Operation, Output, ValidationError};
use crate::retry::{self, Decision, Failure, RetryQuota, RetryState, Retryability};
use crate::sigv4::Credentials;
use crate::time;

/// Highest `maxAttempts` accepted; more would only multiply load during an outage.
const MAX_ATTEMPTS_LIMIT: u32 = 20;
/// Longest `requestTimeoutMs`: timers take a signed 32-bit delay, and a longer one fires
/// after 1 ms in Node, browsers and workerd, which would time out every attempt at once.
const MAX_TIMEOUT_MS: f64 = 2_147_483_647.0;

/// A client for the AWS Marketplace Metering Service. See index.d.ts for the full contract.
#[wasm_bindgen]
pub struct MarketplaceMetering {
    inner: Rc<Inner>,
}

pub(crate) struct Inner {
    core: RefCell<Client>,
    credentials: Source,
    credential_cache: RefCell<credentials::Cache>,
    fetch: JsValue,
    pub(crate) max_attempts: u32,
    request_timeout_ms: f64,
    /// Aborted by `close()`, which cancels every call in flight.
    pub(crate) closer: AbortController,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    closed: bool,
    /// Server time minus local time, learnt from a signature-time error's `Date` header.
    clock_offset_secs: i64,
    quota: RetryQuota,
}

pub(crate) fn get(target: &JsValue, key: &str) -> JsValue {
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub(crate) fn absent(v: &JsValue) -> bool {
    v.is_undefined() || v.is_null()
}

pub(crate) fn invalid_option(field: &str, rule: &str) -> JsValue {
    ErrorInfo::validation(field, rule).into_js()
}

fn optional_bool(options: &JsValue, key: &str) -> Result<bool, JsValue> {
    let v = get(options, key);
    if absent(&v) {
        return Ok(false);
    }
    v.as_bool()
        .ok_or_else(|| invalid_option(key, "must be a boolean"))
}

#[wasm_bindgen]
impl MarketplaceMetering {
    /// `new MarketplaceMetering({ region, credentials?, credentialsProvider?, fetch?,
    /// endpointUrl?, useFipsEndpoint?, useDualStackEndpoint?, maxAttempts?, requestTimeoutMs? })`
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<MarketplaceMetering, JsValue> {
        if !options.is_object() {
            return Err(invalid_option(
                "options",
                "must be an object with at least `region`",
            ));
        }
        let region = match get(&options, "region").as_string() {
            Some(r) if !r.is_empty() => r,
            _ => {
                return Err(invalid_option(
                    "region",
                    "is required: a non-empty string such as \"us-east-1\"",
                ))
            }
        };
        let endpoint_v = get(&options, "endpointUrl");
        let endpoint_url = if absent(&endpoint_v) {
            None
        } else {
            Some(
                endpoint_v
                    .as_string()
                    .ok_or_else(|| invalid_option("endpointUrl", "must be a string URL"))?,
            )
        };
        let use_fips = optional_bool(&options, "useFipsEndpoint")?;
        let use_dual_stack = optional_bool(&options, "useDualStackEndpoint")?;
        let config = ClientConfig::new(&region, use_fips, use_dual_stack, endpoint_url.as_deref())
            .map_err(|e| {
                let field = if endpoint_url.is_some() {
                    "endpointUrl"
                } else {
                    "region"
                };
                invalid_option(field, &e.to_string())
            })?;

        let attempts_v = get(&options, "maxAttempts");
        let max_attempts = if absent(&attempts_v) {
            retry::DEFAULT_MAX_ATTEMPTS
        } else {
            match attempts_v.as_f64() {
                Some(n)
                    if n.fract() == 0.0 && (1.0..=f64::from(MAX_ATTEMPTS_LIMIT)).contains(&n) =>
                {
                    n as u32
                }
                _ => {
                    return Err(invalid_option(
                        "maxAttempts",
                        "must be an integer from 1 to 20",
                    ))
                }
            }
        };
        let timeout_v = get(&options, "requestTimeoutMs");
        let request_timeout_ms = if absent(&timeout_v) {
            0.0
        } else {
            match timeout_v.as_f64() {
                Some(n) if (0.0..=MAX_TIMEOUT_MS).contains(&n) => n,
                _ => {
                    return Err(invalid_option(
                        "requestTimeoutMs",
                        "must be a number of milliseconds from 0 to 2147483647",
                    ))
                }
            }
        };
        let fetch = get(&options, "fetch");
        if !absent(&fetch) && !fetch.is_function() {
            return Err(invalid_option(
                "fetch",
                "must be a function like the global fetch",
            ));
        }

        // Static credentials win over a provider when both are given.
        let static_v = get(&options, "credentials");
        let provider_v = get(&options, "credentialsProvider");
        let credentials = if !absent(&static_v) {
            let (creds, _expiration) =
                credentials::parse(&static_v, "credentials").map_err(ErrorInfo::into_js)?;
            Source::Static(creds)
        } else if let Some(f) = provider_v.dyn_ref::<Function>() {
            Source::Provider(f.clone())
        } else if !absent(&provider_v) {
            return Err(ErrorInfo::new(
                Kind::Credentials,
                "credentialsProvider must be a function",
            )
            .into_js());
        } else {
            Source::Missing
        };

        let closer = AbortController::new().map_err(|e| {
            ErrorInfo::new(Kind::Client, "this runtime has no AbortController")
                .with_cause(e)
                .into_js()
        })?;
        Ok(MarketplaceMetering {
            inner: Rc::new(Inner {
                core: RefCell::new(Client::new(config)),
                credentials,
                credential_cache: RefCell::new(credentials::Cache::default()),
                fetch: if absent(&fetch) {
                    JsValue::UNDEFINED
                } else {
                    fetch
                },
                max_attempts,
                request_timeout_ms,
                closer,
                state: RefCell::new(State::default()),
            }),
        })
    }

    /// BatchMeterUsage: up to 25 usage records for one product in one call.
    #[wasm_bindgen(js_name = batchMeterUsage)]
    pub fn batch_meter_usage(&self, input: JsValue, options: JsValue) -> Promise {
        self.call(Operation::BatchMeterUsage, input, options)
    }

    /// MeterUsage: one usage record, idempotent through `clientToken`.
    #[wasm_bindgen(js_name = meterUsage)]
    pub fn meter_usage(&self, input: JsValue, options: JsValue) -> Promise {
        self.call(Operation::MeterUsage, input, options)
    }

    /// RegisterUsage: for paid container products.
    #[wasm_bindgen(js_name = registerUsage)]
    pub fn register_usage(&self, input: JsValue, options: JsValue) -> Promise {
        self.call(Operation::RegisterUsage, input, options)
    }

    /// ResolveCustomer: a registration token to the customer it belongs to.
    #[wasm_bindgen(js_name = resolveCustomer)]
    pub fn resolve_customer(&self, input: JsValue, options: JsValue) -> Promise {
        self.call(Operation::ResolveCustomer, input, options)
    }

    /// Any number of usage records for one product: split into BatchMeterUsage calls of at
    /// most 25 records and under 1 MB, sent `concurrency` at a time (default 4), with
    /// `unprocessedRecords` sent again within `maxAttempts`. Every record comes back once, in
    /// `results` or `unprocessedRecords`; if a call failed as a whole, the promise rejects
    /// with a `BatchError` that carries the same lists plus `failures`.
    #[wasm_bindgen(js_name = meterUsageRecords)]
    pub fn meter_usage_records(&self, input: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move { super::records::run(inner, input, options).await })
    }

    /// The signed request for one operation (`"BatchMeterUsage"`, `"MeterUsage"`,
    /// `"RegisterUsage"`, `"ResolveCustomer"`), validated and signed exactly as a call would
    /// send it, but not sent: `{ method, url, headers, body }`. For sending through a proxy or
    /// a queue, and for measuring. Signatures expire after 15 minutes.
    #[wasm_bindgen(js_name = prepareRequest)]
    pub fn prepare_request(&self, operation: JsValue, input: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            if inner.is_closed() {
                return Err(closed_error());
            }
            let name = operation.as_string().unwrap_or_default();
            let op = Operation::ALL
                .into_iter()
                .find(|op| op.wire_name() == name)
                .ok_or_else(|| {
                    invalid_option(
                        "operation",
                        "must be \"BatchMeterUsage\", \"MeterUsage\", \"RegisterUsage\" or \"ResolveCustomer\"",
                    )
                })?;
            let parsed = read_input(op, &input)?;
            let credentials =
                credentials::resolve(&inner.credentials, &inner.credential_cache, bindings::now())
                    .await
                    .map_err(ErrorInfo::into_js)?;
            let (request, _, _) = sign(&inner, &parsed, &credentials)?;
            let out = js_sys::Object::new();
            let headers = js_sys::Object::new();
            for (name, value) in &request.headers {
                super::error::set(&headers, name, &value.into());
            }
            super::error::set(&out, "method", &request.method.into());
            super::error::set(&out, "url", &request.url.into());
            super::error::set(&out, "headers", &headers);
            super::error::set(
                &out,
                "body",
                &js_sys::Uint8Array::from(request.body.as_slice()),
            );
            Ok(out.into())
        })
    }

    /// Closes the client: calls in flight are aborted, later calls reject. Idempotent.
    pub fn close(&self) {
        let first = {
            let mut state = self.inner.state.borrow_mut();
            !std::mem::replace(&mut state.closed, true)
        };
        if first {
            self.inner.closer.abort_with_reason(&closed_error());
        }
    }

    fn call(&self, op: Operation, input: JsValue, options: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move { run(&inner, op, &input, &options).await })
    }
}

pub(crate) fn closed_error() -> JsValue {
    let mut info = ErrorInfo::new(Kind::Client, "the MarketplaceMetering client was closed");
    info.name = Some("ClientClosedError".to_owned());
    info.into_js()
}

pub(crate) fn validation_error(e: ValidationError) -> JsValue {
    ErrorInfo::validation(&e.field, &e.rule).into_js()
}

/// The call's own `abortSignal`, if the second argument has one.
pub(crate) fn call_signal(options: &JsValue) -> Result<JsValue, JsValue> {
    if absent(options) {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(invalid_option(
            "options",
            "must be an object { abortSignal? }",
        ));
    }
    let signal = get(options, "abortSignal");
    if absent(&signal) || signal.is_instance_of::<AbortSignal>() {
        Ok(signal)
    } else {
        Err(invalid_option("abortSignal", "must be an AbortSignal"))
    }
}

/// An input object as the JSON text the core reads (Dates as `{"$date": ms}`); `shape` says
/// what a non-object should have been.
pub(crate) fn input_json(input: &JsValue, shape: &str) -> Result<String, JsValue> {
    if !input.is_object() || bindings::is_array(input) {
        return Err(invalid_option("input", shape));
    }
    bindings::to_wire(input).map_err(|cause| {
        ErrorInfo::validation(
            "input",
            "must be plain data that JSON can represent (no BigInt, cycles or throwing getters)",
        )
        .with_cause(cause)
        .into_js()
    })
}

/// Reads and validates a JS input for `op`; nothing is signed or sent when this fails.
pub(crate) fn read_input(op: Operation, input: &JsValue) -> Result<Input, JsValue> {
    let text = input_json(input, "must be an object")?;
    let mut parsed = input_from_js_text(op, text.as_bytes()).map_err(validation_error)?;
    if let Input::MeterUsage(m) = &mut parsed {
        if m.client_token.is_none() {
            // One token per call, reused by every retry: that is what makes a retry of a
            // MeterUsage whose answer was lost safe.
            let mut bytes = [0u8; 16];
            let random = bindings::random_bytes(16);
            for (b, r) in bytes.iter_mut().zip(random) {
                *b = r;
            }
            m.client_token = Some(client::uuid_v4(bytes));
        }
    }
    Ok(parsed)
}

async fn run(
    inner: &Rc<Inner>,
    op: Operation,
    input: &JsValue,
    options: &JsValue,
) -> Result<JsValue, JsValue> {
    if inner.is_closed() {
        return Err(closed_error());
    }
    let signal = call_signal(options)?;
    let parsed = read_input(op, input)?;
    let output = send(inner, &parsed, &signal).await?;
    bindings::from_wire(&output.to_js()).map_err(|e| {
        ErrorInfo::new(Kind::Client, "could not hand the output to JavaScript")
            .with_cause(e)
            .into_js()
    })
}

/// Signs one attempt at the current time, corrected by the learnt clock offset. Returns the
/// request with the local time (unix seconds) and the offset it was signed with.
fn sign(
    inner: &Inner,
    input: &Input,
    credentials: &Credentials,
) -> Result<(HttpRequest, i64, i64), JsValue> {
    let local_now = (bindings::now() / 1000.0).floor() as i64;
    let offset = inner.state.borrow().clock_offset_secs;
    let request = inner
        .core
        .borrow_mut()
        .prepare(input, credentials, local_now.saturating_add(offset))
        .map_err(|e| {
            ErrorInfo::new(Kind::Client, format!("could not sign the request: {e}")).into_js()
        })?;
    Ok((request, local_now, offset))
}

/// One operation with retries: returns the output, or the JS error.
pub(crate) async fn send(
    inner: &Rc<Inner>,
    input: &Input,
    signal: &JsValue,
) -> Result<Output, JsValue> {
    let op = input.operation();
    let signals = Array::of2(&inner.closer.signal(), signal);
    let mut retry = RetryState::new();
    loop {
        let credentials =
            credentials::resolve(&inner.credentials, &inner.credential_cache, bindings::now())
                .await
                .map_err(|e| {
                    e.with_attempts(retry.attempts(), retry.total_delay_ms())
                        .into_js()
                })?;
        let (request, local_now, offset) = sign(inner, input, &credentials)?;
        retry.start_attempt();

        let attempt =
            transport::send(&inner.fetch, &request, inner.request_timeout_ms, &signals).await;
        let (info, class, retry_after, is_timeout) = match attempt {
            Err(TransportError::Aborted(reason)) => return Err(reason),
            Err(TransportError::Timeout(cause)) => {
                let mut info = ErrorInfo::new(
                    Kind::Timeout,
                    // As an integer: formatting an f64 pulls in KB of float printing.
                    format!(
                        "no response within requestTimeoutMs ({} ms)",
                        inner.request_timeout_ms as u64
                    ),
                )
                .with_cause(cause);
                info.retryable = true;
                (info, retry::classify(&Failure::Timeout), None, true)
            }
            Err(TransportError::Network(cause, status)) => {
                let mut info = match status {
                    Some(status) => {
                        let mut info = ErrorInfo::new(
                            Kind::Network,
                            format!("the service answered HTTP {status} but the response could not be read (see `cause`)"),
                        );
                        info.http_status = Some(status);
                        info.server_fault = true;
                        info
                    }
                    None => ErrorInfo::new(Kind::Network, "the request could not be sent (see `cause`)"),
                }
                .with_cause(cause);
                info.retryable = true;
                (info, retry::classify(&Failure::Network), None, false)
            }
            Ok(response) => match client::parse(op, &response) {
                Ok(output) => {
                    retry.on_success(&mut inner.state.borrow_mut().quota);
                    return Ok(output);
                }
                Err(error) => {
                    let (info, class) =
                        response_failure(inner, &error, &response, local_now, offset);
                    let retry_after = retry::retry_after_ms(
                        response.header("retry-after"),
                        response.header("x-amz-retry-after"),
                        local_now,
                        time::parse_http_date,
                    );
                    (info, class, retry_after, false)
                }
            },
        };
        let decision = retry.on_failure(
            class,
            is_timeout,
            retry_after,
            Math::random(),
            inner.max_attempts,
            &mut inner.state.borrow_mut().quota,
        );
        match decision {
            Decision::Stop => {
                return Err(info
                    .with_attempts(retry.attempts(), retry.total_delay_ms())
                    .into_js())
            }
            Decision::RetryAfter { delay_ms } => {
                if delay_ms > 0 {
                    JsFuture::from(bindings::sleep(delay_ms as f64, &signals)).await?;
                }
            }
        }
    }
}

/// The error a response carries, and whether it is worth retrying. A signature-time error
/// teaches the clock offset from the response's `Date`, so the retry is signed on the
/// service's clock (and every later call too). `signed_offset` is the offset this attempt
/// was signed with: concurrent calls share the offset, and one of them may have corrected it
/// while this attempt was in flight, so the learnt offset is compared with what this attempt
/// used, not with the current one (which would find "no skew" and fail the call).
fn response_failure(
    inner: &Inner,
    error: &ResponseError,
    response: &HttpResponse,
    local_now: i64,
    signed_offset: i64,
) -> (ErrorInfo, Retryability) {
    match error {
        ResponseError::Service(e) => {
            let code = e.code.as_str();
            let message = e.message.as_deref().unwrap_or("");
            let mut class = retry::classify(&Failure::Service {
                status: e.status,
                code,
                message,
            });
            if class == Retryability::ClockSkew {
                let mut state = inner.state.borrow_mut();
                let learnt = response
                    .header("date")
                    .and_then(time::parse_http_date)
                    .and_then(|server| retry::learn_clock_offset(server, local_now, signed_offset));
                match learnt {
                    Some(offset) => state.clock_offset_secs = offset,
                    None => class = Retryability::No,
                }
            }
            let mut info = ErrorInfo::new(
                Kind::Service,
                if message.is_empty() {
                    format!("{code} (HTTP {})", e.status)
                } else {
                    message.to_owned()
                },
            );
            info.name = Some(code.to_owned());
            info.server_fault = e.fault() == Fault::Server;
            info.retryable = class != Retryability::No;
            info.http_status = Some(e.status);
            info.request_id = e.request_id.clone();
            (info, class)
        }
        ResponseError::UnreadableSuccess {
            status,
            request_id,
            reason,
        } => {
            let mut info = ErrorInfo::new(
                Kind::Network,
                format!("the service answered HTTP {status} but the response could not be read: {reason}"),
            );
            info.server_fault = true;
            info.retryable = true;
            info.http_status = Some(*status);
            info.request_id = request_id.clone();
            (info, retry::classify(&Failure::UnreadableSuccess))
        }
    }
}

impl Inner {
    pub(crate) fn is_closed(&self) -> bool {
        self.state.borrow().closed
    }
}
