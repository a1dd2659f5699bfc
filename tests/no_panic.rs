//! Property tests without external crates: a seeded xorshift generator feeds many thousand
//! random and hostile inputs, responses and event orders to the call machine, which must
//! answer `Ok` or `Err`, end `Done` or `Failed` within `maxAttempts`, and never panic (a panic
//! in wasm traps the instance). Accepted inputs must round-trip: JS input -> wire body -> the
//! same values, member by member through the model's tables; and for BatchMeterUsage, the
//! wire records echoed back by the service -> JS output -> the same values again.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use marketplace_metering_wasm::answer::MAX_REQUEST_BYTES;
use marketplace_metering_wasm::batch::RecordsPlan;
use marketplace_metering_wasm::call::{self, Action, Call, Output, Request, TransportFailure};
use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::error::{CallError, ErrorKind};
use marketplace_metering_wasm::http::{HttpRequest, HttpResponse};
use marketplace_metering_wasm::json::{self, Value};
use marketplace_metering_wasm::model::schema::{
    Shape, Structure, DEFAULT_EMPTY, IDEMPOTENCY_TOKEN,
};
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::options;
use marketplace_metering_wasm::retry::MAX_BACKOFF_MS;
use marketplace_metering_wasm::sigv4::Credentials;
use marketplace_metering_wasm::sts::AssumeRole;
use marketplace_metering_wasm::time;

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

/// 2026-11-30T12:00:00Z.
const NOON: i64 = 1_796_040_000_000;
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

// --- A JSON tree the tests own (json::Value borrows from its text) --------------------------

#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

impl J {
    /// The member `key`, the last one winning as in `JSON.parse`; `null` is absent.
    fn get(&self, key: &str) -> Option<&J> {
        match self {
            J::Obj(members) => members
                .iter()
                .rev()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .filter(|v| !matches!(v, J::Null)),
            _ => None,
        }
    }
}

/// As `JSON.stringify` writes it (a non-finite number is `null`).
fn write_j(out: &mut String, v: &J) {
    match v {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Num(n) if n.is_finite() => out.push_str(&format!("{n}")),
        J::Num(_) => out.push_str("null"),
        J::Str(s) => json::write_string(out, s),
        J::Arr(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_j(out, item);
            }
            out.push(']');
        }
        J::Obj(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                json::write_string(out, k);
                out.push(':');
                write_j(out, item);
            }
            out.push('}');
        }
    }
}

fn text_of(v: &J) -> String {
    let mut out = String::new();
    write_j(&mut out, v);
    out
}

fn from_value(v: &Value<'_>) -> J {
    match v {
        Value::Null => J::Null,
        Value::Bool(b) => J::Bool(*b),
        Value::Number(n) => J::Num(*n),
        Value::String(s) => J::Str(s.text().into_owned()),
        Value::Array(items) => J::Arr(items.iter().map(from_value).collect()),
        Value::Object(members) => J::Obj(
            members
                .iter()
                .map(|(k, v)| (k.text().into_owned(), from_value(v)))
                .collect(),
        ),
    }
}

// --- JS inputs -------------------------------------------------------------------------------

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

/// Date texts JSON.stringify never writes, or writes only for extreme dates.
const ODD_DATES: &[&str] = &[
    "",
    "2026-11-30",
    "2026-11-30T11:00:00Z",
    "2026-11-30T11:00:00.5+01:00",
    "2026-11-30T11:00:00.000-23:59",
    "2026-11-30t11:00:00.000z",
    "2026-11-30T11:00:00.1234567890123Z",
    "2026-02-30T00:00:00.000Z",
    "2026-11-30T24:00:00.000Z",
    "2026-11-30T11:00:60.000Z",
    "+275760-09-13T00:00:00.000Z",
    "-000001-01-01T00:00:00.000Z",
    "0000-01-01T00:00:00.000Z",
    "9999-12-31T23:59:59.999Z",
    "\u{662}\u{660}\u{662}\u{666}-11-30T11:00:00.000Z",
    "2026-11-30T11:00:00.000Z\u{0}",
];

fn date(r: &mut Rng) -> J {
    match r.below(14) {
        // An invalid Date: its toJSON is null.
        0 => J::Null,
        1 => J::Str(r.pick(ODD_DATES).to_string()),
        // The old crossing, now refused.
        2 => J::Obj(vec![("$date".into(), J::Num(number(r)))]),
        3 => J::Num(number(r)),
        4 => {
            let ms = number(r).clamp(-8.64e15, 8.64e15) as i64;
            J::Str(time::format_rfc3339(ms))
        }
        _ => {
            let ms = 1_767_225_599_600 + (r.next() % 200_000_000_000) as i64 - 100_000_000_000;
            J::Str(time::format_rfc3339(ms))
        }
    }
}

fn hostile(r: &mut Rng, depth: usize) -> J {
    match r.below(9) {
        0 => J::Null,
        1 => J::Bool(r.chance(2)),
        2 => J::Num(number(r)),
        3 => J::Str(string(r)),
        4 => {
            // Deep nesting, past json::MAX_DEPTH.
            let mut v = J::Null;
            for _ in 0..r.below(150) {
                v = if r.chance(2) {
                    J::Arr(vec![v])
                } else {
                    J::Obj(vec![("a".into(), v)])
                };
            }
            v
        }
        5 => date(r),
        6 => J::Obj(vec![
            ("$date".into(), J::Num(number(r))),
            (string(r), J::Null),
        ]),
        7 if depth < 4 => J::Arr((0..r.below(4)).map(|_| hostile(r, depth + 1)).collect()),
        _ => J::Obj(vec![(string(r), hostile_leaf(r))]),
    }
}

fn hostile_leaf(r: &mut Rng) -> J {
    match r.below(4) {
        0 => J::Null,
        1 => J::Num(number(r)),
        2 => J::Str(string(r)),
        _ => J::Bool(true),
    }
}

