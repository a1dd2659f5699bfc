// Hostile inputs and hostile servers, from a seeded PRNG: every call must settle — resolve, or
// reject with a MarketplaceMeteringError (or the caller's abort reason) — and the same client
// on the same wasm instance must keep working. A panic inside wasm traps, and after a trap
// every later call fails with `RuntimeError: unreachable`; a JS exception that unwinds through
// Rust can leave a RefCell borrowed or the future executor stuck, which shows up the same way
// or as a call that never settles. So after every few hostile calls a normal call must succeed.
//
// Imports the built package (pkg/node.js, `make build`), not an installed copy.
// Run: node --test tests/js/node/hostile.test.mjs   (HOSTILE_SEED=n to try another seed)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MarketplaceMetering, MarketplaceMeteringError } from '../../../pkg/node.js';
import { startEmulator } from '../../../js/emulator/server.js';

const SEED = Number(process.env.HOSTILE_SEED ?? 20261126);
const SELLER = { accessKeyId: 'AKIDEMULATOREXAMPLE', secretAccessKey: 'emulatorSecretKey/K7MDENG/bPxRfiCYEXAMPLEKEY' };
const PROBE_EVERY = 25;
const SETTLE_MS = 10_000;

// xorshift32: the same cases for the same seed, so a failure can be replayed.
function prng(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (list) => list[int(list.length)], chance: (p) => next() < p };
}
const rnd = prng(SEED);

// --- Hostile values. Built lazily: some are large. ---
const MB_STRING = 'x'.repeat(1024 * 1024 + 7);
const MB_UNICODE = '\u{1F600}\uD800'.repeat(200_000);
function deep(depth, wrap) {
  let v = {};
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}
const DEEP_ARRAY = deep(10_000, (v) => [v]);
const DEEP_OBJECT = deep(10_000, (v) => ({ a: v }));
const cyclic = () => {
  const o = { dimension: 'users' };
  o.self = o;
  o.list = [o];
  return o;
};
const throwingGetter = () => Object.defineProperty({}, 'dimension', { enumerable: true, get() { throw new Error('getter'); } });
// Fine the first time (when the input is serialised), throws on every later read.
const flakyGetter = (key, value) => {
  let reads = 0;
  return Object.defineProperty({}, key, { enumerable: true, get() { if (reads++ > 0) throw new Error('flaky'); return value; } });
};
const throwingProxy = (target = {}) => new Proxy(target, {
  get() { throw new Error('proxy get'); }, has() { throw new Error('proxy has'); }, ownKeys() { throw new Error('proxy ownKeys'); },
  getOwnPropertyDescriptor() { throw new Error('proxy gOPD'); }, getPrototypeOf() { throw new Error('proxy proto'); },
});
const revokedProxy = (target = {}) => {
  const { proxy, revoke } = Proxy.revocable(target, {});
  revoke();
  return proxy;
};
// A Proxy that answers sensibly until it has been read `n` times.
const flakyProxy = (target, n) => {
  let reads = 0;
  return new Proxy(target, { get(t, k, r) { if (reads++ >= n) throw new Error('flaky proxy'); return Reflect.get(t, k, r); } });
};
const fakeDate = () => Object.create(Date.prototype); // instanceof Date, but getTime() throws
const weirdToJson = () => ({ toJSON() { return rnd.pick([undefined, () => 1, Symbol('s'), { $date: 'x' }, { $date: 1e300 }, [1, 2]]); } });
const throwingToJson = () => ({ toJSON() { throw new Error('toJSON'); } });
const protoKeys = () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}, "dimension": "users"}');

