// The I/O the wasm client's call machine asks for, and the one loop that drives it: fetch
// with its time limit and cancellation, timers, the credentials provider, the logger.
// Imported by the wasm glue only (a wasm-bindgen snippet); not public. Every decision —
// what to send, whether to retry, how long to wait — is the machine's (src/call.rs); this
// file only does what `call.poll()` answers. Uses only what Workers, Deno, Node 18+, Bun,
// Vercel's Edge Runtime and browsers all have: no Node built-ins, no window.
import { makeError, errorFromCore, CredentialsError } from "./errors.js";

// `call.poll()`'s answers (src/wasm/call.rs).
const NEED_CREDENTIALS = 0, SEND = 1, SLEEP = 2, DONE = 4, FAILED = 5;
// `call.event()`'s kinds; the first three are also the kinds of I/O failure.
const TIMEOUT = 0, NETWORK = 1, ABORTED = 2, CREDENTIALS_FAILED = 3, TIMER = 4;

/** The input as JSON text (a Date as its ISO text); throws for what JSON cannot carry. */
export function stringify(input) {
  return JSON.stringify(input);
}

// Random bytes are drawn a kilobyte at a time: `getRandomValues` costs about as much for 1 KB as
// for 16 bytes (in Node, a tenth of a call's CPU), and a call needs 16.
let pool = new Uint8Array(0);
let used = 0;
export function randomFill(buffer) {
  if (used + buffer.length > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(1024));
    used = 0;
  }
  buffer.set(pool.subarray(used, (used += buffer.length)));
}

/** Wraps an object with a `credentials(props)` method as a provider function. */
export function provider(source) {
  return (props) => source.credentials(props);
}

// Outputs cross as JSON text: a Date as {"$date": ms}, a caller's own usage record as
// {"$record": index}, a failed call's error as {"$error": index}. Revived by a walk over the
// parsed value rather than a JSON.parse reviver, which costs a call per key (a third of a
// 25-record output's time). The text is the core's: only the model's members, never `__proto__`.
function revive(v, records, errors) {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i], records, errors);
    return v;
  }
  if (typeof v.$date === "number") return new Date(v.$date);
  if (typeof v.$record === "number") return records[v.$record];
  if (typeof v.$error === "number") return errors[v.$error];
  for (const k of Object.keys(v)) v[k] = revive(v[k], records, errors);
  return v;
}

/**
 * The client's own close signal, read like an AbortSignal (`aborted`, `reason`). Not an
 * AbortController: workerd binds one to the request that made it, and reading its `aborted`
 * from another request throws, while one client may serve every request of an isolate.
 */
class Closer {
  constructor() {
    this.aborted = false;
    this.reason = undefined;
    // The controllers of the waits in flight, aborted at close.
    this.waits = new Set();
  }
  close(reason) {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    for (const controller of this.waits) {
      try {
        controller.abort(reason);
      } catch {
        // A wait of another request (workerd cannot abort it from this one): its call rejects
        // with the reason when its current step ends (run() checks the signals before each).
      }
    }
    this.waits.clear();
  }
}

/**
 * What one client holds for I/O: fetch, the provider, the logger, the close signal, and the
 * time limit (ms, 0 for none) of each attempt and of each wait for the provider.
 */
export class Io {
  constructor(fetchFn, credentialsProvider, logger, timeoutMs) {
    this.fetch = fetchFn;
    this.provider = credentialsProvider;
    this.logger = logger;
    this.timeout = timeoutMs;
    this.closer = new Closer();
    // The provider call in flight, shared by every call waiting for credentials.
    this.pending = null;
  }
  get closed() {
    return this.closer.aborted;
  }
  close(reason) {
    this.closer.close(reason);
  }
}

// Each signal gets one listener, which fans out to the controllers of the waits in flight
// that use it. A listener per wait would pile up on long-lived signals (a caller's shared
// signal): Node warns past 10 listeners on one AbortSignal.
const fanouts = new WeakMap();

function fanout(signal) {
  let set = fanouts.get(signal);
  if (!set) {
    const fresh = new Set();
    fanouts.set(signal, (set = fresh));
    signal.addEventListener("abort", () => {
      for (const c of fresh) c.abort(signal.reason);
      fresh.clear();
    }, { once: true });
  }
  return set;
}

