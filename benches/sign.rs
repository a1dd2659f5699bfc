//! The native floor for `make bench`: the same validate + serialize + sign work a call does in
//! wasm before its first fetch, on the same inputs (js/bench/inputs/*.json), through the
//! crate's native API: `Call::operation` (read and validate the JS input text, write the body,
//! choose the client token) and the first `poll` to `Action::Send` (sign). No criterion (no new
//! crates): `Instant` and `black_box`, 7 rounds of N calls tuned to ~200 ms, median ns/op as
//! JSON lines (js/bench/run.mjs reads them).

use std::hint::black_box;
use std::time::{Duration, Instant};

use marketplace_metering_wasm::call::{Action, Call};
use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::sigv4::Credentials;
use marketplace_metering_wasm::time;

const ROUNDS: usize = 7;
const ROUND: Duration = Duration::from_millis(200);
// The signing time; any fixed instant works (the wasm reads the clock, a native caller passes it).
const NOW_MS: i64 = 1_768_478_400_000;

fn one(client: &mut Client, op: Operation, text: &[u8], seed: u8) -> usize {
    // A fresh seed per call, as the wasm client draws one: MeterUsage's default token differs.
    let mut call = match Call::operation(op, black_box(text), [seed; 16]) {
        Ok(call) => call,
        Err(e) => panic!("bench input for {op:?} is invalid: {}: {}", e.field, e.rule),
    };
    match call.poll(client, NOW_MS) {
        Action::Send { request, .. } => black_box(request).body.len(),
        other => panic!("the first poll must send, not {other:?}"),
    }
}

/// The bench inputs keep each `Date` as `{"$date": ms}` (js/bench/revive.mjs revives them for
/// the JS peers); what crosses into the core is `JSON.stringify`'s text, where a `Date` is its
/// ISO string. Converted once, before timing.
fn with_iso_dates(text: &str) -> String {
    const MARK: &str = "{\"$date\":";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARK.len()..];
        let end = after.find('}').expect("a closing brace");
        let millis: i64 = after[..end].trim().parse().expect("integer milliseconds");
        out.push('"');
        out.push_str(&time::format_rfc3339(millis));
        out.push('"');
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

fn bench(label: &str, op: Operation, input: &str) {
    let text = with_iso_dates(input);
    let text = text.as_bytes();
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    );
    let mut client = match Client::metering(
        "us-east-1",
        false,
        false,
        None,
        CredentialSource::Static(credentials),
        Settings::default(),
    ) {
        Ok(c) => c,
        Err(e) => panic!("endpoint: {e:?}"),
    };

    // Warm up (caches, signing key) and size N from the warm speed.
    let start = Instant::now();
    let mut done = 0u32;
    while start.elapsed() < Duration::from_millis(300) {
        one(&mut client, op, text, done as u8);
        done += 1;
    }
    let per_op = start.elapsed() / done.max(1);
    let n = (ROUND.as_nanos() / per_op.as_nanos().max(1)).max(10) as u32;

    let mut samples: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let t0 = Instant::now();
            for i in 0..n {
                one(&mut client, op, text, i as u8);
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
        include_str!("../js/bench/inputs/meter-usage.json"),
    );
    bench(
        "BatchMeterUsage x25",
        Operation::BatchMeterUsage,
        include_str!("../js/bench/inputs/batch-25.json"),
    );
}