const SCALARS = [
  () => undefined, () => null, () => true, () => false, () => 0, () => -0, () => NaN, () => Infinity, () => -Infinity,
  () => -1, () => 2 ** 53, () => 2 ** 64, () => 1e308, () => 1.5, () => -2147483649, () => 4294967296,
  () => '', () => ' ', () => 'a', () => '\uD800', () => '\uDFFF', () => 'a\uD800b', () => '\u0000', () => '\u202E',
  () => 'users', () => 'prod-demo-saas', () => '😀'.repeat(300), () => MB_STRING, () => MB_UNICODE,
  () => '2026-11-26T00:00:00Z', () => '{"$date": 0}', () => 1n, () => 2n ** 70n, () => Symbol('hostile'),
  () => () => 1, () => async () => 1, () => class {}, () => new Date(NaN), () => new Date(8.64e15), () => new Date(-8.64e15),
  () => new Date(), () => new Date(0), () => new Date(Date.now() - 3600_000),
];
const STRUCTURES = [
  () => ({}), () => [], () => [{}], () => DEEP_ARRAY, () => DEEP_OBJECT, () => cyclic(), () => throwingGetter(),
  () => flakyGetter('dimension', 'users'), () => throwingProxy(), () => throwingProxy([]), () => revokedProxy(), () => revokedProxy([]),
  () => weirdToJson(), () => throwingToJson(), () => protoKeys(), () => Object.create(null), () => new Map([[1, 2]]), () => new Set([1]),
  () => new Uint8Array(8), () => new ArrayBuffer(4), () => new Error('e'), () => Promise.resolve(1), () => /re/g, () => new WeakMap(),
  () => fakeDate(), () => new AbortController().signal, () => Array.from({ length: 100_000 }, () => ({})), () => [1, 'a', null],
  () => ({ length: 3 }), () => Object.assign([], { extra: 1 }), () => new (class Record { constructor() { this.dimension = 'users'; } })(),
];
function hostile(depth = 0) {
  const r = rnd.next();
  if (r < 0.45) return rnd.pick(SCALARS)();
  if (r < 0.8 || depth > 2) return rnd.pick(STRUCTURES)();
  // Containers of hostile values.
  if (rnd.chance(0.5)) return Array.from({ length: rnd.int(4) }, () => hostile(depth + 1));
  const o = {};
  for (let i = rnd.int(4); i > 0; i--) {
    // Own data properties, `__proto__` included (as JSON.parse makes them).
    const key = rnd.pick(['dimension', 'timestamp', 'quantity', '__proto__', 'constructor', 'x', MB_STRING.slice(0, 300)]);
    Object.defineProperty(o, key, { value: hostile(depth + 1), enumerable: true, configurable: true, writable: true });
  }
  return o;
}

// --- Valid inputs per method, then mutated at a random path. ---
const now = () => new Date(Date.now() - 60_000);
const record = () => ({ timestamp: now(), customerIdentifier: 'cust-legacy-0001', dimension: 'users', quantity: 3 });
const VALID = {
  batchMeterUsage: () => ({ productCode: 'prod-demo-saas', usageRecords: [record(), { ...record(), dimension: 'api_calls', usageAllocations: [{ allocatedUsageQuantity: 3, tags: [{ key: 'k', value: 'v' }] }] }] }),
  meterUsageRecords: () => ({ productCode: 'prod-demo-saas', usageRecords: [record(), { ...record(), dimension: 'storage_gb' }] }),
  meterUsage: () => ({ productCode: 'prod-container', timestamp: now(), usageDimension: 'requests', usageQuantity: 1, dryRun: true, usageAllocations: [{ allocatedUsageQuantity: 1 }], clientToken: '00000000-0000-4000-8000-000000000000' }),
  registerUsage: () => ({ productCode: 'prod-container', publicKeyVersion: 1, nonce: 'n' }),
  resolveCustomer: () => ({ registrationToken: 'token' }),
};
const METHODS = Object.keys(VALID);

function paths(v, prefix = [], out = []) {
  if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
    for (const k of Object.keys(v)) {
      out.push([...prefix, k]);
      paths(v[k], [...prefix, k], out);
    }
  }
  return out;
}
function mutate(input) {
  const all = paths(input);
  const roll = rnd.next();
  if (roll < 0.1) return hostile();
  if (roll < 0.2) {
    Object.defineProperty(input, rnd.pick(['usageDimensions', 'ProductCode', 'extra', '__proto__', 'constructor', 'toJSON']), { value: hostile(), enumerable: true, configurable: true, writable: true });
    return input;
  }
  const path = rnd.pick(all);
  let parent = input;
  for (const k of path.slice(0, -1)) parent = parent[k];
  const key = path[path.length - 1];
  if (roll < 0.3) delete parent[key];
  else Object.defineProperty(parent, key, { value: hostile(), enumerable: true, configurable: true, writable: true });
  if (rnd.chance(0.15)) return rnd.chance(0.5) ? throwingProxy(input) : flakyProxy(input, rnd.int(40));
  return input;
}
// Option objects this file built (so it may read them back); hostile ones may throw when read.
const OURS = new WeakSet();
function callOptions() {
  const roll = rnd.next();
  if (roll < 0.5) return undefined;
  if (roll < 0.65) return hostile();
  const o = {};
  if (rnd.chance(0.5)) o.concurrency = rnd.chance(0.5) ? rnd.int(12) : hostile();
  if (rnd.chance(0.5)) {
    const controller = new AbortController();
    const reason = rnd.pick([undefined, new Error('stop'), 'string reason', 42, Symbol('why'), null]);
    if (rnd.chance(0.3)) controller.abort(reason);
    else if (rnd.chance(0.5)) setTimeout(() => controller.abort(reason), rnd.int(5));
    o.abortSignal = rnd.chance(0.8) ? controller.signal
      : rnd.pick([() => hostile(), () => Object.create(AbortSignal.prototype), () => new Proxy(controller.signal, {}), () => revokedProxy(controller.signal)])();
    o.controller = controller; // read back after the call; the client ignores unknown option members
  }
  OURS.add(o);
  return o;
}

