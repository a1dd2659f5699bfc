// A world for the usage meter's tests: the test Worker (worker.mjs, bundled as Wrangler would)
// in workerd through Miniflare, with Durable Objects on disk (SQLite-backed, alarms), against the
// emulator in this process. One clock is shared by the emulator and the meters (the meters' test
// hook), so hours pass in seconds; the whole runtime can be restarted on the same storage; and the
// emulator's ledger is checked against the events the meters acknowledged.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { startEmulator } from "../../../js/emulator/server.js";
import { bundleWorker } from "../support/bundle-worker.mjs";

export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;
export const hourOf = (ms) => Math.floor(ms / HOUR_MS) * HOUR_MS;
export const DIMENSIONS = ["users", "api_calls", "storage_gb"];
export const HEARTBEAT_DIMENSION = "users";
const PRODUCT = "prod-um-saas";
const LEGACY_PRODUCT = "prod-um-legacy";
const SELLER = { accessKeyId: "AKIDUSAGEMETERSELLER", secretAccessKey: "usageMeterSellerSecret/K7MDENG/bPxRfiCYEXAMPLE" };

/**
 * Customers `from` to `from + count - 1`: mostly accounts with licenses, every 7th (from 3) a
 * legacy customer identifier of another product, every 10th (from 9) not subscribed.
 */
export function makeCustomers(count, from = 0) {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const n = String(i).padStart(6, "0");
    const subscribed = i % 10 !== 9;
    if (i % 7 === 3) return { customer: { productCode: LEGACY_PRODUCT, customerIdentifier: `um-legacy-${n}` }, subscribed };
    return { customer: { customerAWSAccountId: `410000${n}`, licenseArn: `arn:aws:license-manager::294406891311:license:l-um0000000${n}` }, subscribed };
  });
}

function seedFor(customers) {
  return {
    accessKeys: [{ ...SELLER, accountId: "111122223333" }],
    products: [
      { productCode: PRODUCT, dimensions: DIMENSIONS },
      { productCode: LEGACY_PRODUCT, dimensions: DIMENSIONS },
    ],
    customers: customers.map(({ customer, subscribed }) =>
      customer.licenseArn
        ? { productCode: PRODUCT, awsAccountId: customer.customerAWSAccountId, licenseArn: customer.licenseArn, subscribed }
        : { productCode: LEGACY_PRODUCT, customerIdentifier: customer.customerIdentifier, subscribed }),
  };
}

let bundling;
/** The test Worker bundled once per process. */
function bundledWorker() {
  bundling ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), "mmw-usage-meter-"));
    await bundleWorker(new URL("./worker.mjs", import.meta.url).pathname, outdir);
    process.once("exit", () => rmSync(outdir, { recursive: true, force: true }));
    return outdir;
  })();
  return bundling;
}

/**
 * Starts the emulator and the Worker. `vars` add to or override the meter's settings (grace 60 s,
 * spread 120 s, heartbeat on `users`, retries from 0.5 s to 4 s, test hooks on).
 */
