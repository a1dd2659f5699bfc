#!/usr/bin/env node
// The usage meter at scale: many concurrent requests record usage events for many customers
// through the installed package's `workers` subpath in workerd, while the emulator injects faults,
// the meters crash at random at every crash point, the whole runtime restarts, and the clock moves
// across four hours (events arriving late for hours being sealed or already sent). Then the
// emulator's ledger must equal the recorded events per customer, dimension and hour (each event in
// the hour the meter said it counts in), plus the hourly zero records, and the late-event policy
// must hold for every event. Ends with one line:
//   usage-meter: E events, R records billed, lost L, twice T      (L and T in units of quantity)
//
//   node tests/js/usage-meter/run.mjs [--events 10000] [--customers 100] [--seed 1]
//     [--crash-rate 0.05] [--restarts 2] [--rate-limit 10] [--quiet]
// Exit status 0 when nothing was lost, nothing billed twice and every check held.

import { parseArgs } from "node:util";
import { mulberry32 } from "../../../js/emulator/faults.js";
import { startWorld, makeCustomers, checkLedger, hourOf, HOUR_MS, MINUTE_MS, DIMENSIONS } from "./harness.mjs";

const { values: args } = parseArgs({
  options: {
    events: { type: "string", default: "10000" },
    customers: { type: "string", default: "100" },
    seed: { type: "string", default: "1" },
    // Per crash point of a flush, per flush; recording crashes at a fifth of it (it runs per event).
    "crash-rate": { type: "string", default: "0.05" },
    restarts: { type: "string", default: "2" },
    // AWS allows 10 BatchMeterUsage calls a second per account and region.
    "rate-limit": { type: "string", default: "10" },
    quiet: { type: "boolean", default: false },
  },
});
const EVENTS = Number(args.events);
const CUSTOMERS = Number(args.customers);
const SEED = Number(args.seed);
const CRASH_RATE = Number(args["crash-rate"]);
const RESTARTS = Number(args.restarts);
const RATE_LIMIT = Number(args["rate-limit"]);
for (const [name, value] of Object.entries({ EVENTS, CUSTOMERS, SEED, RESTARTS, RATE_LIMIT })) {
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name.toLowerCase().replace("_", "-")} must be a whole number`);
}
if (!(CRASH_RATE >= 0 && CRASH_RATE <= 1)) throw new Error("--crash-rate must be a probability");
const log = args.quiet ? () => {} : (...a) => console.error("usage-meter:", ...a);

// Faults on every BatchMeterUsage call: throttling, 500s and 503s, resets and truncated answers
// (half of them after the records were billed), a skewed clock, unprocessed records.
const FAULTS = {
  throttle: 0.1,
  internal: 0.04,
  unavailable: 0.02,
  reset: 0.02,
  resetAfterCommit: 0.04,
  truncate: 0.02,
  truncateAfterCommit: 0.04,
  skew: 0.02,
  unprocessed: 0.05,
};
const CRASHES = {
  afterRecord: CRASH_RATE / 5,
  afterSeal: CRASH_RATE,
  beforeSend: CRASH_RATE,
  afterSend: CRASH_RATE,
  afterMark: CRASH_RATE,
};
const BATCH = 25; // events per request
const CONCURRENCY = 16; // requests in flight

const rand = mulberry32(SEED);
const pick = (list) => list[Math.floor(rand() * list.length)];
const customers = makeCustomers(CUSTOMERS);
const started = performance.now();
const world = await startWorld({ customers, faults: FAULTS, faultSeed: SEED, rateLimitPerSecond: RATE_LIMIT });

// Hours: H0 is the hour the run starts in. Each phase sets the clock to 10 minutes past an hour,
// when the previous hour is due (grace 60 s + spread up to 120 s); events go to the current hour
// and, late, to earlier ones, some still being sealed while they arrive.
const H0 = hourOf(Date.now());
const PHASES = [
  { at: H0 + 10 * MINUTE_MS, share: 0.35, hours: [H0], late: [H0 - HOUR_MS] },
  { at: H0 + HOUR_MS + 10 * MINUTE_MS, share: 0.35, hours: [H0 + HOUR_MS], late: [H0 - HOUR_MS, H0] },
  { at: H0 + 2 * HOUR_MS + 10 * MINUTE_MS, share: 0.3, hours: [H0 + 2 * HOUR_MS], late: [H0, H0 + HOUR_MS] },
  { at: H0 + 3 * HOUR_MS + 10 * MINUTE_MS, share: 0, hours: [], late: [] },
];
const LATE_SHARE = 0.25;

const recorded = []; // { event, result, phaseAt }
const policy = [];
let eventNo = 0;
let failedRequests = 0;

try {
  for (const [p, phase] of PHASES.entries()) {
    await world.setClock(phase.at);
    if (p === 0) {
      await world.callAll("register", { customers: customers.map((c) => c.customer) });
      await world.hooks(customers, { crashRates: CRASHES });
    }
    const count = p === PHASES.length - 2 ? EVENTS - eventNo : Math.round(EVENTS * phase.share);
    const events = Array.from({ length: count }, () => {
      const hour = rand() < LATE_SHARE ? pick(phase.late) : pick(phase.hours);
      const latest = Math.min(hour + HOUR_MS, phase.at) - hour; // never in the future
      return {
        ...pick(customers).customer,
        dimension: pick(DIMENSIONS),
        quantity: 1 + Math.floor(rand() * 5),
        eventId: `scale-${SEED}-${++eventNo}`,
        timestamp: hour + Math.floor(rand() * latest),
      };
    });
    // A restart of workerd in the middle of the phase, with requests and flushes in flight.
    const restartAt = p >= 1 && p <= RESTARTS ? Math.floor(events.length / BATCH / 2) : -1;
    await sendAll(events, phase.at, restartAt);
    log(`phase ${p + 1}: clock ${new Date(phase.at).toISOString()}, ${events.length} events recorded`);
    const through = hourOf(phase.at) - HOUR_MS;
    await world.settle(customers, { through, open: p < PHASES.length - 1, timeoutMs: 240_000 });
    log(`phase ${p + 1}: every meter sealed and sent ${new Date(through).toISOString()}`);
  }

  const statuses = await world.status(customers);
  const check = checkLedger(world, recorded, statuses);
  const crashed = {};
  for (const hooks of await world.hooks(customers, {})) {
    for (const [point, n] of Object.entries(hooks.crashed ?? {})) crashed[point] = (crashed[point] ?? 0) + n;
  }
  const stats = world.emulator.stats();
  const late = recorded.filter(({ result }) => result.late).length;
  const ok = check.lost === 0 && check.twice === 0 && check.problems.length === 0 && policy.length === 0 && recorded.length === EVENTS;
  const fmt = (o) => Object.entries(o).sort().map(([k, v]) => `${k} ${v}`).join(", ") || "none";
  if (!args.quiet || !ok) {
    console.log(`usage meter at scale (seed ${SEED}): ${CUSTOMERS} customers (${customers.filter((c) => !c.subscribed).length} not subscribed), ${EVENTS} events over 4 hours
  late events:             ${late} counted in a later hour than their own
  meter resets injected:   ${fmt(crashed)}; workerd restarts ${world.restarts.count}
  BatchMeterUsage:         ${stats.requests.BatchMeterUsage ?? 0} requests; faults ${fmt(stats.faults)}
  requests retried whole:  ${failedRequests}
  wall time:               ${((performance.now() - started) / 1000).toFixed(1)} s`);
    for (const line of [...check.problems, ...policy].slice(0, 30)) console.log(`  problem: ${line}`);
  }
  console.log(`usage-meter: ${check.events} events, ${check.records} records billed, lost ${check.lost}, twice ${check.twice}`);
  process.exitCode = ok ? 0 : 1;
} catch (err) {
  console.log(`usage-meter: the run stopped: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  await world.close();
}

