// The signing benchmark's peers and its measuring loop, with no file system and no runtime
// detection, so the same code runs in Node, Deno and Bun (bench/signing.mjs) and bundled into an
// edge function (bench/edge/signing-fn.mjs). Peers get the hash their SDK picks in that runtime.
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/core/protocols";
import { AwsV4Signer } from "aws4fetch";
import { cases, credentials, HOST, REGION, SERVICE, wire } from "./inputs.mjs";
import { compare } from "./stats.mjs";

const headersFor = (op) => ({ "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSMPMeteringService.${op}` });

/** @smithy/signature-v4 with the given hash, signing the AWS JSON body built here. */
export const smithyWith = (sha256) => {
  const signer = new SignatureV4({ credentials, region: REGION, service: SERVICE, sha256 });
  return (op, input) => () =>
    signer.sign(
      new HttpRequest({
        method: "POST",
        protocol: "https:",
        hostname: HOST,
        path: "/",
        headers: { ...headersFor(op), host: HOST },
        body: JSON.stringify(wire[op](input)),
      }),
    );
};

// AwsV4Signer with a shared key cache is exactly AwsClient.sign minus its final `new Request`:
// it returns { method, url, headers, body }, the same shape prepareRequest gives.
const aws4Cache = new Map();
export const aws4fetch = (op, input) => () =>
  new AwsV4Signer({
    url: `https://${HOST}/`,
    method: "POST",
    headers: headersFor(op),
    body: JSON.stringify(wire[op](input)),
    ...credentials,
    service: SERVICE,
    region: REGION,
    cache: aws4Cache,
  }).sign();

const authorization = (r) => (r.headers instanceof Headers ? r.headers.get("authorization") : r.headers.authorization ?? r.headers.Authorization);

/**
 * Times `ours` (a MarketplaceMetering client's prepareRequest) against each peer, per case.
 * peers and extra: [name, (op, input) => fn]; an extra is timed but not checked for a signature.
 */
export async function measureSigning(ours, peers, extra = []) {
  const results = [];
  for (const { op, label, input } of cases) {
    const contenders = [["ours", () => ours.prepareRequest(op, input)], ...peers.map(([name, make]) => [name, make(op, input)])];
    // Time only successful signing: each contender must produce a signed request first.
    for (const [name, fn] of contenders) {
      const auth = authorization(await fn());
      if (!String(auth).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")) throw new Error(`${name} ${op}: no signature (${auth})`);
    }
    const timed = [...contenders, ...extra.map(([name, make]) => [name, make(op, input)])];
    const measured = await compare(timed.map(([name, fn]) => ({ name, fn })));
    for (const m of measured) results.push({ case: label, ...m });
  }
  return results;
}