fn obj(members: Vec<(&str, J)>) -> J {
    J::Obj(
        members
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

fn int(r: &mut Rng) -> J {
    J::Num(if r.chance(2) {
        r.below(100) as f64
    } else {
        number(r)
    })
}

/// Sometimes leaves an optional member out.
fn maybe(
    r: &mut Rng,
    members: &mut Vec<(&'static str, J)>,
    name: &'static str,
    make: impl FnOnce(&mut Rng) -> J,
) {
    if r.chance(2) {
        let v = make(r);
        members.push((name, v));
    }
}

fn tags(r: &mut Rng) -> J {
    J::Arr(
        (0..r.below(7))
            .map(|_| {
                obj(vec![
                    ("key", J::Str(string(r))),
                    ("value", J::Str(string(r))),
                ])
            })
            .collect(),
    )
}

fn allocations(r: &mut Rng) -> J {
    let n = if r.chance(50) { 2501 } else { r.below(4) };
    J::Arr(
        (0..n)
            .map(|_| {
                let mut m = vec![("allocatedUsageQuantity", int(r))];
                maybe(r, &mut m, "tags", tags);
                obj(m)
            })
            .collect(),
    )
}

fn record(r: &mut Rng) -> J {
    let mut m = vec![("timestamp", date(r)), ("dimension", J::Str(string(r)))];
    maybe(r, &mut m, "customerIdentifier", |r| J::Str(string(r)));
    maybe(r, &mut m, "quantity", int);
    maybe(r, &mut m, "usageAllocations", allocations);
    maybe(r, &mut m, "customerAWSAccountId", |r| {
        J::Str(r.below(1 << 40).to_string())
    });
    maybe(r, &mut m, "licenseArn", |r| J::Str(arn(r)));
    obj(m)
}

fn input(r: &mut Rng, op: Operation) -> J {
    let mut m = Vec::new();
    match op {
        Operation::BatchMeterUsage => {
            let n = if r.chance(30) { 26 } else { r.below(4) };
            m.push(("usageRecords", J::Arr((0..n).map(|_| record(r)).collect())));
            maybe(r, &mut m, "productCode", |r| J::Str(string(r)));
        }
        Operation::MeterUsage => {
            m.push(("productCode", J::Str(string(r))));
            m.push(("timestamp", date(r)));
            m.push(("usageDimension", J::Str(string(r))));
            maybe(r, &mut m, "usageQuantity", int);
            maybe(r, &mut m, "dryRun", |r| J::Bool(r.chance(2)));
            maybe(r, &mut m, "usageAllocations", allocations);
            maybe(r, &mut m, "clientToken", |r| J::Str(string(r)));
        }
        Operation::RegisterUsage => {
            m.push(("productCode", J::Str(string(r))));
            m.push(("publicKeyVersion", int(r)));
            maybe(r, &mut m, "nonce", |r| J::Str(string(r)));
        }
        Operation::ResolveCustomer => {
            m.push(("registrationToken", J::Str(string(r))));
        }
    }
    obj(m)
}

/// Replaces, removes or adds members somewhere in the tree.
fn mutate(r: &mut Rng, v: &mut J, depth: usize) {
    match v {
        J::Obj(members) if !members.is_empty() && depth < 8 => {
            let i = r.below(members.len());
            match r.below(6) {
                0 => members[i].1 = hostile(r, 0),
                1 => {
                    members.remove(i);
                }
                2 => members.push((string(r), hostile_leaf(r))),
                3 => members[i].1 = J::Null,
                _ => mutate(r, &mut members[i].1, depth + 1),
            }
        }
        J::Arr(items) if !items.is_empty() && depth < 8 => {
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

// --- Round trips, member by member through the model's tables -------------------------------

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `Date.prototype.toJSON` writes for years 0-9999) as unix
/// milliseconds, computed here independently of the crate's parser; `None` for other forms.
fn to_json_millis(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 24 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[23] != b'Z' {
        return None;
    }
    if b[13] != b':' || b[16] != b':' || b[19] != b'.' {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<i64> {
        let digits = s.get(from..to)?;
        digits
            .bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (y, m, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hh, mm, ss, ms) = (num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 23)?);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some((((days * 24 + hh) * 60 + mm) * 60 + ss) * 1000 + ms)
}

#[derive(Default)]
struct Timestamps {
    exact: usize,
    other_forms: usize,
}

/// `wire` (a request body's object) carries exactly `input`'s members: the wire names, the
/// same values, timestamps as floored epoch seconds, an empty default-`""` string left out,
/// the idempotency token `token` where the caller gave none, and nothing else.
fn check_wire(
    structure: &Structure,
    input: &J,
    wire: &Value<'_>,
    token: Option<&str>,
    at: &str,
    seen: &mut Timestamps,
) {
    let members = wire
        .as_object()
        .unwrap_or_else(|| panic!("{at}: not an object"));
    for (i, (k, _)) in members.iter().enumerate() {
        assert!(
            structure.members.iter().any(|m| k.is(m.wire_name)),
            "{at}: unknown wire member {k}"
        );
        assert!(
            !members[i + 1..].iter().any(|(other, _)| other == k),
            "{at}: {k} twice"
        );
    }
    for member in structure.members {
        let path = format!("{at}.{}", member.js_name);
        match (input.get(member.js_name), wire.get(member.wire_name)) {
            (None, None) => assert!(
                !(member.is(IDEMPOTENCY_TOKEN) && token.is_some()),
                "{path}: no token"
            ),
            (None, Some(w)) if member.is(IDEMPOTENCY_TOKEN) => {
                assert_eq!(w.as_str().as_deref(), token, "{path}: the call's token")
            }
            (Some(J::Str(s)), None) if member.is(DEFAULT_EMPTY) && s.is_empty() => {}
            (Some(v), Some(w)) => check_value(member.shape, v, w, &path, seen),
            (v, w) => panic!("{path}: input {v:?}, wire {w:?}"),
        }
    }
}

fn check_value(shape: Shape, v: &J, w: &Value<'_>, at: &str, seen: &mut Timestamps) {
    match (shape, v) {
        (Shape::String(_) | Shape::Enum(_), J::Str(s)) => {
            assert_eq!(w.as_str().as_deref(), Some(s.as_str()), "{at}")
        }
        (Shape::Integer(_), J::Num(n)) => assert_eq!(w.as_f64(), Some(*n), "{at}"),
        (Shape::Boolean, J::Bool(b)) => assert_eq!(w, &Value::Bool(*b), "{at}"),
        (Shape::Timestamp, J::Str(s)) => {
            let secs = w.as_f64().unwrap_or_else(|| panic!("{at}: {w:?}"));
            match to_json_millis(s) {
                Some(ms) => {
                    seen.exact += 1;
                    assert_eq!(secs, ms.div_euclid(1000) as f64, "{at}: {s}");
                }
                None => {
                    seen.other_forms += 1;
                    assert_eq!(secs.fract(), 0.0, "{at}: {s}");
                }
            }
        }
        (Shape::List(list), J::Arr(items)) => {
            let wire = w.as_array().unwrap_or_else(|| panic!("{at}: {w:?}"));
            assert_eq!(wire.len(), items.len(), "{at}");
            for (i, (item, w)) in items.iter().zip(wire).enumerate() {
                check_value(list.member, item, w, &format!("{at}[{i}]"), seen);
            }
        }
        (Shape::Structure(s), v) => check_wire(s, v, w, None, at, seen),
        (_, v) => panic!("{at}: accepted {v:?}"),
    }
}

/// A JS output's value (`{"$date": ms}` timestamps) is the JS input's, the timestamp floored
/// to the second the wire carried, a default-`""` member that was not sent left out.
fn check_js(shape: Shape, input: &J, output: &Value<'_>, at: &str) {
    match (shape, input) {
        (Shape::Structure(s), J::Obj(_)) => {
            let members = output
                .as_object()
                .unwrap_or_else(|| panic!("{at}: {output:?}"));
            assert!(
                members
                    .iter()
                    .all(|(k, _)| s.members.iter().any(|m| k.is(m.js_name))),
                "{at}: {output:?}"
            );
            for member in s.members {
                let path = format!("{at}.{}", member.js_name);
                match (input.get(member.js_name), output.get(member.js_name)) {
                    (None, None) => {}
                    (Some(J::Str(v)), None) if member.is(DEFAULT_EMPTY) && v.is_empty() => {}
                    (Some(v), Some(o)) => check_js(member.shape, v, o, &path),
                    (v, o) => panic!("{path}: input {v:?}, output {o:?}"),
                }
            }
        }
        (Shape::Timestamp, J::Str(s)) => {
            let ms = output
                .get("$date")
                .and_then(Value::as_f64)
                .unwrap_or_else(|| panic!("{at}: {output:?}"));
            if let Some(sent) = to_json_millis(s) {
                assert_eq!(ms, (sent.div_euclid(1000) * 1000) as f64, "{at}: {s}");
            }
        }
        (Shape::List(list), J::Arr(items)) => {
            let out = output
                .as_array()
                .unwrap_or_else(|| panic!("{at}: {output:?}"));
            assert_eq!(out.len(), items.len(), "{at}");
            for (i, (item, o)) in items.iter().zip(out).enumerate() {
                check_js(list.member, item, o, &format!("{at}[{i}]"));
            }
        }
        (Shape::String(_) | Shape::Enum(_), J::Str(s)) => {
            assert_eq!(output.as_str().as_deref(), Some(s.as_str()), "{at}")
        }
        (Shape::Integer(_), J::Num(n)) => assert_eq!(output.as_f64(), Some(*n), "{at}"),
        (Shape::Boolean, J::Bool(b)) => assert_eq!(output, &Value::Bool(*b), "{at}"),
        (_, v) => panic!("{at}: accepted {v:?}"),
    }
}

fn seller() -> Credentials {
    Credentials::new("AKIDEXAMPLE", SECRET, None)
}

fn client(max_attempts: u32) -> Client {
    Client::metering(
        "us-east-1",
        false,
        false,
        None,
        CredentialSource::Static(seller()),
        Settings {
            max_attempts,
            ..Settings::default()
        },
    )
    .expect("us-east-1")
}

/// The request a fresh call sends first.
fn first_request(call: &mut Call, client: &mut Client, now: i64) -> HttpRequest {
    match call.poll(client, now) {
        Action::Send { request, .. } => request.clone(),
        other => panic!("the first poll must send, not {other:?}"),
    }
}

fn ok(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("x-amzn-requestid".into(), "req-ok".into())],
        body: body.as_bytes().to_vec(),
    }
}

/// A BatchMeterUsage call accepted `input`: its body carries the input's values; the same
/// records echoed back as results and as unprocessed records come out as the input's values;
/// the records plan writes the very same body for a single chunk.
fn batch_round_trip(input: &J, text: &[u8], call: &mut Call, seen: &mut Timestamps) {
    let mut client = client(1);
    let request = first_request(call, &mut client, NOON);
    assert!(request.body.len() < MAX_REQUEST_BYTES);
    let wire = json::parse(&request.body).expect("the body is JSON");
    let shape = Operation::BatchMeterUsage.shape();
    check_wire(shape.input, input, &wire, None, "input", seen);

    let records = wire.get("UsageRecords").expect("UsageRecords");
    let echo = J::Obj(vec![
        (
            "Results".into(),
            J::Arr(
                records
                    .as_array()
                    .unwrap_or_default()
                    .iter()
                    .map(|r| {
                        J::Obj(vec![
                            ("UsageRecord".into(), from_value(r)),
                            ("Status".into(), J::Str("Success".into())),
                        ])
                    })
                    .collect(),
            ),
        ),
        ("UnprocessedRecords".into(), from_value(records)),
    ]);
    call.handle_response(&mut client, &ok(&text_of(&echo)), NOON);
    assert_eq!(call.poll(&mut client, NOON), Action::Done);
    let Some(Ok(Output::Js(out))) = call.take_outcome() else {
        panic!("the echo reads back")
    };
    let out = json::parse(out.as_bytes()).expect("JS output is JSON");
    let given = input.get("usageRecords").cloned().unwrap_or(J::Arr(vec![]));
    let list = |name: &str| out.get(name).cloned().unwrap_or(Value::Null);
    let records_shape = shape.input.members[0].shape;
    check_js(
        records_shape,
        &given,
        &list("unprocessedRecords"),
        "unprocessed",
    );
    let results = list("results");
    let echoed: Vec<Value<'_>> = results
        .as_array()
        .unwrap_or_default()
        .iter()
        .map(|r| r.get("usageRecord").cloned().unwrap_or(Value::Null))
        .collect();
    check_js(records_shape, &given, &Value::Array(echoed), "results");

    let J::Arr(items) = &given else { return };
    if (1..=25).contains(&items.len()) {
        let mut plan = RecordsPlan::new(text, 3).expect("the plan takes what the call took");
        let mut planned = plan.next_call([9; 16]).expect("one call");
        let planned_request = first_request(&mut planned.call, &mut client, NOON);
        assert_eq!(
            String::from_utf8_lossy(&planned_request.body),
            String::from_utf8_lossy(&request.body),
            "one chunk: the plan's body is the call's"
        );
        assert!(plan.next_call([9; 16]).is_none());
    }
}

#[test]
fn js_inputs_never_panic_and_accepted_ones_round_trip() {
    let mut r = Rng(0x9E37_79B9_7F4A_7C15);
    let mut accepted = [0usize; 4];
    let mut seen = Timestamps::default();
    let mut client = client(1);
    for round in 0..12_000 {
        let op = Operation::ALL[round % 4];
        let mut v = input(&mut r, op);
        for _ in 0..r.below(3) {
            mutate(&mut r, &mut v, 0);
        }
        let text = text_of(&v);
        let seed = [round as u8; 16];
        // Every other operation gets the same text too, and the records plan.
        for other in Operation::ALL {
            if other != op {
                let _ = Call::operation(other, text.as_bytes(), seed);
            }
        }
        let plan = RecordsPlan::new(text.as_bytes(), 3);
        let mut call = match Call::operation(op, text.as_bytes(), seed) {
            Ok(call) => call,
            Err(e) => {
                assert!(!e.field.is_empty() && !e.rule.is_empty(), "{e:?}");
                if let (Operation::BatchMeterUsage, Ok(plan)) = (op, &plan) {
                    // The plan takes any number of records; the call only what one request holds.
                    assert!(
                        plan.len() > 25 || e.rule.contains("1 MB"),
                        "the plan took what the call refused: {e:?}"
                    );
                }
                continue;
            }
        };
        accepted[round % 4] += 1;
        if op == Operation::BatchMeterUsage {
            assert!(
                plan.is_ok(),
                "the call took what the plan refused: {plan:?}"
            );
            batch_round_trip(&v, text.as_bytes(), &mut call, &mut seen);
            continue;
        }
        let request = first_request(&mut call, &mut client, NOON);
        let wire = json::parse(&request.body).expect("the body is JSON");
        let token = call::uuid_v4(seed);
        check_wire(
            op.shape().input,
            &v,
            &wire,
            Some(&token),
            "input",
            &mut seen,
        );
    }
    eprintln!(
        "inputs: 12000, accepted per operation {accepted:?}, timestamps {} exact, {} other forms",
        seen.exact, seen.other_forms
    );
    // The generator must reach the accepting paths, or the round trips prove nothing.
    assert!(
        accepted.iter().all(|&n| n > 100),
        "accepted per operation: {accepted:?}"
    );
    assert!(
        seen.exact > 200,
        "timestamps checked exactly: {}",
        seen.exact
    );
}

#[test]
fn js_text_never_panics() {
    let mut r = Rng(42);
    let mut client = client(1);
    for round in 0..6_000 {
        let op = Operation::ALL[round % 4];
        let mut v = input(&mut r, op);
        mutate(&mut r, &mut v, 0);
        let mut bytes = text_of(&v).into_bytes();
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
        if let Ok(mut call) = Call::operation(op, &bytes, [7; 16]) {
            first_request(&mut call, &mut client, NOON);
        }
        if let Ok(mut plan) = RecordsPlan::new(&bytes, 3) {
            while let Some(mut planned) = plan.next_call([7; 16]) {
                let request = first_request(&mut planned.call, &mut client, NOON);
                assert!(request.body.len() < MAX_REQUEST_BYTES);
                planned.call.abort();
                plan.complete(planned, 0.5);
            }
            assert!(plan.is_finished());
            json::parse(plan.outcome_json().as_bytes()).expect("the outcome is JSON");
        }
    }
}

// --- Responses -------------------------------------------------------------------------------

const VALID_BODIES: &[&str] = &[
    r#"{"Results":[{"UsageRecord":{"Timestamp":1767225599,"CustomerIdentifier":"c","Dimension":"d","Quantity":1,"UsageAllocations":[{"AllocatedUsageQuantity":1,"Tags":[{"Key":"k","Value":"v"}]}],"CustomerAWSAccountId":"1","LicenseArn":"arn:aws:s:r:a:x"},"MeteringRecordId":"m","Status":"Success"}],"UnprocessedRecords":[{"Timestamp":1.5,"Dimension":"d"}]}"#,
    r#"{"Results":[{"UsageRecord":{"Timestamp":1796036400,"Dimension":"d","Quantity":1,"CustomerAWSAccountId":"123456789012"},"MeteringRecordId":"m","Status":"Success"}],"UnprocessedRecords":[{"Timestamp":1796036400,"Dimension":"d","Quantity":2,"CustomerAWSAccountId":"123456789012"}]}"#,
    r#"{"MeteringRecordId":"8f5e3c2a"}"#,
    r#"{"Signature":"a.b.c","PublicKeyRotationTimestamp":1767225600.5}"#,
    r#"{"CustomerIdentifier":"c","ProductCode":"p","CustomerAWSAccountId":"1","LicenseArn":"arn"}"#,
    r#"{"__type":"com.amazonaws.marketplacemetering#ThrottlingException","message":"slow down"}"#,
    r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20261130T100000Z is now earlier than 20261130T115500Z"}"#,
    r#"{"__type":"SignatureDoesNotMatch","message":"secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY quoted"}"#,
    "<html><body>503</body></html>",
];

fn mutated_body(r: &mut Rng) -> Vec<u8> {
    if r.chance(4) {
        return (0..r.below(200)).map(|_| r.next() as u8).collect();
    }
    let mut body = r.pick(VALID_BODIES).as_bytes().to_vec();
    if r.chance(3) {
        // Swap a value for a hostile one, keeping the document well-formed.
        if let Ok(v) = json::parse(&body) {
            let mut v = from_value(&v);
            mutate(r, &mut v, 0);
            return text_of(&v).into_bytes();
        }
    }
    mutate_bytes(r, &mut body, 4, b"{}[]\",:0-e.\\u");
    body
}

/// Up to `edits` truncations, overwritten bytes, removals and insertions of `inserts`.
fn mutate_bytes(r: &mut Rng, body: &mut Vec<u8>, edits: usize, inserts: &[u8]) {
    for _ in 0..r.below(edits) {
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
            _ => body.insert(at, *r.pick(inserts)),
        }
    }
}

const HTTP_DATES: &[&str] = &[
    "Mon, 30 Nov 2026 12:00:00 GMT",
    "Mon, 30 Nov 2026 12:10:00 GMT",
    "Mon, 30 Nov 2026 09:00:00 GMT",
    "Fri, 31 Dec 9999 23:59:59 GMT",
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "Mon, 30 Nov 2026 12:00:60 GMT",
    "yesterday",
];

fn header(r: &mut Rng) -> (String, String) {
    let name = r
        .pick(&[
            "x-amzn-errortype",
            "X-Amzn-ErrorType",
            "x-amzn-requestid",
            "x-amz-request-id",
            "content-type",
            "date",
            "Date",
            "retry-after",
            "x-amz-retry-after",
        ])
        .to_string();
    let value = match r.below(6) {
        0 => "ThrottlingException:http://internal.amazon.com/x".to_owned(),
        1 => "ns#InvalidTokenException,Other".to_owned(),
        2 => r.pick(HTTP_DATES).to_string(),
        3 => r
            .pick(&["0", "1", "3", "-1", "1e9", "99999999999999999999", "NaN"])
            .to_string(),
        _ => string(r),
    };
    (name, value)
}

fn status(r: &mut Rng) -> u16 {
    match r.below(4) {
        0 => 200,
        1 => *r.pick(&[204, 299, 400, 403, 409, 412, 413, 429, 500, 503]),
        _ => r.below(1000) as u16,
    }
}

fn random_response(r: &mut Rng) -> HttpResponse {
    HttpResponse {
        status: status(r),
        headers: (0..r.below(4)).map(|_| header(r)).collect(),
        body: mutated_body(r),
    }
}

fn valid_input(op: Operation) -> &'static [u8] {
    match op {
        Operation::BatchMeterUsage => {
            br#"{"usageRecords":[{"timestamp":"2026-11-30T11:00:00.000Z","dimension":"d","quantity":1,"customerAWSAccountId":"123456789012"}]}"#
        }
        Operation::MeterUsage => {
            br#"{"productCode":"p","timestamp":"2026-11-30T11:00:00.000Z","usageDimension":"d"}"#
        }
        Operation::RegisterUsage => br#"{"productCode":"p","publicKeyVersion":1}"#,
        Operation::ResolveCustomer => br#"{"registrationToken":"t"}"#,
    }
}

/// `Some(true)` for Done, `Some(false)` for Failed.
fn ended(action: Action<'_>) -> Option<bool> {
    match action {
        Action::Done => Some(true),
        Action::Failed => Some(false),
        _ => None,
    }
}

/// A finished call's error: JSON for the JS classes, its attempts counted, and a message
/// without the secret key (some bodies quote it, as a signature mismatch may quote secrets).
fn check_error(e: &CallError, attempts: u32) {
    let description = e.to_json();
    json::parse(description.as_bytes()).unwrap_or_else(|_| panic!("not JSON: {description}"));
    assert!(!e.message.contains(SECRET), "{}", e.message);
    assert_eq!(e.attempts, attempts, "{e:?}");
}

#[test]
fn responses_never_panic() {
    let mut r = Rng(0xDEAD_BEEF_CAFE_F00D);
    let mut outputs = 0;
    let mut batch_answers = 0;
    let mut redacted = 0;
    let mut clients: Vec<Client> = Operation::ALL.iter().map(|_| client(1)).collect();
    let mut plan_client = client(1);
    for round in 0..30_000u32 {
        let response = random_response(&mut r);
        let success = (200..300).contains(&response.status);
        let seed = round.to_le_bytes().repeat(4).try_into().expect("16 bytes");
        for (op, client) in Operation::ALL.into_iter().zip(&mut clients) {
            let mut call = Call::operation(op, valid_input(op), seed).expect("valid");
            first_request(&mut call, client, NOON);
            call.handle_response(client, &response, NOON);
            let ended = ended(call.poll(client, NOON));
            match call.take_outcome() {
                Some(Ok(Output::Js(text))) => {
                    assert_eq!(ended, Some(true));
                    outputs += 1;
                    assert!(success, "{} gave an output", response.status);
                    let out = json::parse(text.as_bytes()).expect("JS output is JSON");
                    let metadata = out.get("$metadata").expect("$metadata");
                    assert_eq!(
                        metadata.get("httpStatusCode").and_then(Value::as_f64),
                        Some(f64::from(response.status))
                    );
                }
                Some(Err(e)) => {
                    assert_eq!(ended, Some(false));
                    check_error(&e, 1);
                    redacted += usize::from(e.message.contains("<redacted>"));
                    assert_eq!(e.http_status, Some(response.status), "{e:?}");
                    let kind = if success {
                        ErrorKind::Network
                    } else {
                        ErrorKind::Service
                    };
                    assert_eq!(e.kind, kind, "{e:?}");
                }
                other => panic!("maxAttempts 1: the call ends, not {other:?}"),
            }
        }
        // The same answer to a records plan's call: read as a batch answer, never lost.
        let mut plan = RecordsPlan::new(valid_input(Operation::BatchMeterUsage), 1).expect("valid");
        let mut planned = plan.next_call(seed).expect("one call");
        first_request(&mut planned.call, &mut plan_client, NOON);
        planned
            .call
            .handle_response(&mut plan_client, &response, NOON);
        assert!(matches!(
            planned.call.poll(&mut plan_client, NOON),
            Action::Done | Action::Failed
        ));
        plan.complete(planned, 0.5);
        let outcome = plan.outcome_json();
        let placed = record_places(&outcome, 1);
        batch_answers += usize::from(placed.results == 1);
    }
    assert!(outputs > 1000, "only {outputs} successful outputs");
    assert!(batch_answers > 100, "only {batch_answers} records placed");
    assert!(redacted > 100, "only {redacted} messages quoted the secret");
}

/// Where a plan's records ended: each of `n` exactly once in `results` or `unprocessedRecords`,
/// and a failed call's records among the unprocessed.
struct Placed {
    results: usize,
}

fn record_places(outcome: &str, n: usize) -> Placed {
    let v = json::parse(outcome.as_bytes()).unwrap_or_else(|_| panic!("not JSON: {outcome}"));
    let lists = match v.get("kind") {
        Some(kind) => {
            assert_eq!(kind.as_str().as_deref(), Some("batch"), "{outcome}");
            v.get("extra").expect("extra")
        }
        None => &v,
    };
    let index = |r: &Value<'_>| {
        r.get("$record")
            .and_then(Value::as_f64)
            .unwrap_or_else(|| panic!("{r:?}")) as usize
    };
    fn array<'v, 'a>(v: Option<&'v Value<'a>>) -> &'v [Value<'a>] {
        v.and_then(Value::as_array).unwrap_or_default()
    }
    let results: Vec<usize> = array(lists.get("results"))
        .iter()
        .map(|r| index(r.get("usageRecord").expect("usageRecord")))
        .collect();
    let unprocessed: Vec<usize> = array(lists.get("unprocessedRecords"))
        .iter()
        .map(index)
        .collect();
    let mut all: Vec<usize> = results.iter().chain(&unprocessed).copied().collect();
    all.sort_unstable();
    assert!(all.iter().copied().eq(0..n), "{outcome}");
    for failure in array(lists.get("failures")) {
        for record in array(failure.get("usageRecords")) {
            assert!(unprocessed.contains(&index(record)), "{outcome}");
        }
    }
    Placed {
        results: results.len(),
    }
}

