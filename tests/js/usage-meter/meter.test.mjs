// The usage meter (marketplace-metering-wasm/workers) in workerd against the emulator: events from
// concurrent requests, a crash of the Durable Object at each point of recording and flushing,
// restarts of the whole runtime, late events, unsubscribed customers, heartbeats, an outage past
// AWS's 24 hours, and malformed events. Every test uses customers of its own; the clock shared by
// the emulator and the meters moves forward an hour at a time.

import { before, after, test } from "node:test";
import assert from "node:assert/strict";
import { startWorld, makeCustomers, checkLedger, hourOf, HOUR_MS, MINUTE_MS, DIMENSIONS, HEARTBEAT_DIMENSION } from "./harness.mjs";

const everyone = makeCustomers(60);
const subscribed = everyone.filter((c) => c.subscribed);
const unsubscribed = everyone.filter((c) => !c.subscribed);
let world;
let clock; // the shared virtual time
let taken = 0;
let eventNo = 0;

/** Customers no other test has used, their meters on the shared clock. */
async function fresh(count) {
  const customers = subscribed.slice(taken, (taken += count));
  assert.equal(customers.length, count, "the test file ran out of customers");
  await world.poke(customers);
  return customers;
}

/** Moves the clock to 10 minutes past the next hour: the current hour becomes due. */
async function nextHour(customers) {
  clock = hourOf(clock) + HOUR_MS + 10 * MINUTE_MS;
  await world.setClock(clock, customers);
}

/** `count` events for each customer in `hour`, over the dimensions, quantities 1 to 5. */
function eventsFor(customers, hour, count) {
  return customers.flatMap((c) => Array.from({ length: count }, (_, k) => ({
    ...c.customer,
    dimension: DIMENSIONS[k % DIMENSIONS.length],
    quantity: 1 + (k % 5),
    eventId: `test-${++eventNo}`,
    timestamp: hour + ((k * 7) % 60) * MINUTE_MS,
  })));
}

/** Records events in concurrent requests of `per` events each; resolves with [{ event, result }]. */
async function record(events, per = 10) {
  const chunks = [];
  for (let i = 0; i < events.length; i += per) chunks.push(events.slice(i, i + per));
  const answers = (await Promise.all(chunks.map((chunk) => world.call("record", { events: chunk })))).flat();
  return answers.map((answer, i) => {
    if (!answer.ok) assert.fail(`recordUsage failed: ${JSON.stringify(answer.error)}`);
    return { event: events[i], result: answer.value };
  });
}

function assertBilledExactly(recorded, statuses, customers) {
  const check = checkLedger(world, recorded, statuses, customers);
  assert.deepEqual(check.problems, [], "the ledger matches the counted events hour by hour");
  assert.equal(check.lost, 0);
  assert.equal(check.twice, 0);
  return check;
}

before(async () => {
  world = await startWorld({ customers: everyone });
  clock = hourOf(Date.now()) + 10 * MINUTE_MS;
  await world.setClock(clock, []);
}, { timeout: 60_000 });

after(async () => {
  await world?.close();
}, { timeout: 30_000 });

test("events from many concurrent requests are stored before recordUsage returns, and billed once per customer, dimension and hour", async () => {
  const customers = await fresh(4);
  const hour = hourOf(clock);
  const recorded = await record(eventsFor(customers, hour, 60));
  assert.ok(recorded.every(({ result }) => result.counted && Date.parse(result.hour) === hour && !result.late));
  const statuses = await world.status(customers);
  for (const s of statuses) {
    assert.equal(s.open.reduce((sum, r) => sum + r.quantity, 0), 180, "each meter holds its customer's 60 events (quantities 1..5) before the hour ends");
  }
  // A repeated event id (a retry, a redelivery) counts once, and says where it counted.
  const again = await record(recorded.slice(0, 15).map(({ event }) => event));
  assert.ok(again.every(({ result }) => !result.counted && Date.parse(result.hour) === hour));

  await nextHour(customers);
  const check = assertBilledExactly(recorded, await world.settle(customers, { through: hour }), customers);
  assert.equal(check.records, 12, "4 customers x 3 dimensions");
});

for (const point of ["afterRecord", "afterSeal", "beforeSend", "afterSend", "afterMark"]) {
  test(`a Durable Object reset at ${point} neither loses usage nor bills it twice`, async () => {
    const customers = await fresh(2);
    await world.hooks(customers, { crashOnce: [point] });
    const hour = hourOf(clock);
    const recorded = await record(eventsFor(customers, hour, 12), 3);
    await nextHour(customers);
    const statuses = await world.settle(customers, { through: hour });
    assertBilledExactly(recorded, statuses, customers);
    for (const hooks of await world.hooks(customers, {})) assert.equal(hooks.crashed?.[point], 1, `each meter was reset at ${point} once`);
    const attempts = statuses.flatMap((s) => s.history.map((r) => r.attempts));
    if (point === "beforeSend" || point === "afterSend") {
      // Marked sent (and for afterSend, billed) before the reset: sent again, and AWS's
      // de-duplication answered Success with the same id.
      assert.ok(attempts.every((n) => n === 2), `every record was sent twice: ${attempts}`);
    } else {
      assert.ok(attempts.every((n) => n === 1), `every record was sent once: ${attempts}`);
    }
  });
}

