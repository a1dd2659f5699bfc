//! Turns failures into the exported JS error classes (js/errors.js) with the AWS SDK v3
//! shape: `name`, `message`, `$fault`, `$retryable`, `$metadata`.

use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

use super::bindings::make_error;

/// Which exported class an error becomes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Kind {
    Service,
    Validation,
    Credentials,
    Network,
    Timeout,
    Batch,
    Client,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "service",
            Kind::Validation => "validation",
            Kind::Credentials => "credentials",
            Kind::Network => "network",
            Kind::Timeout => "timeout",
            Kind::Batch => "batch",
            Kind::Client => "client",
        }
    }
}

/// A description of an error; every text in it must be free of secrets.
pub(crate) struct ErrorInfo {
    pub kind: Kind,
    pub name: Option<String>,
    pub message: String,
    pub server_fault: bool,
    pub retryable: bool,
    pub http_status: Option<u16>,
    pub request_id: Option<String>,
    pub attempts: u32,
    pub total_retry_delay_ms: u64,
    pub field: Option<String>,
    pub rule: Option<String>,
    pub cause: Option<JsValue>,
    /// Extra members for a `BatchError` (results, unprocessedRecords, failedRecords).
    pub extra: Vec<(&'static str, JsValue)>,
}

impl ErrorInfo {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        ErrorInfo {
            kind,
            name: None,
            message: message.into(),
            server_fault: false,
            retryable: false,
            http_status: None,
            request_id: None,
            attempts: 0,
            total_retry_delay_ms: 0,
            field: None,
            rule: None,
            cause: None,
            extra: Vec::new(),
        }
    }

    pub fn validation(field: &str, rule: &str) -> Self {
        let mut info = ErrorInfo::new(Kind::Validation, format!("{field}: {rule}"));
        info.field = Some(field.to_owned());
        info.rule = Some(rule.to_owned());
        info
    }

    pub fn with_cause(mut self, cause: JsValue) -> Self {
        self.cause = Some(cause);
        self
    }

    pub fn with_attempts(mut self, attempts: u32, total_retry_delay_ms: u64) -> Self {
        self.attempts = attempts;
        self.total_retry_delay_ms = total_retry_delay_ms;
        self
    }

    pub fn into_js(self) -> JsValue {
        let d = Object::new();
        set(&d, "kind", &self.kind.as_str().into());
        if let Some(name) = &self.name {
            set(&d, "name", &name.into());
        }
        set(&d, "message", &self.message.into());
        set(
            &d,
            "fault",
            &(if self.server_fault {
                "server"
            } else {
                "client"
            })
            .into(),
        );
        set(&d, "retryable", &self.retryable.into());
        if let Some(status) = self.http_status {
            set(&d, "httpStatusCode", &f64::from(status).into());
        }
        if let Some(id) = &self.request_id {
            set(&d, "requestId", &id.into());
        }
        set(&d, "attempts", &f64::from(self.attempts).into());
        set(
            &d,
            "totalRetryDelay",
            &(self.total_retry_delay_ms as f64).into(),
        );
        if let Some(field) = &self.field {
            set(&d, "field", &field.into());
        }
        if let Some(rule) = &self.rule {
            set(&d, "rule", &rule.into());
        }
        if let Some(cause) = &self.cause {
            set(&d, "cause", cause);
        }
        for (key, value) in &self.extra {
            set(&d, key, value);
        }
        make_error(&d)
    }
}

/// Sets a property on an object we created; it cannot fail on a plain `Object`.
pub(crate) fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}
