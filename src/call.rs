//! The call machine: one operation from its validated request to an output or an error,
//! driven by events, as quinn-proto drives a connection. [`Call::poll`] says what the edge
//! must do next ([`Action`]); the `handle_*` methods take what happened (credentials, a
//! response, a transport failure, a timer) with the time. Every decision is made here —
//! signing each attempt afresh on the corrected clock, retries in the AWS SDKs' standard mode
//! (attempt limit, full-jitter backoff, `Retry-After`, the client-wide quota), clock-skew
//! learning, the client token chosen once per call, when credentials must be fetched — and
//! nothing here waits, reads a clock or draws randomness: the seed is given at the start.

use alloc::string::String;
use alloc::vec::Vec;

use crate::answer::{self, BatchAnswer};
use crate::client::{Client, Lookup};
use crate::error::{self, CallError, ErrorKind, ResponseError, ServiceError};
use crate::http::{HttpRequest, HttpResponse};
use crate::json;
use crate::model::schema::Fault;
use crate::model::walk::{self, TopList};
use crate::model::{Operation, ValidationError};
use crate::options::{self, Opt};
use crate::protocol;
use crate::retry::{self, Decision, Failure as RetryFailure, RetryState, Retryability};
use crate::sigv4::{self, Credentials};
use crate::sts::{self, AssumeRole, AssumedCredentials};
use crate::time;

/// A response `Date` this far from the corrected clock moves the clock offset, as the AWS SDKs
/// do on every response (`getUpdatedSystemClockOffset`).
const SKEW_THRESHOLD_MS: i64 = 5 * 60 * 1000;

/// What a call sends.
#[derive(Debug)]
pub enum Request {
    /// A Marketplace Metering operation with the body the walker wrote (moved into the HTTP
    /// request at the first attempt). `batch`: the answer goes to a records plan instead of to
    /// the caller.
    Metering {
        op: Operation,
        body: String,
        batch: bool,
    },
    /// STS `AssumeRole`, for `fromAssumeRole`.
    AssumeRole(AssumeRole),
}

/// What a call gives when it succeeds.
#[derive(Debug, PartialEq, Eq)]
pub enum Output {
    /// The operation's output as JS JSON text (camelCase, timestamps as `{"$date": ms}`),
    /// with `$metadata`.
    Js(String),
    /// A BatchMeterUsage answer for a records plan.
    Batch(BatchAnswer),
    Credentials(AssumedCredentials),
}

/// Why an attempt produced no response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TransportFailure {
    /// `requestTimeoutMs` passed first (also while waiting for the credentials provider).
    Timeout,
    /// fetch failed; `status` when the response head arrived but its body could not be read
    /// (the request may have taken effect).
    Network { status: Option<u16> },
    /// The caller's signal (or `close()`) fired.
    Aborted,
}

/// What the edge must do next.
#[derive(Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// Ask the credentials provider, then [`Call::handle_credentials`].
    NeedCredentials,
    /// Send this request (within `timeout_ms`, 0 = none), then [`Call::handle_response`] or
    /// [`Call::handle_failure`].
    Send {
        request: &'a HttpRequest,
        timeout_ms: u32,
    },
    /// Wait, then [`Call::handle_timer`].
    Sleep {
        ms: u64,
    },
    /// Nothing until an event arrives.
    Wait,
    /// Finished: [`Call::take_outcome`].
    Done,
    Failed,
}

/// A log event for a `logger`: never a secret, a signature, a token or a body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEvent {
    pub level: Level,
    /// JSON text: `{"event":"attempt"|"retry"|"fail", "operation", "attempt", …}`.
    pub json: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Debug,
    Warn,
    Error,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

#[derive(Debug)]
enum State {
    /// The next attempt can go as soon as there are credentials.
    Ready,
    /// A wait is due before the next attempt.
    Delay(u64),
    Sleeping,
    AwaitingCredentials,
    /// An attempt is out: the local time it was signed at and the clock offset it used.
    InFlight {
        local_ms: i64,
        offset_ms: i64,
    },
    Done(Output),
    Failed(CallError),
    Taken,
}

