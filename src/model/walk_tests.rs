//! Validation through the walker: each model constraint, and the exact path of the member
//! that breaks it; and the bodies it writes.

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::walk::{read_input, write_wire, TopList};
use super::Operation;
use crate::call::Call;

fn check(op: Operation, text: &str) -> Result<String, (String, String)> {
    let shape = op.shape().input;
    let value =
        read_input(shape, text.as_bytes(), TopList::Bounded).map_err(|e| (e.field, e.rule))?;
    let mut body = String::new();
    write_wire(&mut body, shape, &value, None);
    Ok(body)
}

#[track_caller]
fn fails(op: Operation, text: &str, field: &str, rule: &str) {
    match check(op, text) {
        Ok(_) => panic!("accepted {text}"),
        Err((f, r)) => assert_eq!((f.as_str(), r.as_str()), (field, rule), "{text}"),
    }
}

/// The wire body of an accepted input.
#[track_caller]
fn passes(op: Operation, text: &str) -> String {
    check(op, text).unwrap_or_else(|(f, r)| panic!("{text}: {f}: {r}"))
}

const B: Operation = Operation::BatchMeterUsage;
const M: Operation = Operation::MeterUsage;
const R: Operation = Operation::RegisterUsage;
const C: Operation = Operation::ResolveCustomer;
/// A `Date` as `JSON.stringify` writes it.
const T: &str = r#""2025-12-31T23:00:00.000Z""#;

