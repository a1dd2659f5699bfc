//! Property tests without external crates: a seeded xorshift generator feeds many thousand
//! random and hostile inputs to every JS entry point and to `parse_response`, which must answer
//! `Ok` or `Err` and never panic (a panic in wasm traps the instance). Accepted inputs must
//! round-trip: input -> wire JSON -> `json::parse` -> the same values.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use marketplace_metering_wasm::http::HttpResponse;
use marketplace_metering_wasm::json::{self, Value};
use marketplace_metering_wasm::model::js::{
    batch_meter_usage_from_js, input_from_js, input_from_js_text, meter_usage_from_js,
    register_usage_from_js, resolve_customer_from_js,
};
use marketplace_metering_wasm::model::{Input, Operation, Output, UsageRecord};
use marketplace_metering_wasm::protocol::{build_request, parse_response};

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

const ALPHABETS: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    "0123456789",
    "-/=:_.@abc123",
    " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "é😀\u{0}\u{1f}\u{7f}\u{2028}\u{fffd}\n\t",
];

fn string(r: &mut Rng) -> String {
    let len = match r.below(400) {
        0 => r.below(70_000),
        1..=20 => 0,
        21..=40 => 250 + r.below(10),
        _ => r.below(40),
    };
    let alphabet: Vec<char> = r.pick(ALPHABETS).chars().collect();
    (0..len).map(|_| *r.pick(&alphabet)).collect()
}

fn arn(r: &mut Rng) -> String {
    if r.chance(3) {
        string(r)
    } else {
        format!(
            "arn:aws:license-manager::{}:license:l-{}",
            r.below(1_000_000),
            r.below(999)
        )
    }
}

fn number(r: &mut Rng) -> f64 {
    let (any, small) = (r.next() as f64, (r.next() % 5000) as f64);
    *r.pick(&[
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        1e308,
        -1e308,
        5e-324,
        2147483647.0,
        2147483648.0,
        -2147483649.0,
        9007199254740993.0,
        8.64e15,
        8.64e15 + 1.0,
        1767225599600.0,
        any,
        small,
    ])
}

fn hostile(r: &mut Rng, depth: usize) -> Value {
    match r.below(9) {
        0 => Value::Null,
        1 => Value::Bool(r.chance(2)),
        2 => Value::Number(number(r)),
        3 => Value::String(string(r)),
        4 => {
            // Deep nesting, past json::MAX_DEPTH when built directly as a Value.
            let mut v = Value::Null;
            for _ in 0..r.below(150) {
                v = if r.chance(2) {
                    Value::Array(vec![v])
                } else {
                    Value::Object(vec![("a".into(), v)])
                };
            }
            v
        }
        5 => Value::Object(vec![("$date".into(), hostile_leaf(r))]),
        6 => Value::Object(vec![
            ("$date".into(), Value::Number(number(r))),
            (string(r), Value::Null),
        ]),
        7 if depth < 4 => Value::Array((0..r.below(4)).map(|_| hostile(r, depth + 1)).collect()),
        _ => Value::Object(vec![(string(r), hostile_leaf(r))]),
    }
}

fn hostile_leaf(r: &mut Rng) -> Value {
    match r.below(4) {
        0 => Value::Null,
        1 => Value::Number(number(r)),
        2 => Value::String(string(r)),
        _ => Value::Bool(true),
    }
}

