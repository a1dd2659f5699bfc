//! Any bytes as meterUsageRecords' input text: reading never panics, and an accepted list
//! splits into calls of 1 to 25 records under 1 MB each that carry every record exactly once;
//! the outcome, with every call aborted, is JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::answer::MAX_REQUEST_BYTES;
use marketplace_metering_wasm::batch::RecordsPlan;
use marketplace_metering_wasm::call::Action;
use marketplace_metering_wasm::json::{self, Value};

mod common;

fuzz_target!(|text: &[u8]| {
    let Ok(mut plan) = RecordsPlan::new(text, 3) else {
        return;
    };
    let mut client = common::metering_client(3);
    let mut carried = 0;
    while let Some(mut planned) = plan.next_call([1; 16]) {
        match planned.call.poll(&mut client, common::NOON) {
            Action::Send { request, .. } => {
                assert!(request.body.len() < MAX_REQUEST_BYTES);
                let body = json::parse(&request.body).expect("the body is JSON");
                let records = body
                    .get("UsageRecords")
                    .and_then(Value::as_array)
                    .map_or(0, <[Value<'_>]>::len);
                assert!((1..=25).contains(&records), "{records} records in one call");
                carried += records;
            }
            other => panic!("a planned call must be sent, not {other:?}"),
        }
        planned.call.abort();
        plan.complete(planned, 0.5);
    }
    assert_eq!(carried, plan.len(), "every record in exactly one call");
    assert!(plan.is_finished());
    assert!(json::parse(plan.outcome_json().as_bytes()).is_ok());
});
