// The installed package in Node (the `node` export condition: node.js reads the .wasm with
// fs), against the emulator started in this process. Each shared scenario is one test.

import { before, after, test } from "node:test";
import { createRequire } from "node:module";
import * as mod from "marketplace-metering-wasm";
import { startEmulator } from "../../../js/emulator/server.js";
import { emulatorAdmin, runScenario, scenarioNames } from "../shared/scenarios.mjs";

const { version } = createRequire(import.meta.url)("marketplace-metering-wasm/package.json");
let emulator;
// No rate limit: the concurrency scenario fires 20 calls at once on one key.
before(async () => {
  emulator = await startEmulator({ port: 0, rateLimitPerSecond: 0 });
});
after(() => emulator.close());

test("the bare name resolves to the installed package's Node entry", () => {
  const resolved = createRequire(import.meta.url).resolve("marketplace-metering-wasm/package.json");
  if (!resolved.includes("/tests/js/node_modules/marketplace-metering-wasm/")) throw new Error(`resolved ${resolved}`);
  const entry = import.meta.resolve("marketplace-metering-wasm");
  if (!entry.endsWith("/node_modules/marketplace-metering-wasm/node.js")) throw new Error(`entry ${entry}`);
});

for (const name of scenarioNames()) {
  test(name, () => runScenario(name, mod, emulator.url, { version }));
}

// `using client = …` where this Node parses it (Node 20 does not: V8 12.4 has Symbol.dispose but
// not the syntax); shared/using.mjs holds the blocks.
test("using and await using close the client at the end of the block", async (t) => {
  let usingScenario;
  try {
    ({ usingScenario } = await import("../shared/using.mjs"));
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    t.skip(`Node ${process.versions.node} does not parse \`using\` (${err.message})`);
    return;
  }
  const emu = emulatorAdmin(emulator.url);
  await emu.reset();
  await usingScenario(mod, emulator.url, emu);
});

// Every call in flight listens on the client's close signal; one listener per signal fans out
// (js/runtime.js), so Node's "more than 10 listeners" warning must not appear.
test("30 concurrent calls raise no MaxListenersExceededWarning", async () => {
  const warnings = [];
  const onWarning = (w) => warnings.push(w.name);
  process.on("warning", onWarning);
  try {
    const c = new mod.MarketplaceMetering({
      region: "us-east-1",
      endpointUrl: emulator.url,
      credentials: { accessKeyId: "AKIDEMULATOREXAMPLE", secretAccessKey: "emulatorSecretKey/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    });
    const signal = new AbortController().signal;
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, () => c.resolveCustomer({ registrationToken: "garbage" }, { abortSignal: signal })),
    );
    if (!results.every((r) => r.status === "rejected" && r.reason.name === "InvalidTokenException")) {
      throw new Error(`unexpected outcomes: ${results.map((r) => r.reason?.name ?? r.status).join(",")}`);
    }
    await new Promise((r) => setImmediate(r));
    if (warnings.includes("MaxListenersExceededWarning")) throw new Error(`warnings: ${warnings.join(", ")}`);
  } finally {
    process.off("warning", onWarning);
  }
});