/// One call.
#[derive(Debug)]
pub struct Call {
    request: Request,
    /// Built at the first attempt and signed afresh for each.
    http: Option<HttpRequest>,
    state: State,
    retry: RetryState,
    rng: u64,
    http_status: Option<u16>,
    request_id: Option<String>,
    log: Vec<LogEvent>,
    /// The provider just answered for this call: its credentials serve the next attempt even
    /// if they expire within the refresh window (asking again would only get them again).
    credentials_given: bool,
}

impl Call {
    /// A call for `request`, with 16 random bytes: they seed the backoff jitter.
    pub fn new(request: Request, seed: [u8; 16]) -> Self {
        let mut rng = 0x9E37_79B9_7F4A_7C15u64;
        // The two little-endian halves of the seed, low first.
        let seed = u128::from_le_bytes(seed);
        for word in [seed as u64, (seed >> 64) as u64] {
            rng ^= word;
            rng = splitmix(rng);
        }
        Call {
            request,
            http: None,
            state: State::Ready,
            retry: RetryState::new(),
            rng,
            http_status: None,
            request_id: None,
            log: Vec::new(),
            credentials_given: false,
        }
    }

    /// A call for one operation's JS input text: validated against the model, with the
    /// idempotency token filled from `seed` when the input has none (one per call, reused by
    /// every retry: that makes retrying a MeterUsage whose answer was lost safe).
    pub fn operation(op: Operation, text: &[u8], seed: [u8; 16]) -> Result<Self, ValidationError> {
        let shape = op.shape();
        let value = walk::read_input(shape.input, text, TopList::Bounded)?;
        let token = uuid_v4(seed);
        let mut body = String::with_capacity(text.len() + 64);
        walk::write_wire(&mut body, shape.input, &value, Some(&token));
        if op == Operation::BatchMeterUsage && body.len() >= answer::MAX_REQUEST_BYTES {
            let list = shape.input.members.first().map_or("input", |m| m.js_name);
            return Err(ValidationError {
                field: list.into(),
                rule: "make a request of 1 MB or more; the service takes less than 1 MB per request (meterUsageRecords splits any number of records)".into(),
            });
        }
        Ok(Call::new(
            Request::Metering {
                op,
                body,
                batch: false,
            },
            splitmix_bytes(seed),
        ))
    }

    /// Makes the first attempt wait `ms` (a records plan's resend round).
    pub fn delay_first(&mut self, ms: u64) {
        if matches!(self.state, State::Ready) {
            self.state = State::Delay(ms);
        }
    }