// --- Hostile server answers. ---
const enc = new TextEncoder();
const ERROR_CODES = ['ThrottlingException', 'InternalServiceErrorException', 'InvalidSignatureException', 'ExpiredTokenException', 'Weird', '', '#', 'a#b#c', '\uD800', MB_STRING.slice(0, 5000)];
const DATES = ['Thu, 26 Nov 2026 19:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Mon, 01 Jan 0000 00:00:00 GMT',
  'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', 'garbage', '', 'Thu, 99 Nov 2026 99:99:99 GMT'];
function hostileBody(method) {
  const roll = rnd.int(14);
  switch (roll) {
    case 0: return '';
    case 1: return '{';
    case 2: return 'null';
    case 3: return JSON.stringify(rnd.pick([[], 'str', 5, true]));
    case 4: return JSON.stringify({ Results: rnd.pick([5, 'x', [null], [{}], [{ UsageRecord: 5 }], [{ Status: 'Nope' }]]), UnprocessedRecords: rnd.pick([null, {}, [1]]) });
    case 5: return JSON.stringify({ MeteringRecordId: rnd.pick([123, null, {}, '', MB_STRING.slice(0, 100_000)]) });
    case 6: return JSON.stringify({ Signature: rnd.pick([1, null, 'sig']), PublicKeyRotationTimestamp: rnd.pick(['x', -1e300, 1e300, NaN, 1.5]) });
    case 7: return JSON.stringify({ CustomerIdentifier: 5, ProductCode: [], CustomerAWSAccountId: {}, LicenseArn: '\uD800' });
    case 8: return JSON.stringify({ __type: rnd.pick(ERROR_CODES), message: rnd.pick(['Signature expired: x', 'Signature not yet current', 'skew', '', 5]), Message: 'M' });
    case 9: return '['.repeat(100_000);
    case 10: return '{"a":' + '1'.repeat(100_000) + '}';
    case 11: return JSON.stringify(valid200(method)).replace(/"/, '\\"');
    case 12: return new Uint8Array(Array.from({ length: rnd.int(300) }, () => rnd.int(256)));
    default: return JSON.stringify(valid200(method));
  }
}
function valid200(method) {
  if (method === 'meterUsage') return { MeteringRecordId: 'id' };
  if (method === 'registerUsage') return { Signature: 'sig', PublicKeyRotationTimestamp: 1.7e9 };
  if (method === 'resolveCustomer') return { CustomerIdentifier: 'c', ProductCode: 'p' };
  return { Results: [], UnprocessedRecords: [] };
}
function hostileHeaders() {
  const h = new Headers();
  const n = rnd.int(6);
  for (let i = 0; i < n; i++) {
    const name = rnd.pick(['x-amzn-errortype', 'x-amzn-requestid', 'date', 'retry-after', 'x-amz-retry-after', 'content-type', 'x-weird']);
    const value = rnd.pick([...ERROR_CODES.slice(0, 8).map((c) => `${c}:http://internal.amazon.com/coral/x/`), ...DATES, '-1', '99999999999999999999', '0', '1.5', 'ü', '']);
    try { h.append(name, value); } catch { /* Headers refuses some values: that is fetch's own rule */ }
  }
  return h;
}
const statusFor = () => rnd.pick([0, 1, 99, 100, 199, 200, 200, 200, 204, 299, 301, 400, 400, 403, 409, 412, 413, 429, 500, 502, 503, 504, 599, 600, 999, rnd.int(1000)]);
function hostileResponse(method) {
  const roll = rnd.int(12);
  const status = statusFor();
  const body = hostileBody(method);
  const headers = hostileHeaders();
  switch (roll) {
    case 0: throw new TypeError('fetch failed synchronously');
    case 1: return Promise.reject(rnd.pick([new TypeError('fetch failed'), undefined, 5, Symbol('x')]));
    case 2: return rnd.pick([null, undefined, 5, 'response', {}, [], { status: 200 }, Symbol('r')]);
    case 3: // A body that errors after the first chunk.
      return new Response(new ReadableStream({ start(c) { c.enqueue(enc.encode('{"Results":')); }, pull(c) { c.error(new Error('mid-read')); } }), { status: 200 });
    case 4: // Response-like objects with odd members.
      return {
        status: rnd.pick([status, NaN, '200', -1, 1e9, 200.5, null, {}]),
        headers: rnd.pick([headers, null, {}, { forEach(cb) { cb(5, Symbol('n')); cb('date', {}); } }, { forEach() { throw new Error('headers'); } }]),
        arrayBuffer: rnd.pick([async () => enc.encode(JSON.stringify(valid200(method))).buffer, async () => 7, async () => { throw new Error('read'); }, () => null, 5]),
      };
    case 5: // A huge body (over the 8 MB cap) on a few calls.
      return rnd.chance(0.2) ? new Response(new Uint8Array(9 << 20), { status: 200 }) : new Response(body, { status: 200, headers });
    default:
      if (status >= 200 && status <= 599) return new Response(status === 204 ? null : body, { status, headers });
      return { status, headers, arrayBuffer: async () => (typeof body === 'string' ? enc.encode(body) : body).buffer };
  }
}

// --- The harness. ---
let emulator;
let fetchMode = 'real';
let currentMethod = 'batchMeterUsage';
const switchingFetch = (url, init) => (fetchMode === 'real' ? fetch(url, init) : hostileResponse(currentMethod));
const counts = { calls: 0, resolved: 0, rejected: 0, aborted: 0, syncThrows: 0, constructors: 0, constructorThrows: 0, probes: 0 };
const problems = [];

before(async () => { emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0 }); });
after(async () => {
  await emulator?.close();
  console.log(`hostile (seed ${SEED}): ${JSON.stringify(counts)}`);
});