/// A batch with one record whose members `extra` adds to.
fn batch(extra: &str) -> String {
    format!(r#"{{"usageRecords":[{{"timestamp":{T},"dimension":"d"{extra}}}]}}"#)
}

/// A meterUsage input with `extra` members added.
fn meter(extra: &str) -> String {
    format!(r#"{{"productCode":"p","timestamp":{T},"usageDimension":"d"{extra}}}"#)
}

#[test]
fn the_input_must_be_an_object() {
    fails(B, "[]", "input", "must be an object, not array");
    fails(C, "null", "input", "must be an object, not null");
}

#[test]
fn unknown_members_are_refused_where_they_are() {
    fails(
        B,
        &batch(r#","quantitiy":5"#),
        "usageRecords[0].quantitiy",
        "is not a known member (check its spelling)",
    );
    fails(
        M,
        &meter(r#","UsageQuantity":5"#),
        "UsageQuantity",
        "is not a known member; did you mean usageQuantity?",
    );
    fails(
        B,
        r#"{"ProductCode":"p","usageRecords":[]}"#,
        "ProductCode",
        "is not a known member; did you mean productCode?",
    );
    fails(
        B,
        &batch(
            r#","usageAllocations":[{"allocatedUsageQuantity":1,"tags":[{"key":"k","value":"v"},{"key":"k","value":"v","x":1}]}]"#,
        ),
        "usageRecords[0].usageAllocations[0].tags[1].x",
        "is not a known member (check its spelling)",
    );
    fails(
        B,
        &batch(r#","timestamp":{"$date":1}"#),
        "usageRecords[0].timestamp",
        "must be a Date, not object",
    );
    let long = "k".repeat(1000);
    let (field, _) = check(R, &format!(r#"{{"{long}":1}}"#)).unwrap_err();
    assert_eq!(field.len(), 64, "long names are cut short");
}

#[test]
fn required_members() {
    fails(B, "{}", "usageRecords", "is required");
    fails(B, r#"{"usageRecords":null}"#, "usageRecords", "is required");
    fails(
        B,
        r#"{"usageRecords":[{"dimension":"d"}]}"#,
        "usageRecords[0].timestamp",
        "is required",
    );
    fails(
        B,
        &format!(r#"{{"usageRecords":[{{"timestamp":{T}}}]}}"#),
        "usageRecords[0].dimension",
        "is required",
    );
    fails(
        B,
        &batch(r#","usageAllocations":[{"tags":[{"key":"k","value":"v"}]}]"#),
        "usageRecords[0].usageAllocations[0].allocatedUsageQuantity",
        "is required",
    );
    fails(
        B,
        &batch(r#","usageAllocations":[{"allocatedUsageQuantity":1,"tags":[{"value":"v"}]}]"#),
        "usageRecords[0].usageAllocations[0].tags[0].key",
        "is required",
    );
    fails(
        B,
        &batch(r#","usageAllocations":[{"allocatedUsageQuantity":1,"tags":[{"key":"k"}]}]"#),
        "usageRecords[0].usageAllocations[0].tags[0].value",
        "is required",
    );
    fails(
        M,
        &format!(r#"{{"timestamp":{T},"usageDimension":"d"}}"#),
        "productCode",
        "is required",
    );
    fails(
        M,
        r#"{"productCode":"p","usageDimension":"d"}"#,
        "timestamp",
        "is required",
    );
    fails(
        M,
        &format!(r#"{{"productCode":"p","timestamp":{T}}}"#),
        "usageDimension",
        "is required",
    );
    fails(
        R,
        r#"{"productCode":"p"}"#,
        "publicKeyVersion",
        "is required",
    );
    fails(R, r#"{"publicKeyVersion":1}"#, "productCode", "is required");
    fails(C, "{}", "registrationToken", "is required");
}

#[test]
fn null_optionals_are_absent() {
    assert_eq!(
        passes(
            M,
            &meter(
                r#","usageQuantity":null,"dryRun":null,"usageAllocations":null,"clientToken":null"#
            ),
        ),
        r#"{"ProductCode":"p","Timestamp":1767222000,"UsageDimension":"d"}"#
    );
    assert_eq!(
        passes(B, r#"{"productCode":null,"usageRecords":[]}"#),
        r#"{"UsageRecords":[]}"#
    );
    // The model's default `""` is the same as none.
    assert_eq!(
        passes(
            B,
            r#"{"productCode":"","usageRecords":[{"timestamp":"2025-12-31T23:00:00.000Z","dimension":"d","customerIdentifier":""}]}"#
        ),
        r#"{"UsageRecords":[{"Timestamp":1767222000,"Dimension":"d"}]}"#
    );
}

#[test]
fn bodies_follow_the_model_order_and_wire_names() {
    assert_eq!(
        passes(
            B,
            r#"{"usageRecords":[{"licenseArn":"arn:aws:license-manager::1:license:l-1","quantity":3,"dimension":"d\u00e9\"","timestamp":"2025-12-31T23:59:59.999Z","customerAWSAccountId":"123","usageAllocations":[{"tags":[{"value":"v","key":"k"}],"allocatedUsageQuantity":3}]}],"productCode":"prod"}"#
        ),
        r#"{"UsageRecords":[{"Timestamp":1767225599,"Dimension":"d\u00e9\"","Quantity":3,"UsageAllocations":[{"AllocatedUsageQuantity":3,"Tags":[{"Key":"k","Value":"v"}]}],"CustomerAWSAccountId":"123","LicenseArn":"arn:aws:license-manager::1:license:l-1"}],"ProductCode":"prod"}"#
    );
    assert_eq!(
        passes(R, r#"{"nonce":"n","publicKeyVersion":1,"productCode":"p"}"#),
        r#"{"ProductCode":"p","PublicKeyVersion":1,"Nonce":"n"}"#
    );
    assert_eq!(
        passes(M, &meter(r#","dryRun":false"#)),
        r#"{"ProductCode":"p","Timestamp":1767222000,"UsageDimension":"d","DryRun":false}"#
    );
}

#[test]
fn the_client_token_is_filled_once_per_call() {
    let call = Call::operation(M, meter("").as_bytes(), [7; 16]).unwrap();
    let debug = format!("{call:?}");
    assert!(
        debug.contains(r#"\"ClientToken\":\"07070707-0707-4707-8707-070707070707\""#),
        "{debug}"
    );
    let given = Call::operation(M, meter(r#","clientToken":"mine""#).as_bytes(), [7; 16]).unwrap();
    assert!(format!("{given:?}").contains(r#"\"ClientToken\":\"mine\""#));
}

#[test]
fn wrong_types_name_the_expected_type() {
    fails(
        B,
        r#"{"usageRecords":{}}"#,
        "usageRecords",
        "must be an array, not object",
    );
    fails(
        B,
        r#"{"usageRecords":[7]}"#,
        "usageRecords[0]",
        "must be an object, not number",
    );
    fails(
        B,
        r#"{"productCode":1,"usageRecords":[]}"#,
        "productCode",
        "must be a string, not number",
    );
    fails(
        B,
        &batch(r#","quantity":"5""#),
        "usageRecords[0].quantity",
        "must be an integer, not string",
    );
    fails(
        B,
        &batch(r#","customerIdentifier":true"#),
        "usageRecords[0].customerIdentifier",
        "must be a string, not boolean",
    );
    fails(
        M,
        &meter(r#","dryRun":"false""#),
        "dryRun",
        "must be a boolean, not string",
    );
    fails(
        M,
        r#"{"productCode":"p","timestamp":"yesterday","usageDimension":"d"}"#,
        "timestamp",
        "must be a valid Date",
    );
    // A Date's own text (what `JSON.stringify` writes for it) is read as that Date.
    passes(
        M,
        r#"{"productCode":"p","timestamp":"2026-01-01T00:00:00Z","usageDimension":"d"}"#,
    );
    fails(
        M,
        r#"{"productCode":"p","timestamp":1767222000,"usageDimension":"d"}"#,
        "timestamp",
        "must be a Date, not number",
    );
    // An invalid Date's `toJSON` is null.
    fails(
        M,
        r#"{"productCode":"p","timestamp":null,"usageDimension":"d"}"#,
        "timestamp",
        "must be a valid Date",
    );
    fails(
        M,
        r#"{"productCode":"p","timestamp":"+275760-09-13T00:00:00.001Z","usageDimension":"d"}"#,
        "timestamp",
        "must be a valid Date",
    );
    fails(
        M,
        &meter(r#","usageAllocations":[{"allocatedUsageQuantity":1,"tags":"k=v"}]"#),
        "usageAllocations[0].tags",
        "must be an array, not string",
    );
}

#[test]
fn integers_are_whole_and_in_range() {
    let range = "must be an integer from 0 to 2147483647";
    fails(
        B,
        &batch(r#","quantity":1.5"#),
        "usageRecords[0].quantity",
        "must be an integer",
    );
    fails(
        B,
        &batch(r#","quantity":-1"#),
        "usageRecords[0].quantity",
        range,
    );
    fails(
        B,
        &batch(r#","quantity":2147483648"#),
        "usageRecords[0].quantity",
        range,
    );
    fails(
        B,
        &batch(r#","quantity":1e300"#),
        "usageRecords[0].quantity",
        range,
    );
    passes(B, &batch(r#","quantity":2147483647"#));
    passes(B, &batch(r#","quantity":-0"#));
    fails(M, &meter(r#","usageQuantity":-5"#), "usageQuantity", range);
    fails(
        M,
        &meter(r#","usageAllocations":[{"allocatedUsageQuantity":0.5}]"#),
        "usageAllocations[0].allocatedUsageQuantity",
        "must be an integer",
    );
    fails(
        M,
        &meter(r#","usageAllocations":[{"allocatedUsageQuantity":-1}]"#),
        "usageAllocations[0].allocatedUsageQuantity",
        range,
    );
    let version = "must be an integer from 1 to 2147483647";
    fails(
        R,
        r#"{"productCode":"p","publicKeyVersion":0}"#,
        "publicKeyVersion",
        version,
    );
    fails(
        R,
        r#"{"productCode":"p","publicKeyVersion":2147483648}"#,
        "publicKeyVersion",
        version,
    );
    fails(
        R,
        r#"{"productCode":"p","publicKeyVersion":1.0000001}"#,
        "publicKeyVersion",
        "must be an integer",
    );
    passes(R, r#"{"productCode":"p","publicKeyVersion":2147483647}"#);
}

#[test]
fn string_lengths() {
    let at_most_255 = "must be at most 255 characters";
    let a256 = "a".repeat(256);
    fails(
        B,
        &format!(r#"{{"productCode":"{a256}","usageRecords":[]}}"#),
        "productCode",
        at_most_255,
    );
    fails(
        M,
        &meter("").replace(r#""p""#, &format!(r#""{a256}""#)),
        "productCode",
        at_most_255,
    );
    fails(
        B,
        &format!(r#"{{"usageRecords":[{{"timestamp":{T},"dimension":""}}]}}"#),
        "usageRecords[0].dimension",
        "must be 1 to 255 characters",
    );
    fails(
        B,
        &format!(r#"{{"usageRecords":[{{"timestamp":{T},"dimension":"{a256}"}}]}}"#),
        "usageRecords[0].dimension",
        "must be 1 to 255 characters",
    );
    fails(
        M,
        r#"{"productCode":"p","timestamp":"1970-01-01T00:00:00.000Z","usageDimension":""}"#,
        "usageDimension",
        "must be 1 to 255 characters",
    );
    fails(
        B,
        &batch(&format!(r#","customerIdentifier":"{a256}""#)),
        "usageRecords[0].customerIdentifier",
        at_most_255,
    );
    fails(
        B,
        &batch(r#","customerAWSAccountId":"""#),
        "usageRecords[0].customerAWSAccountId",
        "must be 1 to 255 characters",
    );
    fails(
        B,
        &batch(&format!(r#","customerAWSAccountId":"{}""#, "1".repeat(256))),
        "usageRecords[0].customerAWSAccountId",
        "must be 1 to 255 characters",
    );
    fails(
        M,
        &meter(r#","clientToken":"""#),
        "clientToken",
        "must be 1 to 64 characters",
    );
    fails(
        M,
        &meter(&format!(r#","clientToken":"{}""#, "t".repeat(65))),
        "clientToken",
        "must be 1 to 64 characters",
    );
    passes(
        M,
        &meter(&format!(r#","clientToken":"{}""#, "t".repeat(64))),
    );
    fails(
        R,
        &format!(r#"{{"productCode":"p","publicKeyVersion":1,"nonce":"{a256}"}}"#),
        "nonce",
        at_most_255,
    );
    passes(R, r#"{"productCode":"p","publicKeyVersion":1,"nonce":""}"#);
    fails(
        C,
        r#"{"registrationToken":""}"#,
        "registrationToken",
        "must not be empty",
    );
    passes(
        C,
        &format!(r#"{{"registrationToken":"{}"}}"#, "x".repeat(10_000)),
    );
    // Characters, not bytes and not UTF-16 units: 255 emoji are 1020 bytes and 510 units.
    passes(
        B,
        &format!(
            r#"{{"usageRecords":[{{"timestamp":{T},"dimension":"{}"}}]}}"#,
            "😀".repeat(255)
        ),
    );
    let tag = |k: &str, v: &str| {
        meter(&format!(
            r#","usageAllocations":[{{"allocatedUsageQuantity":1,"tags":[{{"key":"{k}","value":"{v}"}}]}}]"#
        ))
    };
    fails(
        M,
        &tag(&"k".repeat(101), "v"),
        "usageAllocations[0].tags[0].key",
        "must be 1 to 100 characters",
    );
    fails(
        M,
        &tag("", "v"),
        "usageAllocations[0].tags[0].key",
        "must be 1 to 100 characters",
    );
    passes(M, &tag(&"k".repeat(100), &"v".repeat(256)));
    fails(
        M,
        &tag("k", &"v".repeat(257)),
        "usageAllocations[0].tags[0].value",
        "must be 1 to 256 characters",
    );
    fails(
        M,
        &tag("k", ""),
        "usageAllocations[0].tags[0].value",
        "must be 1 to 256 characters",
    );
}

const LICENSE_ARN_RULE: &str = "must match the pattern ^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$";

#[test]
fn patterns() {
    let pc = "may contain only letters, digits and - / = : _ . @";
    fails(
        B,
        r#"{"productCode":"a b","usageRecords":[]}"#,
        "productCode",
        pc,
    );
    fails(
        R,
        r#"{"productCode":"p#","publicKeyVersion":1}"#,
        "productCode",
        pc,
    );
    passes(M, &meter("").replace(r#""p""#, r#""a-Z/0=9:_.@""#));
    fails(
        B,
        &batch(r#","customerAWSAccountId":"12345678901a""#),
        "usageRecords[0].customerAWSAccountId",
        "must contain only digits",
    );
    fails(
        B,
        &batch(r#","licenseArn":"arn:aws:license-manager""#),
        "usageRecords[0].licenseArn",
        LICENSE_ARN_RULE,
    );
    fails(
        B,
        &batch(r#","licenseArn":"""#),
        "usageRecords[0].licenseArn",
        LICENSE_ARN_RULE,
    );
    let tag_rule = "may contain only letters, digits, space and !\"#$%&'()*+,-./:;<=@_";
    let tag = |k: &str, v: &str| {
        meter(&format!(
            r#","usageAllocations":[{{"allocatedUsageQuantity":1,"tags":[{{"key":"{k}","value":"{v}"}}]}}]"#
        ))
    };
    fails(
        M,
        &tag("a>b", "v"),
        "usageAllocations[0].tags[0].key",
        tag_rule,
    );
    fails(
        M,
        &tag("k", "é"),
        "usageAllocations[0].tags[0].value",
        tag_rule,
    );
    passes(M, &tag("a b+c-d=e.f_g:h/i@j", "!#$%&'()*,;<"));
}

#[test]
fn list_sizes() {
    let records: Vec<String> = (0..26)
        .map(|_| format!(r#"{{"timestamp":{T},"dimension":"d"}}"#))
        .collect();
    fails(
        B,
        &format!(r#"{{"usageRecords":[{}]}}"#, records.join(",")),
        "usageRecords",
        "must have at most 25 items",
    );
    passes(
        B,
        &format!(r#"{{"usageRecords":[{}]}}"#, records[..25].join(",")),
    );
    passes(B, r#"{"usageRecords":[]}"#);
    fails(
        B,
        &batch(r#","usageAllocations":[]"#),
        "usageRecords[0].usageAllocations",
        "must have 1 to 2500 items",
    );
    let allocations = vec![r#"{"allocatedUsageQuantity":0}"#; 2501].join(",");
    fails(
        M,
        &meter(&format!(r#","usageAllocations":[{allocations}]"#)),
        "usageAllocations",
        "must have 1 to 2500 items",
    );
    let allocations = vec![r#"{"allocatedUsageQuantity":0}"#; 2500].join(",");
    passes(
        M,
        &meter(&format!(r#","usageAllocations":[{allocations}]"#)),
    );
    fails(
        M,
        &meter(r#","usageAllocations":[{"allocatedUsageQuantity":1,"tags":[]}]"#),
        "usageAllocations[0].tags",
        "must have 1 to 5 items",
    );
    let tags = [r#"{"key":"k","value":"v"}"#; 6].join(",");
    fails(
        B,
        &batch(&format!(
            r#","usageAllocations":[{{"allocatedUsageQuantity":1}},{{"allocatedUsageQuantity":1,"tags":[{tags}]}}]"#
        )),
        "usageRecords[0].usageAllocations[1].tags",
        "must have 1 to 5 items",
    );
}

#[test]
fn batch_body_must_be_under_one_megabyte() {
    // 25 records x N allocations of one 100-char key and 256-char value: ~395 bytes each.
    let batch_of = |allocations_per_record: usize| {
        let tag = format!(
            r#"{{"key":"{}","value":"{}"}}"#,
            "k".repeat(100),
            "v".repeat(256)
        );
        let allocation = format!(r#"{{"allocatedUsageQuantity":1,"tags":[{tag}]}}"#);
        let allocations = vec![allocation; allocations_per_record].join(",");
        let record =
            format!(r#"{{"timestamp":{T},"dimension":"d","usageAllocations":[{allocations}]}}"#);
        format!(r#"{{"usageRecords":[{}]}}"#, vec![record; 25].join(","))
    };
    let within =
        |text: &str| Call::operation(B, text.as_bytes(), [0; 16]).map_err(|e| (e.field, e.rule));
    assert!(within(&batch_of(100)).is_ok());
    let err = within(&batch_of(110)).unwrap_err();
    assert_eq!(
        (err.0.as_str(), err.1.as_str()),
        (
        "usageRecords",
        "make a request of 1 MB or more; the service takes less than 1 MB per request (meterUsageRecords splits any number of records)",
    ));
}

#[test]
fn timestamps_floor_to_the_second() {
    assert_eq!(
        passes(
            M,
            r#"{"productCode":"p","timestamp":"2025-12-31T23:59:59.999Z","usageDimension":"d"}"#
        ),
        r#"{"ProductCode":"p","Timestamp":1767225599,"UsageDimension":"d"}"#
    );
    assert_eq!(
        passes(
            M,
            r#"{"productCode":"p","timestamp":"1969-12-31T23:59:59.500Z","usageDimension":"d"}"#
        ),
        r#"{"ProductCode":"p","Timestamp":-1,"UsageDimension":"d"}"#
    );
}

#[test]
fn errors_never_show_values() {
    let secret = "SECRET-VALUE-123";
    for text in [
        format!(r#"{{"productCode":"{secret} ","usageRecords":[]}}"#),
        batch(&format!(r#","customerAWSAccountId":"{secret}""#)),
        batch(&format!(r#","licenseArn":"{secret}""#)),
        batch(&format!(r#","quantity":"{secret}""#)),
    ] {
        let (field, rule) = check(B, &text).expect_err("invalid");
        assert!(
            !field.contains(secret) && !rule.contains(secret),
            "{field}: {rule}"
        );
    }
}

#[test]
fn text_with_a_lone_surrogate_is_refused_as_a_whole() {
    fails(
        C,
        r#"{"registrationToken":"a\ud800"}"#,
        "input",
        "holds a string with a lone UTF-16 surrogate, which cannot be sent",
    );
    fails(C, "{", "input", "is not valid JSON");
}