test("a restart of the whole runtime keeps counted events, sealed hours and alarms, also mid-send", async () => {
  const customers = await fresh(3);
  const hour = hourOf(clock);
  const recorded = await record(eventsFor(customers, hour, 10));
  await world.restart(customers);
  recorded.push(...(await record(eventsFor(customers, hour, 5))));
  const again = await record(recorded.slice(0, 5).map(({ event }) => event));
  assert.ok(again.every(({ result }) => !result.counted), "event ids survive the restart");

  // The restart comes while the flush's BatchMeterUsage call is in the emulator.
  world.emulator.setFaults({ slow: 1, slowMs: 2000, operations: ["BatchMeterUsage"] });
  const sentBefore = world.emulator.stats().requests.BatchMeterUsage ?? 0;
  await nextHour(customers);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const inFlight = (world.emulator.stats().requests.BatchMeterUsage ?? 0) - sentBefore;
  await world.restart(customers);
  world.emulator.setFaults({});
  assert.ok(inFlight > 0, "the restart interrupted a send");
  assertBilledExactly(recorded, await world.settle(customers, { through: hour }), customers);
});

test("an event for an hour already sent counts in the next open hour, never as a second record", async () => {
  const [customer] = await fresh(1);
  const hour = hourOf(clock);
  const recorded = await record(eventsFor([customer], hour, 6));

  // Within the grace period the hour is still open: a late event still counts in its own hour.
  clock = hour + HOUR_MS + 30_000;
  await world.setClock(clock, [customer]);
  const inGrace = await record(eventsFor([customer], hour, 1));
  assert.equal(Date.parse(inGrace[0].result.hour), hour);
  assert.equal(inGrace[0].result.late, false);
  recorded.push(...inGrace);

  clock = hour + HOUR_MS + 10 * MINUTE_MS;
  await world.setClock(clock, [customer]);
  await world.settle([customer], { through: hour });
  const billedBefore = world.billed(customer.customer).filter((r) => r.hour * 1000 === hour);

  const late = await record(eventsFor([customer], hour, 3));
  for (const { result } of late) {
    assert.equal(result.late, true);
    assert.equal(Date.parse(result.hour), hour + HOUR_MS, "counted in the next hour not yet sent");
  }
  recorded.push(...late);
  await nextHour([customer]);
  const statuses = await world.settle([customer], { through: hour + HOUR_MS });
  assertBilledExactly(recorded, statuses, [customer]);
  const billedAfter = world.billed(customer.customer).filter((r) => r.hour * 1000 === hour);
  assert.deepEqual(billedAfter, billedBefore, "the sent hour was not sent again");
  assert.ok(statuses[0].history.every((r) => r.status === "Success"), "no DuplicateRecord");
});

test("CustomerNotSubscribed is kept and reported, and never retried", async () => {
  const [customer] = unsubscribed;
  await world.poke([customer]);
  const hour = hourOf(clock);
  const recorded = await record(eventsFor([customer], hour, 6));
  await nextHour([customer]);
  const [status] = await world.settle([customer], { through: hour });
  assert.equal(status.pending.length, 0);
  assert.deepEqual(status.history.map((r) => r.status), ["CustomerNotSubscribed", "CustomerNotSubscribed", "CustomerNotSubscribed"]);
  assert.equal(status.history.reduce((sum, r) => sum + r.quantity, 0), recorded.reduce((sum, { event }) => sum + event.quantity, 0));
  assert.equal(status.customers[0].notSubscribed, true);

  // Another hour: no heartbeat for it, nothing sent again (a flush finds nothing to do).
  const sent = world.emulator.stats().requests.BatchMeterUsage;
  await nextHour([customer]);
  await world.callAll("flush", { customers: [customer.customer] });
  const [later] = await world.settle([customer], { through: hour + HOUR_MS });
  assert.equal(later.history.length, 3);
  assert.equal(later.open.length + later.pending.length, 0);
  assert.equal(world.emulator.stats().requests.BatchMeterUsage, sent);
  assert.deepEqual(world.billed(customer.customer), []);
});

test("a registered customer without usage gets a zero-quantity record for every hour", async () => {
  const customers = await fresh(2);
  await world.callAll("register", { customers: customers.map((c) => c.customer) });
  const hour = hourOf(clock);
  await nextHour(customers);
  await nextHour(customers);
  const statuses = await world.settle(customers, { through: hour + HOUR_MS });
  assertBilledExactly([], statuses, customers);
  for (const c of customers) {
    const zeros = world.billed(c.customer);
    assert.deepEqual(zeros.map((r) => [r.dimension, r.quantity, r.hour * 1000]), [[HEARTBEAT_DIMENSION, 0, hour], [HEARTBEAT_DIMENSION, 0, hour + HOUR_MS]]);
  }
});