/** Resolves with how the promise settled, or fails the test if it does not settle in time. */
function settle(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`did not settle within ${SETTLE_MS} ms: ${what}`)), SETTLE_MS); });
  return Promise.race([
    Promise.resolve(promise).then((value) => ({ ok: true, value }), (error) => ({ ok: false, error })),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

function describe(v) {
  try {
    return String(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? `${x}n` : typeof x === 'string' && x.length > 40 ? `${x.slice(0, 40)}...(${x.length})` : x))).slice(0, 300);
  } catch (e) {
    return `<${e.message}>`;
  }
}

async function hostileCall(client, method, input, options) {
  counts.calls++;
  let promise;
  try {
    promise = client[method](input, options);
  } catch (error) {
    counts.syncThrows++;
    if (!(error instanceof MarketplaceMeteringError)) problems.push(`${method} threw synchronously ${error?.name}: ${error?.message} for ${describe(input)}`);
    return;
  }
  if (!(promise instanceof Promise)) problems.push(`${method} returned ${typeof promise}, not a Promise`);
  const outcome = await settle(promise, `${method}(${describe(input)})`);
  if (outcome.ok) {
    counts.resolved++;
    return;
  }
  counts.rejected++;
  if (OURS.has(options) && options.controller?.signal.aborted && outcome.error === options.controller.signal.reason) {
    counts.aborted++;
    return;
  }
  const e = outcome.error;
  if (!(e instanceof MarketplaceMeteringError)) {
    problems.push(`${method} rejected with ${e?.name ?? typeof e}: ${e?.message ?? String(e)} for ${describe(input)}`);
  } else if (/unreachable|RuntimeError|already borrowed|recursive use/i.test(`${e.message} ${causeMessage(e)}`)) {
    problems.push(`${method}: a wasm fault surfaced as ${e.name}: ${e.message}`);
  }
}

// The cause can be whatever hostile value a provider rejected with, a revoked Proxy included:
// reading it must not throw in the test itself.
function causeMessage(e) {
  try {
    return String(e.cause?.message ?? '');
  } catch {
    return '';
  }
}

