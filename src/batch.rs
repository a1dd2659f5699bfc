//! `meterUsageRecords` as a plan of BatchMeterUsage calls: any number of usage records split
//! into calls of at most 25 records and under 1 MB each (the service's limits, in the model and
//! the API reference), each call's answer matched back to the records it carried, unprocessed
//! records sent again after a throttling-style backoff within `maxAttempts` rounds, and every
//! record ending in exactly one place — a result, the unprocessed list, or a failed call's list.
//!
//! The plan hands out [`Call`]s and takes them back finished; it never waits. The edge runs up
//! to `concurrency` of them at once.

use alloc::string::String;
use alloc::vec::Vec;

use crate::answer::{RecordKey, MAX_REQUEST_BYTES};
use crate::call::{Call, Output, Request};
use crate::error::CallError;
use crate::json::{self, Value};
use crate::model::schema::Member;
use crate::model::tables::{
    batch_meter_usage_request as request, batch_meter_usage_result as result, usage_record_result,
    BATCH_METER_USAGE_REQUEST, BATCH_METER_USAGE_RESULT, USAGE_RECORD, USAGE_RECORD_RESULT,
};
use crate::model::walk::{self, Naming, TopList};
use crate::model::{Operation, Path, ValidationError};
use crate::retry::{backoff_ms, Retryability};

/// The records of one call, by index into the caller's list, and which round of sending it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Chunk {
    records: Vec<usize>,
    round: u32,
    delay_ms: u64,
}

/// A record's fate: the status and metering record id the service gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Placed {
    status: Option<String>,
    id: Option<String>,
}

/// Any number of usage records as BatchMeterUsage calls.
#[derive(Debug)]
pub struct RecordsPlan {
    /// Each record's wire JSON and key, in the caller's order.
    wire: Vec<String>,
    keys: Vec<RecordKey>,
    /// The request's other members (the product code, if any), written after the records.
    tail: String,
    /// Calls to hand out, in order, from `next` on: a `Vec` and a cursor are a few hundred
    /// bytes of wasm less than a `VecDeque`, and a plan's queue is short-lived.
    queue: Vec<Chunk>,
    next: usize,
    placed: Vec<Option<Placed>>,
    failures: Vec<(CallError, Vec<usize>)>,
    in_flight: usize,
    max_rounds: u32,
}

/// A call the plan handed out, with what it carries.
#[derive(Debug)]
pub struct PlannedCall {
    pub call: Call,
    chunk: Chunk,
}

/// A call the edge drives: on its own, or handed out by a plan (and given back to it).
#[derive(Debug)]
pub enum Machine {
    Single(Call),
    Planned(PlannedCall),
}

impl Machine {
    pub fn call(&self) -> &Call {
        match self {
            Machine::Single(call) | Machine::Planned(PlannedCall { call, .. }) => call,
        }
    }

    pub fn call_mut(&mut self) -> &mut Call {
        match self {
            Machine::Single(call) | Machine::Planned(PlannedCall { call, .. }) => call,
        }
    }
}

