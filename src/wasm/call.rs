//! The call machine and the records plan as JS objects, for the driver loop in
//! js/runtime.js: it polls, does what the answer says, and hands back what happened. Values
//! cross as numbers and strings; outputs as JSON text the driver parses.

use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;

use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

use super::bindings;
use super::options;
use crate::batch::{Machine, RecordsPlan};
use crate::call::{self, Action, TransportFailure};
use crate::client::Client;
use crate::http::HttpResponse;

// `poll`'s answers; js/runtime.js has the same numbers.
const NEED_CREDENTIALS: u32 = 0;
const SEND: u32 = 1;
const SLEEP: u32 = 2;
const WAIT: u32 = 3;
const DONE: u32 = 4;
const FAILED: u32 = 5;

// `event`'s kinds; js/runtime.js has the same numbers.
const EVENT_TIMEOUT: u32 = 0;
const EVENT_NETWORK: u32 = 1;
const EVENT_CREDENTIALS_FAILED: u32 = 3;
const EVENT_TIMER: u32 = 4;

pub(crate) fn seed() -> [u8; 16] {
    let mut seed = [0u8; 16];
    bindings::random_fill(&mut seed);
    seed
}

/// One call in flight, with the client it belongs to.
#[wasm_bindgen(skip_typescript)]
pub struct Call {
    machine: Machine,
    client: Rc<RefCell<Client>>,
    delay_ms: u64,
}

impl Call {
    pub(crate) fn new(machine: Machine, client: Rc<RefCell<Client>>) -> Self {
        Call {
            machine,
            client,
            delay_ms: 0,
        }
    }

    /// Runs `step` on the core call with its client borrowed; `None` when the client is
    /// already borrowed, which JS's one thread and a driver that awaits between steps rule out.
    fn with_client<R>(
        &mut self,
        step: impl FnOnce(&mut call::Call, &mut Client) -> R,
    ) -> Option<R> {
        let mut client = self.client.try_borrow_mut().ok()?;
        Some(step(self.machine.call_mut(), &mut client))
    }
}

#[wasm_bindgen]
impl Call {
    /// What to do next, at `now` (unix ms).
    pub fn poll(&mut self, now: f64) -> u32 {
        let answer = self.with_client(|call, client| match call.poll(client, now as i64) {
            Action::NeedCredentials => (NEED_CREDENTIALS, 0),
            Action::Send { .. } => (SEND, 0),
            Action::Sleep { ms } => (SLEEP, ms),
            Action::Wait => (WAIT, 0),
            Action::Done => (DONE, 0),
            Action::Failed => (FAILED, 0),
        });
        let Some((answer, delay_ms)) = answer else {
            self.machine.call_mut().abort();
            return FAILED;
        };
        // Read by `delay` after SLEEP only.
        self.delay_ms = delay_ms;
        answer
    }

    /// The request to send as text (see `call::Call::request_text`).
    pub fn request(&self) -> String {
        match self.client.try_borrow() {
            Ok(client) => self.machine.call().request_text(&client),
            Err(_) => String::new(),
        }
    }

    /// The exact bytes that were signed.
    pub fn body(&self) -> Uint8Array {
        let body = self
            .machine
            .call()
            .request()
            .map_or(&[][..], |r| r.body.as_slice());
        Uint8Array::from(body)
    }

    pub fn delay(&self) -> f64 {
        self.delay_ms as f64
    }

    /// A credentials provider's result.
    pub fn credentials(&mut self, value: JsValue) {
        let members = options::credentials(&value);
        self.with_client(|call, client| call.handle_provided(client, members));
    }

    /// A response: its status, its headers as `name\nvalue\n…`, its body.
    pub fn response(&mut self, status: u16, headers: &str, body: &[u8], now: f64) {
        let response = HttpResponse::from_lines(status, headers, body);
        self.with_client(|call, client| call.handle_response(client, &response, now as i64));
    }

    /// Something happened that carries no value (js/runtime.js has the same numbers): 0 the
    /// attempt timed out, 1 the network failed (`status` when the head arrived, else 0), 2
    /// the call was aborted, 3 the credentials provider threw or rejected (the driver keeps
    /// what it threw as the `cause`), 4 the wait `poll` asked for is over.
    pub fn event(&mut self, kind: u32, status: u16) {
        let failure = match kind {
            EVENT_TIMEOUT => TransportFailure::Timeout,
            EVENT_NETWORK => TransportFailure::Network {
                status: (status != 0).then_some(status),
            },
            EVENT_TIMER => return self.machine.call_mut().handle_timer(),
            EVENT_CREDENTIALS_FAILED => {
                self.with_client(|call, client| {
                    call.handle_credentials(client, Err("credentialsProvider failed (see `cause`)"))
                });
                return;
            }
            _ => return self.machine.call_mut().abort(),
        };
        self.with_client(|call, client| call.handle_failure(client, failure));
    }

    /// Once `poll` said done or failed, the outcome as JSON text (see
    /// `call::Call::outcome_json`). It stays with the call: a records plan takes it back when
    /// the call is completed.
    pub fn outcome(&self) -> String {
        self.machine.call().outcome_json()
    }

    /// The log events since the last poll, as `level\tjson\n…`.
    pub fn log(&mut self) -> String {
        self.machine.call_mut().take_log_text()
    }
}

/// A `meterUsageRecords` plan: hands out calls and takes them back.
#[wasm_bindgen(skip_typescript)]
pub struct Plan {
    pub(crate) plan: RecordsPlan,
    pub(crate) client: Rc<RefCell<Client>>,
}

#[wasm_bindgen]
impl Plan {
    /// The next call to drive, if any is waiting.
    pub fn next(&mut self) -> Option<Call> {
        let planned = self.plan.next_call(seed())?;
        Some(Call::new(Machine::Planned(planned), self.client.clone()))
    }

    /// Takes back a call the driver finished (or gave up on).
    pub fn complete(&mut self, call: Call) {
        if let Machine::Planned(planned) = call.machine {
            let s = seed();
            let random = f64::from(u32::from_le_bytes([s[0], s[1], s[2], s[3]])) / 4_294_967_296.0;
            self.plan.complete(planned, random);
        }
    }

    /// Where every record ended (JSON text; see `RecordsPlan::outcome_json`).
    pub fn outcome(&self) -> String {
        self.plan.outcome_json()
    }
}
