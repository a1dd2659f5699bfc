//! Signing only: the awsJson `POST` the client sends (MeterUsage, ~200 B, and a 25-record
//! BatchMeterUsage, ~6 KB), signed again and again with a cached signing key, as one client
//! does all day. No model, no serializer: the bodies are fixed bytes.
//!
//! Two ways in: `RequestSigner::sign` (the client's: the URL split once, buffers reused) and
//! `sign_request` (splits the request's URL on every call).
//!
//! `cargo bench --bench sigv4` prints the median µs per sign over 7 rounds of 10,000 signs.
//! `cargo bench --bench sigv4 -- once N [case] [signer|sign_request]` signs N times per case
//! and nothing else, for `valgrind --tool=callgrind --toggle-collect='*sign_once*'`
//! (instructions per sign = Ir / N).

use std::hint::black_box;
use std::time::Instant;

use marketplace_metering_wasm::http::HttpRequest;
use marketplace_metering_wasm::sigv4::{
    sign_request, Credentials, RequestSigner, SigningKeyCache, SigningParams,
};

const ROUNDS: usize = 7;
const SIGNS: u32 = 10_000;
// 2026-01-15T12:00:00Z
const NOW: i64 = 1_768_478_400;
const URL: &str = "https://metering.marketplace.us-east-1.amazonaws.com/";

struct Case {
    name: &'static str,
    target: &'static str,
    body: Vec<u8>,
    session_token: Option<String>,
}

fn meter_usage_body() -> Vec<u8> {
    // A MeterUsage wire body with its client token, ~200 B.
    br#"{"ClientToken":"6f1c2a9e-0b7d-4c3e-9a51-2d8e4f6b7c10","ProductCode":"prod-demo-saas","Timestamp":1768478400,"UsageAllocations":[{"AllocatedUsageQuantity":1234}],"UsageDimension":"api_calls","UsageQuantity":1234}"#
        .to_vec()
}

fn batch_body() -> Vec<u8> {
    let mut body = String::from(r#"{"ProductCode":"prod-demo-saas","UsageRecords":["#);
    for i in 0..25u32 {
        if i > 0 {
            body.push(',');
        }
        body.push_str(&format!(
            concat!(
                r#"{{"CustomerAWSAccountId":"1234567890{:02}","CustomerIdentifier":"cust-legacy-00{:02}","#,
                r#""Dimension":"dimension_{}","#,
                r#""Quantity":{},"Timestamp":{},"UsageAllocations":[{{"AllocatedUsageQuantity":{},"#,
                r#""Tags":[{{"Key":"team","Value":"t{}"}}]}}]}}"#
            ),
            i,
            i,
            i % 3,
            10 + 7 * i,
            NOW + 60 * i64::from(i),
            10 + 7 * i,
            i,
        ));
    }
    body.push_str("]}");
    body.into_bytes()
}

fn cases() -> Vec<Case> {
    // An STS session token is ~1 KB of base64.
    let token: String = (0..1024u32)
        .map(|i| {
            char::from(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
                    [(i * 37 % 64) as usize],
            )
        })
        .collect();
    vec![
        Case {
            name: "MeterUsage",
            target: "AWSMPMeteringService.MeterUsage",
            body: meter_usage_body(),
            session_token: None,
        },
        Case {
            name: "BatchMeterUsage x25",
            target: "AWSMPMeteringService.BatchMeterUsage",
            body: batch_body(),
            session_token: None,
        },
        Case {
            name: "MeterUsage + session token",
            target: "AWSMPMeteringService.MeterUsage",
            body: meter_usage_body(),
            session_token: Some(token),
        },
    ]
}

#[derive(Clone, Copy, PartialEq)]
enum Api {
    Signer,
    SignRequest,
}

struct Bench {
    request: HttpRequest,
    credentials: Credentials,
    cache: SigningKeyCache,
    signer: RequestSigner,
    api: Api,
}

impl Bench {
    fn new(case: &Case, api: Api) -> Self {
        let signer = match RequestSigner::new(URL) {
            Ok(signer) => signer,
            Err(e) => panic!("{URL}: {e}"),
        };
        Bench {
            signer,
            api,
            request: HttpRequest {
                method: "POST",
                url: URL.to_owned(),
                headers: vec![
                    (
                        "content-type".to_owned(),
                        "application/x-amz-json-1.1".to_owned(),
                    ),
                    ("x-amz-target".to_owned(), case.target.to_owned()),
                ],
                body: case.body.clone(),
            },
            credentials: Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                case.session_token.clone(),
            ),
            cache: SigningKeyCache::new(),
        }
    }
}

/// One sign of the request in place (re-signing replaces the previous signature, as a retry
/// does). Not inlined, so callgrind can count it alone.
#[inline(never)]
fn sign_once(bench: &mut Bench, time: i64) {
    let params = SigningParams {
        credentials: &bench.credentials,
        region: "us-east-1",
        service: "aws-marketplace",
        time,
    };
    let request = black_box(&mut bench.request);
    let signed = match bench.api {
        Api::Signer => bench.signer.sign(request, &params),
        Api::SignRequest => sign_request(request, &params, &mut bench.cache),
    };
    if let Err(e) = signed {
        panic!("signing failed: {e}");
    }
    black_box(&bench.request);
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let all = cases();
    match args.first().map(String::as_str) {
        Some("once") => {
            let n: u32 = args.get(1).and_then(|n| n.parse().ok()).unwrap_or(SIGNS);
            let filter = args.get(2).map(String::as_str);
            let api = match args.get(3).map(String::as_str) {
                Some("sign_request") => Api::SignRequest,
                _ => Api::Signer,
            };
            for case in all.iter().filter(|c| filter.is_none_or(|f| c.name == f)) {
                let mut bench = Bench::new(case, api);
                for i in 0..n {
                    sign_once(&mut bench, NOW + i64::from(i % 3600));
                }
                println!("{}: {} signs, body {} B", case.name, n, case.body.len());
            }
        }
        _ => {
            for (case, api) in all
                .iter()
                .flat_map(|c| [(c, Api::Signer), (c, Api::SignRequest)])
            {
                let mut bench = Bench::new(case, api);
                for i in 0..1000 {
                    sign_once(&mut bench, NOW + i);
                }
                let mut samples: Vec<f64> = (0..ROUNDS)
                    .map(|_| {
                        let t0 = Instant::now();
                        for i in 0..SIGNS {
                            sign_once(&mut bench, NOW + i64::from(i % 3600));
                        }
                        t0.elapsed().as_secs_f64() * 1e6 / f64::from(SIGNS)
                    })
                    .collect();
                samples.sort_by(f64::total_cmp);
                let api = match api {
                    Api::Signer => "RequestSigner::sign",
                    Api::SignRequest => "sign_request",
                };
                println!(
                    "{:<28} {api:<20} body {:>5} B: median {:.2} us/sign (min {:.2}, max {:.2})",
                    case.name,
                    case.body.len(),
                    samples[ROUNDS / 2],
                    samples[0],
                    samples[ROUNDS - 1]
                );
            }
        }
    }
}
