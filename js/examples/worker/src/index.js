// A SaaS seller's AWS Marketplace integration as one Cloudflare Worker:
//   POST /register      the fulfilment URL: AWS Marketplace form-POSTs the buyer's browser here with
//                       `x-amzn-marketplace-token`; ResolveCustomer turns it into a customer, who is
//                       registered with the usage meter.
//   /api/*              the seller's application: every request records one `api_calls` event for
//                       the customer with recordUsage (marketplace-metering-wasm/workers). The
//                       customer's UsageMeter Durable Object stores it, and after each hour sends the
//                       hour's totals with BatchMeterUsage, once.
//   POST /usage         usage reported by another system ({customer, dimension, quantity, eventId?, timestamp?}).
//   GET  /usage         what a customer's meter holds (?customer=<AWS account or customer identifier>).
//   POST /meter-usage   MeterUsage, the AMI/container API ({dimension, quantity, dryRun?, timestamp?, clientToken?}).
// Configuration (wrangler.toml) alone decides whether it talks to AWS or to the local emulator.

import {
  MarketplaceMetering,
  MarketplaceMeteringError,
  ValidationError,
} from "marketplace-metering-wasm";
import { UsageMeter, recordUsage, registerCustomer, usageMeterFor } from "marketplace-metering-wasm/workers";
// The registration page's steps, shared with the Deno, Bun and Next.js examples.
import { noTokenPage, registrationFailure, registrationForm, welcomePage } from "../../shared/registration.js";

// The Durable Object class must be exported by the Worker's main module (wrangler.toml binds it).
export { UsageMeter };

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/api/")) return api(request, env);
    if (pathname === "/register" && request.method === "POST") return register(request, env);
    if (pathname === "/usage" || pathname === "/meter-usage") {
      if (!authorized(request, env)) return json({ error: "unauthorized" }, 401);
      if (pathname === "/meter-usage" && request.method === "POST") return meterUsageRoute(request, env);
      if (pathname === "/usage" && request.method === "POST") return usageRoute(request, env);
      if (pathname === "/usage" && request.method === "GET") return usageStatusRoute(request, env);
    }
    return new Response("Not found\n", { status: 404 });
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
  // Reporting usage and MeterUsage bill customers: never a public endpoint.
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
  // From now on every hour is reported for this customer, with quantity 0 when nothing was used
  // (USAGE_METER_HEARTBEAT_DIMENSION), as AWS asks.
  await registerCustomer(env.USAGE_METER, meterCustomer(tenant));

  // A real page would now create the account (upsert: the subscribe notification may already
  // have arrived) and continue to sign-up; this one shows what AWS told us.
  return welcomePage(customer, { freeTrial });
}

// ---------------------------------------------------------------------------------------------
// Usage (SaaS): counted by the customer's UsageMeter, reported hourly with BatchMeterUsage

async function api(request, env) {
  // Your application's own authentication says which customer this is; the example takes the
  // customer's id from a header.
  const tenant = await findTenant(env, request.headers.get("x-customer"));
  if (!tenant) return json({ error: "unknown customer" }, 403);
  // One event per request. The id makes a retried or redelivered request count once.
  const counted = await recordUsage(env.USAGE_METER, {
    ...meterCustomer(tenant),
    dimension: "api_calls",
    quantity: 1,
    eventId: request.headers.get("x-request-id") ?? request.headers.get("cf-ray") ?? crypto.randomUUID(),
  });
  return json({ ok: true, countedIn: counted.hour, counted: counted.counted });
}

async function usageRoute(request, env) {
  // Usage counted elsewhere (a queue consumer, a batch job), with its own time and id.
  const body = await request.json().catch(() => ({}));
  const tenant = await findTenant(env, body.customer);
  if (!tenant) return json({ error: "unknown customer" }, 404);
  try {
    const { customer, ...event } = body;
    return json(await recordUsage(env.USAGE_METER, { ...meterCustomer(tenant), ...event }));
  } catch (err) {
    return json({ error: describe(err) }, err instanceof ValidationError ? 400 : 502);
  }
}

async function usageStatusRoute(request, env) {
  const tenant = await findTenant(env, new URL(request.url).searchParams.get("customer"));
  if (!tenant) return json({ error: "unknown customer" }, 404);
  // open: hours still counting; pending: sealed, waiting for AWS; history: what AWS answered.
  return json(await usageMeterFor(env.USAGE_METER, meterCustomer(tenant)).status());
}

async function findTenant(env, id) {
  if (!id || !env.TENANTS) return undefined;
  const text = await env.TENANTS.get(`tenant:${id}`);
  return text ? JSON.parse(text) : undefined;
}

function tenantId(tenant) {
  return tenant.licenseArn ? tenant.customerAWSAccountId : tenant.customerIdentifier;
}

function meterCustomer(tenant) {
  // CustomerAWSAccountId + LicenseArn for new integrations; ProductCode + CustomerIdentifier for
  // legacy ones. Never both styles for one customer: AWS would bill each separately.
  return tenant.licenseArn
    ? { customerAWSAccountId: tenant.customerAWSAccountId, licenseArn: tenant.licenseArn }
    : { productCode: tenant.productCode, customerIdentifier: tenant.customerIdentifier };
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

function json(value, status = 200) {
  return new Response(JSON.stringify(value, null, 2), {
    status,
    headers: { "content-type": "application/json", "cache-control": "no-store" },
  });
}
