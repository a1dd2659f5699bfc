#!/usr/bin/env node
// Fault soak: thousands of usage records and a few hundred MeterUsage calls through the built
// package (pkg/node.js) against the local emulator injecting throttling, 500s, connection
// resets and truncated bodies (before and after the work is committed), clock skew and
// unprocessed records. Whatever the client reports as not done is submitted again, as a
// seller's cron would, until everything is accounted for; then the emulator's ledger must
// show every record billed exactly once and match the client's results one for one.
//
//   node scripts/soak.mjs [--records 10000] [--seed 1] [--quiet] [--after-commit P] [--require-after-commit]
//
// Deterministic where it can be: the customers, records and the emulator's fault dice come
// from the seed. The order in which concurrent requests reach the emulator (and so which
// request draws which fault) still depends on timing and the client's backoff jitter.

import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { startEmulator } from '../js/emulator/server.js';
import { mulberry32 } from '../js/emulator/faults.js';
import { inBatchWindow, inMeterWindow } from '../js/emulator/metering.js';
import { MarketplaceMetering, BatchError, MarketplaceMeteringError } from '../pkg/node.js';

const { values: args } = parseArgs({
  options: {
    records: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    quiet: { type: 'boolean', default: false },
    // Fail unless an answer was lost after the work was billed: the case a careless client
    // double-bills, and a small run can miss by chance.
    'require-after-commit': { type: 'boolean', default: false },
    // The probability of each after-commit fault (default 0.01 resets, 0.005 truncations);
    // a small run raises it so the case is certain to occur.
    'after-commit': { type: 'string' },
  },
});
const RECORDS = Number(args.records);
const SEED = Number(args.seed);
if (!Number.isInteger(RECORDS) || RECORDS < 1) throw new Error(`--records must be a positive integer, got ${args.records}`);
if (!Number.isInteger(SEED)) throw new Error(`--seed must be an integer, got ${args.seed}`);
const log = args.quiet ? () => {} : (...a) => console.error('soak:', ...a);

// The fault mix: 20% throttling, 5% 500s, 2% resets and 1% truncated bodies (half of each
// after the work was billed, which is the case that double-bills a careless client), 1% of
// requests judged by a node whose clock is 15 min off, and 2% of batch records unprocessed.
const FAULTS = {
  throttle: 0.2,
  internal: 0.05,
  reset: 0.01,
  resetAfterCommit: 0.01,
  truncate: 0.005,
  truncateAfterCommit: 0.005,
  skew: 0.01,
  unprocessed: 0.02,
};
if (args['after-commit'] !== undefined) {
  const p = Number(args['after-commit']);
  if (!(p >= 0 && p <= 1)) throw new Error(`--after-commit must be a probability, got ${args['after-commit']}`);
  FAULTS.resetAfterCommit = p;
  FAULTS.truncateAfterCommit = p;
}
const MAX_ATTEMPTS = 10;
// A real cron gives up eventually; a soak that needs this many rounds has found a problem.
const MAX_ROUNDS = 40;
const HOUR = 3600;

const rand = mulberry32(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];
const shuffle = (list) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
};
const pad = (n, width) => String(n).padStart(width, '0');

// --- The emulator's world: one seller, several buyers, 150 SaaS customers of three kinds. ---
const SELLER = { accessKeyId: 'AKIDSOAKSELLER000001', secretAccessKey: 'soakSellerSecret/K7MDENG/bPxRfiCYEXAMPLE' };
const BUYERS = Array.from({ length: 8 }, (_, i) => ({
  accessKeyId: `ASIASOAKBUYER${pad(i, 7)}`,
  secretAccessKey: `soakBuyerSecret${i}/wJalrXUtnFEMI/EXAMPLEKEY`,
  // Half the buyers use temporary credentials, half long-term keys.
  ...(i % 2 === 0 ? { sessionToken: `soak-session-token-${i}-FwoGZXIvYXdzEXAMPLE` } : {}),
  accountId: `5000000000${pad(i, 2)}`,
}));
const DIMENSIONS = ['users', 'api_calls', 'storage_gb', 'seats', 'gb_transferred'];
const LEGACY = 'prod-soak-legacy'; // ProductCode + CustomerIdentifier or CustomerAWSAccountId
const LICENSED = 'prod-soak-license'; // LicenseArn + CustomerAWSAccountId, no ProductCode
const METERED = [
  { productCode: 'prod-soak-ami', dimensions: ['hosts', 'cores', 'gb'] },
  { productCode: 'prod-soak-container', dimensions: ['vcpu_hours', 'requests', 'tasks'] },
];

