//! AWS JSON 1.1 (`aws.protocols#awsJson1_1`) for Marketplace Metering: every operation is a
//! `POST` of a JSON body with `X-Amz-Target: AWSMPMeteringService.<Operation>`; errors are
//! read the way the AWS SDKs (smithy-typescript, botocore) read them.

use crate::error::{ResponseError, ServiceError, ServiceErrorCode};
use crate::http::{HttpRequest, HttpResponse};
use crate::json::{self, Value};
use crate::model::{wire, Input, Operation, Output};

pub const CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The unsigned request for `input`. The signer adds `x-amz-date` and `authorization` later;
/// `host` comes from the URL. `input` is expected to be validated (the JS entry points do it).
pub fn build_request(input: &Input, endpoint_url: &str) -> HttpRequest {
    HttpRequest {
        method: "POST",
        url: with_path(endpoint_url),
        headers: vec![
            ("content-type".to_owned(), CONTENT_TYPE.to_owned()),
            (
                "x-amz-target".to_owned(),
                input.operation().target().to_owned(),
            ),
        ],
        body: wire::body(input).into_bytes(),
    }
}

/// The endpoint URL with its path kept, or `/` when it has none (`https://host` ->
/// `https://host/`), as every operation's `requestUri` is `/`.
fn with_path(endpoint_url: &str) -> String {
    let authority_start = endpoint_url.find("://").map_or(0, |i| i + 3);
    let rest = endpoint_url.get(authority_start..).unwrap_or_default();
    match rest.find(['/', '?', '#']) {
        Some(i) if rest.get(i..i + 1) == Some("/") => endpoint_url.to_owned(),
        Some(i) => {
            let at = authority_start + i;
            let mut url = String::with_capacity(endpoint_url.len() + 1);
            url.push_str(endpoint_url.get(..at).unwrap_or_default());
            url.push('/');
            url.push_str(endpoint_url.get(at..).unwrap_or_default());
            url
        }
        None => {
            let mut url = String::with_capacity(endpoint_url.len() + 1);
            url.push_str(endpoint_url);
            url.push('/');
            url
        }
    }
}

fn request_id(response: &HttpResponse) -> Option<String> {
    response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
        .map(str::to_owned)
}

/// The output of `op` from a 2xx response, or the error a response carries.
pub fn parse_response(op: Operation, response: &HttpResponse) -> Result<Output, ResponseError> {
    if !(200..300).contains(&response.status) {
        return Err(ResponseError::Service(parse_error(response)));
    }
    let unreadable = |reason: String| ResponseError::UnreadableSuccess {
        status: response.status,
        request_id: request_id(response),
        reason,
    };
    // An empty body is an output with no members, as in every AWS SDK (botocore, JS v3,
    // smithy-rs read it as `{}`); all four outputs have only optional members.
    let value = if response.body.is_empty() {
        Value::Object(Vec::new())
    } else {
        json::parse(&response.body).map_err(|e| unreadable(format!("invalid JSON: {e}")))?
    };
    let output = match op {
        Operation::BatchMeterUsage => {
            wire::batch_meter_usage_output(&value).map(Output::BatchMeterUsage)
        }
        Operation::MeterUsage => wire::meter_usage_output(&value).map(Output::MeterUsage),
        Operation::RegisterUsage => wire::register_usage_output(&value).map(Output::RegisterUsage),
        Operation::ResolveCustomer => {
            wire::resolve_customer_output(&value).map(Output::ResolveCustomer)
        }
    };
    output.map_err(|e| unreadable(format!("{}: expected {}", e.path, e.expected)))
}

/// `ThrottlingException:http://internal.amazon.com/...` -> `ThrottlingException`;
/// `com.amazonaws.marketplacemetering#InvalidTokenException` -> `InvalidTokenException`.
/// The steps are smithy-typescript's `sanitizeErrorCode`: cut at `,`, then at `:`, then keep
/// what follows `#`.
fn sanitize_code(raw: &str) -> Option<&str> {
    let code = raw.split(',').next().unwrap_or_default();
    let code = code.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default().trim();
    (!code.is_empty()).then_some(code)
}

/// The code: `x-amzn-errortype` header, else body `code` (any case), else `__type`; with no
/// code at all, the HTTP status in decimal (`"503"`), as botocore and the JS SDK name it.
fn parse_error(response: &HttpResponse) -> ServiceError {
    let body = json::parse(&response.body).ok();
    let object = body.as_ref().and_then(Value::as_object).unwrap_or_default();
    let text = |pred: &dyn Fn(&str) -> bool| {
        object
            .iter()
            .rev()
            .find(|(k, _)| pred(k))
            .and_then(|(_, v)| v.as_str())
    };
    let code = response
        .header("x-amzn-errortype")
        .and_then(sanitize_code)
        .or_else(|| text(&|k| k.eq_ignore_ascii_case("code")).and_then(sanitize_code))
        .or_else(|| text(&|k| k == "__type").and_then(sanitize_code));
    let code = match code {
        Some(code) => ServiceErrorCode::from_code(code),
        None => {
            let mut status = String::new();
            json::write_i64(&mut status, i64::from(response.status));
            ServiceErrorCode::Other(status)
        }
    };
    let message = ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|name| text(&|k| k == *name))
        .map(str::to_owned);
    ServiceError {
        code,
        message,
        request_id: request_id(response),
        status: response.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_keeps_its_path_or_gets_slash() {
        for (given, expected) in [
            (
                "https://metering.marketplace.us-east-1.amazonaws.com",
                "https://metering.marketplace.us-east-1.amazonaws.com/",
            ),
            ("https://example.com/", "https://example.com/"),
            (
                "https://example.com/base/path",
                "https://example.com/base/path",
            ),
            ("http://localhost:4566", "http://localhost:4566/"),
            ("http://localhost:4566?x=1", "http://localhost:4566/?x=1"),
        ] {
            assert_eq!(with_path(given), expected);
        }
    }

    #[test]
    fn sanitizes_codes_like_the_sdks() {
        for (raw, code) in [
            ("ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/", Some("ThrottlingException")),
            ("com.amazonaws.marketplacemetering#InvalidTokenException", Some("InvalidTokenException")),
            ("aws.protocoltests#Foo:http://x", Some("Foo")),
            ("A,B", Some("A")),
            ("", None),
            (":x", None),
        ] {
            assert_eq!(sanitize_code(raw), code, "{raw}");
        }
    }
}