// --- STS -------------------------------------------------------------------------------------

const STS_BODIES: &[&str] = &[
    "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult><Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>se/cr+et=</SecretAccessKey><SessionToken>tok&amp;en&#x2F;</SessionToken><Expiration>2026-11-30T14:00:00Z</Expiration></Credentials></AssumeRoleResult><ResponseMetadata><RequestId>req-9</RequestId></ResponseMetadata></AssumeRoleResponse>",
    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: x is not authorized &amp; denied</Message></Error><RequestId>req-1</RequestId></ErrorResponse>",
    "<ErrorResponse><Error><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>",
    "<sts:AssumeRoleResponse><sts:Credentials><sts:AccessKeyId/><SecretAccessKey>&#1114112;</SecretAccessKey><Expiration>2026-13-30T14:00:00Z</Expiration></sts:Credentials></sts:AssumeRoleResponse>",
];

fn xmlish_body(r: &mut Rng) -> Vec<u8> {
    if r.chance(5) {
        // Tags and entities in random order.
        let parts = [
            "<",
            ">",
            "</",
            "/>",
            "&",
            ";",
            "&amp;",
            "&#",
            "&#x",
            "Credentials",
            "AccessKeyId",
            "SecretAccessKey",
            "SessionToken",
            "Expiration",
            "Code",
            "Message",
            "RequestId",
            "2026-11-30T14:00:00Z",
            "sts:",
            " a=\"b\"",
            "\u{1F600}",
            "\u{0}",
        ];
        let mut body = String::new();
        for _ in 0..r.below(60) {
            body.push_str(parts[r.below(parts.len())]);
        }
        return body.into_bytes();
    }
    let mut body = r.pick(STS_BODIES).as_bytes().to_vec();
    mutate_bytes(r, &mut body, 5, b"<>/&;#x:\"= ");
    body
}

