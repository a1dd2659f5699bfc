//! Any response: byte 0 picks the operation, bytes 1-2 are the status (any u16), then
//! `name:value` header lines up to an empty line, then the body. Parsing never panics, and
//! an output always converts to its JS text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::http::HttpResponse;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::protocol::parse_response;

fuzz_target!(|data: &[u8]| {
    let [pick, hi, lo, rest @ ..] = data else {
        return;
    };
    let op = Operation::ALL[usize::from(*pick) % Operation::ALL.len()];
    let status = u16::from_be_bytes([*hi, *lo]);
    let (head, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (&rest[..at], &rest[at + 2..]),
        None => (&[][..], rest),
    };
    let headers = String::from_utf8_lossy(head)
        .split('\n')
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    let response = HttpResponse {
        status,
        headers,
        body: body.to_vec(),
    };
    if let Ok(output) = parse_response(op, &response) {
        assert!(!output.to_js().is_empty());
    }
});
