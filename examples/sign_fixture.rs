//! Prints 300 deterministic requests as the call machine signs them, one JSON object per line,
//! for tests/js/crosscheck_sigv4.mjs to re-sign with @smithy/signature-v4 (an independent AWS
//! SigV4 implementation) and compare.
//!
//!     cargo run --example sign_fixture > /tmp/fixture.jsonl
//!
//! Each request is made the way the package makes it: generated JS input text (every
//! Marketplace Metering operation) through `Call::operation`, or an STS `AssumeRole`, on a
//! client for a random region and endpoint (FIPS, dual-stack, custom URLs with ports, IPv6 and
//! upper case), with random credentials and sometimes a `customUserAgent`, polled once at a
//! random instant to `Action::Send`. The headers printed are the request's before signing (the
//! signed request without what signing adds: `x-amz-date`, `x-amz-security-token`,
//! `authorization`).

use marketplace_metering_wasm::call::{Action, Call, Request};
use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::sigv4::Credentials;
use marketplace_metering_wasm::sts::AssumeRole;
use marketplace_metering_wasm::time;

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

/// Usage dimensions (any non-empty text in the model): non-ASCII, separators, escapes.
const TEXTS: &[&str] = &[
    "users",
    "na\u{ef}ve caf\u{e9}",
    "\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{6b21}\u{5143}",
    "rocket \u{1f680} launch",
    "line\u{2028}separator",
    "quote \" and backslash \\",
    "\u{0}\u{1f}",
];

/// `customUserAgent`s: appended to the signed `x-amz-user-agent`, so the signers' trimming and
/// whitespace folding of header values is compared too.
const USER_AGENTS: &[&str] = &[
    "my-app/1.0",
    " \t spaced   out\tvalue  ",
    "caf\u{e9}/2 (na\u{ef}ve)",
    "a  b",
];

const B64: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

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

/// A custom endpoint URL, or `None` for the one the service's rules give.
fn custom_url(rng: &mut Rng, region: &str) -> Option<String> {
    Some(match rng.below(14) {
        0 => format!("https://metering.marketplace.{region}.amazonaws.com:443/"),
        1 => format!("https://metering.marketplace.{region}.amazonaws.com:8443"),
        2 => "http://localhost:8080/".to_owned(),
        3 => "http://127.0.0.1:80".to_owned(),
        4 => "http://[::1]:4566/".to_owned(),
        5 => "https://[0:0:0:0:0:0:0:1]:8443/".to_owned(),
        6 => format!(
            "HTTPS://Metering.Marketplace.{}.AmazonAWS.com/",
            region.to_uppercase()
        ),
        7 => "http://metering.example:443/v1/meter".to_owned(),
        _ => return None,
    })
}

fn json_string(s: &str) -> String {
    let mut out = String::new();
    marketplace_metering_wasm::json::write_string(&mut out, s);
    out
}

fn dimension(rng: &mut Rng) -> &'static str {
    TEXTS
        .get(rng.below(TEXTS.len()))
        .copied()
        .unwrap_or("users")
}

fn timestamp(rng: &mut Rng) -> String {
    // 2000-01-01 .. 2100-01-01, with milliseconds.
    let ms = 946_684_800_000 + (rng.next() % 3_155_760_000_000) as i64;
    json_string(&time::format_rfc3339(ms))
}

fn allocations(rng: &mut Rng) -> String {
    if rng.below(3) != 0 {
        return String::new();
    }
    // A tag list, when given, holds 1 to 5 tags.
    let tags: Vec<String> = (0..1 + rng.below(3))
        .map(|_| {
            format!(
                r#"{{"key":"{}","value":"{}"}}"#,
                chars(rng, ALNUM, 5),
                chars(rng, "abc 123+-=._:/@", 8)
            )
        })
        .collect();
    format!(
        r#","usageAllocations":[{{"allocatedUsageQuantity":{},"tags":[{}]}}]"#,
        rng.below(1000),
        tags.join(",")
    )
}