fn role() -> AssumeRole {
    AssumeRole::new(
        "arn:aws:iam::111122223333:role/MarketplaceMetering".into(),
        "worker-1".into(),
        Some("ext:id/1".into()),
        Some(3600),
    )
    .expect("a valid role")
}

fn sts_client(max_attempts: u32, source: CredentialSource) -> Client {
    Client::sts(
        "us-east-1",
        None,
        source,
        Settings {
            max_attempts,
            ..Settings::default()
        },
    )
    .expect("a valid region")
}

#[test]
fn sts_responses_never_panic() {
    let mut r = Rng(0x5757_5757_0000_0001);
    let mut client = sts_client(1, CredentialSource::Static(seller()));
    let mut credentials = 0;
    for round in 0..10_000u32 {
        let response = HttpResponse {
            status: status(&mut r),
            headers: (0..r.below(3)).map(|_| header(&mut r)).collect(),
            body: xmlish_body(&mut r),
        };
        let mut call = Call::new(Request::AssumeRole(role()), [round as u8; 16]);
        first_request(&mut call, &mut client, NOON);
        call.handle_response(&mut client, &response, NOON);
        let ended = ended(call.poll(&mut client, NOON));
        let success = (200..300).contains(&response.status);
        match call.take_outcome() {
            Some(Ok(Output::Credentials(c))) => {
                assert_eq!(ended, Some(true));
                assert!(success, "{} gave credentials", response.status);
                assert!(!c.credentials.access_key_id().is_empty());
                credentials += 1;
            }
            Some(Err(e)) => {
                assert_eq!(ended, Some(false));
                check_error(&e, 1);
                let kind = if success {
                    ErrorKind::Network
                } else {
                    ErrorKind::Credentials
                };
                assert_eq!(e.kind, kind, "{e:?}");
            }
            other => panic!("maxAttempts 1: the call ends, not {other:?}"),
        }
    }
    assert!(credentials > 100, "only {credentials} credentials read");
}