// Links the signals (the client's Closer, a caller's AbortSignal) to `controller`
// (AbortSignal.any is missing from Node 18); returns the unlink function.
function link(controller, signals) {
  const joined = [];
  for (const signal of signals) {
    if (!signal) continue;
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    const set = signal instanceof Closer ? signal.waits : fanout(signal);
    set.add(controller);
    joined.push(set);
  }
  return () => joined.forEach((set) => set.delete(controller));
}

const TIMED_OUT = Symbol("timeout");

// Values from a caller (a provider's throw, a fetch's rejection) may be hostile (a revoked
// Proxy throws on any property read or `instanceof`); the driver only looks at them through
// these, and recognises its own markers by identity.
const bodyFailures = new WeakSet();
function safely(read, fallback) {
  try {
    return read();
  } catch {
    return fallback;
  }
}

const NOT_ABORTED = Symbol("running");

// Runs `start(signal)` under `signals` and an optional time limit. Resolves with its value;
// rejects with `{ kind, error, status? }`. `start` gets an AbortSignal when `needsSignal`
// (fetch, a timer): the wait for a shared provider call needs none, and an AbortController
// is the costliest thing a call creates in Node.
async function guarded(signals, timeoutMs, start, needsSignal) {
  const controller = needsSignal ? new AbortController() : undefined;
  let reason = NOT_ABORTED;
  let rejectRace;
  // What `link` and the Closer call: stops the work and the wait for it, once.
  const stop = {
    abort(why) {
      if (reason !== NOT_ABORTED) return;
      reason = why;
      safely(() => controller?.abort(why));
      rejectRace?.(why);
    },
  };
  const unlink = link(stop, signals);
  const timer = timeoutMs > 0 ? setTimeout(() => stop.abort(TIMED_OUT), timeoutMs) : undefined;
  try {
    if (reason !== NOT_ABORTED) throw reason;
    return await new Promise((resolve, reject) => {
      rejectRace = reject;
      start(controller?.signal).then(resolve, reject);
    });
  } catch (error) {
    if (reason === TIMED_OUT) throw { kind: TIMEOUT, error: new Error(`no answer within ${timeoutMs} ms`) };
    if (reason !== NOT_ABORTED) throw { kind: ABORTED, error: reason };
    if (bodyFailures.has(error)) throw { kind: NETWORK, error: error.error, status: error.status };
    throw { kind: NETWORK, error };
  } finally {
    clearTimeout(timer);
    unlink();
  }
}

// The request's URL and headers, from the core's "url\nname\nvalue\n…" text.
function request(call) {
  const [url, ...flat] = call.request().split("\n");
  const headers = [];
  for (let i = 0; i + 1 < flat.length; i += 2) headers.push([flat[i], flat[i + 1]]);
  return { url, headers };
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
  });
}

async function send(io, call, signals) {
  const { url, headers } = request(call);
  const body = call.body();
  const fetchFn = io.fetch ?? globalThis.fetch;
  return guarded(signals, io.timeout, async (signal) => {
    if (typeof fetchFn !== "function") throw new TypeError("no fetch: pass the `fetch` option in this runtime");
    const response = await fetchFn(url, { method: "POST", headers, body, signal });
    let bytes;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      // The head arrived but not the body: the request may have taken effect.
      const failure = { error, status: response.status };
      bodyFailures.add(failure);
      throw failure;
    }
    const flat = [];
    response.headers.forEach((value, name) => flat.push(name, value));
    return { status: response.status, headers: flat.join("\n"), bytes };
  }, true);
}