/** Sends the events in requests of BATCH, CONCURRENCY at a time; a request that failed is sent again (same event ids). */
async function sendAll(events, now, restartAt) {
  const batches = [];
  for (let i = 0; i < events.length; i += BATCH) batches.push(events.slice(i, i + BATCH));
  let next = 0;
  let restart;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < batches.length) {
      const n = next++;
      if (n === restartAt) restart = world.restart();
      let pending = batches[n];
      for (let round = 1; pending.length > 0; round++) {
        if (round > 20) throw new Error(`events still not recorded after 20 rounds: ${JSON.stringify(pending[0])}`);
        const answers = await world.call("record", { events: pending });
        const again = [];
        answers.forEach((answer, i) => {
          if (answer.ok) accept(pending[i], answer.value, now);
          else again.push(pending[i]);
        });
        if (again.length > 0) failedRequests++;
        pending = again;
      }
    }
  }));
  await restart;
}

/** Keeps the event's outcome and checks the late-event policy against it. */
function accept(event, result, now) {
  recorded.push({ event, result });
  const own = hourOf(event.timestamp);
  const counted = Date.parse(result.hour);
  const current = hourOf(now);
  // Its own hour while that hour is open (the current hour always is); otherwise the oldest open
  // hour, which lies between its own and the current one.
  if (own === current && counted !== own) policy.push(`an event of the open hour counted in ${result.hour}: ${JSON.stringify(event)}`);
  if (counted < own || counted > current) policy.push(`counted in ${result.hour}, outside its own hour and now: ${JSON.stringify(event)}`);
  if (result.late !== (counted !== own)) policy.push(`late is ${result.late} for ${JSON.stringify(event)} counted in ${result.hour}`);
}
