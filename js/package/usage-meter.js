// UsageMeter, the Durable Object behind marketplace-metering-wasm/workers: counts usage events
// per customer, dimension and hour in its transactional storage and, once an hour is over (plus a
// grace period), reports the hour's totals with BatchMeterUsage, exactly once. The design — storage
// layout, the flush, the late-event policy, crash safety — is the README's "Metering at scale".
//
// Storage (one object per customer, see workers.js; the code works for any number of customers):
//   meta                          { sealedThrough }: every hour up to this one (epoch ms) is sealed:
//                                 its totals are final and new events for it count in a later hour
//   c:<customer>                  { customer, since, notSubscribed? }
//   r:<hour>:[<customer>,<dim>]   a record not yet acknowledged: { hour, customer, dimension, quantity,
//                                 sent, attempts, failures, nextAt, lastError?, isolate? }
//   f:<hour>:[<customer>,<dim>]   a final record, kept HISTORY: { ..., status, meteringRecordId?, error?, carriedTo? }
//   e:<eventId>                   { hour, late }: the event was counted in that hour
//   x:<recordedAt>:<eventId>      index for pruning e: keys
//   test:hooks                    test hooks (read only with USAGE_METER_TEST_HOOKS=1)
// <hour> and <recordedAt> are 13-digit epoch ms, so keys sort by time.

import { DurableObject } from "cloudflare:workers";
import { MarketplaceMetering, MarketplaceMeteringServiceException, BatchError, ValidationError, CredentialsError } from "marketplace-metering-wasm";
import {
  HOUR_MS,
  MAX_QUANTITY,
  SEND_MARGIN_MS,
  hourOf,
  sendDeadline,
  firstSendableHour,
  checkCustomer,
  checkUsageEvent,
  customerKey,
  customerFromKey,
} from "./usage-events.js";

const META = "meta";
const HOOKS = "test:hooks";
const NEW_META = { sealedThrough: -1 };
/** Records the prune step deletes per flush; the rest goes at the next one. */
const PRUNE_BATCH = 512;
/** Storage's limit on keys per put() or delete() call. */
const KEYS_PER_CALL = 128;
/** Where a test may make the object crash (USAGE_METER_TEST_HOOKS=1 only). */
const CRASH_POINTS = ["afterRecord", "afterSeal", "beforeSend", "afterSend", "afterMark"];

const pad = (ms) => String(ms).padStart(13, "0");
const recordKey = (prefix, hour, customer, dimension) => `${prefix}${pad(hour)}:${JSON.stringify([customer, dimension])}`;
const hourPrefix = (prefix, hour) => `${prefix}${pad(hour)}:`;

function readConfig(env) {
  const seconds = (name, fallback) => {
    const value = env[name];
    if (value === undefined || value === "") return fallback * 1000;
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`usage-meter: ${name} must be a number of seconds, at least 0; got ${JSON.stringify(value)}`);
    return n * 1000;
  };
  return {
    graceMs: seconds("USAGE_METER_GRACE_SECONDS", 300),
    spreadMs: seconds("USAGE_METER_SPREAD_SECONDS", 600),
    retryBaseMs: seconds("USAGE_METER_RETRY_BASE_SECONDS", 30),
    retryMaxMs: seconds("USAGE_METER_RETRY_MAX_SECONDS", 900),
    eventIdRetentionMs: seconds("USAGE_METER_EVENT_ID_RETENTION_SECONDS", 24 * 3600),
    historyMs: seconds("USAGE_METER_HISTORY_SECONDS", 48 * 3600),
    heartbeatDimension: env.USAGE_METER_HEARTBEAT_DIMENSION || undefined,
  };
}