/** A normal call on the same client: it must succeed whatever came before. */
async function probe(client, label) {
  counts.probes++;
  const saved = fetchMode;
  fetchMode = 'real';
  try {
    const input = { productCode: 'prod-demo-saas', usageRecords: [{ timestamp: new Date(Math.floor(Date.now() / 3600_000) * 3600_000), customerIdentifier: 'cust-legacy-0002', dimension: 'users', quantity: 7 }] };
    const outcome = await settle(client.batchMeterUsage(input), `probe after ${label}`);
    assert.ok(outcome.ok, `the client stopped working after ${label}: ${outcome.error?.name}: ${outcome.error?.message}\n${outcome.error?.stack}`);
    assert.equal(outcome.value.results[0]?.status, 'Success', `probe after ${label}: ${JSON.stringify(outcome.value)}`);
  } finally {
    fetchMode = saved;
  }
}

const client = () => new MarketplaceMetering({ region: 'us-east-1', endpointUrl: emulator.url, credentials: SELLER, fetch: switchingFetch, maxAttempts: 2 });

test('hostile inputs to every method settle, and the client keeps working', async () => {
  const c = client();
  await probe(c, 'nothing');
  for (let i = 0; i < 1500; i++) {
    const method = rnd.pick(METHODS);
    const input = rnd.chance(0.85) ? mutate(VALID[method]()) : hostile();
    await hostileCall(c, method, input, callOptions());
    if (i % PROBE_EVERY === PROBE_EVERY - 1) await probe(c, `${i + 1} hostile inputs`);
  }
  assert.deepEqual(problems, []);
});

test('hostile server answers settle, and the client keeps working', async () => {
  const c = client();
  fetchMode = 'hostile';
  try {
    for (let round = 0; round < 40; round++) {
      // A few at once, as a Worker would have them.
      const batch = Array.from({ length: 25 }, () => {
        const method = rnd.pick(METHODS);
        return { method, input: VALID[method]() };
      });
      await Promise.all(batch.map(({ method, input }) => {
        currentMethod = method;
        return hostileCall(c, method, input, rnd.chance(0.1) ? callOptions() : undefined);
      }));
      await probe(c, `${(round + 1) * batch.length} hostile answers`);
    }
  } finally {
    fetchMode = 'real';
  }
  assert.deepEqual(problems, []);
});

test('hostile constructor options and credentials providers', async () => {
  const good = () => ({ region: 'us-east-1', endpointUrl: emulator.url, credentials: SELLER, fetch: switchingFetch, maxAttempts: 1 });
  const providerResults = [
    () => SELLER, () => Promise.resolve(SELLER), () => hostile(), () => Promise.reject(hostile()), () => { throw new Error('provider'); },
    () => ({ ...SELLER, expiration: fakeDate() }), () => ({ ...SELLER, expiration: hostile() }), () => ({ ...SELLER, sessionToken: hostile() }),
    () => Object.assign(Promise.resolve(SELLER), { then() { throw new Error('then'); } }),
    () => Object.defineProperty(Promise.resolve(SELLER), 'constructor', { get() { throw new Error('constructor'); } }),
    () => ({ then(resolve) { resolve(hostile()); } }), () => ({ get then() { throw new Error('then getter'); } }),
    () => throwingProxy(), () => revokedProxy(), () => flakyProxy({ ...SELLER }, rnd.int(6)),
  ];
  const keys = ['region', 'credentials', 'credentialsProvider', 'fetch', 'endpointUrl', 'useFipsEndpoint', 'useDualStackEndpoint', 'maxAttempts', 'requestTimeoutMs'];
  const shared = client();
  for (let i = 0; i < 600; i++) {
    let options;
    const roll = rnd.next();
    if (roll < 0.1) options = hostile();
    else {
      options = good();
      const key = rnd.pick(keys);
      if (key === 'credentialsProvider') {
        delete options.credentials;
        const make = rnd.pick(providerResults);
        options.credentialsProvider = rnd.chance(0.9) ? make : hostile();
      } else if (key === 'credentials' && rnd.chance(0.5)) {
        options.credentials = { ...SELLER, [rnd.pick(['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration'])]: rnd.chance(0.3) ? fakeDate() : hostile() };
      } else {
        options[key] = hostile();
      }
      if (rnd.chance(0.1)) options = rnd.chance(0.5) ? throwingProxy(options) : flakyProxy(options, rnd.int(12));
    }
    counts.constructors++;
    let c;
    try {
      c = new MarketplaceMetering(options);
    } catch (error) {
      counts.constructorThrows++;
      if (!(error instanceof MarketplaceMeteringError)) problems.push(`constructor threw ${error?.name}: ${error?.message} for ${describe(options)}`);
      continue;
    }
    // Whatever it was built from, its calls settle (twice: a provider's failure must not stick).
    for (let k = 0; k < 2; k++) {
      const method = rnd.pick(METHODS);
      await hostileCall(c, method, VALID[method]());
    }
    if (rnd.chance(0.5)) c.close();
    if (rnd.chance(0.3)) c.free?.();
    if (i % PROBE_EVERY === PROBE_EVERY - 1) await probe(shared, `${i + 1} hostile constructions`);
  }
  await probe(shared, 'all hostile constructions');
  assert.deepEqual(problems, []);
});

