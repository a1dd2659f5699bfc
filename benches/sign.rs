//! The native floor for `make bench`: the same validate + serialize + sign work that
//! `prepareRequest` does in wasm, on the same input bytes (js/bench/inputs/*.json, the JSON text
//! the JS boundary hands over), through the crate's native API. No criterion (no new crates):
//! `Instant` and `black_box`, 7 rounds of N calls tuned to ~200 ms, median ns/op as JSON lines.

use std::hint::black_box;
use std::time::{Duration, Instant};

use marketplace_metering_wasm::client::{self, Client, ClientConfig};
use marketplace_metering_wasm::model::js::input_from_js_text;
use marketplace_metering_wasm::model::{Input, Operation};
use marketplace_metering_wasm::sigv4::Credentials;

const ROUNDS: usize = 7;
const ROUND: Duration = Duration::from_millis(200);
// The signing date; any fixed second works (the wasm reads the clock, a native caller passes it).
const NOW: i64 = 1_768_478_400;

fn one(
    client: &mut Client,
    credentials: &Credentials,
    op: Operation,
    text: &[u8],
    seed: u8,
) -> usize {
    let mut input = match input_from_js_text(op, black_box(text)) {
        Ok(input) => input,
        Err(e) => panic!("bench input for {op:?} is invalid: {e}"),
    };
    // The wasm client gives each MeterUsage call a fresh random token; do the same formatting.
    if let Input::MeterUsage(m) = &mut input {
        m.client_token = Some(client::uuid_v4([seed; 16]));
    }
    match client.prepare(&input, credentials, NOW) {
        Ok(request) => black_box(request).body.len(),
        Err(e) => panic!("signing failed: {e}"),
    }
}

fn bench(label: &str, op: Operation, text: &[u8]) {
    let config = match ClientConfig::new("us-east-1", false, false, None) {
        Ok(c) => c,
        Err(e) => panic!("endpoint: {e}"),
    };
    let mut client = Client::new(config);
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    );

    // Warm up (caches, signing key) and size N from the warm speed.
    let start = Instant::now();
    let mut done = 0u32;
    while start.elapsed() < Duration::from_millis(300) {
        one(&mut client, &credentials, op, text, done as u8);
        done += 1;
    }
    let per_op = start.elapsed() / done.max(1);
    let n = (ROUND.as_nanos() / per_op.as_nanos().max(1)).max(10) as u32;

    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let t0 = Instant::now();
            for i in 0..n {
                one(&mut client, &credentials, op, text, i as u8);
            }
            t0.elapsed().as_nanos() as f64 / f64::from(n)
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    let median = samples[ROUNDS / 2];
    println!(
        "{{\"runtime\":\"native\",\"case\":\"{label}\",\"name\":\"ours-native\",\"n\":{n},\"rounds\":{ROUNDS},\"medianNs\":{median:.1},\"minNs\":{:.1},\"maxNs\":{:.1}}}",
        samples[0],
        samples[ROUNDS - 1]
    );
}

fn main() {
    bench(
        "MeterUsage",
        Operation::MeterUsage,
        include_bytes!("../js/bench/inputs/meter-usage.json"),
    );
    bench(
        "BatchMeterUsage x25",
        Operation::BatchMeterUsage,
        include_bytes!("../js/bench/inputs/batch-25.json"),
    );
}
