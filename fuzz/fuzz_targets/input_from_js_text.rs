//! Any bytes as the JS input text of any operation (the first byte picks it): reading and
//! validating never panics, and an accepted input always builds a request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::model::js::input_from_js_text;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::protocol::build_request;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, text)) = data.split_first() else {
        return;
    };
    let op = Operation::ALL[usize::from(pick) % Operation::ALL.len()];
    if let Ok(input) = input_from_js_text(op, text) {
        assert_eq!(input.operation(), op);
        let request = build_request(
            &input,
            "https://metering.marketplace.us-east-1.amazonaws.com",
        );
        assert!(!request.body.is_empty());
    }
});