test('a closed client rejects, and closing does not disturb other clients', async () => {
  const a = client();
  const b = client();
  const inFlight = a.meterUsageRecords(VALID.meterUsageRecords());
  a.close();
  a.close();
  const outcome = await settle(inFlight, 'call in flight during close');
  assert.ok(!outcome.ok && outcome.error instanceof MarketplaceMeteringError, `in flight: ${outcome.error}`);
  const later = await settle(a.meterUsage(VALID.meterUsage()), 'call after close');
  assert.equal(later.error?.name, 'ClientClosedError');
  await probe(b, 'closing another client');
});

// --- Regressions: each of these once left a promise unsettled, threw an uncaught exception, or
// trapped the instance (a JS exception from a js-sys call without `catch` unwound through Rust
// with a RefCell borrowed). Each must now reject with a MarketplaceMeteringError, twice. ---

async function withUncaught(fn) {
  const uncaught = [];
  const onUncaught = (e) => uncaught.push(e);
  process.on('uncaughtException', onUncaught);
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 20));
  } finally {
    process.off('uncaughtException', onUncaught);
  }
  assert.deepEqual(uncaught.map((e) => e?.message), [], 'exceptions escaped the client');
}

async function rejectsWith(promise, cls, what) {
  const outcome = await settle(promise, what);
  assert.ok(!outcome.ok, `${what}: resolved`);
  assert.ok(outcome.error instanceof cls, `${what}: ${outcome.error?.name}: ${outcome.error?.message}`);
  return outcome.error;
}

test('regression: a revoked Proxy as input is refused, not left unsettled', () => withUncaught(async () => {
  const c = client();
  for (const method of METHODS) {
    for (let k = 0; k < 2; k++) await rejectsWith(c[method](revokedProxy()), MarketplaceMeteringError, `${method}(revoked Proxy)`);
  }
  await probe(c, 'revoked Proxy inputs');
}));

test('regression: hostile credentialsProvider results reject, and the next call does not trap', () => withUncaught(async () => {
  const cases = {
    'an expiration that only pretends to be a Date': () => ({ ...SELLER, expiration: fakeDate() }),
    'a promise whose constructor getter throws': () => Object.defineProperty(Promise.resolve(SELLER), 'constructor', { get() { throw new Error('constructor'); } }),
    'a promise with an own throwing then': () => Object.assign(Promise.resolve(SELLER), { then() { throw new Error('then'); } }),
  };
  for (const [what, provider] of Object.entries(cases)) {
    const c = new MarketplaceMetering({ region: 'us-east-1', endpointUrl: emulator.url, credentialsProvider: provider });
    for (let k = 0; k < 2; k++) await rejectsWith(c.resolveCustomer({ registrationToken: 't' }), MarketplaceMeteringError, what);
  }
  assert.throws(() => new MarketplaceMetering({ region: 'us-east-1', credentials: { ...SELLER, expiration: fakeDate() } }), MarketplaceMeteringError);
  await probe(client(), 'hostile providers');
}));

test('regression: usageRecords that read differently after validation are refused before sending', () => withUncaught(async () => {
  const c = client();
  const records = [record(), { ...record(), dimension: 'api_calls' }];
  let reads = 0;
  const swapping = { productCode: 'prod-demo-saas', get usageRecords() { return reads++ === 0 ? records : records.slice(1); } };
  const e = await rejectsWith(c.meterUsageRecords(swapping), MarketplaceMeteringError, 'a list that changed');
  assert.equal(e.field, 'usageRecords');
  await rejectsWith(c.meterUsageRecords({ productCode: 'prod-demo-saas', usageRecords: flakyProxy(records, 4) }), MarketplaceMeteringError, 'a list that throws on a later read');
  await probe(c, 'changing lists');
}));

