// What the shared scenarios share: the emulator's keys, the
// assertions (node:assert is not in every runtime), the emulator's admin API over HTTP and a few
// helpers. Web-platform APIs only, like the scenarios: it is bundled into a Worker unchanged.

export const SELLER = Object.freeze({
  accessKeyId: "AKIDEMULATOREXAMPLE",
  secretAccessKey: "emulatorSecretKey/K7MDENG/bPxRfiCYEXAMPLEKEY",
});
export const BUYER = Object.freeze({
  accessKeyId: "ASIAEMULATORSESSION",
  secretAccessKey: "emulatorSessionSecret/wJalrXUtnFEMI/EXAMPLEKEY",
  sessionToken: "emulator-session-token-FwoGZXIvYXdzEXAMPLE",
});
export const SAAS = "prod-demo-saas";
export const CONTAINER = "prod-container";
export const LICENSE_6 = "arn:aws:license-manager::294406891311:license:l-0demo000000000006";
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

// ---------------------------------------------------------------------------------------------
// Assertions (node:assert is not in every runtime; these say what differed)

export class AssertionFailed extends Error {
  name = "AssertionFailed";
}
export const show = (v) => {
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? "invalid" : v.toISOString()})`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};
export function ok(cond, message) {
  if (!cond) throw new AssertionFailed(message);
}
export function equal(actual, expected, what) {
  if (!Object.is(actual, expected)) throw new AssertionFailed(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
export function deepEqual(actual, expected, what) {
  if (show(actual) !== show(expected)) throw new AssertionFailed(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}
/** Awaits `promise`, which must reject; returns the rejection. */
export async function rejection(promise, what) {
  try {
    const value = await promise;
    throw new AssertionFailed(`${what}: expected a rejection, got ${show(value)}`);
  } catch (err) {
    if (err instanceof AssertionFailed) throw err;
    return err;
  }
}
export const describeError = (e) => `${e?.constructor?.name}(${e?.name}: ${e?.message})`;

/** An output's `$metadata`, as the AWS SDK v3 puts it on results: checked and removed. */
export function metadata(out, { status = 200, attempts = 1 } = {}) {
  const { $metadata, ...rest } = out;
  ok($metadata && typeof $metadata === "object", `$metadata on the output: ${show(out)}`);
  equal($metadata.httpStatusCode, status, "$metadata.httpStatusCode");
  ok(typeof $metadata.requestId === "string" && $metadata.requestId.length > 0, "$metadata.requestId is the emulator's x-amzn-requestid");
  equal($metadata.attempts, attempts, "$metadata.attempts");
  ok(Number.isInteger($metadata.totalRetryDelay) && $metadata.totalRetryDelay >= 0, "$metadata.totalRetryDelay");
  return rest;
}

/** Checks the AWS SDK v3 error shape and what the service said. */
export function serviceError(mod, err, { cls, name, status, attempts = 1, fault = "client", retryable = undefined }) {
  ok(err instanceof cls, `expected ${cls.name}, got ${describeError(err)}`);
  ok(err instanceof mod.MarketplaceMeteringServiceException, `${name} is a MarketplaceMeteringServiceException`);
  ok(err instanceof mod.MarketplaceMeteringError && err instanceof Error, `${name} is a MarketplaceMeteringError and an Error`);
  equal(err.name, name, "name");
  equal(err.$metadata.httpStatusCode, status, `${name} $metadata.httpStatusCode`);
  ok(typeof err.$metadata.requestId === "string" && err.$metadata.requestId.length > 0, `${name} has the emulator's request id`);
  equal(err.$metadata.attempts, attempts, `${name} $metadata.attempts`);
  equal(err.$fault, fault, `${name} $fault`);
  deepEqual(err.$retryable, retryable, `${name} $retryable`);
  if (retryable === undefined) ok(!("$retryable" in err), `${name}: $retryable absent, as the SDK leaves it on errors not worth retrying`);
  ok(typeof err.message === "string" && err.message.length > 0, `${name} has a message`);
}

// ---------------------------------------------------------------------------------------------
// The emulator's admin API over HTTP (the same from a Worker as from Node)

export function emulatorAdmin(url) {
  const call = async (method, path, body) => {
    const res = await fetch(`${url}/__emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`emulator admin ${method} ${path}: ${res.status} ${show(json)}`);
    return json;
  };
  return {
    url,
    reset: () => call("POST", "reset", {}),
    setFaults: (spec) => call("POST", "faults", spec),
    setClockOffsetMs: (offsetMs) => call("POST", "clock", { offsetMs }),
    mintToken: async (customerIdentifier) => (await call("POST", "tokens", { customerIdentifier })).token,
    ledger: async () => (await call("GET", "ledger")).records,
    stats: () => call("GET", "stats"),
    publicKey: () => call("GET", "public-key"),
    /** API requests the emulator received since the last reset. */
    requests: async () => Object.values((await call("GET", "stats")).requests).reduce((a, b) => a + b, 0),
    /** The last API requests, oldest first: `{ requestId, protocol, operation, accessKeyId, sessionToken, userAgent, amzUserAgent, outcome }`. */
    received: async () => (await call("GET", "requests")).requests,
    /** The STS sessions issued since the last reset, in order, without their secrets. */
    sessions: async () => (await call("GET", "sessions")).sessions,
    /** Ends one STS session (every one without an access key id) now by the emulator's clock. */
    expireSessions: (accessKeyId) => call("POST", "sessions/expire", accessKeyId === undefined ? {} : { accessKeyId }),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A time a few minutes ago, whole seconds (what the wire carries), inside every window. */
export const recent = (ms = 2 * MINUTE) => new Date(Math.floor((Date.now() - ms) / 1000) * 1000);

export function client(ctx, options = {}) {
  return new ctx.mod.MarketplaceMetering({ region: "us-east-1", endpointUrl: ctx.url, credentials: SELLER, ...options });
}

/** A fetch that clears the emulator's faults once the first attempt has been answered (or failed). */
export function clearFaultsAfterFirstAttempt(emu) {
  let attempts = 0;
  const wrapped = async (input, init) => {
    attempts += 1;
    try {
      return await fetch(input, init);
    } finally {
      if (attempts === 1) await emu.setFaults({});
    }
  };
  wrapped.attempts = () => attempts;
  return wrapped;
}

export const b64url = (text) => {
  const s = text.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(s + "=".repeat((4 - (s.length % 4)) % 4));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
};

export function timed(promise) {
  const start = Date.now();
  return promise.then(
    (value) => ({ value, ms: Date.now() - start }),
    (error) => ({ error, ms: Date.now() - start }),
  );
}