// --- Events in any order ---------------------------------------------------------------------

fn random_failure(r: &mut Rng, abort: bool) -> TransportFailure {
    match r.below(if abort { 5 } else { 4 }) {
        0 | 1 => TransportFailure::Timeout,
        2 => TransportFailure::Network { status: None },
        3 => TransportFailure::Network {
            status: Some(status(r)),
        },
        _ => TransportFailure::Aborted,
    }
}

fn random_credentials(r: &mut Rng, now: i64) -> Result<(Credentials, Option<i64>), &'static str> {
    if r.chance(6) {
        return Err("credentialsProvider failed (see `cause`)");
    }
    let token = r.chance(2).then(|| string(r));
    let (key, secret) = if r.chance(10) {
        (string(r), string(r))
    } else {
        ("ASIAEXAMPLE".to_owned(), SECRET.to_owned())
    };
    let expiration = match r.below(6) {
        0 => None,
        1 => Some(now.saturating_sub(1)),
        2 => Some(now.saturating_add(60_000)),
        3 => Some(*r.pick(&[i64::MIN, i64::MAX, 0])),
        _ => Some(now.saturating_add(3_600_000)),
    };
    Ok((Credentials::new(key, secret, token), expiration))
}

/// The clock: mostly forward, sometimes back, sometimes to the ends of time.
fn jump(r: &mut Rng, now: i64) -> i64 {
    match r.below(20) {
        0 => *r.pick(&[0, -1, i64::MIN / 2, i64::MAX / 2, 253_402_300_800_000]),
        1..=3 => now.saturating_sub((r.next() % 600_000) as i64),
        _ => now.saturating_add((r.next() % 3_600_000) as i64),
    }
}

