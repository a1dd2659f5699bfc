// A SaaS seller's AWS Marketplace integration as one Cloudflare Worker:
//   POST /register      the fulfilment URL: AWS Marketplace form-POSTs the buyer's browser here with
//                       `x-amzn-marketplace-token`; ResolveCustomer turns it into a customer.
//   scheduled (cron)    every hour, the previous hour's usage for every registered customer
//                       (meterUsageRecords: BatchMeterUsage calls of up to 25 records each).
//   POST /meter         the same hourly job on demand ({"hour": ISO time}, default the previous hour).
//   POST /meter-usage   MeterUsage, the AMI/container API ({dimension, quantity, dryRun?, timestamp?, clientToken?}).
// Configuration (wrangler.toml) alone decides whether it talks to AWS or to the local emulator.

import {
  MarketplaceMetering,
  MarketplaceMeteringError,
  ValidationError,
  BatchError,
} from "marketplace-metering-wasm";
// The registration page's steps, shared with the Deno, Bun and Next.js examples.
import { noTokenPage, registrationFailure, registrationForm, welcomePage } from "../../shared/registration.js";

const HOUR_MS = 3600 * 1000;

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (request.method !== "POST") return new Response("Not found\n", { status: 404 });
    if (pathname === "/register") return register(request, env);
    if (pathname === "/meter" || pathname === "/meter-usage") {
      if (!authorized(request, env)) return json({ error: "unauthorized" }, 401);
      return pathname === "/meter" ? meterRoute(request, env) : meterUsageRoute(request, env);
    }
    return new Response("Not found\n", { status: 404 });
  },

  async scheduled(controller, env, ctx) {
    // The cron fires a few minutes into an hour; the hour to report is the one that just ended.
    const hour = new Date(Math.floor(controller.scheduledTime / HOUR_MS) * HOUR_MS - HOUR_MS);
    ctx.waitUntil(
      meterHour(env, hour).then((report) => console.log(JSON.stringify({ event: "metered", ...summary(report) }))),
    );
  },
};

// ---------------------------------------------------------------------------------------------
// Configuration

function sellerClient(env) {
  return client(env, env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN);
}

function meterUsageClient(env) {
  if (!env.METER_USAGE_ACCESS_KEY_ID) return sellerClient(env);
  return client(env, env.METER_USAGE_ACCESS_KEY_ID, env.METER_USAGE_SECRET_ACCESS_KEY, env.METER_USAGE_SESSION_TOKEN);
}

function client(env, accessKeyId, secretAccessKey, sessionToken) {
  return new MarketplaceMetering({
    region: env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) },
    // Unset in production: the client derives the AWS endpoint from the region.
    ...(env.METERING_ENDPOINT_URL ? { endpointUrl: env.METERING_ENDPOINT_URL } : {}),
    // A buyer is waiting on the registration page; the cron has minutes. One bound serves both.
    requestTimeoutMs: 10_000,
  });
}

function authorized(request, env) {
  // Without ADMIN_TOKEN anyone could trigger metering; idempotency makes that harmless for
  // billing, but it is still not a public endpoint.
  return Boolean(env.ADMIN_TOKEN) && request.headers.get("authorization") === `Bearer ${env.ADMIN_TOKEN}`;
}

// ---------------------------------------------------------------------------------------------
// Registration (fulfilment URL)

async function register(request, env) {
  const { token, freeTrial } = await registrationForm(request);
  if (!token) return noTokenPage();

  const metering = sellerClient(env);
  let customer;
  try {
    customer = await metering.resolveCustomer({ registrationToken: token });
  } catch (err) {
    return registrationFailure(err);
  } finally {
    metering.close();
  }

  // New integrations get an AWS account id and a license ARN; legacy ones a customer identifier.
  // Store whichever came back: every later BatchMeterUsage record names the customer this way.
  const tenant = {
    customerIdentifier: customer.customerIdentifier,
    customerAWSAccountId: customer.customerAWSAccountId,
    licenseArn: customer.licenseArn,
    productCode: customer.productCode,
    freeTrial,
  };
  await env.TENANTS?.put(`tenant:${tenantId(tenant)}`, JSON.stringify(tenant));

  // A real page would now create the account (upsert: the subscribe notification may already
  // have arrived) and continue to sign-up; this one shows what AWS told us.
  return welcomePage(customer, { freeTrial });
}

// ---------------------------------------------------------------------------------------------
// Hourly metering (SaaS): BatchMeterUsage

async function meterRoute(request, env) {
  const body = await request.json().catch(() => ({}));
  const hour = body.hour ? new Date(body.hour) : new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS);
  if (Number.isNaN(hour.getTime())) return json({ error: "hour must be an ISO 8601 time" }, 400);
  try {
    return json(await meterHour(env, hour));
  } catch (err) {
    // A whole call was refused (e.g. TimestampOutOfBoundsException): nothing in it was billed.
    return json({ error: describe(err) }, 502);
  }
}

