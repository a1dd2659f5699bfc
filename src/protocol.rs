//! AWS JSON 1.1 (`aws.protocols#awsJson1_1`) for Marketplace Metering: every operation is a
//! `POST /` of a JSON body with `X-Amz-Target: <prefix>.<Operation>`; errors are read the way
//! the AWS SDKs (smithy-typescript, botocore) read them. Also the pieces every protocol shares:
//! the request URL, the user agent and the request id.

use alloc::borrow::ToOwned;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use crate::error::{ResponseError, ServiceError};
use crate::http::{HttpRequest, HttpResponse};
use crate::json::{self, Value};
use crate::model::tables::SERVICE;
use crate::model::Operation;
use crate::text;

pub const JSON_CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The package and its version, as `x-amz-user-agent` and `user-agent` name it.
pub const USER_AGENT: &str = concat!("marketplace-metering-wasm/", env!("CARGO_PKG_VERSION"));

/// The endpoint URL with its path kept, or `/` when it has none (`https://host` ->
/// `https://host/`), as every operation's `requestUri` is `/`.
pub fn with_path(endpoint_url: &str) -> String {
    let authority_start = text::find(endpoint_url, "://").map_or(0, |i| i + 3);
    let rest = endpoint_url.get(authority_start..).unwrap_or_default();
    match text::find_byte(rest, b"/?#") {
        Some(i) if rest.get(i..i + 1) == Some("/") => endpoint_url.to_owned(),
        found => {
            let at = found.map_or(endpoint_url.len(), |i| authority_start + i);
            let mut url = String::with_capacity(endpoint_url.len() + 1);
            url.push_str(endpoint_url.get(..at).unwrap_or_default());
            url.push('/');
            url.push_str(endpoint_url.get(at..).unwrap_or_default());
            url
        }
    }
}

/// `x-amz-user-agent`: the package, the language, then the caller's own `customUserAgent`.
/// It is signed, as the SDKs sign it; the plain `user-agent` (which browsers may drop) is not.
pub fn user_agent_header(custom: Option<&str>) -> String {
    let mut ua = String::from(USER_AGENT);
    ua.push_str(" lang/js");
    if let Some(custom) = custom {
        ua.push(' ');
        ua.push_str(custom);
    }
    ua
}

/// The unsigned awsJson1_1 request for `op` with a body the walker wrote. The signer adds
/// `x-amz-date` and `authorization` later; `host` comes from the URL.
pub fn json_request(url: &str, op: Operation, body: String, user_agent: &str) -> HttpRequest {
    let mut target = String::with_capacity(SERVICE.target_prefix.len() + 1 + op.name().len());
    target.push_str(SERVICE.target_prefix);
    target.push('.');
    target.push_str(op.name());
    HttpRequest {
        method: "POST",
        url: url.to_owned(),
        headers: vec![
            ("content-type".to_owned(), JSON_CONTENT_TYPE.to_owned()),
            ("x-amz-target".to_owned(), target),
            ("x-amz-user-agent".to_owned(), user_agent.to_owned()),
        ],
        body: body.into_bytes(),
    }
}

pub fn request_id(response: &HttpResponse) -> Option<String> {
    response
        .header("x-amzn-requestid")
        .or_else(|| response.header("x-amz-request-id"))
        .map(str::to_owned)
}

/// The body of a 2xx answer as JSON, or the error the answer carries.
pub fn json_body(response: &HttpResponse) -> Result<Value<'_>, ResponseError> {
    if !(200..300).contains(&response.status) {
        return Err(ResponseError::Service(json_error(response)));
    }
    // An empty body is an output with no members, as in every AWS SDK (botocore, JS v3,
    // smithy-rs read it as `{}`); every output member is optional.
    if response.body.is_empty() {
        return Ok(Value::Object(Vec::new()));
    }
    json::parse(&response.body).map_err(|e| {
        let mut reason = String::from("invalid JSON: ");
        reason.push_str(e.reason);
        reason.push_str(" at byte ");
        json::write_u64(&mut reason, e.offset as u64);
        unreadable(response, reason)
    })
}

