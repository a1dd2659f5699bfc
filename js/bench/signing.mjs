// Signing: validate + serialize + sign one request, without sending it, per operation.
// Runs unchanged in Node (`node bench/signing.mjs`) and Deno (`deno run -A bench/signing.mjs`);
// prints one JSON object on stdout. Peers get the hash their SDK picks in that runtime.
import { readdirSync } from "node:fs";
import { SignatureV4 } from "@smithy/signature-v4";
import { HttpRequest } from "@smithy/core/protocols";
import { Sha256Node, Sha256WebCrypto } from "@smithy/core/checksum";
import { AwsV4Signer } from "aws4fetch";
import { cases, credentials, HOST, REGION, SERVICE, wire } from "./inputs.mjs";
import { compare } from "./stats.mjs";

const isDeno = typeof Deno !== "undefined";
// Node's entry reads the .wasm with fs; Deno's (web.js) fetches it from a file: URL.
const { MarketplaceMetering } = await import(isDeno ? "../../pkg/web.js" : "../../pkg/node.js");
// The package's own boundary serializer (JSON.stringify with the Date replacer), to split the
// per-call time; it lives in a wasm-bindgen snippet folder whose name carries a hash.
const snippets = new URL("../../pkg/snippets/", import.meta.url);
const { toWire } = await import(new URL(`${readdirSync(snippets)[0]}/js/runtime.js`, snippets));

const ours = new MarketplaceMetering({ region: REGION, credentials });
const headersFor = (op) => ({ "content-type": "application/x-amz-json-1.1", "x-amz-target": `AWSMPMeteringService.${op}` });

// The AWS SDK v3 client's hash comes from @smithy/core/checksum: Sha256Node (node:crypto) under
// the "node" export condition, which is also what Deno resolves for an npm package; browsers
// and Workers get Sha256WebCrypto (crypto.subtle). @smithy/hash-node and
// @aws-crypto/sha256-browser are not in this SDK's dependency tree any more.
const smithyWith = (sha256) => {
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
const aws4fetch = (op, input) => () =>
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

const peers = isDeno
  ? [
      ["smithy-webcrypto", smithyWith(Sha256WebCrypto)],
      ["smithy-node-crypto", smithyWith(Sha256Node)],
      ["aws4fetch", aws4fetch],
    ]
  : [
      ["smithy-node-crypto", smithyWith(Sha256Node)],
      ["aws4fetch", aws4fetch],
    ];

const authorization = (r) => (r.headers instanceof Headers ? r.headers.get("authorization") : r.headers.authorization ?? r.headers.Authorization);

const results = [];
for (const { op, label, input } of cases) {
  const contenders = [["ours", () => ours.prepareRequest(op, input)], ...peers.map(([name, make]) => [name, make(op, input)])];
  // Time only successful signing: each contender must produce a signed request first.
  for (const [name, fn] of contenders) {
    const auth = authorization(await fn());
    if (!String(auth).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")) throw new Error(`${name} ${op}: no signature (${auth})`);
  }
  const split = [["ours:boundary-stringify", () => toWire(input)]];
  const measured = await compare([...contenders, ...split].map(([name, fn]) => ({ name, fn })));
  for (const m of measured) results.push({ case: label, ...m });
}

const runtime = isDeno ? `deno ${Deno.version.deno}` : `node ${process.versions.node}`;
console.log(JSON.stringify({ runtime, results }));