/** FNV-1a of the object's id, as a fraction in [0, 1): where in the spread window this object flushes. */
function spreadFraction(id) {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

export class UsageMeter extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    this.config = readConfig(env);
    this.spreadMs = Math.floor(spreadFraction(ctx.id.toString()) * this.config.spreadMs);
    this.alarmAt = undefined; // the alarm (wall-clock ms) as last read or set; undefined: not read yet
    this.flushes = Promise.resolve(); // one flush at a time
    this.flushing = false;
    this.hooks = null;
    if (env.USAGE_METER_TEST_HOOKS === "1") {
      ctx.blockConcurrencyWhile(async () => {
        this.hooks = (await ctx.storage.get(HOOKS)) ?? {};
      });
    }
  }

  /** The client that sends the records. Override in a subclass for other credentials (e.g. a credentialsProvider). */
  createMeteringClient(env) {
    return new MarketplaceMetering({
      region: env.AWS_REGION || "us-east-1",
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      },
      ...(env.METERING_ENDPOINT_URL ? { endpointUrl: env.METERING_ENDPOINT_URL } : {}),
      requestTimeoutMs: 10_000,
    });
  }

  /** The object's clock: wall time, moved by the test hooks' clockOffsetMs in tests only. */
  now() {
    return Date.now() + (this.hooks?.clockOffsetMs ?? 0);
  }

  /** When an hour's records are sent: after the hour, the grace period and this object's place in the spread. */
  dueAt(hour) {
    return hour + HOUR_MS + this.config.graceMs + this.spreadMs;
  }

  // ------------------------------------------------------------------------------ recording

  /** Counts one usage event (see recordUsage in workers.js). Stored before it returns. */
  async record(input) {
    const event = checkUsageEvent(input);
    const now = this.now();
    const outcome = await this.ctx.storage.transaction(async (txn) => {
      if (event.eventId !== undefined) {
        const seen = await txn.get(`e:${event.eventId}`);
        if (seen) return { counted: false, hour: seen.hour, late: seen.late };
      }
      const meta = (await txn.get(META)) ?? NEW_META;
      const customer = customerKey(event);
      if (!(await txn.get(`c:${customer}`))) await txn.put(`c:${customer}`, { customer: checkCustomer(event), since: hourOf(now) });
      // The late-event policy: an event counts in its own hour while that hour is open; otherwise
      // (sealed, or too old for AWS to accept) in the oldest hour that is still open. Future
      // timestamps count now.
      const own = Math.min(hourOf(event.timestamp ?? now), hourOf(now));
      const hour = await addToOpenHour(txn, Math.max(own, meta.sealedThrough + HOUR_MS, firstSendableHour(now)), customer, event.dimension, event.quantity);
      const late = hour !== own;
      if (event.eventId !== undefined) {
        await txn.put(`e:${event.eventId}`, { hour, late });
        await txn.put(`x:${pad(now)}:${event.eventId}`, hour);
      }
      return { counted: true, hour, late };
    });
    if (outcome.counted) await this.ensureAlarm(this.dueAt(outcome.hour));
    await this.crashPoint("afterRecord");
    return { counted: outcome.counted, hour: new Date(outcome.hour), late: outcome.late };
  }

  /** Remembers a customer, so that hours without usage get zero-quantity records (USAGE_METER_HEARTBEAT_DIMENSION). */
  async addCustomer(input) {
    const customer = checkCustomer(input);
    const key = `c:${customerKey(customer)}`;
    const known = await this.ctx.storage.get(key);
    const since = known?.since ?? hourOf(this.now());
    if (!known) await this.ctx.storage.put(key, { customer, since });
    if (this.config.heartbeatDimension) {
      const meta = (await this.ctx.storage.get(META)) ?? NEW_META;
      await this.ensureAlarm(this.dueAt(Math.max(since, meta.sealedThrough + HOUR_MS)));
    }
  }

  // ------------------------------------------------------------------------------ the flush

  async alarm() {
    this.alarmAt = null; // the alarm that fired is gone; the flush sets the next one
    try {
      await this.flush();
    } catch (err) {
      // Our own steps do not throw; storage can. Come back later rather than rely on the
      // runtime's few alarm retries.
      console.error(JSON.stringify({ usageMeter: "flush failed", error: String(err?.stack ?? err) }));
      await this.setAlarmAt(Date.now() + this.config.retryMaxMs);
    }
  }

  /** Sends every record that is due now; resolves with what happened. Runs after any flush in progress. */
  flush() {
    const run = this.flushes.then(async () => {
      this.flushing = true;
      try {
        return await this.flushOnce();
      } catch (err) {
        // Events recorded meanwhile left the alarm to this flush.
        await this.scheduleAlarm(this.now()).catch(() => {});
        throw err;
      } finally {
        this.flushing = false;
      }
    });
    this.flushes = run.catch(() => {});
    return run;
  }

  async flushOnce() {
    const storage = this.ctx.storage;
    const now = this.now();
    const report = { sent: 0, billed: 0, duplicate: 0, notSubscribed: 0, rejected: 0, retrying: 0, carried: 0, expired: 0 };

    // 1. Seal the hours that are over: from here on their totals do not change.
    let meta = (await storage.get(META)) ?? NEW_META;
    const dueThrough = hourOf(now - this.config.graceMs - this.spreadMs) - HOUR_MS;
    if (dueThrough > meta.sealedThrough) {
      const sealed = { ...meta, sealedThrough: dueThrough };
      await storage.transaction(async (txn) => {
        await this.addHeartbeats(txn, meta.sealedThrough, dueThrough, now);
        await txn.put(META, sealed);
      });
      meta = sealed;
      await this.crashPoint("afterSeal");
    }

    // 2. Choose what to send, and mark it sent before sending: a record that may have reached AWS
    // never moves to another hour.
    const openFrom = meta.sealedThrough + HOUR_MS;
    const batch = [];
    await storage.transaction(async (txn) => {
      for (const [key, record] of await txn.list({ prefix: "r:", end: hourPrefix("r:", openFrom) })) {
        const deadline = sendDeadline(record.hour);
        if (!record.sent && now >= deadline - SEND_MARGIN_MS) {
          // Never sent and its window is closing (an outage): count it in an open hour instead.
          if (record.quantity > 0) {
            const to = await addToOpenHour(txn, Math.max(openFrom, firstSendableHour(now)), record.customer, record.dimension, record.quantity);
            await finish(txn, key, record, { status: "Carried", carriedTo: to }, now);
            report.carried++;
          } else {
            await finish(txn, key, record, { status: "Expired" }, now);
          }
        } else if (record.sent && now >= deadline) {
          // Sent, maybe billed, and AWS no longer takes it: report it, never send it elsewhere.
          await finish(txn, key, record, { status: "Expired", error: record.lastError }, now);
          report.expired++;
        } else if (record.nextAt <= now) {
          const sending = { ...record, sent: true, attempts: record.attempts + 1 };
          await txn.put(key, sending);
          batch.push({ key, record: sending, wasSent: record.sent });
        }
      }
    });

    if (batch.length > 0) {
      await this.crashPoint("beforeSend");
      // 3. Send. AWS bills a customer, dimension and hour once, so sending again after a crash is safe.
      const outcomes = await this.send(batch);
      await this.crashPoint("afterSend");
      // 4. Mark what AWS acknowledged; the rest waits for the next alarm (backoff from now: the
      // client's own retries may have taken minutes).
      const answeredAt = this.now();
      await storage.transaction(async (txn) => {
        for (const item of batch) await this.applyOutcome(txn, item, outcomes.get(item.key) ?? { retry: "NoAnswer" }, answeredAt, report);
      });
      report.sent = batch.length;
      await this.crashPoint("afterMark");
    }

    await this.prune(now);
    await this.scheduleAlarm(now);
    if (report.sent + report.carried + report.expired > 0) {
      const counts = Object.fromEntries(Object.entries(report).filter(([, n]) => n > 0));
      console.log(JSON.stringify({ usageMeter: "flush", sealedThrough: new Date(meta.sealedThrough).toISOString(), ...counts }));
    }
    return report;
  }

  /** Zero-quantity records, for the hours being sealed, for customers without usage in them. */
  async addHeartbeats(txn, sealedThrough, dueThrough, now) {
    const dimension = this.config.heartbeatDimension;
    if (!dimension) return;
    const customers = [...(await txn.list({ prefix: "c:" }))].filter(([, c]) => !c.notSubscribed);
    if (customers.length === 0) return;
    for (let hour = Math.max(sealedThrough + HOUR_MS, firstSendableHour(now)); hour <= dueThrough; hour += HOUR_MS) {
      const used = new Set([...(await txn.list({ prefix: hourPrefix("r:", hour) })).values()].map((r) => r.customer));
      for (const [key, c] of customers) {
        const customer = key.slice(2);
        if (c.since <= hour && !used.has(customer)) await txn.put(recordKey("r:", hour, customer, dimension), newRecord(hour, customer, dimension, 0));
      }
    }
  }

  /** Sends the batch in calls of one product each; returns storage key -> outcome. */
  async send(batch) {
    const outcomes = new Map();
    let client;
    try {
      client = this.meteringClient ??= this.createMeteringClient(this.env);
    } catch (err) {
      // Missing or malformed credentials: nothing was sent.
      for (const item of batch) outcomes.set(item.key, { retry: err, nothingSent: true });
      return outcomes;
    }
    // One product per BatchMeterUsage call; a record that failed a whole call goes alone.
    const calls = new Map();
    for (const item of batch) {
      const customer = customerFromKey(item.record.customer);
      const { productCode, ...who } = customer;
      item.usageRecord = { timestamp: new Date(item.record.hour), dimension: item.record.dimension, quantity: item.record.quantity, ...who };
      const group = (customer.licenseArn ? `license ${customer.licenseArn}` : `product ${productCode}`) + (item.record.isolate ? ` ${item.key}` : "");
      if (!calls.has(group)) calls.set(group, { productCode: customer.licenseArn ? undefined : productCode, items: [] });
      calls.get(group).items.push(item);
    }
    for (const call of calls.values()) await this.sendCall(client, call, outcomes);
    return outcomes;
  }

  async sendCall(client, { productCode, items }, outcomes) {
    let answer;
    try {
      answer = await client.meterUsageRecords({ ...(productCode ? { productCode } : {}), usageRecords: items.map((i) => i.usageRecord) });
    } catch (err) {
      if (!(err instanceof BatchError)) {
        // Checked before anything was sent: a ValidationError names the record (usageRecords[i]).
        const nothingSent = err instanceof ValidationError || err instanceof CredentialsError;
        const bad = err instanceof ValidationError ? /^usageRecords\[(\d+)\]/.exec(err.field ?? "")?.[1] : undefined;
        items.forEach((item, i) => {
          if (bad !== undefined && Number(bad) === i) outcomes.set(item.key, { reject: err });
          else outcomes.set(item.key, { retry: err, nothingSent, now: bad !== undefined });
        });
        return;
      }
      answer = err;
    }
    const find = itemFinder(items);
    for (const r of answer.results) {
      const item = find(r.usageRecord);
      if (item && r.status) outcomes.set(item.key, { status: r.status, meteringRecordId: r.meteringRecordId });
    }
    for (const { error, usageRecords } of answer.failures ?? []) {
      // A non-retryable error fails the whole call: find the record that causes it by sending each alone.
      const final = error instanceof MarketplaceMeteringServiceException && !error.$retryable;
      for (const r of usageRecords) {
        const item = find(r);
        if (!item) continue;
        if (final && usageRecords.length === 1) outcomes.set(item.key, { reject: error });
        else outcomes.set(item.key, final ? { retry: error, isolate: true, now: true } : { retry: error });
      }
    }
    for (const r of answer.unprocessedRecords) {
      const item = find(r);
      if (item && !outcomes.has(item.key)) outcomes.set(item.key, { retry: "UnprocessedRecord" });
    }
  }

  async applyOutcome(txn, { key, record, wasSent }, outcome, now, report) {
    const customerStore = `c:${record.customer}`;
    switch (outcome.status) {
      case "Success":
      case "DuplicateRecord": {
        // DuplicateRecord: AWS already has this hour with another quantity (sent by something
        // else); its first record stands. Done either way, and reported.
        await finish(txn, key, record, { status: outcome.status, meteringRecordId: outcome.meteringRecordId }, now);
        report[outcome.status === "Success" ? "billed" : "duplicate"]++;
        const c = await txn.get(customerStore);
        if (c?.notSubscribed && outcome.status === "Success") await txn.put(customerStore, { ...c, notSubscribed: false });
        return;
      }
      case "CustomerNotSubscribed": {
        // Final: kept in the history and reported, never sent again; heartbeats stop.
        await finish(txn, key, record, { status: "CustomerNotSubscribed" }, now);
        report.notSubscribed++;
        const c = await txn.get(customerStore);
        if (c && !c.notSubscribed) await txn.put(customerStore, { ...c, notSubscribed: true });
        console.warn(JSON.stringify({ usageMeter: "CustomerNotSubscribed", ...customerFromKey(record.customer), dimension: record.dimension, hour: new Date(record.hour).toISOString(), quantity: record.quantity }));
        return;
      }
    }
    if (outcome.reject) {
      await finish(txn, key, record, { status: "Rejected", error: errorName(outcome.reject) }, now);
      report.rejected++;
      console.error(JSON.stringify({ usageMeter: "rejected", ...customerFromKey(record.customer), dimension: record.dimension, hour: new Date(record.hour).toISOString(), error: errorName(outcome.reject), message: outcome.reject?.message }));
      return;
    }
    const failures = (record.failures ?? 0) + 1;
    const backoff = Math.min(this.config.retryMaxMs, this.config.retryBaseMs * 2 ** (failures - 1)) * (0.5 + Math.random() / 2);
    await txn.put(key, {
      ...record,
      // Proven unsent (checked or refused before sending): the record may still move hours.
      sent: outcome.nothingSent ? wasSent : true,
      failures,
      nextAt: outcome.now ? now : now + Math.round(backoff),
      lastError: errorName(outcome.retry),
      isolate: record.isolate || outcome.isolate || undefined,
    });
    report.retrying++;
  }

  // ------------------------------------------------------------------------------ upkeep

  /** Deletes final records older than the history window, and event ids past retention whose hour is done. */
  async prune(now) {
    const storage = this.ctx.storage;
    const old = await storage.list({ prefix: "f:", end: hourPrefix("f:", hourOf(now - this.config.historyMs)), limit: PRUNE_BATCH });
    await deleteKeys(storage, [...old.keys()]);
    const firstPending = (await storage.list({ prefix: "r:", limit: 1 })).values().next().value?.hour ?? Infinity;
    const expired = await storage.list({ prefix: "x:", end: `x:${pad(now - this.config.eventIdRetentionMs)}`, limit: PRUNE_BATCH });
    const done = [...expired].filter(([, hour]) => hour < firstPending);
    await deleteKeys(storage, done.flatMap(([key]) => [key, `e:${key.slice(16)}`]));
  }

  /** Sets the alarm for the next thing to do: an hour to seal, a retry, upkeep. */
  async scheduleAlarm(now) {
    const storage = this.ctx.storage;
    const meta = (await storage.get(META)) ?? NEW_META;
    const openFrom = meta.sealedThrough + HOUR_MS;
    let next = Infinity;
    const firstOpen = (await storage.list({ prefix: "r:", start: hourPrefix("r:", openFrom), limit: 1 })).values().next().value;
    if (firstOpen) next = this.dueAt(firstOpen.hour);
    const sealed = [...(await storage.list({ prefix: "r:", end: hourPrefix("r:", openFrom) })).values()];
    for (const record of sealed) next = Math.min(next, record.nextAt);
    if (this.config.heartbeatDimension) {
      for (const c of (await storage.list({ prefix: "c:" })).values()) {
        if (!c.notSubscribed) next = Math.min(next, this.dueAt(Math.max(c.since, openFrom)));
      }
    }
    // Upkeep: at most once a minute. An event id whose hour is still pending waits for that hour's own alarm.
    const firstFinal = (await storage.list({ prefix: "f:", limit: 1 })).values().next().value;
    if (firstFinal) next = Math.min(next, Math.max(firstFinal.hour + HOUR_MS + this.config.historyMs, now + 60_000));
    // Keys sort by hour, sealed before open: the oldest record not yet acknowledged, from the two lists above.
    const firstPending = (sealed[0] ?? firstOpen)?.hour ?? Infinity;
    const [firstEvent] = await storage.list({ prefix: "x:", limit: 1 });
    if (firstEvent && firstEvent[1] < firstPending) {
      next = Math.min(next, Math.max(Number(firstEvent[0].slice(2, 15)) + this.config.eventIdRetentionMs, now + 60_000));
    }
    await this.setAlarmAt(next === Infinity ? null : next - (this.hooks?.clockOffsetMs ?? 0));
  }

  /** Makes sure the alarm comes by `due`. */
  async ensureAlarm(due) {
    // During a flush, leave the alarm alone: the flush sets it from storage when it ends, and if
    // it dies instead, the runtime retries the alarm only if nobody set a new one meanwhile.
    if (this.flushing) return;
    // A fresh instance (after an eviction, a deployment or a reset mid-flush) works the alarm out
    // from storage once: getAlarm() does not show a pending retry of a failed alarm.
    if (this.alarmAt === undefined) return this.scheduleAlarm(this.now());
    const at = Math.max(due - (this.hooks?.clockOffsetMs ?? 0), Date.now());
    if (this.alarmAt === null || at < this.alarmAt) await this.setAlarmAt(at);
  }

  async setAlarmAt(at) {
    // A time in the past fires at once; setAlarm refuses 0 and below.
    if (at !== null) at = Math.max(at, Date.now());
    if (at === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(at);
    this.alarmAt = at;
  }

  /** What the meter holds: customers, open hours, records waiting to be acknowledged, and the recent history. */
  async status() {
    const storage = this.ctx.storage;
    const meta = (await storage.get(META)) ?? NEW_META;
    const view = (r) => ({
      ...customerFromKey(r.customer),
      dimension: r.dimension,
      hour: new Date(r.hour),
      quantity: r.quantity,
      attempts: r.attempts,
      ...(r.status ? { status: r.status } : {}),
      ...(r.meteringRecordId ? { meteringRecordId: r.meteringRecordId } : {}),
      ...((r.error ?? r.lastError) ? { error: r.error ?? r.lastError } : {}),
      ...(r.carriedTo !== undefined ? { carriedTo: new Date(r.carriedTo) } : {}),
      ...(r.status === undefined && r.hour <= meta.sealedThrough ? { nextAttemptAt: new Date(r.nextAt) } : {}),
    });
    const pending = [...(await storage.list({ prefix: "r:" })).values()];
    const alarm = await storage.getAlarm();
    return {
      now: new Date(this.now()),
      sealedThrough: meta.sealedThrough < 0 ? null : new Date(meta.sealedThrough),
      nextFlushAt: alarm === null ? null : new Date(alarm + (this.hooks?.clockOffsetMs ?? 0)),
      customers: [...(await storage.list({ prefix: "c:" })).values()].map((c) => ({ ...c.customer, since: new Date(c.since), notSubscribed: Boolean(c.notSubscribed) })),
      open: pending.filter((r) => r.hour > meta.sealedThrough).map(view),
      pending: pending.filter((r) => r.hour <= meta.sealedThrough).map(view),
      history: [...(await storage.list({ prefix: "f:" })).values()].map(view),
    };
  }

  // ------------------------------------------------------------------------------ test hooks

  /**
   * Tests only, and only with USAGE_METER_TEST_HOOKS=1 (otherwise it throws and nothing reads
   * the hooks): `clockOffsetMs` moves this object's clock; `crashOnce` (crash points) and
   * `crashRates` ({point: probability}) reset the object at those points, as a crash or a
   * deployment would. Kept in storage, so they outlive the resets they cause.
   */
  async testHooks(update = {}) {
    if (this.hooks === null) throw new Error("usage-meter: test hooks are off (USAGE_METER_TEST_HOOKS=1 turns them on, in tests only)");
    for (const point of [...(update.crashOnce ?? []), ...Object.keys(update.crashRates ?? {})]) {
      if (!CRASH_POINTS.includes(point)) throw new RangeError(`usage-meter: no crash point ${point}; there are ${CRASH_POINTS.join(", ")}`);
    }
    this.hooks = { ...this.hooks, ...update };
    await this.ctx.storage.put(HOOKS, this.hooks);
    // A moved clock moves every due time.
    await this.scheduleAlarm(this.now());
    return this.hooks;
  }

  async crashPoint(point) {
    const hooks = this.hooks;
    if (!hooks) return;
    const once = hooks.crashOnce?.includes(point);
    if (!once && !(Math.random() < (hooks.crashRates?.[point] ?? 0))) return;
    this.hooks = {
      ...hooks,
      crashOnce: hooks.crashOnce?.filter((p) => p !== point),
      crashed: { ...hooks.crashed, [point]: (hooks.crashed?.[point] ?? 0) + 1 },
    };
    await this.ctx.storage.put(HOOKS, this.hooks);
    // Everything written so far is on disk, as it would be when a machine dies at this point.
    await this.ctx.storage.sync();
    this.ctx.abort(`usage-meter test crash at ${point}`);
    throw new Error(`usage-meter test crash at ${point}`);
  }
}

