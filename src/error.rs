//! The errors a call ends with, shaped as the AWS SDK for JavaScript v3 shapes its own
//! (`name`, `message`, `$fault`, `$retryable`, `$metadata`), and the service errors a response
//! carries. The core describes an error; the wasm edge hands the description to js/errors.js,
//! which makes the exported class.
//!
//! Every text here is built from static pieces and the service's own words: no secret ever
//! reaches a message, and no `core::fmt` is needed to build one.

use alloc::string::String;

use crate::json;
use crate::model::schema::Fault;
use crate::model::tables::ERRORS;

/// Which exported class an error becomes (js/errors.js `makeError`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The service answered with an error: `MarketplaceMeteringServiceException` or the
    /// modelled subclass its code names.
    Service,
    /// The input broke the model; nothing was sent.
    Validation,
    /// No usable credentials (none, a failing provider, a bad shape, an STS error).
    Credentials,
    /// fetch failed, or a response could not be read.
    Network,
    /// An attempt (or the credentials it waited for) took longer than `requestTimeoutMs`.
    Timeout,
    /// The caller's `abortSignal` fired: the edge rejects with the signal's reason.
    Aborted,
    /// `meterUsageRecords` calls that failed as a whole: `BatchError`.
    Batch,
    /// A call after `close()`: `ClientClosedError`.
    Closed,
    /// Anything else the client refuses (a request it cannot sign, a records-plan call that
    /// ended without an answer).
    Client,
}

impl ErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Service => "service",
            ErrorKind::Validation => "validation",
            ErrorKind::Credentials => "credentials",
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Aborted => "aborted",
            ErrorKind::Batch => "batch",
            ErrorKind::Closed => "closed",
            ErrorKind::Client => "client",
        }
    }
}

/// How a call ended, when it did not succeed. Texts never hold a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallError {
    pub kind: ErrorKind,
    /// The JS `name`: the AWS error code for service and STS errors, else the class's own.
    pub name: Option<String>,
    pub message: String,
    pub fault: Fault,
    /// `$retryable`: `Some(throttling)` when the error is worth retrying, as the SDK marks it.
    pub retryable: Option<bool>,
    pub http_status: Option<u16>,
    pub request_id: Option<String>,
    pub attempts: u32,
    pub total_retry_delay_ms: u64,
    /// For validation errors: the member's path and the rule it broke.
    pub field: Option<String>,
    pub rule: Option<String>,
}

impl CallError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        CallError {
            kind,
            name: None,
            message: message.into(),
            fault: Fault::Client,
            retryable: None,
            http_status: None,
            request_id: None,
            attempts: 0,
            total_retry_delay_ms: 0,
            field: None,
            rule: None,
        }
    }

    /// What a call on a closed client ends with.
    pub fn closed() -> Self {
        CallError::new(
            ErrorKind::Closed,
            "the MarketplaceMetering client was closed",
        )
    }

    /// A validation error: `field: rule`.
    pub fn validation(field: &str, rule: &str) -> Self {
        let mut message = String::from(field);
        message.push_str(": ");
        message.push_str(rule);
        let mut e = CallError::new(ErrorKind::Validation, message);
        e.field = Some(field.into());
        e.rule = Some(rule.into());
        e
    }

    /// The description js/errors.js `makeError` builds the class from, as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(128 + self.message.len());
        let mut first = true;
        out.push('{');
        json::write_key(&mut out, &mut first, "kind");
        json::write_string(&mut out, self.kind.as_str());
        if let Some(name) = &self.name {
            json::write_key(&mut out, &mut first, "name");
            json::write_string(&mut out, name);
        }
        json::write_key(&mut out, &mut first, "message");
        json::write_string(&mut out, &self.message);
        json::write_key(&mut out, &mut first, "fault");
        json::write_string(
            &mut out,
            match self.fault {
                Fault::Client => "client",
                Fault::Server => "server",
            },
        );
        if let Some(throttling) = self.retryable {
            json::write_key(&mut out, &mut first, "retryable");
            out.push_str(if throttling {
                "{\"throttling\":true}"
            } else {
                "{\"throttling\":false}"
            });
        }
        write_metadata_members(
            &mut out,
            &mut first,
            self.http_status,
            self.request_id.as_deref(),
            self.attempts,
            self.total_retry_delay_ms,
        );
        for (key, value) in [("field", &self.field), ("rule", &self.rule)] {
            if let Some(value) = value {
                json::write_key(&mut out, &mut first, key);
                json::write_string(&mut out, value);
            }
        }
        out.push('}');
        out
    }
}

