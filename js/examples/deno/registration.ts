// The AWS Marketplace registration (fulfilment) page for Deno: AWS form-POSTs the buyer's browser
// here with `x-amzn-marketplace-token`; ResolveCustomer turns the token into a customer (the page
// itself is ../shared/registration.js, the same for Bun and Next.js).
//
//   cd js/examples && npm install
//   AWS_ACCESS_KEY_ID=... AWS_SECRET_ACCESS_KEY=... \
//     deno run --allow-net --allow-env --allow-read=. deno/registration.ts
//
// Environment: AWS_REGION (default us-east-1), AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN (optional), METERING_ENDPOINT_URL (unset: AWS; set: e.g. the local emulator),
// PORT (default 8000; 0 picks a free port), LISTEN_HOST (default 127.0.0.1).

import { handleRequest, meteringFromEnv } from "../shared/registration.js";

const env = (name: string) => Deno.env.get(name) || undefined;
const metering = meteringFromEnv(env);

Deno.serve({
  hostname: env("LISTEN_HOST") ?? "127.0.0.1",
  port: Number(env("PORT") ?? 8000),
  onListen: ({ hostname, port }) => console.log(`registration page listening on http://${hostname}:${port}/register`),
}, (request) => handleRequest(request, metering));
