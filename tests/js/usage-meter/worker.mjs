// The test Worker of the usage meter: imports the installed package's `workers` subpath by name,
// exports its Durable Object, and offers the test driver (harness.mjs) a route per helper. Each
// request carries JSON and answers JSON; one failed item does not fail the others.

import { UsageMeter, recordUsage, registerCustomer, usageMeterFor } from "marketplace-metering-wasm/workers";

export { UsageMeter };

const routes = {
  // Many events at once, as many isolates would send them; the helper retries events with an id.
  record: (env, { events, retries }) => each(events, (event) => recordUsage(env.USAGE_METER, event, { retries: retries ?? 8 })),
  register: (env, { customers }) => each(customers, (customer) => registerCustomer(env.USAGE_METER, customer)),
  hooks: (env, { customers, hooks }) => each(customers, (customer) => usageMeterFor(env.USAGE_METER, customer).testHooks(hooks)),
  status: (env, { customers }) => each(customers, (customer) => usageMeterFor(env.USAGE_METER, customer).status()),
  flush: (env, { customers }) => each(customers, (customer) => usageMeterFor(env.USAGE_METER, customer).flush()),
};

export default {
  async fetch(request, env) {
    const route = routes[new URL(request.url).pathname.slice(1)];
    if (!route || request.method !== "POST") return new Response("not found", { status: 404 });
    return Response.json(await route(env, await request.json()));
  },
};

function each(items, fn) {
  return Promise.all(
    items.map(async (item) => {
      try {
        return { ok: true, value: await fn(item) };
      } catch (err) {
        return { ok: false, error: { name: err?.name, message: err?.message, field: err?.field } };
      }
    }),
  );
}