/// `"httpStatusCode":…,"requestId":…,"attempts":…,"totalRetryDelay":…`: the SDK's
/// `$metadata` members, on outputs and on errors alike.
pub(crate) fn write_metadata_members(
    out: &mut String,
    first: &mut bool,
    http_status: Option<u16>,
    request_id: Option<&str>,
    attempts: u32,
    total_retry_delay_ms: u64,
) {
    if let Some(status) = http_status {
        json::write_key(out, first, "httpStatusCode");
        json::write_u64(out, u64::from(status));
    }
    if let Some(id) = request_id {
        json::write_key(out, first, "requestId");
        json::write_string(out, id);
    }
    json::write_key(out, first, "attempts");
    json::write_u64(out, u64::from(attempts));
    json::write_key(out, first, "totalRetryDelay");
    json::write_u64(out, total_retry_delay_ms);
}

/// An error answer, read as the AWS SDKs read awsJson1_1 (and awsQuery) errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceError {
    /// The sanitised code (no `namespace#`, no `:…` suffix), or the HTTP status in decimal
    /// when the answer names none (`"503"`), as botocore and the JS SDK name it.
    pub code: String,
    pub message: Option<String>,
    /// `x-amzn-requestid` (or `x-amz-request-id`), for AWS support.
    pub request_id: Option<String>,
    pub status: u16,
}

impl ServiceError {
    /// The model's fault for a modelled code; otherwise `Server` on a 5xx and `Client` else.
    pub fn fault(&self) -> Fault {
        match modelled_fault(&self.code) {
            Some(fault) => fault,
            None if self.status >= 500 => Fault::Server,
            None => Fault::Client,
        }
    }
}

/// The fault the model gives an error code (`@error("client")` or `@error("server")`), if the
/// code is one of the service's modelled errors.
pub(crate) fn modelled_fault(code: &str) -> Option<Fault> {
    ERRORS.iter().find(|e| e.code == code).map(|e| e.fault)
}

/// What a response can be instead of an output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResponseError {
    /// A non-2xx status.
    Service(ServiceError),
    /// A 2xx whose body is not the operation's output. The call may have taken effect; a
    /// retry is safe (MeterUsage carries a client token, BatchMeterUsage de-duplicates).
    UnreadableSuccess {
        status: u16,
        request_id: Option<String>,
        /// What was wrong, without any of the body's values.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modelled_codes_take_the_models_fault() {
        let e = |code: &str, status| ServiceError {
            code: code.into(),
            message: None,
            request_id: None,
            status,
        };
        assert_eq!(
            e("InternalServiceErrorException", 400).fault(),
            Fault::Server
        );
        assert_eq!(e("ThrottlingException", 500).fault(), Fault::Client);
        assert_eq!(e("SomethingNew", 503).fault(), Fault::Server);
        assert_eq!(e("SomethingNew", 403).fault(), Fault::Client);
    }

    #[test]
    fn describes_itself_as_json_for_the_js_classes() {
        let mut e = CallError::new(ErrorKind::Service, "Rate \"exceeded\"");
        e.name = Some("ThrottlingException".into());
        e.retryable = Some(true);
        e.http_status = Some(400);
        e.request_id = Some("req-1".into());
        e.attempts = 3;
        e.total_retry_delay_ms = 1250;
        assert_eq!(
            e.to_json(),
            r#"{"kind":"service","name":"ThrottlingException","message":"Rate \"exceeded\"","fault":"client","retryable":{"throttling":true},"httpStatusCode":400,"requestId":"req-1","attempts":3,"totalRetryDelay":1250}"#
        );
        let v = CallError::validation("usageRecords[0].dimension", "is required");
        assert_eq!(
            v.to_json(),
            r#"{"kind":"validation","message":"usageRecords[0].dimension: is required","fault":"client","attempts":0,"totalRetryDelay":0,"field":"usageRecords[0].dimension","rule":"is required"}"#
        );
    }
}
