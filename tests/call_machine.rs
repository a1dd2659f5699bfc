//! The call machine, natively: transcripts of events in and actions out, with the time and
//! the randomness fixed, for every behaviour the edge used to decide itself — attempts,
//! backoff, `Retry-After`, the retry quota, clock skew, the client token, credential refresh,
//! timeouts, aborts, logs, `$metadata` — and for `meterUsageRecords`' plan.

use marketplace_metering_wasm::batch::RecordsPlan;
use marketplace_metering_wasm::call::{Action, Call, Output, Request, TransportFailure};
use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::error::ErrorKind;
use marketplace_metering_wasm::http::HttpResponse;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::options::Opt;
use marketplace_metering_wasm::sigv4::Credentials;
use marketplace_metering_wasm::sts::AssumeRole;

/// 2026-11-30T12:00:00Z.
const NOON: i64 = 1_796_040_000_000;
const SEED: [u8; 16] = [7; 16];

fn seller() -> Credentials {
    Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
}

fn client_with(source: CredentialSource, settings: Settings) -> Client {
    Client::metering("us-east-1", false, false, None, source, settings).unwrap()
}

fn client() -> Client {
    client_with(CredentialSource::Static(seller()), Settings::default())
}

fn meter_usage(extra: &str) -> Call {
    let text = format!(
        r#"{{"productCode":"prod-1","timestamp":"2026-11-30T11:00:00.000Z","usageDimension":"users","usageQuantity":3{extra}}}"#
    );
    Call::operation(Operation::MeterUsage, text.as_bytes(), SEED).unwrap()
}

fn resolve_customer() -> Call {
    resolve_customer_seeded(SEED)
}

/// A ResolveCustomer call with its own randomness (the backoff jitter follows it).
fn resolve_customer_seeded(seed: [u8; 16]) -> Call {
    Call::operation(
        Operation::ResolveCustomer,
        br#"{"registrationToken":"tok"}"#,
        seed,
    )
    .unwrap()
}

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).into(), (*v).into()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn ok(body: &str) -> HttpResponse {
    answer(200, &[("x-amzn-RequestId", "req-ok")], body)
}

