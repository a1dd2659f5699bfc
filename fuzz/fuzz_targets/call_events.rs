//! Any bytes as a script of events for one call: byte 0 picks the settings, the credential
//! source and the call (the four operations or STS AssumeRole); each following byte is an
//! event (a poll, a response, a transport failure, a timer, credentials or their failure, a
//! clock jump, an abort), some taking the next byte as a parameter. Then a cooperative driver
//! answers whatever the call asks. The call never panics, ends within 100 steps, sends at most
//! maxAttempts times, never sleeps past the backoff cap, and stays ended.
#![no_main]

use libfuzzer_sys::fuzz_target;
use marketplace_metering_wasm::call::{Action, Call, Request, TransportFailure};
use marketplace_metering_wasm::client::{Client, CredentialSource, Settings};
use marketplace_metering_wasm::http::HttpResponse;
use marketplace_metering_wasm::model::Operation;
use marketplace_metering_wasm::retry::MAX_BACKOFF_MS;

mod common;

const STS_OK: &str = "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA1</AccessKeyId><SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken><Expiration>2026-11-30T13:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";

/// The answers a script can give, by index.
fn response(pick: u8, sts: bool) -> HttpResponse {
    let (status, headers, body): (u16, &[(&str, &str)], &str) = match pick % 8 {
        0 if sts => (200, &[], STS_OK),
        0 => (
            200,
            &[("x-amzn-requestid", "r")],
            r#"{"MeteringRecordId":"m"}"#,
        ),
        1 => (400, &[("x-amzn-errortype", "ThrottlingException")], "{}"),
        2 => (
            400,
            &[("date", "Mon, 30 Nov 2026 12:20:00 GMT")],
            r#"{"__type":"InvalidSignatureException","message":"Signature expired: 20261130T120000Z is now earlier than 20261130T121500Z"}"#,
        ),
        3 => (503, &[("retry-after", "2")], ""),
        4 => (500, &[("date", "Fri, 31 Dec 9999 23:59:59 GMT")], ""),
        5 => (200, &[], "<html>"),
        6 => (429, &[("x-amz-retry-after", "99999999999")], ""),
        _ => (403, &[], ""),
    };
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

fn failure(pick: u8) -> TransportFailure {
    match pick % 4 {
        0 => TransportFailure::Timeout,
        1 => TransportFailure::Network { status: None },
        2 => TransportFailure::Network {
            status: Some(u16::from(pick)),
        },
        _ => TransportFailure::Aborted,
    }
}

struct Run {
    call: Call,
    client: Client,
    now: i64,
    sends: u32,
    max_attempts: u32,
    sts: bool,
}

impl Run {
    /// Polls once; answers a send with `answer`. `true` once ended.
    fn poll(&mut self, answer: u8) -> bool {
        match self.call.poll(&mut self.client, self.now) {
            Action::Send { .. } => {
                self.sends += 1;
                assert!(self.sends <= self.max_attempts);
                let response = response(answer, self.sts);
                self.call
                    .handle_response(&mut self.client, &response, self.now);
                false
            }
            Action::Sleep { ms } => {
                assert!(ms <= MAX_BACKOFF_MS, "sleep {ms} ms");
                self.now = self.now.saturating_add(ms as i64);
                self.call.handle_timer();
                false
            }
            Action::NeedCredentials => {
                let expiry = Some(self.now.saturating_add(3_600_000));
                self.call
                    .handle_credentials(&mut self.client, Ok((common::credentials(), expiry)));
                false
            }
            Action::Wait => {
                self.call.handle_timer();
                let expiry = Some(self.now.saturating_add(3_600_000));
                self.call
                    .handle_credentials(&mut self.client, Ok((common::credentials(), expiry)));
                let response = response(answer, self.sts);
                self.call
                    .handle_response(&mut self.client, &response, self.now);
                false
            }
            Action::Done | Action::Failed => true,
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&setup, script)) = data.split_first() else {
        return;
    };
    let max_attempts = 1 + u32::from(setup & 3);
    let source = match (setup >> 2) & 3 {
        0 => CredentialSource::Missing,
        1 => CredentialSource::Provider,
        _ => CredentialSource::Static(common::credentials()),
    };
    let settings = Settings {
        max_attempts,
        request_timeout_ms: if setup & 0x10 == 0 { 0 } else { 100 },
        logging: true,
        ..Settings::default()
    };
    let sts = (setup >> 5) % 5 == 4;
    let (client, call) = if sts {
        let client = Client::sts("us-east-1", None, source, settings).expect("a valid region");
        (
            client,
            Call::new(Request::AssumeRole(common::role()), [setup; 16]),
        )
    } else {
        let op = Operation::ALL[usize::from((setup >> 5) % 4)];
        let client =
            Client::metering("us-east-1", false, false, None, source, settings).expect("us-east-1");
        (
            client,
            Call::operation(op, common::input(op), [setup; 16]).expect("valid"),
        )
    };
    let mut run = Run {
        call,
        client,
        now: common::NOON,
        sends: 0,
        max_attempts,
        sts,
    };
    let mut bytes = script.iter().copied().take(512);
    while let Some(event) = bytes.next() {
        let param = bytes.next().unwrap_or(0);
        match event % 8 {
            0 => {
                run.poll(param);
            }
            1 => {
                let response = response(param, run.sts);
                run.call
                    .handle_response(&mut run.client, &response, run.now);
            }
            2 => run.call.handle_failure(&mut run.client, failure(param)),
            3 => run.call.handle_timer(),
            4 => {
                let expiry = match param % 4 {
                    0 => None,
                    1 => Some(run.now - 1),
                    2 => Some(run.now + 60_000),
                    _ => Some(i64::MAX),
                };
                run.call
                    .handle_credentials(&mut run.client, Ok((common::credentials(), expiry)));
            }
            5 => run
                .call
                .handle_credentials(&mut run.client, Err("credentialsProvider failed")),
            6 => run.now = run.now.saturating_add((i64::from(param) - 64) * 60_000),
            _ => {
                if param == 0 {
                    run.call.abort();
                } else {
                    let _ = run.call.take_log();
                }
            }
        }
        assert!(run.call.attempts() <= max_attempts);
    }
    let mut steps = 0u8;
    while !run.poll(steps) {
        steps += 1;
        assert!(steps < 100, "no end after 100 steps");
    }
    assert!(run.call.take_outcome().is_some());
    run.call.handle_timer();
    run.call
        .handle_failure(&mut run.client, TransportFailure::Timeout);
    run.call
        .handle_response(&mut run.client, &response(0, sts), run.now);
    assert_eq!(run.call.poll(&mut run.client, run.now), Action::Failed);
    assert!(run.call.take_outcome().is_none());
    assert_eq!(run.call.attempts(), run.sends);
});
