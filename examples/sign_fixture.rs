//! Prints 300 deterministic awsJson requests signed with `sigv4::sign_request`, one JSON object
//! per line, for tests/js/crosscheck_sigv4.mjs to re-sign with @smithy/signature-v4 (an
//! independent AWS SigV4 implementation) and compare.
//!
//!     cargo run --example sign_fixture > /tmp/fixture.jsonl

use marketplace_metering_wasm::http::HttpRequest;
use marketplace_metering_wasm::sigv4::{sign_request, Credentials, SigningKeyCache, SigningParams};

const COUNT: usize = 300;

const REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "sa-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "il-central-1",
    "eusc-de-east-1",
];

const OPERATIONS: &[&str] = &[
    "MeterUsage",
    "BatchMeterUsage",
    "ResolveCustomer",
    "RegisterUsage",
];

const TEXTS: &[&str] = &[
    "users",
    "na\u{ef}ve caf\u{e9}",
    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{6b21}\u{5143}",
    "rocket \u{1f680} launch",
    "line\u{2028}separator",
    "quote \\\" and backslash \\\\",
    "\u{0}\u{1f}",
    "",
];

// The tests' generator: deterministic, so a mismatch can be reproduced by its line number.
#[path = "../tests/common/rng.rs"]
mod rng;
use rng::Rng;

fn chars(rng: &mut Rng, alphabet: &str, len: usize) -> String {
    let alphabet = alphabet.as_bytes();
    (0..len)
        .map(|_| {
            char::from(
                alphabet
                    .get(rng.below(alphabet.len()))
                    .copied()
                    .unwrap_or(b'A'),
            )
        })
        .collect()
}

fn url(rng: &mut Rng, region: &str) -> String {
    match rng.below(12) {
        0 => format!("https://metering.marketplace-fips.{region}.amazonaws.com/"),
        1 => format!("https://metering-marketplace.{region}.api.aws/"),
        2 => format!("https://metering.marketplace.{region}.amazonaws.com:443/"),
        3 => format!("https://metering.marketplace.{region}.amazonaws.com:8443/"),
        4 => "http://localhost:8080/".to_owned(),
        5 => "http://127.0.0.1:80/".to_owned(),
        6 => "http://[::1]:4566/".to_owned(),
        7 => "https://[0:0:0:0:0:0:0:1]:8443/".to_owned(),
        8 => format!(
            "HTTPS://Metering.Marketplace.{}.AmazonAWS.com/",
            region.to_uppercase()
        ),
        9 => "http://metering.example:443/v1/meter".to_owned(),
        _ => format!("https://metering.marketplace.{region}.amazonaws.com/"),
    }
}

fn body(rng: &mut Rng, operation: &str) -> Vec<u8> {
    match rng.below(10) {
        0 => Vec::new(),
        1 => (0..rng.below(64))
            .map(|_| (rng.next() & 0xff) as u8)
            .collect(),
        _ => {
            let text = rng.pick(TEXTS);
            let quantity = rng.below(100_000);
            format!(
                "{{\"ProductCode\":\"{}\",\"Timestamp\":{},\"UsageDimension\":\"{text}\",\"UsageQuantity\":{quantity},\"Op\":\"{operation}\"}}",
                chars(rng, "abcdefghijklmnopqrstuvwxyz0123456789", 25),
                1_700_000_000 + rng.below(100_000_000),
            )
            .into_bytes()
        }
    }
}

fn main() {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    // A few identities, reused, so the shared key cache both hits and evicts.
    let identities: Vec<Credentials> = (0..4)
        .map(|i| {
            let token = (i % 2 == 1).then(|| format!("{}==", chars(&mut rng, B64, 200)));
            Credentials::new(
                format!(
                    "AKIA{}",
                    chars(&mut rng, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
                ),
                chars(&mut rng, B64, 40),
                token,
            )
        })
        .collect();
    let mut cache = SigningKeyCache::new();

    for _ in 0..COUNT {
        let credentials = identities
            .get(rng.below(identities.len()))
            .unwrap_or(&identities[0]);
        let region = rng.pick(REGIONS);
        let operation = rng.pick(OPERATIONS);
        let service = if rng.below(8) == 0 {
            "execute-api"
        } else {
            "aws-marketplace"
        };
        // 2000-01-01 .. 2100-01-01
        let time = 946_684_800 + (rng.next() % 3_155_760_000) as i64;
        let mut headers = vec![
            (
                "Content-Type".to_owned(),
                "application/x-amz-json-1.1".to_owned(),
            ),
            (
                "X-Amz-Target".to_owned(),
                format!("AWSMPMeteringService.{operation}"),
            ),
        ];
        if rng.below(4) == 0 {
            headers.push(("X-Extra".to_owned(), " \t spaced   out\tvalue  ".to_owned()));
        }
        let mut request = HttpRequest {
            method: "POST",
            url: url(&mut rng, region),
            headers,
            body: body(&mut rng, operation),
        };
        let input_headers = request.headers.clone();
        let params = SigningParams {
            credentials,
            region,
            service,
            time,
        };
        if let Err(e) = sign_request(&mut request, &params, &mut cache) {
            eprintln!("signing {} failed: {e}", request.url);
            std::process::exit(1);
        }

        let mut line = String::from("{");
        field(&mut line, "url", &request.url);
        line.push_str(",\"headers\":[");
        for (i, (name, value)) in input_headers.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push('[');
            json_str(&mut line, name);
            line.push(',');
            json_str(&mut line, value);
            line.push(']');
        }
        line.push_str("],");
        field(&mut line, "body_hex", &hex::encode(&request.body));
        line.push(',');
        field(&mut line, "access_key_id", credentials.access_key_id());
        line.push(',');
        field(
            &mut line,
            "secret_access_key",
            credentials.secret_access_key(),
        );
        line.push(',');
        field(
            &mut line,
            "session_token",
            credentials.session_token().unwrap_or(""),
        );
        line.push(',');
        field(&mut line, "region", region);
        line.push(',');
        field(&mut line, "service", service);
        line.push_str(&format!(",\"time\":{time},"));
        field(
            &mut line,
            "x_amz_date",
            request.header("x-amz-date").unwrap_or(""),
        );
        line.push(',');
        field(
            &mut line,
            "x_amz_security_token",
            request.header("x-amz-security-token").unwrap_or(""),
        );
        line.push(',');
        field(
            &mut line,
            "authorization",
            request.header("authorization").unwrap_or(""),
        );
        line.push('}');
        println!("{line}");
    }
}

fn field(out: &mut String, name: &str, value: &str) {
    json_str(out, name);
    out.push(':');
    json_str(out, value);
}

fn json_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