/// Answers that steer the machine: successes, throttling, skew, Retry-After, garbage.
fn steering_response(r: &mut Rng, body_ok: &str) -> HttpResponse {
    let (status, headers, body): (u16, Vec<(&str, &str)>, String) = match r.below(9) {
        0 | 1 => (200, vec![("x-amzn-requestid", "req-ok")], body_ok.to_owned()),
        2 => (
            400,
            vec![("x-amzn-errortype", "ThrottlingException")],
            "{}".into(),
        ),
        3 => (
            400,
            vec![("date", *r.pick(HTTP_DATES))],
            r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20261130T100000Z is now earlier than 20261130T115500Z"}"#.into(),
        ),
        4 => (
            *r.pick(&[429, 503]),
            vec![("retry-after", *r.pick(&["0", "2", "30", "x"]))],
            String::new(),
        ),
        5 => (500, vec![("date", *r.pick(HTTP_DATES))], String::new()),
        6 => (
            400,
            vec![],
            r#"{"__type":"InvalidTokenException","message":"no"}"#.into(),
        ),
        _ => return random_response(r),
    };
    HttpResponse {
        status,
        headers: headers
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        body: body.into_bytes(),
    }
}

/// Polls once and does what the action asks (cooperatively); `true` once the call has ended.
fn step(
    r: &mut Rng,
    call: &mut Call,
    client: &mut Client,
    now: &mut i64,
    max_attempts: u32,
    sends: &mut u32,
    answer: &mut dyn FnMut(&mut Rng, &HttpRequest) -> HttpResponse,
) -> bool {
    match call.poll(client, *now) {
        Action::Send { request, .. } => {
            *sends += 1;
            assert!(*sends <= max_attempts, "attempt {sends} of {max_attempts}");
            assert!(request.header("authorization").is_some());
            let request = request.clone();
            if r.chance(8) {
                let failure = random_failure(r, false);
                call.handle_failure(client, failure);
            } else {
                let response = answer(r, &request);
                call.handle_response(client, &response, *now);
            }
            false
        }
        Action::Sleep { ms } => {
            assert!(ms <= MAX_BACKOFF_MS, "sleep {ms} ms");
            *now = now.saturating_add(ms as i64);
            call.handle_timer();
            false
        }
        Action::NeedCredentials => {
            call.handle_credentials(client, Ok((seller(), Some(now.saturating_add(3_600_000)))));
            false
        }
        Action::Wait => {
            // Whatever it waits for: only the awaited event is taken.
            call.handle_timer();
            call.handle_credentials(client, Ok((seller(), Some(now.saturating_add(3_600_000)))));
            if let Some(request) = call.request().cloned() {
                let response = answer(r, &request);
                call.handle_response(client, &response, *now);
            }
            false
        }
        Action::Done | Action::Failed => true,
    }
}

