//! Any bytes as the JS input text of any operation (the first byte picks it): reading and
//! validating never panics, and an accepted input always becomes a signed request whose body
//! is JSON (under 1 MB for BatchMeterUsage).
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::answer::MAX_REQUEST_BYTES;
use marketplace_metering_wasm::call::{Action, Call};
use marketplace_metering_wasm::json;
use marketplace_metering_wasm::model::Operation;

mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let op = Operation::ALL[usize::from(pick) % Operation::ALL.len()];
    let Ok(mut call) = Call::operation(op, text, [pick; 16]) else {
        return;
    };
    let mut client = common::metering_client(3);
    match call.poll(&mut client, common::NOON) {
        Action::Send { request, .. } => {
            assert!(request.header("authorization").is_some());
            assert!(json::parse(&request.body).is_ok(), "the body is JSON");
            assert!(op != Operation::BatchMeterUsage || request.body.len() < MAX_REQUEST_BYTES);
        }
        other => panic!("an accepted input must be sent, not {other:?}"),
    }
});
