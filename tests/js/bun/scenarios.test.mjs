// The installed package in Bun, imported by its bare name: Bun resolves it from tests/js/node_modules
// with the `bun` export condition (node.js: the .wasm read with node:fs, compiled synchronously)
// and the client calls the emulator, a Node child process, with Bun's own fetch. Run with
// `bun test ./bun/` from tests/js.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import * as mod from "marketplace-metering-wasm";
import { emulatorAdmin, runScenario, scenarioNames } from "../shared/scenarios.mjs";
import { usingScenario } from "../shared/using.mjs";
import { spawnEmulator } from "../support/emulator-process.mjs";

const { version } = JSON.parse(readFileSync(new URL("../node_modules/marketplace-metering-wasm/package.json", import.meta.url), "utf8"));
let emulator;
// No rate limit: the concurrency scenario fires 20 calls at once on one key.
beforeAll(async () => {
  emulator = await spawnEmulator(["--rate-limit", "0"]);
});
afterAll(() => emulator?.stop());

test("the bare name resolves to the installed package's node.js, through the `bun` condition", () => {
  const entry = import.meta.resolve("marketplace-metering-wasm");
  expect(entry).toEndWith("/tests/js/node_modules/marketplace-metering-wasm/node.js");
  const manifest = JSON.parse(readFileSync(new URL("../node_modules/marketplace-metering-wasm/package.json", import.meta.url), "utf8"));
  // Bun matches `bun` and `node` alike: `bun` must be the first of them in the map and name node.js.
  const keys = Object.keys(manifest.exports["."]);
  expect(manifest.exports["."].bun).toBe("./node.js");
  expect(keys.indexOf("bun")).toBeLessThan(keys.indexOf("node"));
});

for (const name of scenarioNames()) {
  test(name, () => runScenario(name, mod, emulator.url, { version }), { timeout: 60_000 });
}

test("using and await using close the client at the end of the block", async () => {
  const emu = emulatorAdmin(emulator.url);
  await emu.reset();
  await usingScenario(mod, emulator.url, emu);
});