function newRecord(hour, customer, dimension, quantity) {
  return { hour, customer, dimension, quantity, sent: false, attempts: 0, failures: 0, nextAt: 0 };
}

/** Adds to the customer's record in the first open hour from `hour` with room for the quantity; returns that hour. */
async function addToOpenHour(txn, hour, customer, dimension, quantity) {
  for (;; hour += HOUR_MS) {
    const key = recordKey("r:", hour, customer, dimension);
    const record = await txn.get(key);
    if (record && record.quantity + quantity > MAX_QUANTITY) continue;
    await txn.put(key, record ? { ...record, quantity: record.quantity + quantity } : newRecord(hour, customer, dimension, quantity));
    return hour;
  }
}

async function finish(txn, key, record, outcome, now) {
  await txn.delete(key);
  const { sent, failures, nextAt, lastError, isolate, ...kept } = record;
  await txn.put(`f:${key.slice(2)}`, { ...kept, ...outcome, at: now });
}

async function deleteKeys(storage, keys) {
  for (let i = 0; i < keys.length; i += KEYS_PER_CALL) await storage.delete(keys.slice(i, i + KEYS_PER_CALL));
}

/** Finds the batch item of a record the client hands back: the same object, or else the same customer, dimension and hour. */
function itemFinder(items) {
  const byObject = new Map(items.map((i) => [i.usageRecord, i]));
  const identity = (r) => JSON.stringify([r.licenseArn, r.customerAWSAccountId, r.customerIdentifier, r.dimension, hourOf(new Date(r.timestamp).getTime())]);
  const byContent = new Map(items.map((i) => [identity(i.usageRecord), i]));
  return (r) => (r ? byObject.get(r) ?? byContent.get(identity(r)) : undefined);
}

function errorName(err) {
  return typeof err === "string" ? err : String(err?.name ?? "Error");
}