export async function startWorld({ customers, faults = {}, faultSeed = 1, rateLimitPerSecond = 0, vars = {} }) {
  const outdir = await bundledWorker();
  const emulator = await startEmulator({ port: 0, seed: seedFor(customers), faults, faultSeed, rateLimitPerSecond });
  const persist = mkdtempSync(join(tmpdir(), "mmw-usage-meter-do-"));
  const logs = [];
  const options = {
    modules: true,
    scriptPath: join(outdir, "worker.js"),
    modulesRoot: outdir,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
    durableObjects: { USAGE_METER: { className: "UsageMeter", useSQLite: true } },
    durableObjectsPersist: persist,
    bindings: {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: SELLER.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SELLER.secretAccessKey,
      METERING_ENDPOINT_URL: emulator.url,
      USAGE_METER_GRACE_SECONDS: "60",
      USAGE_METER_SPREAD_SECONDS: "120",
      USAGE_METER_HEARTBEAT_DIMENSION: HEARTBEAT_DIMENSION,
      USAGE_METER_RETRY_BASE_SECONDS: "0.5",
      USAGE_METER_RETRY_MAX_SECONDS: "4",
      USAGE_METER_TEST_HOOKS: "1",
      ...vars,
    },
    // The meters' log lines (flush reports, CustomerNotSubscribed), kept for a failure's message.
    handleRuntimeStdio(stdout, stderr) {
      for (const stream of [stdout, stderr]) {
        stream.setEncoding("utf8");
        stream.on("data", (text) => logs.push(...text.split("\n").filter(Boolean)));
      }
    },
  };
  const heartbeat = Boolean(options.bindings.USAGE_METER_HEARTBEAT_DIMENSION);
  // The running runtime; a restart replaces this object at once, so a call either uses the old
  // runtime (and is sent again when that one is gone) or waits for the new one.
  let runtime = start(options);
  let offset = 0;
  const restarts = { count: 0 };

  const world = {
    emulator,
    customers,
    logs,
    restarts,
    now: () => Date.now() + offset,

    /** POSTs to the Worker; a call cut by a restart is sent again to the new runtime. */
    async call(route, body) {
      for (;;) {
        const mine = runtime;
        try {
          const res = await (await mine).dispatchFetch(`http://usage-meter.test/${route}`, { method: "POST", body: JSON.stringify(body) });
          if (!res.ok) throw new Error(`${route}: HTTP ${res.status} ${await res.text()}`);
          return await res.json();
        } catch (err) {
          if (mine === runtime) throw err;
        }
      }
    },

    /**
     * Like call with a list of customers, but every item must succeed: the routes besides record
     * are idempotent, so an item that failed (e.g. its meter was reset by a concurrent event's
     * crash hook) is sent again, a few times.
     */
    async callAll(route, { customers: list, ...rest }) {
      const values = new Array(list.length);
      let todo = list.map((customer, i) => ({ customer, i }));
      for (let round = 1; todo.length > 0; round++) {
        const answers = await world.call(route, { customers: todo.map((t) => t.customer), ...rest });
        const failed = [];
        answers.forEach((a, k) => (a.ok ? (values[todo[k].i] = a.value) : failed.push({ ...todo[k], error: a.error })));
        if (failed.length > 0 && round === 5) throw new Error(`${route}: ${failed.length} failed, e.g. ${JSON.stringify(failed[0].error)}`);
        todo = failed;
      }
      return values;
    },

    /** Moves the emulator's clock and the meters' (of `subset`) to `virtualNow`; their alarms follow. */
    async setClock(virtualNow, subset = customers) {
      offset = virtualNow - Date.now();
      emulator.setClockOffsetMs(offset);
      await world.poke(subset);
    },

    /** Gives the meters the clock again, which also sets their alarms again. */
    poke(subset = customers) {
      return world.callAll("hooks", { customers: subset.map((c) => c.customer), hooks: { clockOffsetMs: offset } });
    },

    hooks(subset, hooks) {
      return world.callAll("hooks", { customers: subset.map((c) => c.customer), hooks });
    },

    status(subset = customers) {
      return world.callAll("status", { customers: subset.map((c) => c.customer) });
    },

    /** Stops workerd and starts it again on the same storage: every object loses its memory. */
    async restart(subset = customers) {
      restarts.count++;
      const old = runtime;
      runtime = (async () => {
        await (await old).dispose();
        return start(options);
      })();
      await runtime;
      // workerd may not fire an alarm it did not set itself since starting: wake the meters.
      await world.poke(subset);
    },

    /**
     * Waits until every meter of `subset` is done with the hours up to `through`: nothing of them
     * counting or waiting for AWS, and (heartbeats being on) sealed through it if it knows a
     * customer by then. With `open: false`, nothing may be counting at all. Resolves with the statuses.
     */
    async settle(subset, { through, open = true, timeoutMs = 60_000 }) {
      const deadline = Date.now() + timeoutMs;
      const unsettled = (s) =>
        s.pending.length > 0 ||
        s.open.some((r) => !open || Date.parse(r.hour) <= through) ||
        (heartbeat && s.customers.some((c) => !c.notSubscribed && Date.parse(c.since) <= through) && !(Date.parse(s.sealedThrough) >= through));
      for (;;) {
        const statuses = await world.status(subset);
        const waiting = statuses.filter(unsettled);
        if (waiting.length === 0) return statuses;
        if (Date.now() > deadline) {
          throw new Error(`${waiting.length} meters not settled through ${new Date(through).toISOString()}, e.g. ${JSON.stringify(waiting[0]).slice(0, 1500)}\nlast log lines:\n${logs.slice(-15).join("\n")}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    },

    /** BatchMeterUsage records the emulator billed (for one customer, given one). */
    billed(customer) {
      const records = emulator.ledger().records.filter((r) => r.operation === "BatchMeterUsage");
      if (!customer) return records;
      const who = JSON.stringify(customerOf(customer));
      return records.filter((r) => JSON.stringify(customerOf(fromLedger(r.customer, r.productCode))) === who);
    },

    async close() {
      await (await runtime).dispose();
      await emulator.close();
      rmSync(persist, { recursive: true, force: true });
    },
  };
  await runtime;
  return world;
}

async function start(options) {
  const mf = new Miniflare(options);
  await mf.ready;
  return mf;
}

/** One key per customer, dimension and hour, the same from an event, a ledger record or a status record. */
export function usageKey(c, dimension, hourMs) {
  return JSON.stringify([c.licenseArn ?? c.license ?? null, c.customerAWSAccountId ?? c.account ?? null, c.customerIdentifier ?? c.identifier ?? null, dimension, hourMs]);
}

/**
 * Checks the ledger against what the meters said: `recorded` is [{ event, result }] with
 * result = recordUsage's answer (the hour each event counts in); `statuses` the meters' final
 * status. Subscribed customers' usage must be billed exactly as counted, hour by hour, plus a
 * zero record on the heartbeat dimension for each of their sealed hours without usage;
 * unsubscribed customers' usage must be reported CustomerNotSubscribed, never billed.
 * Only the ledger records of `customers` count. Returns { events, records, lost, twice, problems }:
 * lost and twice in units of quantity.
 */
export function checkLedger(world, recorded, statuses, customers = world.customers) {
  const subscribed = new Map(customers.map((c) => [JSON.stringify(c.customer), c.subscribed]));
  const isSubscribed = (e) => subscribed.get(JSON.stringify(customerOf(e)));
  const problems = [];
  const expected = new Map();
  const notSubscribedUsage = new Map();
  for (const { event, result } of recorded) {
    const who = JSON.stringify(customerOf(event));
    if (!isSubscribed(event)) {
      notSubscribedUsage.set(who, (notSubscribedUsage.get(who) ?? 0) + event.quantity);
      continue;
    }
    const key = usageKey(event, event.dimension, Date.parse(result.hour));
    expected.set(key, (expected.get(key) ?? 0) + event.quantity);
  }
  // Heartbeats: every sealed hour since the customer's first, without usage, gets one zero record.
  const used = new Set([...expected.keys()].map((k) => { const [l, a, i, , h] = JSON.parse(k); return JSON.stringify([l, a, i, h]); }));
  for (const s of statuses) {
    if (s.sealedThrough === null) continue;
    for (const c of s.customers) {
      if (!subscribed.get(JSON.stringify(customerOf(c)))) continue;
      for (let h = Date.parse(c.since); h <= Date.parse(s.sealedThrough); h += HOUR_MS) {
        const k = usageKey(c, HEARTBEAT_DIMENSION, h);
        const [l, a, i] = JSON.parse(k);
        if (!used.has(JSON.stringify([l, a, i, h])) && !expected.has(k)) expected.set(k, 0);
      }
    }
  }
  const billed = new Map();
  const records = world.billed().filter((r) => subscribed.has(JSON.stringify(customerOf(fromLedger(r.customer, r.productCode)))));
  for (const r of records) {
    const key = usageKey(r.customer, r.dimension, r.hour * 1000);
    if (billed.has(key)) problems.push(`billed twice for one hour: ${key}`);
    billed.set(key, (billed.get(key) ?? 0) + r.quantity);
  }
  let lost = 0;
  let twice = 0;
  for (const key of new Set([...expected.keys(), ...billed.keys()])) {
    const e = expected.get(key);
    const b = billed.get(key);
    if (e === b) continue;
    if (e === undefined) problems.push(`billed but never counted there: ${key} = ${b}`);
    else if (b === undefined) problems.push(`counted but never billed: ${key} = ${e}`);
    else problems.push(`billed ${b}, counted ${e}: ${key}`);
    lost += Math.max(0, (e ?? 0) - (b ?? 0));
    twice += Math.max(0, (b ?? 0) - (e ?? 0));
  }
  // Unsubscribed customers: reported, with all their usage, and nothing left to retry.
  const reported = new Map();
  for (const s of statuses) {
    for (const r of s.history) {
      if (r.status === "CustomerNotSubscribed") reported.set(JSON.stringify(customerOf(r)), (reported.get(JSON.stringify(customerOf(r))) ?? 0) + r.quantity);
      else if (r.status !== "Success") problems.push(`a record ended ${r.status}: ${JSON.stringify(r)}`);
    }
    if (s.pending.length > 0) problems.push(`still pending: ${JSON.stringify(s.pending[0])}`);
  }
  for (const [who, quantity] of notSubscribedUsage) {
    if (reported.get(who) !== quantity) problems.push(`unsubscribed ${who}: usage ${quantity}, reported CustomerNotSubscribed ${reported.get(who) ?? 0}`);
  }
  return { events: recorded.length, records: records.length, lost, twice, problems };
}

/** A ledger record's customer as an event names it. */
function fromLedger({ identifier, account, license }, productCode) {
  return { customerAWSAccountId: account ?? undefined, licenseArn: license ?? undefined, customerIdentifier: identifier ?? undefined, productCode };
}

/** The customer members of an event, status record or customer. */
export function customerOf(x) {
  return x.licenseArn
    ? { customerAWSAccountId: x.customerAWSAccountId, licenseArn: x.licenseArn }
    : x.customerIdentifier
      ? { productCode: x.productCode, customerIdentifier: x.customerIdentifier }
      : { productCode: x.productCode, customerAWSAccountId: x.customerAWSAccountId };
}
