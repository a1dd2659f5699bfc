// The AWS Marketplace registration (fulfilment) page, shared by the examples (Deno, Bun, Next.js,
// the Worker): AWS form-POSTs the buyer's browser here with `x-amzn-marketplace-token`;
// ResolveCustomer turns the token into a customer. Only web-standard Request and Response, so
// it runs in every runtime.
//
// meteringFromEnv's environment (read through `env(name)`): AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (optional), METERING_ENDPOINT_URL (unset: AWS; set:
// e.g. the local emulator).

import {
  ExpiredTokenException,
  InvalidTokenException,
  MarketplaceMetering,
  ValidationError,
} from "marketplace-metering-wasm";

/** One client for the process: it holds no connection, only configuration and a signing-key cache. */
export function meteringFromEnv(env) {
  return new MarketplaceMetering({
    region: env("AWS_REGION") ?? "us-east-1",
    credentials: {
      accessKeyId: env("AWS_ACCESS_KEY_ID"),
      secretAccessKey: env("AWS_SECRET_ACCESS_KEY"),
      ...(env("AWS_SESSION_TOKEN") ? { sessionToken: env("AWS_SESSION_TOKEN") } : {}),
    },
    ...(env("METERING_ENDPOINT_URL") ? { endpointUrl: env("METERING_ENDPOINT_URL") } : {}),
    // A buyer is waiting on the page.
    requestTimeoutMs: 10_000,
  });
}

/** A server's whole routing: POST /register is the page, anything else 404. */
export function handleRequest(request, metering) {
  const { pathname } = new URL(request.url);
  if (request.method === "POST" && pathname === "/register") return registrationPage(request, metering);
  return new Response("Not found\n", { status: 404 });
}

/** The page for one form POST from AWS Marketplace; AWS expects a 200 on success. */
export async function registrationPage(request, metering) {
  const { token, freeTrial } = await registrationForm(request);
  if (!token) return noTokenPage();
  let customer;
  try {
    customer = await metering.resolveCustomer({ registrationToken: token });
  } catch (err) {
    return registrationFailure(err);
  }
  // A real page would now create the account (an upsert: the subscribe notification may
  // already have arrived), store these ids for metering, and continue to sign-up.
  return welcomePage(customer, { freeTrial });
}

// The steps of that page, for an app that does more in between (the Worker example stores the
// customer).

/** The form AWS Marketplace posts: the registration token ("" when absent) and the offer type. */
export async function registrationForm(request) {
  const form = await request.formData().catch(() => new FormData());
  const token = form.get("x-amzn-marketplace-token");
  return { token: typeof token === "string" ? token : "", freeTrial: form.get("x-amzn-marketplace-offer-type") === "free-trial" };
}

export function noTokenPage() {
  return page(400, "We could not find your subscription",
    "This page is opened by AWS Marketplace after you subscribe. Please go back to AWS Marketplace and choose <b>Set up your account</b> again.");
}

/** What AWS told us about the customer. New integrations get an AWS account id and a license ARN, legacy ones a customer identifier. */
export function welcomePage(customer, { freeTrial = false } = {}) {
  const rows = [
    ["AWS account", customer.customerAWSAccountId],
    ["Customer identifier", customer.customerIdentifier],
    ["License", customer.licenseArn],
    ["Product", customer.productCode],
    ["Offer", freeTrial ? "free trial" : undefined],
  ].filter(([, value]) => value !== undefined);
  return page(200, "Welcome! Your subscription is active",
    `<p>Thank you for subscribing through AWS Marketplace.</p><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`);
}

/** The page for a failed ResolveCustomer: the buyer's next step, never the error's details. */
export function registrationFailure(err) {
  if (err instanceof ExpiredTokenException) {
    return page(400, "This sign-up link has expired",
      "Sign-up links from AWS Marketplace are valid for 4 hours. Go back to AWS Marketplace and choose <b>Set up your account</b> for a new one.");
  }
  if (err instanceof InvalidTokenException || err instanceof ValidationError) {
    return page(400, "This sign-up link is not valid",
      "We could not confirm this subscription with AWS Marketplace. Go back to AWS Marketplace and choose <b>Set up your account</b> again.");
  }
  // Throttling, a network failure, an AWS outage: the token stays valid for 4 hours, so a reload
  // works. Name, message and request id: errors from the client never carry credentials.
  console.error(JSON.stringify({ event: "resolveCustomer failed", name: err?.name, message: err?.message, requestId: err?.$metadata?.requestId }));
  return page(503, "We could not finish setting up your account",
    "AWS Marketplace did not answer in time. Please reload this page in a minute; your subscription is safe.");
}

function page(status, title, bodyHtml) {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}dt{font-weight:600}dd{margin:0 0 .5rem;font-family:monospace}</style>
</head><body><h1>${title}</h1>${bodyHtml}</body></html>
`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
