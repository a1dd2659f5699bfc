//! Golden files under `tests/golden/`, run through the call machine ([`Call`]) as the wasm edge
//! runs it: for each operation, JS input text -> the exact signed request the machine asks to
//! send, and wire response -> the exact JS output text; and one file per error shape -> the
//! `CallError` the call ends with.
//!
//! File formats (plain text, so a diff reads well):
//! - `requests/<case>.js.json`: the JS input as `JSON.stringify` writes it (a `Date` is its ISO
//!   text); `<case>.endpoint`: the client's endpoint URL; `<case>.http`: `POST <url>`, the
//!   headers in order, a blank line, the body. In the `.http`, `<version>` stands for the
//!   crate's version and `<signature>` for the hex signature, which the test checks by
//!   re-signing the file's own request (see [`check_request`]).
//! - `responses/<case>.http`: status line, headers, blank line, body (exact bytes);
//!   `<case>.js.json` is the expected JS output text, `$metadata` included.
//! - `errors/<case>.http`: the operation, the status, headers, blank line, body;
//!   `<case>.expected` lists what the call's error carries (one attempt: `maxAttempts` 1).
//!
//! Every call is made at [`NOW`] with [`SEED`] and the documentation's example keys. After an
//! intended change, `GOLDEN_BLESS=1 cargo test --test golden` rewrites the expected files from
//! what the code does; review the diff before committing it.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use marketplace_metering_wasm::call::{Action, Call, Output};
use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::error::{CallError, ErrorKind};
use marketplace_metering_wasm::http::{HttpRequest, HttpResponse};
use marketplace_metering_wasm::json;
use marketplace_metering_wasm::model::schema::Fault;
use marketplace_metering_wasm::model::tables::ERRORS;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::sigv4::{sign_request, Credentials, SigningKeyCache, SigningParams};

/// 2026-11-30T12:00:00Z, in unix milliseconds: when every golden call is made.
const NOW: i64 = 1_796_040_000_000;
/// The call's randomness: the default client token (MeterUsage) is the UUID v4 of these bytes.
/// Not the bytes of `meter_usage`'s own token, so that case shows the caller's token wins.
const SEED: [u8; 16] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
const REGION: &str = "us-east-1";
const SIGNING_NAME: &str = "aws-marketplace";
const VERSION_MARK: &str = "<version>";
const SIGNATURE_MARK: &str = "<signature>";

fn credentials() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
}

fn client(endpoint_url: Option<&str>, max_attempts: u32) -> Client {
    let settings = Settings {
        max_attempts,
        ..Settings::default()
    };
    Client::metering(
        REGION,
        false,
        false,
        endpoint_url,
        CredentialSource::Static(credentials()),
        settings,
    )
    .unwrap_or_else(|e| panic!("endpoint {endpoint_url:?}: {e:?}"))
}

fn path(file: &str) -> String {
    format!("{}/tests/golden/{file}", env!("CARGO_MANIFEST_DIR"))
}