#[derive(Default)]
struct Tally {
    sequences: usize,
    events: usize,
    sends: usize,
    done: usize,
    failed: usize,
}

/// Drives `call` with `chaos` random events (responses, failures, timers, credentials, clock
/// jumps, aborts, polls, in any order), then cooperatively until it ends. It must end within
/// 200 steps, never send more than `max_attempts` times, never sleep past the backoff cap, and
/// then stay ended whatever arrives. The output, or `None` when it failed (its error checked).
#[allow(clippy::too_many_arguments)]
fn drive(
    r: &mut Rng,
    call: &mut Call,
    client: &mut Client,
    now: &mut i64,
    max_attempts: u32,
    chaos: usize,
    answer: &mut dyn FnMut(&mut Rng, &HttpRequest) -> HttpResponse,
    tally: &mut Tally,
) -> Option<Output> {
    let mut sends = 0u32;
    let mut early = None;
    for _ in 0..chaos {
        tally.events += 1;
        match r.below(12) {
            0..=2 => {
                step(r, call, client, now, max_attempts, &mut sends, answer);
            }
            3 => {
                let response = match call.request().cloned() {
                    Some(request) if r.chance(2) => answer(r, &request),
                    _ => random_response(r),
                };
                call.handle_response(client, &response, *now);
            }
            4 => {
                let abort = r.chance(4);
                call.handle_failure(client, random_failure(r, abort));
            }
            5 | 6 => call.handle_timer(),
            7 => {
                let credentials = random_credentials(r, *now);
                call.handle_credentials(client, credentials);
            }
            8 => *now = jump(r, *now),
            9 if r.chance(10) => call.abort(),
            10 => {
                if let Some(outcome) = call.take_outcome() {
                    early = Some(outcome);
                    break;
                }
            }
            _ => {
                for event in call.take_log() {
                    json::parse(event.json.as_bytes()).expect("a log event is JSON");
                }
            }
        }
        assert!(call.attempts() <= max_attempts);
    }
    let outcome = match early {
        Some(outcome) => outcome,
        None => {
            let mut steps = 0;
            while !step(r, call, client, now, max_attempts, &mut sends, answer) {
                steps += 1;
                assert!(steps < 200, "no end after 200 steps");
                tally.events += 1;
            }
            call.take_outcome().expect("an outcome once ended")
        }
    };
    // Ended: it stays so, whatever arrives.
    call.handle_timer();
    call.handle_failure(client, TransportFailure::Timeout);
    call.handle_response(client, &random_response(r), *now);
    call.abort();
    assert_eq!(call.poll(client, *now), Action::Failed);
    assert!(call.take_outcome().is_none());
    assert!(call.attempts() <= max_attempts);
    assert_eq!(call.attempts(), sends, "every attempt was a Send");
    for event in call.take_log() {
        json::parse(event.json.as_bytes()).expect("a log event is JSON");
        assert!(!event.json.contains(SECRET));
    }
    match &outcome {
        Ok(Output::Js(text)) => {
            let out = json::parse(text.as_bytes()).expect("JS output is JSON");
            let attempts = out
                .get("$metadata")
                .and_then(|m| m.get("attempts"))
                .and_then(Value::as_f64);
            assert_eq!(attempts, Some(f64::from(sends)));
        }
        Ok(_) => {}
        Err(e) => check_error(e, sends),
    }
    tally.sequences += 1;
    tally.sends += sends as usize;
    match outcome {
        Ok(output) => {
            tally.done += 1;
            Some(output)
        }
        Err(_) => {
            tally.failed += 1;
            None
        }
    }
}

fn random_settings(r: &mut Rng) -> Settings {
    Settings {
        max_attempts: if r.chance(10) {
            1 + r.below(20) as u32
        } else {
            1 + r.below(4) as u32
        },
        request_timeout_ms: *r.pick(&[0, 1, 100, 2_147_483_647]),
        custom_user_agent: r.chance(4).then(|| string(r)),
        logging: r.chance(2),
    }
}

fn random_source(r: &mut Rng) -> CredentialSource {
    match r.below(8) {
        0 => CredentialSource::Missing,
        1..=3 => CredentialSource::Provider,
        _ => CredentialSource::Static(seller()),
    }
}

#[test]
fn events_in_any_order_end_within_max_attempts() {
    let mut r = Rng(0x0DDE_7E27_5EED_0001);
    let mut tally = Tally::default();
    for round in 0..10_000u32 {
        let settings = random_settings(&mut r);
        let max_attempts = settings.max_attempts;
        let source = random_source(&mut r);
        let sts = r.chance(5);
        let op = *r.pick(&Operation::ALL);
        let (mut client, mut call, body_ok) = if sts {
            let client = Client::sts("eu-west-1", None, source, settings).expect("a valid region");
            let call = Call::new(Request::AssumeRole(role()), [round as u8; 16]);
            (client, call, STS_BODIES[0])
        } else {
            let client =
                Client::metering("us-east-1", false, false, None, source, settings).expect("ok");
            let call = Call::operation(op, valid_input(op), [round as u8; 16]).expect("valid");
            (client, call, VALID_BODIES[2])
        };
        let mut now = NOON;
        let chaos = r.below(40);
        let outcome = drive(
            &mut r,
            &mut call,
            &mut client,
            &mut now,
            max_attempts,
            chaos,
            &mut |r, _| steering_response(r, body_ok),
            &mut tally,
        );
        if let Some(output) = outcome {
            assert!(
                matches!(
                    (sts, &output),
                    (true, Output::Credentials(_)) | (false, Output::Js(_))
                ),
                "{output:?}"
            );
        }
    }
    assert!(
        tally.done > 1000 && tally.failed > 1000,
        "done {}, failed {}",
        tally.done,
        tally.failed
    );
    eprintln!(
        "events: {} sequences, {} events, {} sends, {} done, {} failed",
        tally.sequences, tally.events, tally.sends, tally.done, tally.failed
    );
}

