// The few runtime services the wasm client needs from JavaScript: moving inputs and outputs
// across the boundary as JSON text, one fetch with its time limit and cancellation, a timer,
// and random bytes. Imported by the wasm glue only (a wasm-bindgen snippet); not public.
// Uses only what Workers, Deno, Node 18+ and browsers all have: no Node built-ins, no window.

// Dates cross as {"$date": ms}; a Date that is invalid as {"$date": null}. The model has
// Dates in two places only — the input's own members (MeterUsage) and each usage record's
// (BatchMeterUsage) — so those two levels are copied with their Dates converted, and the rest
// goes through JSON.stringify's fast path (a replacer function would run for every key).
function dateWire(d) {
  return { $date: Number.isNaN(d.getTime()) ? null : d.getTime() };
}

function withDates(o) {
  const out = { ...o };
  for (const k in out) if (out[k] instanceof Date) out[k] = dateWire(out[k]);
  return out;
}

const isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function reviver(_key, value) {
  return value !== null && typeof value === "object" && typeof value.$date === "number" ? new Date(value.$date) : value;
}

/** The input as JSON text; throws for what JSON cannot carry (BigInt, cycles, throwing getters). */
export function toWire(input) {
  let value = input;
  if (isRecord(input)) {
    value = withDates(input);
    if (Array.isArray(value.usageRecords)) value.usageRecords = value.usageRecords.map((r) => (isRecord(r) ? withDates(r) : r));
  }
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError("the input must be an object");
  return text;
}

export function fromWire(text) {
  return JSON.parse(text, reviver);
}

export function randomBytes(n) {
  return crypto.getRandomValues(new Uint8Array(n));
}

export function now() {
  return Date.now();
}

// Each signal gets one listener, which fans out to the controllers of the calls in flight
// that use it. A listener per call would pile up on long-lived signals (the client's own close
// signal, a caller's shared signal): Node warns past 10 listeners on one AbortSignal.
const fanouts = new WeakMap();

function fanout(signal) {
  let controllers = fanouts.get(signal);
  if (!controllers) {
    controllers = new Set();
    fanouts.set(signal, controllers);
    signal.addEventListener(
      "abort",
      () => {
        for (const c of controllers) c.abort(signal.reason);
        controllers.clear();
      },
      { once: true },
    );
  }
  return controllers;
}

// Links several optional AbortSignals to one controller (AbortSignal.any is missing from
// Node 18), and returns a function that unlinks them when the call settles.
function link(controller, signals) {
  const joined = [];
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const controllers = fanout(signal);
    controllers.add(controller);
    joined.push(controllers);
  }
  return () => joined.forEach((controllers) => controllers.delete(controller));
}

/** Waits `ms`; rejects with the signal's reason if any of `signals` aborts first. */
export function sleep(ms, signals) {
  return new Promise((resolve, reject) => {
    const controller = new AbortController();
    const unlink = link(controller, signals);
    if (controller.signal.aborted) {
      unlink();
      reject(controller.signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      unlink();
      resolve();
    }, ms);
    controller.signal.addEventListener("abort", () => {
      clearTimeout(timer);
      unlink();
      reject(controller.signal.reason);
    });
  });
}

/**
 * Sends one request and reads the whole response. Resolves `{ status, headers, body }` with
 * headers as a flat [name, value, ...] array and body a Uint8Array; rejects with
 * `{ failure: "timeout" | "network" | "aborted", error, status? }`, where `error` is the signal's
 * reason for "aborted" (fetch's own behaviour) and what fetch threw for "network"; `status` is
 * set when the response's head arrived but its body could not be read.
 */
export async function send(fetchFn, url, headers, body, timeoutMs, signals) {
  const controller = new AbortController();
  const unlink = link(controller, signals);
  let timedOut = false;
  let status;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`no response within ${timeoutMs} ms`));
        }, timeoutMs)
      : undefined;
  try {
    // `body` is a view into wasm memory, which a later allocation may move: copy it first.
    const init = { method: "POST", headers: pairs(headers), body: body.slice(), signal: controller.signal };
    const f = fetchFn ?? globalThis.fetch;
    if (typeof f !== "function") throw new TypeError("no fetch: pass the `fetch` option in this runtime");
    const response = await f(url, init);
    // From here on a failure is a response that could not be read (a connection cut
    // mid-body): the request may have taken effect, and the status says so.
    status = response.status;
    const bytes = new Uint8Array(await response.arrayBuffer());
    const flat = [];
    response.headers.forEach((value, name) => flat.push(name, value));
    return { status: response.status, headers: flat, body: bytes };
  } catch (error) {
    if (timedOut) throw { failure: "timeout", error };
    if (controller.signal.aborted) throw { failure: "aborted", error: controller.signal.reason };
    throw { failure: "network", error, status };
  } finally {
    clearTimeout(timer);
    unlink();
  }
}

function pairs(flat) {
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}
