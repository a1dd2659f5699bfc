// Signing in Vercel's Edge Runtime: bench/edge/signing-fn.mjs built as an edge function and run in
// edge-runtime by js/vercel/edge-function.mjs (as the Edge Runtime test tier does); one request
// runs the whole measurement inside. Prints one JSON object, as bench/signing.mjs does.
import { readFileSync } from "node:fs";
import { buildEdgeFunction, startEdgeFunction } from "../../vercel/edge-function.mjs";

const root = new URL("../../..", import.meta.url).pathname;
const fn = await buildEdgeFunction(`${root}js/bench/edge/signing-fn.mjs`, `${root}target/bench/edge/signing`, { minify: true });
const runtime = await startEdgeFunction(fn);
const res = await runtime.dispatchFetch("http://localhost/");
if (!res.ok) throw new Error(`edge signing: HTTP ${res.status} ${await res.text()}`);
const version = JSON.parse(readFileSync(`${root}node_modules/edge-runtime/package.json`, "utf8")).version;
console.log(JSON.stringify({ runtime: `edge-runtime ${version}`, results: await res.json() }));
