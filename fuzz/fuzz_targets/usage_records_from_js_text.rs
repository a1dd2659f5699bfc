//! Any bytes as meterUsageRecords' input text: reading never panics, and an accepted list
//! splits into calls that carry every record exactly once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::batch::{chunk_input, plan};
use marketplace_metering_wasm::model::js::usage_records_from_js_text;

fuzz_target!(|text: &[u8]| {
    let Ok(input) = usage_records_from_js_text(text) else {
        return;
    };
    let Ok(chunks) = plan(&input) else {
        return;
    };
    let mut carried: Vec<usize> = chunks.iter().flatten().copied().collect();
    carried.sort_unstable();
    assert!(carried.iter().copied().eq(0..input.usage_records.len()));
    for chunk in &chunks {
        assert!(!chunk.is_empty() && chunk.len() <= 25);
        assert_eq!(chunk_input(&input, chunk).usage_records.len(), chunk.len());
    }
});