impl RecordsPlan {
    /// Validates a BatchMeterUsage input with any number of records, and splits it. A
    /// record too large to go even alone is a validation error naming it.
    pub fn new(text: &[u8], max_rounds: u32) -> Result<Self, ValidationError> {
        let value = walk::read_input(&BATCH_METER_USAGE_REQUEST, text, TopList::Unbounded)?;
        let records_member = BATCH_METER_USAGE_REQUEST
            .members
            .get(request::USAGE_RECORDS);
        let records: &[Value<'_>] =
            match records_member.and_then(|m| walk::member(&value, m, Naming::Js)) {
                Some(Value::Array(items)) => items,
                _ => &[],
            };
        let mut tail = String::new();
        walk::write_members(
            &mut tail,
            &BATCH_METER_USAGE_REQUEST,
            &value,
            None,
            Some(request::USAGE_RECORDS),
            &mut false,
        );
        let envelope = envelope_len(&tail);
        let mut wire = Vec::with_capacity(records.len());
        let mut keys = Vec::with_capacity(records.len());
        for (i, record) in records.iter().enumerate() {
            let mut w = String::new();
            walk::write_wire(&mut w, &USAGE_RECORD, record, None);
            if envelope + w.len() >= MAX_REQUEST_BYTES {
                let path = Path::Root;
                let list = path.member(records_member.map_or("", |m| m.js_name));
                return Err(ValidationError::at(
                    &list.index(i),
                    "is 1 MB or more on its own; the service takes less than 1 MB per request",
                ));
            }
            keys.push(RecordKey::of(record, Naming::Js).unwrap_or_default());
            wire.push(w);
        }
        let max_records = match records_member.map(|m| m.shape) {
            Some(crate::model::schema::Shape::List(list)) => list.max as usize,
            _ => 25,
        };
        let mut queue = Vec::new();
        let mut current = Vec::new();
        let mut size = envelope;
        for (i, w) in wire.iter().enumerate() {
            let cost = w.len() + 1;
            if current.len() == max_records || size + cost >= MAX_REQUEST_BYTES {
                queue.push(Chunk {
                    records: core::mem::take(&mut current),
                    round: 1,
                    delay_ms: 0,
                });
                size = envelope;
            }
            current.push(i);
            size += cost;
        }
        if !current.is_empty() {
            queue.push(Chunk {
                records: current,
                round: 1,
                delay_ms: 0,
            });
        }
        Ok(RecordsPlan {
            placed: alloc::vec![None; wire.len()],
            wire,
            keys,
            tail,
            queue,
            next: 0,
            failures: Vec::new(),
            in_flight: 0,
            max_rounds: max_rounds.max(1),
        })
    }

    pub fn len(&self) -> usize {
        self.wire.len()
    }

    pub fn is_empty(&self) -> bool {
        self.wire.is_empty()
    }

    /// The number of calls waiting to be handed out.
    pub fn queued(&self) -> usize {
        self.queue.len().saturating_sub(self.next)
    }

    /// The next call to run, if any is waiting. `seed` is the call's randomness.
    pub fn next_call(&mut self, seed: [u8; 16]) -> Option<PlannedCall> {
        let chunk = core::mem::take(self.queue.get_mut(self.next)?);
        self.next += 1;
        self.in_flight += 1;
        let body = self.body(&chunk.records);
        let mut call = Call::new(
            Request::Metering {
                op: Operation::BatchMeterUsage,
                body,
                batch: true,
            },
            seed,
        );
        if chunk.delay_ms > 0 {
            call.delay_first(chunk.delay_ms);
        }
        Some(PlannedCall { call, chunk })
    }

    fn body(&self, records: &[usize]) -> String {
        let size = envelope_len(&self.tail)
            + records
                .iter()
                .map(|&i| self.wire.get(i).map_or(0, |w| w.len() + 1))
                .sum::<usize>();
        let mut body = String::with_capacity(size);
        body.push_str("{\"");
        body.push_str(records_wire_name());
        body.push_str("\":[");
        for (n, &i) in records.iter().enumerate() {
            if n > 0 {
                body.push(',');
            }
            body.push_str(self.wire.get(i).map_or("", String::as_str));
        }
        body.push(']');
        body.push_str(&self.tail);
        body.push('}');
        body
    }

    /// Takes back a finished call. Its records are placed from the answer; the ones left
    /// unprocessed go back in the queue for another round (after a throttling backoff drawn
    /// with `random` in [0, 1)) while rounds remain; a call that failed as a whole is kept with
    /// its error and records.
    pub fn complete(&mut self, planned: PlannedCall, random: f64) {
        self.in_flight = self.in_flight.saturating_sub(1);
        let PlannedCall { mut call, chunk } = planned;
        let answer = match call.take_outcome() {
            Some(Ok(Output::Batch(answer))) => answer,
            Some(Err(error)) => {
                self.failures.push((error, chunk.records));
                return;
            }
            _ => {
                let error = CallError::new(
                    crate::error::ErrorKind::Client,
                    "BatchMeterUsage ended without an answer",
                );
                self.failures.push((error, chunk.records));
                return;
            }
        };
        let mut taken = alloc::vec![false; chunk.records.len()];
        let mut find = |key: &RecordKey| -> Option<usize> {
            let slot = chunk.records.iter().enumerate().position(|(k, &i)| {
                !taken.get(k).copied().unwrap_or(true) && self.keys.get(i) == Some(key)
            })?;
            if let Some(t) = taken.get_mut(slot) {
                *t = true;
            }
            chunk.records.get(slot).copied()
        };
        let mut placements = Vec::new();
        for (key, status, id) in answer.results {
            if let Some(i) = find(&key) {
                placements.push((i, Placed { status, id }));
            }
        }
        // Listed as unprocessed, or (which the service should never do) not mentioned at
        // all: send again. That is safe: the service de-duplicates per customer, dimension
        // and hour.
        for key in &answer.unprocessed {
            find(key);
        }
        for (i, placed) in placements {
            if let Some(slot) = self.placed.get_mut(i) {
                *slot = Some(placed);
            }
        }
        let mut again: Vec<usize> = Vec::new();
        for &i in &chunk.records {
            if self.placed.get(i).is_some_and(Option::is_none) {
                again.push(i);
            }
        }
        if !again.is_empty() && chunk.round < self.max_rounds {
            let delay_ms = backoff_ms(Retryability::Throttling, chunk.round, random);
            self.queue.push(Chunk {
                records: again,
                round: chunk.round + 1,
                delay_ms,
            });
        }
        // What is still pending after the last round gets no result: it is returned
        // unprocessed.
    }

    /// Whether every call has been handed out and taken back.
    pub fn is_finished(&self) -> bool {
        self.queued() == 0 && self.in_flight == 0
    }

    /// Where every record ended, as the JS output's JSON text: BatchMeterUsage's output shape
    /// (its results and unprocessed records, by the generated member names), with each of the
    /// caller's own records as `{"$record": index}` for the edge to put the objects in. The
    /// unprocessed list is every record without a result, including those of failed calls.
    /// When calls failed, the text is instead a `BatchError` description whose `extra` carries
    /// the same lists plus `failures: [{ error: {"$error": k}, <records> }]`, `k` counting
    /// failures in the order the calls were taken back.
    pub fn outcome_json(&self) -> String {
        let name = |s: &'static crate::model::schema::Structure, i: usize| {
            s.members.get(i).map_or("", |m| m.js_name)
        };
        let mut lists = String::from("{\"");
        lists.push_str(name(&BATCH_METER_USAGE_RESULT, result::RESULTS));
        lists.push_str("\":[");
        let mut unprocessed = 0usize;
        let mut first = true;
        for (i, placed) in self.placed.iter().enumerate() {
            let Some(p) = placed else {
                unprocessed += 1;
                continue;
            };
            if !core::mem::take(&mut first) {
                lists.push(',');
            }
            let mut member_first = true;
            lists.push('{');
            json::write_key(
                &mut lists,
                &mut member_first,
                name(&USAGE_RECORD_RESULT, usage_record_result::USAGE_RECORD),
            );
            write_record(&mut lists, i);
            for (member, text) in [
                (usage_record_result::METERING_RECORD_ID, &p.id),
                (usage_record_result::STATUS, &p.status),
            ] {
                if let Some(text) = text {
                    json::write_key(
                        &mut lists,
                        &mut member_first,
                        name(&USAGE_RECORD_RESULT, member),
                    );
                    json::write_string(&mut lists, text);
                }
            }
            lists.push('}');
        }
        lists.push_str("],\"");
        lists.push_str(name(&BATCH_METER_USAGE_RESULT, result::UNPROCESSED_RECORDS));
        lists.push_str("\":[");
        let mut first = true;
        for (i, _) in self.placed.iter().enumerate().filter(|(_, p)| p.is_none()) {
            if !core::mem::take(&mut first) {
                lists.push(',');
            }
            write_record(&mut lists, i);
        }
        lists.push(']');
        let Some((first_error, _)) = self.failures.first() else {
            lists.push('}');
            return lists;
        };
        lists.push_str(",\"failures\":[");
        for (k, (_, records)) in self.failures.iter().enumerate() {
            if k > 0 {
                lists.push(',');
            }
            lists.push_str("{\"error\":{\"$error\":");
            json::write_u64(&mut lists, k as u64);
            lists.push_str("},\"");
            lists.push_str(name(&BATCH_METER_USAGE_REQUEST, request::USAGE_RECORDS));
            lists.push_str("\":[");
            for (n, &i) in records.iter().enumerate() {
                if n > 0 {
                    lists.push(',');
                }
                write_record(&mut lists, i);
            }
            lists.push_str("]}");
        }
        lists.push_str("]}");
        let mut message = String::new();
        json::write_u64(&mut message, unprocessed as u64);
        message.push_str(" of ");
        json::write_u64(&mut message, self.placed.len() as u64);
        message.push_str(" usage records were not metered: ");
        json::write_u64(&mut message, self.failures.len() as u64);
        message.push_str(" call(s) failed (first: ");
        message.push_str(&first_error.message);
        message.push_str("); see `failures` and the unprocessed records");
        // Retryable as a whole: what was not metered can be sent again (AWS de-duplicates).
        let mut error = CallError::new(crate::error::ErrorKind::Batch, message);
        error.retryable = Some(false);
        let mut out = error.to_json();
        out.pop();
        out.push_str(",\"extra\":");
        out.push_str(&lists);
        out.push('}');
        out
    }
}

fn write_record(out: &mut String, index: usize) {
    out.push_str("{\"$record\":");
    json::write_u64(out, index as u64);
    out.push('}');
}

fn records_member() -> Option<&'static Member> {
    BATCH_METER_USAGE_REQUEST
        .members
        .get(request::USAGE_RECORDS)
}

fn records_wire_name() -> &'static str {
    records_member().map_or("", |m| m.wire_name)
}

/// The records member's JS name (`usageRecords`).
pub fn records_js_name() -> &'static str {
    records_member().map_or("", |m| m.js_name)
}

/// `{"<records>":[]` + tail + `}`: a call's size before its records.
fn envelope_len(tail: &str) -> usize {
    "{\"\":[]}".len() + records_wire_name().len() + tail.len()
}
