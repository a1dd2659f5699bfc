// The AWS Marketplace registration (fulfilment) URL as a Next.js route handler on the Edge
// Runtime (app/register/route.js → POST /register; on Vercel, an Edge Function). AWS form-POSTs
// the buyer's browser here with `x-amzn-marketplace-token`; ResolveCustomer turns the token into
// a customer (the page itself is ../../../shared/registration.js, the same for Deno and Bun).
// Next.js resolves the package with the `edge-light` condition (edge-light.js), whose
// `.wasm?module` import it turns into a WebAssembly.Module that the runtime supplies.
//
// Environment (Vercel project settings, or .env.local): AWS_REGION, AWS_ACCESS_KEY_ID,
// AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (optional), METERING_ENDPOINT_URL (unset: AWS).
// `make demo` bundles this file the way Next.js does and runs it in Vercel's edge-runtime
// against the local emulator (js/vercel/edge-function.mjs).

import { meteringFromEnv, registrationPage } from "../../../shared/registration.js";

export const runtime = "edge";

// Each variable named in full: Vercel gives an edge function the variables its code names as
// `process.env.NAME` (found by static analysis), not a whole environment to index.
const env = {
  AWS_REGION: process.env.AWS_REGION,
  AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
  AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
  AWS_SESSION_TOKEN: process.env.AWS_SESSION_TOKEN,
  METERING_ENDPOINT_URL: process.env.METERING_ENDPOINT_URL,
};
const metering = meteringFromEnv((name) => env[name] || undefined);

export function POST(request) {
  return registrationPage(request, metering);
}
