// Per call (Node, in memory): CPU per sequential MeterUsage call with nothing on the wire, so
// what is left is each client's own work. Run as `node js/bench/percall.mjs`.
//   (a) bare:    the fetch round trip any fetch-based client pays: the mock fetch below called
//                with ours' URL, headers and body, then the body read (arrayBuffer) and the
//                headers walked, exactly the I/O our driver (js/runtime.js send) performs.
//   (b) ours:    the whole `meterUsage` call through that same mock fetch (validate, serialize,
//                sign, the wasm crossings, the driver loop, parse, the output object).
//   (c) aws-sdk: the whole `MeterUsageCommand` send through an in-memory request handler with
//                the same canned answer; the handler only builds an HttpResponse around ready
//                bytes, cheaper than the fetch mock's `new Response` (it can only favour the SDK).
//   (d) smithy:  @smithy/signature-v4's sign() alone, with the hash the SDK resolves in Node
//                (client.config.sha256: Sha256Node, node:crypto), on the very HttpRequest the SDK
//                client hands its signing middleware (captured once).
// Targets (issue #12): (b − a) ≤ (d), and (c)/(b) ≥ 5; both ratios are medians of per-round
// ratios. Each round is process.cpuUsage() around N calls (about 150 ms), rounds interleaved,
// in steady state: the collections each client's garbage causes fall inside its own rounds
// (no forced collection between rounds, see js/bench/run.mjs). Prints one JSON object.
import { MarketplaceMeteringClient, MeterUsageCommand } from "@aws-sdk/client-marketplace-metering";
import { HttpResponse } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import { MarketplaceMetering } from "../../pkg/node.js";
import { sdkMeterUsage } from "./first.mjs";
import { credentials, meterUsage, REGION, SERVICE } from "./inputs.mjs";
import { compareCpu, medianRatio } from "./stats.mjs";

const RECORD_ID = "b7b7b7b7-0000-4000-8000-000000000001";
// The canned answer: what MeterUsage returns (bench/server.mjs sends the same over HTTP).
const BODY = JSON.stringify({ MeteringRecordId: RECORD_ID });
const BYTES = new TextEncoder().encode(BODY);
const HEADERS = {
  "content-type": "application/x-amz-json-1.1",
  "content-length": String(BYTES.length),
  "x-amzn-requestid": "00000000-0000-4000-8000-000000000000",
  date: new Date().toUTCString(),
};

// The one mock fetch, for (a) and (b).
const mockFetch = async (_url, _init) => new Response(BODY, { status: 200, headers: HEADERS });

const ours = new MarketplaceMetering({ region: REGION, credentials, fetch: mockFetch });
const sdk = new MarketplaceMeteringClient({
  region: REGION,
  credentials,
  requestHandler: { handle: async () => ({ response: new HttpResponse({ statusCode: 200, headers: { ...HEADERS }, body: BYTES.slice() }) }) },
});
const sdkInput = sdkMeterUsage(meterUsage);

// (a) with the arguments ours passes to fetch (its URL, header pairs and body), built once.
const prepared = await ours.prepareRequest("MeterUsage", meterUsage);
const init = { method: "POST", headers: Object.entries(prepared.headers), body: prepared.body };
const bare = async () => {
  const response = await mockFetch(prepared.url, init);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const flat = [];
  response.headers.forEach((value, name) => flat.push(name, value));
  return bytes.length + flat.length + response.status;
};

// (d) the request the SDK signs: captured in front of its signing middleware.
let toSign;
sdk.middlewareStack.addRelativeTo((next) => async (args) => ((toSign ??= args.request), next(args)), {
  relation: "before",
  toMiddleware: "httpSigningMiddleware",
  name: "benchCaptureUnsigned",
});
if ((await sdk.send(new MeterUsageCommand(sdkInput))).MeteringRecordId !== RECORD_ID) throw new Error("aws-sdk: no MeteringRecordId");
const signer = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256: sdk.config.sha256 });
const sign = () => signer.sign(toSign);

const cases = [
  { name: "bare-fetch", fn: bare },
  { name: "ours", fn: async () => (await ours.meterUsage(meterUsage)).meteringRecordId },
  { name: "aws-sdk", fn: async () => (await sdk.send(new MeterUsageCommand(sdkInput))).MeteringRecordId },
  { name: "smithy-sign", fn: sign },
];
// Each must really succeed before it is timed (a fast failure would flatter it).
if ((await cases[1].fn()) !== RECORD_ID) throw new Error("ours: no meteringRecordId");
if (!String((await sign()).headers.authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")) throw new Error("smithy: no signature");
if (!(Number(await bare()) > 0)) throw new Error("bare fetch: nothing read");

try {
  const results = await compareCpu(cases);
  const of = (name) => results.find((r) => r.name === name).cpuSamples;
  const ratios = {
    // (b − a) / (d): target ≤ 1
    oursAboveBareOverSign: medianRatio((a, b, d) => (b - a) / d, of("bare-fetch"), of("ours"), of("smithy-sign")),
    // (c) / (b): target ≥ 5
    sdkOverOurs: medianRatio((b, c) => c / b, of("ours"), of("aws-sdk")),
  };
  console.log(
    JSON.stringify({
      runtime: `node ${process.versions.node}`,
      hash: sdk.config.sha256?.name,
      gcBetweenRounds: typeof globalThis.gc === "function",
      results,
      ratios,
    }),
  );
} finally {
  ours.close();
  sdk.destroy();
}