fn error(status: u16, code: &str, message: &str) -> HttpResponse {
    answer(
        status,
        &[("x-amzn-RequestId", "req-err")],
        &format!(r#"{{"__type":"{code}","message":"{message}"}}"#),
    )
}

/// A call being driven, and what it did: one line per action and per event.
struct Run {
    client: Client,
    call: Call,
    now: i64,
    lines: Vec<String>,
}

impl Run {
    fn new(client: Client, call: Call) -> Self {
        Run {
            client,
            call,
            now: NOON,
            lines: Vec::new(),
        }
    }

    /// Polls once and writes down the action.
    fn poll(&mut self) -> String {
        let line = match self.call.poll(&mut self.client, self.now) {
            Action::NeedCredentials => "need credentials".to_owned(),
            Action::Send {
                request,
                timeout_ms,
            } => {
                let date = request.header("x-amz-date").unwrap_or("-").to_owned();
                let mut line = format!(
                    "send {} at {date}",
                    request.header("x-amz-target").unwrap_or("AssumeRole")
                );
                if timeout_ms > 0 {
                    line.push_str(&format!(" within {timeout_ms} ms"));
                }
                line
            }
            Action::Sleep { ms } => format!("sleep {ms} ms"),
            Action::Wait => "wait".to_owned(),
            Action::Done => "done".to_owned(),
            Action::Failed => "failed".to_owned(),
        };
        self.lines.push(line.clone());
        line
    }

    fn respond(&mut self, response: HttpResponse) -> &mut Self {
        self.lines.push(format!("<- {}", response.status));
        self.call
            .handle_response(&mut self.client, &response, self.now);
        self
    }

    fn fail(&mut self, failure: TransportFailure) -> &mut Self {
        self.lines.push(format!("<- {failure:?}"));
        self.call.handle_failure(&mut self.client, failure);
        self
    }

    /// Sleeps as asked (the clock moves on), then fires the timer.
    fn sleep_through(&mut self) -> &mut Self {
        let line = self.lines.last().cloned().unwrap_or_default();
        let ms: i64 = line
            .trim_start_matches("sleep ")
            .trim_end_matches(" ms")
            .parse()
            .unwrap();
        self.now += ms;
        self.call.handle_timer();
        self.lines.push("timer".to_owned());
        self
    }

    fn transcript(&self) -> String {
        self.lines.join("\n")
    }

    fn output(&mut self) -> String {
        match self.call.take_outcome() {
            Some(Ok(Output::Js(text))) => text,
            other => panic!("{other:?}"),
        }
    }

    fn error(&mut self) -> marketplace_metering_wasm::error::CallError {
        match self.call.take_outcome() {
            Some(Err(e)) => e,
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_call_that_succeeds_at_once_carries_its_metadata() {
    let mut run = Run::new(client(), meter_usage(""));
    assert_eq!(
        run.poll(),
        "send AWSMPMeteringService.MeterUsage at 20261130T120000Z"
    );
    assert_eq!(run.poll(), "wait", "nothing to do until an event arrives");
    run.respond(ok(r#"{"MeteringRecordId":"m-1","Unknown":1}"#));
    assert_eq!(run.poll(), "done");
    assert_eq!(
        run.output(),
        r#"{"meteringRecordId":"m-1","$metadata":{"httpStatusCode":200,"requestId":"req-ok","attempts":1,"totalRetryDelay":0}}"#
    );
}

#[test]
fn every_attempt_is_signed_afresh_with_the_same_client_token() {
    let mut run = Run::new(client(), meter_usage(""));
    run.poll();
    let first = run.call.request().unwrap().clone();
    let body = String::from_utf8(first.body.clone()).unwrap();
    assert!(
        body.contains(r#""ClientToken":"07070707-0707-4707-8707-070707070707""#),
        "{body}"
    );
    run.respond(answer(503, &[], ""));
    assert!(run.poll().starts_with("sleep "));
    run.sleep_through();
    run.now += 1_000;
    assert_eq!(
        run.poll(),
        "send AWSMPMeteringService.MeterUsage at 20261130T120001Z"
    );
    let second = run.call.request().unwrap();
    assert_eq!(
        second.body, first.body,
        "the same bytes, the same client token"
    );
    assert_ne!(
        second.header("authorization"),
        first.header("authorization"),
        "signed again"
    );
    assert!(
        second
            .header("x-amz-user-agent")
            .unwrap()
            .starts_with("marketplace-metering-wasm/"),
        "the package names itself"
    );
}

#[test]
fn a_bare_503_every_time_ends_as_a_server_fault_named_by_its_status() {
    let mut run = Run::new(client(), resolve_customer());
    for _ in 0..2 {
        run.poll();
        run.respond(answer(503, &[], "Service Unavailable"));
        run.poll();
        run.sleep_through();
    }
    run.poll();
    run.respond(answer(503, &[], ""));
    assert_eq!(run.poll(), "failed");
    assert_eq!(
        run.transcript(),
        "send AWSMPMeteringService.ResolveCustomer at 20261130T120000Z\n<- 503\nsleep 56 ms\ntimer\n\
         send AWSMPMeteringService.ResolveCustomer at 20261130T120000Z\n<- 503\nsleep 61 ms\ntimer\n\
         send AWSMPMeteringService.ResolveCustomer at 20261130T120000Z\n<- 503\nfailed"
    );
    let e = run.error();
    assert_eq!(
        (e.kind, e.name.as_deref(), e.http_status),
        (ErrorKind::Service, Some("503"), Some(503))
    );
    assert_eq!(
        e.fault,
        marketplace_metering_wasm::model::schema::Fault::Server
    );
    assert_eq!((e.attempts, e.total_retry_delay_ms), (3, 56 + 61));
    assert_eq!(e.retryable, Some(false), "retryable, not throttling");
}

#[test]
fn backoff_is_full_jitter_within_the_standard_modes_bounds() {
    // Over many seeds: attempt n waits in [0, base * 2^(n-1)), base 100 ms, 500 ms throttled.
    for seed in 0..200u8 {
        for (response, base) in [
            (answer(500, &[], ""), 100u64),
            (error(400, "ThrottlingException", "slow"), 500),
        ] {
            let mut client = client_with(
                CredentialSource::Static(seller()),
                Settings {
                    max_attempts: 4,
                    ..Settings::default()
                },
            );
            let mut call = resolve_customer_seeded([seed; 16]);
            assert!(matches!(call.poll(&mut client, NOON), Action::Send { .. }));
            for attempt in 1..=3u32 {
                call.handle_response(&mut client, &response, NOON);
                // A zero delay retries at once: the poll sends.
                let ms = match call.poll(&mut client, NOON) {
                    Action::Sleep { ms } => ms,
                    Action::Send { .. } => continue,
                    other => panic!("attempt {attempt}: {other:?}"),
                };
                assert!(ms < base << (attempt - 1), "attempt {attempt}: {ms} ms");
                call.handle_timer();
                assert!(matches!(call.poll(&mut client, NOON), Action::Send { .. }));
            }
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_delays_and_another_seed_others() {
    let delays = |seed: u8| {
        let mut client = client();
        let mut call = resolve_customer_seeded([seed; 16]);
        let mut out = Vec::new();
        for _ in 0..2 {
            call.poll(&mut client, NOON);
            call.handle_response(&mut client, &answer(500, &[], ""), NOON);
            if let Action::Sleep { ms } = call.poll(&mut client, NOON) {
                out.push(ms);
            }
            call.handle_timer();
        }
        out
    };
    assert_eq!(delays(1), delays(1));
    assert_ne!(delays(1), delays(2));
}

#[test]
fn throttling_is_retried_and_the_attempts_and_delays_are_counted() {
    let mut run = Run::new(client(), meter_usage(""));
    run.poll();
    run.respond(error(400, "ThrottlingException", "Rate exceeded"));
    run.poll();
    run.sleep_through();
    run.poll();
    run.respond(ok(r#"{"MeteringRecordId":"m-2"}"#));
    assert_eq!(run.poll(), "done");
    assert_eq!(
        run.transcript(),
        "send AWSMPMeteringService.MeterUsage at 20261130T120000Z\n<- 400\nsleep 281 ms\ntimer\n\
         send AWSMPMeteringService.MeterUsage at 20261130T120000Z\n<- 200\ndone"
    );
    assert!(run.output().ends_with(r#""$metadata":{"httpStatusCode":200,"requestId":"req-ok","attempts":2,"totalRetryDelay":281}}"#));
}

#[test]
fn non_retryable_errors_stop_at_once_with_the_models_class_and_fault() {
    for (status, code, fault) in [
        (400, "InvalidTokenException", "Client"),
        (400, "ExpiredTokenException", "Client"),
        (409, "IdempotencyConflictException", "Client"),
        (412, "DryRunOperation", "Client"),
    ] {
        let mut run = Run::new(client(), resolve_customer());
        run.poll();
        run.respond(error(status, code, "no"));
        assert_eq!(run.poll(), "failed", "{code}");
        let e = run.error();
        assert_eq!(e.name.as_deref(), Some(code));
        assert_eq!(format!("{:?}", e.fault), fault, "{code}");
        assert_eq!(
            (e.retryable, e.attempts, e.request_id.as_deref()),
            (None, 1, Some("req-err")),
            "{code}"
        );
    }
    // InternalServiceErrorException is the model's one server fault, and retryable.
    let mut run = Run::new(
        client_with(
            CredentialSource::Static(seller()),
            Settings {
                max_attempts: 1,
                ..Settings::default()
            },
        ),
        resolve_customer(),
    );
    run.poll();
    run.respond(error(500, "InternalServiceErrorException", "oops"));
    assert_eq!(run.poll(), "failed", "maxAttempts 1: no retry");
    let e = run.error();
    assert_eq!(
        (format!("{:?}", e.fault).as_str(), e.retryable),
        ("Server", Some(false))
    );
}

#[test]
fn retry_after_is_honoured_within_the_cap() {
    let mut run = Run::new(client(), resolve_customer());
    run.poll();
    run.respond(answer(503, &[("Retry-After", "3")], ""));
    assert_eq!(run.poll(), "sleep 3000 ms");
    run.sleep_through();
    run.poll();
    run.respond(answer(503, &[("x-amz-retry-after", "60000")], ""));
    assert_eq!(run.poll(), "sleep 20000 ms", "capped at 20 s");
}

#[test]
fn the_retry_quota_is_shared_by_the_clients_calls() {
    // 500 tokens, 5 a retry: after 100 retries without a success, failures are returned at once.
    let mut client = client_with(
        CredentialSource::Static(seller()),
        Settings {
            max_attempts: 2,
            ..Settings::default()
        },
    );
    let mut retried = 0;
    for i in 0..101u8 {
        let mut call = resolve_customer_seeded([i; 16]);
        call.poll(&mut client, NOON);
        call.handle_response(&mut client, &answer(500, &[], ""), NOON);
        match call.poll(&mut client, NOON) {
            Action::Sleep { .. } | Action::Send { .. } => retried += 1,
            Action::Failed => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(retried, 100, "the 101st failure finds the quota empty");
    // A timeout retry costs 10.
    let mut client = client_with(
        CredentialSource::Static(seller()),
        Settings {
            max_attempts: 2,
            request_timeout_ms: 50,
            ..Settings::default()
        },
    );
    let mut timeouts = 0;
    for i in 0..60u8 {
        let mut call = resolve_customer_seeded([i; 16]);
        assert!(matches!(
            call.poll(&mut client, NOON),
            Action::Send { timeout_ms: 50, .. }
        ));
        call.handle_failure(&mut client, TransportFailure::Timeout);
        if matches!(
            call.poll(&mut client, NOON),
            Action::Sleep { .. } | Action::Send { .. }
        ) {
            timeouts += 1;
        }
    }
    assert_eq!(timeouts, 50);
}

#[test]
fn a_success_gives_retry_tokens_back() {
    let mut client = client_with(
        CredentialSource::Static(seller()),
        Settings {
            max_attempts: 2,
            ..Settings::default()
        },
    );
    for i in 0..200u8 {
        let mut call = resolve_customer_seeded([i; 16]);
        call.poll(&mut client, NOON);
        call.handle_response(&mut client, &answer(500, &[], ""), NOON);
        match call.poll(&mut client, NOON) {
            Action::Sleep { .. } => {
                call.handle_timer();
                call.poll(&mut client, NOON);
            }
            Action::Send { .. } => {}
            other => panic!("call {i}: the quota never runs out: {other:?}"),
        }
        call.handle_response(&mut client, &ok("{}"), NOON);
        assert_eq!(call.poll(&mut client, NOON), Action::Done);
    }
}

#[test]
fn a_signature_time_error_teaches_the_clock_and_the_retry_uses_it_at_once() {
    let mut run = Run::new(client(), resolve_customer());
    run.poll();
    // The service's clock is 15 minutes ahead of ours.
    run.respond(answer(
        400,
        &[("Date", "Mon, 30 Nov 2026 12:15:00 GMT")],
        r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20261130T120000Z is now earlier than 20261130T121000Z (20261130T121500Z - 5 min.)"}"#,
    ));
    assert_eq!(
        run.poll(),
        "send AWSMPMeteringService.ResolveCustomer at 20261130T121500Z",
        "at once, on the server's clock"
    );
    run.respond(ok("{}"));
    assert_eq!(run.poll(), "done");
    assert_eq!(run.client.clock_offset_ms(), 15 * 60 * 1000);
    // The next call of the same client starts on the corrected clock.
    let mut next = Run::new(run.client, resolve_customer());
    assert_eq!(
        next.poll(),
        "send AWSMPMeteringService.ResolveCustomer at 20261130T121500Z"
    );
}

#[test]
fn clock_corrections_stop_after_two_in_one_call() {
    let skew = |date: &str| {
        answer(
            403,
            &[("Date", date)],
            r#"{"__type":"InvalidSignatureException","message":"Signature not yet current: x"}"#,
        )
    };
    let mut run = Run::new(
        client_with(
            CredentialSource::Static(seller()),
            Settings {
                max_attempts: 5,
                ..Settings::default()
            },
        ),
        resolve_customer(),
    );
    run.poll();
    run.respond(skew("Mon, 30 Nov 2026 11:00:00 GMT"));
    run.poll();
    run.respond(skew("Mon, 30 Nov 2026 12:30:00 GMT"));
    run.poll();
    run.respond(skew("Mon, 30 Nov 2026 11:00:00 GMT"));
    assert_eq!(run.poll(), "failed");
    assert_eq!(run.error().attempts, 3);
    // A wrong secret is not skew: no correction, no retry.
    let mut wrong = Run::new(client(), resolve_customer());
    wrong.poll();
    wrong.respond(answer(403, &[("Date", "Mon, 30 Nov 2026 12:00:00 GMT")], r#"{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}"#));
    assert_eq!(wrong.poll(), "failed");
}

#[test]
fn a_successful_answer_far_off_our_clock_moves_it_as_the_sdks_do() {
    let mut run = Run::new(client(), resolve_customer());
    run.poll();
    run.respond(answer(
        200,
        &[("Date", "Mon, 30 Nov 2026 12:04:00 GMT")],
        "{}",
    ));
    assert_eq!(
        run.client.clock_offset_ms(),
        0,
        "4 minutes is within tolerance"
    );
    let mut next = Run::new(run.client, resolve_customer());
    next.poll();
    next.respond(answer(
        200,
        &[("Date", "Mon, 30 Nov 2026 11:50:00 GMT")],
        "{}",
    ));
    assert_eq!(next.client.clock_offset_ms(), -10 * 60 * 1000);
}

#[test]
fn network_failures_and_timeouts_are_retried_then_surface() {
    let settings = Settings {
        request_timeout_ms: 2_000,
        ..Settings::default()
    };
    let mut run = Run::new(
        client_with(CredentialSource::Static(seller()), settings),
        resolve_customer(),
    );
    assert_eq!(
        run.poll(),
        "send AWSMPMeteringService.ResolveCustomer at 20261130T120000Z within 2000 ms"
    );
    run.fail(TransportFailure::Network { status: None });
    run.poll();
    run.sleep_through();
    run.poll();
    run.fail(TransportFailure::Timeout);
    run.poll();
    run.sleep_through();
    run.poll();
    run.fail(TransportFailure::Network { status: Some(200) });
    assert_eq!(run.poll(), "failed");
    let e = run.error();
    assert_eq!(e.kind, ErrorKind::Network);
    assert_eq!(
        e.http_status,
        Some(200),
        "the answer came but could not be read: it may have taken effect"
    );
    assert!(e.message.contains("HTTP 200"), "{}", e.message);
    assert_eq!(e.attempts, 3);

    let mut late = Run::new(
        client_with(
            CredentialSource::Static(seller()),
            Settings {
                max_attempts: 1,
                request_timeout_ms: 2_000,
                ..Settings::default()
            },
        ),
        resolve_customer(),
    );
    late.poll();
    late.fail(TransportFailure::Timeout);
    late.poll();
    let e = late.error();
    assert_eq!(
        (e.kind, e.message.as_str()),
        (
            ErrorKind::Timeout,
            "no response within requestTimeoutMs (2000 ms)"
        )
    );
}

#[test]
fn an_unreadable_success_is_retried_as_the_work_may_be_done() {
    let mut run = Run::new(client(), meter_usage(""));
    run.poll();
    run.respond(ok(r#"{"MeteringRecordId":"#));
    assert!(run.poll().starts_with("sleep"));
    run.sleep_through();
    run.poll();
    run.respond(ok(r#"{"MeteringRecordId":7}"#));
    run.poll();
    run.sleep_through();
    run.poll();
    run.respond(ok(r#"{"MeteringRecordId":"m"}"#));
    assert_eq!(run.poll(), "done");
}

#[test]
fn an_abort_ends_the_call_wherever_it_is() {
    for stage in 0..3 {
        let mut run = Run::new(client(), resolve_customer());
        run.poll();
        if stage > 0 {
            run.respond(answer(503, &[], ""));
            run.poll();
        }
        if stage > 1 {
            run.sleep_through();
            run.poll();
        }
        run.fail(TransportFailure::Aborted);
        assert_eq!(run.poll(), "failed");
        assert_eq!(run.error().kind, ErrorKind::Aborted);
    }
}

#[test]
fn provider_credentials_are_fetched_once_and_again_near_expiry() {
    let mut client = client_with(CredentialSource::Provider, Settings::default());
    let mut first = resolve_customer();
    assert_eq!(first.poll(&mut client, NOON), Action::NeedCredentials);
    assert_eq!(first.poll(&mut client, NOON), Action::Wait);
    first.handle_credentials(&mut client, Ok((seller(), Some(NOON + 10 * 60_000))));
    assert!(matches!(first.poll(&mut client, NOON), Action::Send { .. }));
    // A second call uses them while more than 5 minutes remain.
    let mut second = resolve_customer();
    assert!(matches!(
        second.poll(&mut client, NOON + 4 * 60_000),
        Action::Send { .. }
    ));
    // At less than 5 minutes from expiry they are fetched again.
    let mut third = resolve_customer();
    assert_eq!(
        third.poll(&mut client, NOON + 6 * 60_000),
        Action::NeedCredentials
    );
    // Credentials that are already near expiry still serve the call that asked for them
    // (asking again would only get them again).
    third.handle_credentials(&mut client, Ok((seller(), Some(NOON + 7 * 60_000))));
    assert!(matches!(
        third.poll(&mut client, NOON + 6 * 60_000),
        Action::Send { .. }
    ));
    // Without an expiration they never expire.
    let mut forever = client_with(CredentialSource::Provider, Settings::default());
    let mut c = resolve_customer();
    c.poll(&mut forever, NOON);
    c.handle_credentials(&mut forever, Ok((seller(), None)));
    let mut later = resolve_customer();
    assert!(matches!(
        later.poll(&mut forever, NOON + 86_400_000),
        Action::Send { .. }
    ));
}

#[test]
fn a_failing_or_slow_provider_fails_the_call() {
    let mut client = client_with(
        CredentialSource::Provider,
        Settings {
            request_timeout_ms: 100,
            ..Settings::default()
        },
    );
    let mut call = resolve_customer();
    call.poll(&mut client, NOON);
    call.handle_credentials(&mut client, Err("credentialsProvider failed (see `cause`)"));
    assert_eq!(call.poll(&mut client, NOON), Action::Failed);
    let Some(Err(e)) = call.take_outcome() else {
        panic!()
    };
    assert_eq!((e.kind, e.attempts), (ErrorKind::Credentials, 0));
    let mut slow = resolve_customer();
    slow.poll(&mut client, NOON);
    slow.handle_failure(&mut client, TransportFailure::Timeout);
    assert_eq!(slow.poll(&mut client, NOON), Action::Failed);
    let Some(Err(e)) = slow.take_outcome() else {
        panic!()
    };
    assert_eq!(e.kind, ErrorKind::Timeout);
    assert!(e.message.contains("credentialsProvider"), "{}", e.message);
    let mut none = client_with(CredentialSource::Missing, Settings::default());
    let mut call = resolve_customer();
    assert_eq!(call.poll(&mut none, NOON), Action::Failed);
}

#[test]
fn a_providers_result_is_checked_like_the_credentials_option() {
    let mut client = client_with(CredentialSource::Provider, Settings::default());
    let s = |v: &str| Opt::Str(v.to_owned());
    // Not an object, then an object with an empty secret: each fails naming the rule only.
    for (members, rule) in [
        (None, "must be an object"),
        (
            Some([s("AKID"), s(""), Opt::Absent, Opt::Absent]),
            "secretAccessKey must be a non-empty string",
        ),
    ] {
        let mut call = resolve_customer();
        assert_eq!(call.poll(&mut client, NOON), Action::NeedCredentials);
        call.handle_provided(&mut client, members);
        assert_eq!(call.poll(&mut client, NOON), Action::Failed);
        let Some(Err(e)) = call.take_outcome() else {
            panic!()
        };
        assert_eq!(e.kind, ErrorKind::Credentials);
        assert!(
            e.message.starts_with("credentialsProvider result: ") && e.message.contains(rule),
            "{}",
            e.message
        );
    }
    let mut call = resolve_customer();
    call.poll(&mut client, NOON);
    let expires = Opt::Date((NOON + 3_600_000) as f64);
    call.handle_provided(
        &mut client,
        Some([s("AKID"), s("secret"), Opt::Absent, expires]),
    );
    assert!(matches!(call.poll(&mut client, NOON), Action::Send { .. }));
}

#[test]
fn logs_an_event_per_attempt_and_per_retry_decision_without_secrets() {
    let session = Credentials::new(
        "ASIAEXAMPLE",
        "secret/KEY+value",
        Some("SESSION-TOKEN-VALUE".into()),
    );
    let mut run = Run::new(
        client_with(
            CredentialSource::Static(session),
            Settings {
                logging: true,
                ..Settings::default()
            },
        ),
        meter_usage(""),
    );
    run.poll();
    run.respond(error(400, "ThrottlingException", "slow down"));
    run.poll();
    run.sleep_through();
    run.poll();
    run.respond(ok(r#"{"MeteringRecordId":"m"}"#));
    run.poll();
    let log: Vec<String> = run
        .call
        .take_log()
        .into_iter()
        .map(|e| format!("{} {}", e.level.as_str(), e.json))
        .collect();
    assert_eq!(
        log,
        [
            r#"debug {"event":"attempt","operation":"MeterUsage","attempt":1,"httpStatusCode":400,"requestId":"req-err","errorCode":"ThrottlingException"}"#,
            r#"warn {"event":"retry","operation":"MeterUsage","attempt":1,"errorCode":"ThrottlingException","delayMs":281}"#,
            r#"debug {"event":"attempt","operation":"MeterUsage","attempt":2,"httpStatusCode":200,"requestId":"req-ok"}"#,
        ]
    );
    let text = log.join("\n");
    for secret in [
        "secret/KEY",
        "SESSION-TOKEN",
        "Signature",
        "prod-1",
        "ClientToken",
    ] {
        assert!(!text.contains(secret), "{secret} in the log");
    }
    // Without a logger, nothing is kept.
    let mut quiet = Run::new(client(), meter_usage(""));
    quiet.poll();
    quiet.respond(ok("{}"));
    assert!(quiet.call.take_log().is_empty());
}

#[test]
fn a_service_message_never_carries_the_session_token() {
    let session = Credentials::new(
        "ASIAEXAMPLE",
        "secret/KEY+value",
        Some("SESSION-TOKEN-VALUE".into()),
    );
    let mut run = Run::new(
        client_with(CredentialSource::Static(session), Settings::default()),
        resolve_customer(),
    );
    run.poll();
    run.respond(error(403, "InvalidSignatureException", "The Canonical String for this request should have been x-amz-security-token:SESSION-TOKEN-VALUE"));
    run.poll();
    let e = run.error();
    assert!(!e.message.contains("SESSION-TOKEN-VALUE"), "{}", e.message);
    assert!(e.message.contains("<redacted>"));
}

#[test]
fn a_service_message_never_carries_the_attempts_token_after_a_refresh() {
    // A call signs with the provider's first credentials; another call refreshes them (they
    // near expiry) while the first is in flight; the first one's answer quotes its own token.
    let session = |token: &str| Credentials::new("ASIAEXAMPLE", "secret/KEY", Some(token.into()));
    let mut client = client_with(CredentialSource::Provider, Settings::default());
    let mut first = resolve_customer();
    assert_eq!(first.poll(&mut client, NOON), Action::NeedCredentials);
    first.handle_credentials(
        &mut client,
        Ok((session("FIRST-TOKEN"), Some(NOON + 60_000))),
    );
    assert!(matches!(first.poll(&mut client, NOON), Action::Send { .. }));
    let mut second = resolve_customer();
    assert_eq!(second.poll(&mut client, NOON), Action::NeedCredentials);
    second.handle_credentials(&mut client, Ok((session("SECOND-TOKEN"), None)));
    first.handle_response(
        &mut client,
        &error(
            403,
            "InvalidSignatureException",
            "x-amz-security-token:FIRST-TOKEN",
        ),
        NOON,
    );
    assert_eq!(first.poll(&mut client, NOON), Action::Failed);
    let Some(Err(e)) = first.take_outcome() else {
        panic!()
    };
    assert!(!e.message.contains("FIRST-TOKEN"), "{}", e.message);
    assert!(e.message.contains("<redacted>"), "{}", e.message);
}

#[test]
fn the_sts_client_refuses_a_region_or_endpoint_the_metering_client_would() {
    let sts = |region: &str, endpoint: Option<&str>| {
        Client::sts(
            region,
            endpoint,
            CredentialSource::Static(seller()),
            Settings::default(),
        )
        .map(|c| c.url().to_owned())
    };
    assert_eq!(
        sts("eu-west-1", None).unwrap(),
        "https://sts.eu-west-1.amazonaws.com/"
    );
    assert_eq!(
        sts("us-east-1", Some("http://127.0.0.1:8787/")).unwrap(),
        "http://127.0.0.1:8787/"
    );
    for region in ["", "us-east-1/evil", "us-east-1.evil.example#", "-us"] {
        let e = sts(region, None).unwrap_err();
        assert!(e.is_region(), "{region:?}: {e}");
        // Also with a custom endpoint: the region is the signing region.
        assert!(sts(region, Some("http://127.0.0.1:8787"))
            .unwrap_err()
            .is_region());
    }
    for endpoint in [
        "not a url",
        "ftp://127.0.0.1",
        "http://127.0.0.1/?Action=GetCallerIdentity",
        "http://user:pw@host",
    ] {
        let e = sts("us-east-1", Some(endpoint)).unwrap_err();
        assert!(!e.is_region(), "{endpoint:?}: {e}");
        assert!(
            e.to_string()
                .starts_with("Invalid Configuration: custom endpoint URL not accepted: "),
            "{e}"
        );
    }
}

#[test]
fn assume_role_is_a_signed_sts_query_whose_errors_are_credentials_errors() {
    let role = AssumeRole::new(
        "arn:aws:iam::111122223333:role/MarketplaceMetering".into(),
        "worker-1".into(),
        None,
        None,
    )
    .unwrap();
    let mut client = Client::sts(
        "us-east-1",
        None,
        CredentialSource::Static(seller()),
        Settings::default(),
    )
    .unwrap();
    let mut call = Call::new(Request::AssumeRole(role.clone()), SEED);
    let Action::Send { request, .. } = call.poll(&mut client, NOON) else {
        panic!()
    };
    assert_eq!(request.url, "https://sts.us-east-1.amazonaws.com/");
    assert!(request
        .header("authorization")
        .unwrap()
        .contains("/us-east-1/sts/aws4_request"));
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    call.handle_response(
        &mut client,
        &answer(200, &[], "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-11-30T13:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"),
        NOON,
    );
    assert_eq!(call.poll(&mut client, NOON), Action::Done);
    let Some(Ok(Output::Credentials(c))) = call.take_outcome() else {
        panic!()
    };
    assert_eq!(
        (c.credentials.access_key_id(), c.expiration_ms),
        ("ASIA1", NOON + 3_600_000)
    );

    let mut denied = Call::new(Request::AssumeRole(role), SEED);
    denied.poll(&mut client, NOON);
    denied.handle_response(
        &mut client,
        &answer(403, &[("x-amzn-RequestId", "sts-1")], "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized</Message></Error></ErrorResponse>"),
        NOON,
    );
    assert_eq!(denied.poll(&mut client, NOON), Action::Failed);
    let Some(Err(e)) = denied.take_outcome() else {
        panic!()
    };
    assert_eq!(
        (
            e.kind,
            e.name.as_deref(),
            e.http_status,
            e.request_id.as_deref()
        ),
        (
            ErrorKind::Credentials,
            Some("AccessDenied"),
            Some(403),
            Some("sts-1")
        )
    );
}

#[test]
fn invalid_input_makes_no_call() {
    let e = Call::operation(Operation::MeterUsage, br#"{"productCode":"p"}"#, SEED).unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.rule.as_str()),
        ("timestamp", "is required")
    );
}

// --- meterUsageRecords -----------------------------------------------------------------------

fn records(n: usize) -> String {
    let list: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"timestamp":"2026-11-30T11:00:00.000Z","dimension":"users","quantity":{i},"customerAWSAccountId":"{:012}"}}"#, 100 + i))
        .collect();
    format!(r#"{{"usageRecords":[{}]}}"#, list.join(","))
}

/// The service's answer for a call's body: every record a result, except those `unprocessed`
/// says to leave unprocessed (by quantity).
fn batch_answer(body: &[u8], unprocessed: &dyn Fn(i64) -> bool) -> HttpResponse {
    let body = std::str::from_utf8(body).unwrap();
    let list = &body[body.find('[').unwrap() + 1..];
    // The records: the top-level objects of the list.
    let (mut depth, mut start, mut in_string, mut escaped) = (0, 0, false, false);
    let mut records = Vec::new();
    for (i, c) in list.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '{' if !in_string => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            '}' if !in_string => {
                depth -= 1;
                if depth == 0 {
                    records.push(&list[start..=i]);
                }
            }
            ']' if !in_string && depth == 0 => break,
            _ => {}
        }
    }
    let mut results = Vec::new();
    let mut left = Vec::new();
    for record in records {
        let quantity: i64 = record
            .split(r#""Quantity":"#)
            .nth(1)
            .unwrap()
            .split([',', '}'])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        if unprocessed(quantity) {
            left.push(record.to_owned());
        } else {
            results.push(format!(
                r#"{{"UsageRecord":{record},"MeteringRecordId":"m-{quantity}","Status":"Success"}}"#
            ));
        }
    }
    ok(&format!(
        r#"{{"Results":[{}],"UnprocessedRecords":[{}]}}"#,
        results.join(","),
        left.join(",")
    ))
}

/// Drives a plan one call at a time; `respond` answers each call's attempts.
fn run_plan(
    plan: &mut RecordsPlan,
    client: &mut Client,
    respond: &mut dyn FnMut(&[u8]) -> Option<HttpResponse>,
) -> Vec<String> {
    let mut transcript = Vec::new();
    let mut now = NOON;
    let mut seed = 0u8;
    while let Some(mut planned) = plan.next_call([seed; 16]) {
        seed = seed.wrapping_add(1);
        loop {
            match planned.call.poll(client, now) {
                Action::Send { request, .. } => {
                    let n = std::str::from_utf8(&request.body)
                        .unwrap()
                        .matches("\"Timestamp\"")
                        .count();
                    transcript.push(format!("send {n} records"));
                    let body = request.body.clone();
                    match respond(&body) {
                        Some(r) => planned.call.handle_response(client, &r, now),
                        None => planned
                            .call
                            .handle_failure(client, TransportFailure::Network { status: None }),
                    }
                }
                Action::Sleep { ms } => {
                    transcript.push(format!("sleep {ms} ms"));
                    now += ms as i64;
                    planned.call.handle_timer();
                }
                Action::Done | Action::Failed => break,
                other => panic!("{other:?}"),
            }
        }
        plan.complete(planned, 0.5);
    }
    assert!(plan.is_finished());
    transcript
}

#[test]
fn records_split_into_calls_of_25_and_come_back_once_each() {
    let mut plan = RecordsPlan::new(records(60).as_bytes(), 3).unwrap();
    let mut client = client();
    let transcript = run_plan(&mut plan, &mut client, &mut |body| {
        Some(batch_answer(body, &|_| false))
    });
    assert_eq!(
        transcript,
        ["send 25 records", "send 25 records", "send 10 records"]
    );
    let outcome = plan.outcome_json();
    for i in 0..60 {
        assert_eq!(
            outcome.matches(&format!(r#"{{"$record":{i}}}"#)).count(),
            1,
            "record {i}"
        );
    }
    assert!(
        outcome.contains(
            r#"{"usageRecord":{"$record":7},"meteringRecordId":"m-7","status":"Success"}"#
        ),
        "{outcome}"
    );
    assert!(
        outcome.ends_with(r#""unprocessedRecords":[]}"#),
        "{outcome}"
    );
}

#[test]
fn unprocessed_records_are_sent_again_after_a_backoff_within_the_rounds() {
    let mut plan = RecordsPlan::new(records(5).as_bytes(), 3).unwrap();
    let mut client = client();
    let mut round = 0;
    // Records 1 and 3 come back unprocessed twice, then 3 goes through and 1 never does.
    let transcript = run_plan(&mut plan, &mut client, &mut |body| {
        round += 1;
        Some(batch_answer(body, &|q| q == 1 || (q == 3 && round < 3)))
    });
    assert_eq!(
        transcript,
        [
            "send 5 records",
            "sleep 250 ms",
            "send 2 records",
            "sleep 500 ms",
            "send 2 records"
        ]
    );
    let outcome = plan.outcome_json();
    assert!(
        outcome.ends_with(r#""unprocessedRecords":[{"$record":1}]}"#),
        "{outcome}"
    );
    assert!(outcome.contains(r#""meteringRecordId":"m-3""#));
}

#[test]
fn a_call_that_fails_as_a_whole_keeps_its_records_in_a_batch_error() {
    let mut plan = RecordsPlan::new(records(30).as_bytes(), 1).unwrap();
    let mut client = client_with(
        CredentialSource::Static(seller()),
        Settings {
            max_attempts: 1,
            ..Settings::default()
        },
    );
    let mut calls = 0;
    run_plan(&mut plan, &mut client, &mut |body| {
        calls += 1;
        if calls == 1 {
            None
        } else {
            Some(batch_answer(body, &|_| false))
        }
    });
    let outcome = plan.outcome_json();
    assert!(outcome.starts_with(r#"{"kind":"batch","message":"25 of 30 usage records were not metered: 1 call(s) failed (first: the request could not be sent (see `cause`)); see `failures` and the unprocessed records""#), "{outcome}");
    assert!(
        outcome.contains(r#""failures":[{"error":{"$error":0},"usageRecords":[{"$record":0},"#),
        "{outcome}"
    );
    for i in 0..30 {
        let places = outcome.matches(&format!(r#"{{"$record":{i}}}"#)).count();
        assert_eq!(
            places,
            if i < 25 { 2 } else { 1 },
            "record {i}: unprocessed (and listed in its failure) or a result"
        );
    }
}

#[test]
fn an_oversized_record_is_named_and_big_records_split_by_size() {
    let allocations =
        vec![r#"{"allocatedUsageQuantity":1,"tags":[{"key":"k","value":"v"}]}"#; 2500].join(",");
    let big = format!(
        r#"{{"timestamp":"2026-11-30T11:00:00.000Z","dimension":"d","quantity":1,"customerAWSAccountId":"123","usageAllocations":[{allocations}]}}"#
    );
    let text = format!(
        r#"{{"usageRecords":[{}]}}"#,
        vec![big.as_str(); 40].join(",")
    );
    let mut plan = RecordsPlan::new(text.as_bytes(), 1).unwrap();
    let mut client = client();
    let mut sizes = Vec::new();
    run_plan(&mut plan, &mut client, &mut |body| {
        sizes.push(body.len());
        Some(batch_answer(body, &|_| false))
    });
    assert!(
        sizes.len() > 1 && sizes.iter().all(|&s| s < 1024 * 1024),
        "{sizes:?}"
    );
    let tag = format!(
        r#"{{"key":"{}","value":"{}"}}"#,
        "k".repeat(100),
        "v".repeat(256)
    );
    let tags = [tag.as_str(); 5].join(",");
    let huge_allocations =
        vec![format!(r#"{{"allocatedUsageQuantity":1,"tags":[{tags}]}}"#); 2500].join(",");
    let huge = format!(
        r#"{{"timestamp":"2026-11-30T11:00:00.000Z","dimension":"d","usageAllocations":[{huge_allocations}]}}"#
    );
    let e = RecordsPlan::new(
        format!(r#"{{"usageRecords":[{big},{huge}]}}"#).as_bytes(),
        1,
    )
    .unwrap_err();
    assert_eq!(
        (e.field.as_str(), e.rule.as_str()),
        (
            "usageRecords[1]",
            "is 1 MB or more on its own; the service takes less than 1 MB per request"
        )
    );
}