/// The service's answer to a plan's call: each record of the body a result, unprocessed,
/// left out, echoed with another quantity (so it matches nothing) or answered twice.
fn batch_echo(r: &mut Rng, request: &HttpRequest) -> HttpResponse {
    if r.chance(6) {
        return steering_response(r, "{}");
    }
    let Ok(body) = json::parse(&request.body) else {
        return random_response(r);
    };
    let records = body
        .get("UsageRecords")
        .and_then(Value::as_array)
        .unwrap_or_default();
    let (mut results, mut unprocessed) = (Vec::new(), Vec::new());
    for (i, record) in records.iter().enumerate() {
        let mut record = from_value(record);
        let result = |record: J, status: &str| {
            J::Obj(vec![
                ("UsageRecord".into(), record),
                ("MeteringRecordId".into(), J::Str(format!("m-{i}"))),
                ("Status".into(), J::Str(status.into())),
            ])
        };
        match r.below(10) {
            0 => unprocessed.push(record),
            1 => {}
            2 => {
                if let J::Obj(members) = &mut record {
                    members.push(("Quantity".into(), J::Num(1e6)));
                }
                results.push(result(record, "Success"));
            }
            3 => {
                results.push(result(record.clone(), "Success"));
                results.push(result(record, "DuplicateRecord"));
            }
            _ => results.push(result(
                record,
                ["Success", "CustomerNotSubscribed", "DuplicateRecord"][r.below(3)],
            )),
        }
    }
    let answer = J::Obj(vec![
        ("Results".into(), J::Arr(results)),
        ("UnprocessedRecords".into(), J::Arr(unprocessed)),
    ]);
    ok(&text_of(&answer))
}

fn plan_input(r: &mut Rng, n: usize) -> String {
    // Some records repeat exactly (the same key), to exercise the matching of echoes.
    let records: Vec<String> = (0..n)
        .map(|i| {
            let k = if r.chance(5) { 0 } else { i };
            format!(
                r#"{{"timestamp":"2026-11-30T11:00:00.000Z","dimension":"d","quantity":{},"customerAWSAccountId":"{:012}"}}"#,
                k % 7,
                k
            )
        })
        .collect();
    format!(r#"{{"usageRecords":[{}]}}"#, records.join(","))
}

#[test]
fn records_plans_place_every_record_exactly_once() {
    let mut r = Rng(0xBA7C_4000_0000_0001);
    let mut tally = Tally::default();
    let mut records = 0;
    for round in 0..1_000u32 {
        let n = if r.chance(5) {
            26 + r.below(60)
        } else {
            r.below(26)
        };
        let rounds = 1 + r.below(4) as u32;
        let text = plan_input(&mut r, n);
        let mut plan = RecordsPlan::new(text.as_bytes(), rounds).expect("valid records");
        assert_eq!(plan.len(), n);
        let settings = random_settings(&mut r);
        let max_attempts = settings.max_attempts;
        let source = random_source(&mut r);
        let mut client =
            Client::metering("us-east-1", false, false, None, source, settings).expect("ok");
        let mut now = NOON;
        let concurrency = 1 + r.below(4);
        let mut seed = round.wrapping_mul(7919);
        loop {
            let mut batch = Vec::new();
            while batch.len() < concurrency {
                seed = seed.wrapping_add(1);
                match plan.next_call([seed as u8; 16]) {
                    Some(planned) => batch.push(planned),
                    None => break,
                }
            }
            if batch.is_empty() {
                break;
            }
            // Finished in any order.
            while !batch.is_empty() {
                let mut planned = batch.swap_remove(r.below(batch.len()));
                let chaos = r.below(12);
                let _ = drive(
                    &mut r,
                    &mut planned.call,
                    &mut client,
                    &mut now,
                    max_attempts,
                    chaos,
                    &mut |r, request| {
                        let body = std::str::from_utf8(&request.body).unwrap_or_default();
                        assert!(request.body.len() < MAX_REQUEST_BYTES);
                        assert!(body.matches("\"Timestamp\"").count() <= 25, "{body}");
                        batch_echo(r, request)
                    },
                    &mut tally,
                );
                plan.complete(planned, (r.next() % 1000) as f64 / 1000.0);
            }
        }
        assert!(plan.is_finished());
        record_places(&plan.outcome_json(), n);
        records += n;
    }
    eprintln!(
        "plans: 1000 plans, {records} records, {} calls, {} events, {} sends",
        tally.sequences, tally.events, tally.sends
    );
}

/// Options as a JS object would give them: each key a random value of any kind.
struct RandomOptions<'r> {
    r: &'r mut Rng,
    object: bool,
}

fn random_opt(r: &mut Rng) -> options::Opt {
    use options::Opt;
    match r.below(9) {
        0 => Opt::Absent,
        1 => Opt::Str(string(r)),
        2 => Opt::Str(
            r.pick(&["us-east-1", "", "aws-global", "https://x.example", "a b"])
                .to_string(),
        ),
        3 => Opt::Num(number(r)),
        4 => Opt::Bool(r.chance(2)),
        5 => Opt::Function,
        6 => Opt::Date(if r.chance(4) { f64::NAN } else { number(r) }),
        7 => Opt::Object,
        _ => Opt::Other,
    }
}

impl options::Source for RandomOptions<'_> {
    fn is_object(&self) -> bool {
        self.object
    }
    /// Mostly a value the option accepts, sometimes any value at all.
    fn get(&mut self, key: &'static str) -> options::Opt {
        use options::Opt;
        if self.r.chance(12) {
            return random_opt(self.r);
        }
        let s = |v: &str| Opt::Str(v.to_string());
        match key {
            "region" => s("us-west-2"),
            "roleArn" => s("arn:aws:iam::123456789012:role/Seller"),
            "credentials" | "logger" => Opt::Object,
            "fetch" | "credentialsProvider" => Opt::Function,
            "maxAttempts" => Opt::Num(3.0),
            "durationSeconds" => Opt::Num(900.0),
            _ => Opt::Absent,
        }
    }
    fn credentials(&mut self) -> Option<[options::Opt; 4]> {
        use options::Opt;
        if self.r.chance(20) {
            return None;
        }
        let mut members = [
            Opt::Str("AKID".into()),
            Opt::Str(SECRET.into()),
            Opt::Absent,
            Opt::Absent,
        ];
        if self.r.chance(4) {
            members[self.r.below(4)] = random_opt(self.r);
        }
        Some(members)
    }
}

#[test]
fn any_option_values_build_a_client_or_name_the_option_without_its_value() {
    let mut r = Rng(0x0b7e_c0de_5eed_0001);
    let (mut built, mut refused) = (0, 0);
    for i in 0..20_000 {
        let object = !r.chance(50);
        let mut src = RandomOptions { r: &mut r, object };
        let result = if i % 2 == 0 {
            options::metering(&mut src).map(|_| ())
        } else {
            options::assume_role(&mut src).map(|_| ())
        };
        match result {
            Ok(()) => built += 1,
            Err(e) => {
                let e = CallError::from(e);
                assert!(matches!(
                    e.kind,
                    ErrorKind::Validation | ErrorKind::Credentials
                ));
                assert!(!e.to_json().contains(SECRET), "{}", e.message);
                refused += 1;
            }
        }
    }
    assert!(built > 0 && refused > 0, "built {built}, refused {refused}");
}
