// One Edge Runtime cold start in a fresh Node process: `node bench/cold/edge-start.mjs empty|ours|aws-sdk`.
// The function was built beforehand into target/bench/edge/<name> (bench/coldstart.mjs), as a
// deployment is. Timed: compiling its .wasm bindings, creating the EdgeRuntime context with the
// bundle, and the first request's response (the first prepare); prints JSON.
import { readEdgeFunction, startEdgeFunction } from "../../vercel/edge-function.mjs";

const lib = process.argv[2];
const fn = readEdgeFunction(new URL(`../../../target/bench/edge/${lib}`, import.meta.url).pathname);
const t0 = performance.now();
const runtime = await startEdgeFunction(fn);
const text = await (await runtime.dispatchFetch("http://localhost/")).text();
const ms = performance.now() - t0;
if (lib !== "empty" && !text.startsWith("AWS4-HMAC-SHA256 ")) throw new Error(`${lib}: no signed request (${text.slice(0, 300)})`);
console.log(JSON.stringify({ lib, ms }));