/** Reports one hour of usage for every registered customer; returns every record's outcome. */
async function meterHour(env, hour) {
  const start = new Date(Math.floor(hour.getTime() / HOUR_MS) * HOUR_MS);
  const records = [];
  for (const tenant of await listTenants(env)) {
    const usage = JSON.parse((await env.USAGE?.get(usageKey(start, tenant))) ?? "null") ?? {
      [env.HEARTBEAT_DIMENSION ?? "users"]: 0,
    };
    for (const [dimension, quantity] of Object.entries(usage)) {
      records.push({ tenant, record: { ...customerFields(tenant), timestamp: start, dimension, quantity } });
    }
  }

  const metering = sellerClient(env);
  const results = [];
  try {
    // One product per call, and ProductCode only for records without a LicenseArn.
    for (const group of groupBy(records, ({ tenant }) => `${tenant.productCode} ${tenant.licenseArn ? "license" : "legacy"}`)) {
      const productCode = group[0].tenant.licenseArn ? undefined : group[0].tenant.productCode;
      results.push(...(await meterBatch(metering, productCode, group.map((r) => r.record))));
    }
  } finally {
    metering.close();
  }
  return { hour: start.toISOString(), results };
}

// meterUsageRecords splits any number of records into BatchMeterUsage calls of at most 25 and
// sends unprocessed records again (safe: AWS de-duplicates per customer, dimension and hour).
// Every record comes back once: billed in `results`, or in `unprocessedRecords`.
async function meterBatch(metering, productCode, usageRecords) {
  let sent;
  try {
    sent = await metering.meterUsageRecords({ ...(productCode ? { productCode } : {}), usageRecords });
  } catch (err) {
    // A call failed as a whole: what did get through is in err.results, the rest in
    // err.unprocessedRecords (err.failures says why).
    if (!(err instanceof BatchError)) throw err;
    sent = err;
  }
  // Success: billed. DuplicateRecord: this hour was already reported with another quantity;
  // the first report stands. CustomerNotSubscribed: stop serving (and metering) the customer.
  const outcomes = sent.results.map((r) => outcome(r.usageRecord, r.status, r.meteringRecordId));
  // Still unprocessed: keep them for the next run rather than dropping usage.
  for (const r of sent.unprocessedRecords) outcomes.push(outcome(r, "Unprocessed"));
  return outcomes;
}

function outcome(record, status, meteringRecordId) {
  return {
    customer: record.customerAWSAccountId ?? record.customerIdentifier,
    dimension: record.dimension,
    quantity: record.quantity,
    status,
    ...(meteringRecordId ? { meteringRecordId } : {}),
  };
}

async function listTenants(env) {
  if (!env.TENANTS) return [];
  const tenants = [];
  let cursor;
  do {
    const listing = await env.TENANTS.list({ prefix: "tenant:", cursor });
    for (const { name } of listing.keys) tenants.push(JSON.parse(await env.TENANTS.get(name)));
    cursor = listing.list_complete ? undefined : listing.cursor;
  } while (cursor);
  return tenants;
}

// The keys your application writes its usage under: usage:<hour ISO>:<customer> -> {"dimension": n}.
function usageKey(hour, tenant) {
  return `usage:${hour.toISOString()}:${tenantId(tenant)}`;
}

function tenantId(tenant) {
  return tenant.licenseArn ? tenant.customerAWSAccountId : tenant.customerIdentifier;
}

function customerFields(tenant) {
  // CustomerAWSAccountId + LicenseArn for new integrations; CustomerIdentifier for legacy ones.
  // Never both styles for one customer and hour: AWS would bill it twice.
  return tenant.licenseArn
    ? { customerAWSAccountId: tenant.customerAWSAccountId, licenseArn: tenant.licenseArn }
    : { customerIdentifier: tenant.customerIdentifier };
}

// ---------------------------------------------------------------------------------------------
// MeterUsage (AMI and container products)

async function meterUsageRoute(request, env) {
  const body = await request.json().catch(() => ({}));
  const metering = meterUsageClient(env);
  try {
    const { meteringRecordId } = await metering.meterUsage({
      productCode: env.METER_USAGE_PRODUCT_CODE,
      // A retry must send the same timestamp (and clientToken) to be recognised as the same report.
      timestamp: body.timestamp ? new Date(body.timestamp) : new Date(),
      usageDimension: body.dimension,
      usageQuantity: body.quantity,
      ...(body.dryRun ? { dryRun: true } : {}),
      ...(body.clientToken ? { clientToken: body.clientToken } : {}),
    });
    return json({ meteringRecordId });
  } catch (err) {
    // A dry run checks permissions only; AWS answers it with an error either way.
    if (body.dryRun && err.name === "DryRunOperation") return json({ dryRun: "would succeed" });
    return json({ error: describe(err) }, err instanceof ValidationError ? 400 : 502);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function describe(err) {
  // Name, message and request id only: errors from the client never carry credentials.
  if (err instanceof MarketplaceMeteringError) {
    return { name: err.name, message: err.message, requestId: err.$metadata?.requestId, retryable: err.$retryable };
  }
  return { name: err?.name ?? "Error", message: String(err?.message ?? err) };
}

function summary({ hour, results }) {
  const counts = {};
  for (const r of results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return { hour, counts };
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return groups.values();
}

function json(value, status = 200) {
  return new Response(JSON.stringify(value, null, 2), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