/// A JS input for `op`, valid by construction.
fn input(rng: &mut Rng, op: Operation) -> String {
    match op {
        Operation::MeterUsage => {
            let token = if rng.below(2) == 0 {
                format!(r#","clientToken":"{}""#, chars(rng, ALNUM, 36))
            } else {
                String::new()
            };
            format!(
                r#"{{"productCode":"{}","timestamp":{},"usageDimension":{},"usageQuantity":{}{}{token}}}"#,
                chars(rng, ALNUM, 25),
                timestamp(rng),
                json_string(dimension(rng)),
                rng.below(100_000),
                allocations(rng),
            )
        }
        Operation::BatchMeterUsage => {
            let records: Vec<String> = (0..1 + rng.below(25))
                .map(|_| {
                    format!(
                        r#"{{"timestamp":{},"dimension":{},"quantity":{},"customerAWSAccountId":"{}"{}}}"#,
                        timestamp(rng),
                        json_string(dimension(rng)),
                        rng.below(100_000),
                        chars(rng, "0123456789", 12),
                        allocations(rng),
                    )
                })
                .collect();
            format!(r#"{{"usageRecords":[{}]}}"#, records.join(","))
        }
        Operation::ResolveCustomer => {
            let len = 20 + rng.below(200);
            format!(r#"{{"registrationToken":"{}"}}"#, chars(rng, B64, len))
        }
        Operation::RegisterUsage => {
            let nonce_len = rng.below(40);
            format!(
                r#"{{"productCode":"{}","publicKeyVersion":{},"nonce":"{}"}}"#,
                chars(rng, ALNUM, 25),
                1 + rng.below(5),
                chars(rng, ALNUM, nonce_len),
            )
        }
    }
}

fn fail(what: &str) -> ! {
    eprintln!("sign_fixture: {what}");
    std::process::exit(1);
}

fn main() {
    let mut rng = Rng(0x5eed_1234_abcd_0042);
    // A few identities, reused, so the client's key cache both hits and evicts.
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

    for line_number in 1..=COUNT {
        let credentials = rng.pick(&identities).clone();
        let region = *rng.pick(REGIONS);
        let settings = Settings {
            custom_user_agent: (rng.below(3) == 0).then(|| rng.pick(USER_AGENTS).to_string()),
            ..Settings::default()
        };
        // 2000-01-01 .. 2100-01-01; the machine signs at the second the millisecond falls in.
        let now_ms = 946_684_800_000 + (rng.next() % 3_155_760_000_000) as i64;
        let source = CredentialSource::Static(credentials.clone());
        let (mut client, mut call, service) = if rng.below(8) == 0 {
            let session_len = 2 + rng.below(30);
            let role = AssumeRole::new(
                format!(
                    "arn:aws:iam::{}:role/{}",
                    chars(&mut rng, "0123456789", 12),
                    chars(&mut rng, ALNUM, 10)
                ),
                chars(&mut rng, "abc-_=,.@+", session_len),
                (rng.below(2) == 0).then(|| chars(&mut rng, "abc:/+=,.@-", 10)),
                (rng.below(2) == 0).then_some(900 + rng.below(42_300) as u32),
            )
            .unwrap_or_else(|e| fail(&format!("line {line_number}: role: {e:?}")));
            let url = custom_url(&mut rng, region);
            let client =
                Client::sts(region, url.as_deref(), source, settings).unwrap_or_else(|e| {
                    fail(&format!("line {line_number}: STS endpoint {url:?}: {e:?}"))
                });
            let seed = [line_number as u8; 16];
            (client, Call::new(Request::AssumeRole(role), seed), "sts")
        } else {
            let op = *rng.pick(&Operation::ALL);
            let (fips, dual_stack) = (rng.below(4) == 0, rng.below(4) == 0);
            let url = custom_url(&mut rng, region);
            let (fips, dual_stack) = if url.is_some() {
                (false, false)
            } else {
                (fips, dual_stack)
            };
            let client =
                Client::metering(region, fips, dual_stack, url.as_deref(), source, settings)
                    .unwrap_or_else(|e| {
                        fail(&format!("line {line_number}: endpoint {url:?}: {e:?}"))
                    });
            let text = input(&mut rng, op);
            let call = Call::operation(op, text.as_bytes(), [line_number as u8; 16])
                .unwrap_or_else(|e| fail(&format!("line {line_number}: {text}: {e:?}")));
            (client, call, "aws-marketplace")
        };
        let request = match call.poll(&mut client, now_ms) {
            Action::Send { request, .. } => request.clone(),
            other => fail(&format!("line {line_number}: {other:?}, not Send")),
        };
        // What signing added is taken off again: the rest is what @smithy/signature-v4 signs.
        let input_headers: Vec<&(String, String)> = request
            .headers
            .iter()
            .filter(|(name, _)| {
                !matches!(
                    name.as_str(),
                    "x-amz-date" | "x-amz-security-token" | "authorization"
                )
            })
            .collect();
        let time = now_ms.div_euclid(1000);

        let mut line = String::from("{");
        field(&mut line, "url", &request.url);
        line.push_str(",\"headers\":[");
        for (i, (name, value)) in input_headers.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            line.push('[');
            line.push_str(&json_string(name));
            line.push(',');
            line.push_str(&json_string(value));
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
    out.push_str(&json_string(name));
    out.push(':');
    out.push_str(&json_string(value));
}