const customers = [];
for (let i = 0; i < 150; i++) {
  const kind = i % 5 < 2 ? 'identifier' : i % 5 === 2 ? 'account' : 'license';
  const account = `31${pad(i, 10)}`;
  if (kind === 'identifier') customers.push({ productCode: LEGACY, customerIdentifier: `soak-cust-${pad(i, 4)}-${Math.floor(rand() * 1e6).toString(36)}` });
  else if (kind === 'account') customers.push({ productCode: LEGACY, awsAccountId: account });
  else customers.push({ productCode: LICENSED, awsAccountId: account, licenseArn: `arn:aws:license-manager::294406891311:license:l-soak${pad(i, 13)}` });
}
const seed = {
  accessKeys: [{ ...SELLER, accountId: '111122223333' }, ...BUYERS],
  products: [
    { productCode: LEGACY, dimensions: DIMENSIONS },
    { productCode: LICENSED, dimensions: DIMENSIONS },
    METERED[0],
    { ...METERED[1], entitledAccounts: BUYERS.map((b) => b.accountId) },
  ],
  customers,
};

// --- The usage: distinct customer x dimension x hour, within the last 24 hours. ---
const startMs = Date.now();
const nowSec = Math.floor(startMs / 1000);
// Every record must stay inside the window for the whole run (an hour is far more than it needs).
const inWindowForAnHour = (ts) => inBatchWindow(ts, startMs) && inBatchWindow(ts, startMs + 3600 * 1000 - 60 * 1000);
// Each record's time is drawn inside one whole past hour (never the current one, never across
// an hour boundary), so distinct (customer, dimension, hour) triples stay distinct on the wire
// whatever the minute the soak starts at.
const thisHour = Math.floor(nowSec / HOUR) * HOUR;
const batchTimes = Array.from({ length: 24 }, (_, k) => thisHour - (k + 1) * HOUR).filter(inWindowForAnHour);
const universe = [];
for (const c of customers) for (const d of DIMENSIONS) for (const t of batchTimes) universe.push([c, d, t]);
if (RECORDS > universe.length) throw new Error(`at most ${universe.length} distinct records fit this world, asked for ${RECORDS}`);
shuffle(universe);

function usageRecord([c, dimension, ts]) {
  const quantity = Math.floor(rand() * 10_000);
  const r = { timestamp: new Date((ts + Math.floor(rand() * HOUR)) * 1000), dimension, quantity };
  if (c.customerIdentifier) r.customerIdentifier = c.customerIdentifier;
  else r.customerAWSAccountId = c.awsAccountId;
  if (c.licenseArn) r.licenseArn = c.licenseArn;
  if (rand() < 0.1 && quantity > 1) {
    const first = Math.floor(quantity / 3);
    r.usageAllocations = [
      { allocatedUsageQuantity: first, tags: [{ key: 'team', value: 'a' }] },
      { allocatedUsageQuantity: quantity - first, tags: [{ key: 'team', value: 'b' }, { key: 'env', value: 'prod' }] },
    ];
  }
  return r;
}
const records = universe.slice(0, RECORDS).map(usageRecord);
const groups = [
  { name: LEGACY, productCode: LEGACY, records: records.filter((r) => !r.licenseArn) },
  { name: LICENSED, records: records.filter((r) => r.licenseArn) },
];

// MeterUsage: distinct buyer x product x dimension x hour within the last 6 hours, plus repeats.
const meterTimes = Array.from({ length: 6 }, (_, k) => thisHour - (k + 1) * HOUR).filter((ts) => inMeterWindow(ts, startMs + 5 * 60 * 1000));
const meterUniverse = [];
for (const buyer of BUYERS) for (const p of METERED) for (const d of p.dimensions) for (const t of meterTimes) meterUniverse.push([buyer, p.productCode, d, t]);
shuffle(meterUniverse);
const meterCount = Math.min(meterUniverse.length, Math.max(30, Math.round(RECORDS * 0.025)));
const meterCalls = meterUniverse.slice(0, meterCount).map(([buyer, productCode, usageDimension, ts]) => ({
  buyer,
  input: { productCode, usageDimension, timestamp: new Date((ts + Math.floor(rand() * HOUR)) * 1000), usageQuantity: Math.floor(rand() * 500), clientToken: randomUUID() },
}));
// A repeat is a new call with the same parameters and its own token: the same id, billed once.
const repeats = Array.from({ length: Math.ceil(meterCount / 6) }, () => {
  const original = pick(meterCalls);
  return { buyer: original.buyer, input: { ...original.input, clientToken: randomUUID() }, repeatOf: original };
});