/// A 2xx that cannot be read: the call may have taken effect.
pub fn unreadable(response: &HttpResponse, reason: String) -> ResponseError {
    ResponseError::UnreadableSuccess {
        status: response.status,
        request_id: request_id(response),
        reason,
    }
}

/// `SomeException:http://internal.amazon.com/...` -> `SomeException`;
/// `com.amazonaws.marketplacemetering#SomeException` -> `SomeException`.
/// The steps are smithy-typescript's `sanitizeErrorCode`: cut at `,`, then at `:`, then keep
/// what follows `#`.
pub(crate) fn sanitize_code(raw: &str) -> Option<&str> {
    let code = raw.get(..text::find_byte(raw, b",:").unwrap_or(raw.len()))?;
    let code = match code.bytes().rposition(|b| b == b'#') {
        Some(hash) => code.get(hash + 1..)?,
        None => code,
    };
    let code = code.trim();
    (!code.is_empty()).then_some(code)
}

/// The code: `x-amzn-errortype` header, else body `code` (any case), else `__type`; with no
/// code at all, the HTTP status in decimal (`"503"`), as botocore and the JS SDK name it.
fn json_error(response: &HttpResponse) -> ServiceError {
    let body = json::parse(&response.body).ok();
    let members = match &body {
        Some(Value::Object(members)) => members.as_slice(),
        _ => &[],
    };
    // The last member named `name` (in any case with `any_case`), if its value is a string.
    let text = |name: &str, any_case: bool| {
        members
            .iter()
            .rev()
            .find(|(k, _)| {
                let k = k.text();
                if any_case {
                    k.eq_ignore_ascii_case(name)
                } else {
                    k == name
                }
            })
            .and_then(|(_, v)| v.as_str())
    };
    let code = response
        .header("x-amzn-errortype")
        .and_then(sanitize_code)
        .map(str::to_owned)
        .or_else(|| text("code", true).and_then(|c| sanitize_code(&c).map(str::to_owned)))
        .or_else(|| text("__type", false).and_then(|c| sanitize_code(&c).map(str::to_owned)));
    let message = ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|name| text(name, false))
        .map(|m| m.into_owned());
    ServiceError {
        code: code.unwrap_or_else(|| status_text(response.status)),
        message,
        request_id: request_id(response),
        status: response.status,
    }
}

pub(crate) fn status_text(status: u16) -> String {
    let mut s = String::new();
    json::write_u64(&mut s, u64::from(status));
    s
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

    fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn reads_error_codes_from_header_then_body() {
        let e = |r: &HttpResponse| match json_body(r) {
            Err(ResponseError::Service(e)) => e,
            other => panic!("{other:?}"),
        };
        let header = answer(
            400,
            &[
                ("x-amzn-ErrorType", "ThrottlingException:http://x"),
                ("x-amzn-RequestId", "r1"),
            ],
            r#"{"__type":"Other","message":"slow down"}"#,
        );
        let got = e(&header);
        assert_eq!(got.code, "ThrottlingException");
        assert_eq!(got.message.as_deref(), Some("slow down"));
        assert_eq!(got.request_id.as_deref(), Some("r1"));
        let typed = answer(
            400,
            &[],
            r#"{"__type":"com.amazonaws.marketplacemetering#InvalidTokenException","Message":"bad"}"#,
        );
        assert_eq!(e(&typed).code, "InvalidTokenException");
        assert_eq!(e(&typed).message.as_deref(), Some("bad"));
        assert_eq!(e(&answer(503, &[], "<html>")).code, "503");
    }

    #[test]
    fn an_empty_success_is_an_empty_output() {
        assert_eq!(
            json_body(&answer(200, &[], "")),
            Ok(Value::Object(Vec::new()))
        );
        assert!(matches!(
            json_body(&answer(200, &[], "{\"a\":")),
            Err(ResponseError::UnreadableSuccess { status: 200, .. })
        ));
    }
}