fn read(file: &str) -> String {
    let full = path(file);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn blessing() -> bool {
    std::env::var_os("GOLDEN_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the expected file's text (its last newline aside), or rewrites the
/// file when blessing.
fn expect_file(file: &str, expected: &str, actual: &str, what: &str) {
    let expected = expected.strip_suffix('\n').unwrap_or(expected);
    let actual = actual.strip_suffix('\n').unwrap_or(actual);
    if blessing() {
        if expected != actual {
            std::fs::write(path(file), format!("{actual}\n"))
                .unwrap_or_else(|e| panic!("{file}: {e}"));
        }
        return;
    }
    assert_eq!(actual, expected, "{what} ({file})");
}

fn op_named(name: &str) -> Operation {
    Operation::from_name(name).unwrap_or_else(|| panic!("unknown operation {name}"))
}

/// Splits `head\n\nbody` into the head lines and the body.
fn split_message(text: &str) -> (Vec<&str>, &str) {
    let (head, body) = text
        .split_once("\n\n")
        .expect("a blank line before the body");
    (head.lines().collect(), body)
}

fn header_pairs(lines: &[&str]) -> Vec<(String, String)> {
    lines
        .iter()
        .map(|l| {
            let (k, v) = l.split_once(": ").expect("name: value");
            (k.to_owned(), v.to_owned())
        })
        .collect()
}

fn response_from(lines: &[&str], body: &str) -> HttpResponse {
    let (status, headers) = lines.split_first().expect("a status line");
    HttpResponse {
        status: status.parse().expect("a numeric status"),
        headers: header_pairs(headers),
        body: body.as_bytes().to_vec(),
    }
}

/// A request as a `.http` file writes it: the version and the signature as their marks.
fn request_text(request: &HttpRequest) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut text = format!("{} {}\n", request.method, request.url);
    for (name, value) in &request.headers {
        let value = match name.as_str() {
            "x-amz-user-agent" => value.replace(version, VERSION_MARK),
            "authorization" => match value.rsplit_once("Signature=") {
                Some((scope, _)) => format!("{scope}Signature={SIGNATURE_MARK}"),
                None => value.clone(),
            },
            _ => value.clone(),
        };
        text.push_str(&format!("{name}: {value}\n"));
    }
    text.push('\n');
    text.push_str(&String::from_utf8_lossy(&request.body));
    text.push('\n');
    text
}

/// The signature of `authorization`, which must be 64 lowercase hex digits.
fn signature(authorization: &str) -> &str {
    let (_, sig) = authorization
        .rsplit_once("Signature=")
        .unwrap_or_else(|| panic!("no Signature= in {authorization}"));
    assert!(
        sig.len() == 64 && sig.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "signature {sig}"
    );
    sig
}

/// The request the `.http` file describes, before signing: its URL, its headers except
/// `x-amz-date` and `authorization` (with the crate's version put back), its body.
fn unsigned_request_from(expected: &str) -> HttpRequest {
    let (head, body) = split_message(expected);
    let (request_line, headers) = head.split_first().expect("a request line");
    let url = request_line
        .strip_prefix("POST ")
        .expect("POST <url>")
        .to_owned();
    let headers = header_pairs(headers)
        .into_iter()
        .filter(|(k, _)| k != "x-amz-date" && k != "authorization")
        .map(|(k, v)| (k, v.replace(VERSION_MARK, env!("CARGO_PKG_VERSION"))))
        .collect();
    HttpRequest {
        method: "POST",
        url,
        headers,
        body: body.strip_suffix('\n').unwrap_or(body).as_bytes().to_vec(),
    }
}

/// The JS input through `Call::operation` and the first `poll`: the request must be the file's,
/// byte for byte, and its signature the one the file's own request gets at [`NOW`] — so the
/// machine signs exactly what it sends, and nothing is added after signing.
fn check_request(case: &str, op: Operation) {
    let input = read(&format!("requests/{case}.js.json"));
    let endpoint = read(&format!("requests/{case}.endpoint"));
    let mut client = client(Some(endpoint.trim_end()), 3);
    let mut call = Call::operation(op, input.as_bytes(), SEED)
        .unwrap_or_else(|e| panic!("{case}: {}: {}", e.field, e.rule));
    let request = match call.poll(&mut client, NOW) {
        Action::Send {
            request,
            timeout_ms,
        } => {
            assert_eq!(timeout_ms, 0, "no requestTimeoutMs by default");
            request.clone()
        }
        other => panic!("{case}: the first poll must send, not {other:?}"),
    };
    assert_eq!(call.poll(&mut client, NOW), Action::Wait, "one attempt out");

    let file = format!("requests/{case}.http");
    let expected = read(&file);
    expect_file(&file, &expected, &request_text(&request), "request");
    if blessing() {
        return;
    }

    let mut resigned = unsigned_request_from(&expected);
    let credentials = credentials();
    let params = SigningParams {
        credentials: &credentials,
        region: REGION,
        service: SIGNING_NAME,
        time: NOW / 1000,
    };
    sign_request(&mut resigned, &params, &mut SigningKeyCache::new()).expect("the file signs");
    let ours = request.header("authorization").expect("authorization");
    let theirs = resigned.header("authorization").expect("authorization");
    assert_eq!(
        signature(ours),
        signature(theirs),
        "the machine's signature is not the file's request signed at NOW"
    );
    assert_eq!(
        request, resigned,
        "the file's request, signed, is the sent one"
    );
}

/// Drives a fresh call of `op` (any valid input) to its first send, then hands it `response`.
fn answer(op: Operation, response: &HttpResponse, max_attempts: u32) -> Call {
    let input: &[u8] = match op {
        Operation::BatchMeterUsage => br#"{"usageRecords":[]}"#,
        Operation::MeterUsage => {
            br#"{"productCode":"p","timestamp":"2026-11-30T11:00:00.000Z","usageDimension":"d"}"#
        }
        Operation::RegisterUsage => br#"{"productCode":"p","publicKeyVersion":1}"#,
        Operation::ResolveCustomer => br#"{"registrationToken":"t"}"#,
    };
    let mut client = client(None, max_attempts);
    let mut call = Call::operation(op, input, SEED).expect("a valid input");
    assert!(matches!(call.poll(&mut client, NOW), Action::Send { .. }));
    call.handle_response(&mut client, response, NOW);
    let action = call.poll(&mut client, NOW);
    assert!(
        matches!(action, Action::Done | Action::Failed),
        "one attempt: the call ends, not {action:?}"
    );
    call
}

fn check_response(case: &str, op: Operation) {
    let text = read(&format!("responses/{case}.http"));
    let (head, body) = split_message(&text);
    let mut call = answer(op, &response_from(&head, body), 3);
    let output = match call.take_outcome() {
        Some(Ok(Output::Js(text))) => text,
        other => panic!("{case}: {other:?}"),
    };
    json::parse(output.as_bytes()).unwrap_or_else(|e| panic!("{case}: not JSON: {e}: {output}"));
    let file = format!("responses/{case}.js.json");
    let expected = read(&file);
    expect_file(&file, &expected, &output, "JS output");
}

/// The error as `key: value` lines, `-` for absent values.
fn describe(e: &CallError) -> String {
    fn or_dash(s: Option<&str>) -> &str {
        s.unwrap_or("-")
    }
    let kind = match e.kind {
        ErrorKind::Service => "service",
        ErrorKind::Network => "network",
        other => panic!("a response cannot end as {other:?}"),
    };
    let modelled = e
        .name
        .as_deref()
        .is_some_and(|name| ERRORS.iter().any(|m| m.code == name));
    let fault = match e.fault {
        Fault::Client => "client",
        Fault::Server => "server",
    };
    let retryable = match e.retryable {
        None => "no",
        Some(false) => "yes",
        Some(true) => "yes (throttling)",
    };
    format!(
        "kind: {kind}\nname: {}\nmodelled: {modelled}\nfault: {fault}\nretryable: {retryable}\n\
         http-status: {}\nrequest-id: {}\nattempts: {}\nmessage: {}\n",
        or_dash(e.name.as_deref()),
        e.http_status.map_or("-".to_owned(), |s| s.to_string()),
        or_dash(e.request_id.as_deref()),
        e.attempts,
        e.message,
    )
}

fn check_error(case: &str) {
    let text = read(&format!("errors/{case}.http"));
    let (head, body) = split_message(&text);
    let (op, rest) = head.split_first().expect("an operation line");
    let mut call = answer(op_named(op), &response_from(rest, body), 1);
    let error = match call.take_outcome() {
        Some(Err(e)) => e,
        other => panic!("{case}: an error response, not {other:?}"),
    };
    assert!(
        (
            error.field.is_none(),
            error.rule.is_none(),
            error.total_retry_delay_ms
        ) == (true, true, 0),
        "{case}: {error:?}"
    );
    let file = format!("errors/{case}.expected");
    let expected = read(&file);
    expect_file(&file, &expected, &describe(&error), "error");
}

macro_rules! golden {
    ($kind:ident: $($test:ident => $case:literal $(, $op:ident)?;)*) => {
        $(#[test] fn $test() { $kind($case $(, Operation::$op)?); })*
    };
}

golden! { check_request:
    request_batch_meter_usage => "batch_meter_usage", BatchMeterUsage;
    request_batch_meter_usage_legacy => "batch_meter_usage_legacy", BatchMeterUsage;
    request_batch_meter_usage_empty => "batch_meter_usage_empty", BatchMeterUsage;
    request_meter_usage => "meter_usage", MeterUsage;
    request_meter_usage_minimal => "meter_usage_minimal", MeterUsage;
    request_register_usage => "register_usage", RegisterUsage;
    request_resolve_customer => "resolve_customer", ResolveCustomer;
}

golden! { check_response:
    response_batch_meter_usage => "batch_meter_usage", BatchMeterUsage;
    response_batch_meter_usage_empty_body => "batch_meter_usage_empty_body", BatchMeterUsage;
    response_meter_usage => "meter_usage", MeterUsage;
    response_register_usage => "register_usage", RegisterUsage;
    response_register_usage_no_rotation => "register_usage_no_rotation", RegisterUsage;
    response_resolve_customer => "resolve_customer", ResolveCustomer;
    response_resolve_customer_new_integration => "resolve_customer_new_integration", ResolveCustomer;
}

golden! { check_error:
    error_type_with_namespace => "type_with_namespace";
    error_errortype_header_with_suffix => "errortype_header_with_suffix";
    error_header_wins_over_body => "header_wins_over_body";
    error_code_member => "code_member";
    error_capital_message => "capital_message";
    error_error_message_member => "error_message_member";
    error_internal_server_error => "internal_server_error";
    error_idempotency_conflict_409 => "idempotency_conflict_409";
    error_dry_run_operation => "dry_run_operation";
    error_unrecognized_client => "unrecognized_client";
    error_no_body => "no_body";
    error_html_503 => "html_503";
    error_wrong_types_in_error => "wrong_types_in_error";
    error_success_truncated_json => "success_truncated_json";
    error_success_wrong_types => "success_wrong_types";
    error_success_not_an_object => "success_not_an_object";
    error_success_html => "success_html";
}

/// Every fixture on disk has a test above, so none is silently skipped.
#[test]
fn every_fixture_is_listed() {
    let listed = include_str!("golden.rs");
    for dir in ["requests", "responses", "errors"] {
        let path = format!("{}/tests/golden/{dir}", env!("CARGO_MANIFEST_DIR"));
        for entry in std::fs::read_dir(&path).expect("fixture dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .into_string()
                .expect("utf-8");
            if let Some(case) = name.strip_suffix(".http") {
                assert!(
                    listed.contains(&format!("\"{case}\"")),
                    "{dir}/{name} has no test"
                );
            }
        }
    }
}
