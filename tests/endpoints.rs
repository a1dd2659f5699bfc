//! The model's `smithy.rules#endpointTests` (shared/aws-model/marketplace-metering.smithy.json),
//! one `#[test]` per case, run against `endpoint::resolve`.
//!
//! The cases are read from the model at test time, so the test follows the file; the list
//! below pins their number and documentation, so a case added, removed or reordered fails
//! `lists_every_case` instead of going untested.
// Native only (plain #[test], files read from disk): `wasm-pack test` builds every test target
// for wasm32, where tests/wasm.rs is the suite.
#![cfg(not(target_arch = "wasm32"))]

use std::path::PathBuf;
use std::sync::OnceLock;

use marketplace_metering_wasm::endpoint::{resolve, EndpointParams};
use marketplace_metering_wasm::json::{self, Value};

macro_rules! endpoint_tests {
    ($($name:ident: $index:literal => $documentation:literal,)*) => {
        $(
            #[test]
            fn $name() {
                run_case($index, $documentation);
            }
        )*

        const LISTED: &[(usize, &str)] = &[$(($index, $documentation)),*];
    };
}

endpoint_tests! {
    custom_endpoint_region_not_set_fips_disabled: 0
        => "For custom endpoint with region not set and fips disabled",
    custom_endpoint_fips_enabled: 1 => "For custom endpoint with fips enabled",
    custom_endpoint_fips_disabled_dualstack_enabled: 2
        => "For custom endpoint with fips disabled and dualstack enabled",
    us_east_1_fips_dualstack: 3
        => "For region us-east-1 with FIPS enabled and DualStack enabled",
    us_east_1_fips: 4 => "For region us-east-1 with FIPS enabled and DualStack disabled",
    us_east_1_dualstack: 5 => "For region us-east-1 with FIPS disabled and DualStack enabled",
    us_east_1_plain: 6 => "For region us-east-1 with FIPS disabled and DualStack disabled",
    cn_northwest_1_fips_dualstack: 7
        => "For region cn-northwest-1 with FIPS enabled and DualStack enabled",
    cn_northwest_1_fips: 8
        => "For region cn-northwest-1 with FIPS enabled and DualStack disabled",
    cn_northwest_1_dualstack: 9
        => "For region cn-northwest-1 with FIPS disabled and DualStack enabled",
    cn_northwest_1_plain: 10
        => "For region cn-northwest-1 with FIPS disabled and DualStack disabled",
    eusc_de_east_1_fips: 11
        => "For region eusc-de-east-1 with FIPS enabled and DualStack disabled",
    eusc_de_east_1_plain: 12
        => "For region eusc-de-east-1 with FIPS disabled and DualStack disabled",
    us_iso_east_1_fips: 13
        => "For region us-iso-east-1 with FIPS enabled and DualStack disabled",
    us_iso_east_1_plain: 14
        => "For region us-iso-east-1 with FIPS disabled and DualStack disabled",
    us_isob_east_1_fips: 15
        => "For region us-isob-east-1 with FIPS enabled and DualStack disabled",
    us_isob_east_1_plain: 16
        => "For region us-isob-east-1 with FIPS disabled and DualStack disabled",
    eu_isoe_west_1_fips: 17
        => "For region eu-isoe-west-1 with FIPS enabled and DualStack disabled",
    eu_isoe_west_1_plain: 18
        => "For region eu-isoe-west-1 with FIPS disabled and DualStack disabled",
    us_isof_south_1_fips: 19
        => "For region us-isof-south-1 with FIPS enabled and DualStack disabled",
    us_isof_south_1_plain: 20
        => "For region us-isof-south-1 with FIPS disabled and DualStack disabled",
    us_gov_west_1_fips_dualstack: 21
        => "For region us-gov-west-1 with FIPS enabled and DualStack enabled",
    us_gov_west_1_fips: 22
        => "For region us-gov-west-1 with FIPS enabled and DualStack disabled",
    us_gov_west_1_dualstack: 23
        => "For region us-gov-west-1 with FIPS disabled and DualStack enabled",
    us_gov_west_1_plain: 24
        => "For region us-gov-west-1 with FIPS disabled and DualStack disabled",
    missing_region: 25 => "Missing region",
}