// --- Counting what crosses the wire, by request body (a retry re-sends the same body). ---
const wire = { bodies: new Map(), recordSends: new Map(), requests: 0 };
const recordKey = (productCode, r) => JSON.stringify([
  productCode ?? customers.find((c) => c.licenseArn === r.LicenseArn)?.productCode ?? null,
  r.LicenseArn ?? null, r.CustomerIdentifier ?? null, r.CustomerAWSAccountId ?? null, r.Dimension, Math.floor(r.Timestamp / HOUR) * HOUR,
]);
const countingFetch = async (url, init) => {
  wire.requests++;
  const text = new TextDecoder().decode(init.body);
  wire.bodies.set(text, (wire.bodies.get(text) ?? 0) + 1);
  const body = JSON.parse(text);
  for (const r of body.UsageRecords ?? []) {
    const key = recordKey(body.ProductCode, r);
    wire.recordSends.set(key, (wire.recordSends.get(key) ?? 0) + 1);
  }
  return fetch(url, init);
};

const problems = [];
const problem = (text) => {
  if (problems.length < 50) problems.push(text);
  else if (problems.length === 50) problems.push('... (more problems not listed)');
};
const clientErrors = {}; // what the client gave up on, by error name
const noteError = (e) => {
  if (!(e instanceof MarketplaceMeteringError)) problem(`a rejection that is not a MarketplaceMeteringError: ${e?.stack ?? e}`);
  clientErrors[e?.name] = (clientErrors[e?.name] ?? 0) + 1;
};
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

// --- Run. ---
const emu = await startEmulator({ port: 0, seed, faults: FAULTS, faultSeed: SEED, rateLimitPerSecond: 0 });
const client = (credentials) => new MarketplaceMetering({ region: 'us-east-1', endpointUrl: emu.url, credentials, fetch: countingFetch, maxAttempts: MAX_ATTEMPTS });
const seller = client(SELLER);
const buyerClients = new Map(BUYERS.map((b) => [b.accessKeyId, client(b)]));
log(`${records.length} usage records (${groups.map((g) => `${g.records.length} ${g.name}`).join(', ')}), ${meterCalls.length + repeats.length} meterUsage calls, faults ${JSON.stringify(FAULTS)}`);

const results = new Map(); // record object -> its result
const rounds = { [LEGACY]: 0, [LICENSED]: 0, meterUsage: 0 };
let resubmittedRecords = 0;
let resubmittedMeterCalls = 0;

async function meterGroup(group) {
  let pending = group.records;
  while (pending.length > 0) {
    if (++rounds[group.name] > MAX_ROUNDS) {
      problem(`${group.name}: ${pending.length} records still not accounted for after ${MAX_ROUNDS} rounds`);
      return;
    }
    if (rounds[group.name] > 1) {
      resubmittedRecords += pending.length;
      await pause(250);
    }
    let out;
    try {
      out = await seller.meterUsageRecords({ ...(group.productCode ? { productCode: group.productCode } : {}), usageRecords: pending }, { concurrency: 4 });
    } catch (e) {
      if (!(e instanceof BatchError)) {
        noteError(e);
        problem(`${group.name}: meterUsageRecords rejected with ${e?.name}: ${e?.message}`);
        return;
      }
      for (const f of e.failures) noteError(f.error);
      const failed = new Set(e.failures.flatMap((f) => f.usageRecords));
      for (const r of failed) if (!e.unprocessedRecords.includes(r)) problem(`${group.name}: a record of a failed call is missing from unprocessedRecords`);
      out = e;
    }
    // Every record sent comes back exactly once, as a result or unprocessed, as the caller's own object.
    const seen = new Set();
    for (const { usageRecord, meteringRecordId, status } of out.results) {
      if (seen.has(usageRecord)) problem(`${group.name}: a record came back twice in one answer`);
      seen.add(usageRecord);
      if (results.has(usageRecord)) problem(`${group.name}: a record got a second result in a later round`);
      results.set(usageRecord, { meteringRecordId, status });
    }
    for (const r of out.unprocessedRecords) {
      if (seen.has(r)) problem(`${group.name}: a record is both a result and unprocessed`);
      seen.add(r);
    }
    if (seen.size !== pending.length || pending.some((r) => !seen.has(r))) {
      problem(`${group.name}: sent ${pending.length} records, got ${seen.size} back, not the same objects`);
    }
    pending = out.unprocessedRecords;
  }
}

