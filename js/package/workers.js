// marketplace-metering-wasm/workers: metering at scale on Cloudflare Workers. Any Worker, in any
// isolate, calls recordUsage(env.USAGE_METER, event); the event is stored by the customer's
// UsageMeter Durable Object before the call returns, and that object reports each hour's totals
// per dimension with BatchMeterUsage once the hour is over. See the README's "Metering at scale".

import { checkCustomer, checkUsageEvent, customerKey } from "./usage-events.js";

export { UsageMeter } from "./usage-meter.js";

/** The customer's UsageMeter: every event of one customer goes to this one object, always. */
export function usageMeterFor(namespace, customer) {
  return namespace.get(namespace.idFromName(customerKey(checkCustomer(customer))));
}

/**
 * Records one usage event; resolves once it is stored, with the hour it counts in:
 * `{ counted, hour, late }` (`counted` false: this `eventId` was counted before, in `hour`).
 * With an `eventId`, a failed call is retried (`retries`, default 3): the id makes that safe.
 * Without one the error is the caller's to handle, since the event may or may not have been stored.
 */
export async function recordUsage(namespace, event, { retries = 3 } = {}) {
  const usage = checkUsageEvent(event);
  const attempts = usage.eventId === undefined ? 1 : 1 + retries;
  for (let attempt = 1; ; attempt++) {
    try {
      // A fresh stub each attempt: a stub that saw its object reset stays broken.
      return await usageMeterFor(namespace, usage).record(usage);
    } catch (err) {
      // `overloaded`: the object is over its limit; retrying would only add load.
      if (attempt >= attempts || err?.overloaded) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
    }
  }
}

/**
 * Tells the customer's meter the customer exists (e.g. when they register), so that with
 * USAGE_METER_HEARTBEAT_DIMENSION set, every hour without usage is reported with quantity 0.
 */
export async function registerCustomer(namespace, customer) {
  await usageMeterFor(namespace, customer).addCustomer(checkCustomer(customer));
}
