//! `meterUsageRecords`: any number of usage records through BatchMeterUsage calls sent a few
//! at a time, with unprocessed records sent again, and every record accounted for once.
//! The split and the matching are pure ([`crate::batch`]); this file only schedules calls.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use js_sys::{Array, Math, Object, Promise};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::bindings;
use super::client::{
    absent, call_signal, closed_error, get, input_json, invalid_option, send, validation_error,
    Inner,
};
use super::error::{set, ErrorInfo, Kind};
use crate::batch::{self, Chunk};
use crate::model::js::usage_records_from_js_text;
use crate::model::{BatchMeterUsageInput, Input, Output, UsageRecordResult};
use crate::retry::{backoff_ms, Retryability};

const DEFAULT_CONCURRENCY: u32 = 4;
/// The service allows about 10 requests a second; more parallel calls only get throttled.
const MAX_CONCURRENCY: u32 = 10;

struct Progress {
    queue: VecDeque<Chunk>,
    results: Vec<Option<UsageRecordResult>>,
    /// Calls that failed as a whole: the error and the records they carried.
    failures: Vec<(JsValue, Vec<usize>)>,
}

pub(crate) async fn run(
    inner: Rc<Inner>,
    input: JsValue,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    if inner.is_closed() {
        return Err(closed_error());
    }
    let signal = call_signal(&options)?;
    let concurrency = read_concurrency(&options)?;
    let text = input_json(&input, "must be an object { productCode?, usageRecords }")?;
    let parsed = usage_records_from_js_text(text.as_bytes()).map_err(validation_error)?;
    let chunks = batch::plan(&parsed).map_err(validation_error)?;
    // The caller's own record objects are handed back in the results, so they can be
    // matched by identity.
    let originals = read_originals(&input, parsed.usage_records.len())?;

    let workers = concurrency.min(chunks.len() as u32);
    let progress = Rc::new(RefCell::new(Progress {
        queue: chunks.into(),
        results: vec![None; parsed.usage_records.len()],
        failures: Vec::new(),
    }));
    let parsed = Rc::new(parsed);
    let running = Array::new();
    for _ in 0..workers {
        let (inner, parsed, progress, signal) = (
            inner.clone(),
            parsed.clone(),
            progress.clone(),
            signal.clone(),
        );
        running.push(&future_to_promise(async move {
            worker(&inner, &parsed, &progress, &signal).await;
            Ok(JsValue::UNDEFINED)
        }));
    }
    // Workers never reject: each failure is recorded with the records it carried.
    let _ = JsFuture::from(Promise::all(&running)).await;

    let progress = progress.borrow();
    let results = Array::new();
    let unprocessed = Array::new();
    for (i, result) in progress.results.iter().enumerate() {
        let original = originals.get(i).cloned().unwrap_or_default();
        match result {
            Some(r) => results.push(&result_object(original, r)),
            None => unprocessed.push(&original),
        };
    }
    if progress.failures.is_empty() {
        let out = Object::new();
        set(&out, "results", &results);
        set(&out, "unprocessedRecords", &unprocessed);
        return Ok(out.into());
    }
    let failures = Array::new();
    for (error, records) in &progress.failures {
        let f = Object::new();
        set(&f, "error", error);
        set(
            &f,
            "usageRecords",
            &records
                .iter()
                .map(|&i| originals.get(i).cloned().unwrap_or_default())
                .collect::<Array>(),
        );
        failures.push(&f);
    }
    let first = progress
        .failures
        .first()
        .map(|(e, _)| get(e, "message").as_string().unwrap_or_default());
    let mut info = ErrorInfo::new(
        Kind::Batch,
        format!(
            "{} of {} usage records were not metered: {} call(s) failed (first: {}); see `failures` and `unprocessedRecords`",
            unprocessed.length(),
            originals.len(),
            progress.failures.len(),
            first.unwrap_or_default()
        ),
    );
    info.cause = progress.failures.first().map(|(e, _)| e.clone());
    info.retryable = true;
    info.extra = vec![
        ("results", results.into()),
        ("unprocessedRecords", unprocessed.into()),
        ("failures", failures.into()),
    ];
    Err(info.into_js())
}