// The provider's credentials, shared by every call that asks while one request is in
// flight. The provider gets a signal that aborts when the client closes or when every call
// waiting for it has stopped waiting.
async function credentials(io, signals) {
  if (!io.pending) {
    const controller = new AbortController();
    const unlink = link(controller, [io.closer]);
    const shared = { controller, waiters: 0 };
    // Boxed at once: a provider's result may be a hostile thenable, and every later promise
    // resolution would read its `then` again, outside any catch.
    shared.promise = (async () => ({ value: await io.provider({ abortSignal: controller.signal }) }))().finally(() => {
      unlink();
      if (io.pending === shared) io.pending = null;
    });
    io.pending = shared;
  }
  const shared = io.pending;
  shared.waiters++;
  try {
    return await guarded(signals, io.timeout, () => shared.promise, false);
  } finally {
    if (--shared.waiters === 0 && io.pending === shared) {
      // A call that asks later starts a provider call of its own: this one is being told to stop.
      io.pending = null;
      try {
        shared.controller.abort(new Error("no call waits for these credentials any more"));
      } catch {
        // Started by another request (workerd cannot abort it from this one): it ends on its own.
      }
    }
  }
}

function log(io, call) {
  if (!io.logger) return;
  for (const line of call.log().split("\n")) {
    if (!line) continue;
    const tab = line.indexOf("\t");
    try {
      io.logger[line.slice(0, tab)]?.(JSON.parse(line.slice(tab + 1)));
    } catch {
      // A logger that throws must not break the call it describes.
    }
  }
}

/**
 * Drives one call to its end. `prepare`: stop at the first request and resolve with it
 * instead of sending it (`prepareRequest`). Resolves with the output; rejects with the
 * error class, or with the signal's reason when aborted (as fetch does).
 */
export async function drive(call, io, signal, prepare) {
  const signals = [io.closer, signal];
  try {
    const outcome = await run(call, io, signals, prepare);
    return prepare ? outcome : revive(JSON.parse(call.outcome()), [], []);
  } finally {
    call.free();
  }
}

async function run(call, io, signals, prepare) {
  let cause;
  for (;;) {
    const aborted = signals.find((s) => s?.aborted);
    if (aborted) {
      call.event(ABORTED, 0);
      throw aborted.reason;
    }
    const action = call.poll(Date.now());
    log(io, call);
    if (action === DONE) return;
    if (action === FAILED) throw errorFromCore(call.outcome(), cause);
    try {
      if (action === NEED_CREDENTIALS) {
        call.credentials((await credentials(io, signals)).value);
      } else if (action === SEND) {
        if (prepare) {
          const { url, headers } = request(call);
          return { method: "POST", url, headers: Object.fromEntries(headers), body: call.body() };
        }
        const r = await send(io, call, signals);
        call.response(r.status, r.headers, r.bytes, Date.now());
      } else if (action === SLEEP) {
        await guarded(signals, 0, (signal) => sleep(call.delay(), signal), true);
        call.event(TIMER, 0);
      } else {
        // WAIT: every step above hands the machine its event before the next poll, so it never
        // answers this; polling again would loop without ever yielding and hang the isolate.
        throw new Error(`the call machine answered ${action} after its event was handed over`);
      }
    } catch (failure) {
      if (failure?.kind === undefined) throw failure; // not an I/O failure: a bug to surface
      cause = failure.error;
      if (failure.kind === ABORTED) {
        call.event(ABORTED, 0);
        throw failure.error;
      }
      if (action === NEED_CREDENTIALS && failure.kind === NETWORK) {
        // The provider's own CredentialsError (fromAssumeRole's) is the answer as it is.
        if (safely(() => cause instanceof CredentialsError, false)) {
          call.event(ABORTED, 0);
          throw cause;
        }
        call.event(CREDENTIALS_FAILED, 0);
      } else {
        call.event(failure.kind, failure.status ?? 0);
      }
    }
  }
}

/**
 * Drives a records plan: up to `concurrency` calls at once, each taken back by the plan when
 * it ends. Resolves with BatchMeterUsage's output shape holding the caller's own `records`,
 * or rejects with a BatchError when some call failed as a whole.
 */
export async function driveRecords(plan, io, signal, concurrency, records) {
  const signals = [io.closer, signal];
  const errors = [];
  const worker = async () => {
    for (let call = plan.next(); call; call = plan.next()) {
      try {
        await run(call, io, signals, false);
      } catch (err) {
        errors.push(err);
      }
      plan.complete(call);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    const outcome = revive(JSON.parse(plan.outcome()), records, errors);
    if (outcome.kind === undefined) return outcome;
    throw makeError(outcome);
  } finally {
    plan.free();
  }
}