test('regression: a requestTimeoutMs beyond what timers take is refused (it would fire after 1 ms)', async () => {
  for (const ms of [2 ** 31, 2 ** 32, 1e12]) {
    assert.throws(() => new MarketplaceMetering({ region: 'us-east-1', credentials: SELLER, requestTimeoutMs: ms }), (e) => e instanceof MarketplaceMeteringError && e.field === 'requestTimeoutMs', String(ms));
  }
  const c = new MarketplaceMetering({ region: 'us-east-1', endpointUrl: emulator.url, credentials: SELLER, requestTimeoutMs: 2 ** 31 - 1 });
  await probe(c, 'the longest timeout');
});

test('regression: a call signed with a clock offset another call has since corrected retries instead of failing', async () => {
  // A signature-time error as the service words it, judged by a node whose clock is `clockMs`.
  const skewError = (clockMs, signedMs) => new Response(JSON.stringify({
    __type: 'com.amazon.coral.service#InvalidSignatureException',
    message: signedMs < clockMs ? 'Signature expired: 20261126T000000Z is now earlier than 20261126T000500Z (20261126T001000Z - 5 min.)'
      : 'Signature not yet current: 20261126T002000Z is still later than 20261126T001500Z (20261126T001000Z + 5 min.)',
  }), { status: 400, headers: { 'x-amzn-errortype': 'InvalidSignatureException:http://internal.amazon.com/coral/com.amazon.coral.service/', date: new Date(clockMs).toUTCString() } });
  const signedAt = (init) => {
    const d = new Headers(init.headers).get('x-amz-date');
    return Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8), +d.slice(9, 11), +d.slice(11, 13), +d.slice(13, 15));
  };
  const SKEW_MS = 15 * 60_000;
  let releaseB;
  const bMayAnswer = new Promise((r) => { releaseB = r; });
  let callB;
  let c;
  const seen = [];
  const fetchFn = async (url, init) => {
    const token = JSON.parse(new TextDecoder().decode(init.body)).RegistrationToken;
    const offset = signedAt(init) - Date.now();
    seen.push(`${token}${Math.abs(offset) > 60_000 ? '+skewed' : ''}`);
    const n = seen.filter((s) => s.startsWith(token)).length;
    if (token === 'A' && n === 1) return skewError(Date.now() + SKEW_MS, Date.now()); // one node 15 min ahead
    if (token === 'A' && n === 2) {
      // A now signs 15 min ahead, and so will B, started now; A's answer comes first.
      callB = c.resolveCustomer({ registrationToken: 'B' });
      await new Promise((r) => setTimeout(r, 20));
      setTimeout(releaseB, 20);
      return skewError(Date.now(), signedAt(init));
    }
    if (token === 'B' && n === 1) {
      await bMayAnswer;
      return skewError(Date.now(), signedAt(init));
    }
    if (Math.abs(offset) > 5 * 60_000) return skewError(Date.now(), signedAt(init));
    return new Response(JSON.stringify({ CustomerIdentifier: token, ProductCode: 'p' }), { status: 200, headers: { date: new Date().toUTCString() } });
  };
  c = new MarketplaceMetering({ region: 'us-east-1', endpointUrl: 'http://127.0.0.1:9', credentials: SELLER, fetch: fetchFn, maxAttempts: 3 });
  // A meets the skewed node: it learns +15 min, and its retry meets a normal node, whose Date
  // corrects the correction (a call may correct its clock twice): A's third attempt succeeds.
  const a = await settle(c.resolveCustomer({ registrationToken: 'A' }), 'A');
  assert.ok(a.ok, `A failed: ${a.error?.name}: ${a.error?.message} (requests ${seen.join(', ')})`);
  assert.equal(a.value.customerIdentifier, 'A');
  // B was signed with +15 min, answered after A set the offset back: B must retry and succeed.
  const b = await settle(callB, 'B');
  assert.ok(b.ok, `B failed: ${b.error?.name}: ${b.error?.message} (requests ${seen.join(', ')})`);
  assert.equal(b.value.customerIdentifier, 'B');
  assert.deepEqual([...seen].sort(), ['A', 'A', 'A+skewed', 'B', 'B+skewed']);
});
