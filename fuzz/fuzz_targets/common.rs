//! What the fuzz targets share: a client, the time, and a response read from fuzzer bytes.
#![allow(dead_code)] // each target takes the parts it needs

use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::http::HttpResponse;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::sigv4::Credentials;
use marketplace_metering_wasm::sts::AssumeRole;

/// 2026-11-30T12:00:00Z.
pub const NOON: i64 = 1_796_040_000_000;
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// One usage record, as meterUsageRecords or BatchMeterUsage takes it.
pub const RECORDS: &[u8] = br#"{"usageRecords":[{"timestamp":"2026-11-30T11:00:00.000Z","dimension":"d","quantity":1,"customerAWSAccountId":"123456789012"}]}"#;

/// A valid JS input for `op`.
pub fn input(op: Operation) -> &'static [u8] {
    match op {
        Operation::BatchMeterUsage => RECORDS,
        Operation::MeterUsage => {
            br#"{"productCode":"p","timestamp":"2026-11-30T11:00:00.000Z","usageDimension":"d"}"#
        }
        Operation::RegisterUsage => br#"{"productCode":"p","publicKeyVersion":1}"#,
        Operation::ResolveCustomer => br#"{"registrationToken":"t"}"#,
    }
}

pub fn role() -> AssumeRole {
    match AssumeRole::new(
        "arn:aws:iam::111122223333:role/MarketplaceMetering".into(),
        "worker-1".into(),
        None,
        None,
    ) {
        Ok(role) => role,
        Err(e) => panic!("the role: {e:?}"),
    }
}

pub fn credentials() -> Credentials {
    Credentials::new("AKIDEXAMPLE", SECRET, None)
}

pub fn settings(max_attempts: u32) -> Settings {
    Settings {
        max_attempts,
        ..Settings::default()
    }
}

pub fn metering_client(max_attempts: u32) -> Client {
    let source = CredentialSource::Static(credentials());
    match Client::metering(
        "us-east-1",
        false,
        false,
        None,
        source,
        settings(max_attempts),
    ) {
        Ok(client) => client,
        Err(e) => panic!("us-east-1: {e:?}"),
    }
}

pub fn sts_client(max_attempts: u32) -> Client {
    let source = CredentialSource::Static(credentials());
    Client::sts("us-east-1", None, source, settings(max_attempts)).expect("a valid region")
}

/// Bytes 0-1: the status (any u16); then `name:value` header lines up to an empty line; then
/// the body.
pub fn response(data: &[u8]) -> Option<HttpResponse> {
    let [hi, lo, rest @ ..] = data else {
        return None;
    };
    let (head, body) = match rest.windows(2).position(|w| w == b"\n\n") {
        Some(at) => (rest.get(..at)?, rest.get(at + 2..)?),
        None => (&[][..], rest),
    };
    let headers = String::from_utf8_lossy(head)
        .split('\n')
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    Some(HttpResponse {
        status: u16::from_be_bytes([*hi, *lo]),
        headers,
        body: body.to_vec(),
    })
}