const MODEL: &str = "../shared/aws-model/marketplace-metering.smithy.json";

/// The `testCases` array, read once; `None` (after a loud message) if the model is absent,
/// as in a checkout without the shared folder next to it.
fn cases() -> Option<&'static [Value<'static>]> {
    static CASES: OnceLock<Option<Vec<Value<'static>>>> = OnceLock::new();
    CASES.get_or_init(load_cases).as_deref()
}

fn load_cases() -> Option<Vec<Value<'static>>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(MODEL);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!(
                "!!!!!!!! SKIPPING the endpoint rule tests: cannot read {}: {error} !!!!!!!!",
                path.display()
            );
            return None;
        }
    };
    // Read once for the whole run: the parsed values borrow the text.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let model = json::parse(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let shapes = model
        .get("shapes")
        .and_then(Value::as_object)
        .expect("the model has shapes");
    let mut found = shapes
        .iter()
        .filter_map(|(_, shape)| shape.get("traits")?.get("smithy.rules#endpointTests"));
    let tests = found
        .next()
        .expect("a shape has smithy.rules#endpointTests");
    assert!(found.next().is_none(), "only one shape has endpointTests");
    let cases = tests
        .get("testCases")
        .and_then(Value::as_array)
        .expect("endpointTests has a testCases array");
    Some(cases.to_vec())
}

#[test]
fn lists_every_case() {
    let Some(cases) = cases() else { return };
    assert_eq!(
        cases.len(),
        LISTED.len(),
        "the model has {} endpoint test cases, this file lists {}",
        cases.len(),
        LISTED.len()
    );
    for (position, (index, _)) in LISTED.iter().enumerate() {
        assert_eq!(
            *index, position,
            "LISTED must be in file order, with no gaps"
        );
    }
}

fn run_case(index: usize, documentation: &str) {
    let Some(cases) = cases() else { return };
    let case = cases
        .get(index)
        .unwrap_or_else(|| panic!("case {index} ({documentation:?}) is not in the model"));
    let name = format!("case {index} {documentation:?}");
    assert_eq!(
        case.get("documentation").and_then(Value::as_str).as_deref(),
        Some(documentation),
        "{name}: the model's case at this index has another documentation"
    );

    let mut params = EndpointParams::default();
    if let Some(members) = case.get("params").and_then(Value::as_object) {
        for (key, value) in members {
            match (key.raw(), value) {
                ("Region", Value::String(s)) => params.region = Some(s.raw()),
                ("Endpoint", Value::String(s)) => params.endpoint = Some(s.raw()),
                ("UseFIPS", Value::Bool(b)) => params.use_fips = *b,
                ("UseDualStack", Value::Bool(b)) => params.use_dual_stack = *b,
                _ => panic!("{name}: unknown parameter {key} = {value:?}"),
            }
        }
    }

    let expect = case.get("expect").expect("every case has expect");
    let got = resolve(&params);
    match (expect.get("endpoint"), expect.get("error")) {
        (Some(endpoint), None) => {
            for (key, value) in endpoint.as_object().expect("expect.endpoint is an object") {
                let empty = value.as_object().is_some_and(|members| members.is_empty());
                assert!(
                    key == "url" || empty,
                    "{name}: expects endpoint {key} = {value:?}, which Endpoint cannot carry"
                );
            }
            let url = endpoint.get("url").and_then(Value::as_str).expect("a url");
            match got {
                Ok(got) => assert_eq!(got.url, url, "{name}: wrong URL"),
                Err(error) => panic!("{name}: expected {url}, got the error {error:?}: {error}"),
            }
        }
        (None, Some(error)) => {
            let message = error.as_str().expect("expect.error is a string");
            match got {
                Ok(got) => panic!("{name}: expected the error {message:?}, got {}", got.url),
                Err(error) => assert_eq!(error.to_string(), message, "{name}: wrong error"),
            }
        }
        _ => panic!("{name}: expect has neither or both of endpoint and error: {expect:?}"),
    }
}