    /// The operation's name, for logs.
    pub fn operation_name(&self) -> &'static str {
        match &self.request {
            Request::Metering { op, .. } => op.name(),
            Request::AssumeRole(_) => "AssumeRole",
        }
    }

    pub fn attempts(&self) -> u32 {
        self.retry.attempts()
    }

    /// The request of the attempt in flight (or the last one).
    pub fn request(&self) -> Option<&HttpRequest> {
        self.http.as_ref()
    }

    /// What to do next. Call after creating the call and after every event.
    pub fn poll(&mut self, client: &mut Client, now_ms: i64) -> Action<'_> {
        match self.state {
            State::Ready => match client.lookup(now_ms) {
                Lookup::Missing => {
                    self.fail(CallError::new(
                        ErrorKind::Credentials,
                        "no credentials: pass `credentials` or `credentialsProvider` to the client",
                    ));
                    Action::Failed
                }
                Lookup::Fetch if !self.credentials_given => {
                    self.state = State::AwaitingCredentials;
                    Action::NeedCredentials
                }
                Lookup::Fetch | Lookup::Ready => self.send(client, now_ms),
            },
            State::Delay(ms) => {
                self.state = State::Sleeping;
                Action::Sleep { ms }
            }
            State::Sleeping | State::AwaitingCredentials | State::InFlight { .. } => Action::Wait,
            State::Done(_) => Action::Done,
            State::Failed(_) | State::Taken => Action::Failed,
        }
    }

    fn send(&mut self, client: &mut Client, now_ms: i64) -> Action<'_> {
        let mut http = match self.http.take() {
            Some(http) => http,
            None => match &mut self.request {
                // Moved, not copied: from here on the request (kept in `self.http` and
                // re-signed for every attempt) is the only holder of the body.
                Request::Metering { op, body, .. } => protocol::json_request(
                    client.url(),
                    *op,
                    core::mem::take(body),
                    client.user_agent(),
                ),
                Request::AssumeRole(role) => role.request(client.url(), client.user_agent()),
            },
        };
        let offset_ms = client.clock_offset_ms;
        let signed_at = now_ms.saturating_add(offset_ms).div_euclid(1000);
        match client.sign(&mut http, signed_at) {
            Some(Ok(())) => {}
            Some(Err(_)) => {
                // The call ends here: the request is not kept, nor is the body moved into it.
                self.fail(CallError::new(
                    ErrorKind::Client,
                    "could not sign the request: a header value or the endpoint URL cannot be signed",
                ));
                return Action::Failed;
            }
            None => {
                self.fail(CallError::new(
                    ErrorKind::Credentials,
                    "no credentials to sign with",
                ));
                return Action::Failed;
            }
        }
        self.retry.start_attempt();
        self.credentials_given = false;
        self.state = State::InFlight {
            local_ms: now_ms,
            offset_ms,
        };
        let timeout_ms = client.settings.request_timeout_ms;
        Action::Send {
            request: self.http.insert(http),
            timeout_ms,
        }
    }

    /// The provider's answer: credentials (and when they expire, unix ms), or why it failed.
    pub fn handle_credentials(
        &mut self,
        client: &mut Client,
        result: Result<(Credentials, Option<i64>), &str>,
    ) {
        if !matches!(self.state, State::AwaitingCredentials) {
            return;
        }
        match result {
            Ok((credentials, expiration)) => {
                client.set_credentials(credentials, expiration);
                self.credentials_given = true;
                self.state = State::Ready;
            }
            Err(reason) => self.fail(CallError::new(ErrorKind::Credentials, reason)),
        }
    }

    /// A credentials provider's result, as its members were read (see
    /// [`options::credentials`]).
    pub fn handle_provided(&mut self, client: &mut Client, members: Option<[Opt; 4]>) {
        match options::credentials(members) {
            Ok(pair) => self.handle_credentials(client, Ok(pair)),
            Err(rule) => {
                let mut reason = String::from("credentialsProvider result: ");
                reason.push_str(rule);
                self.handle_credentials(client, Err(&reason));
            }
        }
    }

    /// A response to the attempt in flight.
    pub fn handle_response(&mut self, client: &mut Client, response: &HttpResponse, now_ms: i64) {
        let State::InFlight {
            local_ms,
            offset_ms,
        } = self.state
        else {
            return;
        };
        self.http_status = Some(response.status);
        self.request_id = protocol::request_id(response);
        let server_ms = response
            .header("date")
            .and_then(time::parse_http_date)
            .map(|secs| secs.saturating_mul(1000));
        if let Some(server_ms) = server_ms {
            let corrected = now_ms.saturating_add(client.clock_offset_ms);
            if server_ms.saturating_sub(corrected).abs() >= SKEW_THRESHOLD_MS {
                client.clock_offset_ms = server_ms.saturating_sub(now_ms);
            }
        }
        match self.read(response) {
            Ok(output) => {
                self.retry.on_success(&mut client.quota);
                self.log_attempt(client, None);
                self.state = State::Done(output);
            }
            Err(ResponseError::Service(e)) => {
                let message = e.message.as_deref().unwrap_or("");
                let mut class = retry::classify(&RetryFailure::Service {
                    status: e.status,
                    code: &e.code,
                    message,
                });
                if class == Retryability::ClockSkew {
                    // Learnt against the offset this attempt was signed with: a concurrent
                    // call may have corrected the shared offset meanwhile.
                    let learnt = server_ms.and_then(|server| {
                        retry::learn_clock_offset(
                            server.div_euclid(1000),
                            local_ms.div_euclid(1000),
                            offset_ms.div_euclid(1000),
                        )
                    });
                    match learnt {
                        Some(offset) => client.clock_offset_ms = offset.saturating_mul(1000),
                        None => class = Retryability::No,
                    }
                }
                let mut error = service_error(&e, self.operation_name());
                // Every text the service chose goes through the redaction: a signature
                // mismatch may quote the canonical request, session token included.
                let token = self
                    .http
                    .as_ref()
                    .and_then(|r| r.header(sigv4::HEADER_SECURITY_TOKEN));
                error.message = client.redact(&error.message, token);
                error.name = error.name.map(|n| client.redact(&n, token));
                error.request_id = error.request_id.map(|id| client.redact(&id, token));
                if matches!(self.request, Request::AssumeRole(_)) {
                    // STS errors are what the provider failed with: a CredentialsError named
                    // by the STS code.
                    error.kind = ErrorKind::Credentials;
                }
                self.log_attempt(client, Some(&e.code));
                let retry_after = retry::retry_after_ms(
                    response.header("retry-after"),
                    response.header("x-amz-retry-after"),
                    now_ms.div_euclid(1000),
                    time::parse_http_date,
                );
                self.decide(client, error, class, false, retry_after);
            }
            Err(ResponseError::UnreadableSuccess { status, reason, .. }) => {
                let mut message = String::from("the service answered HTTP ");
                json::write_u64(&mut message, u64::from(status));
                message.push_str(" but the response could not be read: ");
                message.push_str(&reason);
                let mut error = CallError::new(ErrorKind::Network, message);
                error.fault = Fault::Server;
                self.log_attempt(client, None);
                let class = retry::classify(&RetryFailure::UnreadableSuccess);
                self.decide(client, error, class, false, None);
            }
        }
    }

    /// The output of a response, or the error it carries.
    fn read(&self, response: &HttpResponse) -> Result<Output, ResponseError> {
        match &self.request {
            Request::AssumeRole(_) => sts::parse_response(response).map(Output::Credentials),
            Request::Metering { op, batch, .. } => {
                let body = protocol::json_body(response)?;
                let mut out = String::with_capacity(response.body.len() + 96);
                let mut first = true;
                walk::write_output(&mut out, op.shape().output, &body, &mut first).map_err(
                    |e| {
                        let mut reason = String::from(e.path.as_str());
                        reason.push_str(": expected ");
                        reason.push_str(e.expected);
                        protocol::unreadable(response, reason)
                    },
                )?;
                if *batch {
                    return Ok(Output::Batch(answer::read_answer(&body)));
                }
                json::write_key(&mut out, &mut first, "$metadata");
                out.push('{');
                error::write_metadata_members(
                    &mut out,
                    &mut true,
                    self.http_status,
                    self.request_id.as_deref(),
                    self.retry.attempts(),
                    self.retry.total_delay_ms(),
                );
                out.push_str("}}");
                Ok(Output::Js(out))
            }
        }
    }

    /// The attempt in flight (or the wait for credentials) produced no response.
    pub fn handle_failure(&mut self, client: &mut Client, failure: TransportFailure) {
        let timeout_ms = u64::from(client.settings.request_timeout_ms);
        match (&self.state, failure) {
            (State::Done(_) | State::Failed(_) | State::Taken, _) => {}
            (_, TransportFailure::Aborted) => self.abort(),
            (State::AwaitingCredentials, _) => {
                let mut message = String::from(
                    "credentialsProvider gave no credentials within requestTimeoutMs (",
                );
                json::write_u64(&mut message, timeout_ms);
                message.push_str(" ms)");
                self.fail(CallError::new(ErrorKind::Timeout, message));
            }
            (State::InFlight { .. }, TransportFailure::Timeout) => {
                let mut message = String::from("no response within requestTimeoutMs (");
                json::write_u64(&mut message, timeout_ms);
                message.push_str(" ms)");
                let error = CallError::new(ErrorKind::Timeout, message);
                self.log_attempt(client, None);
                let class = retry::classify(&RetryFailure::Timeout);
                self.decide(client, error, class, true, None);
            }
            (State::InFlight { .. }, TransportFailure::Network { status }) => {
                let mut error = match status {
                    Some(status) => {
                        let mut message = String::from("the service answered HTTP ");
                        json::write_u64(&mut message, u64::from(status));
                        message.push_str(" but the response could not be read (see `cause`)");
                        let mut e = CallError::new(ErrorKind::Network, message);
                        e.fault = Fault::Server;
                        e
                    }
                    None => CallError::new(
                        ErrorKind::Network,
                        "the request could not be sent (see `cause`)",
                    ),
                };
                error.http_status = status;
                self.http_status = status;
                self.log_attempt(client, None);
                let class = retry::classify(&RetryFailure::Network);
                self.decide(client, error, class, false, None);
            }
            _ => {}
        }
    }

    /// The wait [`Action::Sleep`] asked for is over.
    pub fn handle_timer(&mut self) {
        if matches!(self.state, State::Sleeping) {
            self.state = State::Ready;
        }
    }

    /// Stops the call now (the caller aborted, or the client closed).
    pub fn abort(&mut self) {
        if !matches!(self.state, State::Done(_) | State::Failed(_) | State::Taken) {
            self.fail(CallError::new(ErrorKind::Aborted, "the call was aborted"));
        }
    }

    /// The output or the error, once [`Action::Done`] or [`Action::Failed`] was polled.
    pub fn take_outcome(&mut self) -> Option<Result<Output, CallError>> {
        match core::mem::replace(&mut self.state, State::Taken) {
            State::Done(output) => Some(Ok(output)),
            State::Failed(error) => Some(Err(error)),
            other => {
                self.state = other;
                None
            }
        }
    }

    /// The output or the error, once [`Action::Done`] or [`Action::Failed`] was polled, left
    /// in place (a records plan takes it back with [`Call::take_outcome`]).
    pub fn outcome(&self) -> Option<Result<&Output, &CallError>> {
        match &self.state {
            State::Done(output) => Some(Ok(output)),
            State::Failed(error) => Some(Err(error)),
            _ => None,
        }
    }

    /// Log events since the last call, when the client logs.
    pub fn take_log(&mut self) -> Vec<LogEvent> {
        core::mem::take(&mut self.log)
    }

    /// The same as text for the edge: `level\tjson\n` per event.
    pub fn take_log_text(&mut self) -> String {
        let mut out = String::new();
        for event in self.take_log() {
            out.push_str(event.level.as_str());
            out.push('\t');
            out.push_str(&event.json);
            out.push('\n');
        }
        out
    }

    /// The request to send as text for the edge: its URL, then each header as `name\nvalue`,
    /// every line ending in `\n` (no URL or header holds a newline) — one string, so one
    /// crossing. The `user-agent` goes last and unsigned: a browser may drop it, and a proxy
    /// may rewrite it.
    pub fn request_text(&self, client: &Client) -> String {
        let mut out = String::new();
        if let Some(request) = self.request() {
            out.push_str(&request.url);
            out.push('\n');
            for (name, value) in &request.headers {
                out.push_str(name);
                out.push('\n');
                out.push_str(value);
                out.push('\n');
            }
        }
        out.push_str("user-agent\n");
        out.push_str(client.user_agent());
        out.push('\n');
        out
    }

    /// Once finished, the outcome as JSON text for the edge: the JS output, the assumed
    /// credentials (`{ accessKeyId, secretAccessKey, sessionToken, expiration }`, the shape a
    /// credentials provider returns), or the error's description (for js/errors.js).
    pub fn outcome_json(&self) -> String {
        match self.outcome() {
            Some(Ok(Output::Js(text))) => text.clone(),
            Some(Ok(Output::Credentials(c))) => {
                let mut out = String::from("{\"accessKeyId\":");
                json::write_string(&mut out, c.credentials.access_key_id());
                out.push_str(",\"secretAccessKey\":");
                json::write_string(&mut out, c.credentials.secret_access_key());
                if let Some(token) = c.credentials.session_token() {
                    out.push_str(",\"sessionToken\":");
                    json::write_string(&mut out, token);
                }
                out.push_str(",\"expiration\":{\"$date\":");
                json::write_i64(&mut out, c.expiration_ms);
                out.push_str("}}");
                out
            }
            Some(Err(e)) => e.to_json(),
            _ => String::from("null"),
        }
    }

    /// After a failed attempt: retry after a delay, or stop with `error`.
    fn decide(
        &mut self,
        client: &mut Client,
        mut error: CallError,
        class: Retryability,
        is_timeout: bool,
        retry_after_ms: Option<u64>,
    ) {
        let random = self.random();
        let decision = self.retry.on_failure(
            class,
            is_timeout,
            retry_after_ms,
            random,
            client.settings.max_attempts,
            &mut client.quota,
        );
        error.retryable = match class {
            Retryability::No => None,
            Retryability::Throttling => Some(true),
            Retryability::Transient | Retryability::ClockSkew => Some(false),
        };
        match decision {
            Decision::RetryAfter { delay_ms } => {
                self.log_decision(
                    client,
                    Level::Warn,
                    "retry",
                    Some(delay_ms),
                    error.name.as_deref(),
                );
                self.state = if delay_ms > 0 {
                    State::Delay(delay_ms)
                } else {
                    State::Ready
                };
            }
            Decision::Stop => {
                self.log_decision(client, Level::Error, "fail", None, error.name.as_deref());
                self.fail(error);
            }
        }
    }

    fn fail(&mut self, mut error: CallError) {
        error.attempts = self.retry.attempts();
        error.total_retry_delay_ms = self.retry.total_delay_ms();
        if error.http_status.is_none() {
            error.http_status = self.http_status;
        }
        if error.request_id.is_none() {
            error.request_id = self.request_id.clone();
        }
        self.state = State::Failed(error);
    }

    fn random(&mut self) -> f64 {
        self.rng = splitmix(self.rng);
        // The top 53 bits as a fraction in [0, 1).
        (self.rng >> 11) as f64 / (1u64 << 53) as f64
    }

    fn log_head(&self, event: &str) -> String {
        let mut out = String::from("{\"event\":");
        json::write_string(&mut out, event);
        out.push_str(",\"operation\":");
        json::write_string(&mut out, self.operation_name());
        out.push_str(",\"attempt\":");
        json::write_u64(&mut out, u64::from(self.retry.attempts()));
        out
    }

    fn log_attempt(&mut self, client: &Client, error_code: Option<&str>) {
        if !client.settings.logging {
            return;
        }
        let mut out = self.log_head("attempt");
        if let Some(status) = self.http_status {
            out.push_str(",\"httpStatusCode\":");
            json::write_u64(&mut out, u64::from(status));
        }
        if let Some(id) = &self.request_id {
            out.push_str(",\"requestId\":");
            json::write_string(&mut out, id);
        }
        if let Some(code) = error_code {
            out.push_str(",\"errorCode\":");
            json::write_string(&mut out, code);
        }
        out.push('}');
        self.log.push(LogEvent {
            level: Level::Debug,
            json: out,
        });
    }

    fn log_decision(
        &mut self,
        client: &Client,
        level: Level,
        event: &str,
        delay_ms: Option<u64>,
        error_code: Option<&str>,
    ) {
        if !client.settings.logging {
            return;
        }
        let mut out = self.log_head(event);
        if let Some(code) = error_code {
            out.push_str(",\"errorCode\":");
            json::write_string(&mut out, code);
        }
        if let Some(delay) = delay_ms {
            out.push_str(",\"delayMs\":");
            json::write_u64(&mut out, delay);
        }
        out.push('}');
        self.log.push(LogEvent { level, json: out });
    }
}

