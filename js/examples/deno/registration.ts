// The AWS Marketplace registration (fulfilment) page for Deno: AWS form-POSTs the buyer's browser
// here with `x-amzn-marketplace-token`; ResolveCustomer turns the token into a customer.
//
//   cd js/examples && npm install
//   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
//     deno run --allow-net --allow-env --allow-read=. deno/registration.ts
//
// Environment: AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN (optional), METERING_ENDPOINT_URL (unset: AWS; set: e.g. the local emulator),
// PORT (default 8000; 0 picks a free port), LISTEN_HOST (default 127.0.0.1).

import {
  ExpiredTokenException,
  InvalidTokenException,
  MarketplaceMetering,
  ValidationError,
} from "marketplace-metering-wasm";

const env = (name: string) => Deno.env.get(name) || undefined;

// One client for the process: it holds no connection, only configuration and a signing-key cache.
const metering = new MarketplaceMetering({
  region: env("AWS_REGION") ?? "us-east-1",
  credentials: {
    accessKeyId: env("AWS_ACCESS_KEY_ID"),
    secretAccessKey: env("AWS_SECRET_ACCESS_KEY"),
    ...(env("AWS_SESSION_TOKEN") ? { sessionToken: env("AWS_SESSION_TOKEN") } : {}),
  },
  ...(env("METERING_ENDPOINT_URL") ? { endpointUrl: env("METERING_ENDPOINT_URL") } : {}),
  requestTimeoutMs: 10_000,
});

async function register(request: Request): Promise<Response> {
  const form = await request.formData().catch(() => new FormData());
  const token = form.get("x-amzn-marketplace-token");
  if (typeof token !== "string" || token === "") {
    return page(400, "We could not find your subscription",
      "This page is opened by AWS Marketplace after you subscribe. Please go back to AWS Marketplace and choose <b>Set up your account</b> again.");
  }
  try {
    const customer = await metering.resolveCustomer({ registrationToken: token });
    // A real page would now create the account (an upsert: the subscribe notification may
    // already have arrived), store these ids for metering, and continue to sign-up.
    const rows = [
      ["AWS account", customer.customerAWSAccountId],
      ["Customer identifier", customer.customerIdentifier],
      ["License", customer.licenseArn],
      ["Product", customer.productCode],
    ].filter(([, value]) => value !== undefined);
    return page(200, "Welcome! Your subscription is active",
      `<p>Thank you for subscribing through AWS Marketplace.</p><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(String(v))}</dd>`).join("")}</dl>`);
  } catch (err) {
    if (err instanceof ExpiredTokenException) {
      return page(400, "This sign-up link has expired",
        "Sign-up links from AWS Marketplace are valid for 4 hours. Go back to AWS Marketplace and choose <b>Set up your account</b> for a new one.");
    }
    if (err instanceof InvalidTokenException || err instanceof ValidationError) {
      return page(400, "This sign-up link is not valid",
        "We could not confirm this subscription with AWS Marketplace. Go back to AWS Marketplace and choose <b>Set up your account</b> again.");
    }
    // Throttling, network, outage: the token stays valid for 4 hours, so a reload works.
    console.error(JSON.stringify({ event: "resolveCustomer failed", name: err?.name, requestId: err?.$metadata?.requestId }));
    return page(503, "We could not finish setting up your account",
      "AWS Marketplace did not answer in time. Please reload this page in a minute; your subscription is safe.");
  }
}

function page(status: number, title: string, bodyHtml: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><h1>${title}</h1>${bodyHtml}</body></html>
`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" } });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

Deno.serve({
  hostname: env("LISTEN_HOST") ?? "127.0.0.1",
  port: Number(env("PORT") ?? 8000),
  onListen: ({ hostname, port }) => console.log(`registration page listening on http://${hostname}:${port}/register`),
}, (request) => {
  const { pathname } = new URL(request.url);
  if (request.method === "POST" && pathname === "/register") return register(request);
  return new Response("Not found\n", { status: 404 });
});
