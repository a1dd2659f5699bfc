// The installed package in workerd: the test Worker (worker.mjs) is bundled with esbuild as
// Wrangler would (conditions workerd/worker/browser; the .wasm kept as a module import by the
// `copy` loader), run in Miniflare, and drives every shared scenario from inside the Worker
// against the emulator running in this Node process.

import { before, after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { startEmulator } from "../../../js/emulator/server.js";
import { scenarioNames } from "../shared/scenarios.mjs";
import { bundleWorker } from "../support/bundle-worker.mjs";
import { checkSharedClient } from "../support/shared-client.mjs";

const outdir = mkdtempSync(join(tmpdir(), "mmw-workerd-"));
let emulator, mf, bundle, metafile;

before(async () => {
  const result = await bundleWorker(new URL("./worker.mjs", import.meta.url).pathname, outdir, { metafile: true });
  metafile = result.metafile;
  bundle = readFileSync(join(outdir, "worker.js"), "utf8");
  // No rate limit: the concurrency scenario fires 20 calls at once on one key.
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0 });
  mf = new Miniflare({
    modules: true,
    scriptPath: join(outdir, "worker.js"),
    // Module names are paths relative to this root; workerd refuses names with "..".
    modulesRoot: outdir,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
    bindings: { EMULATOR_URL: emulator.url },
  });
  await mf.ready;
}, { timeout: 120_000 });

after(async () => {
  await mf?.dispose();
  await emulator?.close();
  rmSync(outdir, { recursive: true, force: true });
}, { timeout: 30_000 });

test("the bundle takes the package's workerd entry, imports the .wasm as a module, and has no node: imports", () => {
  const inputs = Object.keys(metafile.inputs).filter((p) => p.includes("node_modules/marketplace-metering-wasm/"));
  assert.ok(inputs.some((p) => p.endsWith("/workerd.js")), `workerd.js bundled: ${inputs.join(", ")}`);
  assert.ok(!inputs.some((p) => /\/(node|web)\.js$/.test(p)), `no other entry bundled: ${inputs.join(", ")}`);
  assert.match(bundle, /import \w+ from "\.\/marketplace_metering_wasm_bg-[A-Z0-9]+\.wasm"/);
  assert.equal(readdirSync(outdir).filter((f) => f.endsWith(".wasm")).length, 1);
  assert.doesNotMatch(bundle, /(from|import|require)\s*\(?\s*["']node:/);
});

// node:test wants the tests named up front: the list comes from the shared module itself,
// and the Worker's own copy of it must match.
const names = scenarioNames();

test("the Worker runs the same scenarios as this list", async () => {
  const res = await mf.dispatchFetch("http://worker.test/names");
  assert.deepEqual(await res.json(), names);
});

for (const name of names) {
  test(`workerd: ${name}`, async () => {
    const res = await mf.dispatchFetch(`http://worker.test/run?scenario=${encodeURIComponent(name)}`);
    const report = await res.json();
    if (!report.ok) assert.fail(report.error);
  });
}

test("one client serves many requests: static credentials, a provider, fromAssumeRole; concurrent requests share its session; close() from another request", () =>
  checkSharedClient((url) => mf.dispatchFetch(url), emulator));