const meterResults = new Map(); // call -> meteringRecordId
async function meterOne(call) {
  const c = buyerClients.get(call.buyer.accessKeyId);
  for (let round = 1; ; round++) {
    if (round > 1) {
      resubmittedMeterCalls++;
      await pause(250);
    }
    rounds.meterUsage = Math.max(rounds.meterUsage, round);
    try {
      // The same input again, so the same clientToken: the service answers a retry of a
      // call it billed with that call's id.
      const { meteringRecordId } = await c.meterUsage(call.input);
      meterResults.set(call, meteringRecordId);
      return;
    } catch (e) {
      noteError(e);
      if (!e?.$retryable || round >= MAX_ROUNDS) {
        problem(`meterUsage ${JSON.stringify(call.input)}: ${e?.name}: ${e?.message}`);
        return;
      }
    }
  }
}

async function pool(items, width, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

const started = performance.now();
await Promise.all([
  ...groups.map(meterGroup),
  (async () => {
    await pool(meterCalls, 6, meterOne);
    await pool(repeats, 6, meterOne);
  })(),
]);
const wallMs = performance.now() - started;

// --- Compare with the ledger. ---
const ledger = emu.ledger().records;
const stats = emu.stats();
await emu.close();
for (const c of [seller, ...buyerClients.values()]) c.close();

const batchLedger = new Map();
const meterLedger = new Map();
for (const entry of ledger) {
  const c = entry.customer;
  if (entry.operation === 'BatchMeterUsage') {
    const key = JSON.stringify([entry.productCode, c.license, c.identifier, c.account, entry.dimension, entry.hour]);
    if (batchLedger.has(key)) problem(`billed twice: ${key}`);
    batchLedger.set(key, entry);
  } else {
    const key = JSON.stringify([c.account, entry.productCode, entry.dimension, entry.hour]);
    if (meterLedger.has(key)) problem(`MeterUsage billed twice: ${key}`);
    meterLedger.set(key, entry);
  }
}

const statuses = {};
let lost = 0;
let wrongId = 0;
let unaccounted = 0;
let unexplainedDuplicates = 0;
const afterCommitFaults = (stats.faults.resetAfterCommit ?? 0) + (stats.faults.truncateAfterCommit ?? 0);
for (const r of records) {
  const wireRecord = { LicenseArn: r.licenseArn, CustomerIdentifier: r.customerIdentifier, CustomerAWSAccountId: r.customerAWSAccountId, Dimension: r.dimension, Timestamp: Math.floor(r.timestamp.getTime() / 1000) };
  const key = recordKey(r.licenseArn ? undefined : LEGACY, wireRecord);
  const entry = batchLedger.get(key);
  const result = results.get(r);
  if (!entry) { lost++; problem(`never billed: ${key}`); continue; }
  if (entry.quantity !== r.quantity) problem(`billed quantity ${entry.quantity}, sent ${r.quantity}: ${key}`);
  if (JSON.stringify(entry.allocations ?? null) !== JSON.stringify(r.usageAllocations?.map((a) => ({ AllocatedUsageQuantity: a.allocatedUsageQuantity, Tags: a.tags.map((t) => ({ Key: t.key, Value: t.value })) })) ?? null)) {
    problem(`billed allocations differ from those sent: ${key}`);
  }
  if (!result) { unaccounted++; problem(`billed but the client never reported it: ${key}`); continue; }
  statuses[result.status] = (statuses[result.status] ?? 0) + 1;
  if (result.meteringRecordId !== entry.meteringRecordId) { wrongId++; problem(`client id ${result.meteringRecordId}, ledger id ${entry.meteringRecordId}: ${key}`); }
  if (result.status === 'DuplicateRecord' && !(afterCommitFaults > 0 && (wire.recordSends.get(key) ?? 0) > 1)) {
    unexplainedDuplicates++;
    problem(`DuplicateRecord for a record sent once or with no after-commit fault: ${key}`);
  }
  if (result.status !== 'Success' && result.status !== 'DuplicateRecord') problem(`status ${result.status}: ${key}`);
}
// Counted from the raw ledger, not the maps above, so a record billed twice shows as extra.
const batchBilled = ledger.filter((e) => e.operation === 'BatchMeterUsage').length;
const meterBilled = ledger.length - batchBilled;
const extraBatch = batchBilled - (records.length - lost);

let meterLost = 0;
for (const call of [...meterCalls, ...repeats]) {
  const { productCode, usageDimension, timestamp, usageQuantity } = call.input;
  const key = JSON.stringify([call.buyer.accountId, productCode, usageDimension, Math.floor(timestamp.getTime() / 1000 / HOUR) * HOUR]);
  const entry = meterLedger.get(key);
  const id = meterResults.get(call);
  if (!entry) { meterLost++; problem(`MeterUsage never billed: ${key}`); continue; }
  if (entry.quantity !== usageQuantity) problem(`MeterUsage billed ${entry.quantity}, sent ${usageQuantity}: ${key}`);
  if (id === undefined) problem(`MeterUsage billed but never answered: ${key}`);
  else if (id !== entry.meteringRecordId) problem(`MeterUsage id ${id}, ledger ${entry.meteringRecordId}: ${key}`);
  if (call.repeatOf && meterResults.get(call.repeatOf) !== id) problem(`a repeated MeterUsage got another id: ${key}`);
}
const extraMeter = meterBilled - (meterCalls.length - meterLost);

const attempts = Object.values(stats.requests).reduce((a, b) => a + b, 0);
const calls = wire.bodies.size;
const billedEqualsSent = problems.length === 0 && lost === 0 && extraBatch === 0 && meterLost === 0 && extraMeter === 0
  && batchBilled === records.length && meterBilled === meterCalls.length && unaccounted === 0 && wrongId === 0 && unexplainedDuplicates === 0;
const fmt = (o) => Object.entries(o).sort().map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
const resent = [...wire.recordSends.values()].filter((n) => n > 1).length;

console.log(`fault soak (seed ${SEED}, maxAttempts ${MAX_ATTEMPTS}, faults ${JSON.stringify(FAULTS)})
  usage records sent:      ${records.length} (${groups.map((g) => `${g.records.length} ${g.name}`).join(', ')}; ${customers.length} customers)
  meterUsage calls:        ${meterCalls.length} distinct + ${repeats.length} repeats, ${BUYERS.length} buyer keys
  calls (request bodies):  ${calls}
  attempts (emulator):     ${attempts} (${fmt(stats.requests)})
  retries:                 ${attempts - calls}
  faults injected:         ${fmt(stats.faults)}
  records sent > once:     ${resent}
  resubmission rounds:     ${groups.map((g) => `${g.name} ${rounds[g.name] - 1}`).join(', ')}, meterUsage ${Math.max(0, rounds.meterUsage - 1)} (${resubmittedRecords} records, ${resubmittedMeterCalls} meterUsage calls resubmitted)
  errors returned:         ${fmt(clientErrors)}
  client statuses:         ${fmt(statuses)}
  ledger:                  ${batchBilled} batch records billed (sent ${records.length}, lost ${lost}, extra ${extraBatch}), ${meterBilled} MeterUsage records billed (distinct ${meterCalls.length}, lost ${meterLost}, extra ${extraMeter})
  wall time:               ${(wallMs / 1000).toFixed(1)} s
  billed == sent:          ${billedEqualsSent}`);
if (args['require-after-commit'] && afterCommitFaults === 0) {
  problem('no answer was lost after commit in this run, so the dangerous case went untested: try another --seed');
}
if (problems.length > 0) console.log(`problems:\n  ${problems.join('\n  ')}`);
process.exit(billedEqualsSent && problems.length === 0 ? 0 : 1);