fn obj(members: Vec<(&str, Value)>) -> Value {
    Value::Object(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn date(r: &mut Rng) -> Value {
    obj(vec![("$date", Value::Number(number(r)))])
}

fn int(r: &mut Rng) -> Value {
    Value::Number(if r.chance(2) {
        r.below(100) as f64
    } else {
        number(r)
    })
}

/// Sometimes leaves an optional member out.
fn maybe(
    r: &mut Rng,
    members: &mut Vec<(&'static str, Value)>,
    name: &'static str,
    make: impl FnOnce(&mut Rng) -> Value,
) {
    if r.chance(2) {
        let v = make(r);
        members.push((name, v));
    }
}

fn tags(r: &mut Rng) -> Value {
    Value::Array(
        (0..r.below(7))
            .map(|_| {
                obj(vec![
                    ("key", Value::String(string(r))),
                    ("value", Value::String(string(r))),
                ])
            })
            .collect(),
    )
}

fn allocations(r: &mut Rng) -> Value {
    let n = if r.chance(50) { 2501 } else { r.below(4) };
    Value::Array(
        (0..n)
            .map(|_| {
                let mut m = vec![("allocatedUsageQuantity", int(r))];
                maybe(r, &mut m, "tags", tags);
                obj(m)
            })
            .collect(),
    )
}

fn record(r: &mut Rng) -> Value {
    let mut m = vec![
        ("timestamp", date(r)),
        ("dimension", Value::String(string(r))),
    ];
    maybe(r, &mut m, "customerIdentifier", |r| {
        Value::String(string(r))
    });
    maybe(r, &mut m, "quantity", int);
    maybe(r, &mut m, "usageAllocations", allocations);
    maybe(r, &mut m, "customerAWSAccountId", |r| {
        Value::String(r.below(1 << 40).to_string())
    });
    maybe(r, &mut m, "licenseArn", |r| Value::String(arn(r)));
    obj(m)
}

fn input(r: &mut Rng, op: Operation) -> Value {
    let mut m = Vec::new();
    match op {
        Operation::BatchMeterUsage => {
            let n = if r.chance(30) { 26 } else { r.below(4) };
            m.push((
                "usageRecords",
                Value::Array((0..n).map(|_| record(r)).collect()),
            ));
            maybe(r, &mut m, "productCode", |r| Value::String(string(r)));
        }
        Operation::MeterUsage => {
            m.push(("productCode", Value::String(string(r))));
            m.push(("timestamp", date(r)));
            m.push(("usageDimension", Value::String(string(r))));
            maybe(r, &mut m, "usageQuantity", int);
            maybe(r, &mut m, "dryRun", |r| Value::Bool(r.chance(2)));
            maybe(r, &mut m, "usageAllocations", allocations);
            maybe(r, &mut m, "clientToken", |r| Value::String(string(r)));
        }
        Operation::RegisterUsage => {
            m.push(("productCode", Value::String(string(r))));
            m.push(("publicKeyVersion", int(r)));
            maybe(r, &mut m, "nonce", |r| Value::String(string(r)));
        }
        Operation::ResolveCustomer => {
            m.push(("registrationToken", Value::String(string(r))));
        }
    }
    obj(m)
}

/// Replaces, removes or adds members somewhere in the tree.
fn mutate(r: &mut Rng, v: &mut Value, depth: usize) {
    match v {
        Value::Object(members) if !members.is_empty() && depth < 8 => {
            let i = r.below(members.len());
            match r.below(6) {
                0 => members[i].1 = hostile(r, 0),
                1 => {
                    members.remove(i);
                }
                2 => members.push((string(r), hostile_leaf(r))),
                3 => members[i].1 = Value::Null,
                _ => mutate(r, &mut members[i].1, depth + 1),
            }
        }
        Value::Array(items) if !items.is_empty() && depth < 8 => {
            let i = r.below(items.len());
            if r.chance(3) {
                items[i] = hostile(r, 0);
            } else {
                mutate(r, &mut items[i], depth + 1);
            }
        }
        _ => *v = hostile(r, 0),
    }
}

/// The wire body, read back, carries exactly the input's values.
fn assert_round_trip(input: &Input) {
    let request = build_request(input, "https://example.com");
    let wire = json::parse(&request.body).expect("the body is JSON");
    let s = |name: &str| wire.get(name).and_then(Value::as_str).map(str::to_owned);
    let n = |name: &str| wire.get(name).and_then(Value::as_f64);
    match input {
        Input::BatchMeterUsage(b) => {
            assert!(request.body.len() < 1024 * 1024);
            // The request's record list has the shape of the response's UnprocessedRecords:
            // reading it back with the response reader checks every member.
            let records = wire.get("UsageRecords").cloned().expect("UsageRecords");
            let mut text = String::new();
            json::write_value(
                &mut text,
                &Value::Object(vec![("UnprocessedRecords".into(), records)]),
            );
            let response = HttpResponse {
                status: 200,
                headers: vec![],
                body: text.into_bytes(),
            };
            let Ok(Output::BatchMeterUsage(out)) =
                parse_response(Operation::BatchMeterUsage, &response)
            else {
                panic!("the records read back");
            };
            let expected: Vec<UsageRecord> = b
                .usage_records
                .iter()
                .map(|rec| UsageRecord {
                    timestamp: marketplace_metering_wasm::model::Timestamp::from_epoch_seconds(
                        rec.timestamp.epoch_seconds(),
                    ),
                    customer_identifier: rec.customer_identifier.clone().filter(|c| !c.is_empty()),
                    ..rec.clone()
                })
                .collect();
            assert_eq!(out.unprocessed_records, expected);
            assert_eq!(
                s("ProductCode"),
                b.product_code.clone().filter(|p| !p.is_empty())
            );
        }
        Input::MeterUsage(m) => {
            assert_eq!(s("ProductCode").as_ref(), Some(&m.product_code));
            assert_eq!(n("Timestamp"), Some(m.timestamp.epoch_seconds() as f64));
            assert_eq!(s("UsageDimension").as_ref(), Some(&m.usage_dimension));
            assert_eq!(n("UsageQuantity"), m.usage_quantity.map(f64::from));
            assert_eq!(wire.get("DryRun").cloned(), m.dry_run.map(Value::Bool));
            assert_eq!(s("ClientToken"), m.client_token);
            assert_eq!(
                wire.get("UsageAllocations").is_some(),
                m.usage_allocations.is_some()
            );
        }
        Input::RegisterUsage(g) => {
            assert_eq!(s("ProductCode").as_ref(), Some(&g.product_code));
            assert_eq!(n("PublicKeyVersion"), Some(f64::from(g.public_key_version)));
            assert_eq!(s("Nonce"), g.nonce);
        }
        Input::ResolveCustomer(c) => {
            assert_eq!(s("RegistrationToken").as_ref(), Some(&c.registration_token));
        }
    }
}

#[test]
fn js_inputs_never_panic_and_accepted_ones_round_trip() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = [0usize; 4];
    for round in 0..12_000 {
        let op = Operation::ALL[round % 4];
        let mut v = input(&mut r, op);
        for _ in 0..r.below(3) {
            mutate(&mut r, &mut v, 0);
        }
        // The per-operation entry points and the generic one must agree.
        let direct = match op {
            Operation::BatchMeterUsage => batch_meter_usage_from_js(&v).map(Input::BatchMeterUsage),
            Operation::MeterUsage => meter_usage_from_js(&v).map(Input::MeterUsage),
            Operation::RegisterUsage => register_usage_from_js(&v).map(Input::RegisterUsage),
            Operation::ResolveCustomer => resolve_customer_from_js(&v).map(Input::ResolveCustomer),
        };
        assert_eq!(direct, input_from_js(op, &v));
        // Every other operation gets the same value too.
        let _ = input_from_js(Operation::ALL[(round + 1) % 4], &v);
        if let Ok(input) = direct {
            accepted[round % 4] += 1;
            assert_round_trip(&input);
        }
    }
    // The generator must reach the accepting paths, or the round trips prove nothing.
    assert!(
        accepted.iter().all(|&n| n > 100),
        "accepted per operation: {accepted:?}"
    );
}

#[test]
fn js_text_never_panics() {
    let mut r = Rng(42);
    for round in 0..6_000 {
        let op = Operation::ALL[round % 4];
        let mut v = input(&mut r, op);
        mutate(&mut r, &mut v, 0);
        let mut text = String::new();
        json::write_value(&mut text, &v);
        let mut bytes = text.into_bytes();
        match r.below(5) {
            // A lone surrogate escape, as JSON.stringify writes one.
            0 => {
                let at = r.below(bytes.len());
                bytes.splice(at..at, br#""\udc00""#.iter().copied());
            }
            1 => bytes.truncate(r.below(bytes.len())),
            2 => {
                let at = r.below(bytes.len());
                bytes[at] = r.next() as u8;
            }
            _ => {}
        }
        let _ = input_from_js_text(op, &bytes);
    }
}

const VALID_BODIES: &[&str] = &[
    r#"{"Results":[{"UsageRecord":{"Timestamp":1767225599,"CustomerIdentifier":"c","Dimension":"d","Quantity":1,"UsageAllocations":[{"AllocatedUsageQuantity":1,"Tags":[{"Key":"k","Value":"v"}]}],"CustomerAWSAccountId":"1","LicenseArn":"arn:aws:s:r:a:x"},"MeteringRecordId":"m","Status":"Success"}],"UnprocessedRecords":[{"Timestamp":1.5,"Dimension":"d"}]}"#,
    r#"{"MeteringRecordId":"8f5e3c2a"}"#,
    r#"{"Signature":"a.b.c","PublicKeyRotationTimestamp":1767225600.5}"#,
    r#"{"CustomerIdentifier":"c","ProductCode":"p","CustomerAWSAccountId":"1","LicenseArn":"arn"}"#,
    r#"{"__type":"com.amazonaws.marketplacemetering#ThrottlingException","message":"slow down"}"#,
    "<html><body>503</body></html>",
];

fn mutated_body(r: &mut Rng) -> Vec<u8> {
    if r.chance(4) {
        return (0..r.below(200)).map(|_| r.next() as u8).collect();
    }
    let mut body = r.pick(VALID_BODIES).as_bytes().to_vec();
    if r.chance(3) {
        // Swap a value for a hostile one, keeping the document well-formed.
        if let Ok(mut v) = json::parse(&body) {
            mutate(r, &mut v, 0);
            let mut text = String::new();
            json::write_value(&mut text, &v);
            return text.into_bytes();
        }
    }
    for _ in 0..r.below(4) {
        if body.is_empty() {
            break;
        }
        let at = r.below(body.len());
        match r.below(4) {
            0 => body.truncate(at),
            1 => body[at] = r.next() as u8,
            2 => {
                body.remove(at);
            }
            _ => body.insert(at, *r.pick(b"{}[]\",:0-e.\\u")),
        }
    }
    body
}

fn header(r: &mut Rng) -> (String, String) {
    let name = r
        .pick(&[
            "x-amzn-errortype",
            "X-Amzn-ErrorType",
            "x-amzn-requestid",
            "x-amz-request-id",
            "content-type",
            "date",
        ])
        .to_string();
    let value = match r.below(4) {
        0 => "ThrottlingException:http://internal.amazon.com/x".to_owned(),
        1 => "ns#InvalidTokenException,Other".to_owned(),
        _ => string(r),
    };
    (name, value)
}

#[test]
fn responses_never_panic() {
    let mut r = Rng(0xDEAD_BEEF_CAFE_F00D);
    let mut outputs = 0;
    for _ in 0..30_000 {
        let status = match r.below(4) {
            0 => 200,
            1 => *r.pick(&[204, 299, 400, 403, 409, 412, 413, 429, 500, 503]),
            _ => r.below(1000) as u16,
        };
        let response = HttpResponse {
            status,
            headers: (0..r.below(4)).map(|_| header(&mut r)).collect(),
            body: mutated_body(&mut r),
        };
        for op in Operation::ALL {
            match parse_response(op, &response) {
                Ok(output) => {
                    outputs += 1;
                    assert!((200..300).contains(&response.status));
                    assert_eq!(output.operation(), op);
                    json::parse(output.to_js().as_bytes()).expect("JS output is JSON");
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
        }
    }
    assert!(outputs > 1000, "only {outputs} successful parses");
}