/// The caller's `usageRecords` objects, read once through `Reflect` (which cannot throw
/// through wasm): a Proxy or a getter may answer differently from the serialised copy, and a
/// list that cannot be read again, or no longer has the records that were validated, is
/// refused before anything is sent.
fn read_originals(input: &JsValue, count: usize) -> Result<Vec<JsValue>, JsValue> {
    let changed = || {
        invalid_option(
            "usageRecords",
            "must be a plain array that reads the same every time (it changed or threw while being read)",
        )
    };
    let list =
        js_sys::Reflect::get(input, &JsValue::from_str("usageRecords")).map_err(|_| changed())?;
    let length =
        js_sys::Reflect::get(&list, &JsValue::from_str("length")).map_err(|_| changed())?;
    if length.as_f64() != Some(count as f64) {
        return Err(changed());
    }
    (0..count as u32)
        .map(|i| js_sys::Reflect::get_u32(&list, i).map_err(|_| changed()))
        .collect()
}

fn read_concurrency(options: &JsValue) -> Result<u32, JsValue> {
    if absent(options) {
        return Ok(DEFAULT_CONCURRENCY);
    }
    let v = get(options, "concurrency");
    if absent(&v) {
        return Ok(DEFAULT_CONCURRENCY);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (1.0..=f64::from(MAX_CONCURRENCY)).contains(&n) => {
            Ok(n as u32)
        }
        _ => Err(invalid_option(
            "concurrency",
            "must be an integer from 1 to 10",
        )),
    }
}

fn result_object(original: JsValue, result: &UsageRecordResult) -> JsValue {
    let o = Object::new();
    set(&o, "usageRecord", &original);
    if let Some(id) = &result.metering_record_id {
        set(&o, "meteringRecordId", &id.into());
    }
    if let Some(status) = &result.status {
        set(&o, "status", &status.as_str().into());
    }
    o.into()
}

/// Takes chunks off the queue until it is empty. A chunk's unprocessed records are sent
/// again (after a throttling-style backoff) while rounds remain within `maxAttempts`.
async fn worker(
    inner: &Rc<Inner>,
    parsed: &BatchMeterUsageInput,
    progress: &RefCell<Progress>,
    signal: &JsValue,
) {
    let signals = Array::of2(&inner.closer.signal(), signal);
    loop {
        let next = progress.borrow_mut().queue.pop_front();
        let Some(mut pending) = next else { return };
        let mut round = 0;
        while !pending.is_empty() {
            round += 1;
            let call = Input::BatchMeterUsage(batch::chunk_input(parsed, &pending));
            let output = match send(inner, &call, signal).await {
                Ok(Output::BatchMeterUsage(output)) => output,
                Ok(_) => {
                    let e = ErrorInfo::new(
                        Kind::Client,
                        "BatchMeterUsage returned another operation's output",
                    );
                    progress.borrow_mut().failures.push((e.into_js(), pending));
                    break;
                }
                Err(error) => {
                    progress.borrow_mut().failures.push((error, pending));
                    break;
                }
            };
            let placed = batch::reconcile(&parsed.usage_records, &pending, &output);
            {
                let mut p = progress.borrow_mut();
                for (i, result) in placed.results {
                    if let Some(slot) = p.results.get_mut(i) {
                        *slot = Some(result);
                    }
                }
            }
            pending = placed.unprocessed;
            if pending.is_empty() || round >= inner.max_attempts {
                // What is still pending stays out of `results`: it is returned unprocessed.
                break;
            }
            let delay = backoff_ms(Retryability::Throttling, round, Math::random());
            if let Err(reason) = JsFuture::from(bindings::sleep(delay as f64, &signals)).await {
                progress.borrow_mut().failures.push((reason, pending));
                break;
            }
        }
    }
}