test("a record AWS refuses for good is sent alone and rejected; the customer's other records are billed", async () => {
  const [customer] = await fresh(1);
  const hour = hourOf(clock);
  const events = [
    ...eventsFor([customer], hour, 3),
    // Not one of the product's dimensions: InvalidUsageDimensionException fails the whole call.
    { ...customer.customer, dimension: "no_such_dimension", quantity: 4, eventId: `test-${++eventNo}`, timestamp: hour },
  ];
  await record(events);
  await nextHour([customer]);
  const [status] = await world.settle([customer], { through: hour });
  const byDimension = Object.fromEntries(status.history.map((r) => [r.dimension, r]));
  assert.equal(byDimension.no_such_dimension.status, "Rejected");
  assert.equal(byDimension.no_such_dimension.error, "InvalidUsageDimensionException");
  assert.equal(byDimension.no_such_dimension.attempts, 2, "once with the others, once alone");
  for (const dimension of DIMENSIONS) assert.equal(byDimension[dimension].status, "Success");
  const billed = world.billed(customer.customer);
  assert.deepEqual(billed.map((r) => r.dimension).sort(), [...DIMENSIONS].sort());
});

test("recordUsage refuses a malformed event with a ValidationError and stores nothing", async () => {
  // Never sent anywhere, so it need not be one of the emulator's customers.
  const customer = { customer: { customerAWSAccountId: "499999999999", licenseArn: "arn:aws:license-manager::294406891311:license:l-malformed" } };
  const bad = [
    { ...customer.customer, dimension: "users", quantitiy: 1 },
    { ...customer.customer, dimension: "users", quantity: -1 },
    { ...customer.customer, dimension: "", quantity: 1 },
    { licenseArn: customer.customer.licenseArn, dimension: "users", quantity: 1 },
    { ...customer.customer, productCode: "p", dimension: "users", quantity: 1 },
    { ...customer.customer, dimension: "users", quantity: 1, timestamp: "yesterday" },
  ];
  const answers = await world.call("record", { events: bad });
  assert.deepEqual(answers.map((a) => [a.ok, a.error?.name, a.error?.field]), [
    [false, "ValidationError", "quantitiy"],
    [false, "ValidationError", "quantity"],
    [false, "ValidationError", "dimension"],
    [false, "ValidationError", "customerAWSAccountId"],
    [false, "ValidationError", "productCode"],
    [false, "ValidationError", "timestamp"],
  ]);
  const [status] = await world.status([customer]);
  assert.equal(status.open.length + status.customers.length, 0);
});

// Last: it moves the shared clock a day and more.
test("usage whose hour could not be sent within AWS's 24 hours (an outage) moves to an open hour", async () => {
  const [customer] = await fresh(1);
  const hour = hourOf(clock);
  const recorded = await record(eventsFor([customer], hour, 6));
  const total = recorded.reduce((sum, { event }) => sum + event.quantity, 0);
  // Nothing runs for 30 hours; then the meter wakes up.
  clock = hour + 30 * HOUR_MS + 10 * MINUTE_MS;
  await world.setClock(clock, [customer]);
  const [status] = await world.settle([customer], { through: hour + 29 * HOUR_MS });
  const carried = status.history.filter((r) => r.status === "Carried");
  assert.equal(carried.length, 3);
  assert.ok(carried.every((r) => Date.parse(r.carriedTo) === hour + 30 * HOUR_MS));
  await nextHour([customer]);
  await world.settle([customer], { through: hour + 30 * HOUR_MS });
  const billed = world.billed(customer.customer).filter((r) => r.quantity > 0);
  assert.deepEqual([...new Set(billed.map((r) => r.hour * 1000))], [hour + 30 * HOUR_MS]);
  assert.equal(billed.reduce((sum, r) => sum + r.quantity, 0), total);
});

test("the test hooks are inert without USAGE_METER_TEST_HOOKS=1", async () => {
  const [customer] = makeCustomers(1, 1000);
  const plain = await startWorld({ customers: [customer], vars: { USAGE_METER_TEST_HOOKS: "" } });
  try {
    const [hooks] = await plain.call("hooks", { customers: [customer.customer], hooks: { clockOffsetMs: HOUR_MS, crashOnce: ["afterRecord"] } });
    assert.equal(hooks.ok, false);
    assert.match(hooks.error.message, /test hooks are off/);
    const [answer] = await plain.call("record", { events: [{ ...customer.customer, dimension: "users", quantity: 2, eventId: "plain-1" }] });
    assert.equal(answer.ok, true);
    const [status] = await plain.status([customer]);
    assert.ok(Math.abs(Date.parse(status.now) - Date.now()) < 60_000, "the meter's clock is the wall clock");
    assert.equal(status.open[0].quantity, 2);
  } finally {
    await plain.close();
  }
});
