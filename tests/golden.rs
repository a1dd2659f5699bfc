//! Golden files under `tests/golden/`: for each operation, JS input -> exact wire request,
//! and wire response -> exact JS output; and one file per error shape.
//!
//! File formats (plain text, so a diff reads well):
//! - `requests/<case>.js.json` (JS input), `<case>.endpoint` (the endpoint URL) and
//!   `<case>.http`: `POST <url>`, the headers in order, a blank line, the body.
//! - `responses/<case>.http`: status line, headers, blank line, body (exact bytes);
//!   `<case>.js.json` is the expected JS JSON text.
//! - `errors/<case>.http`: the operation, the status, headers, blank line, body;
//!   `<case>.expected` lists what the error must carry.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use marketplace_metering_wasm::error::ResponseError;
use marketplace_metering_wasm::http::HttpResponse;
use marketplace_metering_wasm::model::js::input_from_js_text;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::protocol::{build_request, parse_response};

fn read(path: &str) -> String {
    let full = format!("{}/tests/golden/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn op_named(name: &str) -> Operation {
    Operation::ALL
        .into_iter()
        .find(|op| op.wire_name() == name)
        .unwrap_or_else(|| panic!("unknown operation {name}"))
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

fn check_request(case: &str, op: Operation) {
    let input = read(&format!("requests/{case}.js.json"));
    let endpoint = read(&format!("requests/{case}.endpoint"));
    let input = input_from_js_text(op, input.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
    let request = build_request(&input, endpoint.trim_end());

    let expected = read(&format!("requests/{case}.http"));
    let (head, body) = split_message(&expected);
    let (request_line, headers) = head.split_first().expect("a request line");
    assert_eq!(format!("{} {}", request.method, request.url), *request_line);
    assert_eq!(request.headers, header_pairs(headers), "headers");
    let body = body.strip_suffix('\n').unwrap_or(body);
    assert_eq!(String::from_utf8_lossy(&request.body), body, "body");
}

fn check_response(case: &str, op: Operation) {
    let text = read(&format!("responses/{case}.http"));
    let (head, body) = split_message(&text);
    let output = parse_response(op, &response_from(&head, body)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.operation(), op);
    let expected = read(&format!("responses/{case}.js.json"));
    assert_eq!(output.to_js(), expected.trim_end());
}

/// The error as `key: value` lines, `-` for absent values.
fn describe(e: &ResponseError) -> String {
    fn or_dash(s: &Option<String>) -> &str {
        s.as_deref().unwrap_or("-")
    }
    match e {
        ResponseError::Service(e) => format!(
            "kind: service\ncode: {}\nmodelled: {}\nfault: {}\nstatus: {}\nmessage: {}\nrequest-id: {}\n",
            e.code.as_str(),
            e.code.fault().is_some(),
            format!("{:?}", e.fault()).to_lowercase(),
            e.status,
            or_dash(&e.message),
            or_dash(&e.request_id),
        ),
        ResponseError::UnreadableSuccess {
            status,
            request_id,
            reason,
        } => format!(
            "kind: unreadable-success\nstatus: {status}\nreason: {reason}\nrequest-id: {}\n",
            or_dash(request_id)
        ),
    }
}

fn check_error(case: &str) {
    let text = read(&format!("errors/{case}.http"));
    let (head, body) = split_message(&text);
    let (op, rest) = head.split_first().expect("an operation line");
    let err =
        parse_response(op_named(op), &response_from(rest, body)).expect_err("an error response");
    assert_eq!(describe(&err), read(&format!("errors/{case}.expected")));
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
