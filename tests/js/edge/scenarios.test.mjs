// The installed package in Vercel's Edge Runtime: the test function (function.mjs, which imports
// the package by its name) is bundled as Next.js and Vercel bundle an edge function (the
// `edge-light` condition, `.wasm?module` as a WebAssembly.Module the runtime supplies) and run in
// `edge-runtime`'s EdgeRuntime with wasm compilation from bytes forbidden, as deployed; see
// js/vercel/edge-function.mjs. Every shared scenario runs inside it against the emulator running
// in this Node process.

import { before, after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildEdgeFunction, startEdgeFunction } from "../../../js/vercel/edge-function.mjs";
import { startEmulator } from "../../../js/emulator/server.js";
import { scenarioNames } from "../shared/scenarios.mjs";
import { checkSharedClient } from "../support/shared-client.mjs";

const outdir = mkdtempSync(join(tmpdir(), "mmw-edge-"));
let emulator, runtime, built;

before(async () => {
  built = await buildEdgeFunction(new URL("./function.mjs", import.meta.url).pathname, outdir);
  // No rate limit: the concurrency scenario fires 20 calls at once on one key.
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0 });
  runtime = await startEdgeFunction(built, { env: { EMULATOR_URL: emulator.url } });
}, { timeout: 60_000 });

after(async () => {
  await emulator?.close();
  rmSync(outdir, { recursive: true, force: true });
});

test("the bundle takes the package's edge-light entry, gets the .wasm as a module binding, and has no node: imports", () => {
  const inputs = Object.keys(built.metafile.inputs).filter((p) => p.includes("node_modules/marketplace-metering-wasm/"));
  assert.ok(inputs.some((p) => p.endsWith("/edge-light.js")), `edge-light.js bundled: ${inputs.join(", ")}`);
  assert.ok(!inputs.some((p) => /\/(workerd|node|web)\.js$/.test(p)), `no other entry bundled: ${inputs.join(", ")}`);
  const names = Object.keys(built.wasm);
  assert.equal(names.length, 1, `one wasm binding: ${names}`);
  assert.match(built.code, new RegExp(`globalThis\\["${names[0]}"\\]`));
  assert.doesNotMatch(built.code, /(from|import|require)\s*\(?\s*["']node:/);
  assert.doesNotMatch(built.code, /WebAssembly\.(compile|instantiate|compileStreaming|instantiateStreaming)\b|new WebAssembly\.Module\b/);
});

// The check that makes the next ones mean something: in this runtime, as deployed, wasm cannot be
// compiled from bytes (edge-runtime alone would allow it), and the package loads regardless.
test("the Edge Runtime refuses to compile wasm from bytes, and the package works without it", async () => {
  const empty = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const refused = await runtime.evaluate(`WebAssembly.compile(new Uint8Array(${JSON.stringify(empty)})).then(() => "compiled", (e) => e.name + ": " + e.message)`);
  assert.match(refused, /^CompileError: .*disallowed/);
  assert.throws(() => runtime.evaluate(`new WebAssembly.Module(new Uint8Array(${JSON.stringify(empty)}))`), /disallowed/);
  assert.equal(runtime.evaluate("typeof require + typeof process.versions + typeof Deno + typeof Bun"), "undefinedundefinedundefinedundefined");
});

// node:test wants the tests named up front: the list comes from the shared module itself,
// and the function's own copy of it must match.
const names = scenarioNames();

test("the function runs the same scenarios as this list", async () => {
  const res = await runtime.dispatchFetch("http://edge.test/names");
  assert.deepEqual(await res.json(), names);
});

for (const name of names) {
  test(`edge-runtime: ${name}`, async () => {
    const res = await runtime.dispatchFetch(`http://edge.test/run?scenario=${encodeURIComponent(name)}`);
    const report = await res.json();
    if (!report.ok) assert.fail(report.error);
  });
}

test("one client serves many requests: static credentials, a provider, fromAssumeRole; concurrent requests share its session; close() from another request", () =>
  checkSharedClient((url) => runtime.dispatchFetch(url), emulator));
