// Signing: validate + serialize + sign one request, without sending it, per operation.
// Runs unchanged in Node (`node bench/signing.mjs`), Deno (`deno run -A bench/signing.mjs`) and
// Bun (`bun bench/signing.mjs`); prints one JSON object on stdout. The peers and the loop are in
// bench/signers.mjs; the Edge Runtime's run is bench/edge/signing.mjs.
import { readdirSync } from "node:fs";
import { Sha256Node, Sha256WebCrypto } from "@smithy/core/checksum";
import { credentials, REGION } from "./inputs.mjs";
import { aws4fetch, measureSigning, smithyWith } from "./signers.mjs";

const isDeno = typeof Deno !== "undefined";
const isBun = typeof Bun !== "undefined";
// Node's entry (node.js, also Bun's) reads the .wasm with fs; Deno's (web.js) fetches it from a file: URL.
const { MarketplaceMetering } = await import(isDeno ? "../../pkg/web.js" : "../../pkg/node.js");
// The package's own boundary serializer (JSON.stringify with the Date replacer), to split the
// per-call time; it lives in a wasm-bindgen snippet folder whose name carries a hash.
const snippets = new URL("../../pkg/snippets/", import.meta.url);
const { toWire } = await import(new URL(`${readdirSync(snippets)[0]}/js/runtime.js`, snippets));

// The AWS SDK v3 client's hash comes from @smithy/core/checksum: Sha256Node (node:crypto) under
// the "node" export condition, which is also what Deno and Bun resolve for an npm package;
// browsers and Workers get Sha256WebCrypto (crypto.subtle). @smithy/hash-node and
// @aws-crypto/sha256-browser are not in this SDK's dependency tree any more.
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

const ours = new MarketplaceMetering({ region: REGION, credentials });
const results = await measureSigning(ours, peers, [["ours:boundary-stringify", (op, input) => () => toWire(input)]]);

const runtime = isDeno ? `deno ${Deno.version.deno}` : isBun ? `bun ${Bun.version}` : `node ${process.versions.node}`;
console.log(JSON.stringify({ runtime, results }));
