// One cold start in a fresh Node, Deno or Bun process: `node bench/cold/start.mjs ours|aws-sdk`.
// Times import + instantiate + first request prepared, from before the import; prints JSON.
import { firstOurs, firstSdk } from "../first.mjs";
import { credentials, meterUsage, REGION } from "../inputs.mjs";

const lib = process.argv[2] ?? Deno.args[0];
const isDeno = typeof Deno !== "undefined";
const t0 = performance.now();
const auth =
  lib === "ours"
    ? await firstOurs(await import(isDeno ? "../../../pkg/web.js" : "../../../pkg/node.js"), { region: REGION, credentials, input: meterUsage })
    : await firstSdk(await import("@aws-sdk/client-marketplace-metering"), { region: REGION, credentials, input: meterUsage });
const ms = performance.now() - t0;
if (!String(auth).startsWith("AWS4-HMAC-SHA256 ")) throw new Error(`${lib}: no signed request (${auth})`);
console.log(JSON.stringify({ lib, ms }));
