//! Any response to any call: byte 0 picks the call (the four operations, a records plan's
//! BatchMeterUsage, STS AssumeRole), then a response as `common::response` reads it. With
//! maxAttempts 1 the call ends: Done only on a 2xx, with JSON output; Failed with an error
//! whose description is JSON and whose message never holds the secret key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::batch::RecordsPlan;
use marketplace_metering_wasm::call::{Action, Call, Output, Request};
use marketplace_metering_wasm::json;
use marketplace_metering_wasm::model::Operation;

mod common;

fn ends(call: &mut Call, client: &mut marketplace_metering_wasm::client::Client, success: bool) {
    let ended = match call.poll(client, common::NOON) {
        Action::Done => true,
        Action::Failed => false,
        other => panic!("maxAttempts 1: the call ends, not {other:?}"),
    };
    match call.take_outcome() {
        Some(Ok(output)) => {
            assert!(ended && success);
            if let Output::Js(text) = output {
                assert!(json::parse(text.as_bytes()).is_ok(), "JS output is JSON");
            }
        }
        Some(Err(e)) => {
            assert!(!ended);
            assert!(json::parse(e.to_json().as_bytes()).is_ok());
            // What Client::redact promises: the message (which may quote the service's words)
            // never holds the secret key. The error's `name` and `requestId` are the service's
            // code and id as sent, unredacted.
            assert!(!e.message.contains(common::SECRET));
        }
        None => panic!("an ended call has an outcome"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Some(response) = common::response(rest) else {
        return;
    };
    let success = (200..300).contains(&response.status);
    match pick % 6 {
        4 => {
            let mut plan = RecordsPlan::new(common::RECORDS, 1).expect("valid records");
            let mut client = common::metering_client(1);
            let mut planned = plan.next_call([pick; 16]).expect("one call");
            assert!(matches!(
                planned.call.poll(&mut client, common::NOON),
                Action::Send { .. }
            ));
            planned
                .call
                .handle_response(&mut client, &response, common::NOON);
            assert!(matches!(
                planned.call.poll(&mut client, common::NOON),
                Action::Done | Action::Failed
            ));
            plan.complete(planned, 0.5);
            assert!(plan.is_finished());
            assert!(json::parse(plan.outcome_json().as_bytes()).is_ok());
        }
        5 => {
            let mut client = common::sts_client(1);
            let mut call = Call::new(Request::AssumeRole(common::role()), [pick; 16]);
            assert!(matches!(
                call.poll(&mut client, common::NOON),
                Action::Send { .. }
            ));
            call.handle_response(&mut client, &response, common::NOON);
            ends(&mut call, &mut client, success);
        }
        n => {
            let op = Operation::ALL[usize::from(n)];
            let mut client = common::metering_client(1);
            let mut call = Call::operation(op, common::input(op), [pick; 16]).expect("valid");
            assert!(matches!(
                call.poll(&mut client, common::NOON),
                Action::Send { .. }
            ));
            call.handle_response(&mut client, &response, common::NOON);
            ends(&mut call, &mut client, success);
        }
    }
});