/// The error a service answer becomes: its code as `name`, its own message (or the code and
/// status when it has none), the model's fault.
fn service_error(e: &ServiceError, operation: &str) -> CallError {
    let message = match &e.message {
        Some(m) if !m.is_empty() => m.clone(),
        _ => {
            let mut m = String::from(e.code.as_str());
            m.push_str(" (HTTP ");
            json::write_u64(&mut m, u64::from(e.status));
            m.push_str(") from ");
            m.push_str(operation);
            m
        }
    };
    let mut error = CallError::new(ErrorKind::Service, message);
    error.name = Some(e.code.clone());
    error.fault = e.fault();
    error.http_status = Some(e.status);
    error.request_id = e.request_id.clone();
    error
}

/// `prepareRequest`'s operation, by its name.
pub fn operation_named(name: Option<&str>) -> Result<Operation, ValidationError> {
    if let Some(op) = name.and_then(Operation::from_name) {
        return Ok(op);
    }
    let mut rule = String::from("must be the name of an operation:");
    for (i, op) in Operation::ALL.iter().enumerate() {
        rule.push_str(if i == 0 { " " } else { ", " });
        rule.push_str(op.name());
    }
    Err(ValidationError {
        field: String::from("operation"),
        rule,
    })
}

/// A random (version 4) UUID from 16 random bytes, in its canonical text form: the default
/// idempotency token, as the AWS SDKs make it.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
    out
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Bytes for the jitter that are not the token's own bytes.
fn splitmix_bytes(seed: [u8; 16]) -> [u8; 16] {
    let mut out = seed;
    for b in out.iter_mut() {
        *b = b.rotate_left(3) ^ 0xA5;
    }
    out
}
